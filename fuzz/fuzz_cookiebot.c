
/*
 * Fuzz target: Cookiebot's CookieConsent cookie.
 *
 * Properties: no read outside the exact-size input; a granted key occurs
 * in the percent-decoded input; errors and "undecided" grant nothing; no
 * tokens, nothing granted; the result code does not depend on the tokens;
 * a token granted alone is granted in the full table and the reverse; the
 * id lies in the input or scratch.
 */


#include "consent_cookiebot.h"

#include <stdlib.h>
#include <string.h>


static int occurs(const u_char *hay, size_t hlen, const consent_str_t *s);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 11, (const u_char *) "preferences" },
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 5, (const u_char *) "stamp" },
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
    size_t            i;
    u_char           *in, *scratch, *dec;
    consent_result_t  res, res2;

    in = malloc(size ? size : 1);
    scratch = malloc(size ? size : 1);
    dec = malloc(size ? size : 1);

    if (in == NULL || scratch == NULL || dec == NULL) {
        goto done;
    }

    memcpy(in, data, size);

    rc = consent_cookiebot_parse(in, size, scratch, tokens, NTOKENS, &res);

    if (rc > 0 || (rc != CONSENT_OK && res.granted != 0)) {
        __builtin_trap();
    }

    if (res.granted >> NTOKENS) {
        __builtin_trap();
    }

    if (rc != CONSENT_OK
        && (res.id.len != 0 || res.timestamp != -1 || res.revision != -1))
    {
        __builtin_trap();
    }

    if ((res.undecided && res.granted != 0) || res.restrict_only
        || res.opted_out || res.revision != -1)
    {
        __builtin_trap();
    }

    if (res.id.len) {
        if (res.id.len > CONSENT_COOKIEBOT_ID_MAX
            || !((res.id.data >= in && res.id.data + res.id.len <= in + size)
                 || (res.id.data >= scratch
                     && res.id.data + res.id.len <= scratch + size)))
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
        n = consent_pct_decode(in, size, dec, 0);

        if (n < 0) {
            __builtin_trap();
        }

        for (i = 0; i < NTOKENS; i++) {
            if ((res.granted & CONSENT_BIT(i))
                && !occurs(dec, n, &tokens[i]))
            {
                __builtin_trap();
            }
        }
    }

    rc2 = consent_cookiebot_parse(in, size, scratch, tokens, 0, &res2);

    if (rc2 != rc || res2.granted != 0 || res2.timestamp != res.timestamp
        || res2.undecided != res.undecided)
    {
        __builtin_trap();
    }

    i = size % NTOKENS;

    rc2 = consent_cookiebot_parse(in, size, scratch, &tokens[i], 1, &res2);

    if (rc2 != rc || res2.granted != ((res.granted >> i) & 1)) {
        __builtin_trap();
    }

done:

    free(in);
    free(scratch);
    free(dec);

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
