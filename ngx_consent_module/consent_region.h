
/*
 * ngx_consent_module: countries, the EU and EEA groups, and the table that
 * gives each country its consent regime.
 *
 * The glue fills a consent_regions_t from the "consent_regime" directives
 * while the configuration is parsed; on the request path a lookup is one
 * index into a 676-byte array (26 x 26 two-letter codes).
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


/*
 * regime[] is indexed by (first letter - 'A') * 26 + (second - 'A');
 * level[] remembers how a slot was set, so that a country named by its
 * code wins over a group that contains it, whatever their order.
 */

typedef struct {
    u_char   regime[CONSENT_REGION_SLOTS];
    u_char   level[CONSENT_REGION_SLOTS];
    u_char   dflt;
    u_char   dflt_level;
} consent_regions_t;


/*
 * CONSENT_OK when p[0..len) is an ISO 3166-1 alpha-2 code officially
 * assigned today (249 of them), or XK (Kosovo, user-assigned, used by
 * MaxMind and other databases); CONSENT_EINVAL otherwise: lower case,
 * "UK" (the UK is GB), "EU", "ZZ", "--", anything not two letters.
 */

int consent_region_code_valid(const u_char *p, size_t len);

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
 * The regime of country p[0..len) as a database gives it: two upper-case
 * ASCII letters that were set, else the default (empty, unknown, lower
 * case, any other length or byte).
 */

unsigned consent_regions_lookup(const consent_regions_t *rt, const u_char *p,
    size_t len);


#endif /* _CONSENT_REGION_H_INCLUDED_ */
