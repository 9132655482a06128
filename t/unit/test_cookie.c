
/*
 * Unit tests: the Cookie header scanner.
 */


#include <stdlib.h>

#include "tap.h"
#include "consent_cookie.h"


static int count_pairs(const char *h);
static int find(const char *h, const char *name, const char *want);


static int
count_pairs(const char *h)
{
    int                    n;
    consent_str_t          name, value;
    consent_cookie_iter_t  it;

    n = 0;
    consent_cookie_iter_init(&it, (const u_char *) h, strlen(h));

    while (consent_cookie_next(&it, &name, &value) == CONSENT_OK) {
        n++;
    }

    return n;
}


/* the value of every copy of name, joined with '|' */

static int
find(const char *h, const char *name, const char *want)
{
    char                   got[256];
    size_t                 len, nlen;
    consent_str_t          n, v;
    consent_cookie_iter_t  it;

    len = 0;
    nlen = strlen(name);
    consent_cookie_iter_init(&it, (const u_char *) h, strlen(h));

    while (consent_cookie_next(&it, &n, &v) == CONSENT_OK) {
        if (n.len != nlen || memcmp(n.data, name, nlen) != 0) {
            continue;
        }

        if (len) {
            got[len++] = '|';
        }

        memcpy(got + len, v.data, v.len);
        len += v.len;
    }

    return tap_is_str(got, len, want, __FILE__, __LINE__, h);
}


int
main(void)
{
    int                    i, rc;
    char                  *big;
    size_t                 n;
    consent_str_t          name, value;
    consent_cookie_iter_t  it;

    find("consent=abc", "consent", "abc");
    find("a=1; consent=abc; b=2", "consent", "abc");
    find("a=1;consent=abc;b=2", "consent", "abc");
    find("  consent  =  abc  ", "consent", "abc");
    find("\tconsent=abc\t;x=y", "consent", "abc");
    find("consent=\"abc\"", "consent", "abc");
    find("consent=\"\"", "consent", "");
    find("consent=\"", "consent", "\"");
    find("consent=", "consent", "");
    find("Consent=abc", "consent", "");
    find("consent=abc", "Consent", "");
    find("note=x,consent=abc", "consent", "");
    find("note=x,consent=abc", "note", "x,consent=abc");
    find("consent=a=b", "consent", "a=b");
    find(";;consent=abc;;", "consent", "abc");
    find("=abc; consent=1", "consent", "1");
    find("consent; consent=2", "consent", "2");
    find("consent=1; consent=2", "consent", "1|2");
    find("xconsent=1; consentx=2", "consent", "");

    is_int(count_pairs(""), 0, "empty header");
    is_int(count_pairs(";;;"), 0, "only separators");
    is_int(count_pairs("=x;=y"), 0, "empty names");
    is_int(count_pairs("a"), 0, "no '='");
    is_int(count_pairs("a=1; b=2; c=3"), 3, "three pairs");

    /* the pair limit: a header of 2000 pairs stops at the limit */

    big = malloc(2000 * 4 + 1);
    n = 0;

    for (i = 0; i < 2000; i++) {
        memcpy(big + n, "a=1;", 4);
        n += 4;
    }

    consent_cookie_iter_init(&it, (u_char *) big, n);

    i = 0;

    while ((rc = consent_cookie_next(&it, &name, &value)) == CONSENT_OK) {
        i++;
    }

    is_int(i, CONSENT_COOKIE_MAX_PAIRS, "pairs read up to the limit");
    is_int(rc, CONSENT_ETOOLONG, "then too long");
    is_int(consent_cookie_next(&it, &name, &value), CONSENT_EMPTY,
           "and then nothing");

    free(big);

    /* the raw pair, quotes and all */

    consent_cookie_iter_init(&it, (const u_char *) " a = \"x y\" ; b=1",
                             sizeof(" a = \"x y\" ; b=1") - 1);
    is_int(consent_cookie_next(&it, &name, &value), CONSENT_OK, "raw: a");
    is_str(name.data, it.last - name.data, "a = \"x y\"", "raw pair a");
    is_int(consent_cookie_next(&it, &name, &value), CONSENT_OK, "raw: b");
    is_str(name.data, it.last - name.data, "b=1", "raw pair b");

    return done_testing();
}
