
/*
 * ngx_consent_module: Complianz (format=complianz, a family of cookies
 * whose names share a prefix, "cmplz_" by default).
 *
 * Complianz's banner script writes one cookie per category, each "allow"
 * or "deny", and JSON.stringify() of its per-service choices, unencoded:
 *
 *   cmplz_functional=allow; cmplz_preferences=deny;
 *   cmplz_statistics=allow; cmplz_marketing=deny;
 *   cmplz_consented_services={"youtube":true,"google-maps":false}
 *
 * Its other cookies (cmplz_banner-status, cmplz_policy_id, cmplz_id,
 * cmplz_saved_categories, ...) say nothing about consent and are not part
 * of the family.
 *
 * The glue gathers the family from the request's Cookie headers and hands
 * the core the members as one value in the Cookie header's own syntax,
 * the prefix taken off each name:
 *
 *   statistics=allow; marketing=deny; consented_services={"youtube":true}
 */


#ifndef _CONSENT_COMPLIANZ_H_INCLUDED_
#define _CONSENT_COMPLIANZ_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_COMPLIANZ_MAX_LEN    8192
#define CONSENT_COMPLIANZ_MAX_PAIRS  40     /* 8 copies of each member */


/*
 * 1 if a cookie name without the prefix, p[0..len), is a member of the
 * family: functional, preferences, statistics, marketing or
 * consented_services.
 */

int consent_complianz_member(const u_char *p, size_t len);

/*
 * p, len: the family as above; scratch: at least len bytes, where a
 * consented_services with '%' escapes is decoded.  tokens: the category
 * names (functional, preferences, statistics, marketing), granted by
 * their cookies, and service names, granted by consented_services.
 *
 * A category is granted when its cookie says "allow" and, given more than
 * once, every copy does; an empty value counts as no cookie, as
 * Complianz reads it.  A service is granted when consented_services has
 * it with the value true, in every copy of the cookie (an empty
 * consented_services, which Complianz writes on "accept all", has none).
 *
 * No preferences, statistics or marketing cookie: CONSENT_OK,
 * res->undecided set and nothing granted (the visitor has not answered
 * the banner).  CONSENT_EINVAL: a category value other than "allow",
 * "deny" or empty, a name outside the family, consented_services that is
 * not a JSON object (CONSENT_ETYPE) or not JSON; CONSENT_EENCODING: a bad
 * escape in consented_services; CONSENT_ETOOLONG: over 8192 bytes or 40
 * pairs.  No id, time or revision.
 */

int consent_complianz_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


#endif /* _CONSENT_COMPLIANZ_H_INCLUDED_ */
