
/*
 * Unit tests: consent_mmdb.c (probing a country database, looking up
 * countries, the record cache), over the databases geoip/mkdb.pl makes,
 * as committed in fuzz/corpus/mmdb/ with what the fuzzer found.  Run from
 * the repository's root.
 */


#include "tap.h"
#include "consent_mmdb.h"
#include "consent_region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#define TEST_DIR  "fuzz/corpus/mmdb/"


typedef struct {
    const char  *addr;
    int          rc;
    const char  *country;
} test_lookup_t;


static int test_open(const char *name, consent_mmdb_t **dbp,
    const char **reason);
static void test_close(consent_mmdb_t *db);
static void test_lookups(const char *name, const test_lookup_t *t, size_t n);
static void test_good(void);
static void test_refused(void);
static void test_corrupt(void);
static void test_cache(void);
static void test_city(void);
static uint64_t test_rand(void);


static uint64_t  test_seed = 0x2545f4914f6cdd1dULL;


static const test_lookup_t  test_official[] = {
    { "81.2.69.160",      CONSENT_OK,    "GB" },
    { "46.4.1.1",         CONSENT_OK,    "DE" },
    { "90.0.1.1",         CONSENT_OK,    "FR" },
    { "8.8.8.8",          CONSENT_OK,    "US" },
    { "200.160.1.1",      CONSENT_OK,    "BR" },
    { "102.35.1.1",       CONSENT_OK,    "RE" },
    { "80.231.0.1",       CONSENT_OK,    "CH" },  /* country beats registered */
    { "185.0.0.1",        CONSENT_OK,    "IT" },  /* registered only */
    { "196.0.0.1",        CONSENT_EMPTY, NULL },  /* continent only */
    { "10.0.0.1",         CONSENT_EMPTY, NULL },
    { "0.0.0.0",          CONSENT_EMPTY, NULL },
    { "255.255.255.255",  CONSENT_EMPTY, NULL },
    { "2001:db8:1::1",    CONSENT_OK,    "DE" },
    { "2001:db8:2::1",    CONSENT_OK,    "US" },
    { "2a02:cf40::1",     CONSENT_OK,    "NO" },
    { "2001:db8:3::1",    CONSENT_OK,    "SE" },
    { "2001:db8:4::1",    CONSENT_EMPTY, NULL },
    { "::ffff:46.4.1.1",  CONSENT_OK,    "DE" },
    { "::",               CONSENT_EMPTY, NULL },
};


static const test_lookup_t  test_official_b[] = {
    { "81.2.69.160",      CONSENT_OK,    "US" },
    { "46.4.1.1",         CONSENT_OK,    "FR" },
    { "185.0.0.1",        CONSENT_OK,    "ES" },
    { "196.0.0.1",        CONSENT_OK,    "US" },
    { "2001:db8:1::1",    CONSENT_OK,    "US" },
    { "2001:db8:3::1",    CONSENT_OK,    "FR" },
};


static const test_lookup_t  test_code[] = {
    { "81.2.69.160",      CONSENT_OK,    "GB" },
    { "185.0.0.1",        CONSENT_OK,    "IT" },
    { "196.0.0.1",        CONSENT_EMPTY, NULL },  /* "ZZ" names no country */
    { "2a02:cf40::1",     CONSENT_OK,    "NO" },
    { "2001:db8:4::1",    CONSENT_EMPTY, NULL },
};


static const test_lookup_t  test_ipv4only[] = {
    { "81.2.69.160",      CONSENT_OK,    "GB" },
    { "::ffff:81.2.69.1", CONSENT_OK,    "GB" },
    { "2001:db8:1::1",    CONSENT_EMPTY, NULL },  /* not an error */
    { "2a02:cf40::1",     CONSENT_EMPTY, NULL },
};


int
main(void)
{
    test_good();
    test_refused();
    test_corrupt();
    test_cache();
    test_city();

    return done_testing();
}


static void
test_good(void)
{
    int              rc;
    u_char           country[2];
    const char      *reason;
    consent_ip_t     ip;
    consent_mmdb_t  *db;

    test_lookups("official.mmdb", test_official,
                 sizeof(test_official) / sizeof(test_official[0]));
    test_lookups("official-b.mmdb", test_official_b,
                 sizeof(test_official_b) / sizeof(test_official_b[0]));
    test_lookups("country_code.mmdb", test_code,
                 sizeof(test_code) / sizeof(test_code[0]));
    test_lookups("ipv4only.mmdb", test_ipv4only,
                 sizeof(test_ipv4only) / sizeof(test_ipv4only[0]));

    test_open("official.mmdb", &db, &reason);
    ok(db && reason == NULL && db->layout == CONSENT_MMDB_OFFICIAL,
       "official.mmdb: country.iso_code layout");
    test_close(db);

    test_open("country_code.mmdb", &db, &reason);
    ok(db && reason == NULL && db->layout == CONSENT_MMDB_CODE,
       "country_code.mmdb: country_code layout");

    /* an address of no family is no country, and no lookup */

    memset(&ip, 0, sizeof(consent_ip_t));
    memcpy(country, "??", 2);

    rc = db ? consent_mmdb_lookup(db, &ip, country) : CONSENT_EINVAL;
    ok(rc == CONSENT_EMPTY && memcmp(country, "??", 2) == 0,
       "no address: CONSENT_EMPTY, country untouched");

    test_close(db);
}


/* databases libmaxminddb opens and the probe refuses, with the reason */

static void
test_refused(void)
{
    int              status;
    size_t           i;
    const char      *reason;
    consent_mmdb_t  *db;

    static const struct {
        const char  *name;
        const char  *reason;
    } t[] = {
        { "wrongtype.mmdb",    "no record names a country" },
        { "notmap.mmdb",       "a record is not a map" },
        { "badfields.mmdb",    "\"country\" or \"registered_country\" is "
                               "not a map" },

        /*
         * found by fuzz_mmdb: a search tree whose record points below the
         * data section gives the entry offset 0xffffffff, which the record
         * cache once took for its "free" mark and answered CONSENT_OK with
         * a country of two NUL bytes
         */
        { "offset-wraps.mmdb", "a probe lookup failed" },
    };

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        status = test_open(t[i].name, &db, &reason);

        ok(status == MMDB_SUCCESS && db == NULL && reason
           && strstr(reason, t[i].reason) != NULL,
           "%s: refused (%s)", t[i].name,
           reason ? reason : MMDB_strerror(status));
    }

    /* files libmaxminddb itself refuses */

    static const char  *bad[] = {
        "half.mmdb", "garbage.mmdb",

        /* found by fuzz_mmdb: libmaxminddb 1.7.1 leaks on this one */
        "invalid-data-leaks.mmdb",
    };

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        status = test_open(bad[i], &db, &reason);

        ok(status != MMDB_SUCCESS && db == NULL,
           "%s: MMDB_open() fails (%s)", bad[i], MMDB_strerror(status));
    }
}


/*
 * Every address of a corrupt database that the probe accepted: an answer
 * is CONSENT_OK only with a code that names a country.  The databases are
 * official.mmdb with one byte changed at a time in its search tree.
 */

static void
test_corrupt(void)
{
    int              rc;
    FILE            *f;
    char             path[64];
    u_char          *orig, *buf, country[2];
    size_t           size, off, k, accepted, bad;
    uint64_t         r[2];
    const char      *reason;
    consent_ip_t     ip;
    consent_mmdb_t  *db;

    f = fopen(TEST_DIR "official.mmdb", "rb");
    orig = malloc(65536);
    buf = malloc(65536);

    if (f == NULL || orig == NULL || buf == NULL) {
        abort();
    }

    size = fread(orig, 1, 65536, f);
    fclose(f);

    snprintf(path, sizeof(path), "/tmp/consent-test-mmdb-%ld.mmdb",
             (long) getpid());

    accepted = 0;
    bad = 0;

    for (off = 0; off < size && off < 1024; off += 7) {
        memcpy(buf, orig, size);
        buf[off] ^= (u_char) (test_rand() | 1);

        f = fopen(path, "wb");
        if (f == NULL || fwrite(buf, 1, size, f) != size || fclose(f) != 0) {
            abort();
        }

        if (test_open(path, &db, &reason) != MMDB_SUCCESS || db == NULL) {
            continue;
        }

        accepted++;

        for (k = 0; k < 256; k++) {
            memset(&ip, 0, sizeof(consent_ip_t));
            ip.family = (k & 1) ? CONSENT_IP_V6 : CONSENT_IP_V4;

            r[0] = test_rand();
            r[1] = test_rand();
            memcpy(ip.addr, r, consent_ip_len(&ip));

            rc = consent_mmdb_lookup(db, &ip, country);

            if ((rc == CONSENT_OK
                 && consent_region_code_valid(country, 2) != CONSENT_OK)
                || (rc != CONSENT_OK && rc != CONSENT_EMPTY
                    && rc != CONSENT_EINVAL))
            {
                bad++;
            }
        }

        test_close(db);
    }

    unlink(path);

    ok(accepted > 10, "corrupt trees: %zu of them pass the probe", accepted);
    ok(bad == 0, "corrupt trees: no answer without a valid country (%zu)",
       bad);

    free(orig);
    free(buf);
}


/* the record cache answers what a lookup without it answers */

static void
test_cache(void)
{
    int              rc1, rc2;
    u_char           c1[2], c2[2];
    size_t           k, n, same, hits;
    const char      *reason;
    consent_ip_t     ip;
    consent_mmdb_t  *db, *fresh;

    static const u_char  nets[][3] = {
        { 81, 2, 69 }, { 46, 4, 0 }, { 90, 0, 1 }, { 8, 8, 8 },
        { 200, 160, 3 }, { 133, 1, 0 }, { 62, 1, 9 }, { 194, 144, 7 },
        { 102, 35, 0 }, { 80, 231, 0 }, { 185, 0, 0 }, { 196, 0, 0 },
        { 10, 0, 0 }
    };

    test_open("official.mmdb", &db, &reason);
    test_open("official.mmdb", &fresh, &reason);

    if (db == NULL || fresh == NULL) {
        ok(0, "cache: official.mmdb opens");
        return;
    }

    same = 0;
    hits = 0;

    for (k = 0; k < 20000; k++) {
        memset(&ip, 0, sizeof(consent_ip_t));
        ip.family = CONSENT_IP_V4;

        /* within the test networks' first 16 bits, so that many are found */

        n = test_rand() % (sizeof(nets) / sizeof(nets[0]));

        ip.addr[0] = nets[n][0];
        ip.addr[1] = nets[n][1];
        ip.addr[2] = (k & 1) ? nets[n][2] : (u_char) test_rand();
        ip.addr[3] = (u_char) test_rand();

        rc1 = consent_mmdb_lookup(db, &ip, c1);

        memset(fresh->cache, 0, sizeof(fresh->cache));
        rc2 = consent_mmdb_lookup(fresh, &ip, c2);

        if (rc1 == rc2 && (rc1 != CONSENT_OK || memcmp(c1, c2, 2) == 0)) {
            same++;
        }

        hits += (rc1 == CONSENT_OK);
    }

    ok(same == 20000, "cache: 20000 lookups answer as without the cache");
    ok(hits > 10000, "cache: %zu of them found a country", hits);

    test_close(db);
    test_close(fresh);
}


static void
test_lookups(const char *name, const test_lookup_t *t, size_t n)
{
    int              rc, again;
    size_t           i;
    u_char           country[2];
    const char      *reason;
    consent_ip_t     ip;
    consent_mmdb_t  *db;

    test_open(name, &db, &reason);

    if (!ok(db != NULL, "%s: opens and passes the probe (%s)", name,
            reason ? reason : "ok"))
    {
        return;
    }

    for (i = 0; i < n; i++) {
        if (consent_ip_parse((const u_char *) t[i].addr, strlen(t[i].addr),
                             &ip)
            != CONSENT_OK)
        {
            abort();
        }

        /* twice: the second answer comes from the record cache */

        rc = consent_mmdb_lookup(db, &ip, country);
        is_int(rc, t[i].rc, t[i].addr);

        if (rc == CONSENT_OK && t[i].country) {
            is_str(country, 2, t[i].country, t[i].addr);
        }

        memset(country, 0, 2);
        again = consent_mmdb_lookup(db, &ip, country);

        ok(again == rc && (rc != CONSENT_OK
                           || memcmp(country, t[i].country, 2) == 0),
           "%s: %s again, from the cache", name, t[i].addr);
    }

    test_close(db);
}


/*
 * MMDB_open()'s status; *dbp is the database when it also passed the
 * probe, else NULL with the probe's reason in *reason.
 */

static int
test_open(const char *name, consent_mmdb_t **dbp, const char **reason)
{
    int              status;
    char             path[256];
    consent_mmdb_t  *db;

    *dbp = NULL;
    *reason = NULL;

    snprintf(path, sizeof(path), "%s%s", name[0] == '/' ? "" : TEST_DIR,
             name);

    db = calloc(1, sizeof(consent_mmdb_t));
    if (db == NULL) {
        abort();
    }

    status = MMDB_open(path, MMDB_MODE_MMAP, &db->mmdb);

    if (status != MMDB_SUCCESS) {
        free(db);
        return status;
    }

    *reason = consent_mmdb_probe(db);

    if (*reason) {
        test_close(db);
        return status;
    }

    *dbp = db;

    return status;
}


static void
test_close(consent_mmdb_t *db)
{
    if (db) {
        MMDB_close(&db->mmdb);
        free(db);
    }
}


static uint64_t
test_rand(void)
{
    test_seed ^= test_seed << 13;
    test_seed ^= test_seed >> 7;
    test_seed ^= test_seed << 17;

    return test_seed;
}


/* subdivisions of city.mmdb (geoip/mkdb.pl), and none in a country db */

static void
test_city(void)
{
    int              rc;
    size_t           i, len;
    u_char           country[2], sub[CONSENT_MMDB_SUB_LEN];
    const char      *reason;
    consent_ip_t     ip;
    consent_mmdb_t  *db;

    static const struct {
        const char  *addr;
        int          rc;
        const char  *country;
        const char  *sub;
    } t[] = {
        { "24.48.1.1", CONSENT_OK, "CA", "QC" },
        { "99.224.0.9", CONSENT_OK, "CA", "ON" },
        { "8.8.8.8", CONSENT_OK, "US", "CA" },
        { "81.2.69.160", CONSENT_OK, "GB", "ENG" },
        { "46.4.1.1", CONSENT_OK, "DE", "" },      /* no subdivisions */
        { "90.0.1.1", CONSENT_OK, "FR", "" },      /* iso_code "idf" */
        { "185.0.0.1", CONSENT_OK, "IT", "" },     /* registered only */
        { "10.0.0.1", CONSENT_EMPTY, "", "" },
        { "::ffff:24.48.1.1", CONSENT_OK, "CA", "QC" },
        { "2001:db8:5::1", CONSENT_OK, "CA", "QC" },
    };

    test_open("city.mmdb", &db, &reason);

    if (!ok(db != NULL, "city.mmdb: opens and passes the probe (%s)",
            reason ? reason : "ok"))
    {
        return;
    }

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (consent_ip_parse((const u_char *) t[i].addr, strlen(t[i].addr),
                             &ip)
            != CONSENT_OK)
        {
            abort();
        }

        /* the country first, then the subdivision from the cached record */

        rc = consent_mmdb_lookup(db, &ip, country);
        is_int(rc, t[i].rc, t[i].addr);

        len = 99;
        rc = consent_mmdb_lookup_sub(db, &ip, country, sub, &len);
        is_int(rc, t[i].rc, t[i].addr);

        if (rc == CONSENT_OK) {
            is_str(country, 2, t[i].country, t[i].addr);
        }

        is_str(sub, len, t[i].sub, t[i].addr);
    }

    test_close(db);

    test_open("official.mmdb", &db, &reason);

    if (db == NULL) {
        ok(0, "official.mmdb opens");
        return;
    }

    consent_ip_parse((const u_char *) "81.2.69.160", 11, &ip);

    len = 99;
    rc = consent_mmdb_lookup_sub(db, &ip, country, sub, &len);
    ok(rc == CONSENT_OK && len == 0 && memcmp(country, "GB", 2) == 0,
       "official.mmdb: GB, no subdivision");

    test_close(db);
}
