
/*
 * Unit tests: consent_region.c (country codes, EU/EEA groups, the
 * country -> regime table).
 */


#include "tap.h"
#include "consent_region.h"

#include <stdlib.h>


#define S(s)  (const u_char *) (s), sizeof(s) - 1


static int test_in(const u_char *codes, size_t len, const char *code);
static unsigned test_lookup(const consent_regions_t *rt, const char *code);
static void test_codes(void);
static void test_groups(void);
static void test_defaults(void);
static void test_add(void);
static void test_precedence(void);
static void test_conflicts(void);
static void test_lookup_garbage(void);


static const char  *test_eu27[] = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
    "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
    "SI", "ES", "SE", NULL
};

static const char  *test_eu_territories[] = {
    "AX", "GF", "GP", "MF", "MQ", "RE", "YT", NULL
};

static const char  *test_not_eu[] = {
    "GB", "CH", "US", "BR", "JP", "CN", "RU", "TR", "UA", "RS", "IS", "LI",
    "NO", "GI", "IM", "JE", "GG", "FO", "GL", "AD", "MC", "SM", "VA", "NC",
    "PF", "PM", "WF", "BL", "TF", "SJ", "BV", "XK", "CW", "AW", "SX", "BQ",
    NULL
};


int
main(void)
{
    test_codes();
    test_groups();
    test_defaults();
    test_add();
    test_precedence();
    test_conflicts();
    test_lookup_garbage();

    return done_testing();
}


static void
test_codes(void)
{
    int          valid;
    size_t       n;
    u_char       c[2];
    unsigned     a, b;
    const char **s;

    static const char  *good[] = {
        "DE", "GB", "US", "GR", "NO", "CH", "XK", "AX", "RE", "YT", "ZW",
        "AD", "SS", "BQ", "CW", "SX", "TL", "ME", "RS", NULL
    };

    static const char  *bad[] = {
        "", "D", "DEU", "de", "De", "dE", "UK", "EU", "EL", "ZZ", "XX",
        "AA", "QQ", "AP", "A1", "O1", "--", "  ", "D ", " D", "D\xc3",
        "YU", "CS", "AN", "TP", "ZR", "SU", "DD", NULL
    };

    for (s = good; *s; s++) {
        is_int(consent_region_code_valid((const u_char *) *s, strlen(*s)),
               CONSENT_OK, *s);
    }

    for (s = bad; *s; s++) {
        is_int(consent_region_code_valid((const u_char *) *s, strlen(*s)),
               CONSENT_EINVAL, *s);
    }

    is_int(consent_region_code_valid((const u_char *) "DE\0", 3),
           CONSENT_EINVAL, "DE plus NUL");
    is_int(consent_region_code_valid((const u_char *) "D\0", 2),
           CONSENT_EINVAL, "D NUL");
    is_int(consent_region_code_valid((const u_char *) "DE", 1),
           CONSENT_EINVAL, "only len bytes read");

    /* 249 assigned codes plus XK, out of 65536 two-byte strings */

    n = 0;

    for (a = 0; a < 256; a++) {
        for (b = 0; b < 256; b++) {
            c[0] = (u_char) a;
            c[1] = (u_char) b;

            valid = consent_region_code_valid(c, 2) == CONSENT_OK;

            if (valid && (a < 'A' || a > 'Z' || b < 'A' || b > 'Z')) {
                ok(0, "0x%02x 0x%02x is not a code", a, b);
            }

            n += valid;
        }
    }

    is_int(n, 250, "250 valid codes among all two-byte strings");
}


static void
test_groups(void)
{
    size_t          i;
    consent_str_t   eu, eea, g;
    const char    **s;

    is_int(consent_region_group(S("EU"), &eu), CONSENT_OK, "EU");
    is_int(eu.len, 2 * 34, "EU: 27 members and 7 territories");

    is_int(consent_region_group(S("EEA"), &eea), CONSENT_OK, "EEA");
    is_int(eea.len, 2 * 37, "EEA: EU plus 3");

    for (s = test_eu27; *s; s++) {
        ok(test_in(eu.data, eu.len, *s), "%s in EU", *s);
        ok(test_in(eea.data, eea.len, *s), "%s in EEA", *s);
    }

    for (s = test_eu_territories; *s; s++) {
        ok(test_in(eu.data, eu.len, *s), "territory %s in EU", *s);
        ok(test_in(eea.data, eea.len, *s), "territory %s in EEA", *s);
    }

    for (s = test_not_eu; *s; s++) {
        ok(!test_in(eu.data, eu.len, *s), "%s not in EU", *s);
    }

    ok(test_in(eea.data, eea.len, "IS"), "IS in EEA");
    ok(test_in(eea.data, eea.len, "LI"), "LI in EEA");
    ok(test_in(eea.data, eea.len, "NO"), "NO in EEA");
    ok(!test_in(eea.data, eea.len, "GB"), "GB not in EEA");
    ok(!test_in(eea.data, eea.len, "CH"), "CH not in EEA");

    /* every member is a valid code, listed once, in order */

    for (i = 0; i < eea.len; i += 2) {
        ok(consent_region_code_valid(eea.data + i, 2) == CONSENT_OK
           && (i == 0 || memcmp(eea.data + i - 2, eea.data + i, 2) < 0),
           "EEA member %.2s valid and sorted", eea.data + i);
    }

    for (i = 0; i < eu.len; i += 2) {
        ok(consent_region_code_valid(eu.data + i, 2) == CONSENT_OK
           && (i == 0 || memcmp(eu.data + i - 2, eu.data + i, 2) < 0),
           "EU member %.2s valid and sorted", eu.data + i);
    }

    is_int(consent_region_group(S("eu"), &g), CONSENT_EINVAL, "eu");
    is_int(g.len, 0, "eu: no codes");
    ok(g.data == NULL, "eu: no data");
    is_int(consent_region_group(S("EU27"), &g), CONSENT_EINVAL, "EU27");
    is_int(consent_region_group(S("E"), &g), CONSENT_EINVAL, "E");
    is_int(consent_region_group(S(""), &g), CONSENT_EINVAL, "empty");
    is_int(consent_region_group(S("EEA "), &g), CONSENT_EINVAL, "EEA space");
    is_int(consent_region_group(S("DE"), &g), CONSENT_EINVAL,
           "a country is not a group");
    is_int(consent_region_group((const u_char *) "EEA", 2, &g),
           CONSENT_EINVAL, "\"EE\" cut from \"EEA\" is not a group");
}


static void
test_defaults(void)
{
    consent_regions_t  rt;

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);

    is_int(test_lookup(&rt, "DE"), CONSENT_REGIME_OPT_IN, "init: DE opt-in");
    is_int(test_lookup(&rt, "US"), CONSENT_REGIME_OPT_IN, "init: US opt-in");
    is_int(test_lookup(&rt, ""), CONSENT_REGIME_OPT_IN, "init: empty");

    consent_regions_init(&rt, CONSENT_REGIME_OPT_OUT);
    is_int(test_lookup(&rt, "DE"), CONSENT_REGIME_OPT_OUT,
           "init opt-out: DE");

    consent_regions_init(&rt, 500);
    is_int(test_lookup(&rt, "DE"), CONSENT_REGIME_OPT_IN,
           "init with an impossible default: opt-in");

    /* "default" given explicitly, after init with another value */

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);
    is_int(consent_regions_add(&rt, S("default"), CONSENT_REGIME_OPT_OUT,
                               NULL),
           CONSENT_OK, "opt-out default");
    is_int(test_lookup(&rt, "FR"), CONSENT_REGIME_OPT_OUT,
           "opt-out default: FR");
    is_int(test_lookup(&rt, "zz"), CONSENT_REGIME_OPT_OUT,
           "opt-out default: garbage gets the default too");
}


static void
test_add(void)
{
    consent_regions_t   rt;
    const char        **s;

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add(&rt, S("US"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "opt-out US");
    is_int(consent_regions_add(&rt, S("BR"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "opt-out BR");
    is_int(consent_regions_add(&rt, S("JP"), 5, NULL),
           CONSENT_OK, "regime 5 for JP");

    is_int(test_lookup(&rt, "US"), CONSENT_REGIME_OPT_OUT, "US opt-out");
    is_int(test_lookup(&rt, "BR"), CONSENT_REGIME_OPT_OUT, "BR opt-out");
    is_int(test_lookup(&rt, "JP"), 5, "JP 5");
    is_int(test_lookup(&rt, "DE"), CONSENT_REGIME_OPT_IN, "DE default");
    is_int(test_lookup(&rt, "GB"), CONSENT_REGIME_OPT_IN, "GB default");

    is_int(consent_regions_add(&rt, S("UK"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_EINVAL, "UK is not a code");
    is_int(consent_regions_add(&rt, S("us"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_EINVAL, "lower case is not a code");
    is_int(consent_regions_add(&rt, S("EUR"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_EINVAL, "EUR");
    is_int(consent_regions_add(&rt, S("Default"), CONSENT_REGIME_OPT_OUT,
                               NULL),
           CONSENT_EINVAL, "Default");
    is_int(consent_regions_add(&rt, S(""), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_EINVAL, "empty name");
    is_int(consent_regions_add(&rt, S("CA"), CONSENT_REGIME_MAX + 1, NULL),
           CONSENT_EINVAL, "regime too large");
    is_int(consent_regions_add(&rt, S("CA"), CONSENT_REGIME_UNSET, NULL),
           CONSENT_EINVAL, "the unset marker is not a regime");
    is_int(test_lookup(&rt, "CA"), CONSENT_REGIME_OPT_IN,
           "CA untouched by the failed calls");
    is_int(consent_regions_add(&rt, S("CA"), CONSENT_REGIME_MAX, NULL),
           CONSENT_OK, "CONSENT_REGIME_MAX is a regime");
    is_int(test_lookup(&rt, "CA"), CONSENT_REGIME_MAX, "CA max");

    /* a group */

    consent_regions_init(&rt, CONSENT_REGIME_OPT_OUT);
    is_int(consent_regions_add(&rt, S("EU"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "opt-in EU, default opt-out");

    for (s = test_eu27; *s; s++) {
        is_int(test_lookup(&rt, *s), CONSENT_REGIME_OPT_IN, *s);
    }

    for (s = test_eu_territories; *s; s++) {
        is_int(test_lookup(&rt, *s), CONSENT_REGIME_OPT_IN, *s);
    }

    for (s = test_not_eu; *s; s++) {
        is_int(test_lookup(&rt, *s), CONSENT_REGIME_OPT_OUT, *s);
    }

    is_int(consent_regions_add(&rt, S("EEA"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "then opt-in EEA: the same regime, no conflict");
    is_int(test_lookup(&rt, "NO"), CONSENT_REGIME_OPT_IN, "NO now opt-in");
    is_int(test_lookup(&rt, "IS"), CONSENT_REGIME_OPT_IN, "IS now opt-in");
    is_int(test_lookup(&rt, "GB"), CONSENT_REGIME_OPT_OUT, "GB opt-out");
    is_int(test_lookup(&rt, "CH"), CONSENT_REGIME_OPT_OUT, "CH opt-out");
}


/* a country named by its code beats a group, in either order */

static void
test_precedence(void)
{
    consent_regions_t  rt;

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add(&rt, S("DE"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "code first: opt-out DE");
    is_int(consent_regions_add(&rt, S("EU"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "then opt-in EU");
    is_int(test_lookup(&rt, "DE"), CONSENT_REGIME_OPT_OUT, "DE keeps opt-out");
    is_int(test_lookup(&rt, "FR"), CONSENT_REGIME_OPT_IN, "FR opt-in");

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add(&rt, S("EEA"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "group first: opt-out EEA");
    is_int(consent_regions_add(&rt, S("NO"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "then opt-in NO");
    is_int(consent_regions_add(&rt, S("FR"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "then opt-in FR");
    is_int(test_lookup(&rt, "NO"), CONSENT_REGIME_OPT_IN, "NO opt-in");
    is_int(test_lookup(&rt, "FR"), CONSENT_REGIME_OPT_IN, "FR opt-in");
    is_int(test_lookup(&rt, "IS"), CONSENT_REGIME_OPT_OUT, "IS opt-out");
    is_int(test_lookup(&rt, "DE"), CONSENT_REGIME_OPT_OUT, "DE opt-out");
    is_int(test_lookup(&rt, "US"), CONSENT_REGIME_OPT_IN, "US default");

    /* a code given again with the same regime, a group again */

    is_int(consent_regions_add(&rt, S("NO"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "NO again, same regime");
    is_int(consent_regions_add(&rt, S("EEA"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "EEA again, same regime");
    is_int(test_lookup(&rt, "NO"), CONSENT_REGIME_OPT_IN,
           "NO still opt-in after the group again");
}


static void
test_conflicts(void)
{
    consent_str_t      c;
    consent_regions_t  rt, before;

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);

    (void) consent_regions_add(&rt, S("US"), CONSENT_REGIME_OPT_OUT, NULL);

    c.len = 0;
    c.data = NULL;
    is_int(consent_regions_add(&rt, S("US"), CONSENT_REGIME_OPT_IN, &c),
           CONSENT_REGION_ECONFLICT, "US twice, two regimes");
    is_str(c.data, c.len, "US", "conflict names US");
    is_int(test_lookup(&rt, "US"), CONSENT_REGIME_OPT_OUT,
           "US keeps the first regime");
    is_int(consent_regions_add(&rt, S("US"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_REGION_ECONFLICT, "conflict with a NULL conflict");

    /* group against group: EU opt-in then EEA opt-out */

    (void) consent_regions_add(&rt, S("EU"), CONSENT_REGIME_OPT_IN, NULL);
    memcpy(&before, &rt, sizeof(consent_regions_t));

    is_int(consent_regions_add(&rt, S("EEA"), CONSENT_REGIME_OPT_OUT, &c),
           CONSENT_REGION_ECONFLICT, "EU opt-in, EEA opt-out");
    is_str(c.data, c.len, "AT", "conflict names the first member, AT");
    ok(memcmp(&before, &rt, sizeof(consent_regions_t)) == 0,
       "a conflicting group changes nothing (not even NO)");
    is_int(test_lookup(&rt, "NO"), CONSENT_REGIME_OPT_IN,
           "NO still the default");

    /* a code settles it */

    is_int(consent_regions_add(&rt, S("AT"), CONSENT_REGIME_OPT_OUT, &c),
           CONSENT_OK, "AT named by its code: no conflict with EU");
    is_int(test_lookup(&rt, "AT"), CONSENT_REGIME_OPT_OUT, "AT opt-out");

    /* default */

    is_int(consent_regions_add(&rt, S("default"), CONSENT_REGIME_OPT_IN, &c),
           CONSENT_OK, "opt-in default (same as init)");
    is_int(consent_regions_add(&rt, S("default"), CONSENT_REGIME_OPT_IN, &c),
           CONSENT_OK, "opt-in default again");
    is_int(consent_regions_add(&rt, S("default"), CONSENT_REGIME_OPT_OUT,
                               &c),
           CONSENT_REGION_ECONFLICT, "then opt-out default");
    is_str(c.data, c.len, "default", "conflict names default");
    is_int(test_lookup(&rt, "CN"), CONSENT_REGIME_OPT_IN,
           "the default stays opt-in");

    /* the conflict points to static storage, not to the argument */

    {
        u_char  *arg;

        arg = malloc(2);
        if (arg == NULL) {
            abort();
        }

        memcpy(arg, "US", 2);
        c.data = NULL;
        is_int(consent_regions_add(&rt, arg, 2, CONSENT_REGIME_OPT_IN, &c),
               CONSENT_REGION_ECONFLICT, "US from a heap argument");
        ok(c.data != arg, "conflict is not the argument");
        free(arg);
        is_str(c.data, c.len, "US", "conflict still readable after free");
    }
}


static void
test_lookup_garbage(void)
{
    size_t             i, n;
    u_char             c[3];
    unsigned           a, b, r;
    consent_regions_t  rt;

    consent_regions_init(&rt, 3);

    (void) consent_regions_add(&rt, S("DE"), 7, NULL);

    is_int(test_lookup(&rt, "DE"), 7, "DE 7");
    is_int(test_lookup(&rt, "de"), 3, "de: default");
    is_int(test_lookup(&rt, "De"), 3, "De: default");
    is_int(test_lookup(&rt, "DEU"), 3, "DEU: default");
    is_int(test_lookup(&rt, "D"), 3, "D: default");
    is_int(test_lookup(&rt, ""), 3, "empty: default");
    is_int(test_lookup(&rt, "ZZ"), 3, "ZZ: default");
    is_int(test_lookup(&rt, "--"), 3, "--: default");
    is_int(consent_regions_lookup(&rt, (const u_char *) "DE", 1), 3,
           "D cut from DE: default");
    is_int(consent_regions_lookup(&rt, NULL, 0), 3, "NULL, 0: default");

    c[0] = 'D';
    c[1] = 'E';
    c[2] = 'X';
    is_int(consent_regions_lookup(&rt, c, 2), 7, "DE from a longer buffer");

    /* every two-byte string: 7 for DE only */

    n = 0;

    for (a = 0; a < 256; a++) {
        for (b = 0; b < 256; b++) {
            c[0] = (u_char) a;
            c[1] = (u_char) b;

            r = consent_regions_lookup(&rt, c, 2);

            if (r != 3 && r != 7) {
                ok(0, "0x%02x 0x%02x gives %u", a, b, r);
            }

            n += (r == 7);
        }
    }

    is_int(n, 1, "only DE has the regime of DE");

    /* every slot set: each code gets its own */

    consent_regions_init(&rt, CONSENT_REGIME_OPT_IN);
    n = 0;

    for (a = 'A'; a <= 'Z'; a++) {
        for (b = 'A'; b <= 'Z'; b++) {
            c[0] = (u_char) a;
            c[1] = (u_char) b;

            if (consent_region_code_valid(c, 2) == CONSENT_OK) {
                i = (a * 31 + b) % (CONSENT_REGIME_MAX + 1);
                n += consent_regions_add(&rt, c, 2, (unsigned) i, NULL)
                     == CONSENT_OK;
            }
        }
    }

    is_int(n, 250, "all 250 codes set");

    n = 0;

    for (a = 'A'; a <= 'Z'; a++) {
        for (b = 'A'; b <= 'Z'; b++) {
            c[0] = (u_char) a;
            c[1] = (u_char) b;

            if (consent_region_code_valid(c, 2) == CONSENT_OK) {
                n += consent_regions_lookup(&rt, c, 2)
                     == (a * 31 + b) % (CONSENT_REGIME_MAX + 1);

            } else {
                n += consent_regions_lookup(&rt, c, 2)
                     == CONSENT_REGIME_OPT_IN;
            }
        }
    }

    is_int(n, 676, "every slot answers its own regime or the default");
}


static int
test_in(const u_char *codes, size_t len, const char *code)
{
    size_t  i;

    for (i = 0; i + 2 <= len; i += 2) {
        if (memcmp(codes + i, code, 2) == 0) {
            return 1;
        }
    }

    return 0;
}


static unsigned
test_lookup(const consent_regions_t *rt, const char *code)
{
    return consent_regions_lookup(rt, (const u_char *) code, strlen(code));
}
