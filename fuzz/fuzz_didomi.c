
/*
 * Fuzz target: Didomi's didomi_token, and the base64 decoder of the cores.
 *
 * The first byte chooses the input: odd, the rest is the cookie value as
 * it is; even, the rest is JSON that is base64-encoded first (as btoa()),
 * so that the fuzzer reaches the token's structure.  Properties, those of
 * fuzz_format.h for a base64 format:
 *
 *   - the code is CONSENT_OK or negative; an error grants nothing and
 *     carries no id or time; no bit above the table is granted; no
 *     revision, "undecided", "expired", "implied" or opt-out ever;
 *   - CONSENT_OK has a time (created or updated is required);
 *   - an id is 1 to CONSENT_DIDOMI_ID_MAX printable ASCII bytes in
 *     scratch;
 *   - a granted token's ID (without "vendor:") occurs in the decoded
 *     JSON, or in it with JSON escapes decoded;
 *   - with no tokens the code and time are the same and nothing is
 *     granted; a token granted alone is granted in the full table and the
 *     reverse; purpose tokens alone and vendor tokens alone grant what
 *     they grant in the full table (the two kinds never meet);
 *   - consent_base64_decode() in place gives what it gives into another
 *     buffer, and decodes what btoa() encoded back to the same bytes.
 */


#include "consent_didomi.h"

#include <stdlib.h>
#include <string.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t fuzz_b64(const u_char *s, size_t len, u_char *out);
static int fuzz_occurs(const u_char *hay, size_t hlen, const u_char *s,
    size_t len);
static size_t fuzz_unescape(const u_char *p, size_t len, u_char *dst);


static const consent_str_t  tokens[] = {
    { 7, (const u_char *) "cookies" },
    { 27, (const u_char *) "measure_content_performance" },
    { 8, (const u_char *) "p4em9a8m" },
    { 13, (const u_char *) "vendor:google" },
    { 27, (const u_char *) "vendor:c:googleana-h7Kc3e7Y" },
    { 6, (const u_char *) "google" },
    { 8, (const u_char *) "vendor:a" },
    { 1, (const u_char *) "a" },
    { 7, (const u_char *) "vendor:" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))

/* the vendor tokens of the table above, and the purpose tokens */
#define VENDORS  0x158
#define NPURPOSE 6


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc, rc2;
    long               n, n2;
    size_t             i, len, m;
    u_char            *in, *scratch, *dec, *dec2, *unesc;
    consent_str_t      purposes[NTOKENS], vendors[NTOKENS];
    consent_tokens_t   p_bits, v_bits;
    consent_result_t   res, res2;

    if (size == 0) {
        return 0;
    }

    len = (data[0] & 1) ? size - 1 : (size - 1 + 2) / 3 * 4;

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);
    dec = malloc(len ? len : 1);
    dec2 = malloc(len ? len : 1);
    unesc = malloc(len ? len : 1);

    if (in == NULL || scratch == NULL || dec == NULL || dec2 == NULL
        || unesc == NULL)
    {
        goto done;
    }

    if (data[0] & 1) {
        memcpy(in, data + 1, len);

    } else {
        (void) fuzz_b64(data + 1, size - 1, in);

        /* the decoder undoes btoa() */

        n = consent_base64_decode(in, len, dec);

        if (n != (long) (size - 1) || memcmp(dec, data + 1, n) != 0) {
            __builtin_trap();
        }
    }

    /* in place or not, the same bytes */

    n = consent_base64_decode(in, len, dec);
    memcpy(dec2, in, len);
    n2 = consent_base64_decode(dec2, len, dec2);

    if (n != n2 || (n > 0 && memcmp(dec, dec2, n) != 0)) {
        __builtin_trap();
    }

    rc = consent_didomi_parse(in, len, scratch, tokens, NTOKENS, &res);

    if (rc > 0 || (rc != CONSENT_OK && res.granted != 0)) {
        __builtin_trap();
    }

    if (res.granted >> NTOKENS) {
        __builtin_trap();
    }

    if (rc != CONSENT_OK && (res.id.len != 0 || res.timestamp != -1)) {
        __builtin_trap();
    }

    if (rc == CONSENT_OK && res.timestamp < 0) {
        __builtin_trap();
    }

    if (res.revision != -1 || res.undecided || res.expired || res.implied
        || res.restrict_only || res.refused || res.gpc_override)
    {
        __builtin_trap();
    }

    if (res.id.len) {
        if (res.id.len > CONSENT_DIDOMI_ID_MAX || res.id.data < scratch
            || res.id.data + res.id.len > scratch + len)
        {
            __builtin_trap();
        }

        for (i = 0; i < res.id.len; i++) {
            if (res.id.data[i] <= 0x20 || res.id.data[i] >= 0x7f) {
                __builtin_trap();
            }
        }
    }

    if (res.granted) {

        /* the value as the parser saw it: percent-decoded, then base64 */

        n = consent_pct_decode(in, len, dec2, 0);

        if (n < 0) {
            __builtin_trap();
        }

        n = consent_base64_decode(dec2, (size_t) n, dec);

        if (n < 0) {
            __builtin_trap();
        }

        m = fuzz_unescape(dec, (size_t) n, unesc);

        for (i = 0; i < NTOKENS; i++) {
            size_t  skip = ((VENDORS >> i) & 1) ? 7 : 0;

            if ((res.granted & CONSENT_BIT(i))
                && !fuzz_occurs(dec, n, tokens[i].data + skip,
                                tokens[i].len - skip)
                && !fuzz_occurs(unesc, m, tokens[i].data + skip,
                                tokens[i].len - skip))
            {
                __builtin_trap();
            }
        }
    }

    /* the parses below reuse scratch: the id's bytes are not read again */

    rc2 = consent_didomi_parse(in, len, scratch, tokens, 0, &res2);

    if (rc2 != rc || res2.granted != 0 || res2.timestamp != res.timestamp) {
        __builtin_trap();
    }

    i = size % NTOKENS;

    rc2 = consent_didomi_parse(in, len, scratch, &tokens[i], 1, &res2);

    if (rc2 != rc || res2.granted != ((res.granted >> i) & 1)) {
        __builtin_trap();
    }

    /* purposes alone, vendors alone */

    m = 0;
    n = 0;

    for (i = 0; i < NTOKENS; i++) {
        if ((VENDORS >> i) & 1) {
            vendors[n++] = tokens[i];

        } else {
            purposes[m++] = tokens[i];
        }
    }

    if (m != NPURPOSE) {
        __builtin_trap();
    }

    rc2 = consent_didomi_parse(in, len, scratch, purposes, m, &res2);
    p_bits = res2.granted;

    if (rc2 != rc) {
        __builtin_trap();
    }

    rc2 = consent_didomi_parse(in, len, scratch, vendors, n, &res2);
    v_bits = res2.granted;

    if (rc2 != rc) {
        __builtin_trap();
    }

    m = 0;
    n = 0;

    for (i = 0; i < NTOKENS; i++) {
        if ((VENDORS >> i) & 1) {
            if (((v_bits >> n++) & 1) != ((res.granted >> i) & 1)) {
                __builtin_trap();
            }

        } else {
            if (((p_bits >> m++) & 1) != ((res.granted >> i) & 1)) {
                __builtin_trap();
            }
        }
    }

done:

    free(in);
    free(scratch);
    free(dec);
    free(dec2);
    free(unesc);

    return 0;
}


static size_t
fuzz_b64(const u_char *s, size_t len, u_char *out)
{
    size_t    i, n;
    uint32_t  v;

    static const char  abc[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /* as btoa() */

    for (i = 0, n = 0; i < len; i += 3) {
        v = (uint32_t) s[i] << 16;

        if (i + 1 < len) {
            v |= (uint32_t) s[i + 1] << 8;
        }

        if (i + 2 < len) {
            v |= s[i + 2];
        }

        out[n++] = abc[v >> 18];
        out[n++] = abc[(v >> 12) & 0x3f];
        out[n++] = (i + 1 < len) ? abc[(v >> 6) & 0x3f] : '=';
        out[n++] = (i + 2 < len) ? abc[v & 0x3f] : '=';
    }

    return n;
}


static int
fuzz_occurs(const u_char *hay, size_t hlen, const u_char *s, size_t len)
{
    size_t  i;

    if (len == 0) {
        return 1;
    }

    for (i = 0; i + len <= hlen; i++) {
        if (memcmp(hay + i, s, len) == 0) {
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
