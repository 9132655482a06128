
/*
 * ngx_consent_module: the consent_endpoint form, its Referer and Origin.
 */


#include "consent_form.h"

#include <string.h>


/* raw bytes that may decode to a name or a value: "%xx" each */

#define CONSENT_FORM_NAME_RAW   (3 * CONSENT_FORM_NAME_LEN)
#define CONSENT_FORM_VALUE_RAW  (3 * CONSENT_FORM_VALUE_LEN)


static int consent_form_pair(const u_char *key, size_t klen,
    const u_char *val, size_t vlen, const consent_str_t *tokens,
    size_t ntokens, consent_form_t *form);
static long consent_form_decode(const u_char *p, size_t len, u_char *buf,
    size_t raw, size_t max);
static void consent_form_bad(consent_form_t *form, const u_char *pair,
    const u_char *end);
static int consent_form_is(const u_char *p, size_t len, const char *s);
static int consent_form_origin(const u_char *p, size_t len,
    const u_char *scheme, size_t scheme_len, const u_char *host,
    size_t host_len, size_t *after);
static int consent_form_authority(const u_char *p, size_t len,
    unsigned dport, consent_str_t *name, unsigned *port);
static int consent_form_host_char(u_char c);
static int consent_form_caseeq(const u_char *a, const u_char *b, size_t n);


static const u_char  consent_form_root[] = "/";


int
consent_form_parse(const u_char *p, size_t len, const consent_str_t *tokens,
    size_t ntokens, consent_form_t *form)
{
    int            rc;
    size_t         pairs;
    const u_char  *end, *pos, *amp, *eq;

    memset(form, 0, sizeof(consent_form_t));

    if (len > CONSENT_FORM_MAX_LEN) {
        return CONSENT_ETOOLONG;
    }

    if (len == 0) {
        return CONSENT_EMPTY;
    }

    end = p + len;

    /* the limits first, before any pair is read */

    pairs = 0;

    for (pos = p; /* void */; pos = amp + 1) {
        amp = memchr(pos, '&', end - pos);
        if (amp == NULL) {
            amp = end;
        }

        if (amp > pos && ++pairs > CONSENT_FORM_MAX_PAIRS) {
            consent_form_bad(form, pos, amp);
            return CONSENT_ETOOLONG;
        }

        if (amp == end) {
            break;
        }
    }

    if (pairs == 0) {
        return CONSENT_EMPTY;
    }

    for (pos = p; /* void */; pos = amp + 1) {
        amp = memchr(pos, '&', end - pos);
        if (amp == NULL) {
            amp = end;
        }

        if (amp > pos) {
            eq = memchr(pos, '=', amp - pos);

            if (eq == NULL) {
                rc = consent_form_pair(pos, amp - pos, amp, 0, tokens,
                                       ntokens, form);

            } else {
                rc = consent_form_pair(pos, eq - pos, eq + 1, amp - eq - 1,
                                       tokens, ntokens, form);
            }

            if (rc != CONSENT_OK) {
                memset(form, 0, sizeof(consent_form_t));
                consent_form_bad(form, pos, amp);
                return rc;
            }
        }

        if (amp == end) {
            break;
        }
    }

    return CONSENT_OK;
}


static int
consent_form_pair(const u_char *key, size_t klen, const u_char *val,
    size_t vlen, const consent_str_t *tokens, size_t ntokens,
    consent_form_t *form)
{
    int               i;
    long              nlen, len;
    u_char            name[CONSENT_FORM_NAME_RAW];
    u_char            value[CONSENT_FORM_VALUE_RAW];
    consent_tokens_t  bit;

    nlen = consent_form_decode(key, klen, name, CONSENT_FORM_NAME_RAW,
                               CONSENT_FORM_NAME_LEN);
    if (nlen < 0) {
        return (int) nlen;
    }

    len = consent_form_decode(val, vlen, value, CONSENT_FORM_VALUE_RAW,
                              CONSENT_FORM_VALUE_LEN);
    if (len < 0) {
        return (int) len;
    }

    if (consent_form_is(name, nlen, "accept")) {

        if (form->accept_all || form->reject_all
            || !consent_form_is(value, len, "all"))
        {
            return CONSENT_EINVAL;
        }

        form->accept_all = 1;

        return CONSENT_OK;
    }

    if (consent_form_is(name, nlen, "reject")) {

        if (form->reject_all || form->accept_all
            || !consent_form_is(value, len, "all"))
        {
            return CONSENT_EINVAL;
        }

        form->reject_all = 1;

        return CONSENT_OK;
    }

    if (consent_form_is(name, nlen, "save")) {

        if (form->save) {
            return CONSENT_EINVAL;
        }

        form->save = 1;

        return CONSENT_OK;
    }

    if (consent_form_is(name, nlen, "gpc_override")) {

        if (form->gpc_sent) {
            return CONSENT_EINVAL;
        }

        if (consent_form_is(value, len, "1")
            || consent_form_is(value, len, "on"))
        {
            form->gpc_override = 1;

        } else if (!consent_form_is(value, len, "0")) {
            return CONSENT_EINVAL;
        }

        form->gpc_sent = 1;

        return CONSENT_OK;
    }

    i = (nlen == 0) ? -1 : consent_token_index(tokens, ntokens, name, nlen);

    if (i < 0 || i >= CONSENT_MAX_TOKENS) {
        return CONSENT_EINVAL;
    }

    bit = (consent_tokens_t) 1 << i;

    if (form->mentioned & bit) {
        return CONSENT_EINVAL;
    }

    if (consent_form_is(value, len, "1")
        || consent_form_is(value, len, "on"))
    {
        form->granted |= bit;

    } else if (!consent_form_is(value, len, "0")) {
        return CONSENT_EINVAL;
    }

    form->mentioned |= bit;

    return CONSENT_OK;
}


static long
consent_form_decode(const u_char *p, size_t len, u_char *buf, size_t raw,
    size_t max)
{
    long  n;

    /* buf holds raw bytes: more of them cannot decode to max or fewer */

    if (len > raw) {
        return CONSENT_EINVAL;
    }

    n = consent_pct_decode(p, len, buf, CONSENT_PCT_PLUS);

    if (n >= 0 && (size_t) n > max) {
        return CONSENT_EINVAL;
    }

    return n;
}


static void
consent_form_bad(consent_form_t *form, const u_char *pair, const u_char *end)
{
    const u_char  *eq;

    eq = memchr(pair, '=', end - pair);
    if (eq != NULL) {
        end = eq;
    }

    form->bad.data = pair;
    form->bad.len = end - pair;

    if (form->bad.len > CONSENT_FORM_BAD_LEN) {
        form->bad.len = CONSENT_FORM_BAD_LEN;
    }
}


static int
consent_form_is(const u_char *p, size_t len, const char *s)
{
    return len == strlen(s) && memcmp(p, s, len) == 0;
}


int
consent_form_reserved(const u_char *p, size_t len)
{
    return consent_form_is(p, len, "accept")
           || consent_form_is(p, len, "reject")
           || consent_form_is(p, len, "save")
           || consent_form_is(p, len, "gpc_override");
}


int
consent_form_return_path(const u_char *referer, size_t len,
    const u_char *scheme, size_t scheme_len, const u_char *host,
    size_t host_len, consent_str_t *path)
{
    size_t         i, n;
    const u_char  *p, *hash;

    path->len = 0;
    path->data = NULL;

    if (len > CONSENT_FORM_REFERER_MAX
        || consent_form_origin(referer, len, scheme, scheme_len, host,
                               host_len, &n)
           != CONSENT_OK)
    {
        return CONSENT_EINVAL;
    }

    if (n == len || referer[n] == '#') {
        path->len = 1;
        path->data = consent_form_root;
        return CONSENT_OK;
    }

    if (referer[n] != '/') {
        /* a query with no path */
        return CONSENT_EINVAL;
    }

    p = referer + n;

    hash = memchr(p, '#', len - n);
    n = (hash ? hash : referer + len) - p;

    /* "//host" and "/\host" are other sites to a browser */

    if (n > 1 && (p[1] == '/' || p[1] == '\\')) {
        return CONSENT_EINVAL;
    }

    for (i = 0; i < n; i++) {
        if (p[i] < 0x21 || p[i] > 0x7e || p[i] == '\\') {
            return CONSENT_EINVAL;
        }
    }

    path->len = n;
    path->data = p;

    return CONSENT_OK;
}


int
consent_form_same_origin(const u_char *origin, size_t len,
    const u_char *scheme, size_t scheme_len, const u_char *host,
    size_t host_len)
{
    size_t  n;

    if (len > CONSENT_FORM_REFERER_MAX
        || consent_form_origin(origin, len, scheme, scheme_len, host,
                               host_len, &n)
           != CONSENT_OK)
    {
        return 0;
    }

    return n == len;
}


/*
 * p starts with "scheme://authority", the request's scheme and authority;
 * *after is the offset of the byte after the authority: the end of p, or
 * '/', '?' or '#'
 */

static int
consent_form_origin(const u_char *p, size_t len, const u_char *scheme,
    size_t scheme_len, const u_char *host, size_t host_len, size_t *after)
{
    size_t         i;
    unsigned       dport, port, hport;
    consent_str_t  name, hname;

    if (scheme_len == 4
        && consent_form_caseeq(scheme, (const u_char *) "http", 4))
    {
        dport = 80;

    } else if (scheme_len == 5
               && consent_form_caseeq(scheme, (const u_char *) "https", 5))
    {
        dport = 443;

    } else {
        return CONSENT_EINVAL;
    }

    if (len < scheme_len + 3
        || !consent_form_caseeq(p, scheme, scheme_len)
        || memcmp(p + scheme_len, "://", 3) != 0)
    {
        return CONSENT_EINVAL;
    }

    for (i = scheme_len + 3; i < len; i++) {
        if (p[i] == '/' || p[i] == '?' || p[i] == '#') {
            break;
        }
    }

    if (consent_form_authority(p + scheme_len + 3, i - scheme_len - 3, dport,
                               &name, &port)
        != CONSENT_OK
        || consent_form_authority(host, host_len, dport, &hname, &hport)
           != CONSENT_OK)
    {
        return CONSENT_EINVAL;
    }

    if (port != hport || name.len != hname.len
        || !consent_form_caseeq(name.data, hname.data, name.len))
    {
        return CONSENT_EINVAL;
    }

    *after = i;

    return CONSENT_OK;
}


/*
 * authority = ( reg-name / "[" IPv6 "]" ) [ ":" [ port ] ], no userinfo;
 * *port is dport when the port is empty or absent
 */

static int
consent_form_authority(const u_char *p, size_t len, unsigned dport,
    consent_str_t *name, unsigned *port)
{
    size_t   i;
    u_char   c;
    int64_t  v;

    if (len == 0) {
        return CONSENT_EINVAL;
    }

    if (p[0] == '[') {

        /* an IPv6 literal, compared as text */

        for (i = 1; i < len && p[i] != ']'; i++) {
            c = p[i];

            if (!((c >= '0' && c <= '9') || c == ':' || c == '.'
                  || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')))
            {
                return CONSENT_EINVAL;
            }
        }

        if (i == len || i == 1) {
            return CONSENT_EINVAL;
        }

        i++;

    } else {

        for (i = 0; i < len && consent_form_host_char(p[i]); i++) {
            /* void */
        }

        if (i == 0) {
            return CONSENT_EINVAL;
        }
    }

    name->data = p;
    name->len = i;

    if (i == len || (i + 1 == len && p[i] == ':')) {
        *port = dport;
        return CONSENT_OK;
    }

    if (p[i] != ':'
        || consent_number(p + i + 1, len - i - 1, 5, &v) != CONSENT_OK
        || v == 0 || v > 65535)
    {
        return CONSENT_EINVAL;
    }

    *port = (unsigned) v;

    return CONSENT_OK;
}


static int
consent_form_host_char(u_char c)
{
    if ((c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
        || c == '~')
    {
        return 1;
    }

    c |= 0x20;

    return c >= 'a' && c <= 'z';
}


static int
consent_form_caseeq(const u_char *a, const u_char *b, size_t n)
{
    u_char  c1, c2;

    while (n--) {
        c1 = *a++;
        c2 = *b++;

        if (c1 >= 'A' && c1 <= 'Z') {
            c1 |= 0x20;
        }

        if (c2 >= 'A' && c2 <= 'Z') {
            c2 |= 0x20;
        }

        if (c1 != c2) {
            return 0;
        }
    }

    return 1;
}
