
/*
 * ngx_consent_module: probing a country database and looking up countries.
 */


#include "consent_mmdb.h"
#include "consent_region.h"

#include <string.h>
#include <netinet/in.h>


#define CONSENT_MMDB_PROBE_NODES    8192
#define CONSENT_MMDB_PROBE_ENTRIES  64
#define CONSENT_MMDB_PROBE_DEPTH    272


static const char *consent_mmdb_probe_entry(MMDB_entry_s *entry,
    unsigned *official, unsigned *code);
static int consent_mmdb_country(MMDB_entry_s *entry, unsigned layout,
    u_char *country);
static int consent_mmdb_value(MMDB_entry_s *entry, const char *const *path,
    u_char *country);
static void consent_mmdb_sub(MMDB_entry_s *entry, consent_mmdb_slot_t *slot);


static const char *const  consent_mmdb_path_country[] =
    { "country", "iso_code", NULL };
static const char *const  consent_mmdb_path_registered[] =
    { "registered_country", "iso_code", NULL };
static const char *const  consent_mmdb_path_code[] =
    { "country_code", NULL };
static const char *const  consent_mmdb_path_sub[] =
    { "subdivisions", "0", "iso_code", NULL };


/*
 * Walks the start of the search tree depth first, left before right, and
 * reads the records found there; then a few lookups.
 */

const char *
consent_mmdb_probe(consent_mmdb_t *db)
{
    int                  status;
    u_char               country[2];
    size_t               i;
    uint8_t              type;
    uint32_t             stack[CONSENT_MMDB_PROBE_DEPTH];
    uint64_t             record;
    unsigned             n, k, nodes, entries, official, code;
    const char          *reason;
    consent_ip_t         ip;
    MMDB_entry_s        *entry;
    MMDB_search_node_s   node;

    static const char   *probes[] = {
        "81.2.69.160", "8.8.8.8", "1.1.1.1", "2001:4860:4860::8888",
        "::ffff:46.4.1.1", "2a02:cf40::1"
    };

    if (db->mmdb.metadata.database_type == NULL
        || db->mmdb.metadata.database_type[0] == '\0')
    {
        return "its metadata have no database_type";
    }

    n = 0;
    stack[n++] = 0;
    nodes = 0;
    entries = 0;
    official = 0;
    code = 0;

    while (n > 0
           && nodes < CONSENT_MMDB_PROBE_NODES
           && entries < CONSENT_MMDB_PROBE_ENTRIES)
    {
        status = MMDB_read_node(&db->mmdb, stack[--n], &node);
        nodes++;

        if (status != MMDB_SUCCESS) {
            return MMDB_strerror(status);
        }

        /* the right record first, so that the left one is popped first */

        for (k = 0; k < 2; k++) {
            if (k == 0) {
                type = node.right_record_type;
                record = node.right_record;
                entry = &node.right_record_entry;

            } else {
                type = node.left_record_type;
                record = node.left_record;
                entry = &node.left_record_entry;
            }

            switch (type) {

            case MMDB_RECORD_TYPE_SEARCH_NODE:
                if (n < CONSENT_MMDB_PROBE_DEPTH) {
                    stack[n++] = (uint32_t) record;
                }
                break;

            case MMDB_RECORD_TYPE_EMPTY:
                break;

            case MMDB_RECORD_TYPE_DATA:
                entries++;

                reason = consent_mmdb_probe_entry(entry, &official, &code);
                if (reason) {
                    return reason;
                }

                break;

            default:
                return "its search tree is corrupt";
            }
        }
    }

    if (official == 0 && code == 0) {
        return "no record names a country (no \"country.iso_code\", "
               "\"registered_country.iso_code\" or \"country_code\")";
    }

    db->layout = official ? CONSENT_MMDB_OFFICIAL : CONSENT_MMDB_CODE;

    for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        if (consent_ip_parse((const u_char *) probes[i], strlen(probes[i]),
                             &ip)
            != CONSENT_OK)
        {
            continue;
        }

        if (consent_mmdb_lookup(db, &ip, country) == CONSENT_EINVAL) {
            return "a probe lookup failed";
        }
    }

    return NULL;
}


static const char *
consent_mmdb_probe_entry(MMDB_entry_s *entry, unsigned *official,
    unsigned *code)
{
    int                 status, rc;
    u_char              country[2];
    unsigned            i;
    MMDB_entry_data_s   data;

    static const char *const  root[] = { NULL };
    static const char *const  maps[][2] = {
        { "country", NULL }, { "registered_country", NULL }
    };

    status = MMDB_aget_value(entry, &data, root);

    if (status != MMDB_SUCCESS) {
        return MMDB_strerror(status);
    }

    if (!data.has_data || data.type != MMDB_DATA_TYPE_MAP) {
        return "a record is not a map";
    }

    for (i = 0; i < 2; i++) {
        status = MMDB_aget_value(entry, &data, maps[i]);

        if (status == MMDB_SUCCESS && data.has_data
            && data.type != MMDB_DATA_TYPE_MAP)
        {
            return "a record's \"country\" or \"registered_country\" "
                   "is not a map";
        }
    }

    rc = consent_mmdb_country(entry, CONSENT_MMDB_OFFICIAL, country);

    if (rc == CONSENT_EINVAL) {
        return "a record has a country \"iso_code\" that is not a "
               "two-letter UTF-8 string";
    }

    if (rc == CONSENT_OK) {
        (*official)++;
    }

    rc = consent_mmdb_country(entry, CONSENT_MMDB_CODE, country);

    if (rc == CONSENT_EINVAL) {
        return "a record has a \"country_code\" that is not a two-letter "
               "UTF-8 string";
    }

    if (rc == CONSENT_OK) {
        (*code)++;
    }

    return NULL;
}


int
consent_mmdb_lookup(consent_mmdb_t *db, const consent_ip_t *ip,
    u_char *country)
{
    return consent_mmdb_lookup_sub(db, ip, country, NULL, NULL);
}


int
consent_mmdb_lookup_sub(consent_mmdb_t *db, const consent_ip_t *ip,
    u_char *country, u_char *sub, size_t *sub_len)
{
    int                    rc, mmdb_error;
    struct sockaddr_in     sin;
    struct sockaddr_in6    sin6;
    struct sockaddr       *sa;
    consent_mmdb_slot_t   *slot;
    MMDB_lookup_result_s   res;

    if (sub_len) {
        *sub_len = 0;
    }

    if (ip->family == CONSENT_IP_V4) {
        memset(&sin, 0, sizeof(struct sockaddr_in));
        sin.sin_family = AF_INET;
        memcpy(&sin.sin_addr, ip->addr, 4);
        sa = (struct sockaddr *) &sin;

    } else if (ip->family == CONSENT_IP_V6) {
        memset(&sin6, 0, sizeof(struct sockaddr_in6));
        sin6.sin6_family = AF_INET6;
        memcpy(&sin6.sin6_addr, ip->addr, 16);
        sa = (struct sockaddr *) &sin6;

    } else {
        return CONSENT_EMPTY;
    }

    mmdb_error = MMDB_SUCCESS;

    res = MMDB_lookup_sockaddr(&db->mmdb, sa, &mmdb_error);

    if (mmdb_error == MMDB_IPV6_LOOKUP_IN_IPV4_DATABASE_ERROR) {
        return CONSENT_EMPTY;
    }

    if (mmdb_error != MMDB_SUCCESS) {
        return CONSENT_EINVAL;
    }

    if (!res.found_entry) {
        return CONSENT_EMPTY;
    }

    slot = &db->cache[(res.entry.offset * 2654435761U >> 16)
                      & (CONSENT_MMDB_CACHE - 1)];

    /* a corrupt tree can give any offset, 0xffffffff included */

    if (!slot->used || slot->offset != res.entry.offset) {

        rc = consent_mmdb_country(&res.entry, db->layout, slot->country);

        /* a code that names no country is no country */

        if (rc == CONSENT_OK
            && consent_region_code_valid(slot->country, 2) != CONSENT_OK)
        {
            rc = CONSENT_EMPTY;
        }

        slot->offset = res.entry.offset;
        slot->rc = (signed char) rc;
        slot->used = 1;
        slot->sub_read = 0;
        slot->sub_len = 0;
    }

    country[0] = slot->country[0];
    country[1] = slot->country[1];

    if (sub && slot->rc == CONSENT_OK && db->layout == CONSENT_MMDB_OFFICIAL) {

        if (!slot->sub_read) {
            consent_mmdb_sub(&res.entry, slot);
            slot->sub_read = 1;
        }

        memcpy(sub, slot->sub, slot->sub_len);
        *sub_len = slot->sub_len;
    }

    return slot->rc;
}


/*
 * subdivisions/0/iso_code, kept only when the country was read from
 * country/iso_code: a subdivision of the registered country is not where
 * the visitor is
 */

static void
consent_mmdb_sub(MMDB_entry_s *entry, consent_mmdb_slot_t *slot)
{
    int                 status;
    size_t              i;
    u_char              c[2];
    const u_char       *p;
    MMDB_entry_data_s   data;

    slot->sub_len = 0;

    if (consent_mmdb_value(entry, consent_mmdb_path_country, c) != CONSENT_OK
        || c[0] != slot->country[0] || c[1] != slot->country[1])
    {
        return;
    }

    status = MMDB_aget_value(entry, &data, consent_mmdb_path_sub);

    if (status != MMDB_SUCCESS || !data.has_data
        || data.type != MMDB_DATA_TYPE_UTF8_STRING
        || data.data_size == 0 || data.data_size > CONSENT_MMDB_SUB_LEN)
    {
        return;
    }

    p = (const u_char *) data.utf8_string;

    for (i = 0; i < data.data_size; i++) {
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9'))) {
            return;
        }
    }

    memcpy(slot->sub, p, data.data_size);
    slot->sub_len = (u_char) data.data_size;
}


static int
consent_mmdb_country(MMDB_entry_s *entry, unsigned layout, u_char *country)
{
    int  rc;

    if (layout == CONSENT_MMDB_CODE) {
        return consent_mmdb_value(entry, consent_mmdb_path_code, country);
    }

    rc = consent_mmdb_value(entry, consent_mmdb_path_country, country);

    if (rc != CONSENT_EMPTY) {
        return rc;
    }

    return consent_mmdb_value(entry, consent_mmdb_path_registered, country);
}


static int
consent_mmdb_value(MMDB_entry_s *entry, const char *const *path,
    u_char *country)
{
    int                  status;
    const u_char        *p;
    MMDB_entry_data_s    data;

    status = MMDB_aget_value(entry, &data, path);

    /* libmaxminddb says so for a key that is not there as well */

    if (status == MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR) {
        return CONSENT_EMPTY;
    }

    if (status != MMDB_SUCCESS) {
        return CONSENT_EINVAL;
    }

    if (!data.has_data) {
        return CONSENT_EMPTY;
    }

    if (data.type != MMDB_DATA_TYPE_UTF8_STRING || data.data_size != 2) {
        return CONSENT_EINVAL;
    }

    p = (const u_char *) data.utf8_string;

    if (p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z') {
        return CONSENT_EINVAL;
    }

    country[0] = p[0];
    country[1] = p[1];

    return CONSENT_OK;
}
