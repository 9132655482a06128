
/*
 * ngx_consent_module: helpers shared by the pure C cores.
 */


#include "consent_core.h"

#include <string.h>


/*
 * consent_pct_decode() reads 8 bytes at a time where the compiler can
 * find the lowest marked byte of a little-endian word;
 * -DCONSENT_PCT_WORDS=0 builds the byte loop alone
 */

#ifndef CONSENT_PCT_WORDS
#if (defined(__GNUC__) && defined(__BYTE_ORDER__)                            \
     && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#define CONSENT_PCT_WORDS  1
#else
#define CONSENT_PCT_WORDS  0
#endif
#endif


/*
 * A hex digit's value, both cases; every other byte 0xff, so that two
 * digits ORed together tell at once whether either is not one
 */

static const u_char  consent_unhex[256] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,      /*  !"#$%&' */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,      /* ()*+,-./ */
       0,    1,    2,    3,    4,    5,    6,    7,      /* 01234567 */
       8,    9, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,      /* 89:;<=>? */
    0xff,   10,   11,   12,   13,   14,   15, 0xff,      /* @ABCDEFG */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff,   10,   11,   12,   13,   14,   15, 0xff,      /* `abcdefg */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,

    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};


/* see consent_core.h */

const u_char  consent_b64[256] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,      /*  !"#$%&' */
    0xff, 0xff, 0xff, 0xbe, 0xff,   62, 0x40, 0xbf,      /* ()*+,-./ */
      52,   53,   54,   55,   56,   57,   58,   59,      /* 01234567 */
      60,   61, 0xff, 0xff, 0xff, 0x41, 0xff, 0xff,      /* 89:;<=>? */
    0xff,    0,    1,    2,    3,    4,    5,    6,      /* @ABCDEFG */
       7,    8,    9,   10,   11,   12,   13,   14,      /* HIJKLMNO */
      15,   16,   17,   18,   19,   20,   21,   22,      /* PQRSTUVW */
      23,   24,   25, 0xff, 0xff, 0xff, 0xff,   63,      /* XYZ[\]^_ */
    0xff,   26,   27,   28,   29,   30,   31,   32,      /* `abcdefg */
      33,   34,   35,   36,   37,   38,   39,   40,      /* hijklmno */
      41,   42,   43,   44,   45,   46,   47,   48,      /* pqrstuvw */
      49,   50,   51, 0xff, 0xff, 0xff, 0xff, 0xff,      /* xyz{|}~  */

    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};


const char *
consent_strerror(int rc)
{
    switch (rc) {
    case CONSENT_OK:
        return "ok";
    case CONSENT_EMPTY:
        return "empty";
    case CONSENT_EINVAL:
        return "malformed";
    case CONSENT_ETOOLONG:
        return "too long";
    case CONSENT_EVERSION:
        return "unknown version";
    case CONSENT_EENCODING:
        return "bad encoding";
    case CONSENT_ETYPE:
        return "wrong type";
    case CONSENT_EDEPTH:
        return "nested too deep";
    case CONSENT_EMISSING:
        return "required field missing";
    case CONSENT_EPOLICY:
        return "policy version too old";
    default:
        return "error";
    }
}


void
consent_result_reset(consent_result_t *res)
{
    memset(res, 0, sizeof(consent_result_t));
    res->timestamp = -1;
    res->revision = -1;
}


void
consent_result_id(consent_result_t *res, const u_char *p, size_t len,
    size_t max)
{
    size_t  i;

    if (len == 0 || len > max) {
        return;
    }

    for (i = 0; i < len; i++) {
        if (p[i] <= 0x20 || p[i] >= 0x7f) {
            return;
        }
    }

    res->id.data = p;
    res->id.len = len;
}


int
consent_format_start(const u_char **p, size_t *len, size_t max,
    u_char *scratch, consent_result_t *res)
{
    long  n;

    consent_result_reset(res);

    if (*len == 0) {
        return CONSENT_EMPTY;
    }

    if (*len > max) {
        return CONSENT_ETOOLONG;
    }

    if (scratch == NULL || memchr(*p, '%', *len) == NULL) {
        return CONSENT_OK;
    }

    n = consent_pct_decode(*p, *len, scratch, 0);
    if (n < 0) {
        return (int) n;
    }

    *p = scratch;
    *len = (size_t) n;

    return CONSENT_OK;
}


consent_cats_t
consent_rules_apply(const consent_rule_t *rules, size_t n,
    consent_tokens_t granted)
{
    size_t          i;
    consent_cats_t  cats;

    cats = 0;

    for (i = 0; i < n; i++) {
        if (rules[i].need != 0
            && (granted & rules[i].need) == rules[i].need
            && rules[i].category < CONSENT_MAX_CATEGORIES)
        {
            cats |= CONSENT_BIT(rules[i].category);
        }
    }

    return cats;
}


int
consent_token_index(const consent_str_t *tokens, size_t ntokens,
    const u_char *p, size_t len)
{
    size_t  i;

    if (ntokens > CONSENT_MAX_TOKENS) {
        ntokens = CONSENT_MAX_TOKENS;
    }

    for (i = 0; i < ntokens; i++) {
        if (tokens[i].len == len
            && (len == 0 || memcmp(tokens[i].data, p, len) == 0))
        {
            return (int) i;
        }
    }

    return -1;
}


long
consent_pct_decode(const u_char *p, size_t len, u_char *dst, unsigned flags)
{
    u_char        *d, c, hi, lo;
    const u_char  *end;
#if (CONSENT_PCT_WORDS)
    size_t         n;
    unsigned       words;
    uint64_t       w, x, y, m;
#endif

    d = dst;
    end = p + len;

#if (CONSENT_PCT_WORDS)

    /* 8 bytes at a time only where a store of 8 cannot reach the input */

    words = ((uintptr_t) dst + len <= (uintptr_t) p
             || (uintptr_t) dst >= (uintptr_t) end);

#endif

    while (p < end) {

        c = *p;

        /*
         * an escape first: encodeURIComponent() of JSON writes them in
         * runs ("%22%3A%22"), where a word would be loaded for nothing
         */

        if (c == '%') {
            if (end - p < 3) {
                return CONSENT_EENCODING;
            }

            hi = consent_unhex[p[1]];
            lo = consent_unhex[p[2]];

            /* not a digit (0xff), or both 0: an escaped NUL */

            if ((u_char) ((hi | lo) - 1) >= 0x0f) {
                return CONSENT_EENCODING;
            }

            *d++ = (u_char) (hi << 4 | lo);
            p += 3;
            continue;
        }

#if (CONSENT_PCT_WORDS)

        /*
         * 8 bytes copied at once; m marks the '%' bytes among them, and
         * the '+' bytes with CONSENT_PCT_PLUS (the lowest mark exactly:
         * the borrows of the zero-byte test run only upwards), and the
         * copy stops before the first one.  d never passes p, so the 8
         * bytes stored fit in dst.  The first byte is no '%'; a '+' there
         * is left to the byte below.
         */

        if (words && end - p >= 8) {
            memcpy(&w, p, 8);
            memcpy(d, &w, 8);

            x = w ^ 0x2525252525252525ULL;
            m = (x - 0x0101010101010101ULL) & ~x;

            if (flags & CONSENT_PCT_PLUS) {
                y = w ^ 0x2b2b2b2b2b2b2b2bULL;
                m |= (y - 0x0101010101010101ULL) & ~y;
            }

            m &= 0x8080808080808080ULL;

            if (m == 0) {
                p += 8;
                d += 8;
                continue;
            }

            n = (size_t) __builtin_ctzll(m) >> 3;

            if (n) {
                p += n;
                d += n;
                continue;
            }
        }

#endif

        if (c == '+' && (flags & CONSENT_PCT_PLUS)) {
            c = ' ';
        }

        *d++ = c;
        p++;
    }

    return (long) (d - dst);
}


int
consent_number(const u_char *p, size_t len, size_t max, int64_t *v)
{
    size_t   i;
    int64_t  n;

    if (max > CONSENT_NUMBER_MAX_DIGITS) {
        max = CONSENT_NUMBER_MAX_DIGITS;
    }

    if (len == 0 || len > max) {
        return CONSENT_EINVAL;
    }

    n = 0;

    for (i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return CONSENT_EINVAL;
        }

        n = n * 10 + (p[i] - '0');
    }

    *v = n;

    return CONSENT_OK;
}


int
consent_number_scan(const u_char *p, const u_char *end, const u_char **last)
{
    if (p < end && *p == '-') {
        p++;
    }

    if (p == end || *p < '0' || *p > '9') {
        return CONSENT_EINVAL;
    }

    if (*p == '0') {
        p++;

    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            p++;
        }
    }

    if (p < end && *p == '.') {
        p++;

        if (p == end || *p < '0' || *p > '9') {
            return CONSENT_EINVAL;
        }

        while (p < end && *p >= '0' && *p <= '9') {
            p++;
        }
    }

    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;

        if (p < end && (*p == '+' || *p == '-')) {
            p++;
        }

        if (p == end || *p < '0' || *p > '9') {
            return CONSENT_EINVAL;
        }

        while (p < end && *p >= '0' && *p <= '9') {
            p++;
        }
    }

    *last = p;

    return CONSENT_OK;
}


int64_t
consent_days_from_civil(unsigned y, unsigned m, unsigned d)
{
    unsigned  era, yoe, doy, doe;

    if (m <= 2) {
        y--;
    }

    era = y / 400;
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return (int64_t) era * 146097 + doe - 719468;
}


int64_t
consent_civil_time(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi,
    int64_t s)
{
    int64_t  mdays;

    static const u_char  days[] = {
        31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
    };

    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h < 0
        || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
    {
        return -1;
    }

    mdays = days[mo - 1];

    if (mo == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
        mdays = 29;
    }

    if (d > mdays) {
        return -1;
    }

    return consent_days_from_civil((unsigned) y, (unsigned) mo, (unsigned) d)
           * 86400 + h * 3600 + mi * 60 + s;
}


long
consent_base64_decode(const u_char *p, size_t len, u_char *dst)
{
    u_char          *q, a, b, c, d;
    uint32_t         v;
    const u_char    *last;

    if (len % 4 == 0) {
        if (len && p[len - 1] == '=') {
            len--;
        }

        if (len && p[len - 1] == '=') {
            len--;
        }
    }

    if (len % 4 == 1) {
        return CONSENT_EENCODING;
    }

    /*
     * four characters, three bytes at a time: the four are read before the
     * three are written, which keeps dst == p safe; with CONSENT_B64_STD
     * masked off, a character that is not data (0xff, '.', '=') still has
     * CONSENT_B64_NOTDATA, and so has the OR of the four
     */

    q = dst;
    last = p + len - len % 4;

    for ( /* void */ ; p < last; p += 4) {
        a = consent_b64[p[0]] & ~CONSENT_B64_STD;
        b = consent_b64[p[1]] & ~CONSENT_B64_STD;
        c = consent_b64[p[2]] & ~CONSENT_B64_STD;
        d = consent_b64[p[3]] & ~CONSENT_B64_STD;

        if ((a | b | c | d) & CONSENT_B64_NOTDATA) {
            return CONSENT_EENCODING;
        }

        v = (uint32_t) a << 18 | (uint32_t) b << 12 | (uint32_t) c << 6 | d;

        *q++ = (u_char) (v >> 16);
        *q++ = (u_char) (v >> 8);
        *q++ = (u_char) v;
    }

    /* two or three characters left: one or two bytes, extra bits dropped */

    if (len % 4) {
        a = consent_b64[p[0]] & ~CONSENT_B64_STD;
        b = consent_b64[p[1]] & ~CONSENT_B64_STD;
        c = (len % 4 == 3) ? consent_b64[p[2]] & ~CONSENT_B64_STD : 0;

        if ((a | b | c) & CONSENT_B64_NOTDATA) {
            return CONSENT_EENCODING;
        }

        v = (uint32_t) a << 18 | (uint32_t) b << 12 | (uint32_t) c << 6;

        *q++ = (u_char) (v >> 16);

        if (len % 4 == 3) {
            *q++ = (u_char) (v >> 8);
        }
    }

    return (long) (q - dst);
}
