
/*
 * Unit tests: Borlabs Cookie's consent cookie.
 *
 * The real values below are "borlabs-cookie" cookies as sites running
 * Borlabs Cookie set them, copied from Cookie headers captured from those
 * sites and quoted in public scripts (found through a code search for
 * "borlabs-cookie="):
 *
 *   REAL_V2   kreativ-welt.crnd.de, 2022, Borlabs Cookie 2: every group
 *   REAL_V2B  www.hwwi-rohindex.de, 2022, Borlabs Cookie 2: essential and
 *             external media only
 *   REAL_V3   donkeydreamland.com, 2023, Borlabs Cookie 3 ("v3":true,
 *             numeric version, uid "anonymous")
 *   REAL_V3B  www.gewobag.de, 2024, Borlabs Cookie 3, version 2, essential
 *             only with the site's own services
 *
 * Everything else is synthetic, for the edge cases.
 */


#include "tap.h"
#include "consent_borlabs.h"

#include <stdlib.h>


#define STATISTICS  CONSENT_BIT(0)
#define MARKETING   CONSENT_BIT(1)
#define EXTERNAL    CONSENT_BIT(2)
#define GA          CONSENT_BIT(3)
#define FBPIXEL     CONSENT_BIT(4)
#define YOUTUBE     CONSENT_BIT(5)
#define ESSENTIAL   CONSENT_BIT(6)
#define BORLABS     CONSENT_BIT(7)


#define REAL_V2                                                               \
    "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%2C"  \
    "%22statistics%22%3A%5B%22google-analytics%22%5D%2C%22marketing%22%3A%5B" \
    "%22google-adsense%22%2C%22facebook-pixel%22%5D%2C%22external-media%22"   \
    "%3A%5B%22facebook%22%2C%22googlemaps%22%2C%22youtube%22%5D%7D%2C"        \
    "%22domainPath%22%3A%22kreativ-welt.crnd.de%2F%22%2C%22expires%22%3A"     \
    "%22Sat%2C%2018%20Feb%202023%2009%3A06%3A19%20GMT%22%2C%22uid%22%3A"      \
    "%22mnep763s-rd6x72ar-cp4vilgp-78z4hijv%22%2C%22version%22%3A%222%22%7D"

#define REAL_V2B                                                              \
    "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%2C"  \
    "%22external-media%22%3A%5B%22facebook%22%2C%22googlemaps%22%2C"          \
    "%22instagram%22%2C%22openstreetmap%22%2C%22twitter%22%2C%22vimeo%22%2C"  \
    "%22youtube%22%5D%7D%2C%22domainPath%22%3A%22www.hwwi-rohindex.de%2F%22"  \
    "%2C%22expires%22%3A%22Tue%2C%2026%20Sep%202023%2005%3A40%3A13%20GMT%22"  \
    "%2C%22uid%22%3A%22naja8nfj-wbsm78w5-5nkkatff-gs4iyycz%22%2C"             \
    "%22version%22%3A%221%22%7D"

#define REAL_V3                                                               \
    "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%2C"     \
    "%22wpml%22%5D%7D%2C%22domainPath%22%3A%22donkeydreamland.com%2F%22%2C"   \
    "%22expires%22%3A%22Sat%2C%2007%20Sep%202024%2002%3A24%3A51%20GMT%22%2C"  \
    "%22uid%22%3A%22anonymous%22%2C%22v3%22%3Atrue%2C%22version%22%3A1%7D"

#define REAL_V3B                                                              \
    "%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%2C"     \
    "%22accessibility_contrast%22%2C%22accessibility_test_size%22%2C"         \
    "%22location_agreement%22%5D%7D%2C%22domainPath%22%3A"                    \
    "%22www.gewobag.de%2F%22%2C%22expires%22%3A"                              \
    "%22Mon%2C%2018%20Aug%202025%2015%3A02%3A31%20GMT%22%2C%22uid%22%3A"      \
    "%22anonymous%22%2C%22v3%22%3Atrue%2C%22version%22%3A2%7D"


static int parse(const char *s, consent_result_t *res);
static int parse_n(const char *s, size_t ntokens, consent_result_t *res);
static void every_prefix(const char *s, const char *name);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 14, (const u_char *) "external-media" },
    { 16, (const u_char *) "google-analytics" },
    { 14, (const u_char *) "facebook-pixel" },
    { 7, (const u_char *) "youtube" },
    { 9, (const u_char *) "essential" },
    { 14, (const u_char *) "borlabs-cookie" },
};


int
main(void)
{
    int               i;
    char              buf[8192];
    consent_result_t  res;

    /* real values */

    is_int(parse(REAL_V2, &res), CONSENT_OK, "Borlabs 2, every group");
    is_int(res.granted, STATISTICS|MARKETING|EXTERNAL|GA|FBPIXEL|YOUTUBE
                        |ESSENTIAL|BORLABS, "  groups and services");
    is_str(res.id.data, res.id.len, "mnep763s-rd6x72ar-cp4vilgp-78z4hijv",
           "  uid");
    is_int(res.revision, 2, "  version \"2\"");
    is_int(res.timestamp, -1, "  no decision time");
    ok(!res.undecided && !res.expired && !res.implied, "  decided");

    is_int(parse(REAL_V2B, &res), CONSENT_OK, "Borlabs 2, external media");
    is_int(res.granted, EXTERNAL|YOUTUBE|ESSENTIAL|BORLABS,
           "  no statistics, no marketing");
    is_str(res.id.data, res.id.len, "naja8nfj-wbsm78w5-5nkkatff-gs4iyycz",
           "  uid");
    is_int(res.revision, 1, "  version \"1\"");

    is_int(parse(REAL_V3, &res), CONSENT_OK, "Borlabs 3, essential only");
    is_int(res.granted, ESSENTIAL|BORLABS, "  essential");
    is_int(res.id.len, 0, "  uid \"anonymous\" is no id");
    is_int(res.revision, 1, "  version 1");

    is_int(parse(REAL_V3B, &res), CONSENT_OK, "Borlabs 3, site services");
    is_int(res.granted, ESSENTIAL|BORLABS, "  essential");
    is_int(res.revision, 2, "  version 2");

    is_int(parse_n(REAL_V2, 0, &res), CONSENT_OK, "no tokens");
    is_int(res.granted, 0, "  nothing granted");

    every_prefix(REAL_V2, "Borlabs 2");
    every_prefix(REAL_V3, "Borlabs 3");

    /* raw JSON, as Borlabs' object before encodeURIComponent */

    is_int(parse("{\"consents\":{\"essential\":[\"borlabs-cookie\"],"
                 "\"statistics\":[\"google-analytics\"]},\"uid\":\"u1\","
                 "\"version\":\"1\"}", &res), CONSENT_OK, "raw JSON");
    is_int(res.granted, STATISTICS|GA|ESSENTIAL|BORLABS, "  statistics");
    is_str(res.id.data, res.id.len, "u1", "  uid");

    /* groups and services */

    is_int(parse("{\"consents\":{\"statistics\":[]}}", &res), CONSENT_OK,
           "an empty group");
    is_int(res.granted, 0, "  grants no group");
    is_int(res.revision, -1, "  no version: -1");

    is_int(parse("{\"consents\":{\"statistics\":[1,null,true,[],{}]}}",
                 &res), CONSENT_OK, "a group of no strings");
    is_int(res.granted, 0, "  grants nothing");

    is_int(parse("{\"consents\":{\"marketing\":[\"google-analytics\"]}}",
                 &res), CONSENT_OK, "a service in another group");
    is_int(res.granted, MARKETING|GA, "  the service, wherever it is");

    is_int(parse("{\"consents\":{\"Statistics\":[\"x\"],"
                 "\"marketing\":[\"YouTube\"]}}", &res), CONSENT_OK,
           "case-sensitive");
    is_int(res.granted, MARKETING, "  only the exact names");

    is_int(parse("{\"consents\":{\"x\":[\"you\\u0074ube\"]}}", &res),
           CONSENT_OK, "an escaped service");
    is_int(res.granted, YOUTUBE, "  decoded");

    is_int(parse("{\"consents\":{\"x\":[\"youtube\",\"youtube\"]}}", &res),
           CONSENT_OK, "a service listed twice");
    is_int(res.granted, YOUTUBE, "  granted");

    is_int(parse("{\"consents\":{},\"statistics\":[\"google-analytics\"],"
                 "\"youtube\":true}", &res), CONSENT_OK,
           "names outside consents");
    is_int(res.granted, 0, "  grant nothing");

    is_int(parse("{\"consents\":{\"x\":[[\"youtube\"]],"
                 "\"y\":[{\"youtube\":true}]}}", &res), CONSENT_OK,
           "nested names");
    is_int(res.granted, 0, "  grant nothing");

    /* duplicates */

    is_int(parse("{\"consents\":{\"statistics\":[\"google-analytics\"]},"
                 "\"consents\":{}}", &res), CONSENT_EINVAL,
           "consents twice");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("{\"consents\":{\"statistics\":[\"a\"],"
                 "\"statistics\":[]}}", &res), CONSENT_EINVAL,
           "a group twice");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("{\"consents\":{\"statistics\":[\"a\"],"
                 "\"st\\u0061tistics\":[]}}", &res), CONSENT_EINVAL,
           "a group with escapes");

    is_int(parse("{\"consents\":{},\"uid\":\"a\",\"uid\":\"b\"}", &res),
           CONSENT_EINVAL, "uid twice");
    is_int(res.id.len, 0, "  no id");

    is_int(parse("{\"consents\":{},\"version\":1,\"version\":2}", &res),
           CONSENT_EINVAL, "version twice");
    is_int(res.revision, -1, "  no revision");

    /* wrong types */

    is_int(parse("[\"consents\"]", &res), CONSENT_ETYPE, "an array");
    is_int(parse("\"x\"", &res), CONSENT_ETYPE, "a string");
    is_int(parse("{\"uid\":\"u\",\"version\":1}", &res), CONSENT_EMISSING,
           "no consents");
    is_int(parse("{\"consents\":[\"statistics\"]}", &res), CONSENT_ETYPE,
           "consents an array");
    is_int(parse("{\"consents\":null}", &res), CONSENT_ETYPE,
           "consents null");
    is_int(parse("{\"consents\":{\"statistics\":\"google-analytics\"}}",
                 &res), CONSENT_ETYPE, "a group a string");
    is_int(parse("{\"consents\":{\"statistics\":true}}", &res),
           CONSENT_ETYPE, "a group true");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("{\"consents\":{\"x\":[\"youtube\"]},\"version\":\"v2\"}",
                 &res), CONSENT_ETYPE, "version not digits");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("{\"consents\":{},\"version\":-1}", &res), CONSENT_ETYPE,
           "version negative");
    is_int(parse("{\"consents\":{},\"version\":1.5}", &res), CONSENT_ETYPE,
           "version fractional");
    is_int(parse("{\"consents\":{},\"version\":true}", &res), CONSENT_ETYPE,
           "version true");
    is_int(parse("{\"consents\":{},\"version\":\"\"}", &res), CONSENT_ETYPE,
           "version empty");
    is_int(parse("{\"consents\":{},\"version\":\"1234567890\"}", &res),
           CONSENT_ETYPE, "version of 10 digits");
    is_int(parse("{\"consents\":{},\"version\":\"\\u0031\"}", &res),
           CONSENT_ETYPE, "version escaped");
    is_int(parse("{\"consents\":{},\"version\":\"007\"}", &res), CONSENT_OK,
           "version \"007\"");
    is_int(res.revision, 7, "  7");

    is_int(parse("{\"consents\":{},\"uid\":42}", &res), CONSENT_OK,
           "uid a number");
    is_int(res.id.len, 0, "  no id");
    is_int(parse("{\"consents\":{},\"uid\":\"a b\"}", &res), CONSENT_OK,
           "uid with a space");
    is_int(res.id.len, 0, "  no id");
    is_int(parse("{\"consents\":{},\"uid\":\"a\\u0062\"}", &res), CONSENT_OK,
           "uid escaped");
    is_int(res.id.len, 0, "  no id");
    is_int(parse("{\"consents\":{},\"uid\":\"Anonymous\"}", &res),
           CONSENT_OK, "uid Anonymous");
    is_str(res.id.data, res.id.len, "Anonymous", "  is an id");

    /* malformed */

    is_int(parse("", &res), CONSENT_EMPTY, "empty");
    is_int(parse("%7B%22consents%22%3A%7B%7D%7", &res), CONSENT_EENCODING,
           "a truncated escape");
    is_int(parse("%7B%22consents%22%3A%7B%7D%00%7D", &res), CONSENT_EENCODING,
           "an escaped NUL");
    is_int(parse("{\"consents\":{\"statistics\":[\"a\",]}}", &res),
           CONSENT_EINVAL, "a trailing comma");
    is_int(parse("{\"consents\":{\"statistics\":[\"a\"]}}{}", &res),
           CONSENT_EINVAL, "two objects");
    is_int(res.granted, 0, "  nothing granted");

    strcpy(buf, "{\"consents\":{\"statistics\":[\"a\"]},\"x\":");
    for (i = 0; i < 16; i++) {
        strcat(buf, "[");
    }
    for (i = 0; i < 16; i++) {
        strcat(buf, "]");
    }
    strcat(buf, "}");
    is_int(parse(buf, &res), CONSENT_EDEPTH, "too deep");
    is_int(res.granted, 0, "  nothing granted");

    strcpy(buf, "{\"consents\":{\"statistics\":[\"a\",");
    for (i = 0; i < 13; i++) {
        strcat(buf, "[");
    }
    for (i = 0; i < 13; i++) {
        strcat(buf, "]");
    }
    strcat(buf, "]}}");
    is_int(parse(buf, &res), CONSENT_OK, "deep enough");
    is_int(res.granted, STATISTICS, "  statistics");

    strcpy(buf, "{\"consents\":{");
    for (i = 0; i < 32; i++) {
        snprintf(buf + strlen(buf), 32, "\"g%d\":[\"s\"],", i);
    }
    strcat(buf, "\"statistics\":[\"s\"]}}");
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "33 groups");
    is_int(res.granted, 0, "  nothing granted");

    strcpy(buf, "{\"consents\":{");
    for (i = 0; i < 31; i++) {
        snprintf(buf + strlen(buf), 32, "\"g%d\":[\"s\"],", i);
    }
    strcat(buf, "\"statistics\":[\"s\"]}}");
    is_int(parse(buf, &res), CONSENT_OK, "32 groups");
    is_int(res.granted, STATISTICS, "  statistics");

    memset(buf, ' ', sizeof(buf));
    memcpy(buf, "{\"consents\":{\"marketing\":[\"x\"]}}", 32);
    buf[4096] = '\0';
    is_int(parse(buf, &res), CONSENT_OK, "4096 bytes");
    is_int(res.granted, MARKETING, "  marketing");
    buf[4096] = ' ';
    buf[4097] = '\0';
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "4097 bytes");

    free(in);
    free(scratch);

    return done_testing();
}


static int
parse(const char *s, consent_result_t *res)
{
    return parse_n(s, sizeof(tokens) / sizeof(tokens[0]), res);
}


static int
parse_n(const char *s, size_t ntokens, consent_result_t *res)
{
    size_t  len;

    free(in);
    free(scratch);

    len = strlen(s);

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);

    memcpy(in, s, len);
    memset(res, 0xa5, sizeof(consent_result_t));

    return consent_borlabs_parse(in, len, scratch, tokens, ntokens, res);
}


/* every proper prefix of a good value: an error that grants nothing */

static void
every_prefix(const char *s, const char *name)
{
    int               rc;
    size_t            n, len, bad;
    consent_result_t  res;
    char              buf[4096];

    len = strlen(s);
    bad = 0;

    for (n = 0; n < len; n++) {
        memcpy(buf, s, n);
        buf[n] = '\0';

        rc = parse(buf, &res);

        if (rc >= 0 || res.granted || res.id.len || res.revision != -1) {
            bad++;
        }
    }

    ok(bad == 0, "%s: every prefix is an error and grants nothing", name);
}
