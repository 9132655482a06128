
/*
 * Unit tests: Axeptio's consent cookie.
 *
 * The shape is that of Axeptio's developer documentation ("Registering
 * User choices", developers.axeptio.eu: a JSON object of the vendors
 * configured in the back office, each true or false, with the token and
 * the date of the consent).  The real values below are "axeptio_cookies"
 * cookies as sites running Axeptio set them, copied from Cookie headers
 * captured from those sites and quoted in public scripts (found through a
 * code search for "axeptio_cookies="):
 *
 *   REAL_2022      fr.kompass.com, 2022: the older SDK's encoding, only
 *                  quotes and commas escaped
 *   REAL_2025      kompass.com, 2025: encodeURIComponent(), with
 *                  $$cookiesVersion, $$scope and $$duration
 *   REAL_REJECTED  www.inmac-wstore.com, 2021: every vendor refused
 *   REAL_PENDING   a site of 2024: $$completed false, no vendor yet
 *
 * Everything else is synthetic, for the edge cases.
 */


#include "tap.h"
#include "consent_axeptio.h"

#include <stdlib.h>


#define SNAPENGAGE  CONSENT_BIT(0)
#define DOUBLECLICK CONSENT_BIT(1)
#define FBPIXEL     CONSENT_BIT(2)
#define GA          CONSENT_BIT(3)
#define CLOUDFLARE  CONSENT_BIT(4)
#define CLOUDFLARE2 CONSENT_BIT(5)
#define DOLLARS     CONSENT_BIT(6)


#define REAL_2022                                                             \
    "{%22$$token%22:%22l8j48y0r1honj87phub8o%22%2C%22$$date%22:"              \
    "%222022-12-01T08:20:26.864Z%22%2C%22SnapEngage%22:true%2C"               \
    "%22Double_Click%22:true%2C%22facebook_pixel%22:true%2C"                  \
    "%22ShinyStat%22:true%2C%22$$completed%22:true}"

#define REAL_2025                                                             \
    "%7B%22%24%24token%22%3A%22JGM06qQmvM.z2y2adAv5K3KjUJ%22%2C"              \
    "%22%24%24date%22%3A%222025-11-30T10%3A43%3A27.182Z%22%2C"                \
    "%22%24%24cookiesVersion%22%3A%7B%22name%22%3A%22en%22%2C"                \
    "%22identifier%22%3A%2266f42241ea82808f5cae18a6%22%7D%2C"                 \
    "%22%24%24scope%22%3A%22persistent%22%2C%22%24%24duration%22%3A190%2C"    \
    "%22%24%24completed%22%3Atrue%2C%22facebook_pixel%22%3Atrue%2C"           \
    "%22cloudflare%22%3Atrue%2C%22CloudFlare%22%3Atrue%2C%22vimeo%22%3Atrue"  \
    "%2C%22google_analytics%22%3Atrue%2C%22effinity%22%3Atrue%2C"             \
    "%22optomaton_ug%22%3Atrue%2C%22sojern%22%3Atrue%2C%22spotad%22%3Atrue"   \
    "%2C%22mediamath%22%3Atrue%2C%22widespace%22%3Atrue%2C%22adsense%22"      \
    "%3Atrue%2C%22getquanty%22%3Atrue%2C%22GetQuanty%22%3Atrue%2C"            \
    "%22oct8ne%22%3Atrue%2C%22snapengage%22%3Atrue%2C%22fastbase%22%3Atrue"   \
    "%2C%22shiny_stat%22%3Atrue%7D"

#define REAL_REJECTED                                                         \
    "{%22$$token%22:%22h1gr263utwgrlqk71r2ii%22%2C%22$$date%22:"              \
    "%222021-08-08T10:41:59.523Z%22%2C%22$$completed%22:true%2C"              \
    "%22ContentSquare%22:false%2C%22google_analytics%22:false%2C"             \
    "%22Bing%22:false%2C%22Criteo%22:false%2C%22effiliation%22:false%2C"      \
    "%22Google_Ads%22:false%2C%22IDE%22:false%2C"                             \
    "%22Google_Conversion_Linker%22:false%2C%22Linkedin%22:false%2C"          \
    "%22vimeo%22:false%2C%22Idealo%22:false%2C%22Teads%22:false}"

#define REAL_PENDING                                                          \
    "{%22$$token%22:%22t1v1w821zpyn4r5rvtwdd%22%2C%22$$date%22:"              \
    "%222024-06-16T05:19:22.179Z%22%2C%22$$cookiesVersion%22:{}%2C"           \
    "%22$$completed%22:false}"


static int parse(const char *s, consent_result_t *res);
static int parse_n(const char *s, size_t ntokens, consent_result_t *res);
static void every_prefix(const char *s, const char *name);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 10, (const u_char *) "SnapEngage" },
    { 12, (const u_char *) "Double_Click" },
    { 14, (const u_char *) "facebook_pixel" },
    { 16, (const u_char *) "google_analytics" },
    { 10, (const u_char *) "cloudflare" },
    { 10, (const u_char *) "CloudFlare" },
    { 11, (const u_char *) "$$completed" },
};


int
main(void)
{
    int               i;
    char              buf[8192];
    consent_result_t  res;

    /* real values */

    is_int(parse(REAL_2022, &res), CONSENT_OK, "2022, quotes encoded");
    is_int(res.granted, SNAPENGAGE|DOUBLECLICK|FBPIXEL, "  three vendors");
    is_str(res.id.data, res.id.len, "l8j48y0r1honj87phub8o", "  $$token");
    is_int(res.timestamp, 1669882826, "  $$date");
    is_int(res.revision, -1, "  no revision");
    ok(!res.undecided && !res.expired && !res.implied, "  decided");

    is_int(parse(REAL_2025, &res), CONSENT_OK, "2025, encodeURIComponent");
    is_int(res.granted, FBPIXEL|GA|CLOUDFLARE|CLOUDFLARE2,
           "  vendors, case-sensitive");
    is_str(res.id.data, res.id.len, "JGM06qQmvM.z2y2adAv5K3KjUJ",
           "  $$token");
    is_int(res.timestamp, 1764499407, "  $$date");

    is_int(parse(REAL_REJECTED, &res), CONSENT_OK, "2021, every vendor off");
    is_int(res.granted, 0, "  nothing");
    ok(!res.undecided, "  decided");
    is_str(res.id.data, res.id.len, "h1gr263utwgrlqk71r2ii", "  $$token");

    is_int(parse(REAL_PENDING, &res), CONSENT_OK, "$$completed false");
    ok(res.undecided, "  no decision");
    is_int(res.granted, 0, "  nothing");

    is_int(parse_n(REAL_2025, 0, &res), CONSENT_OK, "no tokens");
    is_int(res.granted, 0, "  nothing granted");

    every_prefix(REAL_2022, "2022");
    every_prefix(REAL_2025, "2025");

    /* raw JSON */

    is_int(parse("{\"$$token\":\"t\",\"SnapEngage\":true,"
                 "\"$$completed\":true}", &res), CONSENT_OK, "raw JSON");
    is_int(res.granted, SNAPENGAGE, "  SnapEngage");
    is_int(res.timestamp, -1, "  no $$date: no time");

    /* no decision */

    is_int(parse("{\"SnapEngage\":true,\"google_analytics\":true}", &res),
           CONSENT_OK, "no $$completed");
    ok(res.undecided, "  no decision");
    is_int(res.granted, 0, "  nothing");

    is_int(parse("{\"SnapEngage\":true,\"$$completed\":false}", &res),
           CONSENT_OK, "vendors with $$completed false");
    ok(res.undecided, "  no decision");
    is_int(res.granted, 0, "  nothing");

    is_int(parse("{\"$$completed\":\"true\",\"SnapEngage\":true}", &res),
           CONSENT_ETYPE, "$$completed \"true\"");
    is_int(res.granted, 0, "  nothing");
    ok(!res.undecided, "  invalid, not undecided");
    is_int(parse("{\"$$completed\":1}", &res), CONSENT_ETYPE,
           "$$completed 1");
    is_int(parse("{\"$$completed\":null}", &res), CONSENT_ETYPE,
           "$$completed null");

    is_int(parse("{\"\\u0024$completed\":true,\"SnapEngage\":true}", &res),
           CONSENT_OK, "$$completed escaped");
    is_int(res.granted, SNAPENGAGE, "  the same key");

    /* vendors */

    is_int(parse("{\"$$completed\":true,\"SnapEngage\":\"true\","
                 "\"Double_Click\":1,\"facebook_pixel\":null,"
                 "\"google_analytics\":{\"on\":true},\"cloudflare\":[true]}",
                 &res), CONSENT_OK, "true only");
    is_int(res.granted, 0, "  strings, numbers, null, objects, arrays: none");

    is_int(parse("{\"$$completed\":true,\"SnapEngage\":true,"
                 "\"SnapEngage\":false}", &res), CONSENT_OK,
           "a vendor twice, true then false");
    is_int(res.granted, 0, "  the more restrictive wins");

    is_int(parse("{\"$$completed\":true,\"SnapEngage\":false,"
                 "\"Snap\\u0045ngage\":true}", &res), CONSENT_OK,
           "a vendor twice, escaped");
    is_int(res.granted, 0, "  the more restrictive wins");

    is_int(parse("{\"$$completed\":true,\"SnapEngage\":true,"
                 "\"SnapEngage\":true}", &res), CONSENT_OK,
           "a vendor twice, both true");
    is_int(res.granted, SNAPENGAGE, "  granted");

    is_int(parse("{\"$$completed\":true,\"x\":{\"SnapEngage\":true}}",
                 &res), CONSENT_OK, "nested names");
    is_int(res.granted, 0, "  only top-level keys count");

    is_int(parse("{\"$$completed\":true}", &res), CONSENT_OK,
           "\"$$completed\" as a vendor");
    is_int(res.granted, 0, "  is never granted");

    /* Axeptio's keys */

    is_int(parse("{\"$$completed\":true,\"$$completed\":true}", &res),
           CONSENT_EINVAL, "$$completed twice");
    is_int(parse("{\"$$completed\":false,\"$$completed\":true,"
                 "\"SnapEngage\":true}", &res), CONSENT_EINVAL,
           "$$completed twice, false then true");
    is_int(res.granted, 0, "  nothing");
    is_int(parse("{\"$$token\":\"a\",\"$$token\":\"b\",\"$$completed\":true}",
                 &res), CONSENT_EINVAL, "$$token twice");
    is_int(res.id.len, 0, "  no id");
    is_int(parse("{\"$$date\":\"2022-12-01T08:20:26.864Z\","
                 "\"$$date\":\"2022-12-01T08:20:26.864Z\","
                 "\"$$completed\":true}", &res), CONSENT_EINVAL,
           "$$date twice");
    is_int(res.timestamp, -1, "  no time");

    is_int(parse("{\"$$date\":\"2022-12-01\",\"$$completed\":true}", &res),
           CONSENT_EINVAL, "$$date without a time");
    is_int(parse("{\"$$date\":1669882826864,\"$$completed\":true}", &res),
           CONSENT_EINVAL, "$$date a number");
    is_int(parse("{\"$$date\":\"2022-13-01T08:20:26.864Z\","
                 "\"$$completed\":true}", &res), CONSENT_EINVAL,
           "$$date in month 13");
    is_int(parse("{\"$$date\":\"2022-12-01T08:20:26\\u002e864Z\","
                 "\"$$completed\":true}", &res), CONSENT_EINVAL,
           "$$date escaped");
    is_int(parse("{\"$$date\":\"2022-12-01T09:20:26+01:00\","
                 "\"$$completed\":true}", &res), CONSENT_OK,
           "$$date with an offset");
    is_int(res.timestamp, 1669882826, "  in UTC");

    is_int(parse("{\"$$token\":42,\"$$completed\":true}", &res), CONSENT_OK,
           "$$token a number");
    is_int(res.id.len, 0, "  no id");
    is_int(parse("{\"$$token\":\"a b\",\"$$completed\":true}", &res),
           CONSENT_OK, "$$token with a space");
    is_int(res.id.len, 0, "  no id");

    is_int(parse(REAL_PENDING, &res), CONSENT_OK, "no decision keeps");
    is_str(res.id.data, res.id.len, "t1v1w821zpyn4r5rvtwdd", "  $$token");

    /* wrong type, malformed */

    is_int(parse("[\"SnapEngage\"]", &res), CONSENT_ETYPE, "an array");
    is_int(parse("true", &res), CONSENT_ETYPE, "true");
    is_int(parse("", &res), CONSENT_EMPTY, "empty");
    is_int(parse("{%22$$completed%22:true%7", &res), CONSENT_EENCODING,
           "a truncated escape");
    is_int(parse("{%22$$completed%22:true,%22a%00%22:true}", &res),
           CONSENT_EENCODING, "an escaped NUL");
    is_int(parse("{\"$$completed\":true,\"SnapEngage\":true,}", &res),
           CONSENT_EINVAL, "a trailing comma");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("{\"$$completed\":true}{\"SnapEngage\":true}", &res),
           CONSENT_EINVAL, "two objects");

    strcpy(buf, "{\"$$completed\":true,\"SnapEngage\":true,\"x\":");
    for (i = 0; i < 16; i++) {
        strcat(buf, "[");
    }
    for (i = 0; i < 16; i++) {
        strcat(buf, "]");
    }
    strcat(buf, "}");
    is_int(parse(buf, &res), CONSENT_EDEPTH, "too deep");
    is_int(res.granted, 0, "  nothing granted");

    strcpy(buf, "{\"$$completed\":true,\"SnapEngage\":true,\"x\":");
    for (i = 0; i < 15; i++) {
        strcat(buf, "[");
    }
    for (i = 0; i < 15; i++) {
        strcat(buf, "]");
    }
    strcat(buf, "}");
    is_int(parse(buf, &res), CONSENT_OK, "deep enough");
    is_int(res.granted, SNAPENGAGE, "  SnapEngage");

    memset(buf, ' ', sizeof(buf));
    memcpy(buf, "{\"$$completed\":true,\"SnapEngage\":true}", 38);
    buf[4096] = '\0';
    is_int(parse(buf, &res), CONSENT_OK, "4096 bytes");
    is_int(res.granted, SNAPENGAGE, "  SnapEngage");
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

    return consent_axeptio_parse(in, len, scratch, tokens, ntokens, res);
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

        if (rc >= 0 || res.granted || res.id.len || res.timestamp != -1
            || res.undecided)
        {
            bad++;
        }
    }

    ok(bad == 0, "%s: every prefix is an error and grants nothing", name);
}
