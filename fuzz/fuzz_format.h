
/*
 * Properties shared by the fuzz targets of the token formats
 * (cookieconsent, Klaro, Cookiebot, OneTrust): all their parsers take a
 * token table and fill a consent_result_t.
 *
 * fuzz_format_run() copies the input into an exact-size buffer, so that
 * ASan catches any read outside it, parses it with the full token table
 * and checks:
 *
 *   - the code is CONSENT_OK or negative, and an error grants nothing and
 *     carries no id, time or revision;
 *   - no bit above the table is granted;
 *   - "restrict only" and "opted out" are never set; "undecided" is set
 *     only by a format that has it (FUZZ_UNDECIDED), and grants nothing;
 *     so is "expired" (FUZZ_EXPIRED);
 *   - a format without an id, time or revision (no FUZZ_ID, FUZZ_TIME,
 *     FUZZ_REVISION) never reports one;
 *   - an id lies in the input or in scratch and is printable ASCII;
 *   - a granted token's name occurs in the percent-decoded input ('+' as
 *     space with FUZZ_PCT_PLUS), or in it with JSON escapes decoded
 *     (FUZZ_JSON); an input that does not percent-decode may be raw JSON
 *     if FUZZ_RAW_JSON, and then starts with '{';
 *   - with no tokens, the code, time, revision, "undecided" and "expired"
 *     are the same and nothing is granted;
 *   - a token granted alone is granted in the full table and the reverse.
 *
 * It returns 0 with the buffers and the result in a fuzz_run_t for the
 * target's own checks (the id's length limit, where it may point), or -1
 * if out of memory; either way fuzz_format_free() releases the buffers.
 * Everything is static, each target being compiled alone; the header also
 * declares the target's LLVMFuzzerTestOneInput().
 */


#ifndef _FUZZ_FORMAT_H_INCLUDED_
#define _FUZZ_FORMAT_H_INCLUDED_


#include "consent_core.h"

#include <stdlib.h>
#include <string.h>


#define FUZZ_PCT_PLUS    0x01   /* '+' percent-decodes as a space */
#define FUZZ_JSON        0x02   /* a name may occur JSON-escaped */
#define FUZZ_RAW_JSON    0x04   /* the input may be raw, unencoded JSON */
#define FUZZ_ID          0x08   /* the format may carry an id */
#define FUZZ_TIME        0x10   /* ... a decision time */
#define FUZZ_REVISION    0x20   /* ... a revision */
#define FUZZ_UNDECIDED   0x40   /* ... "no decision" */
#define FUZZ_EXPIRED     0x80   /* ... "ask again" */


typedef int (*fuzz_parse_pt)(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


typedef struct {
    u_char            *in;
    u_char            *scratch;
    size_t             size;
    int                rc;
    consent_result_t   res;
} fuzz_run_t;


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_format_run(fuzz_run_t *run, fuzz_parse_pt parse,
    const consent_str_t *tokens, size_t ntokens, const uint8_t *data,
    size_t size, unsigned flags);
static void fuzz_format_free(fuzz_run_t *run);
static void fuzz_check_names(fuzz_run_t *run, const consent_str_t *tokens,
    size_t ntokens, unsigned flags);
static int fuzz_occurs(const u_char *hay, size_t hlen,
    const consent_str_t *s);
static size_t fuzz_unescape(const u_char *p, size_t len, u_char *dst);


static int
fuzz_format_run(fuzz_run_t *run, fuzz_parse_pt parse,
    const consent_str_t *tokens, size_t ntokens, const uint8_t *data,
    size_t size, unsigned flags)
{
    int                rc, rc2;
    size_t             i;
    u_char            *in, *scratch;
    consent_result_t  *res, res2;

    run->size = size;
    run->in = malloc(size ? size : 1);
    run->scratch = malloc(size ? size : 1);

    if (run->in == NULL || run->scratch == NULL) {
        return -1;
    }

    in = run->in;
    scratch = run->scratch;
    res = &run->res;

    memcpy(in, data, size);

    rc = parse(in, size, scratch, tokens, ntokens, res);
    run->rc = rc;

    if (rc > 0 || (rc != CONSENT_OK && res->granted != 0)) {
        __builtin_trap();
    }

    if (res->granted >> ntokens) {
        __builtin_trap();
    }

    if (rc != CONSENT_OK
        && (res->id.len != 0 || res->timestamp != -1 || res->revision != -1))
    {
        __builtin_trap();
    }

    if ((!(flags & FUZZ_ID) && res->id.len != 0)
        || (!(flags & FUZZ_TIME) && res->timestamp != -1)
        || (!(flags & FUZZ_REVISION) && res->revision != -1))
    {
        __builtin_trap();
    }

    if (res->restrict_only || res->refused) {
        __builtin_trap();
    }

    if (res->undecided
        && (!(flags & FUZZ_UNDECIDED) || res->granted != 0))
    {
        __builtin_trap();
    }

    if (res->expired
        && (!(flags & FUZZ_EXPIRED) || res->granted != 0))
    {
        __builtin_trap();
    }

    if (res->id.len) {
        if (!((res->id.data >= in && res->id.data + res->id.len <= in + size)
              || (res->id.data >= scratch
                  && res->id.data + res->id.len <= scratch + size)))
        {
            __builtin_trap();
        }

        for (i = 0; i < res->id.len; i++) {
            if (res->id.data[i] <= 0x20 || res->id.data[i] >= 0x7f) {
                __builtin_trap();
            }
        }
    }

    if (res->granted) {
        fuzz_check_names(run, tokens, ntokens, flags);
    }

    /* the parses below reuse scratch: the id's bytes are not read again */

    rc2 = parse(in, size, scratch, tokens, 0, &res2);

    if (rc2 != rc || res2.granted != 0 || res2.timestamp != res->timestamp
        || res2.revision != res->revision || res2.undecided != res->undecided
        || res2.expired != res->expired)
    {
        __builtin_trap();
    }

    i = size % ntokens;

    rc2 = parse(in, size, scratch, &tokens[i], 1, &res2);

    if (rc2 != rc || res2.granted != ((res->granted >> i) & 1)) {
        __builtin_trap();
    }

    return 0;
}


static void
fuzz_format_free(fuzz_run_t *run)
{
    free(run->in);
    free(run->scratch);
}


static void
fuzz_check_names(fuzz_run_t *run, const consent_str_t *tokens,
    size_t ntokens, unsigned flags)
{
    long     n;
    size_t   i, m;
    u_char  *dec, *unesc;

    dec = malloc(run->size ? run->size : 1);
    unesc = malloc(run->size ? run->size : 1);

    if (dec == NULL || unesc == NULL) {
        goto done;
    }

    n = consent_pct_decode(run->in, run->size, dec,
                           (flags & FUZZ_PCT_PLUS) ? CONSENT_PCT_PLUS : 0);

    if (n < 0) {

        /* read as raw JSON: it must start with '{' */

        if (!(flags & FUZZ_RAW_JSON) || run->in[0] != '{') {
            __builtin_trap();
        }

        memcpy(dec, run->in, run->size);
        n = run->size;
    }

    m = (flags & FUZZ_JSON) ? fuzz_unescape(dec, n, unesc) : 0;

    for (i = 0; i < ntokens; i++) {
        if ((run->res.granted & CONSENT_BIT(i))
            && !fuzz_occurs(dec, n, &tokens[i])
            && !((flags & FUZZ_JSON) && fuzz_occurs(unesc, m, &tokens[i])))
        {
            __builtin_trap();
        }
    }

done:

    free(dec);
    free(unesc);
}


static int
fuzz_occurs(const u_char *hay, size_t hlen, const consent_str_t *s)
{
    size_t  i;

    if (s->len == 0) {
        return 1;
    }

    for (i = 0; i + s->len <= hlen; i++) {
        if (memcmp(hay + i, s->data, s->len) == 0) {
            return 1;
        }
    }

    return 0;
}


static size_t
fuzz_unescape(const u_char *p, size_t len, u_char *dst)
{
    size_t    i, n, k;
    unsigned  cp;
    u_char    c;

    /*
     * JSON escapes decoded, left to right as a string scanner pairs them;
     * an escape of a non-ASCII character writes a byte >= 0x80, which no
     * token contains
     */

    n = 0;

    for (i = 0; i < len; i++) {
        if (p[i] != '\\' || i + 1 == len) {
            dst[n++] = p[i];
            continue;
        }

        c = p[++i];

        if (c == 'u' && len - i > 4) {
            cp = 0;

            for (k = 1; k <= 4; k++) {
                c = p[i + k];
                cp = cp << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
            }

            dst[n++] = cp < 0x80 ? (u_char) cp : 0x80;
            i += 4;
            continue;
        }

        dst[n++] = c;
    }

    return n;
}


#endif /* _FUZZ_FORMAT_H_INCLUDED_ */
