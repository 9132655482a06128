
/*
 * Unit tests: Cookiebot's CookieConsent cookie.
 */


#include "tap.h"
#include "consent_cookiebot.h"

#include <stdlib.h>


#define NEC   CONSENT_BIT(0)
#define PRF   CONSENT_BIT(1)
#define STA   CONSENT_BIT(2)
#define MKT   CONSENT_BIT(3)

#define ENC_RAW     0
#define ENC_WIRE    1     /* as Cookiebot writes it: ' and , escaped */
#define ENC_FULL    2     /* encodeURIComponent() */


static int parse(const char *s, int encode, consent_result_t *res);
static int parse_n(const char *s, int encode, size_t ntokens,
    consent_result_t *res);
static size_t encode(const char *s, int how, char *out);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 11, (const u_char *) "preferences" },
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
};


#define STAMP  "k3J9xQ2mPq+/AbCdEfGh1234567890ZyXwVuTsRqPoNmLkJiHg=="

#define EXAMPLE                                                               \
    "{stamp:'" STAMP "',necessary:true,preferences:false,statistics:true,"    \
    "marketing:false,method:'explicit',ver:1,utc:1741015397474,region:'de'}"


int
main(void)
{
    int               e, i;
    char              name[128], buf[8192];
    const char       *how;
    consent_result_t  res;

    static const char  *hows[] = { "raw", "wire", "encoded" };

    for (e = 0; e < 3; e++) {
        how = hows[e];

        snprintf(name, sizeof(name), "%s: example", how);
        is_int(parse(EXAMPLE, e, &res), CONSENT_OK, name);
        is_int(res.granted, NEC|STA, "  necessary and statistics");
        is_int(res.timestamp, 1741015397, "  utc in seconds");
        is_int(res.revision, -1, "  no revision");
        is_str(res.id.data, res.id.len, STAMP, "  stamp, '+' and '/' kept");
        ok(!res.undecided, "  decided");

        snprintf(name, sizeof(name), "%s: accept all", how);
        is_int(parse("{stamp:'abc',necessary:true,preferences:true,"
                     "statistics:true,marketing:true,method:'explicit',ver:1,"
                     "utc:1741015397474,region:'fr'}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, NEC|PRF|STA|MKT, "  everything");

        snprintf(name, sizeof(name), "%s: reject all", how);
        is_int(parse("{stamp:'abc',necessary:true,preferences:false,"
                     "statistics:false,marketing:false,method:'explicit',"
                     "ver:1,utc:1741015397474,region:'pl'}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, NEC, "  necessary only");

        snprintf(name, sizeof(name), "%s: partial, iab2 and gacm", how);
        is_int(parse("{stamp:'abc',necessary:true,preferences:true,"
                     "statistics:false,marketing:false,method:'explicit',"
                     "ver:6,utc:1741015397474,iab2:'CQSbk4AQSbk4ANwAAAENAwCg"
                     "AAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA',"
                     "gacm:'2~1.2.3~dv.4~marketing:true,x',region:'de'}", e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, NEC|PRF, "  nothing read inside quotes");

        snprintf(name, sizeof(name), "%s: no tokens", how);
        is_int(parse_n(EXAMPLE, e, 0, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing granted");

        /* only true grants */

        snprintf(name, sizeof(name), "%s: not true", how);
        is_int(parse("{necessary:'true',preferences:1,statistics:null,"
                     "marketing:'yes'}", e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing");

        snprintf(name, sizeof(name), "%s: case-sensitive", how);
        is_int(parse("{Statistics:true,MARKETING:true}", e, &res), CONSENT_OK,
               name);
        is_int(res.granted, 0, "  nothing");

        snprintf(name, sizeof(name), "%s: duplicate key", how);
        is_int(parse("{statistics:true,marketing:true,statistics:false}", e,
                     &res), CONSENT_OK, name);
        is_int(res.granted, MKT, "  the more restrictive wins");

        snprintf(name, sizeof(name), "%s: duplicate key, quoted", how);
        is_int(parse("{statistics:true,'statistics':'true'}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  the more restrictive wins");

        snprintf(name, sizeof(name), "%s: quoted keys", how);
        is_int(parse("{'statistics':true,\"marketing\":true}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, STA|MKT, "  both");

        snprintf(name, sizeof(name), "%s: escaped key", how);
        is_int(parse("{'stat\\istics':true}", e, &res), CONSENT_EINVAL,
               name);

        snprintf(name, sizeof(name), "%s: escaped copy of a key", how);
        is_int(parse("{statistics:true,'statist\\x69cs':false}", e, &res),
               CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: nested values", how);
        is_int(parse("{x:{marketing:true},y:[1,{a:'b]}'}],statistics:true}",
                     e, &res), CONSENT_OK, name);
        is_int(res.granted, STA, "  only top-level keys count");

        snprintf(name, sizeof(name), "%s: raw JSON", how);
        is_int(parse("{\"stamp\":\"abc\",\"necessary\":true,"
                     "\"statistics\":true,\"utc\":1741015397474}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, NEC|STA, "  read");
        is_str(res.id.data, res.id.len, "abc", "  stamp");

        snprintf(name, sizeof(name), "%s: whitespace", how);
        is_int(parse(" { stamp : 'a' ,\tstatistics : true , } ", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, STA, "  statistics");

        snprintf(name, sizeof(name), "%s: empty object", how);
        is_int(parse("{}", e, &res), CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing");

        /* utc and stamp */

        /* a time that cannot be read would escape consent_max_age */

        snprintf(name, sizeof(name), "%s: utc not an integer", how);
        is_int(parse("{statistics:true,utc:1741015397474.5}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.timestamp, -1, "  no time");
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: utc a string", how);
        is_int(parse("{statistics:true,utc:'1741015397474'}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.timestamp, -1, "  no time");

        snprintf(name, sizeof(name), "%s: utc negative", how);
        is_int(parse("{statistics:true,utc:-1}", e, &res), CONSENT_EINVAL,
               name);
        is_int(res.timestamp, -1, "  no time");
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: utc with an exponent", how);
        is_int(parse("{statistics:true,utc:1e12}", e, &res), CONSENT_EINVAL,
               name);

        snprintf(name, sizeof(name), "%s: utc of 16 digits", how);
        is_int(parse("{statistics:true,utc:1741015397474000}", e, &res),
               CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: utc 0", how);
        is_int(parse("{statistics:true,utc:0}", e, &res), CONSENT_OK, name);
        is_int(res.timestamp, 0, "  the epoch");

        /*
         * numbers in JSON's grammar, the one number scanner of the cores:
         * a leading zero, which Cookiebot never writes, is malformed
         * wherever it stands, and the cookie grants nothing
         */

        snprintf(name, sizeof(name), "%s: utc with a leading zero", how);
        is_int(parse("{statistics:true,utc:01741015397474}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.timestamp, -1, "  no time");
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: ver with a leading zero", how);
        is_int(parse("{statistics:true,marketing:true,ver:01}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: a service -00", how);
        is_int(parse("{statistics:true,marketing:-00}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: ver 0.5 and -0", how);
        is_int(parse("{statistics:true,ver:0.5,x:-0,y:0e1}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, STA, "  consent read");

        snprintf(name, sizeof(name), "%s: stamp with a space", how);
        is_int(parse("{stamp:'a b',statistics:true}", e, &res), CONSENT_OK,
               name);
        is_int(res.id.len, 0, "  no id");
        is_int(res.granted, STA, "  consent still read");

        snprintf(name, sizeof(name), "%s: stamp a number", how);
        is_int(parse("{stamp:12,statistics:true}", e, &res), CONSENT_OK,
               name);
        is_int(res.id.len, 0, "  no id");

        snprintf(name, sizeof(name), "%s: stamp -1", how);
        is_int(parse("{stamp:'-1',necessary:true,preferences:true,"
                     "statistics:true,marketing:true,method:'implied',ver:1,"
                     "utc:1695456095624,region:'CN'}", e, &res),
               CONSENT_OK, name);
        ok(res.undecided, "  undecided");
        is_int(res.granted, 0, "  nothing granted");

        /* method: anything but 'explicit' is implied */

        snprintf(name, sizeof(name), "%s: method explicit", how);
        is_int(parse("{stamp:'abc',statistics:true,method:'explicit'}", e,
                     &res), CONSENT_OK, name);
        ok(!res.implied, "  not implied");

        snprintf(name, sizeof(name), "%s: method implied", how);
        is_int(parse("{stamp:'abc',statistics:true,method:'implied'}", e,
                     &res), CONSENT_OK, name);
        ok(res.implied, "  implied");
        ok(!res.undecided, "  decided");
        ok(res.granted != 0, "  the core still reports what it grants");

        snprintf(name, sizeof(name), "%s: method unknown", how);
        is_int(parse("{stamp:'abc',statistics:true,method:'Explicit'}", e,
                     &res), CONSENT_OK, name);
        ok(res.implied, "  read as implied");

        snprintf(name, sizeof(name), "%s: method a number", how);
        is_int(parse("{stamp:'abc',statistics:true,method:1}", e, &res),
               CONSENT_OK, name);
        ok(res.implied, "  read as implied");

        snprintf(name, sizeof(name), "%s: method explicit then implied",
                 how);
        is_int(parse("{method:'explicit',statistics:true,method:'implied'}",
                     e, &res), CONSENT_OK, name);
        ok(res.implied, "  any copy implied: implied");

        snprintf(name, sizeof(name), "%s: no method", how);
        is_int(parse("{stamp:'abc',statistics:true}", e, &res), CONSENT_OK,
               name);
        ok(!res.implied, "  not implied");

        /* keys given twice */

        snprintf(name, sizeof(name), "%s: stamp -1, then an id", how);
        is_int(parse("{stamp:'-1',statistics:true,stamp:'abc'}", e, &res),
               CONSENT_OK, name);
        ok(res.undecided, "  undecided");
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: an id, then stamp -1", how);
        is_int(parse("{stamp:'abc',statistics:true,stamp:'-1'}", e, &res),
               CONSENT_OK, name);
        ok(res.undecided, "  undecided");
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: two ids", how);
        is_int(parse("{stamp:'abc',statistics:true,stamp:'def'}", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");
        is_int(res.id.len, 0, "  no id");

        snprintf(name, sizeof(name), "%s: utc twice", how);
        is_int(parse("{statistics:true,utc:1741015397474,"
                     "utc:1741015397475}", e, &res), CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");
        is_int(res.timestamp, -1, "  no time");

        snprintf(name, sizeof(name), "%s: statistics true, then false", how);
        is_int(parse("{statistics:true,statistics:false}", e, &res),
               CONSENT_OK, name);
        is_int(res.granted, 0, "  nothing granted");

        /* malformed */

        snprintf(name, sizeof(name), "%s: truncated", how);
        is_int(parse("{stamp:'abc',statistics:true,marketing:tru", e, &res),
               CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: unterminated quote", how);
        is_int(parse("{stamp:'abc,statistics:true}", e, &res), CONSENT_EINVAL,
               name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: unclosed", how);
        is_int(parse("{statistics:true", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: trailing garbage", how);
        is_int(parse("{statistics:true}x", e, &res), CONSENT_EINVAL, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: two commas", how);
        is_int(parse("{statistics:true,,marketing:true}", e, &res),
               CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: missing colon", how);
        is_int(parse("{statistics true}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: missing comma", how);
        is_int(parse("{statistics:true marketing:true}", e, &res),
               CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: literal run on", how);
        is_int(parse("{statistics:truex}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: bare word value", how);
        is_int(parse("{statistics:yes}", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: '+' before a key", how);
        is_int(parse("{stamp:'x',+necessary:true,+statistics:true}", e, &res),
               CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: an array", how);
        is_int(parse("[statistics]", e, &res), CONSENT_EINVAL, name);

        snprintf(name, sizeof(name), "%s: unbalanced nesting", how);
        is_int(parse("{x:[1,2},statistics:true}", e, &res), CONSENT_EINVAL,
               name);

        snprintf(name, sizeof(name), "%s: nested too deep", how);
        strcpy(buf, "{statistics:true,x:");
        for (i = 0; i < 9; i++) {
            strcat(buf, "[");
        }
        for (i = 0; i < 9; i++) {
            strcat(buf, "]");
        }
        strcat(buf, "}");
        is_int(parse(buf, e, &res), CONSENT_EDEPTH, name);
        is_int(res.granted, 0, "  nothing granted");

        snprintf(name, sizeof(name), "%s: nested to the limit", how);
        buf[strlen("{statistics:true,x:")] = '\0';
        for (i = 0; i < 8; i++) {
            strcat(buf, "[");
        }
        for (i = 0; i < 8; i++) {
            strcat(buf, "]");
        }
        strcat(buf, "}");
        is_int(parse(buf, e, &res), CONSENT_OK, name);
        is_int(res.granted, STA, "  statistics");
    }

    /* whole values */

    is_int(parse("0", 0, &res), CONSENT_OK, "0");
    is_int(res.granted, 0, "  necessary only: nothing optional");
    ok(!res.undecided, "  a decision");

    is_int(parse("-1", 0, &res), CONSENT_OK, "-1");
    ok(res.undecided, "  undecided");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("%2D1", 0, &res), CONSENT_OK, "-1 encoded");
    ok(res.undecided, "  undecided");

    is_int(parse("1", 0, &res), CONSENT_EINVAL, "1");
    is_int(parse("00", 0, &res), CONSENT_EINVAL, "00");
    is_int(parse("-1 ", 0, &res), CONSENT_EINVAL, "-1 and a space");
    is_int(parse("true", 0, &res), CONSENT_EINVAL, "true");
    is_int(parse("", 0, &res), CONSENT_EMPTY, "empty value");

    /* encodings */

    is_int(parse("{stamp:%27" STAMP "%27%2Cnecessary:true%2Cpreferences:false"
                 "%2Cstatistics:true%2Cmarketing:false%2Cmethod:%27explicit%27"
                 "%2Cver:1%2Cutc:1741015397474%2Cregion:%27de%27}", 0, &res),
           CONSENT_OK, "the wire form");
    is_int(res.granted, NEC|STA, "  necessary and statistics");
    is_str(res.id.data, res.id.len, STAMP, "  stamp in scratch");
    ok(res.id.data >= scratch && res.id.data < scratch + 4096,
       "  id points into scratch");

    is_int(parse("{stamp:%27abc%27%2Cstatistics:true%2", 0, &res),
           CONSENT_EENCODING, "truncated escape");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("{stamp:%27abc%27%2Cstatistics:true%zz}", 0, &res),
           CONSENT_EENCODING, "bad escape");
    is_int(parse("{stamp:%27a%00%27%2Cstatistics:true}", 0, &res),
           CONSENT_EENCODING, "escaped NUL");

    /* lengths */

    memset(buf, 0, sizeof(buf));
    strcpy(buf, "{statistics:true,stamp:'");
    memset(buf + strlen(buf), 'x', 128);
    strcat(buf, "'}");
    is_int(parse(buf, 0, &res), CONSENT_OK, "stamp of 128 bytes");
    is_int(res.id.len, 128, "  reported");

    memset(buf, 0, sizeof(buf));
    strcpy(buf, "{statistics:true,stamp:'");
    memset(buf + strlen(buf), 'x', 129);
    strcat(buf, "'}");
    is_int(parse(buf, 0, &res), CONSENT_OK, "stamp of 129 bytes");
    is_int(res.id.len, 0, "  not reported");
    is_int(res.granted, STA, "  consent still read");

    memset(buf, ' ', sizeof(buf));
    memcpy(buf, "{statistics:true}", 17);
    buf[4096] = '\0';
    is_int(parse(buf, 0, &res), CONSENT_OK, "4096 bytes");
    is_int(res.granted, STA, "  statistics");
    buf[4096] = ' ';
    buf[4097] = '\0';
    is_int(parse(buf, 0, &res), CONSENT_ETOOLONG, "4097 bytes");
    is_int(res.granted, 0, "  nothing granted");

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
parse_n(const char *s, int how, size_t ntokens, consent_result_t *res)
{
    size_t  len;

    free(in);
    free(scratch);

    len = encode(s, how, NULL);

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);

    encode(s, how, (char *) in);

    memset(res, 0xa5, sizeof(consent_result_t));

    return consent_cookiebot_parse(in, len, scratch, tokens, ntokens, res);
}


static size_t
encode(const char *s, int how, char *out)
{
    int     esc;
    size_t  n;

    static const char  hex[] = "0123456789ABCDEF";

    for (n = 0; *s; s++) {

        switch (how) {
        case ENC_WIRE:
            esc = (*s == '\'' || *s == ',' || *s == '"' || *s == ' '
                   || *s == '\\');
            break;
        case ENC_FULL:
            esc = !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
                    || (*s >= '0' && *s <= '9')
                    || strchr("-_.!~*'()", *s));
            break;
        default:
            esc = 0;
        }

        if (!esc) {
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
