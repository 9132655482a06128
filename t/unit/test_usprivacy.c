
/*
 * Unit tests: the US Privacy string.
 */


#include "tap.h"
#include "consent_usprivacy.h"


static int
parse(const char *s, consent_result_t *res)
{
    return consent_usprivacy_parse((const u_char *) s, strlen(s), res);
}


static void
good(const char *s, int opted_out)
{
    consent_result_t  res;

    memset(&res, 0xff, sizeof(res));

    if (!is_int(parse(s, &res), CONSENT_OK, s)) {
        return;
    }

    ok(res.restrict_only == 1, "%s: restrict only", s);
    ok(res.refused == (opted_out ? CONSENT_REFUSED_SALE : 0),
       "%s: opted out %d", s, opted_out);
    ok(res.granted == 0, "%s: never grants", s);
    ok(res.timestamp == -1 && res.revision == -1 && res.id.len == 0
       && res.undecided == 0, "%s: no time, revision, id", s);
}


static void
bad(const char *name, const char *s, size_t len, int want)
{
    consent_result_t  res;

    memset(&res, 0xff, sizeof(res));

    is_int(consent_usprivacy_parse((const u_char *) s, len, &res), want,
           name);
    ok(res.granted == 0 && res.restrict_only == 0 && res.refused == 0
       && res.timestamp == -1 && res.revision == -1 && res.id.len == 0,
       "%s: says nothing", name);
}


#define BAD(s, want)  bad(s, s, sizeof(s) - 1, want)


int
main(void)
{
    size_t            fails, i, j, k;
    char              s[5];
    consent_result_t  res;
    static const char  sig[] = "YNyn-";

    /* the specification's examples and the format notes' */

    good("1YNN", 0);
    good("1NYY", 1);
    good("1---", 0);
    good("1-Y-", 1);
    good("1YYN", 1);
    good("1NYN", 1);
    good("1YNY", 0);
    good("1NNN", 0);
    good("1YYY", 1);
    good("1-N-", 0);

    /* lower case, as IAB's reference USP API code accepts */

    good("1yyn", 1);
    good("1ynn", 0);
    good("1nYy", 1);
    good("1-y-", 1);

    /* "-" for the sale opt-out only in "1---" */

    BAD("1Y-N", CONSENT_EINVAL);
    BAD("1--N", CONSENT_EINVAL);
    BAD("1N-Y", CONSENT_EINVAL);
    BAD("1Y--", CONSENT_EINVAL);

    /* versions */

    BAD("2YNN", CONSENT_EVERSION);
    BAD("0YYN", CONSENT_EVERSION);
    BAD("9---", CONSENT_EVERSION);
    BAD("AYNN", CONSENT_EINVAL);
    BAD("-YNN", CONSENT_EINVAL);

    /* lengths */

    BAD("", CONSENT_EMPTY);
    BAD("1", CONSENT_EINVAL);
    BAD("1YN", CONSENT_EINVAL);
    BAD("1YNNN", CONSENT_EINVAL);
    BAD("1YNN ", CONSENT_EINVAL);
    BAD(" 1YNN", CONSENT_EINVAL);
    BAD("1YNN1YNN", CONSENT_EINVAL);
    BAD("\"1YNN\"", CONSENT_EINVAL);
    bad("a long value", "1YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY",
        48, CONSENT_EINVAL);

    /* characters */

    BAD("1YXN", CONSENT_EINVAL);
    BAD("1Y N", CONSENT_EINVAL);
    BAD("1YN0", CONSENT_EINVAL);
    BAD("1TRU", CONSENT_EINVAL);
    BAD("1%59N", CONSENT_EINVAL);
    BAD("1Y+N", CONSENT_EINVAL);
    BAD("1Y_N", CONSENT_EINVAL);
    BAD("1\xd9NN", CONSENT_EINVAL);
    bad("embedded NUL", "1Y\0N", 4, CONSENT_EINVAL);

    /* the input is only read */

    {
        char  in[] = "1yYn";

        is_int(parse(in, &res), CONSENT_OK, "mixed case");
        is_str(in, 4, "1yYn", "input left as it was");
    }

    /* a valid prefix of a longer buffer: only len bytes are read */

    is_int(consent_usprivacy_parse((const u_char *) "1YYNgarbage", 4, &res),
           CONSENT_OK, "reads only len bytes");
    is_int(res.refused, CONSENT_REFUSED_SALE,
           "reads only len bytes: opted out");

    /* every combination of the three signals */

    fails = 0;
    s[0] = '1';
    s[4] = '\0';

    for (i = 0; i < 5; i++) {
        for (j = 0; j < 5; j++) {
            for (k = 0; k < 5; k++) {
                int  rc, want_ok;

                s[1] = sig[i];
                s[2] = sig[j];
                s[3] = sig[k];

                memset(&res, 0xff, sizeof(res));
                rc = parse(s, &res);

                want_ok = sig[j] != '-' || (sig[i] == '-' && sig[k] == '-');

                if (want_ok) {
                    if (rc != CONSENT_OK || res.granted != 0
                        || (res.refused != 0)
                           != (sig[j] == 'Y' || sig[j] == 'y')
                        || res.restrict_only != 1)
                    {
                        fails++;
                    }

                } else if (rc != CONSENT_EINVAL || res.refused) {
                    fails++;
                }
            }
        }
    }

    is_int(fails, 0, "all 125 combinations");

    return done_testing();
}
