
/*
 * ngx_consent_module: the native consent cookie.
 */


#include "consent_native.h"

#include <string.h>


static int consent_native_number(const u_char **pp, const u_char *end,
    size_t maxdigits, int64_t *n);
static size_t consent_native_digits(int64_t v, u_char *buf);
static int consent_native_id_char(u_char c);
static int consent_native_name_char(u_char c);


static const u_char  consent_native_gpc[] = "gpc";
static const u_char  consent_native_gpc_override[] = "gpc-override";


int
consent_native_parse(const u_char *p, size_t len,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int             i, rc;
    size_t          names;
    const u_char   *end, *s;

    rc = consent_format_start(&p, &len, CONSENT_NATIVE_MAX_LEN, NULL, res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    end = p + len;

    if (p[0] != '1') {
        return (p[0] >= '0' && p[0] <= '9') ? CONSENT_EVERSION
                                              : CONSENT_EINVAL;
    }

    if (len < 2 || p[1] != '.') {
        return CONSENT_EINVAL;
    }

    p += 2;

    rc = consent_native_number(&p, end, 11, &res->timestamp);
    if (rc != CONSENT_OK) {
        goto failed;
    }

    rc = consent_native_number(&p, end, 9, &res->revision);
    if (rc != CONSENT_OK) {
        goto failed;
    }

    /* categories */

    if (p < end && *p == '-') {
        p++;

    } else {
        names = 0;

        for ( ;; ) {
            s = p;

            while (p < end && consent_native_name_char(*p)) {
                p++;
            }

            if (p == s || p - s > CONSENT_NATIVE_NAME_LEN
                || ++names > CONSENT_MAX_CATEGORIES)
            {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            i = consent_token_index(tokens, ntokens, s, p - s);
            if (i >= 0) {
                res->granted |= (consent_tokens_t) 1 << i;
            }

            if (p < end && *p == '+') {
                p++;
                continue;
            }

            break;
        }
    }

    if (p == end || *p != '.') {
        rc = CONSENT_EINVAL;
        goto failed;
    }

    p++;

    /* id */

    s = p;

    while (p < end && consent_native_id_char(*p)) {
        p++;
    }

    if (p - s < CONSENT_NATIVE_ID_MIN || p - s > CONSENT_NATIVE_ID_MAX) {
        rc = CONSENT_EINVAL;
        goto failed;
    }

    res->id.data = s;
    res->id.len = p - s;

    if (p == end) {
        return CONSENT_OK;
    }

    /* the gpc record, and nothing else, after the id */

    if (*p++ != '.') {
        rc = CONSENT_EINVAL;
        goto failed;
    }

    if ((size_t) (end - p) == sizeof(consent_native_gpc) - 1
        && memcmp(p, consent_native_gpc, end - p) == 0)
    {
        res->refused |= CONSENT_REFUSED_GPC;
        return CONSENT_OK;
    }

    if ((size_t) (end - p) == sizeof(consent_native_gpc_override) - 1
        && memcmp(p, consent_native_gpc_override, end - p) == 0)
    {
        res->gpc_override = 1;
        return CONSENT_OK;
    }

    rc = CONSENT_EINVAL;

failed:

    consent_result_reset(res);

    return rc;
}


static int
consent_native_number(const u_char **pp, const u_char *end, size_t maxdigits,
    int64_t *n)
{
    const u_char  *dot;

    /* 1 to maxdigits digits and the '.' after them */

    dot = memchr(*pp, '.', end - *pp);

    if (dot == NULL
        || consent_number(*pp, dot - *pp, maxdigits, n) != CONSENT_OK)
    {
        return CONSENT_EINVAL;
    }

    *pp = dot + 1;

    return CONSENT_OK;
}


size_t
consent_native_write(u_char *buf, size_t size, int64_t time,
    int64_t revision, const consent_str_t *tokens, size_t ntokens,
    consent_tokens_t granted, const u_char *id, size_t id_len,
    unsigned gpc)
{
    u_char        *p, ts[12], rs[12];
    size_t         i, tlen, rlen, clen, glen, any;
    const u_char  *record;

    if (time < 0 || time > 99999999999LL
        || revision < 0 || revision > 999999999LL
        || id_len < CONSENT_NATIVE_ID_MIN || id_len > CONSENT_NATIVE_ID_MAX
        || ntokens > CONSENT_MAX_TOKENS)
    {
        return 0;
    }

    switch (gpc) {

    case CONSENT_NATIVE_GPC_NONE:
        record = NULL;
        glen = 0;
        break;

    case CONSENT_NATIVE_GPC_OPT_OUT:
        record = consent_native_gpc;
        glen = sizeof(consent_native_gpc) - 1;
        break;

    case CONSENT_NATIVE_GPC_OVERRIDE:
        record = consent_native_gpc_override;
        glen = sizeof(consent_native_gpc_override) - 1;
        break;

    default:
        return 0;
    }

    for (i = 0; i < id_len; i++) {
        if (!consent_native_id_char(id[i])) {
            return 0;
        }
    }

    tlen = consent_native_digits(time, ts);
    rlen = consent_native_digits(revision, rs);

    clen = 0;

    for (i = 0; i < ntokens; i++) {
        if (granted & ((consent_tokens_t) 1 << i)) {
            if (!consent_native_valid_name(tokens[i].data, tokens[i].len)) {
                return 0;
            }

            clen += (clen ? 1 : 0) + tokens[i].len;
        }
    }

    if (sizeof("1...") - 1 + tlen + rlen + (clen ? clen : 1) + 1 + id_len
        + (glen ? 1 + glen : 0) > size)
    {
        return 0;
    }

    p = buf;

    *p++ = '1';
    *p++ = '.';
    memcpy(p, ts, tlen);
    p += tlen;
    *p++ = '.';
    memcpy(p, rs, rlen);
    p += rlen;
    *p++ = '.';

    any = 0;

    for (i = 0; i < ntokens; i++) {
        if (granted & ((consent_tokens_t) 1 << i)) {
            if (any++) {
                *p++ = '+';
            }

            memcpy(p, tokens[i].data, tokens[i].len);
            p += tokens[i].len;
        }
    }

    if (!any) {
        *p++ = '-';
    }

    *p++ = '.';
    memcpy(p, id, id_len);
    p += id_len;

    if (glen) {
        *p++ = '.';
        memcpy(p, record, glen);
        p += glen;
    }

    return p - buf;
}


static size_t
consent_native_digits(int64_t v, u_char *buf)
{
    u_char  tmp[20];
    size_t  n, len;

    n = 0;

    do {
        tmp[n++] = (u_char) ('0' + v % 10);
        v /= 10;
    } while (v);

    for (len = 0; n; len++) {
        buf[len] = tmp[--n];
    }

    return len;
}


int
consent_native_valid_name(const u_char *p, size_t len)
{
    size_t  i;

    if (len == 0 || len > CONSENT_NATIVE_NAME_LEN) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (!consent_native_name_char(p[i])) {
            return 0;
        }
    }

    return 1;
}


/* the id: "A-Za-z0-9-_", one bit a byte, as nginx's parsers keep them */

static int
consent_native_id_char(u_char c)
{
    static const uint32_t  id[] = {
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */

                    /* ?>=< ;:98 7654 3210  /.-, +*)( '&%$ #"!  */
        0x03ff2000, /* 0000 0011 1111 1111  0010 0000 0000 0000 */

                    /* _^]\ [ZYX WVUT SRQP  ONML KJIH GFED CBA@ */
        0x87fffffe, /* 1000 0111 1111 1111  1111 1111 1111 1110 */

                    /*  ~}| {zyx wvut srqp  onml kjih gfed cba` */
        0x07fffffe, /* 0000 0111 1111 1111  1111 1111 1111 1110 */

        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
    };

    return (id[c >> 5] & (1u << (c & 0x1f))) != 0;
}


/* a category's name: "a-z0-9_" */

static int
consent_native_name_char(u_char c)
{
    static const uint32_t  name[] = {
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */

                    /* ?>=< ;:98 7654 3210  /.-, +*)( '&%$ #"!  */
        0x03ff0000, /* 0000 0011 1111 1111  0000 0000 0000 0000 */

                    /* _^]\ [ZYX WVUT SRQP  ONML KJIH GFED CBA@ */
        0x80000000, /* 1000 0000 0000 0000  0000 0000 0000 0000 */

                    /*  ~}| {zyx wvut srqp  onml kjih gfed cba` */
        0x07fffffe, /* 0000 0111 1111 1111  1111 1111 1111 1110 */

        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
        0x00000000, /* 0000 0000 0000 0000  0000 0000 0000 0000 */
    };

    return (name[c >> 5] & (1u << (c & 0x1f))) != 0;
}
