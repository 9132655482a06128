
/*
 * Fuzz target: Klaro's consent cookie.
 *
 * Properties: no read outside the exact-size input; a granted service's
 * name occurs in the percent-decoded input (or in it with JSON escapes
 * decoded); errors grant nothing; no tokens, nothing granted; the result
 * code does not depend on the tokens; a token granted alone is granted in
 * the full table and the reverse; Klaro carries no id, time or revision.
 */


#include "consent_klaro.h"

#include <stdlib.h>
#include <string.h>


static int occurs(const u_char *hay, size_t hlen, const consent_str_t *s);
static size_t unescape(const u_char *p, size_t len, u_char *dst);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static const consent_str_t  tokens[] = {
    { 6, (const u_char *) "matomo" },
    { 7, (const u_char *) "youtube" },
    { 7, (const u_char *) "adsense" },
    { 16, (const u_char *) "google-analytics" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a+b" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int               rc, rc2;
    long              n;
    size_t            i, m;
    u_char           *in, *scratch, *dec, *unesc;
    consent_result_t  res, res2;

    in = malloc(size ? size : 1);
    scratch = malloc(size ? size : 1);
    dec = malloc(size ? size : 1);
    unesc = malloc(size ? size : 1);

    if (in == NULL || scratch == NULL || dec == NULL || unesc == NULL) {
        goto done;
    }

    memcpy(in, data, size);

    rc = consent_klaro_parse(in, size, scratch, tokens, NTOKENS, &res);

    if (rc > 0 || (rc != CONSENT_OK && res.granted != 0)) {
        __builtin_trap();
    }

    if (res.granted >> NTOKENS) {
        __builtin_trap();
    }

    if (res.id.len != 0 || res.timestamp != -1 || res.revision != -1) {
        __builtin_trap();
    }

    if (res.undecided || res.restrict_only || res.opted_out) {
        __builtin_trap();
    }

    if (res.granted) {
        n = consent_pct_decode(in, size, dec, 0);

        if (n < 0) {
            __builtin_trap();
        }

        m = unescape(dec, n, unesc);

        for (i = 0; i < NTOKENS; i++) {
            if ((res.granted & CONSENT_BIT(i))
                && !occurs(dec, n, &tokens[i])
                && !occurs(unesc, m, &tokens[i]))
            {
                __builtin_trap();
            }
        }
    }

    rc2 = consent_klaro_parse(in, size, scratch, tokens, 0, &res2);

    if (rc2 != rc || res2.granted != 0 || res2.timestamp != res.timestamp
        || res2.revision != res.revision)
    {
        __builtin_trap();
    }

    i = size % NTOKENS;

    rc2 = consent_klaro_parse(in, size, scratch, &tokens[i], 1, &res2);

    if (rc2 != rc || res2.granted != ((res.granted >> i) & 1)) {
        __builtin_trap();
    }

done:

    free(in);
    free(scratch);
    free(dec);
    free(unesc);

    return 0;
}


static int
occurs(const u_char *hay, size_t hlen, const consent_str_t *s)
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
unescape(const u_char *p, size_t len, u_char *dst)
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
