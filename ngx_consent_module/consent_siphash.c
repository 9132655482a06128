
/*
 * ngx_consent_module: SipHash-2-4, written from the specification in the
 * paper (section 2): two compression rounds per 8-byte word, four
 * finalization rounds, words read little-endian whatever the host.
 */


#include "consent_siphash.h"

#include <string.h>


#define consent_siphash_rotl(x, b)  (((x) << (b)) | ((x) >> (64 - (b))))


static void consent_siphash_rounds(uint64_t *v, unsigned n);
static void consent_siphash_word(consent_siphash_t *sh, uint64_t m);
static uint64_t consent_siphash_le64(const u_char *p);
static int consent_siphash_hex(u_char c);


void
consent_siphash_init(consent_siphash_t *sh, const u_char *key)
{
    uint64_t  k0, k1;

    k0 = consent_siphash_le64(key);
    k1 = consent_siphash_le64(key + 8);

    /* "somepseudorandomlygeneratedbytes" */

    sh->v[0] = k0 ^ 0x736f6d6570736575ULL;
    sh->v[1] = k1 ^ 0x646f72616e646f6dULL;
    sh->v[2] = k0 ^ 0x6c7967656e657261ULL;
    sh->v[3] = k1 ^ 0x7465646279746573ULL;

    sh->tail = 0;
    sh->len = 0;
}


void
consent_siphash_update(consent_siphash_t *sh, const u_char *p, size_t len)
{
    const u_char  *end;

    if (len == 0) {
        return;                       /* p may be NULL */
    }

    end = p + len;

    /* complete a word left over from the previous call */

    while (p < end && (sh->len & 7) != 0) {
        sh->tail |= (uint64_t) *p++ << (8 * (sh->len & 7));

        if ((++sh->len & 7) == 0) {
            consent_siphash_word(sh, sh->tail);
            sh->tail = 0;
        }
    }

    while (end - p >= 8) {
        consent_siphash_word(sh, consent_siphash_le64(p));
        sh->len += 8;
        p += 8;
    }

    while (p < end) {
        sh->tail |= (uint64_t) *p++ << (8 * (sh->len & 7));
        sh->len++;
    }
}


uint64_t
consent_siphash_final(consent_siphash_t *sh)
{
    /* the last word: the leftover bytes and the length modulo 256 */

    consent_siphash_word(sh, sh->tail | sh->len << 56);

    sh->v[2] ^= 0xff;
    consent_siphash_rounds(sh->v, 4);

    return sh->v[0] ^ sh->v[1] ^ sh->v[2] ^ sh->v[3];
}


uint64_t
consent_siphash(const u_char *key, const u_char *p, size_t len)
{
    consent_siphash_t  sh;

    consent_siphash_init(&sh, key);
    consent_siphash_update(&sh, p, len);

    return consent_siphash_final(&sh);
}


int
consent_siphash_secret(const u_char *p, size_t len, u_char *secret)
{
    int     hi, lo, rc;
    size_t  i, n;

    /* at most one line ending, as "openssl rand -hex 32 > FILE" writes */

    if (len && p[len - 1] == '\n') {
        len--;

        if (len && p[len - 1] == '\r') {
            len--;
        }
    }

    rc = CONSENT_OK;

    if (len == 0) {
        rc = CONSENT_EMPTY;
        goto failed;
    }

    /* every byte is checked before the length, so that a typo says so */

    for (i = 0; i < len; i++) {
        if (consent_siphash_hex(p[i]) < 0) {
            rc = CONSENT_EINVAL;
            goto failed;
        }
    }

    if (len < CONSENT_SIPHASH_SECRETHEX) {
        rc = CONSENT_SIPHASH_ESHORT;
        goto failed;
    }

    if (len > CONSENT_SIPHASH_SECRETHEX) {
        rc = CONSENT_ETOOLONG;
        goto failed;
    }

    for (n = 0; n < CONSENT_SIPHASH_SECRETLEN; n++) {
        hi = consent_siphash_hex(p[2 * n]);
        lo = consent_siphash_hex(p[2 * n + 1]);
        secret[n] = (u_char) (hi << 4 | lo);
    }

    return CONSENT_OK;

failed:

    consent_siphash_wipe(secret, CONSENT_SIPHASH_SECRETLEN);

    return rc;
}


void
consent_siphash_day_key(const u_char *secret, uint64_t day, u_char *key)
{
    u_char    msg[CONSENT_SIPHASH_SECRETLEN - CONSENT_SIPHASH_KEYLEN + 9];
    size_t    i, j, n;
    uint64_t  k;

    n = CONSENT_SIPHASH_SECRETLEN - CONSENT_SIPHASH_KEYLEN;

    memcpy(msg, secret + CONSENT_SIPHASH_KEYLEN, n);

    for (i = 0; i < 8; i++) {
        msg[n + i] = (u_char) (day >> (8 * i));
    }

    for (j = 0; j < 2; j++) {
        msg[n + 8] = (u_char) j;

        k = consent_siphash(secret, msg, sizeof(msg));

        for (i = 0; i < 8; i++) {
            key[8 * j + i] = (u_char) (k >> (8 * i));
        }
    }

    consent_siphash_wipe(msg, sizeof(msg));
    consent_siphash_wipe(&k, sizeof(k));
}


void
consent_siphash_wipe(void *p, size_t len)
{
    volatile u_char  *v;

    v = p;

    while (len--) {
        *v++ = 0;
    }
}


static void
consent_siphash_word(consent_siphash_t *sh, uint64_t m)
{
    sh->v[3] ^= m;
    consent_siphash_rounds(sh->v, 2);
    sh->v[0] ^= m;
}


static void
consent_siphash_rounds(uint64_t *v, unsigned n)
{
    while (n--) {
        v[0] += v[1];
        v[1] = consent_siphash_rotl(v[1], 13);
        v[1] ^= v[0];
        v[0] = consent_siphash_rotl(v[0], 32);

        v[2] += v[3];
        v[3] = consent_siphash_rotl(v[3], 16);
        v[3] ^= v[2];

        v[0] += v[3];
        v[3] = consent_siphash_rotl(v[3], 21);
        v[3] ^= v[0];

        v[2] += v[1];
        v[1] = consent_siphash_rotl(v[1], 17);
        v[1] ^= v[2];
        v[2] = consent_siphash_rotl(v[2], 32);
    }
}


static uint64_t
consent_siphash_le64(const u_char *p)
{
    return (uint64_t) p[0]
           | (uint64_t) p[1] << 8
           | (uint64_t) p[2] << 16
           | (uint64_t) p[3] << 24
           | (uint64_t) p[4] << 32
           | (uint64_t) p[5] << 40
           | (uint64_t) p[6] << 48
           | (uint64_t) p[7] << 56;
}


static int
consent_siphash_hex(u_char c)
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
