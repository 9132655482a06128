
/*
 * ngx_consent_module: OneTrust (format=onetrust, cookie "OptanonConsent").
 *
 * A form-encoded query string ('+' is a space):
 *
 *   isGpcEnabled=0&datestamp=Tue+Jun+03+2025+12%3A00%3A00+GMT%2B0200+
 *   (Central+European+Summer+Time)&version=202209.1.0&consentId=7f3c...&
 *   interactionCount=1&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1&
 *   geolocation=AT%3B9&AwaitingReconsent=false
 *
 * "groups" is a comma list of ID:0 or ID:1.  Group ids are the tenant's
 * own (C0002, STACK42, BG57, 2); ids not in the token table are ignored.
 */


#ifndef _CONSENT_ONETRUST_H_INCLUDED_
#define _CONSENT_ONETRUST_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_ONETRUST_MAX_LEN  4096
#define CONSENT_ONETRUST_ID_MAX   128


/*
 * p, len: the cookie value; scratch: at least len bytes, keys and values
 * are decoded into it one by one after splitting on '&' and '='.  A bad
 * escape anywhere is CONSENT_EENCODING.  tokens: group ids.  Bit i of
 * res->granted is set when "groups" has tokens[i]:1 and never tokens[i]:0
 * (an id or the whole "groups" key given twice: the more restrictive
 * wins).  An item that is not ID:0 or ID:1 is CONSENT_EINVAL; empty items
 * are skipped; no "groups" at all is CONSENT_EMISSING.
 *
 * "interactionCount=0" means the visitor has not answered the banner and
 * the groups are OneTrust's defaults for its own geolocation rule:
 * CONSENT_OK with res->undecided set and nothing granted, so that the
 * module's own regime decides.
 *
 * res->timestamp: "datestamp" (JavaScript's Date.toString(), "Tue Jun 03
 * 2025 12:00:00 GMT+0200 (...)") in unix seconds, -1 if absent or in any
 * other form; res->id: "consentId" (1 to 128 printable ASCII characters,
 * else empty), pointing into scratch; res->revision: -1.
 */

int consent_onetrust_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);

/* Date.toString() to unix seconds, or -1 */

int64_t consent_onetrust_time(const u_char *p, size_t len);


#endif /* _CONSENT_ONETRUST_H_INCLUDED_ */
