
/*
 * ngx_consent_module: address parsing, masking and formatting.
 */


#include "consent_ip.h"

#include <string.h>


#define CONSENT_IP_NOGAP  ((size_t) -1)      /* no "::" seen */


static int consent_ip_parse4(const u_char *p, size_t len, u_char *addr);
static int consent_ip_parse6(const u_char *p, size_t len, u_char *addr);
static int consent_ip_hex(u_char c);
static void consent_ip_unmap(consent_ip_t *ip);
static u_char *consent_ip_format4(const u_char *addr, u_char *buf);


static const u_char  consent_ip_mapped[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

static const u_char  consent_ip_translated[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0
};

static const u_char  consent_ip_compatible[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

static const u_char  consent_ip_nat64[12] = {
    0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0
};

static const u_char  consent_ip_nat64_local[6] = {
    0, 0x64, 0xff, 0x9b, 0, 0x01
};

static const u_char  consent_ip_digits[] = "0123456789abcdef";


int
consent_ip_parse(const u_char *p, size_t len, consent_ip_t *ip)
{
    memset(ip, 0, sizeof(consent_ip_t));

    if (len == 0 || len > CONSENT_IP_STRLEN) {
        return CONSENT_EINVAL;
    }

    if (memchr(p, ':', len) == NULL) {

        if (consent_ip_parse4(p, len, ip->addr) != CONSENT_OK) {
            memset(ip, 0, sizeof(consent_ip_t));
            return CONSENT_EINVAL;
        }

        ip->family = CONSENT_IP_V4;

        return CONSENT_OK;
    }

    if (consent_ip_parse6(p, len, ip->addr) != CONSENT_OK) {
        memset(ip, 0, sizeof(consent_ip_t));
        return CONSENT_EINVAL;
    }

    ip->family = CONSENT_IP_V6;

    consent_ip_unmap(ip);

    return CONSENT_OK;
}


int
consent_ip_from_bytes(int family, const u_char *bytes, consent_ip_t *ip)
{
    memset(ip, 0, sizeof(consent_ip_t));

    switch (family) {

    case CONSENT_IP_V4:
        memcpy(ip->addr, bytes, 4);
        break;

    case CONSENT_IP_V6:
        memcpy(ip->addr, bytes, 16);
        break;

    default:
        return CONSENT_EINVAL;
    }

    ip->family = family;

    consent_ip_unmap(ip);

    return CONSENT_OK;
}


int
consent_ip_embedded(const consent_ip_t *ip, u_char *v4)
{
    size_t         i;
    const u_char  *a;

    memset(v4, 0, 4);

    if (ip->family != CONSENT_IP_V6) {
        return CONSENT_IP_NATIVE;
    }

    a = ip->addr;

    if (memcmp(a, consent_ip_mapped, 12) == 0) {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_MAPPED;
    }

    if (memcmp(a, consent_ip_translated, 12) == 0) {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_TRANSLATED;
    }

    if (memcmp(a, consent_ip_compatible, 12) == 0) {

        /* "::" and "::1" are no IPv4 hosts */

        if (a[12] == 0 && a[13] == 0 && a[14] == 0 && a[15] <= 1) {
            return CONSENT_IP_NATIVE;
        }

        memcpy(v4, a + 12, 4);
        return CONSENT_IP_COMPATIBLE;
    }

    if (memcmp(a, consent_ip_nat64, 12) == 0) {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_NAT64;
    }

    if (memcmp(a, consent_ip_nat64_local, 6) == 0) {
        return CONSENT_IP_NAT64_LOCAL;
    }

    if (a[0] == 0x20 && a[1] == 0x02) {
        memcpy(v4, a + 2, 4);
        return CONSENT_IP_6TO4;
    }

    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {

        /* the client's address, obfuscated */

        for (i = 0; i < 4; i++) {
            v4[i] = (u_char) (a[12 + i] ^ 0xff);
        }

        return CONSENT_IP_TEREDO;
    }

    if ((a[8] == 0 || a[8] == 0x02) && a[9] == 0
        && a[10] == 0x5e && a[11] == 0xfe)
    {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_ISATAP;
    }

    return CONSENT_IP_NATIVE;
}


void
consent_ip_mask(consent_ip_t *ip, unsigned v4bits, unsigned v6bits)
{
    int       form;
    size_t    i;
    u_char    v4[4];
    unsigned  bits;

    switch (ip->family) {

    case CONSENT_IP_V4:
        bits = (v4bits < 32) ? v4bits : 32;
        break;

    case CONSENT_IP_V6:

        form = consent_ip_embedded(ip, v4);

        switch (form) {

        case CONSENT_IP_NATIVE:
            bits = (v6bits < 128) ? v6bits : 128;
            break;

        case CONSENT_IP_NAT64_LOCAL:

            /* the IPv4 may start at bit 48: nothing past the prefix */

            bits = (v6bits < 48) ? v6bits : 48;
            break;

        default:

            /* masked as the IPv4 it carries, and nothing else of it */

            memcpy(ip->addr, v4, 4);
            memset(ip->addr + 4, 0, 12);
            ip->family = CONSENT_IP_V4;
            bits = (v4bits < 32) ? v4bits : 32;

            /* 6to4: no more than the IPv6 prefix keeps of bits 16..47 */

            if (form == CONSENT_IP_6TO4 && bits + 16 > v6bits) {
                bits = (v6bits > 16) ? v6bits - 16 : 0;
            }
        }

        break;

    default:
        memset(ip->addr, 0, sizeof(ip->addr));
        return;
    }

    for (i = 0; i < sizeof(ip->addr); i++) {

        if (bits >= 8) {
            bits -= 8;
            continue;
        }

        ip->addr[i] &= (u_char) (0xff00 >> bits);
        bits = 0;
    }
}


size_t
consent_ip_format(const consent_ip_t *ip, u_char *buf)
{
    u_char    *p;
    size_t     i, best, best_len, run, run_len;
    unsigned   w, shift, started;

    if (ip->family == CONSENT_IP_V4) {
        return (size_t) (consent_ip_format4(ip->addr, buf) - buf);
    }

    if (ip->family != CONSENT_IP_V6) {
        return 0;
    }

    p = buf;

    if (memcmp(ip->addr, consent_ip_mapped, 12) == 0) {
        p = memcpy(p, "::ffff:", 7);
        return (size_t) (consent_ip_format4(ip->addr + 12, p + 7) - buf);
    }

    /* the longest run of zero groups, the first one on a tie */

    best = 8;
    best_len = 0;
    run = 0;
    run_len = 0;

    for (i = 0; i < 8; i++) {

        if (ip->addr[2 * i] != 0 || ip->addr[2 * i + 1] != 0) {
            run_len = 0;
            continue;
        }

        if (run_len++ == 0) {
            run = i;
        }

        if (run_len > best_len) {
            best = run;
            best_len = run_len;
        }
    }

    if (best_len < 2) {
        best = 8;
    }

    for (i = 0; i < 8; i++) {

        if (i == best) {
            *p++ = ':';
            *p++ = ':';
            i += best_len - 1;
            continue;
        }

        if (i != 0 && i != best + best_len) {
            *p++ = ':';
        }

        w = (unsigned) ip->addr[2 * i] << 8 | ip->addr[2 * i + 1];
        started = 0;

        for (shift = 12; shift > 0; shift -= 4) {
            if (started || (w >> shift) != 0) {
                *p++ = consent_ip_digits[(w >> shift) & 0xf];
                started = 1;
            }
        }

        *p++ = consent_ip_digits[w & 0xf];
    }

    return (size_t) (p - buf);
}


static int
consent_ip_parse4(const u_char *p, size_t len, u_char *addr)
{
    size_t    i, octets, digits;
    unsigned  n;

    octets = 0;
    digits = 0;
    n = 0;

    for (i = 0; i < len; i++) {

        if (p[i] >= '0' && p[i] <= '9') {

            if (digits == 1 && n == 0) {
                return CONSENT_EINVAL;          /* a leading zero */
            }

            n = n * 10 + (p[i] - '0');

            if (++digits > 3 || n > 255) {
                return CONSENT_EINVAL;
            }

            continue;
        }

        if (p[i] != '.' || digits == 0 || octets == 3) {
            return CONSENT_EINVAL;
        }

        addr[octets++] = (u_char) n;
        digits = 0;
        n = 0;
    }

    if (digits == 0 || octets != 3) {
        return CONSENT_EINVAL;
    }

    addr[3] = (u_char) n;

    return CONSENT_OK;
}


static int
consent_ip_parse6(const u_char *p, size_t len, u_char *addr)
{
    int       d;
    size_t    i, start, digits, groups, gap, n;
    unsigned  w;
    u_char    words[16];

    i = 0;
    groups = 0;
    gap = CONSENT_IP_NOGAP;

    if (p[0] == ':') {
        if (len < 2 || p[1] != ':') {
            return CONSENT_EINVAL;
        }

        gap = 0;
        i = 2;
    }

    while (i < len) {

        start = i;
        digits = 0;
        w = 0;

        while (i < len && (d = consent_ip_hex(p[i])) >= 0) {
            if (++digits > 4) {
                return CONSENT_EINVAL;
            }

            w = w << 4 | (unsigned) d;
            i++;
        }

        if (i < len && p[i] == '.') {

            /* a dotted IPv4 tail: the last 32 bits, up to the end */

            if (groups > 6
                || consent_ip_parse4(p + start, len - start,
                                     words + 2 * groups)
                   != CONSENT_OK)
            {
                return CONSENT_EINVAL;
            }

            groups += 2;
            break;
        }

        if (digits == 0 || groups == 8) {
            return CONSENT_EINVAL;
        }

        words[2 * groups] = (u_char) (w >> 8);
        words[2 * groups + 1] = (u_char) w;
        groups++;

        if (i == len) {
            break;
        }

        if (p[i] != ':' || ++i == len) {
            return CONSENT_EINVAL;              /* a trailing single ':' */
        }

        if (p[i] == ':') {
            if (gap != CONSENT_IP_NOGAP) {
                return CONSENT_EINVAL;          /* a second "::" */
            }

            gap = groups;
            i++;
        }
    }

    if (gap == CONSENT_IP_NOGAP) {
        if (groups != 8) {
            return CONSENT_EINVAL;
        }

        memcpy(addr, words, 16);

        return CONSENT_OK;
    }

    if (groups > 7) {
        return CONSENT_EINVAL;                  /* "::" stands for nothing */
    }

    /* words before the gap, zeros, words after it */

    n = groups - gap;

    memset(addr, 0, 16);
    memcpy(addr, words, 2 * gap);
    memcpy(addr + 16 - 2 * n, words + 2 * gap, 2 * n);

    return CONSENT_OK;
}


static int
consent_ip_hex(u_char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }

    c |= 0x20;

    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    return -1;
}


static void
consent_ip_unmap(consent_ip_t *ip)
{
    if (ip->family != CONSENT_IP_V6
        || memcmp(ip->addr, consent_ip_mapped, 12) != 0)
    {
        return;
    }

    memmove(ip->addr, ip->addr + 12, 4);
    memset(ip->addr + 4, 0, 12);

    ip->family = CONSENT_IP_V4;
}


static u_char *
consent_ip_format4(const u_char *addr, u_char *buf)
{
    size_t    i;
    unsigned  n;

    for (i = 0; i < 4; i++) {

        if (i != 0) {
            *buf++ = '.';
        }

        n = addr[i];

        if (n >= 100) {
            *buf++ = (u_char) ('0' + n / 100);
        }

        if (n >= 10) {
            *buf++ = (u_char) ('0' + n / 10 % 10);
        }

        *buf++ = (u_char) ('0' + n % 10);
    }

    return buf;
}
