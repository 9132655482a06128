
/*
 * ngx_consent_module: countries, groups and the country -> regime table.
 */


#include "consent_region.h"

#include <string.h>


#define CONSENT_REGION_LEVEL_GROUP  1
#define CONSENT_REGION_LEVEL_CODE   2


typedef struct {
    const char     *name;
    size_t          len;
    const u_char   *codes;
    size_t          ncodes;
} consent_region_group_t;


static int consent_region_slot(const u_char *p, size_t len);
static const u_char *consent_region_find(const u_char *p, size_t len);
static int consent_regions_set(consent_regions_t *rt, const u_char *codes,
    size_t n, unsigned regime, unsigned level, consent_str_t *conflict);


/*
 * ISO 3166-1 alpha-2, the 249 codes officially assigned (ISO 3166
 * Maintenance Agency, as in Debian's iso-codes 4.15), plus XK, sorted.
 */

static const u_char  consent_region_iso[] =
    "AD" "AE" "AF" "AG" "AI" "AL" "AM" "AO" "AQ" "AR" "AS" "AT" "AU" "AW" "AX"
    "AZ" "BA" "BB" "BD" "BE" "BF" "BG" "BH" "BI" "BJ" "BL" "BM" "BN" "BO" "BQ"
    "BR" "BS" "BT" "BV" "BW" "BY" "BZ" "CA" "CC" "CD" "CF" "CG" "CH" "CI" "CK"
    "CL" "CM" "CN" "CO" "CR" "CU" "CV" "CW" "CX" "CY" "CZ" "DE" "DJ" "DK" "DM"
    "DO" "DZ" "EC" "EE" "EG" "EH" "ER" "ES" "ET" "FI" "FJ" "FK" "FM" "FO" "FR"
    "GA" "GB" "GD" "GE" "GF" "GG" "GH" "GI" "GL" "GM" "GN" "GP" "GQ" "GR" "GS"
    "GT" "GU" "GW" "GY" "HK" "HM" "HN" "HR" "HT" "HU" "ID" "IE" "IL" "IM" "IN"
    "IO" "IQ" "IR" "IS" "IT" "JE" "JM" "JO" "JP" "KE" "KG" "KH" "KI" "KM" "KN"
    "KP" "KR" "KW" "KY" "KZ" "LA" "LB" "LC" "LI" "LK" "LR" "LS" "LT" "LU" "LV"
    "LY" "MA" "MC" "MD" "ME" "MF" "MG" "MH" "MK" "ML" "MM" "MN" "MO" "MP" "MQ"
    "MR" "MS" "MT" "MU" "MV" "MW" "MX" "MY" "MZ" "NA" "NC" "NE" "NF" "NG" "NI"
    "NL" "NO" "NP" "NR" "NU" "NZ" "OM" "PA" "PE" "PF" "PG" "PH" "PK" "PL" "PM"
    "PN" "PR" "PS" "PT" "PW" "PY" "QA" "RE" "RO" "RS" "RU" "RW" "SA" "SB" "SC"
    "SD" "SE" "SG" "SH" "SI" "SJ" "SK" "SL" "SM" "SN" "SO" "SR" "SS" "ST" "SV"
    "SX" "SY" "SZ" "TC" "TD" "TF" "TG" "TH" "TJ" "TK" "TL" "TM" "TN" "TO" "TR"
    "TT" "TV" "TW" "TZ" "UA" "UG" "UM" "US" "UY" "UZ" "VA" "VC" "VE" "VG" "VI"
    "VN" "VU" "WF" "WS" "XK" "YE" "YT" "ZA" "ZM" "ZW";

/* the 27 member states and the EU territories with codes of their own */

static const u_char  consent_region_eu[] =
    "AT" "AX" "BE" "BG" "CY" "CZ" "DE" "DK" "EE" "ES" "FI" "FR" "GF" "GP" "GR"
    "HR" "HU" "IE" "IT" "LT" "LU" "LV" "MF" "MQ" "MT" "NL" "PL" "PT" "RE" "RO"
    "SE" "SI" "SK" "YT";

/* the EU plus Iceland, Liechtenstein and Norway */

static const u_char  consent_region_eea[] =
    "AT" "AX" "BE" "BG" "CY" "CZ" "DE" "DK" "EE" "ES" "FI" "FR" "GF" "GP" "GR"
    "HR" "HU" "IE" "IS" "IT" "LI" "LT" "LU" "LV" "MF" "MQ" "MT" "NL" "NO" "PL"
    "PT" "RE" "RO" "SE" "SI" "SK" "YT";


static const consent_region_group_t  consent_region_groups[] = {
    { "EU", 2, consent_region_eu, (sizeof(consent_region_eu) - 1) / 2 },
    { "EEA", 3, consent_region_eea,
      (sizeof(consent_region_eea) - 1) / 2 },
};


int
consent_region_code_valid(const u_char *p, size_t len)
{
    return consent_region_find(p, len) ? CONSENT_OK : CONSENT_EINVAL;
}


int
consent_region_group(const u_char *p, size_t len, consent_str_t *codes)
{
    size_t                         i;
    const consent_region_group_t  *g;

    for (i = 0; i < sizeof(consent_region_groups)
                    / sizeof(consent_region_group_t); i++)
    {
        g = &consent_region_groups[i];

        if (g->len == len && memcmp(g->name, p, len) == 0) {
            codes->data = g->codes;
            codes->len = 2 * g->ncodes;
            return CONSENT_OK;
        }
    }

    codes->data = NULL;
    codes->len = 0;

    return CONSENT_EINVAL;
}


void
consent_regions_init(consent_regions_t *rt, unsigned dflt)
{
    memset(rt->regime, CONSENT_REGIME_UNSET, CONSENT_REGION_SLOTS);
    memset(rt->level, 0, CONSENT_REGION_SLOTS);

    rt->dflt = (u_char) (dflt <= CONSENT_REGIME_MAX ? dflt
                                                    : CONSENT_REGIME_OPT_IN);
    rt->dflt_level = 0;
}


int
consent_regions_add(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime, consent_str_t *conflict)
{
    const u_char   *code;
    consent_str_t   group;

    if (regime > CONSENT_REGIME_MAX) {
        return CONSENT_EINVAL;
    }

    if (len == sizeof("default") - 1
        && memcmp(p, "default", sizeof("default") - 1) == 0)
    {
        if (rt->dflt_level != 0 && rt->dflt != regime) {
            if (conflict) {
                conflict->data = (const u_char *) "default";
                conflict->len = sizeof("default") - 1;
            }

            return CONSENT_REGION_ECONFLICT;
        }

        rt->dflt = (u_char) regime;
        rt->dflt_level = CONSENT_REGION_LEVEL_CODE;

        return CONSENT_OK;
    }

    if (consent_region_group(p, len, &group) == CONSENT_OK) {
        return consent_regions_set(rt, group.data, group.len / 2, regime,
                                   CONSENT_REGION_LEVEL_GROUP, conflict);
    }

    code = consent_region_find(p, len);

    if (code == NULL) {
        return CONSENT_EINVAL;
    }

    return consent_regions_set(rt, code, 1, regime, CONSENT_REGION_LEVEL_CODE,
                               conflict);
}


unsigned
consent_regions_lookup(const consent_regions_t *rt, const u_char *p,
    size_t len)
{
    int     slot;
    u_char  r;

    slot = consent_region_slot(p, len);

    if (slot < 0) {
        return rt->dflt;
    }

    r = rt->regime[slot];

    return (r == CONSENT_REGIME_UNSET) ? rt->dflt : r;
}


static int
consent_region_slot(const u_char *p, size_t len)
{
    if (len != 2
        || p[0] < 'A' || p[0] > 'Z'
        || p[1] < 'A' || p[1] > 'Z')
    {
        return -1;
    }

    return (p[0] - 'A') * 26 + (p[1] - 'A');
}


/* the code's copy in consent_region_iso[], or NULL */

static const u_char *
consent_region_find(const u_char *p, size_t len)
{
    int     c;
    size_t  lo, hi, mid;

    if (consent_region_slot(p, len) < 0) {
        return NULL;
    }

    lo = 0;
    hi = (sizeof(consent_region_iso) - 1) / 2;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;

        c = memcmp(p, consent_region_iso + 2 * mid, 2);

        if (c == 0) {
            return consent_region_iso + 2 * mid;
        }

        if (c < 0) {
            hi = mid;

        } else {
            lo = mid + 1;
        }
    }

    return NULL;
}


static int
consent_regions_set(consent_regions_t *rt, const u_char *codes, size_t n,
    unsigned regime, unsigned level, consent_str_t *conflict)
{
    int     slot;
    size_t  i;

    /* first look for a conflict, so that a failed call changes nothing */

    for (i = 0; i < n; i++) {
        slot = consent_region_slot(codes + 2 * i, 2);

        if (rt->level[slot] == level && rt->regime[slot] != regime) {
            if (conflict) {
                conflict->data = codes + 2 * i;
                conflict->len = 2;
            }

            return CONSENT_REGION_ECONFLICT;
        }
    }

    for (i = 0; i < n; i++) {
        slot = consent_region_slot(codes + 2 * i, 2);

        if (rt->level[slot] > level) {
            continue;                 /* named by its code: that wins */
        }

        rt->regime[slot] = (u_char) regime;
        rt->level[slot] = (u_char) level;
    }

    return CONSENT_OK;
}
