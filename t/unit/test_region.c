
/*
 * Unit tests: consent_region.c (country codes, EU/EEA groups, the
 * country -> regime table).
 */


#include "tap.h"
#include "consent_region.h"

#include <stdio.h>
#include <stdlib.h>


#define S(s)  (const u_char *) (s), sizeof(s) - 1

#define ALL   ((consent_cats_t) -1)
#define AN    CONSENT_BIT(CONSENT_CAT_ANALYTICS)
#define MK    CONSENT_BIT(CONSENT_CAT_MARKETING)
#define PR    CONSENT_BIT(CONSENT_CAT_PREFERENCES)


static int test_in(const u_char *codes, size_t len, const char *code);
static unsigned test_lookup(const consent_regions_t *rt, const char *code);
static void test_codes(void);
static void test_groups(void);
static void test_defaults(void);
static void test_add(void);
static void test_precedence(void);
static void test_conflicts(void);
static void test_lookup_garbage(void);
static void test_subdivision_codes(void);
static void test_subdivisions(void);
static void test_categories(void);
static void test_category_conflicts(void);
static consent_cats_t test_out(const consent_regions_t *rt, const char *c,
    const char *s);


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
    test_subdivision_codes();
    test_subdivisions();
    test_categories();
    test_category_conflicts();

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


static void
test_subdivision_codes(void)
{
    size_t             i;
    static const char *good[] = {
        "CA-QC", "US-CA", "GB-ENG", "FR-75C", "DE-B", "XK-1", NULL
    };
    static const char *bad[] = {
        "CA-qc", "ca-QC", "CA-", "CA-QUEB", "UK-ENG", "ZZ-QC", "CAQC",
        "CA_QC", "CA--Q", "CA-Q-", "C-QC", "CA-QC ", "CA-\xc3\x89", "", "-QC",
        "EU-DE", NULL
    };

    for (i = 0; good[i]; i++) {
        is_int(consent_region_subdivision_valid((const u_char *) good[i],
                                                strlen(good[i])),
               CONSENT_OK, good[i]);
    }

    for (i = 0; bad[i]; i++) {
        is_int(consent_region_subdivision_valid((const u_char *) bad[i],
                                                strlen(bad[i])),
               CONSENT_EINVAL, bad[i]);
    }

    is_int(consent_region_code_valid(S("CA-QC")), CONSENT_EINVAL,
           "a subdivision is not a country code");
}


static void
test_subdivisions(void)
{
    char                buf[8], named[1000];
    size_t              i;
    consent_str_t       conflict;
    consent_regions_t  *rt;

    rt = malloc(sizeof(consent_regions_t));
    if (rt == NULL) {
        abort();
    }

    /* Quebec: opt-in there, opt-out in the rest of Canada */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add(rt, S("CA"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "add CA");
    is_int(consent_regions_add(rt, S("CA-QC"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "add CA-QC");
    ok(consent_regions_subdivisions(rt), "a subdivision is named");

    is_int(test_out(rt, "CA", "CA-QC"), 0, "CA-QC opt-in");
    is_int(test_out(rt, "CA", "CA-ON"), ALL, "CA-ON gets CA");
    is_int(test_out(rt, "CA", ""), ALL, "CA without subdivision");
    is_int(test_out(rt, "US", "CA-QC"), 0,
           "the subdivision decides whatever the country");
    is_int(test_lookup(rt, "CA"), CONSENT_REGIME_OPT_OUT,
           "lookup of the country unchanged");

    /* a subdivision beats its country, which beats a group and default */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add(rt, S("default"), CONSENT_REGIME_OPT_OUT,
                               NULL), CONSENT_OK, "default opt-out");
    is_int(consent_regions_add(rt, S("EEA"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "EEA opt-in");
    is_int(consent_regions_add(rt, S("DE-BY"), CONSENT_REGIME_OPT_OUT,
                               NULL), CONSENT_OK, "DE-BY opt-out");
    is_int(consent_regions_add(rt, S("FR"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "FR opt-out");
    is_int(consent_regions_add(rt, S("FR-IDF"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "FR-IDF opt-in");

    is_int(test_out(rt, "DE", "DE-BY"), ALL, "DE-BY beats EEA");
    is_int(test_out(rt, "DE", "DE-BE"), 0, "DE-BE gets EEA");
    is_int(test_out(rt, "FR", "FR-IDF"), 0, "FR-IDF beats FR");
    is_int(test_out(rt, "FR", "FR-ARA"), ALL, "FR-ARA gets FR");
    is_int(test_out(rt, "JP", "JP-13"), ALL, "JP-13 gets default");
    is_int(test_out(rt, "", ""), ALL, "unknown: default");

    /* conflicts */

    is_int(consent_regions_add(rt, S("FR-IDF"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "the same regime twice");
    is_int(consent_regions_add(rt, S("FR-IDF"), CONSENT_REGIME_OPT_OUT,
                               &conflict),
           CONSENT_REGION_ECONFLICT, "FR-IDF a second regime");
    ok(conflict.len == 6 && memcmp(conflict.data, "FR-IDF", 6) == 0,
       "the conflict names FR-IDF");
    is_int(test_out(rt, "FR", "FR-IDF"), 0, "FR-IDF unchanged");

    is_int(consent_regions_add(rt, S("FR-idf"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_EINVAL, "FR-idf refused");

    /* as many as the table holds, kept sorted */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    for (i = 0; i < CONSENT_REGION_MAX_SUBS; i++) {
        snprintf(buf, sizeof(buf), "US-%03u", (unsigned) (i * 7919 % 1000));

        if (consent_regions_add(rt, (u_char *) buf, 6,
                                (i * 7919 % 1000) & 1, NULL)
            != CONSENT_OK)
        {
            break;
        }
    }

    is_int(i, CONSENT_REGION_MAX_SUBS, "512 subdivisions");
    is_int(consent_regions_add(rt, S("CA-QC"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_ETOOLONG, "the 513th is refused");
    is_int(consent_regions_add(rt, S("US-000"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "one already there is fine");

    for (i = 1; i < rt->nsubs; i++) {
        if (memcmp(rt->subs[i - 1].code, rt->subs[i].code, 6) >= 0) {
            break;
        }
    }

    is_int(i, rt->nsubs, "the table is sorted");

    memset(named, 0, sizeof(named));

    for (i = 0; i < CONSENT_REGION_MAX_SUBS; i++) {
        named[i * 7919 % 1000] = 1;
    }

    for (i = 0; i < 1000; i++) {
        snprintf(buf, sizeof(buf), "US-%03u", (unsigned) i);

        if (test_out(rt, "US", buf) != ((named[i] && (i & 1)) ? ALL : 0)) {
            break;
        }
    }

    is_int(i, 1000, "every subdivision answers its own regime, others US's");

    free(rt);
}


static void
test_categories(void)
{
    consent_regions_t  *rt;

    rt = malloc(sizeof(consent_regions_t));
    if (rt == NULL) {
        abort();
    }

    /* the UK under DUAA 2025 s.112: statistics exempt, marketing not */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add(rt, S("EEA"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "EEA opt-in");
    is_int(consent_regions_add(rt, S("GB"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "GB opt-in");
    is_int(consent_regions_add_cats(rt, S("GB"), CONSENT_REGIME_OPT_OUT, AN,
                                    NULL),
           CONSENT_OK, "GB analytics opt-out");

    is_int(test_out(rt, "GB", ""), AN, "GB: analytics only");
    is_int(test_out(rt, "GB", "GB-ENG"), AN, "GB-ENG: analytics only");
    is_int(test_out(rt, "DE", ""), 0, "DE: nothing");

    /* the order does not matter */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add_cats(rt, S("GB"), CONSENT_REGIME_OPT_OUT, AN,
                                    NULL), CONSENT_OK, "analytics first");
    is_int(consent_regions_add_cats(rt, S("GB"), CONSENT_REGIME_OPT_IN,
                                    MK | PR, NULL),
           CONSENT_OK, "then the rest");
    is_int(test_out(rt, "GB", ""), AN, "GB: analytics only");

    /* the most specific place covering the category decides */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add_cats(rt, S("default"), CONSENT_REGIME_OPT_OUT,
                                    PR, NULL), CONSENT_OK, "default PR");
    is_int(consent_regions_add(rt, S("EU"), CONSENT_REGIME_OPT_OUT, NULL),
           CONSENT_OK, "EU opt-out");
    is_int(consent_regions_add_cats(rt, S("EU"), CONSENT_REGIME_OPT_IN, MK,
                                    NULL), CONSENT_OK, "EU MK opt-in");
    is_int(consent_regions_add_cats(rt, S("DE"), CONSENT_REGIME_OPT_IN, AN,
                                    NULL), CONSENT_OK, "DE AN opt-in");
    is_int(consent_regions_add(rt, S("FR"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "FR opt-in");
    is_int(consent_regions_add_cats(rt, S("FR-IDF"), CONSENT_REGIME_OPT_OUT,
                                    MK, NULL), CONSENT_OK, "FR-IDF MK");

    is_int(test_out(rt, "US", ""), PR, "US: default's PR");
    is_int(test_out(rt, "IT", ""), ALL & ~MK, "IT: EU, MK opt-in");
    is_int(test_out(rt, "DE", ""), ALL & ~MK & ~AN,
           "DE: its AN, then EU's");
    is_int(test_out(rt, "FR", ""), 0, "FR: its rule for all beats EU");
    is_int(test_out(rt, "FR", "FR-IDF"), MK, "FR-IDF: its MK, then FR");

    /* a subdivision's rule for all beats its country's category rule */

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add_cats(rt, S("CA"), CONSENT_REGIME_OPT_OUT, AN,
                                    NULL), CONSENT_OK, "CA AN");
    is_int(consent_regions_add(rt, S("CA-QC"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "CA-QC opt-in");
    is_int(test_out(rt, "CA", "CA-QC"), 0, "CA-QC: nothing");
    is_int(test_out(rt, "CA", "CA-ON"), AN, "CA-ON: CA's AN");

    /* only opt-in and opt-out take categories */

    is_int(consent_regions_add_cats(rt, S("CA"), 5, AN, NULL),
           CONSENT_EINVAL, "regime 5 with categories");
    is_int(consent_regions_add_cats(rt, S("ZZ"), CONSENT_REGIME_OPT_IN, AN,
                                    NULL), CONSENT_EINVAL, "ZZ");

    free(rt);
}


static void
test_category_conflicts(void)
{
    consent_str_t       conflict;
    consent_regions_t  *rt, *before;

    rt = malloc(sizeof(consent_regions_t));
    before = malloc(sizeof(consent_regions_t));
    if (rt == NULL || before == NULL) {
        abort();
    }

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    is_int(consent_regions_add_cats(rt, S("GB"), CONSENT_REGIME_OPT_OUT, AN,
                                    NULL), CONSENT_OK, "GB AN opt-out");
    is_int(consent_regions_add_cats(rt, S("GB"), CONSENT_REGIME_OPT_OUT,
                                    AN | PR, NULL), CONSENT_OK,
           "the same regime again");

    memcpy(before, rt, sizeof(consent_regions_t));

    is_int(consent_regions_add_cats(rt, S("GB"), CONSENT_REGIME_OPT_IN,
                                    MK | AN, &conflict),
           CONSENT_REGION_ECONFLICT, "GB AN both regimes");
    ok(conflict.len == 2 && memcmp(conflict.data, "GB", 2) == 0,
       "the conflict names GB");
    ok(memcmp(before, rt, sizeof(consent_regions_t)) == 0,
       "a conflict changes nothing");

    is_int(consent_regions_add(rt, S("GB"), CONSENT_REGIME_OPT_IN, NULL),
           CONSENT_OK, "a rule for all is not a conflict");

    is_int(consent_regions_add_cats(rt, S("EEA"), CONSENT_REGIME_OPT_OUT, MK,
                                    NULL), CONSENT_OK, "EEA MK opt-out");
    is_int(consent_regions_add_cats(rt, S("EU"), CONSENT_REGIME_OPT_IN, MK,
                                    &conflict),
           CONSENT_REGION_ECONFLICT, "EU MK against EEA MK");
    is_int(consent_regions_add_cats(rt, S("DE"), CONSENT_REGIME_OPT_IN, MK,
                                    NULL), CONSENT_OK,
           "DE MK against EEA: another level");

    is_int(consent_regions_add_cats(rt, S("default"), CONSENT_REGIME_OPT_IN,
                                    MK, NULL), CONSENT_OK, "default MK");
    is_int(consent_regions_add_cats(rt, S("default"), CONSENT_REGIME_OPT_OUT,
                                    MK, &conflict),
           CONSENT_REGION_ECONFLICT, "default MK both");
    ok(conflict.len == 7 && memcmp(conflict.data, "default", 7) == 0,
       "the conflict names default");

    is_int(consent_regions_add_cats(rt, S("US-CA"), CONSENT_REGIME_OPT_IN,
                                    MK, NULL), CONSENT_OK, "US-CA MK");
    is_int(consent_regions_add_cats(rt, S("US-CA"), CONSENT_REGIME_OPT_OUT,
                                    MK, &conflict),
           CONSENT_REGION_ECONFLICT, "US-CA MK both");
    ok(conflict.len == 5 && memcmp(conflict.data, "US-CA", 5) == 0,
       "the conflict names US-CA");

    free(rt);
    free(before);
}


static consent_cats_t
test_out(const consent_regions_t *rt, const char *c, const char *s)
{
    return consent_regions_opt_out(rt, (const u_char *) c, strlen(c),
                                   (const u_char *) s, strlen(s));
}
