
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
 *   - the first 16 bytes taken as a sockaddr's address unmap likewise;
 *   - an IPv6 address that embeds an IPv4 (SIIT, IPv4-compatible, NAT64,
 *     6to4, Teredo, ISATAP, as an independent classifier here finds it)
 *     is masked as that IPv4: consent_ip_embedded() agrees on the form
 *     and the IPv4, the masked address is IPv4, its bytes past the IPv4
 *     prefix are zero, and its text parses back to the IPv4 masked here
 *     independently (6to4's by no more than the IPv6 prefix keeps of
 *     bits 16..47 either); an address in 64:ff9b:1::/48 keeps nothing
 *     past bit 48.  The text and the bytes of the same address agree.
 */


#include "consent_ip.h"

#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_masks(const consent_ip_t *orig);
static int fuzz_embedded(const consent_ip_t *ip, u_char *v4);
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
    int           form;
    size_t        n;
    u_char       *out, v4[4], got[4];
    unsigned      bits, b, max, v6bits, keep;
    consent_ip_t  ip, back, want;

    static const unsigned  v6s[] = { 0, 32, 40, 48, 64, 128 };

    out = malloc(CONSENT_IP_STRLEN);
    if (out == NULL) {
        abort();
    }

    form = fuzz_embedded(orig, v4);

    if (consent_ip_embedded(orig, got) != form
        || memcmp(got, v4, 4) != 0)
    {
        __builtin_trap();
    }

    max = (orig->family == CONSENT_IP_V4) ? 32 : 128;

    if (form != CONSENT_IP_NATIVE && form != CONSENT_IP_NAT64_LOCAL) {
        max = 32;
    }

    for (bits = 0; bits <= max + 1; bits++) {

        /* the prefix of the other family does not matter */

        v6bits = (form == CONSENT_IP_NATIVE
                  || form == CONSENT_IP_NAT64_LOCAL)
                 ? bits : v6s[bits % 6];

        ip = *orig;
        consent_ip_mask(&ip, bits, v6bits);

        n = consent_ip_format(&ip, out);

        if (n == 0 || n > CONSENT_IP_STRLEN) {
            __builtin_trap();
        }

        if (consent_ip_parse(out, n, &back) != CONSENT_OK
            || memcmp(&back, &ip, sizeof(consent_ip_t)) != 0)
        {
            __builtin_trap();
        }

        if (form == CONSENT_IP_NATIVE || form == CONSENT_IP_NAT64_LOCAL) {

            keep = (form == CONSENT_IP_NAT64_LOCAL && bits > 48) ? 48 : bits;

            if (ip.family != orig->family) {
                __builtin_trap();
            }

            for (b = 0; b < 128; b++) {
                if (fuzz_bit(ip.addr, b)
                    != ((b < keep && b < max) ? fuzz_bit(orig->addr, b) : 0))
                {
                    __builtin_trap();
                }
            }

            continue;
        }

        /* an embedded IPv4: that IPv4, masked here independently */

        memset(&want, 0, sizeof(consent_ip_t));
        want.family = CONSENT_IP_V4;

        /* 6to4's IPv4 is bits 16..47: no more than the IPv6 prefix either */

        keep = bits;

        if (form == CONSENT_IP_6TO4 && keep + 16 > v6bits) {
            keep = (v6bits > 16) ? v6bits - 16 : 0;
        }

        for (b = 0; b < 32 && b < keep; b++) {
            want.addr[b / 8] |= (u_char) (fuzz_bit(v4, b) << (7 - b % 8));
        }

        if (memcmp(&ip, &want, sizeof(consent_ip_t)) != 0
            || memcmp(&back, &want, sizeof(consent_ip_t)) != 0)
        {
            __builtin_trap();
        }
    }

    free(out);
}


/*
 * The forms of consent_ip_embedded(), written again from the RFCs as
 * prefixes and masks over the 16 bytes.
 */

static int
fuzz_embedded(const consent_ip_t *ip, u_char *v4)
{
    size_t         i, k;
    const u_char  *a;

    static const struct {
        u_char  value[12];
        u_char  mask[12];
        int     form;
        int     at;                     /* where the IPv4 is, -1: unknown */
        int     flip;
    } forms[] = {
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff },
          { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff },
          CONSENT_IP_MAPPED, 12, 0 },
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0 },
          { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff },
          CONSENT_IP_TRANSLATED, 12, 0 },
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
          { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff },
          CONSENT_IP_COMPATIBLE, 12, 0 },
        { { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 },
          { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
            0xff, 0xff, 0xff, 0xff },
          CONSENT_IP_NAT64, 12, 0 },
        { { 0, 0x64, 0xff, 0x9b, 0, 0x01 },
          { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
          CONSENT_IP_NAT64_LOCAL, -1, 0 },
        { { 0x20, 0x02 },
          { 0xff, 0xff },
          CONSENT_IP_6TO4, 2, 0 },
        { { 0x20, 0x01, 0, 0 },
          { 0xff, 0xff, 0xff, 0xff },
          CONSENT_IP_TEREDO, 12, 0xff },
        { { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x5e, 0xfe },
          { 0, 0, 0, 0, 0, 0, 0, 0, 0xfd, 0xff, 0xff, 0xff },
          CONSENT_IP_ISATAP, 12, 0 }
    };

    memset(v4, 0, 4);

    if (ip->family != CONSENT_IP_V6) {
        return CONSENT_IP_NATIVE;
    }

    a = ip->addr;

    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {

        for (k = 0; k < 12; k++) {
            if ((a[k] & forms[i].mask[k]) != forms[i].value[k]) {
                break;
            }
        }

        if (k < 12) {
            continue;
        }

        /* "::" and "::1" are no IPv4 hosts */

        if (forms[i].form == CONSENT_IP_COMPATIBLE
            && (a[12] | a[13] | a[14]) == 0 && a[15] < 2)
        {
            return CONSENT_IP_NATIVE;
        }

        if (forms[i].at >= 0) {
            for (k = 0; k < 4; k++) {
                v4[k] = a[forms[i].at + k] ^ (u_char) forms[i].flip;
            }
        }

        return forms[i].form;
    }

    return CONSENT_IP_NATIVE;
}


static int
fuzz_bit(const u_char *addr, unsigned k)
{
    return (addr[k / 8] >> (7 - k % 8)) & 1;
}
