
/*
 * ngx_consent_module: Cookiebot's CookieConsent cookie.
 */


#include "consent_cookiebot.h"

#include <string.h>


#define CONSENT_CB_STRING  1
#define CONSENT_CB_TRUE    2
#define CONSENT_CB_NUMBER  3
#define CONSENT_CB_OTHER   4

#define CONSENT_CB_SEEN_STAMP  0x01
#define CONSENT_CB_SEEN_UTC    0x02


typedef struct {
    const u_char   *start;     /* a string: the bytes between the quotes */
    const u_char   *end;
    unsigned        type;      /* CONSENT_CB_* */
    unsigned        escaped:1;
} consent_cookiebot_token_t;


static const u_char *consent_cookiebot_ws(const u_char *p,
    const u_char *end);
static int consent_cookiebot_quoted(const u_char *p, const u_char *end,
    consent_cookiebot_token_t *t, const u_char **last);
static int consent_cookiebot_value(const u_char *p, const u_char *end,
    consent_cookiebot_token_t *t, const u_char **last);
static int consent_cookiebot_nested(const u_char *p, const u_char *end,
    const u_char **last);
static int consent_cookiebot_word(const u_char *p, const u_char *end,
    const char *word, size_t len);
static int consent_cookiebot_is(const consent_cookiebot_token_t *t,
    const char *name);
static int64_t consent_cookiebot_ms(const consent_cookiebot_token_t *t);


int
consent_cookiebot_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                        rc, i;
    int64_t                    ms;
    unsigned                   seen, undecided, implied;
    const u_char              *end;
    consent_tokens_t           yes, no, bit;
    consent_cookiebot_token_t  key, val, stamp;

    rc = consent_format_start(&p, &len, CONSENT_COOKIEBOT_MAX_LEN, scratch,
                              res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    if (len == 1 && p[0] == '0') {
        /* the visitor chose necessary cookies only */
        return CONSENT_OK;
    }

    if (len == 2 && p[0] == '-' && p[1] == '1') {
        /* outside any consent region: no decision to read */
        res->undecided = 1;
        res->outside = 1;
        return CONSENT_OK;
    }

    end = p + len;
    p = consent_cookiebot_ws(p, end);

    if (p == end || *p != '{') {
        return CONSENT_EINVAL;
    }

    p++;

    yes = 0;
    no = 0;
    ms = -1;
    seen = 0;
    undecided = 0;
    implied = 0;
    memset(&stamp, 0, sizeof(consent_cookiebot_token_t));

    for ( ;; ) {
        p = consent_cookiebot_ws(p, end);

        if (p == end) {
            return CONSENT_EINVAL;
        }

        if (*p == '}') {
            /* an empty object, or a trailing comma as JavaScript allows */
            break;
        }

        /* the key: an identifier or a quoted string */

        if (*p == '\'' || *p == '"') {
            rc = consent_cookiebot_quoted(p, end, &key, &p);
            if (rc != CONSENT_OK) {
                return rc;
            }

        } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
                   || *p == '_' || *p == '$')
        {
            key.start = p;

            while (p < end
                   && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
                       || (*p >= '0' && *p <= '9') || *p == '_' || *p == '$'))
            {
                p++;
            }

            key.end = p;
            key.type = CONSENT_CB_STRING;
            key.escaped = 0;

        } else {
            return CONSENT_EINVAL;
        }

        p = consent_cookiebot_ws(p, end);

        if (p == end || *p != ':') {
            return CONSENT_EINVAL;
        }

        rc = consent_cookiebot_value(consent_cookiebot_ws(p + 1, end), end,
                                     &val, &p);
        if (rc != CONSENT_OK) {
            return rc;
        }

        /*
         * what the key says; a key given twice is granted only if every
         * copy says true.  A key with escapes could be any key (JavaScript
         * reads 'statist\x69cs' as statistics) and Cookiebot writes none:
         * the cookie is refused.
         */

        if (key.escaped) {
            return CONSENT_EINVAL;
        }

        i = consent_token_index(tokens, ntokens, key.start,
                                key.end - key.start);

        if (i >= 0) {
            bit = (consent_tokens_t) 1 << i;

            if (val.type == CONSENT_CB_TRUE) {
                yes |= bit;

            } else {
                no |= bit;
            }
        }

        /*
         * any copy of stamp that says -1 is no decision; otherwise the id
         * and the time, given twice, leave no telling which: invalid
         */

        if (consent_cookiebot_is(&key, "stamp")) {

            if (consent_cookiebot_is(&val, "-1")) {
                undecided = 1;

            } else if (seen & CONSENT_CB_SEEN_STAMP) {
                return CONSENT_EINVAL;

            } else {
                seen |= CONSENT_CB_SEEN_STAMP;
                stamp = val;
            }

        } else if (consent_cookiebot_is(&key, "method")) {

            /*
             * 'explicit' or 'implied': anything but an unescaped
             * 'explicit', in any copy, is read as implied
             */

            if (val.type != CONSENT_CB_STRING || val.escaped
                || !consent_cookiebot_is(&val, "explicit"))
            {
                implied = 1;
            }

        } else if (consent_cookiebot_is(&key, "utc")) {

            if (seen & CONSENT_CB_SEEN_UTC) {
                return CONSENT_EINVAL;
            }

            seen |= CONSENT_CB_SEEN_UTC;

            /*
             * a time that cannot be read would escape consent_max_age:
             * Cookiebot writes milliseconds as digits, anything else
             * (signed, fractional, an exponent, a string) is malformed
             */

            ms = consent_cookiebot_ms(&val);

            if (ms < 0) {
                return CONSENT_EINVAL;
            }
        }

        p = consent_cookiebot_ws(p, end);

        if (p == end) {
            return CONSENT_EINVAL;
        }

        if (*p == ',') {
            p++;
            continue;
        }

        if (*p != '}') {
            return CONSENT_EINVAL;
        }

        break;
    }

    if (consent_cookiebot_ws(p + 1, end) != end) {
        return CONSENT_EINVAL;
    }

    if (ms >= 0) {
        res->timestamp = ms / 1000;
    }

    if (undecided) {
        res->undecided = 1;
        res->outside = 1;
        return CONSENT_OK;
    }

    if (stamp.type == CONSENT_CB_STRING && !stamp.escaped) {
        consent_result_id(res, stamp.start, stamp.end - stamp.start,
                          CONSENT_COOKIEBOT_ID_MAX);
    }

    res->granted = yes & ~no;
    res->implied = implied;

    return CONSENT_OK;
}


static const u_char *
consent_cookiebot_ws(const u_char *p, const u_char *end)
{
    while (p < end
           && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    {
        p++;
    }

    return p;
}


static int
consent_cookiebot_quoted(const u_char *p, const u_char *end,
    consent_cookiebot_token_t *t, const u_char **last)
{
    u_char  q;

    /* p points to the opening quote, "'" or '"' */

    q = *p++;

    t->start = p;
    t->type = CONSENT_CB_STRING;
    t->escaped = 0;

    while (p < end) {

        if (*p == q) {
            t->end = p;
            *last = p + 1;
            return CONSENT_OK;
        }

        if (*p < 0x20) {
            return CONSENT_EINVAL;
        }

        if (*p == '\\') {
            if (end - p < 2 || p[1] < 0x20) {
                return CONSENT_EINVAL;
            }

            t->escaped = 1;
            p += 2;
            continue;
        }

        p++;
    }

    return CONSENT_EINVAL;
}


static int
consent_cookiebot_value(const u_char *p, const u_char *end,
    consent_cookiebot_token_t *t, const u_char **last)
{
    t->start = p;
    t->end = p;
    t->escaped = 0;

    if (p == end) {
        return CONSENT_EINVAL;
    }

    switch (*p) {

    case '\'':
    case '"':
        return consent_cookiebot_quoted(p, end, t, last);

    case '{':
    case '[':
        t->type = CONSENT_CB_OTHER;
        return consent_cookiebot_nested(p, end, last);

    case 't':
        if (!consent_cookiebot_word(p, end, "true", 4)) {
            return CONSENT_EINVAL;
        }

        t->type = CONSENT_CB_TRUE;
        t->end = p + 4;
        *last = t->end;
        return CONSENT_OK;

    case 'f':
        if (!consent_cookiebot_word(p, end, "false", 5)) {
            return CONSENT_EINVAL;
        }

        t->type = CONSENT_CB_OTHER;
        t->end = p + 5;
        *last = t->end;
        return CONSENT_OK;

    case 'n':
        if (!consent_cookiebot_word(p, end, "null", 4)) {
            return CONSENT_EINVAL;
        }

        t->type = CONSENT_CB_OTHER;
        t->end = p + 4;
        *last = t->end;
        return CONSENT_OK;
    }

    /*
     * JSON's grammar, stricter than JavaScript's: a leading zero ("007",
     * an octal literal in sloppy JavaScript) leaves a digit that the
     * caller refuses
     */

    t->type = CONSENT_CB_NUMBER;

    if (consent_number_scan(p, end, &t->end) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    *last = t->end;

    return CONSENT_OK;
}


static int
consent_cookiebot_nested(const u_char *p, const u_char *end,
    const u_char **last)
{
    int                        rc;
    u_char                     c;
    uint32_t                   objects;
    unsigned                   level;
    consent_cookiebot_token_t  t;

    /*
     * skips a nested object or array: brackets matched (bit n of objects
     * set when level n + 1 is an object), quoted strings honoured, nothing
     * inside read
     */

    level = 0;
    objects = 0;

    while (p < end) {
        c = *p;

        switch (c) {

        case '{':
        case '[':
            if (level == CONSENT_COOKIEBOT_MAX_DEPTH) {
                return CONSENT_EDEPTH;
            }

            if (c == '{') {
                objects |= (uint32_t) 1 << level;

            } else {
                objects &= ~((uint32_t) 1 << level);
            }

            level++;
            p++;
            break;

        case '}':
        case ']':
            if (level == 0
                || c != ((objects >> (level - 1)) & 1 ? '}' : ']'))
            {
                return CONSENT_EINVAL;
            }

            p++;

            if (--level == 0) {
                *last = p;
                return CONSENT_OK;
            }

            break;

        case '\'':
        case '"':
            rc = consent_cookiebot_quoted(p, end, &t, &p);
            if (rc != CONSENT_OK) {
                return rc;
            }

            break;

        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return CONSENT_EINVAL;
            }

            p++;
        }
    }

    return CONSENT_EINVAL;
}


static int
consent_cookiebot_word(const u_char *p, const u_char *end, const char *word,
    size_t len)
{
    return (size_t) (end - p) >= len && memcmp(p, word, len) == 0;
}


static int
consent_cookiebot_is(const consent_cookiebot_token_t *t, const char *name)
{
    size_t  len;

    len = strlen(name);

    return (size_t) (t->end - t->start) == len
           && memcmp(t->start, name, len) == 0;
}


static int64_t
consent_cookiebot_ms(const consent_cookiebot_token_t *t)
{
    int64_t  ms;

    /* milliseconds since the epoch: 1 to 15 digits, nothing else */

    if (t->type != CONSENT_CB_NUMBER
        || consent_number(t->start, t->end - t->start, 15, &ms)
           != CONSENT_OK)
    {
        return -1;
    }

    return ms;
}
