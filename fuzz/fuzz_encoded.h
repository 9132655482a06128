
/*
 * Encoding invariance for the JSON formats that a platform writes with
 * encodeURIComponent() (Borlabs Cookie, Axeptio): decoding and parsing are
 * two steps that split cleanly, so that a value and the same value encoded
 * another way say the same thing.
 *
 * fuzz_encoded_check(), after fuzz_format_run() of the input, checks:
 *
 *   - an input with a '%' that percent-decodes, into bytes without a '%',
 *     parses as its decoded form does;
 *   - an input without a '%' or a NUL parses as its encodeURIComponent()
 *     form does, if that is within CONSENT_JSON_MAX_LEN;
 *
 * "as": the same code, tokens, time, revision, "undecided", "expired" and
 * id bytes.  Include it after fuzz_format.h.
 */


#ifndef _FUZZ_ENCODED_H_INCLUDED_
#define _FUZZ_ENCODED_H_INCLUDED_


#include "consent_json.h"


static void fuzz_encoded_check(fuzz_run_t *run, fuzz_parse_pt parse,
    const consent_str_t *tokens, size_t ntokens);
static void fuzz_encoded_same(fuzz_run_t *run, fuzz_parse_pt parse,
    const consent_str_t *tokens, size_t ntokens, const u_char *p,
    size_t len);
static size_t fuzz_encode_uri(const u_char *p, size_t len, u_char *out);


static void
fuzz_encoded_check(fuzz_run_t *run, fuzz_parse_pt parse,
    const consent_str_t *tokens, size_t ntokens)
{
    long     n;
    size_t   len;
    u_char  *buf;

    if (run->size == 0 || run->size > CONSENT_JSON_MAX_LEN) {
        return;
    }

    if (memchr(run->in, '%', run->size) != NULL) {
        buf = malloc(run->size);
        if (buf == NULL) {
            return;
        }

        n = consent_pct_decode(run->in, run->size, buf, 0);

        if (n > 0 && memchr(buf, '%', n) == NULL) {
            fuzz_encoded_same(run, parse, tokens, ntokens, buf, n);
        }

        free(buf);
        return;
    }

    /* an escaped NUL is a bad escape, a raw one bad JSON */

    if (memchr(run->in, '\0', run->size) != NULL) {
        return;
    }

    len = fuzz_encode_uri(run->in, run->size, NULL);

    if (len > CONSENT_JSON_MAX_LEN) {
        return;
    }

    buf = malloc(len);
    if (buf == NULL) {
        return;
    }

    (void) fuzz_encode_uri(run->in, run->size, buf);

    fuzz_encoded_same(run, parse, tokens, ntokens, buf, len);

    free(buf);
}


static void
fuzz_encoded_same(fuzz_run_t *run, fuzz_parse_pt parse,
    const consent_str_t *tokens, size_t ntokens, const u_char *p, size_t len)
{
    int                rc;
    u_char            *in, *scratch;
    consent_result_t   res;

    /* exact-size copies, so that ASan sees any read outside them */

    in = malloc(len);
    scratch = malloc(len);

    if (in == NULL || scratch == NULL) {
        goto done;
    }

    memcpy(in, p, len);

    rc = parse(in, len, scratch, tokens, ntokens, &res);

    if (rc != run->rc || res.granted != run->res.granted
        || res.timestamp != run->res.timestamp
        || res.revision != run->res.revision
        || res.undecided != run->res.undecided
        || res.expired != run->res.expired
        || res.id.len != run->res.id.len)
    {
        __builtin_trap();
    }

    /* scratch of the first run was reused: compare with the input's id */

    if (res.id.len) {
        (void) parse(run->in, run->size, run->scratch, tokens, ntokens,
                     &run->res);

        if (memcmp(res.id.data, run->res.id.data, res.id.len) != 0) {
            __builtin_trap();
        }
    }

done:

    free(in);
    free(scratch);
}


static size_t
fuzz_encode_uri(const u_char *p, size_t len, u_char *out)
{
    size_t  i, n;
    u_char  c;

    static const char  hex[] = "0123456789ABCDEF";

    for (i = 0, n = 0; i < len; i++) {
        c = p[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9') || (c && strchr("-_.!~*'()", c)))
        {
            if (out) {
                out[n] = c;
            }

            n++;
            continue;
        }

        if (out) {
            out[n] = '%';
            out[n + 1] = hex[c >> 4];
            out[n + 2] = hex[c & 0xf];
        }

        n += 3;
    }

    return n;
}


#endif /* _FUZZ_ENCODED_H_INCLUDED_ */
