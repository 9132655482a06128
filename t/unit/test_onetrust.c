
/*
 * Unit tests: OneTrust's OptanonConsent cookie.
 */


#include "tap.h"
#include "consent_onetrust.h"

#include <stdlib.h>


#define C1    CONSENT_BIT(0)
#define C2    CONSENT_BIT(1)
#define C3    CONSENT_BIT(2)
#define C4    CONSENT_BIT(3)
#define C5    CONSENT_BIT(4)
#define S42   CONSENT_BIT(5)
#define N2    CONSENT_BIT(6)


static int parse(const char *s, consent_result_t *res);
static int parse_n(const char *s, size_t ntokens, consent_result_t *res);
static int groups(const char *g, consent_result_t *res);
static int64_t date(const char *s);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 5, (const u_char *) "C0001" },
    { 5, (const u_char *) "C0002" },
    { 5, (const u_char *) "C0003" },
    { 5, (const u_char *) "C0004" },
    { 5, (const u_char *) "C0005" },
    { 7, (const u_char *) "STACK42" },
    { 1, (const u_char *) "2" },
};


#define DATESTAMP                                                             \
    "datestamp=Tue+Jun+03+2025+12%3A00%3A00+GMT%2B0200+"                      \
    "(Central+European+Summer+Time)"

#define CONSENT_ID  "7f3c2b1a-5d4e-4f60-8a9b-0c1d2e3f4a5b"

#define EXAMPLE                                                               \
    "isGpcEnabled=0&" DATESTAMP "&version=202209.1.0&browserGpcFlag=0&"       \
    "isIABGlobal=false&hosts=&consentId=" CONSENT_ID "&interactionCount=1&"   \
    "landingPath=NotLandingPage&"                                             \
    "groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A1&"                   \
    "geolocation=AT%3B9&AwaitingReconsent=false"


int
main(void)
{
    char              buf[8192];
    size_t            n;
    consent_result_t  res;

    /* the example of FORMATS */

    is_int(parse(EXAMPLE, &res), CONSENT_OK, "example");
    is_int(res.granted, C1|C3|C4, "  C0001, C0003, C0004; not C0002");
    is_int(res.timestamp, 1748944800, "  datestamp");
    is_int(res.revision, -1, "  no revision");
    is_str(res.id.data, res.id.len, CONSENT_ID, "  consent id");
    ok(res.id.data >= scratch && res.id.data < scratch + 4096,
       "  id points into scratch");
    ok(!res.undecided, "  decided");

    is_int(parse_n(EXAMPLE, 0, &res), CONSENT_OK, "no tokens");
    is_int(res.granted, 0, "  nothing granted");

    /* groups */

    is_int(groups("C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1%2CC0005%3A1",
                  &res), CONSENT_OK, "accept all");
    is_int(res.granted, C1|C2|C3|C4|C5, "  everything");

    is_int(groups("C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0%2CC0005%3A0",
                  &res), CONSENT_OK, "reject all");
    is_int(res.granted, C1, "  necessary only");

    is_int(groups("C0001:1,C0002:1,C0004:0", &res), CONSENT_OK,
           "unencoded groups");
    is_int(res.granted, C1|C2, "  C0001, C0002");

    is_int(groups("C0002%3A1%2CC0002%3A0", &res), CONSENT_OK, "1 then 0");
    is_int(res.granted, 0, "  the more restrictive wins");

    is_int(groups("C0002%3A0%2CC0004%3A1%2CC0002%3A1", &res), CONSENT_OK,
           "0 then 1");
    is_int(res.granted, C4, "  the more restrictive wins");

    is_int(groups("C0002%3A1%2CC0002%3A1", &res), CONSENT_OK, "1 twice");
    is_int(res.granted, C2, "  granted");

    is_int(groups("C0001%3A1%2CSTACK42%3A1%2CV2STACK42%3A1%2CBG57%3A1%2C"
                  "C0009%3A1%2C2%3A1%2C22%3A1", &res), CONSENT_OK,
           "tenants' own ids");
    is_int(res.granted, C1|S42|N2, "  only those in the table");

    is_int(groups("c0002%3A1%2CC0002%20%3A1", &res), CONSENT_OK,
           "case and spaces");
    is_int(res.granted, 0, "  ids compared exactly");

    is_int(groups("C0001%3A1%2C%2CC0002%3A1%2C", &res), CONSENT_OK,
           "empty items");
    is_int(res.granted, C1|C2, "  skipped");

    is_int(groups("", &res), CONSENT_OK, "empty groups");
    is_int(res.granted, 0, "  nothing");

    is_int(groups("C0001%3A1%2CC0002", &res), CONSENT_EINVAL, "no colon");
    is_int(res.granted, 0, "  nothing granted, not even C0001");
    is_int(groups("C0001%3A1%2CC0002%3A2", &res), CONSENT_EINVAL, "value 2");
    is_int(res.granted, 0, "  nothing granted");
    is_int(groups("C0002%3A", &res), CONSENT_EINVAL, "no value");
    is_int(groups("%3A1", &res), CONSENT_EINVAL, "no id");
    is_int(groups("C0002%3A11", &res), CONSENT_EINVAL, "value 11");
    is_int(groups("C0002%3Atrue", &res), CONSENT_EINVAL, "value true");
    is_int(groups("C0002%3A1+", &res), CONSENT_EINVAL, "'+' is a space");
    is_int(groups("C0002%3A1%3A1", &res), CONSENT_EINVAL, "two colons");

    /* the query string */

    is_int(parse("groups=C0002%3A1&groups=C0002%3A0", &res), CONSENT_OK,
           "groups twice");
    is_int(res.granted, 0, "  the more restrictive wins");

    is_int(parse("groups=C0002%3A1%2CC0004%3A1&groups=C0004%3A1", &res),
           CONSENT_OK, "groups twice, one shorter");
    is_int(res.granted, C4, "  only what both grant");

    is_int(parse("landingPath=https%3A%2F%2Fexample.com%2F%3Fx%3D1%26groups%3D"
                 "C0002%253A1&groups=C0002%3A0", &res), CONSENT_OK,
           "an encoded '&' in a value");
    is_int(res.granted, 0, "  does not split");

    is_int(parse("gr%6Fups=C0002%3A1", &res), CONSENT_OK, "an encoded key");
    is_int(res.granted, C2, "  decoded like any key");

    is_int(parse("Groups=C0002%3A1", &res), CONSENT_EMISSING,
           "keys are case-sensitive");
    is_int(parse("isGpcEnabled=0&" DATESTAMP "&consentId=x", &res),
           CONSENT_EMISSING, "no groups");
    is_int(res.granted, 0, "  nothing");
    is_int(res.timestamp, -1, "  and no time");
    is_int(res.id.len, 0, "  and no id");

    is_int(parse("&&groups=C0002%3A1&&landingPath&=x&", &res),
           CONSENT_OK, "empty pairs, a bare key, an empty key");
    is_int(res.granted, C2, "  C0002");

    is_int(parse("groups", &res), CONSENT_OK, "groups without '='");
    is_int(res.granted, 0, "  nothing");

    /* interactionCount */

    is_int(parse("interactionCount=0&groups=C0001%3A1%2CC0002%3A1", &res),
           CONSENT_OK, "no interaction yet");
    ok(res.undecided, "  undecided");
    is_int(res.granted, 0, "  defaults grant nothing");

    is_int(parse("interactionCount=00&groups=C0002%3A1", &res), CONSENT_OK,
           "interactionCount 00");
    ok(res.undecided, "  undecided");

    is_int(parse("interactionCount=2&groups=C0002%3A1", &res), CONSENT_OK,
           "two interactions");
    ok(!res.undecided, "  decided");
    is_int(res.granted, C2, "  C0002");

    /* a copy that says 0 makes it no decision, whatever the others say */

    is_int(parse("interactionCount=0&interactionCount=1&groups=C0002%3A1",
                 &res), CONSENT_OK, "interactionCount 0 then 1");
    ok(res.undecided, "  undecided");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("interactionCount=1&groups=C0002%3A1&interactionCount=0",
                 &res), CONSENT_OK, "interactionCount 1 then 0");
    ok(res.undecided, "  undecided");

    is_int(parse("interactionCount=1&interactionCount=3&groups=C0002%3A1",
                 &res), CONSENT_OK, "interactionCount 1 then 3");
    ok(!res.undecided, "  decided");
    is_int(res.granted, C2, "  C0002");

    /* anything but digits is malformed */

    is_int(parse("interactionCount=&groups=C0002%3A1", &res), CONSENT_EINVAL,
           "empty interactionCount");
    is_int(res.granted, 0, "  nothing granted");
    ok(!res.undecided, "  not a no decision either");

    is_int(parse("interactionCount=%2B0&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount +0");
    is_int(parse("interactionCount=+1&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount ' 1' (form-encoded space)");
    is_int(parse("interactionCount=-1&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount -1");
    is_int(parse("interactionCount=0x1&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount 0x1");
    is_int(parse("interactionCount=1e0&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount 1e0");
    is_int(parse("interactionCount=1&interactionCount=&groups=C0002%3A1",
                 &res), CONSENT_EINVAL, "a second, empty interactionCount");
    is_int(parse("interactionCount=1234567890&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount of 10 digits");
    is_int(parse("interactionCount&groups=C0002%3A1", &res),
           CONSENT_EINVAL, "interactionCount without '='");

    /* AwaitingReconsent: "true" asks again, as if expired */

    is_int(parse(EXAMPLE, &res), CONSENT_OK, "AwaitingReconsent=false");
    ok(!res.expired, "  not expired");
    is_int(res.granted, C1|C3|C4, "  groups granted");

    is_int(parse("interactionCount=1&groups=C0002%3A1&AwaitingReconsent=true",
                 &res), CONSENT_OK, "AwaitingReconsent=true");
    ok(res.expired, "  expired");
    ok(!res.undecided, "  not a no decision");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("AwaitingReconsent=true&consentId=" CONSENT_ID
                 "&groups=C0002%3A1", &res), CONSENT_OK,
           "AwaitingReconsent=true first, with an id");
    ok(res.expired, "  expired");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("interactionCount=0&groups=C0002%3A1&AwaitingReconsent=true",
                 &res), CONSENT_OK, "AwaitingReconsent=true, no interaction");
    ok(res.expired, "  expired wins over no decision");
    ok(!res.undecided, "  not undecided");

    is_int(parse("AwaitingReconsent=false&groups=C0002%3A1"
                 "&AwaitingReconsent=true", &res), CONSENT_OK,
           "AwaitingReconsent false then true");
    ok(res.expired, "  any copy true: expired");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("AwaitingReconsent=true&AwaitingReconsent=false"
                 "&groups=C0002%3A1", &res), CONSENT_OK,
           "AwaitingReconsent true then false");
    ok(res.expired, "  expired");

    is_int(parse("AwaitingReconsent=true", &res), CONSENT_EMISSING,
           "AwaitingReconsent=true without groups");

    /* anything but "true" or "false" is malformed */

    is_int(parse("groups=C0002%3A1&AwaitingReconsent=TRUE", &res),
           CONSENT_EINVAL, "AwaitingReconsent=TRUE");
    is_int(res.granted, 0, "  nothing granted");
    ok(!res.expired, "  not expired either");
    is_int(parse("groups=C0002%3A1&AwaitingReconsent=", &res),
           CONSENT_EINVAL, "empty AwaitingReconsent");
    is_int(parse("groups=C0002%3A1&AwaitingReconsent", &res),
           CONSENT_EINVAL, "AwaitingReconsent without '='");
    is_int(parse("groups=C0002%3A1&AwaitingReconsent=1", &res),
           CONSENT_EINVAL, "AwaitingReconsent=1");
    is_int(parse("groups=C0002%3A1&AwaitingReconsent=true+", &res),
           CONSENT_EINVAL, "AwaitingReconsent='true '");
    is_int(parse("groups=C0002%3A1&AwaitingReconsent=%74rue", &res),
           CONSENT_OK, "AwaitingReconsent=%74rue: form-decoded");
    ok(res.expired, "  expired");

    /* consentId */

    is_int(parse("consentId=a+b&groups=C0002%3A1", &res), CONSENT_OK,
           "consentId with a space");
    is_int(res.id.len, 0, "  not reported");
    is_int(res.granted, C2, "  consent still read");

    is_int(parse("consentId=86203427&groups=C0002%3A1", &res), CONSENT_OK,
           "numeric consentId");
    is_str(res.id.data, res.id.len, "86203427", "  reported");

    is_int(parse("consentId=a1b2c3d4&groups=C0002%3A1&consentId=e5f6a7b8",
                 &res), CONSENT_EINVAL, "consentId twice");
    is_int(res.granted, 0, "  nothing granted");
    is_int(res.id.len, 0, "  no id");

    memset(buf, 0, sizeof(buf));
    strcpy(buf, "groups=C0002%3A1&consentId=");
    memset(buf + strlen(buf), 'a', 129);
    is_int(parse(buf, &res), CONSENT_OK, "consentId of 129 bytes");
    is_int(res.id.len, 0, "  not reported");
    buf[strlen(buf) - 1] = '\0';
    is_int(parse(buf, &res), CONSENT_OK, "consentId of 128 bytes");
    is_int(res.id.len, 128, "  reported");

    /* encodings */

    is_int(parse("groups=C0002%3A1&landingPath=%zz", &res), CONSENT_EENCODING,
           "a bad escape anywhere");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("groups=C0002%3A1&x%2=1", &res), CONSENT_EENCODING,
           "a bad escape in a key");
    is_int(parse("groups=C0002%3A1%2", &res), CONSENT_EENCODING,
           "a truncated escape");
    is_int(parse("groups=C0002%3A1%00", &res), CONSENT_EENCODING,
           "an escaped NUL");
    is_int(parse("geolocation=%E5%8F%B0&groups=C0002%3A1", &res), CONSENT_OK,
           "UTF-8 in another value");
    is_int(res.granted, C2, "  C0002");

    is_int(parse("", &res), CONSENT_EMPTY, "empty value");

    memset(buf, 0, sizeof(buf));
    strcpy(buf, "groups=C0002%3A1&x=");
    n = strlen(buf);
    memset(buf + n, 'y', 4096 - n);
    is_int(parse(buf, &res), CONSENT_OK, "4096 bytes");
    is_int(res.granted, C2, "  C0002");
    buf[4096] = 'y';
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "4097 bytes");
    is_int(res.granted, 0, "  nothing granted");

    /* datestamp */

    is_int(date("Tue Jun 03 2025 12:00:00 GMT+0200 (Central European Summer "
                "Time)"), 1748944800, "date: CEST");
    is_int(date("Tue Jun 03 2025 05:00:00 GMT-0500 (Central Daylight Time)"),
           1748944800, "date: CDT");
    is_int(date("Tue Jun 03 2025 10:00:00 GMT+0000"), 1748944800,
           "date: no zone name");
    is_int(date("Tue Oct 19 2021 11:31:41 GMT+0800 "
                "(\xe5\x8f\xb0\xe5\x8c\x97)"),
           1634614301, "date: zone name in UTF-8");
    is_int(date("Thu Feb 29 2024 23:59:59 GMT+0000 (GMT)"), 1709251199,
           "date: leap day");
    is_int(date("Wed Jan 01 2025 10:30:00 GMT+0530 (India Standard Time)"),
           1735707600, "date: +0530");
    is_int(date("Mon Jun 03 2025 12:00:00 GMT+0200 (CEST)"), -1,
           "date: wrong weekday");
    is_int(date("Tue, 03 Jun 2025 10:00:00 GMT"), -1, "date: toUTCString()");
    is_int(date("2025-06-03T10:00:00.000Z"), -1, "date: ISO");
    is_int(date("Tue Jun 3 2025 12:00:00 GMT+0200"), -1, "date: short day");
    is_int(date("Tue Jnn 03 2025 12:00:00 GMT+0200"), -1, "date: month name");
    is_int(date("Tue Jun 31 2025 12:00:00 GMT+0200"), -1, "date: June 31");
    is_int(date("Tue Jun 03 2025 24:00:00 GMT+0200"), -1, "date: hour 24");
    is_int(date("Tue Jun 03 2025 12:00:00 UTC+0200"), -1, "date: UTC");
    is_int(date("Tue Jun 03 2025 12:00:00 GMT+0200 CEST"), -1,
           "date: name without parentheses");
    is_int(date("Tue Jun 03 2025 12:00:00 GMT+0200 (CEST"), -1,
           "date: unclosed parenthesis");
    is_int(date("Thu Jan 01 1970 00:30:00 GMT+0100"), -1,
           "date: before the epoch");
    is_int(date(""), -1, "date: empty");

    /* a time that cannot be read would escape consent_max_age */

    is_int(parse("datestamp=garbage&groups=C0002%3A1", &res), CONSENT_EINVAL,
           "unreadable datestamp");
    is_int(res.timestamp, -1, "  no time");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("datestamp=&groups=C0002%3A1", &res), CONSENT_EINVAL,
           "empty datestamp");

    is_int(parse("datestamp=garbage&interactionCount=0&groups=C0002%3A1",
                 &res), CONSENT_OK, "unreadable datestamp, no interaction");
    ok(res.undecided, "  undecided");

    is_int(parse("groups=C0002%3A1", &res), CONSENT_OK, "no datestamp");
    is_int(res.timestamp, -1, "  no time");
    is_int(res.granted, C2, "  consent read");

    is_int(parse("datestamp=Tue+Jun+03+2025+12%3A00%3A00+GMT%2B0200"
                 "&groups=C0002%3A1"
                 "&datestamp=Tue+Jun+03+2025+13%3A00%3A00+GMT%2B0200", &res),
           CONSENT_EINVAL, "datestamp twice");
    is_int(res.granted, 0, "  nothing granted");
    is_int(res.timestamp, -1, "  no time");

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

    return consent_onetrust_parse(in, len, scratch, tokens, ntokens, res);
}


static int
groups(const char *g, consent_result_t *res)
{
    char  buf[1024];

    snprintf(buf, sizeof(buf), "isGpcEnabled=0&interactionCount=1&groups=%s"
             "&AwaitingReconsent=false", g);

    return parse(buf, res);
}


static int64_t
date(const char *s)
{
    return consent_onetrust_time((const u_char *) s, strlen(s));
}
