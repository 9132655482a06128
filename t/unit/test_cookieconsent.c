
/*
 * Unit tests: orestbida/cookieconsent's cc_cookie.
 */


#include "tap.h"
#include "consent_cookieconsent.h"

#include <stdlib.h>


#define NEC   CONSENT_BIT(0)
#define ANA   CONSENT_BIT(1)
#define MKT   CONSENT_BIT(2)
#define PRF   CONSENT_BIT(3)


static int parse(const char *s, int encode, consent_result_t *res);
static int parse_n(const char *s, int encode, size_t ntokens,
    consent_result_t *res);
static int64_t iso(const char *s);
static size_t encode_uri(const char *s, char *out);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
    { 3, (const u_char *) "a+b" },
};


#define V3(cats)                                                              \
    "{\"categories\":" cats ",\"revision\":0,\"data\":null,"                  \
    "\"consentTimestamp\":\"2025-06-01T10:00:00.000Z\","                      \
    "\"consentId\":\"14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10\","                 \
    "\"services\":{\"necessary\":[],\"analytics\":[]},"                       \
    "\"languageCode\":\"en\","                                                \
    "\"lastConsentTimestamp\":\"2025-06-01T10:00:00.000Z\","                  \
    "\"expirationTime\":1764410400000}"

#define HEAD  "{\"categories\":[\"necessary\",\"analytics\"],"
#define ID    "\"consentId\":\"14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10\""
#define TS    "\"consentTimestamp\":\"2025-06-01T10:00:00.000Z\""
#define LAST  "\"lastConsentTimestamp\":\"2025-06-03T10:00:00.000Z\""


int
main(void)
{
    int               e, i;
    char              name[128], buf[8192];
    const char       *how;
    consent_result_t  res;

    for (e = 0; e < 2; e++) {
        how = e ? "encoded" : "raw";

        /* the example of FORMATS */

        snprintf(name, sizeof(name), "%s: example", how);
        is_int(parse(V3("[\"necessary\",\"analytics\"]"), e, &res),
               CONSENT_OK, name);
        is_int(res.granted, NEC|ANA, "  necessary and analytics granted");
        is_int(res.timestamp, 1748772000, "  lastConsentTimestamp");
        is_int(res.revision, 0, "  revision 0");
        is_str(res.id.data, res.id.len,
               "14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10", "  consent id");
        ok(res.id.data >= (e ? scratch : in)
           && res.id.data < (e ? scratch : in) + 4096,
           "  id points into %s", e ? "scratch" : "the input");
        ok(!res.undecided, "  decided");

        snprintf(name, sizeof(name), "%s: accept all", how);
        is_int(parse(V3("[\"necessary\",\"analytics\",\"marketing\","
                        "\"preferences\"]"), e, &res), CONSENT_OK, name);
        is_int(res.granted, NEC|ANA|MKT|PRF, "  all granted");

        snprintf(name, sizeof(name), "%s: reject all", how);
        is_int(parse(V3("[\"necessary\"]"), e, &res), CONSENT_OK, name);
        is_int(res.granted, NEC, "  necessary only");

        snprintf(name, sizeof(name), "%s: no categories at all", how);
        is_int(parse(V3("[]"), e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing");

        snprintf(name, sizeof(name), "%s: partial", how);
        is_int(parse(V3("[\"necessary\",\"preferences\"]"), e, &res),
               CONSENT_OK, name);
        is_int(res.granted, NEC|PRF, "  preferences, not analytics");

        snprintf(name, sizeof(name), "%s: site's own names", how);
        is_int(parse(V3("[\"necessary\",\"advertisement\",\"functionality\","
                        "\"a+b\"]"), e, &res), CONSENT_OK, name);
        is_int(res.granted, NEC|CONSENT_BIT(4), "  unknown names ignored, "
               "'+' stays '+'");

        snprintf(name, sizeof(name), "%s: no tokens", how);
        is_int(parse_n(V3("[\"necessary\",\"analytics\"]"), e, 0, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing granted without tokens");

        snprintf(name, sizeof(name), "%s: case-sensitive", how);
        is_int(parse(V3("[\"Analytics\",\"MARKETING\"]"), e, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: not strings", how);
        is_int(parse(V3("[true,1,null,[\"analytics\"],{\"analytics\":true},"
                        "\"analytics \"]"), e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: escaped name", how);
        is_int(parse(V3("[\"\\u0061nalytics\",\"market\\u0069ng\"]"), e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, ANA|MKT, "  decoded and granted");

        /* duplicates: the more restrictive copy wins */

        snprintf(name, sizeof(name), "%s: categories twice", how);
        is_int(parse("{\"categories\":[\"analytics\",\"marketing\"],"
                     ID "," TS "," LAST ",\"categories\":[\"analytics\"]}",
                     e, &res), CONSENT_OK, name);
        is_int(res.granted, ANA, "  intersection");

        snprintf(name, sizeof(name), "%s: categories twice, one empty", how);
        is_int(parse("{\"categories\":[],"
                     ID "," TS "," LAST ",\"categories\":[\"analytics\"]}",
                     e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing");

        snprintf(name, sizeof(name), "%s: categories twice, one a string",
                 how);
        is_int(parse("{\"categories\":[\"analytics\"],"
                     ID "," TS "," LAST ",\"categories\":\"analytics\"}",
                     e, &res), CONSENT_ETYPE, name);
        is_int(res.granted, 0, "  nothing");

        /* timestamps */

        snprintf(name, sizeof(name), "%s: last timestamp preferred", how);
        is_int(parse(HEAD ID "," TS "," LAST "}", e, &res), CONSENT_OK,
               name);
        is_int(res.timestamp, 1748944800, "  2025-06-03T10:00:00Z");
        is_int(res.revision, -1, "  no revision");

        snprintf(name, sizeof(name), "%s: broken last, first used", how);
        is_int(parse(HEAD ID "," TS ",\"lastConsentTimestamp\":\"soon\"}", e,
                     &res), CONSENT_OK, name);
        is_int(res.timestamp, 1748772000, "  consentTimestamp");

        snprintf(name, sizeof(name), "%s: both broken", how);
        is_int(parse(HEAD ID ",\"consentTimestamp\":\"x\","
                     "\"lastConsentTimestamp\":\"2025-13-01T00:00:00Z\"}", e,
                     &res), CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing");
        is_int(res.timestamp, -1, "  no time");

        /* the library's validity rules */

        snprintf(name, sizeof(name), "%s: consentId missing", how);
        is_int(parse(HEAD TS "," LAST "}", e, &res), CONSENT_EMISSING, name);
        is_int(res.granted, 0, "  nothing granted");
        is_int(res.id.len, 0, "  no id");

        snprintf(name, sizeof(name), "%s: consentId empty", how);
        is_int(parse(HEAD "\"consentId\":\"\"," TS "," LAST "}", e, &res),
               CONSENT_EMISSING, name);

        snprintf(name, sizeof(name), "%s: consentId null", how);
        is_int(parse(HEAD "\"consentId\":null," TS "," LAST "}", e, &res),
               CONSENT_EMISSING, name);

        snprintf(name, sizeof(name), "%s: consentId a number", how);
        is_int(parse(HEAD "\"consentId\":42," TS "," LAST "}", e, &res),
               CONSENT_ETYPE, name);

        snprintf(name, sizeof(name), "%s: consentTimestamp missing", how);
        is_int(parse(HEAD ID "," LAST "}", e, &res), CONSENT_EMISSING, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: lastConsentTimestamp missing", how);
        is_int(parse(HEAD ID "," TS "}", e, &res), CONSENT_EMISSING, name);

        snprintf(name, sizeof(name), "%s: a timestamp a number", how);
        is_int(parse(HEAD ID ",\"consentTimestamp\":1748772000," LAST "}", e,
                     &res), CONSENT_ETYPE, name);

        snprintf(name, sizeof(name), "%s: a timestamp empty", how);
        is_int(parse(HEAD ID ",\"consentTimestamp\":\"\"," LAST "}", e,
                     &res), CONSENT_EMISSING, name);

        snprintf(name, sizeof(name), "%s: categories a string", how);
        is_int(parse("{\"categories\":\"analytics\"," ID "," TS "," LAST "}",
                     e, &res), CONSENT_ETYPE, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: categories an object", how);
        is_int(parse("{\"categories\":{\"analytics\":true}," ID "," TS ","
                     LAST "}", e, &res), CONSENT_ETYPE, name);

        snprintf(name, sizeof(name), "%s: categories null", how);
        is_int(parse("{\"categories\":null," ID "," TS "," LAST "}",
                     e, &res), CONSENT_ETYPE, name);

        snprintf(name, sizeof(name), "%s: nothing to read", how);
        is_int(parse("{\"consent\":true," ID "," TS "," LAST "}", e, &res),
               CONSENT_EMISSING, name);

        snprintf(name, sizeof(name), "%s: an array", how);
        is_int(parse("[\"analytics\"]", e, &res), CONSENT_ETYPE, name);

        snprintf(name, sizeof(name), "%s: a string", how);
        is_int(parse("\"analytics\"", e, &res), CONSENT_ETYPE, name);

        /* revision */

        snprintf(name, sizeof(name), "%s: revision 3", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"revision\":3}", e, &res),
               CONSENT_OK, name);
        is_int(res.revision, 3, "  3");

        snprintf(name, sizeof(name), "%s: revision a string", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"revision\":\"3\"}", e, &res),
               CONSENT_OK, name);
        is_int(res.revision, -1, "  none");

        snprintf(name, sizeof(name), "%s: revision negative", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"revision\":-2}", e, &res),
               CONSENT_OK, name);
        is_int(res.revision, -1, "  none");

        snprintf(name, sizeof(name), "%s: revision fractional", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"revision\":1.5}", e, &res),
               CONSENT_OK, name);
        is_int(res.revision, -1, "  none");

        snprintf(name, sizeof(name), "%s: revision twice", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"revision\":3,"
                     "\"revision\":4}", e, &res), CONSENT_EINVAL, name);
        is_int(res.revision, -1, "  none");
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: revision twice, the same", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"revision\":3,"
                     "\"revision\":3}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: consentId twice", how);
        is_int(parse(HEAD ID "," TS "," LAST "," ID "}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.id.len, 0, "  no id");

        snprintf(name, sizeof(name), "%s: consentTimestamp twice", how);
        is_int(parse(HEAD ID "," TS "," LAST "," TS "}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.timestamp, -1, "  no time");

        snprintf(name, sizeof(name), "%s: lastConsentTimestamp twice", how);
        is_int(parse(HEAD ID "," TS "," LAST "," LAST "}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        /* ids that are not reported */

        snprintf(name, sizeof(name), "%s: id with a space", how);
        is_int(parse(HEAD "\"consentId\":\"a b\"," TS "," LAST "}", e, &res),
               CONSENT_OK, name);
        is_int(res.id.len, 0, "  not reported");
        is_int(res.granted, NEC|ANA, "  consent still read");

        snprintf(name, sizeof(name), "%s: id with escapes", how);
        is_int(parse(HEAD "\"consentId\":\"a\\u0062\"," TS "," LAST "}", e,
                     &res), CONSENT_OK, name);
        is_int(res.id.len, 0, "  not reported");

        memset(buf, 0, sizeof(buf));
        strcpy(buf, HEAD TS "," LAST ",\"consentId\":\"");
        memset(buf + strlen(buf), 'x', 129);
        strcat(buf, "\"}");
        snprintf(name, sizeof(name), "%s: id of 129 bytes", how);
        is_int(parse(buf, e, &res), CONSENT_OK, name);
        is_int(res.id.len, 0, "  not reported");

        buf[strlen(buf) - 3] = '\0';
        strcat(buf, "\"}");
        snprintf(name, sizeof(name), "%s: id of 128 bytes", how);
        is_int(parse(buf, e, &res), CONSENT_OK, name);
        is_int(res.id.len, 128, "  reported");

        /* v2 legacy */

        snprintf(name, sizeof(name), "%s: v2", how);
        is_int(parse("{\"level\":[\"necessary\",\"analytics\"],\"revision\":0,"
                     "\"data\":null,\"rfc_cookie\":false}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, NEC|ANA, "  level read");
        is_int(res.timestamp, -1, "  no time");
        is_int(res.revision, 0, "  revision");
        is_int(res.id.len, 0, "  no id");

        snprintf(name, sizeof(name), "%s: v2 level not an array", how);
        is_int(parse("{\"level\":\"analytics\",\"revision\":0}", e, &res),
               CONSENT_ETYPE, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: v2 level twice", how);
        is_int(parse("{\"level\":[\"marketing\",\"analytics\"],"
                     "\"level\":[\"marketing\"]}", e, &res), CONSENT_OK, name);
        is_int(res.granted, MKT, "  intersection");

        snprintf(name, sizeof(name), "%s: v3 ignores level", how);
        is_int(parse(HEAD ID "," TS "," LAST ",\"level\":[\"marketing\"]}", e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, NEC|ANA, "  categories only");

        /* malformed */

        snprintf(name, sizeof(name), "%s: truncated", how);
        strcpy(buf, V3("[\"necessary\",\"analytics\"]"));
        buf[strlen(buf) / 2] = '\0';
        is_int(parse(buf, e, &res), CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: one byte short", how);
        strcpy(buf, V3("[\"necessary\",\"analytics\"]"));
        buf[strlen(buf) - 1] = '\0';
        is_int(parse(buf, e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: trailing garbage", how);
        is_int(parse(V3("[\"analytics\"]") "x", e, &res), CONSENT_EINVAL,
               name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: single quotes", how);
        is_int(parse("{'categories':['analytics']," ID "," TS "," LAST "}", e,
                     &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: nested too deep", how);
        strcpy(buf, HEAD ID "," TS "," LAST ",\"data\":");
        for (i = 0; i < 20; i++) {
            strcat(buf, "[");
        }
        for (i = 0; i < 20; i++) {
            strcat(buf, "]");
        }
        strcat(buf, "}");
        is_int(parse(buf, e, &res), CONSENT_EDEPTH, name);
        is_int(res.granted, 0, "  nothing granted");
    }

    /* encodings */

    is_int(parse("%7B%22categories%22%3A%5B%22analytics%22%5D%2C%22consentId"
                 "%22%3A%22x%22%2C%22consentTimestamp%22%3A%222025-06-01T10%3A"
                 "00%3A00Z%22%2C%22lastConsentTimestamp%22%3A%222025-06-01T10"
                 "%3A00%3A00Z%22%7D", 0, &res), CONSENT_OK,
           "encodeURIComponent output");
    is_int(res.granted, ANA, "  analytics");
    is_str(res.id.data, res.id.len, "x", "  id");

    is_int(parse("{%22categories%22:[%22analytics%22],%22consentId%22:%22x%22,"
                 "%22consentTimestamp%22:%222025-06-01T10:00:00Z%22,"
                 "%22lastConsentTimestamp%22:%222025-06-01T10:00:00Z%22}",
                 0, &res), CONSENT_OK, "partly encoded");
    is_int(res.granted, ANA, "  analytics");

    is_int(parse("%7B%22categories%22%3A%5B%22analytics%22%5D%zz", 0, &res),
           CONSENT_EENCODING, "bad escape");
    is_int(parse("{\"level\":[\"analytics\"],\"data\":\"50%\"}", 0, &res),
           CONSENT_OK, "raw v2 JSON with a '%' of its own");
    is_int(res.granted, ANA, "  analytics");
    is_int(parse("{\"level\":[\"analytics\"],\"data\":50%}", 0, &res),
           CONSENT_EINVAL, "raw JSON, '%' outside a string");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("{\"level\":[\"%61nalytics\"],\"data\":\"50%25\"}", 0,
                 &res), CONSENT_OK, "'{' and valid escapes: decoded");
    is_int(res.granted, ANA, "  analytics");
    is_int(parse("%7B%22categories%22%3A%5B%22analytics%22%5D%7", 0, &res),
           CONSENT_EENCODING, "truncated escape");
    is_int(parse("%7B%22categories%22%3A%5B%22analytics%00%22%5D", 0, &res),
           CONSENT_EENCODING, "escaped NUL");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("%7B%22categories%22%3A%5B%22%C3%22%5D%2C" ID "," TS ","
                 LAST "%7D", 0, &res), CONSENT_EINVAL,
           "invalid UTF-8 after decoding");

    is_int(parse("", 0, &res), CONSENT_EMPTY, "empty value");
    is_int(res.timestamp, -1, "  timestamp -1");
    is_int(res.revision, -1, "  revision -1");

    memset(buf, ' ', 4097);
    buf[0] = '{';
    buf[4095] = '}';
    buf[4096] = '\0';
    is_int(parse(buf, 0, &res), CONSENT_EMISSING, "4096 bytes: read");
    buf[4095] = ' ';
    buf[4096] = '}';
    buf[4097] = '\0';
    is_int(parse(buf, 0, &res), CONSENT_ETOOLONG, "4097 bytes: too long");

    /* ISO-8601 */

    is_int(iso("2025-06-01T10:00:00.000Z"), 1748772000, "iso: toISOString");
    is_int(iso("2025-06-01T10:00:00Z"), 1748772000, "iso: no fraction");
    is_int(iso("2025-06-01T10:00:00.123456Z"), 1748772000,
           "iso: long fraction");
    is_int(iso("2025-06-01T12:00:00+02:00"), 1748772000, "iso: +02:00");
    is_int(iso("2025-06-01T05:30:00.5-04:30"), 1748772000, "iso: -04:30");
    is_int(iso("1970-01-01T00:00:00Z"), 0, "iso: epoch");
    is_int(iso("2024-02-29T23:59:59Z"), 1709251199, "iso: leap day");
    is_int(iso("2000-03-01T00:00:00Z"), 951868800, "iso: after 2000-02-29");
    is_int(iso("2099-12-31T23:59:59Z"), 4102444799LL, "iso: 2099");
    is_int(iso("2023-02-29T00:00:00Z"), -1, "iso: no leap day in 2023");
    is_int(iso("1900-02-29T00:00:00Z"), -1, "iso: 1900");
    is_int(iso("2025-04-31T00:00:00Z"), -1, "iso: April 31");
    is_int(iso("2025-13-01T00:00:00Z"), -1, "iso: month 13");
    is_int(iso("2025-00-01T00:00:00Z"), -1, "iso: month 0");
    is_int(iso("2025-06-00T00:00:00Z"), -1, "iso: day 0");
    is_int(iso("2025-06-01T24:00:00Z"), -1, "iso: hour 24");
    is_int(iso("2025-06-01T10:60:00Z"), -1, "iso: minute 60");
    is_int(iso("2025-06-01T10:00:60Z"), -1, "iso: second 60");
    is_int(iso("2025-06-01T10:00:00"), -1, "iso: no zone");
    is_int(iso("2025-06-01T10:00:00z"), -1, "iso: lower-case z");
    is_int(iso("2025-06-01 10:00:00Z"), -1, "iso: space");
    is_int(iso("2025-06-01T10:00:00.Z"), -1, "iso: empty fraction");
    is_int(iso("2025-06-01T10:00:00Zx"), -1, "iso: trailing byte");
    is_int(iso("2025-06-01T10:00:00+0200"), -1, "iso: offset without colon");
    is_int(iso("2025-06-01T10:00:00+24:00"), -1, "iso: offset 24");
    is_int(iso("1969-12-31T23:59:59Z"), -1, "iso: before 1970");
    is_int(iso("1970-01-01T00:30:00+01:00"), -1, "iso: negative result");
    is_int(iso("+02025-06-01T10:00:00Z"), -1, "iso: expanded year");
    is_int(iso("2025-6-1T10:00:00Z"), -1, "iso: short fields");
    is_int(iso(""), -1, "iso: empty");

    free(in);
    free(scratch);

    return done_testing();
}


static int
parse(const char *s, int encode, consent_result_t *res)
{
    return parse_n(s, encode, sizeof(tokens) / sizeof(tokens[0]), res);
}


static int
parse_n(const char *s, int encode, size_t ntokens, consent_result_t *res)
{
    size_t  len;

    /* exact-size copies, kept until the next call (res->id points there) */

    free(in);
    free(scratch);

    len = encode ? encode_uri(s, NULL) : strlen(s);

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);

    if (encode) {
        encode_uri(s, (char *) in);

    } else {
        memcpy(in, s, len);
    }

    memset(res, 0xa5, sizeof(consent_result_t));

    return consent_cookieconsent_parse(in, len, scratch, tokens, ntokens,
                                       res);
}


static int64_t
iso(const char *s)
{
    return consent_cookieconsent_time((const u_char *) s, strlen(s));
}


static size_t
encode_uri(const char *s, char *out)
{
    size_t  n;

    static const char  hex[] = "0123456789ABCDEF";

    /* as encodeURIComponent() */

    for (n = 0; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
            || (*s >= '0' && *s <= '9') || strchr("-_.!~*'()", *s))
        {
            if (out) {
                out[n] = *s;
            }

            n++;
            continue;
        }

        if (out) {
            out[n] = '%';
            out[n + 1] = hex[(u_char) *s >> 4];
            out[n + 2] = hex[(u_char) *s & 0xf];
        }

        n += 3;
    }

    return n;
}
