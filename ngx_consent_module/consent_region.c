
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
static int consent_regions_set_cats(consent_regions_t *rt,
    const u_char *codes, size_t n, unsigned regime, consent_cats_t cats,
    unsigned level, consent_str_t *conflict);
static int consent_regions_add_sub(consent_regions_t *rt, const u_char *p,
    size_t len, unsigned regime, consent_cats_t cats,
    consent_str_t *conflict);
static consent_region_sub_t *consent_regions_find_sub(
    const consent_regions_t *rt, const u_char *p, size_t len, size_t *at);
static int consent_region_cats_conflict(const consent_region_cats_t *rc,
    unsigned regime, consent_cats_t cats);
static void consent_region_cats_add(consent_region_cats_t *rc,
    unsigned regime, consent_cats_t cats);


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
consent_region_subdivision_valid(const u_char *p, size_t len)
{
    size_t  i;

    if (len < 4 || len > CONSENT_REGION_SUB_LEN || p[2] != '-'
        || consent_region_find(p, 2) == NULL)
    {
        return CONSENT_EINVAL;
    }

    for (i = 3; i < len; i++) {
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9'))) {
            return CONSENT_EINVAL;
        }
    }

    return CONSENT_OK;
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

    memset(&rt->dflt_cats, 0, sizeof(consent_region_cats_t));
    memset(rt->group_cats, 0, sizeof(rt->group_cats));
    memset(rt->code_cats, 0, sizeof(rt->code_cats));

    rt->nsubs = 0;
    memset(rt->subs, 0, sizeof(rt->subs));
}


int
consent_regions_add(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime, consent_str_t *conflict)
{
    return consent_regions_add_cats(rt, p, len, regime, 0, conflict);
}


int
consent_regions_add_cats(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime, consent_cats_t cats, consent_str_t *conflict)
{
    const u_char   *code;
    consent_str_t   group;

    if (regime > CONSENT_REGIME_MAX
        || (cats != 0 && regime != CONSENT_REGIME_OPT_IN
            && regime != CONSENT_REGIME_OPT_OUT))
    {
        return CONSENT_EINVAL;
    }

    if (consent_region_subdivision_valid(p, len) == CONSENT_OK) {
        return consent_regions_add_sub(rt, p, len, regime, cats, conflict);
    }

    if (len == sizeof("default") - 1
        && memcmp(p, "default", sizeof("default") - 1) == 0)
    {
        if (cats != 0) {
            if (consent_region_cats_conflict(&rt->dflt_cats, regime, cats)) {
                if (conflict) {
                    conflict->data = (const u_char *) "default";
                    conflict->len = sizeof("default") - 1;
                }

                return CONSENT_REGION_ECONFLICT;
            }

            consent_region_cats_add(&rt->dflt_cats, regime, cats);

            return CONSENT_OK;
        }

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

        if (cats != 0) {
            return consent_regions_set_cats(rt, group.data, group.len / 2,
                                            regime, cats,
                                            CONSENT_REGION_LEVEL_GROUP,
                                            conflict);
        }

        return consent_regions_set(rt, group.data, group.len / 2, regime,
                                   CONSENT_REGION_LEVEL_GROUP, conflict);
    }

    code = consent_region_find(p, len);

    if (code == NULL) {
        return CONSENT_EINVAL;
    }

    if (cats != 0) {
        return consent_regions_set_cats(rt, code, 1, regime, cats,
                                        CONSENT_REGION_LEVEL_CODE, conflict);
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


/*
 * Each category goes down the places, most specific first, until one has a
 * rule covering it: at each place, the rules naming categories, then the
 * rule for every category.
 */

consent_cats_t
consent_regions_opt_out(const consent_regions_t *rt, const u_char *c,
    size_t clen, const u_char *s, size_t slen)
{
    int                          slot;
    u_char                       r;
    consent_cats_t               left, out;
    const consent_region_sub_t  *sub;

    left = (consent_cats_t) -1;
    out = 0;

    sub = NULL;

    if (slen != 0) {
        sub = consent_regions_find_sub(rt, s, slen, NULL);
    }

    if (sub) {
        out |= sub->cats.out;
        left &= ~sub->cats.cover;

        if (sub->regime != CONSENT_REGIME_UNSET) {
            return out | ((sub->regime == CONSENT_REGIME_OPT_OUT) ? left : 0);
        }
    }

    slot = consent_region_slot(c, clen);

    if (slot >= 0) {
        out |= rt->code_cats[slot].out & left;
        left &= ~rt->code_cats[slot].cover;

        r = rt->regime[slot];

        if (r != CONSENT_REGIME_UNSET
            && rt->level[slot] == CONSENT_REGION_LEVEL_CODE)
        {
            return out | ((r == CONSENT_REGIME_OPT_OUT) ? left : 0);
        }

        out |= rt->group_cats[slot].out & left;
        left &= ~rt->group_cats[slot].cover;

        if (r != CONSENT_REGIME_UNSET) {
            return out | ((r == CONSENT_REGIME_OPT_OUT) ? left : 0);
        }
    }

    out |= rt->dflt_cats.out & left;
    left &= ~rt->dflt_cats.cover;

    return out | ((rt->dflt == CONSENT_REGIME_OPT_OUT) ? left : 0);
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


static int
consent_regions_set_cats(consent_regions_t *rt, const u_char *codes,
    size_t n, unsigned regime, consent_cats_t cats, unsigned level,
    consent_str_t *conflict)
{
    int                     slot;
    size_t                  i;
    consent_region_cats_t  *table;

    table = (level == CONSENT_REGION_LEVEL_CODE) ? rt->code_cats
                                                 : rt->group_cats;

    for (i = 0; i < n; i++) {
        slot = consent_region_slot(codes + 2 * i, 2);

        if (consent_region_cats_conflict(&table[slot], regime, cats)) {
            if (conflict) {
                conflict->data = codes + 2 * i;
                conflict->len = 2;
            }

            return CONSENT_REGION_ECONFLICT;
        }
    }

    for (i = 0; i < n; i++) {
        slot = consent_region_slot(codes + 2 * i, 2);
        consent_region_cats_add(&table[slot], regime, cats);
    }

    return CONSENT_OK;
}


static int
consent_regions_add_sub(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime, consent_cats_t cats, consent_str_t *conflict)
{
    size_t                 at;
    consent_region_sub_t  *sub;

    sub = consent_regions_find_sub(rt, p, len, &at);

    if (sub == NULL) {
        if (rt->nsubs == CONSENT_REGION_MAX_SUBS) {
            return CONSENT_ETOOLONG;
        }

        memmove(&rt->subs[at + 1], &rt->subs[at],
                (rt->nsubs - at) * sizeof(consent_region_sub_t));
        rt->nsubs++;

        sub = &rt->subs[at];
        memset(sub, 0, sizeof(consent_region_sub_t));
        memcpy(sub->code, p, len);
        sub->len = (u_char) len;
        sub->regime = CONSENT_REGIME_UNSET;
    }

    if (cats == 0) {
        if (sub->regime != CONSENT_REGIME_UNSET && sub->regime != regime) {
            goto conflict;
        }

        sub->regime = (u_char) regime;
        return CONSENT_OK;
    }

    if (consent_region_cats_conflict(&sub->cats, regime, cats)) {
        goto conflict;
    }

    consent_region_cats_add(&sub->cats, regime, cats);

    return CONSENT_OK;

conflict:

    if (conflict) {
        conflict->data = sub->code;
        conflict->len = sub->len;
    }

    return CONSENT_REGION_ECONFLICT;
}


/* the subdivision p[0..len), or NULL with *at where it would go */

static consent_region_sub_t *
consent_regions_find_sub(const consent_regions_t *rt, const u_char *p,
    size_t len, size_t *at)
{
    int                          c;
    size_t                       lo, hi, mid, n;
    const consent_region_sub_t  *sub;

    lo = 0;
    hi = rt->nsubs;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        sub = &rt->subs[mid];

        n = (len < sub->len) ? len : sub->len;

        c = memcmp(p, sub->code, n);

        if (c == 0) {
            c = (len > sub->len) - (len < sub->len);
        }

        if (c == 0) {
            return (consent_region_sub_t *) sub;
        }

        if (c < 0) {
            hi = mid;

        } else {
            lo = mid + 1;
        }
    }

    if (at) {
        *at = lo;
    }

    return NULL;
}


static int
consent_region_cats_conflict(const consent_region_cats_t *rc, unsigned regime,
    consent_cats_t cats)
{
    consent_cats_t  both;

    both = rc->cover & cats;

    if (regime == CONSENT_REGIME_OPT_OUT) {
        return (both & ~rc->out) != 0;
    }

    return (both & rc->out) != 0;
}


static void
consent_region_cats_add(consent_region_cats_t *rc, unsigned regime,
    consent_cats_t cats)
{
    rc->cover |= cats;

    if (regime == CONSENT_REGIME_OPT_OUT) {
        rc->out |= cats;
    }
}
