
/*
 * Fuzz target: consent_form_parse(), consent_form_return_path() and
 * consent_form_same_origin().
 *
 * The input is a form body, a Referer and an Origin at once.  If it holds
 * a NUL byte, the bytes before the first one are the Host header and the
 * rest is the input; else the Host is "example.com".  Each of the three is
 * copied into an exactly-sized buffer, so that ASan catches any read
 * outside it, and the way back is asked for with "https" and "http".
 *
 * Form properties:
 *   - over CONSENT_FORM_MAX_LEN bytes or over CONSENT_FORM_MAX_PAIRS
 *     non-empty '&'-separated pairs is CONSENT_ETOOLONG and the reverse;
 *     else nothing but '&' is CONSENT_EMPTY and the reverse;
 *   - an error grants, mentions and sets nothing (gpc_override and
 *     gpc_sent included), and "bad" lies in the input, at most
 *     CONSENT_FORM_BAD_LEN bytes;
 *   - a success has no "bad", never both accept and reject, grants only
 *     what it mentions, mentions only tokens of the table, and confirms
 *     a GPC override only with "gpc_override" sent; the whole
 *     input percent-decodes ('+' as space), and the decoded input holds,
 *     at its start or after a '&', "NAME=1&", "NAME=on&" (at the end
 *     without the '&') for each granted token and "NAME=0&" for each
 *     mentioned and not granted one;
 *   - with the token table reversed, the code, the flags and "bad" are the
 *     same and the bits are reversed;
 *   - the code and every field are those of a reference parser written
 *     plainly below (a pair at a time, decoded into malloc'd buffers).
 *
 * Way back properties:
 *   - a path lies in the Referer or is a static "/", starts with '/', its
 *     second byte is neither '/' nor '\', and every byte is in 0x21-0x7E
 *     but '\'; a refusal gives no path;
 *   - the Referer starts with the scheme (any case) and "://"; the path
 *     starts at the first '/', '?' or '#' after it and ends at the first
 *     '#' or the end; what comes before it holds no '@' and is an origin
 *     that consent_form_same_origin() accepts;
 *   - with the Host "example.com", both functions answer exactly what a
 *     reference written for that host answers: the authority is
 *     "example.com" in any case, then nothing, ':' or ':' and 1 to 5
 *     digits of the scheme's default port.
 *
 * Same origin properties:
 *   - 1 means the input starts with the scheme (any case) and "://", then
 *     holds no '/', '?', '#' or '@'; the way back from that input is the
 *     static "/", and from that input and '/' it is "/" in the buffer.
 */


#include "consent_form.h"

#include <stdlib.h>
#include <string.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_form(const u_char *in, size_t size);
static void fuzz_form_names(const u_char *in, size_t size,
    const consent_form_t *f);
static int fuzz_ref_form(const u_char *in, size_t size, size_t pairs,
    consent_form_t *f);
static int fuzz_ref_pair(const u_char *key, size_t klen, const u_char *val,
    size_t vlen, consent_form_t *f);
static long fuzz_ref_decode(const u_char *p, size_t len, u_char **out);
static int fuzz_is(const u_char *p, size_t len, const char *s);
static void fuzz_way_back(const u_char *in, size_t size, const char *scheme,
    const u_char *host, size_t host_len, int fixed);
static int fuzz_ref_return(const u_char *in, size_t size, const char *scheme,
    consent_str_t *path);
static int fuzz_ref_authority(const u_char *p, size_t len, unsigned dport);
static int fuzz_find(const u_char *hay, size_t hlen, const u_char *name,
    size_t nlen, const char *value);
static int fuzz_caseeq(const u_char *p, const char *s, size_t n);
static u_char *fuzz_copy(const u_char *p, size_t len);


static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
    { 1, (const u_char *) "a" },
    { 3, (const u_char *) "b_1" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int            fixed;
    u_char        *in, *host;
    size_t         host_len;
    const u_char  *nul;

    nul = memchr(data, '\0', size);

    if (nul != NULL) {
        host_len = nul - data;
        host = fuzz_copy(data, host_len);
        in = fuzz_copy(nul + 1, size - host_len - 1);
        size -= host_len + 1;
        fixed = 0;

    } else {
        host_len = sizeof("example.com") - 1;
        host = fuzz_copy((const u_char *) "example.com", host_len);
        in = fuzz_copy(data, size);
        fixed = 1;
    }

    fuzz_form(in, size);

    fuzz_way_back(in, size, "https", host, host_len, fixed);
    fuzz_way_back(in, size, "http", host, host_len, fixed);

    free(host);
    free(in);

    return 0;
}


static void
fuzz_form(const u_char *in, size_t size)
{
    int              rc, rc2;
    size_t           i, pairs, amps;
    consent_str_t    rev[NTOKENS];
    consent_form_t   f, f2, r;

    rc = consent_form_parse(in, size, tokens, NTOKENS, &f);

    /* the limits and "no decision", exactly */

    pairs = 0;
    amps = 0;

    for (i = 0; i < size; i++) {
        if (in[i] == '&') {
            amps++;

        } else if (i == 0 || in[i - 1] == '&') {
            pairs++;
        }
    }

    if ((size > CONSENT_FORM_MAX_LEN || pairs > CONSENT_FORM_MAX_PAIRS)
        != (rc == CONSENT_ETOOLONG))
    {
        __builtin_trap();
    }

    if (size <= CONSENT_FORM_MAX_LEN
        && (amps == size) != (rc == CONSENT_EMPTY))
    {
        __builtin_trap();
    }

    if (rc != CONSENT_OK && rc != CONSENT_EMPTY && rc != CONSENT_EINVAL
        && rc != CONSENT_ETOOLONG && rc != CONSENT_EENCODING)
    {
        __builtin_trap();
    }

    if (f.bad.len > CONSENT_FORM_BAD_LEN
        || (f.bad.len
            && (f.bad.data < in || f.bad.data + f.bad.len > in + size)))
    {
        __builtin_trap();
    }

    if (rc != CONSENT_OK) {
        if (f.granted || f.mentioned || f.accept_all || f.reject_all
            || f.save || f.gpc_override || f.gpc_sent)
        {
            __builtin_trap();
        }

    } else {
        if (f.bad.len || (f.accept_all && f.reject_all)
            || (f.granted & ~f.mentioned) || (f.mentioned >> NTOKENS)
            || (f.gpc_override && !f.gpc_sent))
        {
            __builtin_trap();
        }

        if (f.mentioned) {
            fuzz_form_names(in, size, &f);
        }
    }

    /* the reference */

    rc2 = fuzz_ref_form(in, size, pairs, &r);

    if (rc2 != rc || r.granted != f.granted || r.mentioned != f.mentioned
        || r.accept_all != f.accept_all || r.reject_all != f.reject_all
        || r.save != f.save || r.gpc_override != f.gpc_override
        || r.gpc_sent != f.gpc_sent || r.bad.data != f.bad.data
        || r.bad.len != f.bad.len)
    {
        __builtin_trap();
    }

    /* the same with the table reversed */

    for (i = 0; i < NTOKENS; i++) {
        rev[i] = tokens[NTOKENS - 1 - i];
    }

    rc2 = consent_form_parse(in, size, rev, NTOKENS, &f2);

    if (rc2 != rc || f2.accept_all != f.accept_all
        || f2.reject_all != f.reject_all || f2.save != f.save
        || f2.gpc_override != f.gpc_override || f2.gpc_sent != f.gpc_sent
        || f2.bad.data != f.bad.data || f2.bad.len != f.bad.len)
    {
        __builtin_trap();
    }

    for (i = 0; i < NTOKENS; i++) {
        if (((f.granted >> i) & 1) != ((f2.granted >> (NTOKENS - 1 - i)) & 1)
            || ((f.mentioned >> i) & 1)
               != ((f2.mentioned >> (NTOKENS - 1 - i)) & 1))
        {
            __builtin_trap();
        }
    }
}


static void
fuzz_form_names(const u_char *in, size_t size, const consent_form_t *f)
{
    long               n;
    size_t             i;
    u_char            *dec;
    consent_tokens_t   bit;

    dec = malloc(size ? size : 1);
    if (dec == NULL) {
        abort();
    }

    n = consent_pct_decode(in, size, dec, CONSENT_PCT_PLUS);

    if (n < 0) {
        __builtin_trap();
    }

    for (i = 0; i < NTOKENS; i++) {
        bit = (consent_tokens_t) 1 << i;

        if (f->granted & bit) {
            if (!fuzz_find(dec, n, tokens[i].data, tokens[i].len, "=1")
                && !fuzz_find(dec, n, tokens[i].data, tokens[i].len, "=on"))
            {
                __builtin_trap();
            }

        } else if (f->mentioned & bit) {
            if (!fuzz_find(dec, n, tokens[i].data, tokens[i].len, "=0")) {
                __builtin_trap();
            }
        }
    }

    free(dec);
}


static int
fuzz_ref_form(const u_char *in, size_t size, size_t pairs, consent_form_t *f)
{
    int            rc;
    size_t         i, start, eq;
    const u_char  *key;

    memset(f, 0, sizeof(consent_form_t));

    if (size > CONSENT_FORM_MAX_LEN) {
        return CONSENT_ETOOLONG;
    }

    if (pairs == 0) {
        return CONSENT_EMPTY;
    }

    rc = CONSENT_OK;
    pairs = 0;
    start = 0;

    for (i = 0; i <= size; i++) {
        if (i < size && in[i] != '&') {
            continue;
        }

        if (i > start) {
            key = in + start;

            for (eq = start; eq < i && in[eq] != '='; eq++) {
                /* void */
            }

            /* the pair limit wins over an error in an earlier pair */

            if (++pairs > CONSENT_FORM_MAX_PAIRS) {
                rc = CONSENT_ETOOLONG;
                f->bad.data = key;
                f->bad.len = eq - start;
                break;
            }

            if (rc == CONSENT_OK) {
                rc = fuzz_ref_pair(key, eq - start, in + eq + (eq < i),
                                   i - eq - (eq < i), f);

                if (rc != CONSENT_OK) {
                    f->bad.data = key;
                    f->bad.len = eq - start;
                }
            }
        }

        start = i + 1;
    }

    if (rc != CONSENT_OK) {
        key = f->bad.data;
        i = f->bad.len;

        memset(f, 0, sizeof(consent_form_t));

        f->bad.data = key;
        f->bad.len = i < CONSENT_FORM_BAD_LEN ? i : CONSENT_FORM_BAD_LEN;
    }

    return rc;
}


static int
fuzz_ref_pair(const u_char *key, size_t klen, const u_char *val,
    size_t vlen, consent_form_t *f)
{
    long               n, m;
    size_t             i;
    u_char            *name, *value;
    consent_tokens_t   bit;

    name = NULL;
    value = NULL;

    n = fuzz_ref_decode(key, klen, &name);
    if (n < 0) {
        return (int) n;
    }

    m = fuzz_ref_decode(val, vlen, &value);
    if (m < 0) {
        free(name);
        return (int) m;
    }

    if (fuzz_is(name, n, "accept") || fuzz_is(name, n, "reject")) {
        if (f->accept_all || f->reject_all || !fuzz_is(value, m, "all")) {
            n = CONSENT_EINVAL;

        } else if (name[0] == 'a') {
            f->accept_all = 1;
            n = CONSENT_OK;

        } else {
            f->reject_all = 1;
            n = CONSENT_OK;
        }

        goto done;
    }

    if (fuzz_is(name, n, "save")) {
        n = f->save ? CONSENT_EINVAL : CONSENT_OK;
        f->save = 1;
        goto done;
    }

    if (fuzz_is(name, n, "gpc_override")) {
        n = CONSENT_EINVAL;

        if (!f->gpc_sent) {
            if (fuzz_is(value, m, "1") || fuzz_is(value, m, "on")) {
                f->gpc_override = 1;
                n = CONSENT_OK;

            } else if (fuzz_is(value, m, "0")) {
                n = CONSENT_OK;
            }
        }

        f->gpc_sent = 1;
        goto done;
    }

    for (i = 0; i < NTOKENS; i++) {
        if (fuzz_is(name, n, (const char *) tokens[i].data)) {
            break;
        }
    }

    bit = (consent_tokens_t) 1 << i;

    if (i == NTOKENS || (f->mentioned & bit)) {
        n = CONSENT_EINVAL;
        goto done;
    }

    f->mentioned |= bit;
    n = CONSENT_OK;

    if (fuzz_is(value, m, "1") || fuzz_is(value, m, "on")) {
        f->granted |= bit;

    } else if (!fuzz_is(value, m, "0")) {
        n = CONSENT_EINVAL;
    }

done:

    free(name);
    free(value);

    return (int) n;
}


/*
 * the documented order: over 3 * 32 raw bytes cannot decode to 32 and is
 * CONSENT_EINVAL at once; then the escapes; then the decoded length
 */

static long
fuzz_ref_decode(const u_char *p, size_t len, u_char **out)
{
    long  n;

    if (len > 3 * CONSENT_FORM_NAME_LEN) {
        return CONSENT_EINVAL;
    }

    *out = malloc(len ? len : 1);
    if (*out == NULL) {
        abort();
    }

    n = consent_pct_decode(p, len, *out, CONSENT_PCT_PLUS);

    if (n < 0 || n > CONSENT_FORM_NAME_LEN) {
        free(*out);
        *out = NULL;
        return n < 0 ? n : CONSENT_EINVAL;
    }

    return n;
}


static int
fuzz_is(const u_char *p, size_t len, const char *s)
{
    return len == strlen(s) && (len == 0 || memcmp(p, s, len) == 0);
}


static void
fuzz_way_back(const u_char *in, size_t size, const char *scheme,
    const u_char *host, size_t host_len, int fixed)
{
    int             rc, same, ref;
    u_char         *sch, *slash;
    size_t          i, slen, start;
    consent_str_t   path, rpath;

    slen = strlen(scheme);
    sch = fuzz_copy((const u_char *) scheme, slen);

    rc = consent_form_return_path(in, size, sch, slen, host, host_len, &path);
    same = consent_form_same_origin(in, size, sch, slen, host, host_len);

    if (rc != CONSENT_OK) {
        if (rc != CONSENT_EINVAL || path.len != 0) {
            __builtin_trap();
        }

    } else {
        if (path.len == 0 || path.data[0] != '/'
            || (path.len > 1 && (path.data[1] == '/' || path.data[1] == '\\')))
        {
            __builtin_trap();
        }

        for (i = 0; i < path.len; i++) {
            if (path.data[i] < 0x21 || path.data[i] > 0x7e
                || path.data[i] == '\\')
            {
                __builtin_trap();
            }
        }

        if (size < slen + 3 || !fuzz_caseeq(in, scheme, slen)
            || memcmp(in + slen, "://", 3) != 0)
        {
            __builtin_trap();
        }

        /* where the path starts: the end of the authority */

        for (start = slen + 3; start < size; start++) {
            if (in[start] == '/' || in[start] == '?' || in[start] == '#') {
                break;
            }

            if (in[start] == '@') {
                __builtin_trap();
            }
        }

        if (path.data >= in && path.data + path.len <= in + size) {

            if (path.data != in + start
                || (path.data + path.len != in + size
                    && path.data[path.len] != '#')
                || memchr(path.data, '#', path.len) != NULL)
            {
                __builtin_trap();
            }

        } else if (path.len != 1 || (start < size && in[start] != '#')) {
            __builtin_trap();
        }

        if (consent_form_same_origin(in, start, sch, slen, host, host_len)
            != 1)
        {
            __builtin_trap();
        }
    }

    if (same != 0 && same != 1) {
        __builtin_trap();
    }

    if (same) {
        if (size < slen + 3 || !fuzz_caseeq(in, scheme, slen)
            || memcmp(in + slen, "://", 3) != 0)
        {
            __builtin_trap();
        }

        for (i = slen + 3; i < size; i++) {
            if (in[i] == '/' || in[i] == '?' || in[i] == '#' || in[i] == '@') {
                __builtin_trap();
            }
        }

        if (rc != CONSENT_OK || path.len != 1
            || (path.data >= in && path.data < in + size))
        {
            __builtin_trap();
        }

        slash = malloc(size + 1);
        if (slash == NULL) {
            abort();
        }

        memcpy(slash, in, size);
        slash[size] = '/';

        if (consent_form_return_path(slash, size + 1, sch, slen, host,
                                     host_len, &path)
            != CONSENT_OK
            || path.data != slash + size || path.len != 1)
        {
            __builtin_trap();
        }

        free(slash);
    }

    if (fixed) {
        ref = fuzz_ref_return(in, size, scheme, &rpath);

        if (ref != (rc == CONSENT_OK)) {
            __builtin_trap();
        }

        if (ref
            && (rpath.len != path.len
                || (rpath.data == NULL
                    ? (path.data >= in && path.data < in + size)
                    : rpath.data != path.data)))
        {
            __builtin_trap();
        }

        /* an origin is a Referer whose authority runs to the end */

        for (i = slen + 3; i < size; i++) {
            if (in[i] == '/' || in[i] == '?' || in[i] == '#') {
                break;
            }
        }

        if (same != (size >= slen + 3 && i == size && ref)) {
            __builtin_trap();
        }
    }

    free(sch);
}


/*
 * The way back for the Host "example.com": 1 and the path (data NULL for
 * the static "/"), or 0
 */

static int
fuzz_ref_return(const u_char *in, size_t size, const char *scheme,
    consent_str_t *path)
{
    size_t         i, slen;
    unsigned       dport;
    const u_char  *p, *end;

    slen = strlen(scheme);
    dport = (slen == 5) ? 443 : 80;

    if (size > CONSENT_FORM_REFERER_MAX || size < slen + 3
        || !fuzz_caseeq(in, scheme, slen)
        || memcmp(in + slen, "://", 3) != 0)
    {
        return 0;
    }

    for (i = slen + 3; i < size; i++) {
        if (in[i] == '/' || in[i] == '?' || in[i] == '#') {
            break;
        }
    }

    if (!fuzz_ref_authority(in + slen + 3, i - slen - 3, dport)) {
        return 0;
    }

    if (i == size || in[i] == '#') {
        path->data = NULL;
        path->len = 1;
        return 1;
    }

    if (in[i] == '?') {
        return 0;
    }

    p = in + i;
    end = memchr(p, '#', size - i);
    if (end == NULL) {
        end = in + size;
    }

    if (end - p > 1 && (p[1] == '/' || p[1] == '\\')) {
        return 0;
    }

    for (i = 0; p + i < end; i++) {
        if (p[i] <= 0x20 || p[i] >= 0x7f || p[i] == '\\') {
            return 0;
        }
    }

    path->data = p;
    path->len = end - p;

    return 1;
}


static int
fuzz_ref_authority(const u_char *p, size_t len, unsigned dport)
{
    size_t    i;
    unsigned  v;

    if (len < 11 || !fuzz_caseeq(p, "example.com", 11)) {
        return 0;
    }

    if (len == 11 || (len == 12 && p[11] == ':')) {
        return 1;
    }

    if (p[11] != ':' || len - 12 > 5) {
        return 0;
    }

    v = 0;

    for (i = 12; i < len; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return 0;
        }

        v = v * 10 + (p[i] - '0');
    }

    return v == dport;
}


/* NAME VALUE at the start of hay or after a '&', then '&' or the end */

static int
fuzz_find(const u_char *hay, size_t hlen, const u_char *name, size_t nlen,
    const char *value)
{
    size_t  i, vlen, n;

    vlen = strlen(value);
    n = nlen + vlen;

    for (i = 0; i + n <= hlen; i++) {
        if ((i == 0 || hay[i - 1] == '&')
            && memcmp(hay + i, name, nlen) == 0
            && memcmp(hay + i + nlen, value, vlen) == 0
            && (i + n == hlen || hay[i + n] == '&'))
        {
            return 1;
        }
    }

    return 0;
}


static int
fuzz_caseeq(const u_char *p, const char *s, size_t n)
{
    size_t  i;
    u_char  c;

    for (i = 0; i < n; i++) {
        c = p[i];

        if (c >= 'A' && c <= 'Z') {
            c |= 0x20;
        }

        if (c != (u_char) s[i]) {
            return 0;
        }
    }

    return 1;
}


static u_char *
fuzz_copy(const u_char *p, size_t len)
{
    u_char  *b;

    b = malloc(len ? len : 1);
    if (b == NULL) {
        abort();
    }

    if (len) {
        memcpy(b, p, len);
    }

    return b;
}
