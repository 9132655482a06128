
/*
 * Fuzz target: consent_siphash_secret() and consent_siphash_day_key(), the
 * key file of "consent_visitor_key".
 *
 * Properties checked:
 *   - a file is accepted exactly when an independent reading here accepts
 *     it: 64 hexadecimal digits, then nothing, "\n" or "\r\n";
 *   - an accepted file decodes to the bytes decoded here independently;
 *   - a refused file leaves a secret of zeros, whatever was there before;
 *   - the day key is the same twice, and differs for the next day.
 */


#include "consent_siphash.h"

#include <stdlib.h>
#include <string.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_digit(u_char c);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int       rc, want;
    size_t    i, len;
    u_char   *in, secret[CONSENT_SIPHASH_SECRETLEN];
    u_char    mine[CONSENT_SIPHASH_SECRETLEN];
    u_char    k1[CONSENT_SIPHASH_KEYLEN], k2[CONSENT_SIPHASH_KEYLEN];
    uint64_t  day;

    /* an exactly-sized copy, so that ASan sees any read past the end */

    in = malloc(size ? size : 1);
    if (in == NULL) {
        abort();
    }

    memcpy(in, data, size);

    memset(secret, 0xa5, sizeof(secret));

    rc = consent_siphash_secret(in, size, secret);

    /* the independent reading */

    len = size;

    if (len >= 2 && in[len - 2] == '\r' && in[len - 1] == '\n') {
        len -= 2;

    } else if (len >= 1 && in[len - 1] == '\n') {
        len--;
    }

    want = (len == CONSENT_SIPHASH_SECRETHEX);

    for (i = 0; want && i < len; i++) {
        want = fuzz_digit(in[i]) >= 0;
    }

    if ((rc == CONSENT_OK) != want) {
        abort();
    }

    if (rc != CONSENT_OK) {
        for (i = 0; i < sizeof(secret); i++) {
            if (secret[i] != 0) {
                abort();
            }
        }

        free(in);
        return 0;
    }

    for (i = 0; i < sizeof(mine); i++) {
        mine[i] = (u_char) (fuzz_digit(in[2 * i]) * 16
                            + fuzz_digit(in[2 * i + 1]));
    }

    if (memcmp(mine, secret, sizeof(mine)) != 0) {
        abort();
    }

    /* a day from the input's first bytes */

    day = 0;

    for (i = 0; i < 8; i++) {
        day = day << 8 | secret[i];
    }

    consent_siphash_day_key(secret, day, k1);
    consent_siphash_day_key(secret, day, k2);

    if (memcmp(k1, k2, sizeof(k1)) != 0) {
        abort();
    }

    consent_siphash_day_key(secret, day + 1, k2);

    if (memcmp(k1, k2, sizeof(k1)) == 0) {
        abort();
    }

    free(in);

    return 0;
}


static int
fuzz_digit(u_char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }

    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }

    return -1;
}
