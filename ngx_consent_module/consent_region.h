
/*
 * ngx_consent_module: countries, the EU and EEA groups, and the table that
 * gives each country its consent regime.
 *
 * The glue fills a consent_regions_t from the "consent_regime" directives
 * while the configuration is parsed; on the request path a lookup is one
 * index into a 676-byte array (26 x 26 two-letter codes), and for a
 * subdivision (ISO 3166-2, "CA-QC") a binary search of a sorted table.
 *
 * A rule is for every category or only for some (consent_cats_t bits).
 * For each category the most specific place with a rule covering it
 * decides: the subdivision, then the country named by its code, then a
 * group that contains the country, then "default", then the regime given
 * to consent_regions_init(); at one place a rule naming the category wins
 * over a rule for every category.
 */


#ifndef _CONSENT_REGION_H_INCLUDED_
#define _CONSENT_REGION_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_REGION_SLOTS    (26 * 26)

/* regimes are small numbers; these two are the ones the module names */

#define CONSENT_REGIME_OPT_IN   0
#define CONSENT_REGIME_OPT_OUT  1
#define CONSENT_REGIME_MAX      127       /* highest regime number allowed */

#define CONSENT_REGIME_UNSET    0xff      /* slot not set: the default */

#define CONSENT_REGION_MAX_SUBS 512       /* subdivisions named */
#define CONSENT_REGION_SUB_LEN  6         /* "CC-XXX" */


/*
 * regime[] is indexed by (first letter - 'A') * 26 + (second - 'A');
 * level[] remembers how a slot was set, so that a country named by its
 * code wins over a group that contains it, whatever their order.
 */

/*
 * Rules for some categories only (categories=): cover[] has the bits of the
 * categories they name, out[] those of the ones given opt-out.
 */

typedef struct {
    consent_cats_t   cover;
    consent_cats_t   out;
} consent_region_cats_t;


typedef struct {
    u_char                  code[CONSENT_REGION_SUB_LEN];
    u_char                  len;
    u_char                  regime;  /* for every category, or UNSET */
    consent_region_cats_t   cats;
} consent_region_sub_t;


typedef struct {
    u_char                  regime[CONSENT_REGION_SLOTS];
    u_char                  level[CONSENT_REGION_SLOTS];
    u_char                  dflt;
    u_char                  dflt_level;
    consent_region_cats_t   dflt_cats;
    consent_region_cats_t   group_cats[CONSENT_REGION_SLOTS];
    consent_region_cats_t   code_cats[CONSENT_REGION_SLOTS];
    size_t                  nsubs;
    consent_region_sub_t    subs[CONSENT_REGION_MAX_SUBS];   /* sorted */
} consent_regions_t;


/*
 * CONSENT_OK when p[0..len) is an ISO 3166-1 alpha-2 code officially
 * assigned today (249 of them), or XK (Kosovo, user-assigned, used by
 * MaxMind and other databases); CONSENT_EINVAL otherwise: lower case,
 * "UK" (the UK is GB), "EU", "ZZ", "--", anything not two letters.
 */

int consent_region_code_valid(const u_char *p, size_t len);

/*
 * CONSENT_OK when p[0..len) is shaped as an ISO 3166-2 subdivision code:
 * a valid country code (as above), "-", then 1 to 3 upper-case letters or
 * digits ("CA-QC", "US-CA", "GB-ENG", "FR-75C"); CONSENT_EINVAL otherwise.
 * Whether the subdivision exists is not checked: ISO 3166-2 changes
 * every year and a code no database gives is harmless.
 */

int consent_region_subdivision_valid(const u_char *p, size_t len);

/*
 * The members of group p[0..len) ("EU" or "EEA", upper case), as
 * concatenated two-letter codes in codes->data (static storage, sorted),
 * codes->len = 2 x their number: CONSENT_OK, or CONSENT_EINVAL for a name
 * that is not a group.
 *
 *   EU   the 27 member states (Greece is GR) and the EU territories with
 *        codes of their own: AX GF GP MF MQ RE YT (34 codes);
 *   EEA  the EU plus IS LI NO (37 codes).
 */

int consent_region_group(const u_char *p, size_t len, consent_str_t *codes);

/* every slot unset, the default regime dflt (not "set" by anyone yet) */

void consent_regions_init(consent_regions_t *rt, unsigned dflt);

/*
 * Gives regime to p[0..len): "default", a group name or a country code.
 * A country named by its code wins over any group that contains it,
 * whatever their order.  The same country (or "default") given two
 * different regimes at the same level (code and code, group and group) is
 * a conflict: CONSENT_REGION_ECONFLICT, with *conflict (when not NULL)
 * naming the first such country ("DE", static storage) or "default", and
 * the table unchanged.  The same regime twice is not a conflict.
 *
 * Returns CONSENT_OK, CONSENT_EINVAL for an unknown name (see
 * consent_region_code_valid()) or a regime above CONSENT_REGIME_MAX, or
 * CONSENT_REGION_ECONFLICT.
 */

#define CONSENT_REGION_ECONFLICT  -32   /* not known to consent_strerror():
                                           the glue words its own message */

int consent_regions_add(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime, consent_str_t *conflict);

/*
 * As consent_regions_add(), with subdivision codes as well, for the
 * categories cats only (0: every category, as consent_regions_add()).
 * A rule for some categories takes CONSENT_REGIME_OPT_IN or _OPT_OUT
 * only.  The same place and category given both regimes by such rules at
 * the same level is a conflict (a subdivision conflict names the
 * subdivision).  CONSENT_ETOOLONG when CONSENT_REGION_MAX_SUBS subdivisions
 * are already named.
 */

int consent_regions_add_cats(consent_regions_t *rt, const u_char *p,
    size_t len, unsigned regime, consent_cats_t cats,
    consent_str_t *conflict);

/*
 * The regime of country p[0..len) as a database gives it: two upper-case
 * ASCII letters that were set, else the default (empty, unknown, lower
 * case, any other length or byte).
 */

unsigned consent_regions_lookup(const consent_regions_t *rt, const u_char *p,
    size_t len);

/*
 * The categories whose regime is opt-out for a visitor of country
 * c[0..clen) (as consent_regions_lookup() reads it) and subdivision
 * s[0..slen) ("CA-QC", or empty): a bit for every category, optional or
 * not, that the caller masks.  A regime other than opt-out counts as
 * opt-in.
 */

consent_cats_t consent_regions_opt_out(const consent_regions_t *rt,
    const u_char *c, size_t clen, const u_char *s, size_t slen);

/* 1 when a rule names a subdivision */

#define consent_regions_subdivisions(rt)  ((rt)->nsubs != 0)


#endif /* _CONSENT_REGION_H_INCLUDED_ */
