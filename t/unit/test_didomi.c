
/*
 * Unit tests: Didomi's didomi_token, and the base64 decoder of the cores.
 */


#include "tap.h"
#include "consent_didomi.h"

#include <stdlib.h>


/*
 * Real values.
 *
 * DOC: the example of Didomi's help centre, "Didomi Cookies: storage",
 * https://support.didomi.io/en/didomi-cookies-storage-1 (custom purposes
 * and vendors enabled, "google" enabled on legitimate interest too).
 *
 * REFUSED: a didomi_token that www.leboncoin.fr (a Didomi site) set after
 * "refuse all", as it was committed with a request's Cookie header to a
 * public GitHub repository (found with a code search for
 * "didomi_token=eyJ1c2VyX2lkIjoi"): purposes, vendors and vendors_li
 * disabled, nothing enabled, and an "ac" key.
 */

#define DOC                                                                   \
    "eyJ1c2VyX2lkIjoiMTc4NDExNGMtZjhiMy02NTkwLWE2ZGYtYjlmYjI0MGJkZWE1Iiwi"    \
    "Y3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIx"    \
    "LTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYW1hem9u"    \
    "IiwiZ29vZ2xlIiwiYzpyZXNlYXV4c28tVkZlcEtyTFIiLCJjOnBhcnRlbmFpcmUtWDlT"    \
    "RFdrZzIiLCJjOnBlcnNvbm5hbGktWDNWY3h6UkQiLCJjOmdvb2dsZWFuYS1oN0tjM2U3"    \
    "WSIsImM6cHVibGljaXRlLXRGUkY0ZDM5Il19LCJwdXJwb3NlcyI6eyJlbmFibGVkIjpb"    \
    "InA0ZW05YThtIiwicGFydGVuYWlyZS1jQXNEZThqQyIsIkNMLVQxUmdtNyIsIk05TlJI"    \
    "SmUzRyIsInE0emxKcWRjRCJdfSwidmVuZG9yc19saSI6eyJlbmFibGVkIjpbImdvb2ds"    \
    "ZSJdfSwidmVyc2lvbiI6Mn0="

#define REFUSED                                                               \
    "eyJ1c2VyX2lkIjoiMTkxYmM0NTgtNTNmNS02NmM2LWIzMTMtODk1NTZkMjZmMWQ0Iiwi"    \
    "Y3JlYXRlZCI6IjIwMjQtMDktMDRUMDk6MDI6MzguMzk5WiIsInVwZGF0ZWQiOiIyMDI0"    \
    "LTA5LTA0VDA5OjAyOjM5Ljc1M1oiLCJ2ZW5kb3JzIjp7ImRpc2FibGVkIjpbImdvb2ds"    \
    "ZSIsImM6bGJjZnJhbmNlIiwiYzpyZXZsaWZ0ZXItY1JwTW5wNXgiLCJjOnB1cnBvc2Vs"    \
    "YS0zdzRaZktLRCIsImM6aW5mZWN0aW91cy1tZWRpYSIsImM6dHVyYm8iLCJjOmFkaW1v"    \
    "LVBoVVZtNkZFIiwiYzpnb29nbGVhbmEtNFRYbkppZ1IiLCJjOnVuZGVydG9uZS1UTGpx"    \
    "ZFRwZiIsImM6bTZwdWJsaWNpLXRYVFlETkFjIiwiYzpyb2NrZXJib3gtZlRNOEVKOVAi"    \
    "LCJjOmFmZmlsaW5ldCIsImM6c3BvbmdlY2VsbC1ueXliQUtIMiIsImM6dGFpbHRhcmdl"    \
    "LW5HV1VuYXk3IiwiYzp0aWt0b2stcktBWURnYkgiLCJjOnphbm94LWFZWXo2elc0Iiwi"    \
    "YzpwaW50ZXJlc3QiLCJjOmlnbml0aW9uby1MVkFNWmRuaiIsImM6ZGlkb21pIiwiYzps"    \
    "YmNmcmFuY2UtSHkza1lNOUYiXX0sInB1cnBvc2VzIjp7ImRpc2FibGVkIjpbImV4cGVy"    \
    "aWVuY2V1dGlsaXNhdGV1ciIsIm1lc3VyZWF1ZGllbmNlIiwicGVyc29ubmFsaXNhdGlv"    \
    "bm1hcmtldGluZyIsInByaXgiLCJkZXZpY2VfY2hhcmFjdGVyaXN0aWNzIiwiY29tcGFy"    \
    "YWlzby1ZM1p5M1VFeCJdfSwidmVuZG9yc19saSI6eyJkaXNhYmxlZCI6WyJnb29nbGUi"    \
    "LCJjOnB1cnBvc2VsYS0zdzRaZktLRCIsImM6dHVyYm8iXX0sInZlcnNpb24iOjIsImFj"    \
    "IjoiQUFBQS5BQUFBIn0="


/* synthetic tokens below: a head with the times, then the lists */

#define HEAD                                                                  \
    "{\"user_id\":\"1784114c-f8b3-6590-a6df-b9fb240bdea5\","                  \
    "\"created\":\"2021-03-17T16:46:32.344Z\","                               \
    "\"updated\":\"2021-03-18T10:00:00.000Z\","

/* its base64 has '+' and '/' */
#define ALPHABETS                                                             \
    HEAD "\"purposes\":{\"enabled\":[\"cookies\"]},\"x\":\"?>?>?>~~~\"}"

#define T_DOC      1615999592              /* 2021-03-17T16:46:32Z */
#define T_UPDATED  1616061600              /* 2021-03-18T10:00:00Z */
#define T_REFUSED  1725440559              /* 2024-09-04T09:02:39Z */


#define P_CUSTOM   CONSENT_BIT(0)          /* p4em9a8m */
#define P_CL       CONSENT_BIT(1)          /* CL-T1Rgm7 */
#define P_COOKIES  CONSENT_BIT(2)          /* cookies */
#define V_GA       CONSENT_BIT(3)          /* vendor:c:googleana-h7Kc3e7Y */
#define V_GOOGLE   CONSENT_BIT(4)          /* vendor:google */
#define P_GOOGLE   CONSENT_BIT(5)          /* google, as a purpose */
#define V_CUSTOM   CONSENT_BIT(6)          /* vendor:p4em9a8m */
#define V_LBC      CONSENT_BIT(7)          /* vendor:c:lbcfrance */
#define P_DEVICE   CONSENT_BIT(8)          /* device_characteristics */


static int parse(const char *s, consent_result_t *res);
static int parse_json(const char *json, consent_result_t *res);
static int parse_len(const char *s, size_t len, size_t ntokens,
    consent_result_t *res);
static size_t b64(const char *s, size_t len, char *out);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 8, (const u_char *) "p4em9a8m" },
    { 9, (const u_char *) "CL-T1Rgm7" },
    { 7, (const u_char *) "cookies" },
    { 27, (const u_char *) "vendor:c:googleana-h7Kc3e7Y" },
    { 13, (const u_char *) "vendor:google" },
    { 6, (const u_char *) "google" },
    { 15, (const u_char *) "vendor:p4em9a8m" },
    { 18, (const u_char *) "vendor:c:lbcfrance" },
    { 22, (const u_char *) "device_characteristics" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
main(void)
{
    int               rc, bad;
    long              n;
    char              buf[16384], json[8192];
    size_t            len, i;
    consent_result_t  res;

    /* the base64 decoder: RFC 4648, both alphabets, atob()'s padding */

    {
        static const struct {
            const char  *in;
            const char  *out;
        } v[] = {
            { "", "" }, { "Zg==", "f" }, { "Zm8=", "fo" }, { "Zm9v", "foo" },
            { "Zm9vYg==", "foob" }, { "Zm9vYmE=", "fooba" },
            { "Zm9vYmFy", "foobar" }, { "Zg", "f" }, { "Zm8", "fo" },
            { "Zh==", "f" }, { "+/+/", "\xfb\xff\xbf" },
            { "-_-_", "\xfb\xff\xbf" }, { "Zm-v", "fo\xaf" },
            { "Zm_v", "fo\xef" },
        };

        static const char  *bad_b64[] = {
            "Z", "Zg=", "Zg=a", "Zm9vY", "Zm9v=", "Zm9v====", "Zm.v",
            "Zm9v.", "Zm9 ", "Z=g=", "=Zg=", "Zm9v\n", "Zm%v", "Zm9\xff",
        };

        for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
            n = consent_base64_decode((const u_char *) v[i].in,
                                      strlen(v[i].in), (u_char *) buf);
            ok(n == (long) strlen(v[i].out)
               && memcmp(buf, v[i].out, n) == 0,
               "base64 \"%s\"", v[i].in);
        }

        for (i = 0; i < sizeof(bad_b64) / sizeof(bad_b64[0]); i++) {
            n = consent_base64_decode((const u_char *) bad_b64[i],
                                      strlen(bad_b64[i]), (u_char *) buf);
            is_int(n, CONSENT_EENCODING, "base64 error");
        }

        strcpy(buf, "Zm9vYmFy");
        n = consent_base64_decode((u_char *) buf, 8, (u_char *) buf);
        ok(n == 6 && memcmp(buf, "foobar", 6) == 0, "base64 in place");

        strcpy(buf, "Zm9vYmE");
        n = consent_base64_decode((u_char *) buf, 7, (u_char *) buf);
        ok(n == 5 && memcmp(buf, "fooba", 5) == 0,
           "base64 in place, three characters left");

        strcpy(buf, "Zm9vYg==");
        n = consent_base64_decode((u_char *) buf, 8, (u_char *) buf);
        ok(n == 4 && memcmp(buf, "foob", 4) == 0,
           "base64 in place, two characters left");
    }

    /* the real values */

    is_int(parse(DOC, &res), CONSENT_OK, "Didomi's example");
    is_int(res.granted, P_CUSTOM|P_CL|V_GA|V_GOOGLE,
           "  its custom purposes and vendors granted, nothing else");
    is_int(res.timestamp, T_DOC, "  updated");
    is_int(res.revision, -1, "  no revision");
    is_str(res.id.data, res.id.len, "1784114c-f8b3-6590-a6df-b9fb240bdea5",
           "  user_id");
    ok(res.id.data >= scratch && res.id.data < scratch + sizeof(DOC),
       "  the id points into scratch");
    ok(!res.undecided && !res.expired && !res.implied, "  decided");

    is_int(parse_len(DOC, sizeof(DOC) - 1, 0, &res), CONSENT_OK,
           "Didomi's example, no tokens");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse(REFUSED, &res), CONSENT_OK, "leboncoin.fr, refuse all");
    is_int(res.granted, 0, "  nothing granted");
    is_int(res.timestamp, T_REFUSED, "  updated");
    is_str(res.id.data, res.id.len, "191bc458-53f5-66c6-b313-89556d26f1d4",
           "  user_id");

    /* as a server may have escaped it, and without its padding */

    len = strlen(DOC);
    memcpy(buf, DOC, len - 1);
    memcpy(buf + len - 1, "%3D", 4);
    is_int(parse(buf, &res), CONSENT_OK, "'=' as %%3D");
    is_int(res.granted, P_CUSTOM|P_CL|V_GA|V_GOOGLE, "  same grants");

    memcpy(buf, DOC, len - 1);
    buf[len - 1] = '\0';
    is_int(parse(buf, &res), CONSENT_OK, "without the padding");
    is_int(res.granted, P_CUSTOM|P_CL|V_GA|V_GOOGLE, "  same grants");

    memcpy(buf, DOC, len);
    memcpy(buf + len, "=", 2);
    is_int(parse(buf, &res), CONSENT_EENCODING, "a '=' too many");
    is_int(res.granted, 0, "  nothing granted");

    memcpy(buf, DOC, len);
    buf[40] = '.';
    is_int(parse(buf, &res), CONSENT_EENCODING, "a '.'");

    /* base64url is read too: the same token in either alphabet */

    len = b64(ALPHABETS, strlen(ALPHABETS), buf);
    buf[len] = '\0';
    ok(strchr(buf, '+') && strchr(buf, '/'), "synthetic: '+' and '/' in it");
    is_int(parse(buf, &res), CONSENT_OK, "  standard base64");
    is_int(res.granted, P_COOKIES, "  granted");

    for (i = 0; i < len; i++) {
        buf[i] = (buf[i] == '+') ? '-' : (buf[i] == '/') ? '_' : buf[i];
    }

    is_int(parse(buf, &res), CONSENT_OK, "  base64url");
    is_int(res.granted, P_COOKIES, "  granted");

    /*
     * every shorter prefix (the one without the '=' is read, above): an
     * error, never a grant, never a crash
     */

    bad = 0;

    for (i = 0; i < len - 1; i++) {
        rc = parse_len(DOC, i, NTOKENS, &res);

        if (rc >= 0 || res.granted || res.id.len || res.timestamp != -1) {
            bad++;
        }
    }

    is_int(bad, 0, "every prefix of the example fails, granting nothing");

    bad = 0;

    for (i = 0; i < strlen(REFUSED) - 1; i++) {
        rc = parse_len(REFUSED, i, NTOKENS, &res);

        if (rc >= 0 || res.granted) {
            bad++;
        }
    }

    is_int(bad, 0, "every prefix of leboncoin.fr's fails");

    /* synthetic tokens from here on */

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\"]}}", &res),
           CONSENT_OK, "synthetic: a standard purpose");
    is_int(res.granted, P_COOKIES, "  granted");
    is_int(res.timestamp, T_UPDATED, "  updated, not created");

    is_int(parse_json("{\"created\":\"2021-03-17T16:46:32.344Z\","
                      "\"purposes\":{\"enabled\":[\"cookies\"]}}", &res),
           CONSENT_OK, "synthetic: created alone");
    is_int(res.timestamp, T_DOC, "  created");
    is_int(res.id.len, 0, "  no id");

    is_int(parse_json("{\"user_id\":\"x\","
                      "\"purposes\":{\"enabled\":[\"cookies\"]}}", &res),
           CONSENT_EMISSING, "synthetic: neither created nor updated");
    is_int(res.granted, 0, "  nothing granted");
    is_int(res.id.len, 0, "  no id");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\","
                      "\"p4em9a8m\"],\"disabled\":[\"cookies\"]}}", &res),
           CONSENT_OK, "synthetic: enabled and disabled");
    is_int(res.granted, P_CUSTOM, "  disabled wins");

    is_int(parse_json(HEAD "\"purposes\":{\"disabled\":[\"cookies\"],"
                      "\"enabled\":[\"cookies\"]}}", &res),
           CONSENT_OK, "synthetic: disabled before enabled");
    is_int(res.granted, 0, "  disabled wins");

    is_int(parse_json(HEAD "\"purposes_li\":{\"enabled\":[\"cookies\"]},"
                      "\"vendors_li\":{\"enabled\":[\"google\"]}}", &res),
           CONSENT_OK, "synthetic: legitimate interest only");
    is_int(res.granted, 0, "  grants nothing");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\"]},"
                      "\"purposes_li\":{\"disabled\":[\"cookies\"]},"
                      "\"vendors\":{\"enabled\":[\"google\"]},"
                      "\"vendors_li\":{\"disabled\":[\"google\"]}}", &res),
           CONSENT_OK, "synthetic: consent, and an objection");
    is_int(res.granted, 0, "  the objection wins");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"google\","
                      "\"c:googleana-h7Kc3e7Y\"]},"
                      "\"vendors\":{\"enabled\":[\"p4em9a8m\"]}}", &res),
           CONSENT_OK, "synthetic: purposes and vendors apart");
    is_int(res.granted, P_GOOGLE|V_CUSTOM,
           "  a vendor token only from vendors, a purpose only from "
           "purposes");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\","
                      "\"cookies\",\"\\u0063ookies\"]}}", &res),
           CONSENT_OK, "synthetic: an ID twice, and escaped");
    is_int(res.granted, P_COOKIES, "  granted");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[]},"
                      "\"vendors\":{}}", &res),
           CONSENT_OK, "synthetic: empty lists");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\"],"
                      "\"other\":[1,{}]},\"version\":2,\"ac\":\"AAAA\","
                      "\"x\":{\"enabled\":[\"p4em9a8m\"]}}", &res),
           CONSENT_OK, "synthetic: other keys");
    is_int(res.granted, P_COOKIES, "  skipped");

    /* keys given twice */

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\"]},"
                      "\"purposes\":{\"enabled\":[\"p4em9a8m\"]}}", &res),
           CONSENT_EINVAL, "synthetic: purposes twice");
    is_int(res.granted, 0, "  nothing granted");
    is_int(res.id.len, 0, "  no id");
    is_int(res.timestamp, -1, "  no time");

    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\"],"
                      "\"enabled\":[]}}", &res),
           CONSENT_EINVAL, "synthetic: enabled twice");

    is_int(parse_json(HEAD "\"vendors\":{\"disabled\":[],"
                      "\"disabled\":[]}}", &res),
           CONSENT_EINVAL, "synthetic: disabled twice");

    is_int(parse_json(HEAD "\"updated\":\"2021-03-18T10:00:00.000Z\"}", &res),
           CONSENT_EINVAL, "synthetic: updated twice");

    is_int(parse_json(HEAD "\"user_id\":\"y\"}", &res),
           CONSENT_EINVAL, "synthetic: user_id twice");

    /* wrong types */

    is_int(parse_json(HEAD "\"purposes\":[\"cookies\"]}", &res),
           CONSENT_ETYPE, "synthetic: purposes an array");
    is_int(parse_json(HEAD "\"purposes_li\":null}", &res),
           CONSENT_ETYPE, "synthetic: purposes_li null");
    is_int(parse_json(HEAD "\"vendors\":{\"enabled\":\"google\"}}", &res),
           CONSENT_ETYPE, "synthetic: enabled a string");
    is_int(parse_json(HEAD "\"purposes\":{\"enabled\":[\"cookies\",1]}}",
                      &res),
           CONSENT_ETYPE, "synthetic: an ID a number");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse_json(HEAD "\"purposes\":{\"disabled\":[null]}}", &res),
           CONSENT_ETYPE, "synthetic: a disabled ID null");
    is_int(parse_json("{\"user_id\":7,"
                      "\"updated\":\"2021-03-18T10:00:00.000Z\"}", &res),
           CONSENT_ETYPE, "synthetic: user_id a number");
    is_int(parse_json("{\"updated\":1616061600000}", &res),
           CONSENT_ETYPE, "synthetic: updated a number");
    is_int(parse_json("{\"updated\":\"2021-03-18\"}", &res),
           CONSENT_EINVAL, "synthetic: updated not a time");
    is_int(parse_json("{\"updated\":\"2021-02-30T10:00:00.000Z\"}", &res),
           CONSENT_EINVAL, "synthetic: updated 30 February");
    is_int(parse_json("[\"cookies\"]", &res), CONSENT_ETYPE,
           "synthetic: an array");
    is_int(parse_json("{\"updated\":\"2021-03-18T10:00:00.000Z\"", &res),
           CONSENT_EINVAL, "synthetic: JSON cut short");
    is_int(parse_json("{\"updated\":\"2021-03-18T10:00:00.000Z\",}", &res),
           CONSENT_EINVAL, "synthetic: a trailing comma");

    is_int(parse_json("{\"user_id\":\"a\\u0062c\","
                      "\"updated\":\"2021-03-18T10:00:00.000Z\"}", &res),
           CONSENT_OK, "synthetic: an escaped user_id");
    is_int(res.id.len, 0, "  no id");

    is_int(parse_json("{\"user_id\":\"a b\","
                      "\"updated\":\"2021-03-18T10:00:00.000Z\"}", &res),
           CONSENT_OK, "synthetic: a user_id with a space");
    is_int(res.id.len, 0, "  no id");

    /* what is not a token at all */

    is_int(parse("", &res), CONSENT_EMPTY, "empty");
    is_int(parse("{\"updated\":\"2021-03-18T10:00:00.000Z\"}", &res),
           CONSENT_EENCODING, "raw JSON");
    is_int(parse("%zz", &res), CONSENT_EENCODING, "a bad escape");

    memset(json, 'A', sizeof(json));
    json[CONSENT_DIDOMI_MAX_LEN + 1] = '\0';
    is_int(parse(json, &res), CONSENT_ETOOLONG, "too long");

    /* the longest JSON read: one byte more is too long */

    memset(json, ' ', CONSENT_JSON_MAX_LEN);
    memcpy(json, "{\"updated\":\"2021-03-18T10:00:00.000Z\"}", 38);
    json[CONSENT_JSON_MAX_LEN] = '\0';
    is_int(parse_json(json, &res), CONSENT_OK, "JSON of the longest length");
    json[CONSENT_JSON_MAX_LEN] = ' ';
    json[CONSENT_JSON_MAX_LEN + 1] = '\0';
    is_int(parse_json(json, &res), CONSENT_ETOOLONG, "one byte more");

    /* the tokens a mapping may name */

    ok(consent_didomi_token_valid((const u_char *) "cookies", 7),
       "token: a purpose");
    ok(consent_didomi_token_valid((const u_char *) "vendor:google", 13),
       "token: a vendor");
    ok(consent_didomi_token_valid((const u_char *) "vendor:c:x-1", 12),
       "token: a custom vendor");
    ok(!consent_didomi_token_valid((const u_char *) "c:googleana-h7Kc3e7Y",
                                   20),
       "token: a vendor without \"vendor:\"");
    ok(!consent_didomi_token_valid((const u_char *) "vendor:", 7),
       "token: \"vendor:\" alone");
    ok(!consent_didomi_token_valid((const u_char *) "", 0), "token: empty");

    free(in);
    free(scratch);

    return done_testing();
}


static int
parse(const char *s, consent_result_t *res)
{
    return parse_len(s, strlen(s), NTOKENS, res);
}


static int
parse_json(const char *json, consent_result_t *res)
{
    static char  enc[16384];

    enc[b64(json, strlen(json), enc)] = '\0';

    return parse(enc, res);
}


static int
parse_len(const char *s, size_t len, size_t ntokens, consent_result_t *res)
{
    /* exact-size copies, kept until the next call (res->id points there) */

    free(in);
    free(scratch);

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);

    memcpy(in, s, len);
    memset(res, 0xa5, sizeof(consent_result_t));

    return consent_didomi_parse(in, len, scratch, tokens, ntokens, res);
}


static size_t
b64(const char *s, size_t len, char *out)
{
    size_t    i, n;
    uint32_t  v;

    static const char  abc[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /* as btoa() */

    for (i = 0, n = 0; i < len; i += 3) {
        v = (uint32_t) (u_char) s[i] << 16;

        if (i + 1 < len) {
            v |= (uint32_t) (u_char) s[i + 1] << 8;
        }

        if (i + 2 < len) {
            v |= (u_char) s[i + 2];
        }

        out[n++] = abc[v >> 18];
        out[n++] = abc[(v >> 12) & 0x3f];
        out[n++] = (i + 1 < len) ? abc[(v >> 6) & 0x3f] : '=';
        out[n++] = (i + 2 < len) ? abc[v & 0x3f] : '=';
    }

    return n;
}
