
/*
 * Unit tests: Klaro's consent cookie.
 */


#include "tap.h"
#include "consent_klaro.h"

#include <stdlib.h>


#define MATOMO   CONSENT_BIT(0)
#define YOUTUBE  CONSENT_BIT(1)
#define ADSENSE  CONSENT_BIT(2)
#define GA       CONSENT_BIT(3)


static int parse(const char *s, int encode, consent_result_t *res);
static int parse_n(const char *s, int encode, size_t ntokens,
    consent_result_t *res);
static size_t encode_uri(const char *s, char *out);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 6, (const u_char *) "matomo" },
    { 7, (const u_char *) "youtube" },
    { 7, (const u_char *) "adsense" },
    { 16, (const u_char *) "google-analytics" },
};


int
main(void)
{
    int               e, i;
    char              name[128], buf[8192];
    const char       *how;
    consent_result_t  res;

    for (e = 0; e < 2; e++) {
        how = e ? "encoded" : "raw";

        snprintf(name, sizeof(name), "%s: example", how);
        is_int(parse("{\"matomo\":true,\"youtube\":false,\"adsense\":false}",
                     e, &res), CONSENT_OK, name);
        is_int(res.granted, MATOMO, "  matomo only");
        is_int(res.timestamp, -1, "  no time");
        is_int(res.revision, -1, "  no revision");
        is_int(res.id.len, 0, "  no id");
        ok(!res.undecided, "  decided");

        snprintf(name, sizeof(name), "%s: accept all", how);
        is_int(parse("{\"matomo\":true,\"youtube\":true,\"adsense\":true,"
                     "\"google-analytics\":true}", e, &res), CONSENT_OK, name);
        is_int(res.granted, MATOMO|YOUTUBE|ADSENSE|GA, "  everything");

        snprintf(name, sizeof(name), "%s: reject all", how);
        is_int(parse("{\"matomo\":false,\"youtube\":false,\"adsense\":false,"
                     "\"google-analytics\":false}", e, &res), CONSENT_OK,
               name);
        is_int(res.granted, 0, "  nothing");

        snprintf(name, sizeof(name), "%s: partial", how);
        is_int(parse("{\"youtube\":true,\"google-analytics\":true}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, YOUTUBE|GA, "  youtube and google-analytics");

        snprintf(name, sizeof(name), "%s: empty object", how);
        is_int(parse("{}", e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing");

        snprintf(name, sizeof(name), "%s: unknown services", how);
        is_int(parse("{\"hotjar\":true,\"matomo\":true,\"Matomo\":true}", e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, MATOMO, "  ignored; case-sensitive");

        snprintf(name, sizeof(name), "%s: no tokens", how);
        is_int(parse_n("{\"matomo\":true}", e, 0, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: true only", how);
        is_int(parse("{\"matomo\":\"true\",\"youtube\":1,\"adsense\":null,"
                     "\"google-analytics\":{\"on\":true}}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  strings, numbers, null, objects: none");

        snprintf(name, sizeof(name), "%s: arrays", how);
        is_int(parse("{\"matomo\":[true],\"youtube\":true}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, YOUTUBE, "  [true] is not true");

        snprintf(name, sizeof(name), "%s: nested names", how);
        is_int(parse("{\"x\":{\"matomo\":true}}", e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  only top-level keys count");

        snprintf(name, sizeof(name), "%s: duplicate, true then false", how);
        is_int(parse("{\"matomo\":true,\"matomo\":false}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  the more restrictive wins");

        snprintf(name, sizeof(name), "%s: duplicate, false then true", how);
        is_int(parse("{\"matomo\":false,\"youtube\":true,\"matomo\":true}", e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, YOUTUBE, "  the more restrictive wins");

        snprintf(name, sizeof(name), "%s: duplicate, both true", how);
        is_int(parse("{\"matomo\":true,\"matomo\":true}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, MATOMO, "  granted");

        snprintf(name, sizeof(name), "%s: escaped key", how);
        is_int(parse("{\"mat\\u006fmo\":true,\"you\\/tube\":true}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, MATOMO, "  decoded key matches");

        snprintf(name, sizeof(name), "%s: escaped duplicate", how);
        is_int(parse("{\"matomo\":true,\"\\u006datomo\":false}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  same key after decoding");

        snprintf(name, sizeof(name), "%s: whitespace", how);
        is_int(parse(" {\n \"matomo\" : true ,\t\"youtube\":false } ", e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, MATOMO, "  matomo");

        /* wrong type */

        snprintf(name, sizeof(name), "%s: an array", how);
        is_int(parse("[\"matomo\"]", e, &res), CONSENT_ETYPE, name);
        is_int(res.granted, 0, "  nothing");
        is_str(consent_strerror(CONSENT_ETYPE),
               strlen(consent_strerror(CONSENT_ETYPE)), "wrong type",
               "  reason for the log");

        snprintf(name, sizeof(name), "%s: true", how);
        is_int(parse("true", e, &res), CONSENT_ETYPE, name);

        snprintf(name, sizeof(name), "%s: a string", how);
        is_int(parse("\"matomo\"", e, &res), CONSENT_ETYPE, name);

        /* malformed */

        snprintf(name, sizeof(name), "%s: truncated", how);
        is_int(parse("{\"matomo\":true,\"youtube\":fal", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted, not even matomo");

        snprintf(name, sizeof(name), "%s: unclosed", how);
        is_int(parse("{\"matomo\":true", e, &res), CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: trailing comma", how);
        is_int(parse("{\"matomo\":true,}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: unquoted key", how);
        is_int(parse("{matomo:true}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: single quotes", how);
        is_int(parse("{'matomo':true}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: True", how);
        is_int(parse("{\"matomo\":True}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: two objects", how);
        is_int(parse("{\"matomo\":false}{\"matomo\":true}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: control byte in a key", how);
        is_int(parse("{\"mat\x01omo\":true}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: too deep", how);
        strcpy(buf, "{\"matomo\":true,\"x\":");
        for (i = 0; i < 16; i++) {
            strcat(buf, "[");
        }
        for (i = 0; i < 16; i++) {
            strcat(buf, "]");
        }
        strcat(buf, "}");
        is_int(parse(buf, e, &res), CONSENT_EDEPTH, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: deep enough", how);
        strcpy(buf, "{\"matomo\":true,\"x\":");
        for (i = 0; i < 15; i++) {
            strcat(buf, "[");
        }
        for (i = 0; i < 15; i++) {
            strcat(buf, "]");
        }
        strcat(buf, "}");
        is_int(parse(buf, e, &res), CONSENT_OK, name);
        is_int(res.granted, MATOMO, "  matomo");
    }

    /* encodings */

    is_int(parse("%7B%22matomo%22%3Atrue%2C%22youtube%22%3Afalse%7D", 0,
                 &res), CONSENT_OK, "encodeURIComponent output");
    is_int(res.granted, MATOMO, "  matomo");

    is_int(parse("{%22matomo%22:true,%22adsense%22:true}", 0, &res),
           CONSENT_OK, "quotes encoded only");
    is_int(res.granted, MATOMO|ADSENSE, "  matomo and adsense");

    is_int(parse("%7B%22matomo%22%3Atrue%7", 0, &res), CONSENT_EENCODING,
           "truncated escape");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("%7B%22matomo%22%3Atrue%7G", 0, &res), CONSENT_EENCODING,
           "bad escape");
    is_int(parse("%7B%22matomo%00%22%3Atrue%7D", 0, &res), CONSENT_EENCODING,
           "escaped NUL");
    is_int(parse("{\"matomo\":true,\"a+b\":true}", 0, &res), CONSENT_OK,
           "a literal '+'");
    is_int(res.granted, MATOMO, "  matomo");

    is_int(parse("", 0, &res), CONSENT_EMPTY, "empty value");
    is_int(parse("   ", 0, &res), CONSENT_EINVAL, "only spaces");

    memset(buf, ' ', sizeof(buf));
    memcpy(buf, "{\"matomo\":true}", 15);
    buf[4096] = '\0';
    is_int(parse(buf, 0, &res), CONSENT_OK, "4096 bytes");
    is_int(res.granted, MATOMO, "  matomo");
    buf[4096] = ' ';
    buf[4097] = '\0';
    is_int(parse(buf, 0, &res), CONSENT_ETOOLONG, "4097 bytes");
    is_int(res.granted, 0, "  nothing granted");

    /* many services */

    strcpy(buf, "{");
    for (i = 0; i < 200; i++) {
        snprintf(buf + strlen(buf), 32, "\"svc%d\":true,", i);
    }
    strcat(buf, "\"adsense\":true}");
    is_int(parse(buf, 0, &res), CONSENT_OK, "200 unknown services");
    is_int(res.granted, ADSENSE, "  adsense");

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

    return consent_klaro_parse(in, len, scratch, tokens, ntokens, res);
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
