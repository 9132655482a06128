
/*
 * Fuzz target: consent_ip_parse(), consent_ip_mask(), consent_ip_format().
 *
 * Properties checked:
 *   - a rejected input leaves a zeroed address that formats as nothing,
 *     so the raw input can never reach a log;
 *   - the parser accepts exactly what the C library's inet_pton() accepts
 *     (for inputs without NUL bytes), to the same address, unmapped;
 *   - for every prefix length, the masked address keeps the prefix, has
 *     every other bit zero, formats within CONSENT_IP_STRLEN bytes (into
 *     an exactly-sized buffer) and parses back to itself;
 *   - the first 16 bytes taken as a sockaddr's address unmap likewise.
 */


#include "consent_ip.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_masks(const consent_ip_t *orig);
static int fuzz_bit(const u_char *addr, unsigned k);


static const u_char  fuzz_mapped[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int            rc, r4, r6;
    char          *str;
    u_char        *in, *out, b[16];
    consent_ip_t   ip, zero;

    in = malloc(size ? size : 1);
    out = malloc(CONSENT_IP_STRLEN);
    str = malloc(size + 1);

    if (in == NULL || out == NULL || str == NULL) {
        abort();
    }

    memcpy(in, data, size);

    rc = consent_ip_parse(in, size, &ip);

    if (rc != CONSENT_OK) {
        memset(&zero, 0, sizeof(consent_ip_t));

        if (rc != CONSENT_EINVAL
            || memcmp(&ip, &zero, sizeof(consent_ip_t)) != 0
            || consent_ip_format(&ip, out) != 0)
        {
            __builtin_trap();
        }

        consent_ip_mask(&ip, 32, 128);

        if (consent_ip_format(&ip, out) != 0) {
            __builtin_trap();
        }
    }

    /* the C library as an oracle */

    if (memchr(data, '\0', size) == NULL) {
        memcpy(str, data, size);
        str[size] = '\0';

        r4 = inet_pton(AF_INET, str, b);
        r6 = (r4 == 1) ? 0 : inet_pton(AF_INET6, str, b);

        if ((rc == CONSENT_OK) != (r4 == 1 || r6 == 1)) {
            __builtin_trap();
        }

        if (rc == CONSENT_OK) {
            if (r4 == 1) {
                if (ip.family != CONSENT_IP_V4 || memcmp(ip.addr, b, 4)) {
                    __builtin_trap();
                }

            } else if (memcmp(b, fuzz_mapped, 12) == 0) {
                if (ip.family != CONSENT_IP_V4
                    || memcmp(ip.addr, b + 12, 4) != 0)
                {
                    __builtin_trap();
                }

            } else if (ip.family != CONSENT_IP_V6
                       || memcmp(ip.addr, b, 16) != 0)
            {
                __builtin_trap();
            }
        }
    }

    if (rc == CONSENT_OK) {
        fuzz_check_masks(&ip);
    }

    /* the same bytes as a sockaddr's address */

    if (size >= 16) {
        if (consent_ip_from_bytes(CONSENT_IP_V6, in, &ip) != CONSENT_OK) {
            __builtin_trap();
        }

        if ((memcmp(in, fuzz_mapped, 12) == 0)
            != (ip.family == CONSENT_IP_V4))
        {
            __builtin_trap();
        }

        fuzz_check_masks(&ip);

        if (consent_ip_from_bytes(CONSENT_IP_V4, in, &ip) != CONSENT_OK) {
            __builtin_trap();
        }

        fuzz_check_masks(&ip);
    }

    if (size >= 17) {
        rc = consent_ip_from_bytes(in[0], in + 1, &ip);

        if ((rc == CONSENT_OK)
            != (in[0] == CONSENT_IP_V4 || in[0] == CONSENT_IP_V6))
        {
            __builtin_trap();
        }
    }

    free(str);
    free(out);
    free(in);

    return 0;
}


static void
fuzz_check_masks(const consent_ip_t *orig)
{
    size_t        n;
    u_char       *out;
    unsigned      bits, b, max;
    consent_ip_t  ip, back;

    out = malloc(CONSENT_IP_STRLEN);
    if (out == NULL) {
        abort();
    }

    max = (orig->family == CONSENT_IP_V4) ? 32 : 128;

    for (bits = 0; bits <= max + 1; bits++) {

        ip = *orig;
        consent_ip_mask(&ip, bits, bits);

        if (ip.family != orig->family) {
            __builtin_trap();
        }

        for (b = 0; b < 128; b++) {
            if (fuzz_bit(ip.addr, b)
                != ((b < bits && b < max) ? fuzz_bit(orig->addr, b) : 0))
            {
                __builtin_trap();
            }
        }

        n = consent_ip_format(&ip, out);

        if (n == 0 || n > CONSENT_IP_STRLEN) {
            __builtin_trap();
        }

        if (consent_ip_parse(out, n, &back) != CONSENT_OK
            || memcmp(&back, &ip, sizeof(consent_ip_t)) != 0)
        {
            __builtin_trap();
        }
    }

    free(out);
}


static int
fuzz_bit(const u_char *addr, unsigned k)
{
    return (addr[k / 8] >> (7 - k % 8)) & 1;
}
