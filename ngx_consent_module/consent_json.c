
/*
 * ngx_consent_module: a bounded, allocation-free JSON scanner.
 */


#include "consent_json.h"

#include <string.h>


#define CONSENT_JSON_VALUE  0
#define CONSENT_JSON_KEY    1
#define CONSENT_JSON_AFTER  2

/*
 * kept out of line: inlined, the escaped compare's buffer would bring the
 * stack protector's canary to every call of consent_json_string_eq()
 */

#if defined(__GNUC__)
#define CONSENT_JSON_NOINLINE  __attribute__((noinline))
#else
#define CONSENT_JSON_NOINLINE
#endif

/*
 * the string scanner is inlined into its three callers: out of line, the
 * addresses of their locals it takes would keep those in memory, under
 * the stack protector's canary; the rare parts (escapes, UTF-8, numbers)
 * are out of line for the same reason
 */

#if defined(__GNUC__)
#define CONSENT_JSON_INLINE  __attribute__((always_inline))
#else
#define CONSENT_JSON_INLINE
#endif

/*
 * strings are scanned 8 bytes at a time where the compiler can find the
 * lowest marked byte of a little-endian word; -DCONSENT_JSON_WORDS=0
 * builds the plain byte loop alone (the unit tests run both)
 */

#ifndef CONSENT_JSON_WORDS
#if (defined(__GNUC__) && defined(__BYTE_ORDER__)                            \
     && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
#define CONSENT_JSON_WORDS  1
#else
#define CONSENT_JSON_WORDS  0
#endif
#endif


static const u_char *consent_json_ws(const u_char *p, const u_char *end);
static inline const u_char *consent_json_string(const u_char *p,
    const u_char *end, unsigned *escaped) CONSENT_JSON_INLINE;
static const u_char *consent_json_special(const u_char *p, const u_char *end)
    CONSENT_JSON_NOINLINE;
static const u_char *consent_json_number(const u_char *p, const u_char *end)
    CONSENT_JSON_NOINLINE;
static const u_char *consent_json_literal(const u_char *p, const u_char *end,
    const char *word, size_t len);
static int consent_json_hex4(const u_char *p, const u_char *end,
    unsigned *cp);
static size_t consent_json_utf8(const u_char *p, const u_char *end);
static size_t consent_json_char(const u_char **pp, const u_char *end,
    u_char *buf);
static int consent_json_next(consent_json_iter_t *it,
    consent_json_value_t *key, consent_json_value_t *val);
static int consent_json_string_eq_escaped(const u_char *p, const u_char *end,
    const u_char *s, size_t len) CONSENT_JSON_NOINLINE;


/*
 * 1 for a byte that a JSON string holds as itself and that needs no
 * second look: printable ASCII (and DEL) but '"' and '\'
 */

static const u_char  consent_json_plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,      /*  !"#.../ */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,      /* PQ...[\]^_ */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};


int
consent_json_document(const u_char *p, size_t len, consent_json_value_t *v)
{
    int            rc;
    const u_char  *end;

    if (len > CONSENT_JSON_MAX_LEN) {
        return CONSENT_ETOOLONG;
    }

    if (len == 0) {
        return CONSENT_EINVAL;
    }

    end = p + len;

    rc = consent_json_skip(p, end, 0, v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    if (consent_json_ws(v->end, end) != end) {
        return CONSENT_EINVAL;
    }

    return CONSENT_OK;
}


int
consent_json_skip(const u_char *p, const u_char *end, unsigned depth,
    consent_json_value_t *v)
{
    u_char         c;
    uint32_t       objects;
    unsigned       level, state, escaped;
    const u_char  *start;

    /*
     * level counts the containers opened and not yet closed since start;
     * bit n of objects is set when the container at level n + 1 is an
     * object (an array otherwise)
     */

    p = consent_json_ws(p, end);

    if (p == end) {
        return CONSENT_EINVAL;
    }

    start = p;
    level = 0;
    objects = 0;
    escaped = 0;
    state = CONSENT_JSON_VALUE;

    for ( ;; ) {

        if (p == end) {
            return CONSENT_EINVAL;
        }

        c = *p;

        switch (state) {

        case CONSENT_JSON_VALUE:

            switch (c) {

            case '{':
            case '[':
                if (depth + level + 1 > CONSENT_JSON_MAX_DEPTH) {
                    return CONSENT_EDEPTH;
                }

                p = consent_json_ws(p + 1, end);

                if (p == end) {
                    return CONSENT_EINVAL;
                }

                if (*p == (c == '{' ? '}' : ']')) {
                    /* empty */
                    p++;
                    break;
                }

                if (c == '{') {
                    objects |= (uint32_t) 1 << level;
                    state = CONSENT_JSON_KEY;

                } else {
                    objects &= ~((uint32_t) 1 << level);
                }

                level++;
                continue;

            case '"':
                p = consent_json_string(p, end, &escaped);
                break;

            case 't':
                p = consent_json_literal(p, end, "true", 4);
                break;

            case 'f':
                p = consent_json_literal(p, end, "false", 5);
                break;

            case 'n':
                p = consent_json_literal(p, end, "null", 4);
                break;

            default:
                if (c != '-' && (c < '0' || c > '9')) {
                    return CONSENT_EINVAL;
                }

                p = consent_json_number(p, end);
            }

            if (p == NULL) {
                return CONSENT_EINVAL;
            }

            /* a value is complete */

            if (level == 0) {
                goto done;
            }

            state = CONSENT_JSON_AFTER;
            break;

        case CONSENT_JSON_KEY:

            if (c != '"') {
                return CONSENT_EINVAL;
            }

            p = consent_json_string(p, end, &escaped);
            if (p == NULL) {
                return CONSENT_EINVAL;
            }

            p = consent_json_ws(p, end);

            if (p == end || *p != ':') {
                return CONSENT_EINVAL;
            }

            p++;
            state = CONSENT_JSON_VALUE;
            break;

        default: /* CONSENT_JSON_AFTER */

            if (c == ',') {
                p++;
                state = (objects >> (level - 1)) & 1 ? CONSENT_JSON_KEY
                                                     : CONSENT_JSON_VALUE;
                break;
            }

            if (c != ((objects >> (level - 1)) & 1 ? '}' : ']')) {
                return CONSENT_EINVAL;
            }

            p++;

            if (--level == 0) {
                goto done;
            }

            break;
        }

        p = consent_json_ws(p, end);
    }

done:

    v->start = start;
    v->end = p;
    v->depth = depth;
    v->escaped = 0;

    switch (*start) {
    case '{':
        v->type = CONSENT_JSON_OBJECT;
        break;
    case '[':
        v->type = CONSENT_JSON_ARRAY;
        break;
    case '"':
        v->type = CONSENT_JSON_STRING;
        v->escaped = escaped ? 1 : 0;
        break;
    case 't':
        v->type = CONSENT_JSON_TRUE;
        break;
    case 'f':
        v->type = CONSENT_JSON_FALSE;
        break;
    case 'n':
        v->type = CONSENT_JSON_NULL;
        break;
    default:
        v->type = CONSENT_JSON_NUMBER;
    }

    return CONSENT_OK;
}


int
consent_json_iter_document(consent_json_iter_t *it, const u_char *p,
    size_t len, unsigned type)
{
    int                   rc;
    const u_char         *q, *end;
    consent_json_value_t  v;

    memset(it, 0, sizeof(consent_json_iter_t));
    it->done = 1;

    if (len > CONSENT_JSON_MAX_LEN) {
        return CONSENT_ETOOLONG;
    }

    if (len == 0) {
        return CONSENT_EINVAL;
    }

    end = p + len;
    q = consent_json_ws(p, end);

    if (q == end) {
        return CONSENT_EINVAL;
    }

    if ((type == CONSENT_JSON_OBJECT && *q != '{')
        || (type == CONSENT_JSON_ARRAY && *q != '[')
        || (type != CONSENT_JSON_OBJECT && type != CONSENT_JSON_ARRAY))
    {
        /* report a broken document as broken, a valid one as mistyped */

        rc = consent_json_document(q, end - q, &v);

        return rc != CONSENT_OK ? rc : CONSENT_ETYPE;
    }

    it->pos = q + 1;
    it->end = end;
    it->depth = 1;
    it->close = (type == CONSENT_JSON_OBJECT) ? '}' : ']';
    it->top = 1;
    it->done = 0;

    return CONSENT_OK;
}


int
consent_json_iter_value(consent_json_iter_t *it, const consent_json_value_t *v)
{
    memset(it, 0, sizeof(consent_json_iter_t));
    it->done = 1;

    if (v->type != CONSENT_JSON_OBJECT && v->type != CONSENT_JSON_ARRAY) {
        return CONSENT_ETYPE;
    }

    if (v->depth >= CONSENT_JSON_MAX_DEPTH) {
        return CONSENT_EDEPTH;
    }

    if (v->end - v->start < 2) {
        return CONSENT_EINVAL;
    }

    it->pos = v->start + 1;
    it->end = v->end;
    it->depth = v->depth + 1;
    it->close = (v->type == CONSENT_JSON_OBJECT) ? '}' : ']';
    it->done = 0;

    return CONSENT_OK;
}


int
consent_json_next_member(consent_json_iter_t *it, consent_json_value_t *key,
    consent_json_value_t *val)
{
    if (it->close != '}') {
        return it->done ? 0 : CONSENT_ETYPE;
    }

    return consent_json_next(it, key, val);
}


int
consent_json_next_element(consent_json_iter_t *it, consent_json_value_t *val)
{
    if (it->close != ']') {
        return it->done ? 0 : CONSENT_ETYPE;
    }

    return consent_json_next(it, NULL, val);
}


static int
consent_json_next(consent_json_iter_t *it, consent_json_value_t *key,
    consent_json_value_t *val)
{
    int            rc;
    unsigned       escaped;
    const u_char  *p, *end;

    if (it->done) {
        return 0;
    }

    end = it->end;
    p = consent_json_ws(it->pos, end);

    if (p == end) {
        rc = CONSENT_EINVAL;
        goto failed;
    }

    if (*p == it->close) {
        p++;

        if (it->top) {
            p = consent_json_ws(p, end);
        }

        if (p != end) {
            rc = CONSENT_EINVAL;
            goto failed;
        }

        it->pos = p;
        it->done = 1;

        return 0;
    }

    if (it->count > 0) {
        if (*p != ',') {
            rc = CONSENT_EINVAL;
            goto failed;
        }

        p = consent_json_ws(p + 1, end);
    }

    if (key) {
        if (p == end || *p != '"') {
            rc = CONSENT_EINVAL;
            goto failed;
        }

        key->start = p;

        p = consent_json_string(p, end, &escaped);
        if (p == NULL) {
            rc = CONSENT_EINVAL;
            goto failed;
        }

        key->end = p;
        key->depth = it->depth;
        key->type = CONSENT_JSON_STRING;
        key->escaped = escaped ? 1 : 0;

        p = consent_json_ws(p, end);

        if (p == end || *p != ':') {
            rc = CONSENT_EINVAL;
            goto failed;
        }

        p++;
    }

    rc = consent_json_skip(p, end, it->depth, val);
    if (rc != CONSENT_OK) {
        goto failed;
    }

    it->pos = val->end;
    it->count++;

    return 1;

failed:

    it->done = 1;

    return rc;
}


int
consent_json_string_eq(const consent_json_value_t *v, const u_char *s,
    size_t len)
{
    const u_char  *p, *end;

    /* the common case first: a string without escapes */

    if (v->type != CONSENT_JSON_STRING || v->end - v->start < 2) {
        return 0;
    }

    p = v->start + 1;
    end = v->end - 1;

    if (!v->escaped) {
        return (size_t) (end - p) == len
               && (len == 0 || memcmp(p, s, len) == 0);
    }

    return consent_json_string_eq_escaped(p, end, s, len);
}


static int
consent_json_string_eq_escaped(const u_char *p, const u_char *end,
    const u_char *s, size_t len)
{
    size_t  n;
    u_char  buf[4];

    while (p < end) {
        n = consent_json_char(&p, end, buf);

        if (n == 0 || n > len || memcmp(buf, s, n) != 0) {
            return 0;
        }

        s += n;
        len -= n;
    }

    return len == 0;
}


int
consent_json_token_index(const consent_json_value_t *v,
    const consent_str_t *tokens, size_t ntokens)
{
    size_t  i;

    if (v->type != CONSENT_JSON_STRING || v->end - v->start < 2) {
        return -1;
    }

    if (!v->escaped) {
        return consent_token_index(tokens, ntokens, v->start + 1,
                                   v->end - v->start - 2);
    }

    if (ntokens > CONSENT_MAX_TOKENS) {
        ntokens = CONSENT_MAX_TOKENS;
    }

    for (i = 0; i < ntokens; i++) {
        if (consent_json_string_eq(v, tokens[i].data, tokens[i].len)) {
            return (int) i;
        }
    }

    return -1;
}


int
consent_json_string_raw(const consent_json_value_t *v, consent_str_t *s)
{
    if (v->type != CONSENT_JSON_STRING || v->end - v->start < 2) {
        s->len = 0;
        s->data = NULL;
        return CONSENT_ETYPE;
    }

    s->data = v->start + 1;
    s->len = v->end - v->start - 2;

    return CONSENT_OK;
}


long
consent_json_string_decode(const consent_json_value_t *v, u_char *dst,
    size_t size)
{
    size_t         n, len;
    u_char         buf[4];
    const u_char  *p, *end;

    if (v->type != CONSENT_JSON_STRING || v->end - v->start < 2) {
        return CONSENT_ETYPE;
    }

    p = v->start + 1;
    end = v->end - 1;
    len = 0;

    while (p < end) {
        n = consent_json_char(&p, end, buf);

        if (n == 0) {
            return CONSENT_EINVAL;
        }

        if (size - len < n) {
            return CONSENT_ETOOLONG;
        }

        memcpy(dst + len, buf, n);
        len += n;
    }

    return (long) len;
}


int
consent_json_int(const consent_json_value_t *v, int64_t *n)
{
    size_t         len;
    int64_t        r;
    const u_char  *p;

    if (v->type != CONSENT_JSON_NUMBER) {
        return CONSENT_ETYPE;
    }

    /* the scanner let through -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE]...)? */

    p = v->start;

    if (p < v->end && *p == '-') {
        p++;
    }

    len = v->end - p;

    if (consent_number(p, len, CONSENT_NUMBER_MAX_DIGITS, &r) != CONSENT_OK) {

        /* more than 18 digits before any fraction or exponent */

        return (len > CONSENT_NUMBER_MAX_DIGITS
                && consent_number(p, CONSENT_NUMBER_MAX_DIGITS,
                                  CONSENT_NUMBER_MAX_DIGITS, &r)
                   == CONSENT_OK
                && p[CONSENT_NUMBER_MAX_DIGITS] >= '0'
                && p[CONSENT_NUMBER_MAX_DIGITS] <= '9')
               ? CONSENT_ETOOLONG : CONSENT_ETYPE;
    }

    *n = (p > v->start) ? -r : r;

    return CONSENT_OK;
}


static const u_char *
consent_json_ws(const u_char *p, const u_char *end)
{
    while (p < end
           && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    {
        p++;
    }

    return p;
}


static inline const u_char *
consent_json_string(const u_char *p, const u_char *end, unsigned *escaped)
{
    u_char    c;
#if (CONSENT_JSON_WORDS)
    uint64_t  w, q, b, m;
#endif

    /*
     * p points to the opening quote; returns one past the closing quote,
     * or NULL for a string that is not valid or not closed
     */

    *escaped = 0;
    p++;

    for ( ;; ) {

#if (CONSENT_JSON_WORDS)

        /*
         * a run of plain bytes, 8 at a time: m marks the '"' and '\\'
         * bytes, those below 0x20 and those from 0x80 (the lowest mark
         * exactly: the borrows of the byte tests run only upwards)
         */

        while (end - p >= 8) {
            memcpy(&w, p, 8);

            q = w ^ 0x2222222222222222ULL;
            b = w ^ 0x5c5c5c5c5c5c5c5cULL;

            m = ((q - 0x0101010101010101ULL) & ~q)
                | ((b - 0x0101010101010101ULL) & ~b)
                | (w - 0x2020202020202020ULL)
                | w;

            m &= 0x8080808080808080ULL;

            if (m) {
                p += (size_t) __builtin_ctzll(m) >> 3;
                break;
            }

            p += 8;
        }

#endif

        /* the rest of the run, one table look-up a byte */

        while (p < end && consent_json_plain[*p]) {
            p++;
        }

        if (p == end) {
            return NULL;
        }

        c = *p;

        if (c == '"') {
            return p + 1;
        }

        if (c == '\\') {
            *escaped = 1;
        }

        p = consent_json_special(p, end);

        if (p == NULL) {
            return NULL;
        }
    }
}


static const u_char *
consent_json_special(const u_char *p, const u_char *end)
{
    u_char    c;
    size_t    n;
    unsigned  cp, lo;

    /*
     * one byte of a string that is not plain and not its closing quote:
     * one past the escape, the UTF-8 sequence or the DEL it starts, or
     * NULL
     */

    c = *p;

    if (c < 0x20) {
        return NULL;
    }

    if (c >= 0x80) {
        n = consent_json_utf8(p, end);

        return n ? p + n : NULL;
    }

    if (c != '\\') {
        return p + 1;
    }

    if (end - p < 2) {
        return NULL;
    }

    switch (p[1]) {

    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
        return p + 2;

    case 'u':
        if (consent_json_hex4(p + 2, end, &cp) != CONSENT_OK) {
            return NULL;
        }

        p += 6;

        if (cp >= 0xdc00 && cp <= 0xdfff) {
            /* a lone low surrogate */
            return NULL;
        }

        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u'
                || consent_json_hex4(p + 2, end, &lo) != CONSENT_OK
                || lo < 0xdc00 || lo > 0xdfff)
            {
                return NULL;
            }

            p += 6;
        }

        return p;

    default:
        return NULL;
    }
}


static const u_char *
consent_json_number(const u_char *p, const u_char *end)
{
    const u_char  *last;

    if (consent_number_scan(p, end, &last) != CONSENT_OK) {
        return NULL;
    }

    return last;
}


static const u_char *
consent_json_literal(const u_char *p, const u_char *end, const char *word,
    size_t len)
{
    if ((size_t) (end - p) < len || memcmp(p, word, len) != 0) {
        return NULL;
    }

    return p + len;
}


static int
consent_json_hex4(const u_char *p, const u_char *end, unsigned *cp)
{
    u_char    c;
    unsigned  i, v;

    if (end - p < 4) {
        return CONSENT_EINVAL;
    }

    v = 0;

    for (i = 0; i < 4; i++) {
        c = p[i];

        if (c >= '0' && c <= '9') {
            v = v << 4 | (c - '0');

        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            v = v << 4 | ((c | 0x20) - 'a' + 10);

        } else {
            return CONSENT_EINVAL;
        }
    }

    *cp = v;

    return CONSENT_OK;
}


static size_t
consent_json_utf8(const u_char *p, const u_char *end)
{
    u_char  c, lo, hi;
    size_t  n, i;

    /* the length of the well-formed UTF-8 sequence at p, or 0 */

    c = p[0];
    lo = 0x80;
    hi = 0xbf;

    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;

    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;

        if (c == 0xe0) {
            lo = 0xa0;

        } else if (c == 0xed) {
            hi = 0x9f;
        }

    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;

        if (c == 0xf0) {
            lo = 0x90;

        } else if (c == 0xf4) {
            hi = 0x8f;
        }

    } else {
        return 0;
    }

    if ((size_t) (end - p) < n) {
        return 0;
    }

    if (p[1] < lo || p[1] > hi) {
        return 0;
    }

    for (i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf) {
            return 0;
        }
    }

    return n;
}


static size_t
consent_json_char(const u_char **pp, const u_char *end, u_char *buf)
{
    size_t         n;
    unsigned       cp, lo;
    const u_char  *p;

    /*
     * decodes one character of a scanned string into buf (up to 4 bytes
     * of UTF-8) and returns its length; 0 on a malformed escape
     */

    p = *pp;

    if (p >= end) {
        return 0;
    }

    if (*p != '\\') {
        n = (*p < 0x80) ? 1 : consent_json_utf8(p, end);
        if (n == 0) {
            return 0;
        }

        memcpy(buf, p, n);
        *pp = p + n;

        return n;
    }

    if (end - p < 2) {
        return 0;
    }

    switch (p[1]) {
    case '"':
    case '\\':
    case '/':
        buf[0] = p[1];
        break;
    case 'b':
        buf[0] = '\b';
        break;
    case 'f':
        buf[0] = '\f';
        break;
    case 'n':
        buf[0] = '\n';
        break;
    case 'r':
        buf[0] = '\r';
        break;
    case 't':
        buf[0] = '\t';
        break;

    case 'u':
        if (consent_json_hex4(p + 2, end, &cp) != CONSENT_OK) {
            return 0;
        }

        p += 6;

        if (cp >= 0xdc00 && cp <= 0xdfff) {
            return 0;
        }

        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u'
                || consent_json_hex4(p + 2, end, &lo) != CONSENT_OK
                || lo < 0xdc00 || lo > 0xdfff)
            {
                return 0;
            }

            p += 6;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }

        *pp = p;

        if (cp < 0x80) {
            buf[0] = (u_char) cp;
            return 1;
        }

        if (cp < 0x800) {
            buf[0] = (u_char) (0xc0 | (cp >> 6));
            buf[1] = (u_char) (0x80 | (cp & 0x3f));
            return 2;
        }

        if (cp < 0x10000) {
            buf[0] = (u_char) (0xe0 | (cp >> 12));
            buf[1] = (u_char) (0x80 | ((cp >> 6) & 0x3f));
            buf[2] = (u_char) (0x80 | (cp & 0x3f));
            return 3;
        }

        buf[0] = (u_char) (0xf0 | (cp >> 18));
        buf[1] = (u_char) (0x80 | ((cp >> 12) & 0x3f));
        buf[2] = (u_char) (0x80 | ((cp >> 6) & 0x3f));
        buf[3] = (u_char) (0x80 | (cp & 0x3f));
        return 4;

    default:
        return 0;
    }

    *pp = p + 2;

    return 1;
}
