
/*
 * Unit tests: consent_ip.c (parsing, unmapping, masking, formatting).
 *
 * The C library's inet_pton()/inet_ntop() serve as an independent oracle
 * for the grammar and for the canonical text; the masking checks look at
 * every bit of every prefix length.
 */


#include "tap.h"
#include "consent_ip.h"

#include <stdint.h>
#include <stdlib.h>
#include <arpa/inet.h>


typedef struct {
    const char  *in;
    int          family;
    const char  *out;
} test_parse_t;


typedef struct {
    const char  *in;
    unsigned     v4bits;
    unsigned     v6bits;
    const char  *out;
} test_mask_t;


static uint64_t test_rand(void);
static int test_bit(const u_char *addr, unsigned k);
static int test_parse_str(const char *s, consent_ip_t *ip);
static const char *test_name(const char *s);
static void test_valid(void);
static void test_invalid(void);
static void test_oracle_parse(void);
static void test_oracle_format(void);
static void test_mutations(void);
static void test_from_bytes(void);
static void test_mask_every_prefix(void);
static void test_mask_strings(void);
static void test_embedded_forms(void);
static void test_embedded_random(void);
static int test_expect(const u_char *a, u_char *v4);
static unsigned test_check_masked(const u_char *a, const char *name);


static uint64_t  test_seed = 0x9e3779b97f4a7c15ULL;

static const u_char  test_mapped[12] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};


static const test_parse_t  test_valid_cases[] = {
    { "0.0.0.0",                  4, "0.0.0.0" },
    { "1.2.3.4",                  4, "1.2.3.4" },
    { "81.2.69.160",              4, "81.2.69.160" },
    { "255.255.255.255",          4, "255.255.255.255" },
    { "10.0.0.1",                 4, "10.0.0.1" },
    { "100.64.0.0",               4, "100.64.0.0" },
    { "::",                       6, "::" },
    { "::1",                      6, "::1" },
    { "1::",                      6, "1::" },
    { "2001:db8::1",              6, "2001:db8::1" },
    { "2001:DB8::1",              6, "2001:db8::1" },
    { "2001:0db8:0000:0000:0000:0000:0000:0001", 6, "2001:db8::1" },
    { "2001:db8:0:0:1:0:0:1",     6, "2001:db8::1:0:0:1" },
    { "2001:db8:0:1:1:1:1:1",     6, "2001:db8:0:1:1:1:1:1" },
    { "2001:db8::1:0:0:1",        6, "2001:db8::1:0:0:1" },
    { "0:0:1:0:0:0:1:0",          6, "0:0:1::1:0" },
    { "1:0:0:2:0:0:3:4",          6, "1::2:0:0:3:4" },
    { "1:2:3:4:5:6:7:8",          6, "1:2:3:4:5:6:7:8" },
    { "1:2:3:4:5:6:7::",          6, "1:2:3:4:5:6:7:0" },
    { "::2:3:4:5:6:7:8",          6, "0:2:3:4:5:6:7:8" },
    { "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF", 6,
      "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
    { "fe80::1",                  6, "fe80::1" },
    { "2a02:cf40::",              6, "2a02:cf40::" },
    { "2a02:CF40:0:0:0:0:0:abcd", 6, "2a02:cf40::abcd" },
    { "::1.2.3.4",                6, "::102:304" },
    { "::0.0.1.2",                6, "::102" },
    { "64:ff9b::192.0.2.1",       6, "64:ff9b::c000:201" },
    { "1:2:3:4:5:6:1.2.3.4",      6, "1:2:3:4:5:6:102:304" },
    { "::ffff:0:1.2.3.4",         6, "::ffff:0:102:304" },
    { "2002:c000:0201::",         6, "2002:c000:201::" },

    /* IPv4-mapped IPv6 is unmapped */
    { "::ffff:1.2.3.4",           4, "1.2.3.4" },
    { "::FFFF:81.2.69.160",       4, "81.2.69.160" },
    { "::ffff:5102:45a0",         4, "81.2.69.160" },
    { "0:0:0:0:0:ffff:102:304",   4, "1.2.3.4" },
    { "0000:0000:0000:0000:0000:ffff:255.255.255.255", 4,
      "255.255.255.255" },
    { "::ffff:0.0.0.0",           4, "0.0.0.0" },
    { "::ffff:0:0",               4, "0.0.0.0" },
    { NULL, 0, NULL }
};


static const char  *test_invalid_cases[] = {
    "",
    " ",
    " 1.2.3.4",
    "1.2.3.4 ",
    "1.2.3.4\n",
    "1.2.3.4, 5.6.7.8",
    "1.2.3.4,5.6.7.8",
    "1.2.3",
    "1.2.3.4.5",
    "1.2.3.",
    ".1.2.3",
    "1..2.3",
    "256.1.1.1",
    "1.2.3.256",
    "1.2.3.1000",
    "01.2.3.4",
    "1.2.3.04",
    "00.0.0.0",
    "0x1.2.3.4",
    "1.2.3.4/24",
    "1.2.3.4:80",
    "16909060",
    "-1.2.3.4",
    "+1.2.3.4",
    "localhost",
    "unix:",
    "unix:/run/nginx.sock",
    "[::1]",
    "[::1]:80",
    "::1]",
    "fe80::1%eth0",
    "fe80::1%1",
    "2001:db8::/32",
    ":",
    ":::",
    ":1",
    "1:",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "1::2::3",
    "1:::2",
    "12345::1",
    "00000::1",
    "g::1",
    "2001:db8:::1",
    "::ffff:1.2.3",
    "::ffff:1.2.3.4.5",
    "::ffff:01.2.3.4",
    "::ffff:256.2.3.4",
    "::1.2.3.4:1",
    "1.2.3.4::",
    "1:2:3:4:5:6:7:1.2.3.4",
    "1:2:3:4:5:6::1.2.3.4",
    "::ffff:1.2.3.4 ",
    "2001:db8::1 ",
    "2001:db8:: 1",
    "0000:0000:0000:0000:0000:ffff:255.255.255.2550",
    "0000:0000:0000:0000:0000:0000:0000:0000:0000",
    "2001:db8::1\n",
    NULL
};


int
main(void)
{
    test_valid();
    test_invalid();
    test_oracle_parse();
    test_oracle_format();
    test_mutations();
    test_from_bytes();
    test_mask_every_prefix();
    test_mask_strings();
    test_embedded_forms();
    test_embedded_random();

    return done_testing();
}


static void
test_valid(void)
{
    int                  rc;
    size_t               n;
    u_char               buf[CONSENT_IP_STRLEN];
    consent_ip_t         ip;
    const test_parse_t  *t;

    for (t = test_valid_cases; t->in; t++) {
        rc = test_parse_str(t->in, &ip);
        is_int(rc, CONSENT_OK, t->in);
        is_int(ip.family, t->family, t->in);

        n = consent_ip_format(&ip, buf);
        is_str(buf, n, t->out, t->in);

        if (ip.family == CONSENT_IP_V4) {
            ok(ip.addr[4] == 0 && memcmp(ip.addr + 4, ip.addr + 5, 11) == 0,
               "%s: bytes 4..15 of an IPv4 address are zero", t->in);
        }
    }

    /* the longest text accepted is exactly CONSENT_IP_STRLEN */

    n = strlen("0000:0000:0000:0000:0000:ffff:255.255.255.255");
    is_int(n, CONSENT_IP_STRLEN, "longest valid text is CONSENT_IP_STRLEN");

    /* not NUL-terminated: only len bytes are read */

    rc = consent_ip_parse((const u_char *) "1.2.3.45", 7, &ip);
    is_int(rc, CONSENT_OK, "parse stops at len");
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "1.2.3.4", "parse stops at len: 1.2.3.4");

    rc = consent_ip_parse((const u_char *) "::1", 2, &ip);
    is_int(rc, CONSENT_OK, "\"::\" cut from \"::1\"");
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "::", "\"::\" cut from \"::1\" formats as ::");
}


static void
test_invalid(void)
{
    int            rc;
    size_t         i;
    u_char         buf[CONSENT_IP_STRLEN];
    consent_ip_t   ip, zero;
    const char   **s;
    static const  u_char  nul[] = "1.2.3.4\0";

    memset(&zero, 0, sizeof(consent_ip_t));

    for (s = test_invalid_cases; *s; s++) {
        memset(&ip, 0x5a, sizeof(consent_ip_t));
        rc = test_parse_str(*s, &ip);
        is_int(rc, CONSENT_EINVAL, test_name(*s));
        ok(memcmp(&ip, &zero, sizeof(consent_ip_t)) == 0,
           "%s: the address is zeroed", test_name(*s));
        is_int(consent_ip_format(&ip, buf), 0,
               "a rejected address formats as nothing");
    }

    rc = consent_ip_parse(nul, 8, &ip);
    is_int(rc, CONSENT_EINVAL, "embedded NUL");

    rc = consent_ip_parse(nul, 0, &ip);
    is_int(rc, CONSENT_EINVAL, "length 0");

    /* longer than CONSENT_IP_STRLEN whatever the content */

    memset(buf, '1', sizeof(buf));
    for (i = 1; i < sizeof(buf); i += 2) {
        buf[i] = ':';
    }
    rc = consent_ip_parse(buf, sizeof(buf), &ip);
    is_int(rc, CONSENT_EINVAL, "overlong");

    /* every byte that is not part of the grammar, in the middle */

    for (i = 0; i < 256; i++) {
        u_char  t[16];

        if ((i >= '0' && i <= '9') || (i >= 'a' && i <= 'f')
            || (i >= 'A' && i <= 'F') || i == ':' || i == '.')
        {
            continue;
        }

        memcpy(t, "2001:db8::", 10);
        t[10] = (u_char) i;
        t[11] = '1';

        rc = consent_ip_parse(t, 12, &ip);

        if (rc != CONSENT_EINVAL) {
            ok(0, "byte 0x%02x inside an IPv6 address rejected",
               (unsigned) i);
        }

        memcpy(t, "10.0.", 5);
        t[5] = (u_char) i;
        t[6] = '.';
        t[7] = '1';

        rc = consent_ip_parse(t, 8, &ip);

        if (rc != CONSENT_EINVAL) {
            ok(0, "byte 0x%02x inside an IPv4 address rejected",
               (unsigned) i);
        }
    }

    ok(1, "every foreign byte rejected");
}


/* random addresses: inet_ntop()'s text parses back to the same bytes */

static void
test_oracle_parse(void)
{
    int           rc, bad, family;
    char          text[64];
    size_t        i, k;
    uint64_t      r;
    consent_ip_t  ip;
    u_char        b[16];

    bad = 0;

    for (i = 0; i < 20000; i++) {

        r = test_rand();

        for (k = 0; k < 16; k++) {
            b[k] = (u_char) test_rand();

            /* many zero groups, so that "::" turns up in all places */
            if ((r >> (k / 2)) & 1) {
                b[k] = 0;
            }
        }

        family = (i % 3 == 0) ? AF_INET : AF_INET6;

        if (i % 7 == 0) {
            memset(b, 0, 10);
            b[10] = 0xff;
            b[11] = 0xff;
        }

        inet_ntop(family, b, text, sizeof(text));

        rc = test_parse_str(text, &ip);

        if (rc != CONSENT_OK) {
            bad++;
            continue;
        }

        if (family == AF_INET) {
            bad += ip.family != CONSENT_IP_V4 || memcmp(ip.addr, b, 4) != 0;

        } else if (i % 7 == 0) {
            bad += ip.family != CONSENT_IP_V4
                   || memcmp(ip.addr, b + 12, 4) != 0;

        } else {
            bad += ip.family != CONSENT_IP_V6
                   || memcmp(ip.addr, b, 16) != 0;
        }
    }

    is_int(bad, 0, "20000 inet_ntop() texts parse to the same address");
}


/* random addresses: our text equals inet_ntop()'s, where RFC 5952 agrees */

static void
test_oracle_format(void)
{
    int           bad, compat;
    char          text[64];
    size_t        i, k, n;
    uint64_t      r;
    consent_ip_t  ip, back;
    u_char        buf[CONSENT_IP_STRLEN];

    bad = 0;

    for (i = 0; i < 20000; i++) {

        r = test_rand();

        memset(&ip, 0, sizeof(consent_ip_t));
        ip.family = (i % 4 == 0) ? CONSENT_IP_V4 : CONSENT_IP_V6;

        for (k = 0; k < (size_t) consent_ip_len(&ip); k++) {
            ip.addr[k] = (u_char) test_rand();
            if ((r >> (k / 2)) & 1) {
                ip.addr[k] = 0;
            }
        }

        n = consent_ip_format(&ip, buf);

        if (n == 0 || n > CONSENT_IP_STRLEN) {
            bad++;
            continue;
        }

        /* it parses back to the same address */

        if (consent_ip_parse(buf, n, &back) != CONSENT_OK
            || (memcmp(ip.addr, test_mapped, 12) != 0
                && memcmp(&ip, &back, sizeof(consent_ip_t)) != 0))
        {
            bad++;
            continue;
        }

        inet_ntop(ip.family == CONSENT_IP_V4 ? AF_INET : AF_INET6,
                  ip.addr, text, sizeof(text));

        /*
         * glibc still writes IPv4-compatible addresses (::/96 but not
         * ::/112) in the deprecated "::a.b.c.d" form
         */

        compat = ip.family == CONSENT_IP_V6
                 && memcmp(ip.addr, "\0\0\0\0\0\0\0\0\0\0\0\0", 12) == 0
                 && (ip.addr[12] != 0 || ip.addr[13] != 0);

        if (!compat && (strlen(text) != n || memcmp(text, buf, n) != 0)) {
            printf("# %s: got %.*s\n", text, (int) n, buf);
            bad++;
        }
    }

    is_int(bad, 0, "20000 addresses format like inet_ntop() and parse back");
}


/*
 * Every one-byte change of a set of valid texts (replaced, removed,
 * inserted): accepted exactly when inet_pton() accepts it, to the same
 * bytes.
 */

static void
test_mutations(void)
{
    int            rc, r4, r6, bad, tested;
    char           t[64];
    size_t         i, j, len, n;
    u_char         b[16];
    consent_ip_t   ip;
    const char   **s;

    static const char  *seeds[] = {
        "1.2.3.4", "255.255.255.255", "10.0.0.10", "::", "::1", "1::",
        "2001:db8::1", "2001:db8:0:0:1:0:0:1", "::ffff:1.2.3.4",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "fe80::abcd:1",
        "::ffff:81.2.69.160", "2a02:cf40::1", NULL
    };

    static const char   alphabet[] = "0123456789abcdefABCDEFgx:.% []/,";

    bad = 0;
    tested = 0;

    for (s = seeds; *s; s++) {
        len = strlen(*s);

        for (i = 0; i <= len; i++) {
            for (j = 0; j < sizeof(alphabet); j++) {

                /* j == sizeof(alphabet) - 1: delete the byte */

                for (n = 0; n < 2; n++) {
                    if (n == 0) {
                        if (i == len) {
                            continue;
                        }
                        memcpy(t, *s, len + 1);
                        if (alphabet[j]) {
                            t[i] = alphabet[j];
                        } else {
                            memmove(t + i, t + i + 1, len - i);
                        }

                    } else {
                        if (alphabet[j] == '\0') {
                            continue;
                        }
                        memcpy(t, *s, i);
                        t[i] = alphabet[j];
                        memcpy(t + i + 1, *s + i, len - i + 1);
                    }

                    tested++;

                    rc = test_parse_str(t, &ip);
                    r4 = inet_pton(AF_INET, t, b);
                    r6 = inet_pton(AF_INET6, t, b);

                    if ((rc == CONSENT_OK) != (r4 == 1 || r6 == 1)) {
                        printf("# \"%s\": parse %d, inet_pton %d/%d\n",
                               t, rc, r4, r6);
                        bad++;
                        continue;
                    }

                    if (rc != CONSENT_OK) {
                        continue;
                    }

                    if (r4 == 1) {
                        bad += ip.family != CONSENT_IP_V4
                               || memcmp(ip.addr, b, 4) != 0;

                    } else if (memcmp(b, test_mapped, 12)
                               == 0)
                    {
                        bad += ip.family != CONSENT_IP_V4
                               || memcmp(ip.addr, b + 12, 4) != 0;

                    } else {
                        bad += ip.family != CONSENT_IP_V6
                               || memcmp(ip.addr, b, 16) != 0;
                    }
                }
            }
        }
    }

    ok(tested > 10000, "%d mutated texts", tested);
    is_int(bad, 0, "mutated texts: accepted exactly when inet_pton() does");
}


static void
test_from_bytes(void)
{
    int            rc;
    size_t         n;
    u_char         buf[CONSENT_IP_STRLEN];
    consent_ip_t   ip;

    static const u_char  v4[4] = { 81, 2, 69, 160 };
    static const u_char  v6[16] = {
        0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
    };
    static const u_char  mapped[16] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 81, 2, 69, 160
    };
    static const u_char  compat[16] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 81, 2, 69, 160
    };

    rc = consent_ip_from_bytes(CONSENT_IP_V4, v4, &ip);
    is_int(rc, CONSENT_OK, "from_bytes v4");
    is_int(ip.family, CONSENT_IP_V4, "from_bytes v4: family");
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "81.2.69.160", "from_bytes v4: text");

    rc = consent_ip_from_bytes(CONSENT_IP_V6, v6, &ip);
    is_int(rc, CONSENT_OK, "from_bytes v6");
    is_int(ip.family, CONSENT_IP_V6, "from_bytes v6: family");
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "2001:db8:1::1", "from_bytes v6: text");

    rc = consent_ip_from_bytes(CONSENT_IP_V6, mapped, &ip);
    is_int(rc, CONSENT_OK, "from_bytes mapped");
    is_int(ip.family, CONSENT_IP_V4, "from_bytes mapped: unmapped to v4");
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "81.2.69.160", "from_bytes mapped: text");
    ok(ip.addr[4] == 0 && ip.addr[15] == 0 && ip.addr[11] == 0,
       "from_bytes mapped: bytes 4..15 zero");

    consent_ip_mask(&ip, 24, 48);
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "81.2.69.0", "from_bytes mapped: masked as IPv4 /24");

    rc = consent_ip_from_bytes(CONSENT_IP_V6, compat, &ip);
    is_int(ip.family, CONSENT_IP_V6, "IPv4-compatible stays IPv6");
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "::5102:45a0", "IPv4-compatible text");

    consent_ip_mask(&ip, 24, 128);
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "81.2.69.0", "IPv4-compatible: masked as IPv4 /24");

    memset(&ip, 0x5a, sizeof(consent_ip_t));
    rc = consent_ip_from_bytes(1, v6, &ip);
    is_int(rc, CONSENT_EINVAL, "from_bytes AF_UNIX-like family");
    is_int(ip.family, 0, "from_bytes bad family: zeroed");
    is_int(consent_ip_format(&ip, buf), 0, "bad family formats as nothing");

    rc = consent_ip_from_bytes(0, v6, &ip);
    is_int(rc, CONSENT_EINVAL, "from_bytes family 0");

    rc = consent_ip_from_bytes(10, v6, &ip);
    is_int(rc, CONSENT_EINVAL, "from_bytes AF_INET6's number is not 6");

    /* a hand-made mapped IPv6 still formats in mixed notation */

    memset(&ip, 0, sizeof(consent_ip_t));
    ip.family = CONSENT_IP_V6;
    memcpy(ip.addr, mapped, 16);
    n = consent_ip_format(&ip, buf);
    is_str(buf, n, "::ffff:81.2.69.160", "mapped IPv6 struct: mixed text");

    /* unknown family is masked to nothing */

    memset(&ip, 0xff, sizeof(consent_ip_t));
    ip.family = 5;
    consent_ip_mask(&ip, 32, 128);
    ok(ip.addr[0] == 0 && memcmp(ip.addr, ip.addr + 1, 15) == 0,
       "mask of an unknown family zeroes everything");
}


/*
 * For every prefix length, over many addresses: the first bits are those
 * of the input, every other bit of all 16 bytes is zero, and the text
 * parses back to the same masked address.
 */

static void
test_mask_every_prefix(void)
{
    int           bad, bad_text;
    size_t        n, k, i;
    unsigned      bits, b;
    consent_ip_t  ip, orig, back;
    u_char        buf[CONSENT_IP_STRLEN], out[CONSENT_IP_STRLEN];

    static const char  *fixed[] = {
        "255.255.255.255", "0.0.0.0", "81.2.69.160", "128.0.0.1",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::", "::1",
        "2001:db8:1:2:3:4:5:6", "8000::", "::ffff:255.255.255.255",
        "::ffff:1.2.3.4", "fe80::1", NULL
    };

    bad = 0;
    bad_text = 0;

    for (i = 0; i < 2000 + 12; i++) {

        if (i < 12) {
            (void) test_parse_str(fixed[i], &orig);

        } else {
            memset(&orig, 0, sizeof(consent_ip_t));

            if (i % 3 == 0) {
                orig.family = CONSENT_IP_V4;
                for (k = 0; k < 4; k++) {
                    orig.addr[k] = (u_char) test_rand();
                }

            } else {
                for (k = 0; k < 16; k++) {
                    orig.addr[k] = (u_char) test_rand();
                }

                if (i % 3 == 1) {
                    /* a mapped one, through the text */
                    memset(orig.addr, 0, 10);
                    orig.addr[10] = 0xff;
                    orig.addr[11] = 0xff;
                }

                (void) consent_ip_from_bytes(CONSENT_IP_V6, orig.addr,
                                             &orig);
            }
        }

        n = consent_ip_format(&orig, buf);

        for (bits = 0; bits <= 130; bits++) {

            if (orig.family == CONSENT_IP_V4 && bits > 34) {
                break;
            }

            /* through the text, as the glue gets it from a variable */

            if (consent_ip_parse(buf, n, &ip) != CONSENT_OK) {
                bad++;
                break;
            }

            consent_ip_mask(&ip, bits, bits);

            if (ip.family != orig.family) {
                bad++;
                continue;
            }

            for (b = 0; b < 128; b++) {
                if (b < bits && b < (unsigned) consent_ip_len(&ip) * 8) {
                    bad += test_bit(ip.addr, b) != test_bit(orig.addr, b);

                } else {
                    bad += test_bit(ip.addr, b) != 0;
                }
            }

            /* the other family's length does not matter */

            if (ip.family == CONSENT_IP_V4) {
                memcpy(&back, &orig, sizeof(consent_ip_t));
                consent_ip_mask(&back, bits, 0);
                bad += memcmp(&back, &ip, sizeof(consent_ip_t)) != 0;
                memcpy(&back, &orig, sizeof(consent_ip_t));
                consent_ip_mask(&back, bits, 128);
                bad += memcmp(&back, &ip, sizeof(consent_ip_t)) != 0;

            } else {
                memcpy(&back, &orig, sizeof(consent_ip_t));
                consent_ip_mask(&back, 0, bits);
                bad += memcmp(&back, &ip, sizeof(consent_ip_t)) != 0;
            }

            k = consent_ip_format(&ip, out);

            if (k == 0 || consent_ip_parse(out, k, &back) != CONSENT_OK
                || memcmp(&back, &ip, sizeof(consent_ip_t)) != 0)
            {
                bad_text++;
            }
        }
    }

    is_int(bad, 0, "every prefix 0..32 / 0..128 of 2012 addresses: "
                   "prefix kept, host bits zero");
    is_int(bad_text, 0, "every masked address formats and parses back");
}


static void
test_mask_strings(void)
{
    int                 rc;
    size_t              n;
    char                name[128];
    u_char              buf[CONSENT_IP_STRLEN];
    consent_ip_t        ip;
    const test_mask_t  *t;

    static const test_mask_t  cases[] = {
        { "81.2.69.160", 0, 0, "0.0.0.0" },
        { "81.2.69.160", 8, 0, "81.0.0.0" },
        { "81.2.69.160", 16, 0, "81.2.0.0" },
        { "81.2.69.160", 24, 0, "81.2.69.0" },
        { "81.2.69.160", 32, 0, "81.2.69.160" },
        { "81.2.69.160", 33, 0, "81.2.69.160" },
        { "81.2.69.160", 4000000000U, 0, "81.2.69.160" },
        { "255.255.255.255", 0, 128, "0.0.0.0" },
        { "255.255.255.255", 1, 128, "128.0.0.0" },
        { "255.255.255.255", 8, 128, "255.0.0.0" },
        { "255.255.255.255", 12, 128, "255.240.0.0" },
        { "255.255.255.255", 16, 128, "255.255.0.0" },
        { "255.255.255.255", 23, 128, "255.255.254.0" },
        { "255.255.255.255", 24, 128, "255.255.255.0" },
        { "255.255.255.255", 31, 128, "255.255.255.254" },
        { "255.255.255.255", 32, 128, "255.255.255.255" },

        /* mapped: masked as IPv4 with the IPv4 prefix */
        { "::ffff:81.2.69.160", 0, 128, "0.0.0.0" },
        { "::ffff:81.2.69.160", 8, 128, "81.0.0.0" },
        { "::ffff:81.2.69.160", 16, 128, "81.2.0.0" },
        { "::ffff:81.2.69.160", 24, 128, "81.2.69.0" },
        { "::ffff:81.2.69.160", 24, 48, "81.2.69.0" },
        { "::ffff:81.2.69.160", 32, 0, "81.2.69.160" },
        { "::FFFF:5102:45A0", 24, 96, "81.2.69.0" },

        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 0, "::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 16, "2001::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 32, "2001:db8::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 48,
          "2001:db8:1234::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 56,
          "2001:db8:1234:5600::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 64,
          "2001:db8:1234:5678::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 80,
          "2001:db8:1234:5678:9abc::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 96,
          "2001:db8:1234:5678:9abc:def0::" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 112,
          "2001:db8:1234:5678:9abc:def0:1234:0" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 0, 128,
          "2001:db8:1234:5678:9abc:def0:1234:5678" },
        { "2001:db8:1234:5678:9abc:def0:1234:5678", 32, 200,
          "2001:db8:1234:5678:9abc:def0:1234:5678" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 0, "::" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 1, "8000::" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 47,
          "ffff:ffff:fffe::" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 48,
          "ffff:ffff:ffff::" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 64,
          "ffff:ffff:ffff:ffff::" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 127,
          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 32, 128,
          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2a02:cf40:aaaa:bbbb::1", 24, 48, "2a02:cf40:aaaa::" },
        { "fe80::1", 24, 48, "fe80::" },
        { "::1", 24, 48, "::" },
        { "::1", 24, 128, "::1" },

        /* the embedded forms: masked as their IPv4 with the IPv4 prefix */
        { "::81.2.69.160", 8, 120, "81.0.0.0" },
        { "::81.2.69.160", 32, 0, "81.2.69.160" },
        { "::ffff:0:81.2.69.160", 24, 128, "81.2.69.0" },
        { "64:ff9b::81.2.69.160", 16, 128, "81.2.0.0" },
        { "2002:5102:45a0::1", 24, 48, "81.2.69.0" },
        { "2002:5102:45a0::1", 24, 40, "81.2.69.0" },
        { "2002:5102:45a0::1", 24, 32, "81.2.0.0" },
        { "2002:5102:45a0::1", 24, 16, "0.0.0.0" },
        { "2002:5102:45a0::1", 32, 47, "81.2.69.160" },
        { "2001:0:4136:e378:8000:63bf:aefd:ba5f", 24, 128, "81.2.69.0" },
        { "fe80::5efe:81.2.69.160", 24, 128, "81.2.69.0" },
        { "64:ff9b:1:5102:45:a000:0:1", 32, 128, "64:ff9b:1::" },
        { "64:ff9b:1:5102:45:a000:0:1", 32, 40, "64:ff9b::" },
        { NULL, 0, 0, NULL }
    };

    for (t = cases; t->in; t++) {
        snprintf(name, sizeof(name), "mask %s %u %u", t->in, t->v4bits,
                 t->v6bits);

        rc = test_parse_str(t->in, &ip);
        is_int(rc, CONSENT_OK, name);

        consent_ip_mask(&ip, t->v4bits, t->v6bits);
        n = consent_ip_format(&ip, buf);
        is_str(buf, n, t->out, name);
    }
}


/*
 * Every IPv6 form that embeds an IPv4, through the text (dotted tail and
 * all hex) and through the bytes of a sockaddr: consent_ip_embedded()
 * finds the form and the IPv4, and for every v4bits 0..32 the masked
 * address is that IPv4 with only the prefix kept, written as such.
 */

typedef struct {
    const char  *in;
    int          form;
    const char  *v4;
} test_embedded_t;


static const test_embedded_t  test_embedded_cases[] = {
    { "::ffff:0:81.2.69.160",          CONSENT_IP_TRANSLATED, "81.2.69.160" },
    { "::FFFF:0:5102:45A0",            CONSENT_IP_TRANSLATED, "81.2.69.160" },
    { "0:0:0:0:ffff:0:ffff:ffff",      CONSENT_IP_TRANSLATED,
      "255.255.255.255" },
    { "::ffff:0:0.0.0.0",              CONSENT_IP_TRANSLATED, "0.0.0.0" },
    { "::81.2.69.160",                 CONSENT_IP_COMPATIBLE, "81.2.69.160" },
    { "::5102:45a0",                   CONSENT_IP_COMPATIBLE, "81.2.69.160" },
    { "::0.0.0.2",                     CONSENT_IP_COMPATIBLE, "0.0.0.2" },
    { "::1:0",                         CONSENT_IP_COMPATIBLE, "0.1.0.0" },
    { "0:0:0:0:0:0:ffff:ffff",         CONSENT_IP_COMPATIBLE,
      "255.255.255.255" },
    { "64:ff9b::192.0.2.33",           CONSENT_IP_NAT64, "192.0.2.33" },
    { "64:FF9B:0:0:0:0:C000:221",      CONSENT_IP_NAT64, "192.0.2.33" },
    { "64:ff9b::ffff:ffff",            CONSENT_IP_NAT64, "255.255.255.255" },
    { "2002:c000:0204::1",             CONSENT_IP_6TO4, "192.0.2.4" },
    { "2002:c000:204:ffff:ffff:ffff:ffff:ffff", CONSENT_IP_6TO4,
      "192.0.2.4" },
    { "2002:ffff:ffff::",              CONSENT_IP_6TO4, "255.255.255.255" },
    { "2002:5102:45a0::81.2.69.161",   CONSENT_IP_6TO4, "81.2.69.160" },
    { "2002:5102:45a0::5efe:10.0.0.1", CONSENT_IP_6TO4, "81.2.69.160" },
    { "2001:0:4136:e378:8000:63bf:3fff:fdfb", CONSENT_IP_TEREDO,
      "192.0.2.4" },
    { "2001::ffff:ffff:ffff:ffff",     CONSENT_IP_TEREDO, "0.0.0.0" },
    { "2001:0:ffff:ffff:ffff:ffff:0:0", CONSENT_IP_TEREDO,
      "255.255.255.255" },
    { "2001:0:4136:e378:8000:63bf:174.253.186.95", CONSENT_IP_TEREDO,
      "81.2.69.160" },
    { "fe80::5efe:81.2.69.160",        CONSENT_IP_ISATAP, "81.2.69.160" },
    { "fe80::200:5efe:5102:45a0",      CONSENT_IP_ISATAP, "81.2.69.160" },
    { "2001:db8:1:2:200:5EFE:c000:204", CONSENT_IP_ISATAP, "192.0.2.4" },
    { "ffff:ffff:ffff:ffff:0:5efe:ffff:ffff", CONSENT_IP_ISATAP,
      "255.255.255.255" },
    { "::5efe:10.1.2.3",               CONSENT_IP_ISATAP, "10.1.2.3" },
    { "64:ff9b:1::192.0.2.4",          CONSENT_IP_NAT64_LOCAL, NULL },
    { "64:ff9b:1:c000:2:400::",        CONSENT_IP_NAT64_LOCAL, NULL },
    { "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", CONSENT_IP_NAT64_LOCAL, NULL },

    /* not embedded: the IPv6 prefix applies */
    { "::",                            CONSENT_IP_NATIVE, NULL },
    { "::1",                           CONSENT_IP_NATIVE, NULL },
    { "2001:1::5102:45a0",             CONSENT_IP_NATIVE, NULL },
    { "2003:5102:45a0::1",             CONSENT_IP_NATIVE, NULL },
    { "64:ff9b:0:0:0:1:5102:45a0",     CONSENT_IP_NATIVE, NULL },
    { "64:ff9b:2::5102:45a0",          CONSENT_IP_NATIVE, NULL },
    { "::1:0:0:5102:45a0",             CONSENT_IP_NATIVE, NULL },
    { "::ffff:1:5102:45a0",            CONSENT_IP_NATIVE, NULL },
    { "fe80::100:5efe:5102:45a0",      CONSENT_IP_NATIVE, NULL },
    { "fe80::5eff:5102:45a0",          CONSENT_IP_NATIVE, NULL },
    { "2001:db8::1",                   CONSENT_IP_NATIVE, NULL },
    { NULL, 0, NULL }
};


static void
test_embedded_forms(void)
{
    int                     rc, form;
    char                    name[160];
    u_char                  v4[4], want[4], b[16];
    unsigned                bad;
    consent_ip_t            ip;
    const test_embedded_t  *t;

    for (t = test_embedded_cases; t->in; t++) {

        rc = test_parse_str(t->in, &ip);
        snprintf(name, sizeof(name), "%s: parsed, stays IPv6", t->in);
        ok(rc == CONSENT_OK && ip.family == CONSENT_IP_V6, "%s", name);

        memset(want, 0, 4);

        if (t->v4 && inet_pton(AF_INET, t->v4, want) != 1) {
            ok(0, "%s: test table", t->in);
            continue;
        }

        memset(v4, 0x5a, 4);
        form = consent_ip_embedded(&ip, v4);
        snprintf(name, sizeof(name), "%s: form", t->in);
        is_int(form, t->form, name);

        ok(memcmp(v4, want, 4) == 0, "%s: embedded IPv4 %s", t->in,
           t->v4 ? t->v4 : "none (zeroed)");

        /* the same address as a sockaddr's bytes, from the C library */

        if (inet_pton(AF_INET6, t->in, b) != 1) {
            ok(0, "%s: inet_pton()", t->in);
            continue;
        }

        bad = test_check_masked(b, t->in);
        ok(bad == 0, "%s: masked by every v4bits 0..32 and v6bits, text and "
           "bytes: %u wrong", t->in, bad);
    }
}


/*
 * Random addresses with each form's fixed bits stamped in, and random
 * ones: the independent classifier below decides what is expected.
 */

static void
test_embedded_random(void)
{
    size_t    i, k;
    u_char    a[16], v4[4];
    unsigned  bad, forms[9];

    bad = 0;
    memset(forms, 0, sizeof(forms));

    for (i = 0; i < 3000; i++) {

        for (k = 0; k < 16; k++) {
            a[k] = (u_char) test_rand();
        }

        switch (i % 10) {

        case 0:
            memcpy(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12);
            break;

        case 1:
            memcpy(a, "\0\0\0\0\0\0\0\0\xff\xff\0\0", 12);
            break;

        case 2:
            memset(a, 0, 12);
            if (i % 30 == 2) {
                memset(a + 12, 0, 3);
                a[15] &= 3;
            }
            break;

        case 3:
            memcpy(a, "\x00\x64\xff\x9b\0\0\0\0\0\0\0\0", 12);
            break;

        case 4:
            memcpy(a, "\x00\x64\xff\x9b\x00\x01", 6);
            break;

        case 5:
            memcpy(a, "\x20\x02", 2);
            break;

        case 6:
            memcpy(a, "\x20\x01\0\0", 4);
            break;

        case 7:
            a[8] &= 0x03;
            memcpy(a + 9, "\0\x5e\xfe", 3);
            break;

        default:
            break;
        }

        forms[test_expect(a, v4)]++;
        bad += test_check_masked(a, "random");
    }

    for (k = 1; k < 9; k++) {
        ok(forms[k] > 50, "random addresses of form %zu: %u", k, forms[k]);
    }

    ok(bad == 0, "3000 random addresses, every v4bits 0..32: %u wrong", bad);
}


/* an independent classifier, in the order the header documents */

static int
test_expect(const u_char *a, u_char *v4)
{
    size_t  k, zero;

    memset(v4, 0, 4);

    for (zero = 0; zero < 16 && a[zero] == 0; zero++) {
        /* void */
    }

    if (zero >= 10 && a[10] == 0xff && a[11] == 0xff) {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_MAPPED;
    }

    if (zero >= 8 && a[8] == 0xff && a[9] == 0xff && a[10] == 0
        && a[11] == 0)
    {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_TRANSLATED;
    }

    if (zero >= 12) {
        if (zero == 16 || (zero == 15 && a[15] == 1)) {
            return CONSENT_IP_NATIVE;
        }

        memcpy(v4, a + 12, 4);
        return CONSENT_IP_COMPATIBLE;
    }

    if (memcmp(a, "\x00\x64\xff\x9b\0\0\0\0\0\0\0\0", 12) == 0) {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_NAT64;
    }

    if (memcmp(a, "\x00\x64\xff\x9b\x00\x01", 6) == 0) {
        return CONSENT_IP_NAT64_LOCAL;
    }

    if (a[0] == 0x20 && a[1] == 0x02) {
        memcpy(v4, a + 2, 4);
        return CONSENT_IP_6TO4;
    }

    if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
        for (k = 0; k < 4; k++) {
            v4[k] = (u_char) ~a[12 + k];
        }

        return CONSENT_IP_TEREDO;
    }

    if ((a[8] | 0x02) == 0x02 && a[9] == 0 && a[10] == 0x5e
        && a[11] == 0xfe)
    {
        memcpy(v4, a + 12, 4);
        return CONSENT_IP_ISATAP;
    }

    return CONSENT_IP_NATIVE;
}


/*
 * The 16 bytes a, through consent_ip_from_bytes() and through the text
 * inet_ntop() writes (a dotted tail for some forms), masked by every
 * v4bits 0..33 against several v6bits: an embedded IPv4 comes out as
 * IPv4 with only its prefix, host bits zero, its text that of the masked
 * IPv4 (6to4's no more than the IPv6 prefix keeps of bits 16..47);
 * 64:ff9b:1::/48 keeps nothing past bit 48; other addresses keep the
 * IPv6 prefix.  Returns the number of wrong results.
 */

static unsigned
test_check_masked(const u_char *a, const char *name)
{
    int            form, from;
    char           text[INET6_ADDRSTRLEN], want[INET6_ADDRSTRLEN];
    size_t         n, k;
    u_char         v4[4], got[4], buf[CONSENT_IP_STRLEN];
    unsigned       bad, v4bits, v6bits, b, keep, i;
    consent_ip_t   ip, orig;

    static const unsigned  v6s[] = { 0, 16, 32, 47, 48, 64, 96, 128 };

    bad = 0;
    form = test_expect(a, v4);

    if (inet_ntop(AF_INET6, a, text, sizeof(text)) == NULL) {
        return 1;
    }

    for (from = 0; from < 2; from++) {

        if (from == 0) {
            if (consent_ip_from_bytes(CONSENT_IP_V6, a, &orig)
                != CONSENT_OK)
            {
                return 1;
            }

        } else if (test_parse_str(text, &orig) != CONSENT_OK) {
            return 1;
        }

        /* mapped is unmapped when it comes in: the IPv4 itself */

        if (form == CONSENT_IP_MAPPED) {
            bad += orig.family != CONSENT_IP_V4
                   || memcmp(orig.addr, v4, 4) != 0;

        } else {
            bad += orig.family != CONSENT_IP_V6
                   || memcmp(orig.addr, a, 16) != 0
                   || consent_ip_embedded(&orig, got) != form
                   || memcmp(got, v4, 4) != 0;
        }

        for (v4bits = 0; v4bits <= 33; v4bits++) {
            for (i = 0; i < sizeof(v6s) / sizeof(v6s[0]); i++) {

                v6bits = v6s[i];
                ip = orig;
                consent_ip_mask(&ip, v4bits, v6bits);
                n = consent_ip_format(&ip, buf);

                if (form == CONSENT_IP_NATIVE
                    || form == CONSENT_IP_NAT64_LOCAL)
                {
                    keep = (form == CONSENT_IP_NATIVE) ? v6bits
                           : (v6bits < 48 ? v6bits : 48);

                    bad += ip.family != CONSENT_IP_V6;

                    for (b = 0; b < 128; b++) {
                        bad += test_bit(ip.addr, b)
                               != (b < keep ? test_bit(a, b) : 0);
                    }

                    continue;
                }

                bad += ip.family != CONSENT_IP_V4;

                /* 6to4's IPv4 lies in bits 16..47 of the address */

                keep = v4bits;

                if (form == CONSENT_IP_6TO4 && keep + 16 > v6bits) {
                    keep = (v6bits > 16) ? v6bits - 16 : 0;
                }

                for (b = 0; b < 128; b++) {
                    bad += test_bit(ip.addr, b)
                           != (b < keep && b < 32 ? test_bit(v4, b) : 0);
                }

                for (k = 0; k < 4; k++) {
                    got[k] = ip.addr[k];
                }

                if (inet_ntop(AF_INET, got, want, sizeof(want)) == NULL
                    || strlen(want) != n || memcmp(want, buf, n) != 0)
                {
                    bad++;
                }
            }
        }
    }

    if (bad) {
        printf("# %s (%s): %u wrong\n", name, text, bad);
    }

    return bad;
}


static int
test_parse_str(const char *s, consent_ip_t *ip)
{
    size_t   len;
    u_char  *copy;
    int      rc;

    /* an exactly-sized copy, so that ASan sees any read past the end */

    len = strlen(s);
    copy = malloc(len ? len : 1);
    if (copy == NULL) {
        abort();
    }

    memcpy(copy, s, len);
    rc = consent_ip_parse(copy, len, ip);
    free(copy);

    return rc;
}


/* the text quoted, with control bytes escaped, for a TAP line */

static const char *
test_name(const char *s)
{
    char         *p;
    static char   name[256];

    p = name;
    *p++ = '"';

    for ( /* void */ ; *s && p < name + sizeof(name) - 8; s++) {
        if ((u_char) *s < 0x20 || (u_char) *s >= 0x7f) {
            p += snprintf(p, 5, "\\x%02x", (unsigned) (u_char) *s);

        } else {
            *p++ = *s;
        }
    }

    *p++ = '"';
    *p = '\0';

    return name;
}


static int
test_bit(const u_char *addr, unsigned k)
{
    return (addr[k / 8] >> (7 - k % 8)) & 1;
}


static uint64_t
test_rand(void)
{
    test_seed ^= test_seed << 13;
    test_seed ^= test_seed >> 7;
    test_seed ^= test_seed << 17;

    return test_seed;
}
