
/*
 * Fuzz target: a country database as the module opens it, from any bytes:
 * MMDB_open() of a memfd through /proc/self/fd (as the glue opens its
 * sealed snapshot), consent_mmdb_probe(), then consent_mmdb_lookup() and
 * consent_mmdb_lookup_sub() of the test networks' addresses and of
 * addresses taken from the input.
 *
 * Properties checked:
 *   - nothing crashes, reads out of bounds or loops, whatever the bytes;
 *   - a lookup returns CONSENT_OK, CONSENT_EMPTY or CONSENT_EINVAL, and
 *     CONSENT_OK only with a code that names a country;
 *   - a second lookup of the same address (from the record cache) gives
 *     the same answer, and so does one that also reads the subdivision,
 *     which is 0 to 3 upper-case letters or digits, the same twice;
 *   - a database the probe refuses gives a reason.
 */


#define _GNU_SOURCE

#include "consent_mmdb.h"
#include "consent_region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_lookup(consent_mmdb_t *db, const consent_ip_t *ip);


static const char  *fuzz_addrs[] = {
    "81.2.69.160", "46.4.1.1", "90.0.1.1", "8.8.8.8", "200.160.1.1",
    "133.1.1.1", "62.1.1.1", "194.144.1.1", "102.35.1.1", "80.231.0.1",
    "185.0.0.1", "196.0.0.1", "10.0.0.1", "0.0.0.0", "255.255.255.255",
    "2001:db8:1::1", "2001:db8:2::1", "2a02:cf40::1", "2001:db8:3::1",
    "2001:db8:4::1", "::ffff:46.4.1.1", "::", "ffff::ffff",
    "24.48.1.1", "99.224.1.1", "24.28.1.1", "51.148.1.1", "2001:db8:5::1"
};


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int              fd;
    char             path[64];
    size_t           i, off;
    const char      *reason;
    consent_ip_t     ip;
    consent_mmdb_t  *db;

    fd = memfd_create("fuzz-mmdb", MFD_CLOEXEC);
    if (fd == -1) {
        abort();
    }

    for (off = 0; off < size; off += (size_t) i) {
        i = (size_t) write(fd, data + off, size - off);

        if (i == (size_t) -1 || i == 0) {
            abort();
        }
    }

    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);

    db = calloc(1, sizeof(consent_mmdb_t));
    if (db == NULL) {
        abort();
    }

    if (MMDB_open(path, MMDB_MODE_MMAP, &db->mmdb) != MMDB_SUCCESS) {
        goto done;
    }

    reason = consent_mmdb_probe(db);

    if (reason != NULL) {
        if (reason[0] == '\0') {
            __builtin_trap();
        }

        MMDB_close(&db->mmdb);
        goto done;
    }

    for (i = 0; i < sizeof(fuzz_addrs) / sizeof(fuzz_addrs[0]); i++) {
        if (consent_ip_parse((const u_char *) fuzz_addrs[i],
                             strlen(fuzz_addrs[i]), &ip)
            != CONSENT_OK)
        {
            __builtin_trap();
        }

        fuzz_lookup(db, &ip);
    }

    /* addresses from the last bytes of the input: where a mutation is */

    for (off = size; off >= 16 && size - off < 16 * 8; off -= 16) {
        consent_ip_from_bytes(CONSENT_IP_V6, data + off - 16, &ip);
        fuzz_lookup(db, &ip);

        consent_ip_from_bytes(CONSENT_IP_V4, data + off - 4, &ip);
        fuzz_lookup(db, &ip);
    }

    MMDB_close(&db->mmdb);

done:

    free(db);
    close(fd);

    return 0;
}


static void
fuzz_lookup(consent_mmdb_t *db, const consent_ip_t *ip)
{
    int     rc, again;
    size_t  i, len, len2;
    u_char  country[2], country2[2], sub[CONSENT_MMDB_SUB_LEN],
            sub2[CONSENT_MMDB_SUB_LEN];

    rc = consent_mmdb_lookup(db, ip, country);

    if (rc != CONSENT_OK && rc != CONSENT_EMPTY && rc != CONSENT_EINVAL) {
        __builtin_trap();
    }

    if (rc == CONSENT_OK && consent_region_code_valid(country, 2)
                            != CONSENT_OK)
    {
        __builtin_trap();
    }

    again = consent_mmdb_lookup(db, ip, country2);

    if (again != rc
        || (rc == CONSENT_OK && memcmp(country, country2, 2) != 0))
    {
        __builtin_trap();
    }

    /*
     * the subdivision, read from the cached record: the same country, and
     * a code of 0 to 3 upper-case letters or digits, the same twice
     */

    len = 99;
    again = consent_mmdb_lookup_sub(db, ip, country2, sub, &len);

    if (again != rc
        || (rc == CONSENT_OK && memcmp(country, country2, 2) != 0)
        || len > CONSENT_MMDB_SUB_LEN
        || (rc != CONSENT_OK && len != 0))
    {
        __builtin_trap();
    }

    for (i = 0; i < len; i++) {
        if (!((sub[i] >= 'A' && sub[i] <= 'Z')
              || (sub[i] >= '0' && sub[i] <= '9')))
        {
            __builtin_trap();
        }
    }

    len2 = 99;
    again = consent_mmdb_lookup_sub(db, ip, country2, sub2, &len2);

    if (again != rc || len2 != len || memcmp(sub, sub2, len) != 0) {
        __builtin_trap();
    }
}
