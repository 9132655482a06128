
/*
 * Unit tests: consent_siphash.c against the SipHash-2-4 reference vectors
 * (the paper's appendix A and the 64 vectors published with the reference
 * implementation: key 00 01 .. 0f, message 00 01 .. len-1 for len 0..63);
 * the key file of "consent_visitor_key" and the day keys derived from it.
 */


#include "tap.h"
#include "consent_siphash.h"

#include <stdlib.h>


static uint64_t test_hash_copy(const u_char *key, const u_char *p,
    size_t len);
static void test_vectors(void);
static void test_incremental(void);
static void test_keys(void);
static void test_secret(void);
static void test_day_key(void);


static const uint64_t  test_vectors64[64] = {
    0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL,
    0x0d6c8009d9a94f5aULL, 0x85676696d7fb7e2dULL,
    0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
    0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL,
    0x93f5f5799a932462ULL, 0x9e0082df0ba9e4b0ULL,
    0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
    0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL,
    0xf723ca908e7af2eeULL, 0xa129ca6149be45e5ULL,
    0x3f2acc7f57c29bdbULL, 0x699ae9f52cbe4794ULL,
    0x4bc1b3f0968dd39cULL, 0xbb6dc91da77961bdULL,
    0xbed65cf21aa2ee98ULL, 0xd0f2cbb02e3b67c7ULL,
    0x93536795e3a33e88ULL, 0xa80c038ccd5ccec8ULL,
    0xb8ad50c6f649af94ULL, 0xbce192de8a85b8eaULL,
    0x17d835b85bbb15f3ULL, 0x2f2e6163076bcfadULL,
    0xde4daaaca71dc9a5ULL, 0xa6a2506687956571ULL,
    0xad87a3535c49ef28ULL, 0x32d892fad841c342ULL,
    0x7127512f72f27cceULL, 0xa7f32346f95978e3ULL,
    0x12e0b01abb051238ULL, 0x15e034d40fa197aeULL,
    0x314dffbe0815a3b4ULL, 0x027990f029623981ULL,
    0xcadcd4e59ef40c4dULL, 0x9abfd8766a33735cULL,
    0x0e3ea96b5304a7d0ULL, 0xad0c42d6fc585992ULL,
    0x187306c89bc215a9ULL, 0xd4a60abcf3792b95ULL,
    0xf935451de4f21df2ULL, 0xa9538f0419755787ULL,
    0xdb9acddff56ca510ULL, 0xd06c98cd5c0975ebULL,
    0xe612a3cb9ecba951ULL, 0xc766e62cfcadaf96ULL,
    0xee64435a9752fe72ULL, 0xa192d576b245165aULL,
    0x0a8787bf8ecb74b2ULL, 0x81b3e73d20b49b6fULL,
    0x7fa8220ba3b2eceaULL, 0x245731c13ca42499ULL,
    0xb78dbfaf3a8d83bdULL, 0xea1ad565322a1a0bULL,
    0x60e61c23a3795013ULL, 0x6606d7e446282b93ULL,
    0x6ca4ecb15c5f91e1ULL, 0x9f626da15c9625f3ULL,
    0xe51b38608ef25f57ULL, 0x958a324ceb064572ULL,
};


int
main(void)
{
    test_vectors();
    test_incremental();
    test_keys();
    test_secret();
    test_day_key();

    return done_testing();
}


static void
test_vectors(void)
{
    char      name[64];
    size_t    i;
    u_char    key[16], msg[64];
    uint64_t  h;

    for (i = 0; i < 16; i++) {
        key[i] = (u_char) i;
    }

    for (i = 0; i < 64; i++) {
        msg[i] = (u_char) i;
    }

    /* the paper, appendix A: 15 bytes 00..0e */

    h = test_hash_copy(key, msg, 15);
    snprintf(name, sizeof(name), "%016llx", (unsigned long long) h);
    is_str(name, strlen(name), "a129ca6149be45e5", "paper, appendix A");

    for (i = 0; i < 64; i++) {
        h = test_hash_copy(key, msg, i);
        ok(h == test_vectors64[i], "vector %2u: %016llx", (unsigned) i,
           (unsigned long long) test_vectors64[i]);
    }

    ok(consent_siphash(key, NULL, 0) == test_vectors64[0],
       "empty message with a NULL pointer");
}


/* any split of the input into update() calls gives the one-shot result */

static void
test_incremental(void)
{
    int                bad;
    size_t             len, i, j, k;
    u_char             key[16], msg[64];
    uint64_t           h;
    consent_siphash_t  sh;

    for (i = 0; i < 16; i++) {
        key[i] = (u_char) i;
    }

    for (i = 0; i < 64; i++) {
        msg[i] = (u_char) i;
    }

    bad = 0;

    for (len = 0; len < 64; len++) {

        /* two calls, split at every offset */

        for (i = 0; i <= len; i++) {
            consent_siphash_init(&sh, key);
            consent_siphash_update(&sh, msg, i);
            consent_siphash_update(&sh, msg + i, len - i);
            bad += consent_siphash_final(&sh) != test_vectors64[len];
        }

        /* three calls */

        for (i = 0; i <= len; i++) {
            for (j = i; j <= len; j++) {
                consent_siphash_init(&sh, key);
                consent_siphash_update(&sh, msg, i);
                consent_siphash_update(&sh, msg + i, j - i);
                consent_siphash_update(&sh, msg + j, len - j);
                bad += consent_siphash_final(&sh) != test_vectors64[len];
            }
        }

        /* a byte at a time, with empty calls in between */

        consent_siphash_init(&sh, key);

        for (k = 0; k < len; k++) {
            consent_siphash_update(&sh, NULL, 0);
            consent_siphash_update(&sh, msg + k, 1);
        }

        h = consent_siphash_final(&sh);
        bad += h != test_vectors64[len];
    }

    is_int(bad, 0, "every split of every vector into 1, 2, 3 and n calls");
}


static void
test_keys(void)
{
    size_t    i, j, n;
    u_char    key[16], key2[16];
    uint64_t  h, h2, seen[256];

    static const u_char  msg[] = "81.2.69.0|Mozilla/5.0 (X11; Linux x86_64)";

    memset(key, 0, sizeof(key));

    h = consent_siphash(key, msg, sizeof(msg) - 1);
    ok(h == consent_siphash(key, msg, sizeof(msg) - 1), "deterministic");

    /* every single-bit change of the key changes the hash */

    n = 0;

    for (i = 0; i < 128; i++) {
        memcpy(key2, key, 16);
        key2[i / 8] ^= (u_char) (1 << (i % 8));
        n += consent_siphash(key2, msg, sizeof(msg) - 1) != h;
    }

    is_int(n, 128, "every key bit matters");

    /* every single-bit change of the message changes the hash */

    n = 0;

    for (i = 0; i < (sizeof(msg) - 1) * 8; i++) {
        u_char  m[sizeof(msg)];

        memcpy(m, msg, sizeof(msg));
        m[i / 8] ^= (u_char) (1 << (i % 8));
        n += consent_siphash(key, m, sizeof(msg) - 1) != h;
    }

    is_int(n, (sizeof(msg) - 1) * 8, "every message bit matters");

    /* the length is hashed: trailing zero bytes make a difference */

    {
        u_char  z[16];

        memset(z, 0, sizeof(z));
        h = consent_siphash(key, z, 0);

        for (i = 1; i <= 16; i++) {
            h2 = consent_siphash(key, z, i);
            ok(h2 != h, "%u zero bytes differ from %u", (unsigned) i,
               (unsigned) i - 1);
            h = h2;
        }
    }

    /* 256 keys (a day each), one message: 256 distinct hashes */

    n = 0;

    for (i = 0; i < 256; i++) {
        memset(key2, 0, 16);
        key2[0] = (u_char) i;
        seen[i] = consent_siphash(key2, msg, sizeof(msg) - 1);

        for (j = 0; j < i; j++) {
            n += seen[j] == seen[i];
        }
    }

    is_int(n, 0, "256 daily keys give 256 different hashes");
}


static uint64_t
test_hash_copy(const u_char *key, const u_char *p, size_t len)
{
    u_char    *k, *m;
    uint64_t   h;

    /* exactly-sized copies, so that ASan sees any read past the end */

    k = malloc(16);
    m = malloc(len ? len : 1);

    if (k == NULL || m == NULL) {
        abort();
    }

    memcpy(k, key, 16);
    memcpy(m, p, len);

    h = consent_siphash(k, m, len);

    free(m);
    free(k);

    return h;
}


/* the key file: 64 hex digits and at most one line ending, nothing else */

static void
test_secret(void)
{
    int          rc;
    size_t       i, n;
    u_char       secret[CONSENT_SIPHASH_SECRETLEN], buf[80];
    const char  *hex;

    /* synthetic: 00 01 .. 1f, mixed case */

    hex = "000102030405060708090A0B0C0D0E0F"
          "101112131415161718191a1b1c1d1e1f";

    rc = consent_siphash_secret((const u_char *) hex, 64, secret);
    is_int(rc, CONSENT_OK, "64 digits");

    n = 0;

    for (i = 0; i < CONSENT_SIPHASH_SECRETLEN; i++) {
        n += secret[i] != i;
    }

    is_int(n, 0, "64 digits decode to 00 01 .. 1f");

    memcpy(buf, hex, 64);
    buf[64] = '\n';
    is_int(consent_siphash_secret(buf, 65, secret), CONSENT_OK,
           "64 digits and \"\\n\" (openssl rand -hex 32)");

    buf[64] = '\r';
    buf[65] = '\n';
    is_int(consent_siphash_secret(buf, 66, secret), CONSENT_OK,
           "64 digits and \"\\r\\n\"");

    buf[65] = '\r';
    is_int(consent_siphash_secret(buf, 66, secret), CONSENT_EINVAL,
           "64 digits and \"\\r\\r\"");

    buf[64] = '\n';
    buf[65] = '\n';
    is_int(consent_siphash_secret(buf, 66, secret), CONSENT_EINVAL,
           "two line endings");

    is_int(consent_siphash_secret(buf, 0, secret), CONSENT_EMPTY, "empty");
    is_int(consent_siphash_secret((const u_char *) "\n", 1, secret),
           CONSENT_EMPTY, "a line ending only");

    is_int(consent_siphash_secret(buf, 62, secret), CONSENT_SIPHASH_ESHORT,
           "62 digits are too short");

    memcpy(buf + 64, "00\n", 3);
    is_int(consent_siphash_secret(buf, 67, secret), CONSENT_ETOOLONG,
           "66 digits are too long");

    memcpy(buf, hex, 64);
    buf[10] = 'g';
    is_int(consent_siphash_secret(buf, 64, secret), CONSENT_EINVAL,
           "a \"g\" among the digits");

    /* the secret is wiped on an error */

    n = 0;

    for (i = 0; i < CONSENT_SIPHASH_SECRETLEN; i++) {
        n += secret[i] != 0;
    }

    is_int(n, 0, "a refused file leaves no secret behind");

    buf[10] = ' ';
    is_int(consent_siphash_secret(buf, 64, secret), CONSENT_EINVAL,
           "a space among the digits");

    /* "openssl rand -base64 32", not hex: refused, not misread */

    hex = "q3J9xQ2mPqk3J9xQ2mPqk3J9xQ2mPqk3J9xQ2mPqk3E=\n";
    is_int(consent_siphash_secret((const u_char *) hex, strlen(hex), secret),
           CONSENT_EINVAL, "base64 is refused");
}


/* the day keys: agree for one secret and day, differ otherwise */

static void
test_day_key(void)
{
    char      name[64];
    size_t    i, j, n;
    u_char    s1[CONSENT_SIPHASH_SECRETLEN], s2[CONSENT_SIPHASH_SECRETLEN];
    u_char    k1[CONSENT_SIPHASH_KEYLEN], k2[CONSENT_SIPHASH_KEYLEN];
    u_char    msg[25], keys[366][CONSENT_SIPHASH_KEYLEN];
    uint64_t  day, h0, h1;

    /* synthetic secrets: 00 01 .. 1f, and the same with one bit changed */

    for (i = 0; i < CONSENT_SIPHASH_SECRETLEN; i++) {
        s1[i] = (u_char) i;
    }

    memcpy(s2, s1, sizeof(s2));
    s2[31] ^= 0x80;

    /* 2026-12-07 is day 20794 */

    day = 20794;

    consent_siphash_day_key(s1, day, k1);
    consent_siphash_day_key(s1, day, k2);
    ok(memcmp(k1, k2, sizeof(k1)) == 0,
       "the same secret and day give the same key (two servers)");

    /* the definition, computed by hand with the one-shot function */

    memcpy(msg, s1 + 16, 16);

    for (i = 0; i < 8; i++) {
        msg[16 + i] = (u_char) (day >> (8 * i));
    }

    msg[24] = 0;
    h0 = consent_siphash(s1, msg, 25);
    msg[24] = 1;
    h1 = consent_siphash(s1, msg, 25);

    n = 0;

    for (i = 0; i < 8; i++) {
        n += k1[i] != (u_char) (h0 >> (8 * i));
        n += k1[8 + i] != (u_char) (h1 >> (8 * i));
    }

    is_int(n, 0, "the key is SipHash(secret[0..15], secret[16..31] day j)");

    /*
     * not an outside vector: this implementation's value, which the
     * independent Perl SipHash of t/visitor_key.t also gives.  The key
     * must not change between versions, or a fleet that upgrades one
     * server at a time would count every visitor twice that day.
     */

    snprintf(name, sizeof(name), "%016llx%016llx", (unsigned long long) h0,
             (unsigned long long) h1);
    is_str(name, strlen(name), "a4427e0e9fd401cff145f1f35c645751",
           "the key of day 20794 under 00 01 .. 1f");

    consent_siphash_day_key(s2, day, k2);
    ok(memcmp(k1, k2, sizeof(k1)) != 0,
       "another secret gives another key (bit 255 changed)");

    s2[31] ^= 0x80;
    s2[0] ^= 0x01;
    consent_siphash_day_key(s2, day, k2);
    ok(memcmp(k1, k2, sizeof(k1)) != 0,
       "another secret gives another key (bit 0 changed)");

    consent_siphash_day_key(s1, day + 1, k2);
    ok(memcmp(k1, k2, sizeof(k1)) != 0, "the next day gives another key");

    /* a year of days, and the edges of the day number: all distinct */

    n = 0;

    for (i = 0; i < 366; i++) {
        consent_siphash_day_key(s1, day + i, keys[i]);

        for (j = 0; j < i; j++) {
            n += memcmp(keys[i], keys[j], CONSENT_SIPHASH_KEYLEN) == 0;
        }
    }

    is_int(n, 0, "366 days give 366 different keys");

    consent_siphash_day_key(s1, 0, k1);
    consent_siphash_day_key(s1, UINT64_MAX, k2);
    ok(memcmp(k1, k2, sizeof(k1)) != 0, "day 0 and day 2^64-1 differ");

    consent_siphash_day_key(s1, 255, k1);
    consent_siphash_day_key(s1, 256, k2);
    ok(memcmp(k1, k2, sizeof(k1)) != 0, "every byte of the day counts");

    consent_siphash_wipe(k1, sizeof(k1));

    n = 0;

    for (i = 0; i < sizeof(k1); i++) {
        n += k1[i] != 0;
    }

    is_int(n, 0, "wipe zeroes the key");
}
