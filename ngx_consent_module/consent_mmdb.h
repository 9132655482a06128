
/*
 * ngx_consent_module: a country database opened by libmaxminddb, probed
 * before it is used, and the country of an address looked up in it.
 *
 * The glue opens the file (a sealed snapshot of it) with MMDB_open() into
 * consent_mmdb_t.mmdb, calls consent_mmdb_probe() once, and then
 * consent_mmdb_lookup() per request.  Nothing here reads a file, allocates
 * or logs, so that a fuzzer can feed it any bytes libmaxminddb accepts.
 */


#ifndef _CONSENT_MMDB_H_INCLUDED_
#define _CONSENT_MMDB_H_INCLUDED_


#include "consent_core.h"
#include "consent_ip.h"

#include <maxminddb.h>


#define CONSENT_MMDB_OFFICIAL   0     /* country.iso_code (GeoLite2) */
#define CONSENT_MMDB_CODE       1     /* country_code (DB-IP lite) */

#define CONSENT_MMDB_CACHE      1024  /* records, a power of 2 */


/*
 * What a data record says, remembered by its offset: a country database
 * has a few hundred distinct records for millions of networks, so the map
 * walks of MMDB_aget_value() are done once per record, not per lookup.
 */

#define CONSENT_MMDB_SUB_LEN    3     /* "QC" of CA-QC, "ENG" of GB-ENG */


typedef struct {
    uint32_t       offset;           /* of the record */
    signed char    rc;               /* what consent_mmdb_lookup() returns */
    u_char         used;
    u_char         country[2];
    u_char         sub_read;         /* sub[] was read from the record */
    u_char         sub_len;          /* 0: no subdivision */
    u_char         sub[CONSENT_MMDB_SUB_LEN];
} consent_mmdb_slot_t;


typedef struct {
    MMDB_s               mmdb;
    unsigned             layout;     /* CONSENT_MMDB_OFFICIAL or _CODE */
    consent_mmdb_slot_t  cache[CONSENT_MMDB_CACHE];
} consent_mmdb_t;


/*
 * Checks an opened database before it is used: it must name its type,
 * the records found in the first nodes of its search tree must be maps
 * whose country values are two-letter upper-case strings, at least one
 * must name a country (which decides the layout), and a few lookups must
 * work.  Returns NULL, or the reason it is unusable.  db->cache must be
 * zeroed before the first call.
 */

const char *consent_mmdb_probe(consent_mmdb_t *db);

/*
 * The country of an address: CONSENT_OK with the code in country[0..1];
 * CONSENT_EMPTY when the database has no country for it (an IPv6 address
 * in an IPv4 database included, and a code that names no country);
 * CONSENT_EINVAL when the database failed (a corrupt tree or record).
 */

int consent_mmdb_lookup(consent_mmdb_t *db, const consent_ip_t *ip,
    u_char *country);

/*
 * The same, and when sub is not NULL the first subdivision of the country
 * as a City database gives it (subdivisions/0/iso_code, 1 to 3 upper-case
 * letters or digits) in sub[0..*sub_len), *sub_len = 0 when there is none:
 * a country database, a record with no subdivisions, a country read from
 * registered_country, a code of another shape.  The subdivision is read
 * from the record only when asked for, once per cached record.
 */

int consent_mmdb_lookup_sub(consent_mmdb_t *db, const consent_ip_t *ip,
    u_char *country, u_char *sub, size_t *sub_len);


#endif /* _CONSENT_MMDB_H_INCLUDED_ */
