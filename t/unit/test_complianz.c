
/*
 * Unit tests: Complianz's family of consent cookies, as the glue hands it
 * to the core ("SUFFIX=VALUE" pairs, the prefix taken off).
 *
 * Where the real values come from: Complianz's banner script,
 * cookiebanner/js/complianz.js of Really-Simple-Plugins/complianz-gdpr
 * (commit 87e43621, February 2025):
 *
 *   - cmplz_set_cookie() writes `${prefix}${name}=${value}` unencoded;
 *     cmplz_set_consent() writes "allow" or "deny" for a category and
 *     always "allow" for functional;
 *   - cmplz_accept_all() first clears the service choices,
 *     cmplz_set_cookie('consented_services', ''), then allows the four
 *     categories (ACCEPT_ALL); cmplz_deny_all() denies them (DENY_ALL,
 *     functional still "allow");
 *   - with forceEnableStats under an opt-in banner the script writes
 *     statistics=allow on page load (STATS_ONLY);
 *   - cmplz_set_service_consent() writes JSON.stringify() of the service
 *     choices: {"youtube":true} after a click on a YouTube placeholder;
 *     the service slugs are the file names under integrations/services/
 *     (youtube, google-maps);
 *   - nothing is written before the visitor answers, under an opt-in or an
 *     opt-out banner: cmplz_has_consent() reads a missing cookie as
 *     consent under opt-out only.
 *
 * Values marked "synthetic" are made up for an edge case.
 */


#include "tap.h"
#include "consent_complianz.h"

#include <stdlib.h>


#define PREFERENCES  CONSENT_BIT(0)
#define STATISTICS   CONSENT_BIT(1)
#define MARKETING    CONSENT_BIT(2)
#define FUNCTIONAL   CONSENT_BIT(3)
#define YOUTUBE      CONSENT_BIT(4)
#define MAPS         CONSENT_BIT(5)
#define CATEGORIES   (PREFERENCES|STATISTICS|MARKETING|FUNCTIONAL)


#define ACCEPT_ALL                                                           \
    "consented_services=; functional=allow; preferences=allow; "            \
    "statistics=allow; marketing=allow"

#define DENY_ALL                                                             \
    "functional=allow; preferences=deny; statistics=deny; marketing=deny"

#define STATS_ONLY  "statistics=allow"


static int parse(const char *s, consent_result_t *res);
static int parse_n(const char *s, size_t len, size_t ntokens,
    consent_result_t *res);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 11, (const u_char *) "preferences" },
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 10, (const u_char *) "functional" },
    { 7, (const u_char *) "youtube" },
    { 11, (const u_char *) "google-maps" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
main(void)
{
    int               rc;
    size_t            i, len;
    char              buf[16384];
    consent_result_t  res;

    /* the family */

    ok(consent_complianz_member((const u_char *) "statistics", 10),
       "statistics is a member");
    ok(consent_complianz_member((const u_char *) "consented_services", 18),
       "consented_services is a member");
    ok(!consent_complianz_member((const u_char *) "banner-status", 13),
       "banner-status is not");
    ok(!consent_complianz_member((const u_char *) "policy_id", 9),
       "policy_id is not");
    ok(!consent_complianz_member((const u_char *) "Statistics", 10),
       "names are case-sensitive");
    ok(!consent_complianz_member((const u_char *) "", 0), "nor is \"\"");

    /* real values */

    is_int(parse(ACCEPT_ALL, &res), CONSENT_OK, "accept all");
    is_int(res.granted, CATEGORIES, "  every category, no service");
    is_int(res.id.len, 0, "  no id");
    is_int(res.timestamp, -1, "  no time");
    is_int(res.revision, -1, "  no revision");
    ok(!res.undecided, "  decided");

    is_int(parse(DENY_ALL, &res), CONSENT_OK, "deny all");
    is_int(res.granted, FUNCTIONAL, "  functional only");

    is_int(parse(STATS_ONLY, &res), CONSENT_OK,
           "forceEnableStats: statistics alone");
    is_int(res.granted, STATISTICS, "  statistics");
    ok(!res.undecided, "  decided");

    is_int(parse("functional=allow; preferences=deny; statistics=allow; "
                 "marketing=deny; consented_services={\"youtube\":true}",
                 &res), CONSENT_OK, "statistics and a YouTube video");
    is_int(res.granted, FUNCTIONAL|STATISTICS|YOUTUBE, "  and youtube");

    is_int(parse("functional=allow; preferences=deny; statistics=deny; "
                 "marketing=allow; consented_services={\"youtube\":false,"
                 "\"google-maps\":true}", &res),
           CONSENT_OK, "a service refused, another allowed");
    is_int(res.granted, FUNCTIONAL|MARKETING|MAPS, "  google-maps only");

    /* no decision */

    is_int(parse("functional=allow", &res), CONSENT_OK, "functional alone");
    ok(res.undecided, "  no decision");
    is_int(res.granted, 0, "  nothing");

    is_int(parse("consented_services={\"youtube\":true}", &res), CONSENT_OK,
           "a service clicked before the banner is answered");
    ok(res.undecided, "  no decision");
    is_int(res.granted, 0, "  nothing");

    /* a service refused is a decision (synthetic, as cmplz_set_service_
       consent('youtube', false) writes it before the banner is answered) */

    is_int(parse("functional=allow; consented_services={\"youtube\":false,"
                 "\"google-maps\":true}", &res), CONSENT_OK,
           "a service refused before the banner is answered");
    ok(!res.undecided, "  decided");
    is_int(res.granted, FUNCTIONAL|MAPS, "  functional and the service said "
           "true");

    is_int(parse("statistics=; marketing=", &res), CONSENT_OK,
           "empty values (synthetic)");
    ok(res.undecided, "  read as no cookie: no decision");

    /* copies, as the glue gathers a cookie given twice */

    is_int(parse("statistics=allow; marketing=allow; statistics=deny",
                 &res), CONSENT_OK, "statistics twice, allow and deny");
    is_int(res.granted, MARKETING, "  the more restrictive wins");

    is_int(parse("statistics=allow; statistics=allow", &res), CONSENT_OK,
           "statistics twice, both allow");
    is_int(res.granted, STATISTICS, "  granted");

    is_int(parse("marketing=allow; consented_services={\"youtube\":true}; "
                 "consented_services={\"youtube\":false}", &res),
           CONSENT_OK, "consented_services twice, true and false");
    is_int(res.granted, MARKETING, "  youtube not granted");

    is_int(parse("marketing=allow; consented_services={\"youtube\":true}; "
                 "consented_services=", &res),
           CONSENT_OK, "consented_services twice, one empty");
    is_int(res.granted, MARKETING, "  youtube not granted");

    is_int(parse("marketing=allow; consented_services={\"youtube\":true,"
                 "\"youtube\":false}", &res),
           CONSENT_OK, "a service twice in one object");
    is_int(res.granted, MARKETING, "  not granted");

    /* what grants */

    is_int(parse("marketing=allow; consented_services={\"youtube\":1,"
                 "\"google-maps\":\"true\"}", &res),
           CONSENT_OK, "only true grants a service");
    is_int(res.granted, MARKETING, "  neither");

    is_int(parse("marketing=deny; consented_services={\"marketing\":true}",
                 &res), CONSENT_OK, "a service named like a category");
    is_int(res.granted, 0, "  categories come from their cookies only");

    is_int(parse("marketing=allow; consented_services={\"you\\u0074ube\":"
                 "true}", &res), CONSENT_OK, "a JSON escape in a key");
    is_int(res.granted, MARKETING|YOUTUBE, "  decoded");

    is_int(parse("marketing=allow; consented_services=%7B%22youtube%22%3A"
                 "true%7D", &res), CONSENT_OK,
           "percent-encoded consented_services (synthetic)");
    is_int(res.granted, MARKETING|YOUTUBE, "  decoded");

    is_int(parse_n(ACCEPT_ALL, strlen(ACCEPT_ALL), 0, &res), CONSENT_OK,
           "no tokens");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse(" marketing = \"allow\" ;statistics=deny", &res),
           CONSENT_OK, "spaces and quotes, as in a Cookie header");
    is_int(res.granted, MARKETING, "  marketing");

    /* fail closed */

    is_int(parse("statistics=allow; marketing=yes", &res), CONSENT_EINVAL,
           "marketing=yes");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("statistics=Allow", &res), CONSENT_EINVAL, "Allow");
    is_int(parse("statistics=allow%20", &res), CONSENT_EINVAL,
           "an escape in a category");
    is_int(parse("statistics=allow; banner-status=dismissed", &res),
           CONSENT_EINVAL, "a name outside the family");
    is_int(parse("statistics=allow; consented_services=[\"youtube\"]",
                 &res), CONSENT_ETYPE, "consented_services an array");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("statistics=allow; consented_services={\"youtube\":true",
                 &res), CONSENT_EINVAL, "consented_services truncated");
    is_int(parse("statistics=allow; consented_services={'youtube':true}",
                 &res), CONSENT_EINVAL, "consented_services with quotes '");
    is_int(parse("statistics=allow; consented_services=%7B%2", &res),
           CONSENT_EENCODING, "a bad escape in consented_services");
    is_int(parse("", &res), CONSENT_EMPTY, "empty");
    is_int(parse("statistics=allow; x", &res), CONSENT_EINVAL,
           "a part without '='");
    is_int(parse("=x; statistics=allow", &res), CONSENT_EINVAL,
           "a part without a name");
    is_int(parse(";statistics=allow;; marketing=deny;", &res), CONSENT_OK,
           "empty parts");
    is_int(res.granted, STATISTICS, "  statistics");

    /* limits */

    buf[0] = '\0';
    for (i = 0; i < 39; i++) {
        strcat(buf, "marketing=allow; ");
    }
    strcat(buf, "statistics=allow");
    is_int(parse(buf, &res), CONSENT_OK, "40 pairs");
    is_int(res.granted, MARKETING|STATISTICS, "  marketing and statistics");
    strcat(buf, "; preferences=allow");
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "41 pairs");
    is_int(res.granted, 0, "  nothing granted");

    memset(buf, ' ', sizeof(buf));
    memcpy(buf, "statistics=allow;", 17);
    buf[8192] = '\0';
    is_int(parse(buf, &res), CONSENT_OK, "8192 bytes");
    buf[8192] = ' ';
    buf[8193] = '\0';
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "8193 bytes");

    /* every prefix of a real value: an error, no decision, or a subset */

    strcpy(buf, "functional=allow; preferences=deny; statistics=allow; "
           "marketing=deny; consented_services={\"youtube\":true}");
    len = strlen(buf);

    for (i = 0; i < len; i++) {
        rc = parse_n(buf, i, NTOKENS, &res);

        if (rc != CONSENT_OK) {
            if (res.granted != 0) {
                break;
            }

            continue;
        }

        if ((res.granted & ~(FUNCTIONAL|STATISTICS|YOUTUBE))
            || (res.undecided && res.granted))
        {
            break;
        }
    }

    is_int(i, len, "every prefix: a subset or an error");

    free(in);
    free(scratch);

    return done_testing();
}


static int
parse(const char *s, consent_result_t *res)
{
    return parse_n(s, strlen(s), NTOKENS, res);
}


static int
parse_n(const char *s, size_t len, size_t ntokens, consent_result_t *res)
{
    free(in);
    free(scratch);

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);

    memcpy(in, s, len);
    memset(res, 0xa5, sizeof(consent_result_t));

    return consent_complianz_parse(in, len, scratch, tokens, ntokens, res);
}
