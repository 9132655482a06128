
/*
 * Unit tests: the consent_endpoint form, its Referer and Origin.
 */


#include "tap.h"
#include "consent_form.h"

#include <stdlib.h>


static const consent_str_t  cats[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
    { 32, (const u_char *) "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" },
};

#define NCATS  (sizeof(cats) / sizeof(cats[0]))

#define NEC    1
#define ANA    2
#define MKT    4
#define PRF    8
#define LONG   16


static int
parse(const char *body, consent_form_t *f)
{
    return consent_form_parse((const u_char *) body, strlen(body), cats,
                              NCATS, f);
}


static void
good(const char *body, consent_tokens_t granted, consent_tokens_t mentioned,
    unsigned flags)
{
    consent_form_t  f;

    if (!is_int(parse(body, &f), CONSENT_OK, body)) {
        return;
    }

    ok(f.granted == granted && f.mentioned == mentioned
       && f.accept_all == !!(flags & 1) && f.reject_all == !!(flags & 2)
       && f.save == !!(flags & 4) && f.bad.len == 0,
       "fields: %s (granted %llx mentioned %llx flags %d%d%d)", body,
       (unsigned long long) f.granted, (unsigned long long) f.mentioned,
       f.accept_all, f.reject_all, f.save);
}


static void
bad_len(const char *body, size_t len, int want, const char *key)
{
    consent_form_t  f;

    memset(&f, 0xff, sizeof(consent_form_t));

    is_int(consent_form_parse((const u_char *) body, len, cats, NCATS, &f),
           want, body);
    ok(f.granted == 0 && f.mentioned == 0 && !f.accept_all && !f.reject_all
       && !f.save && !f.gpc_override && !f.gpc_sent,
       "grants nothing: %.60s", body);
    ok(f.bad.len == strlen(key)
       && (f.bad.len == 0
           || ((const char *) f.bad.data >= body
               && (const char *) f.bad.data + f.bad.len <= body + len
               && memcmp(f.bad.data, key, f.bad.len) == 0)),
       "bad key '%s' in the input: %.60s", key, body);
}


static void
bad(const char *body, int want, const char *key)
{
    bad_len(body, strlen(body), want, key);
}


static const char *
show(const char *s, size_t len)
{
    size_t       i, n;
    static char  buf[4 * 256 + 1];

    /* a test name with its control and non-ASCII bytes escaped */

    n = 0;

    for (i = 0; i < len && n + 5 < sizeof(buf); i++) {
        if ((u_char) s[i] < 0x20 || (u_char) s[i] >= 0x7f) {
            n += sprintf(buf + n, "\\x%02x", (u_char) s[i]);

        } else {
            buf[n++] = s[i];
        }
    }

    buf[n] = '\0';

    return buf;
}


static int
ret(const char *referer, size_t len, const char *scheme, const char *host,
    consent_str_t *path)
{
    return consent_form_return_path((const u_char *) referer, len,
                                    (const u_char *) scheme, strlen(scheme),
                                    (const u_char *) host, strlen(host),
                                    path);
}


static void
path_ok(const char *referer, const char *scheme, const char *host,
    const char *want)
{
    size_t         len;
    consent_str_t  path;

    len = strlen(referer);

    if (!is_int(ret(referer, len, scheme, host, &path), CONSENT_OK,
                show(referer, len)))
    {
        return;
    }

    is_str(path.data, path.len, want, "path of the referer");
    ok((const char *) path.data >= referer
       && (const char *) path.data + path.len <= referer + len,
       "points into the referer: %s", show(referer, len));
}


static void
path_bad_len(const char *referer, size_t len, const char *scheme,
    const char *host, const char *name)
{
    consent_str_t  path;

    is_int(ret(referer, len, scheme, host, &path), CONSENT_EINVAL, name);
}


static void
path_bad(const char *referer, const char *scheme, const char *host)
{
    path_bad_len(referer, strlen(referer), scheme, host,
                 show(referer, strlen(referer)));
}


static int
same(const char *origin, const char *scheme, const char *host)
{
    return consent_form_same_origin((const u_char *) origin, strlen(origin),
                                    (const u_char *) scheme, strlen(scheme),
                                    (const u_char *) host, strlen(host));
}


static void
test_form(void)
{
    char            *buf;
    size_t           i, n;
    static char      names[CONSENT_MAX_TOKENS][4];
    consent_str_t    many[CONSENT_MAX_TOKENS];
    consent_form_t   f;

    /* control keys */

    good("accept=all", 0, 0, 1);
    good("reject=all", 0, 0, 2);
    good("save", 0, 0, 4);
    good("save=", 0, 0, 4);
    good("save=Save+my+choices", 0, 0, 4);
    good("save=Save%20my%20choices", 0, 0, 4);
    good("save&accept=all", 0, 0, 1 | 4);

    /* checkboxes */

    good("save&analytics=on", ANA, ANA, 4);
    good("analytics=on&marketing=on&preferences=on&save", ANA | MKT | PRF,
         ANA | MKT | PRF, 4);
    good("analytics=1&marketing=0", ANA, ANA | MKT, 0);
    good("analytics=0&marketing=0&preferences=0", 0, ANA | MKT | PRF, 0);
    good("preferences=1", PRF, PRF, 0);
    good("necessary=1&save", NEC, NEC, 4);
    good("save=1&analytics=1&marketing=0&preferences=on", ANA | PRF,
         ANA | MKT | PRF, 4);

    /* a button with the checkboxes' states */

    good("analytics=on&accept=all", ANA, ANA, 1);
    good("analytics=on&marketing=0&reject=all", ANA, ANA | MKT, 2);

    /* separators */

    good("&save", 0, 0, 4);
    good("save&", 0, 0, 4);
    good("&&save&&&analytics=1&&", ANA, ANA, 4);

    /* escapes and '+' */

    good("anal%79tics=1", ANA, ANA, 0);
    good("%61%6E%61%6c%79%74%69%63%73=%31", ANA, ANA, 0);
    good("analytics=o%6e", ANA, ANA, 0);
    good("acc%65pt=all", 0, 0, 1);
    good("reject=a%6cl", 0, 0, 2);
    good("s%61ve=a%26b%3Dc", 0, 0, 4);
    good("save=a=b", 0, 0, 4);
    good("save=+", 0, 0, 4);

    /* 32 bytes is the limit of a name and a value, decoded */

    good("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1", LONG, LONG, 0);
    good("%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61"
         "%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61=1", LONG, LONG, 0);
    good("save=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 0, 0, 4);
    good("save=%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62"
         "%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62", 0, 0, 4);

    bad("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=1", CONSENT_EINVAL,
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    bad("%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61"
        "%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61%61=1",
        CONSENT_EINVAL, "%61%61%61%61%61%61%61%61%61%61%6");
    bad("save=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", CONSENT_EINVAL, "save");
    bad("save=%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62"
        "%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62%62",
        CONSENT_EINVAL, "save");

    /* no decision */

    bad("", CONSENT_EMPTY, "");
    bad("&", CONSENT_EMPTY, "");
    bad("&&&&", CONSENT_EMPTY, "");

    /* unknown keys */

    bad("foo=1", CONSENT_EINVAL, "foo");
    bad("Analytics=1", CONSENT_EINVAL, "Analytics");
    bad("ANALYTICS=1", CONSENT_EINVAL, "ANALYTICS");
    bad("+analytics=1", CONSENT_EINVAL, "+analytics");
    bad("analytics+=1", CONSENT_EINVAL, "analytics+");
    bad("=1", CONSENT_EINVAL, "");
    bad("=", CONSENT_EINVAL, "");
    bad("Save", CONSENT_EINVAL, "Save");
    bad("accept_all=1", CONSENT_EINVAL, "accept_all");
    bad("%26=1", CONSENT_EINVAL, "%26");
    bad("analytics=1&marketing=1&bogus", CONSENT_EINVAL, "bogus");
    bad("accept=all&bogus=1", CONSENT_EINVAL, "bogus");

    /* values */

    bad("accept=yes", CONSENT_EINVAL, "accept");
    bad("accept=ALL", CONSENT_EINVAL, "accept");
    bad("accept", CONSENT_EINVAL, "accept");
    bad("reject=", CONSENT_EINVAL, "reject");
    bad("reject=all+", CONSENT_EINVAL, "reject");
    bad("analytics=yes", CONSENT_EINVAL, "analytics");
    bad("analytics=On", CONSENT_EINVAL, "analytics");
    bad("analytics=true", CONSENT_EINVAL, "analytics");
    bad("analytics=", CONSENT_EINVAL, "analytics");
    bad("analytics", CONSENT_EINVAL, "analytics");
    bad("analytics=1=1", CONSENT_EINVAL, "analytics");
    bad("analytics=01", CONSENT_EINVAL, "analytics");
    bad("save&marketing=+1", CONSENT_EINVAL, "marketing");

    /* twice */

    bad("analytics=1&analytics=1", CONSENT_EINVAL, "analytics");
    bad("analytics=0&anal%79tics=1", CONSENT_EINVAL, "anal%79tics");
    bad("accept=all&accept=all", CONSENT_EINVAL, "accept");
    bad("reject=all&reject=all", CONSENT_EINVAL, "reject");
    bad("save&save=1", CONSENT_EINVAL, "save");
    bad("accept=all&reject=all", CONSENT_EINVAL, "reject");
    bad("reject=all&analytics=1&accept=all", CONSENT_EINVAL, "accept");

    /* encoding */

    bad("analytics=%zz", CONSENT_EENCODING, "analytics");
    bad("analytics=1%0", CONSENT_EENCODING, "analytics");
    bad("analytics%=1", CONSENT_EENCODING, "analytics%");
    bad("%00=1", CONSENT_EENCODING, "%00");
    bad("save=%00", CONSENT_EENCODING, "save");
    bad("save&%g1", CONSENT_EENCODING, "%g1");

    /* the raw key in "bad" is cut at 32 bytes */

    bad("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=1", CONSENT_EINVAL,
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");

    /* an embedded NUL is an unknown byte, not the end */

    is_int(consent_form_parse((const u_char *) "save\0&save", 5, cats, NCATS,
                              &f),
           CONSENT_EINVAL, "NUL in a name");
    ok(f.bad.len == 5 && memcmp(f.bad.data, "save\0", 5) == 0 && !f.save,
       "NUL in a name: bad");

    /* a token at bit 63, and no tokens at all */

    for (i = 0; i < CONSENT_MAX_TOKENS; i++) {
        n = snprintf(names[i], sizeof(names[i]), "t%zu", i);
        many[i].len = n;
        many[i].data = (const u_char *) names[i];
    }

    is_int(consent_form_parse((const u_char *) "t63=1&t0=0", 10, many,
                              CONSENT_MAX_TOKENS, &f),
           CONSENT_OK, "64 tokens");
    ok(f.granted == (1ULL << 63) && f.mentioned == ((1ULL << 63) | 1),
       "token 63 granted, token 0 mentioned");

    is_int(consent_form_parse((const u_char *) "analytics=1", 11, NULL, 0,
                              &f),
           CONSENT_EINVAL, "no tokens: a category is unknown");
    is_int(consent_form_parse((const u_char *) "accept=all", 10, NULL, 0, &f),
           CONSENT_OK, "no tokens: accept=all");
    is_int(consent_form_parse(NULL, 0, cats, NCATS, &f), CONSENT_EMPTY,
           "NULL, 0");

    /* 4096 and 4097 bytes */

    buf = malloc(8192);
    if (buf == NULL) {
        abort();
    }

    memset(buf, '&', 4097);
    memcpy(buf, "analytics=1", 11);

    is_int(consent_form_parse((u_char *) buf, 4096, cats, NCATS, &f),
           CONSENT_OK, "4096 bytes");
    is_int(f.granted, ANA, "4096 bytes: analytics");

    bad_len(buf, 4097, CONSENT_ETOOLONG, "");

    memcpy(buf + 4096 - 11, "marketing=1", 11);

    is_int(consent_form_parse((u_char *) buf, 4096, cats, NCATS, &f),
           CONSENT_OK, "4096 bytes, a pair at the end");
    is_int(f.granted, ANA | MKT, "4096 bytes: the last pair read");

    /* 256 and 257 pairs: the limit comes before the keys are read */

    n = 0;

    for (i = 1; i <= 257; i++) {
        n += sprintf(buf + n, "%sk%zu=1", i > 1 ? "&" : "", i);

        if (i == 256) {
            bad_len(buf, n, CONSENT_EINVAL, "k1");
        }
    }

    bad_len(buf, n, CONSENT_ETOOLONG, "k257");

    n = 0;

    for (i = 1; i <= 257; i++) {
        n += sprintf(buf + n, "%s", i == 1 ? "save" : "&&analytics=1");

        if (i == 256) {
            bad_len(buf, n, CONSENT_EINVAL, "analytics");
        }
    }

    bad_len(buf, n, CONSENT_ETOOLONG, "analytics");

    memset(buf, '&', 600);
    memcpy(buf + 600, "save", 4);

    is_int(consent_form_parse((u_char *) buf, 604, cats, NCATS, &f),
           CONSENT_OK, "600 empty pairs do not count");

    free(buf);
}


static void
test_return_path(void)
{
    char           ref[2100];
    size_t         n;
    consent_str_t  path;

    /* same origin */

    path_ok("https://example.com/page?x=1", "https", "example.com",
            "/page?x=1");
    path_ok("http://example.com/a/b.html", "http", "example.com",
            "/a/b.html");
    path_ok("https://example.com/", "https", "example.com", "/");
    path_ok("http://127.0.0.1:8080/x?y=%2F%2Fz", "http", "127.0.0.1:8080",
            "/x?y=%2F%2Fz");
    path_ok("https://example.com/a/%2F%2Fevil.com", "https", "example.com",
            "/a/%2F%2Fevil.com");

    /* default ports on either side, empty ports */

    path_ok("https://example.com:443/a", "https", "example.com", "/a");
    path_ok("https://example.com/a", "https", "example.com:443", "/a");
    path_ok("http://example.com:80/a", "http", "example.com", "/a");
    path_ok("http://example.com/a", "http", "example.com:80", "/a");
    path_ok("https://example.com:/a", "https", "example.com", "/a");
    path_ok("https://example.com/a", "https", "example.com:", "/a");
    path_ok("https://example.com:0443/a", "https", "example.com", "/a");
    path_bad("https://example.com:80/a", "https", "example.com");
    path_bad("http://example.com:443/a", "http", "example.com");
    path_bad("https://example.com/a", "https", "example.com:80");

    /* other ports */

    path_ok("https://example.com:8443/a", "https", "example.com:8443", "/a");
    path_bad("https://example.com:8443/a", "https", "example.com");
    path_bad("https://example.com/a", "https", "example.com:8443");
    path_bad("https://example.com:8444/a", "https", "example.com:8443");
    path_bad("https://example.com:65536/a", "https", "example.com:65536");
    path_bad("https://example.com:0/a", "https", "example.com:0");
    path_bad("https://example.com:44a/a", "https", "example.com");
    path_bad("https://example.com:443:443/a", "https", "example.com");

    /* case */

    path_ok("https://EXAMPLE.com/A?B", "https", "example.COM", "/A?B");
    path_ok("HTTPS://example.com/a", "https", "example.com", "/a");
    path_ok("https://example.com/a", "HTTPS", "Example.Com", "/a");

    /* IPv6 literals, compared as text */

    path_ok("http://[::1]:8080/x", "http", "[::1]:8080", "/x");
    path_ok("http://[::1]/x", "http", "[::1]:80", "/x");
    path_ok("https://[FE80::1]/x", "https", "[fe80::1]", "/x");
    path_ok("https://[::ffff:1.2.3.4]/x", "https", "[::ffff:1.2.3.4]", "/x");
    path_bad("http://[::1]:8080/x", "http", "[::2]:8080");
    path_bad("http://[::1]:8080/x", "http", "[::1]:8081");
    path_bad("http://[0::1]/x", "http", "[::1]");
    path_bad("http://[::1]/x", "http", "::1");
    path_bad("http://[::1/x", "http", "[::1");
    path_bad("http://[]/x", "http", "[]");
    path_bad("http://[::1%25eth0]/x", "http", "[::1%25eth0]");
    path_bad("http://[::1]x/x", "http", "[::1]x");

    /* userinfo */

    path_bad("https://user@example.com/", "https", "example.com");
    path_bad("https://user:pw@example.com/", "https", "example.com");
    path_bad("https://example.com@evil.com/", "https", "example.com");
    path_bad("https://example.com@example.com/", "https", "example.com");
    path_bad("https://example.com\\@evil.com/", "https", "example.com");
    path_bad("https://user@example.com/", "https", "user@example.com");
    path_bad("https://@example.com/", "https", "@example.com");

    /* other hosts */

    path_bad("https://evil.com/", "https", "example.com");
    path_bad("https://example.com.evil.com/", "https", "example.com");
    path_bad("https://evil.com\\.example.com/", "https", "example.com");
    path_bad("https://evilexample.com/", "https", "example.com");
    path_bad("https://example.co/", "https", "example.com");
    path_bad("https://example.comm/", "https", "example.com");
    path_bad("https://example.com/", "https", "example.com.evil.com");

    /* protocol-relative paths */

    path_bad("https://example.com//evil.com", "https", "example.com");
    path_bad("https://example.com//", "https", "example.com");
    path_bad("https://example.com/\\evil.com", "https", "example.com");
    path_bad("https://example.com/a\\b", "https", "example.com");

    /* the fragment is cut off, and is not checked */

    path_ok("https://example.com/a?b=1#frag", "https", "example.com",
            "/a?b=1");
    path_ok("https://example.com/#x", "https", "example.com", "/");
    path_ok("https://example.com/a#\r\n x", "https", "example.com", "/a");
    path_ok("https://example.com/a#//evil.com", "https", "example.com", "/a");
    path_ok("https://example.com/#/evil.com/", "https", "example.com", "/");
    path_bad("https://example.com//#", "https", "example.com");

    /* forbidden bytes */

    path_bad("https://example.com/a\r\nSet-Cookie: x=1", "https",
             "example.com");
    path_bad("https://example.com/a\nb", "https", "example.com");
    path_bad("https://example.com/a b", "https", "example.com");
    path_bad("https://example.com/a\tb", "https", "example.com");
    path_bad("https://example.com/a\x7f", "https", "example.com");
    path_bad("https://example.com/a\x80", "https", "example.com");
    path_bad("https://example.com/\xc3\xa9", "https", "example.com");
    path_bad_len("https://example.com/a\0b", 23, "https", "example.com",
                 "NUL in the path");

    /* no path */

    is_int(ret("https://example.com", 19, "https", "example.com", &path),
           CONSENT_OK, "no path");
    is_str(path.data, path.len, "/", "no path: \"/\"");

    is_int(ret("https://example.com#top", 23, "https", "example.com", &path),
           CONSENT_OK, "no path, a fragment");
    is_str(path.data, path.len, "/", "no path, a fragment: \"/\"");

    path_bad("https://example.com?x=1", "https", "example.com");

    /* scheme mismatch */

    path_bad("http://example.com/a", "https", "example.com");
    path_bad("https://example.com/a", "http", "example.com");
    path_bad("ftp://example.com/a", "ftp", "example.com");
    path_bad("httpss://example.com/a", "https", "example.com");
    path_bad("https:/example.com/a", "https", "example.com");
    path_bad("https:example.com/a", "https", "example.com");

    /* relative, garbage, empty */

    path_bad("/a", "https", "example.com");
    path_bad("//example.com/a", "https", "example.com");
    path_bad("example.com/a", "https", "example.com");
    path_bad("", "https", "example.com");
    path_bad("https://", "https", "example.com");
    path_bad("https:///a", "https", "example.com");
    path_bad("https://:443/a", "https", ":443");
    path_bad("https://exa mple.com/a", "https", "exa mple.com");
    path_bad("https://example.com/a", "https", "");
    path_bad("https://example.com/a", "https", "example.com ");
    path_bad("https://example.com/a", "https", "example.com:99999");

    is_int(consent_form_return_path(NULL, 0, (const u_char *) "https", 5,
                                    NULL, 0, &path),
           CONSENT_EINVAL, "NULL, 0");
    ok(path.len == 0 && path.data == NULL, "a refusal gives no path");

    /* 2048 and 2049 bytes */

    memcpy(ref, "https://example.com/", 20);
    memset(ref + 20, 'a', sizeof(ref) - 20);

    n = CONSENT_FORM_REFERER_MAX;

    is_int(ret(ref, n, "https", "example.com", &path), CONSENT_OK,
           "2048 bytes");
    is_int(path.len, n - 19, "2048 bytes: the whole path");
    path_bad_len(ref, n + 1, "https", "example.com", "2049 bytes");
}


static void
test_same_origin(void)
{
    is_int(same("https://example.com", "https", "example.com"), 1,
           "same origin");
    is_int(same("http://127.0.0.1:8080", "http", "127.0.0.1:8080"), 1,
           "same origin, a port");
    is_int(same("https://example.com:443", "https", "example.com"), 1,
           "same origin, default port");
    is_int(same("https://example.com", "https", "example.com:443"), 1,
           "same origin, default port in Host");
    is_int(same("HTTPS://Example.COM", "https", "example.com"), 1,
           "same origin, case");
    is_int(same("http://[::1]:8080", "http", "[::1]:8080"), 1,
           "same origin, IPv6");

    is_int(same("null", "https", "example.com"), 0, "null");
    is_int(same("https://example.com/", "https", "example.com"), 0,
           "trailing slash");
    is_int(same("https://example.com/a", "https", "example.com"), 0, "path");
    is_int(same("https://example.com?", "https", "example.com"), 0, "query");
    is_int(same("https://example.com#", "https", "example.com"), 0,
           "fragment");
    is_int(same("https://evil.com", "https", "example.com"), 0,
           "other host");
    is_int(same("https://example.com.evil.com", "https", "example.com"), 0,
           "suffix host");
    is_int(same("https://example.com@evil.com", "https", "example.com"), 0,
           "userinfo");
    is_int(same("http://example.com", "https", "example.com"), 0,
           "other scheme");
    is_int(same("https://example.com:8443", "https", "example.com"), 0,
           "other port");
    is_int(same("http://[::1]:8080", "http", "[::1]:8081"), 0,
           "other IPv6 port");
    is_int(same("", "https", "example.com"), 0, "empty");
    is_int(same("https://example.com ", "https", "example.com"), 0,
           "trailing space");
    is_int(same("https://example.com", "https", ""), 0, "no Host");
}


static void
test_reserved(void)
{
    is_int(consent_form_reserved((u_char *) "accept", 6), 1, "accept");
    is_int(consent_form_reserved((u_char *) "reject", 6), 1, "reject");
    is_int(consent_form_reserved((u_char *) "save", 4), 1, "save");
    is_int(consent_form_reserved((u_char *) "saved", 5), 0, "saved");
    is_int(consent_form_reserved((u_char *) "analytics", 9), 0, "analytics");
    is_int(consent_form_reserved((u_char *) "acc", 3), 0, "a prefix");
    is_int(consent_form_reserved((u_char *) "gpc_override", 12), 1,
           "gpc_override");
    is_int(consent_form_reserved((u_char *) "gpc", 3), 0, "gpc");
}


static void
gpc(const char *body, unsigned override, unsigned sent, consent_tokens_t
    granted, unsigned accept_all)
{
    consent_form_t  f;

    if (!is_int(parse(body, &f), CONSENT_OK, body)) {
        return;
    }

    ok(f.gpc_override == override && f.gpc_sent == sent
       && f.granted == granted && f.accept_all == accept_all,
       "gpc_override %u sent %u granted %llx accept %u: %s", f.gpc_override,
       f.gpc_sent, (unsigned long long) f.granted, f.accept_all, body);
}


static void
test_gpc_override(void)
{
    consent_form_t  f;

    gpc("save=1&marketing=1&gpc_override=1", 1, 1, MKT, 0);
    gpc("gpc_override=on&accept=all", 1, 1, 0, 1);
    gpc("accept=all&gpc_override=0", 0, 1, 0, 1);
    gpc("accept=all", 0, 0, 0, 1);
    gpc("marketing=1", 0, 0, MKT, 0);
    gpc("gpc%5foverride=1&save", 1, 1, 0, 0);

    /* alone it is a choice of no category, and it grants nothing */

    gpc("gpc_override=1", 1, 1, 0, 0);

    bad("accept=all&gpc_override=1&gpc_override=1", CONSENT_EINVAL,
        "gpc_override");
    bad("accept=all&gpc_override=0&gpc_override=1", CONSENT_EINVAL,
        "gpc_override");
    bad("accept=all&gpc_override=yes", CONSENT_EINVAL, "gpc_override");
    bad("accept=all&gpc_override", CONSENT_EINVAL, "gpc_override");
    bad("accept=all&gpc_override=all", CONSENT_EINVAL, "gpc_override");
    bad("gpc_override=1&GPC_OVERRIDE=1", CONSENT_EINVAL, "GPC_OVERRIDE");
    bad("gpc_override=1&marketing=2", CONSENT_EINVAL, "marketing");

    /* an error after it leaves it unset */

    memset(&f, 0xff, sizeof(consent_form_t));
    is_int(parse("gpc_override=1&bogus=1", &f), CONSENT_EINVAL,
           "gpc_override then an unknown key");
    ok(!f.gpc_override && !f.gpc_sent, "gpc_override cleared on error");
}


int
main(void)
{
    test_form();
    test_reserved();
    test_gpc_override();
    test_return_path();
    test_same_origin();

    return done_testing();
}
