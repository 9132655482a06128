
/*
 * ngx_consent_module: CookieYes (format=cookieyes, cookie
 * "cookieyes-consent").
 *
 * A comma list of key:value pairs, as CookieYes's banner script writes it
 * (the pairs of its consent store joined with ',', not percent-encoded):
 *
 *   consentid:<base64>,consent:yes,action:yes,necessary:yes,
 *   functional:no,analytics:yes,performance:no,advertisement:no,other:no
 *
 * Every key but consentid is "yes", "no" or empty.  "action" is "yes"
 * once the visitor has acted on the banner and empty before; "consent"
 * means different things under the script's GDPR and CCPA banners and
 * grants nothing by itself; the other keys are the site's categories, by
 * their slugs (necessary, functional, analytics, performance,
 * advertisement, other, and any the site adds).  Newer scripts append
 * "lastRenewedDate:<ms>", the date of the banner's configuration, not of
 * the decision.  A value with '%' escapes is read decoded; '+' stays.
 */


#ifndef _CONSENT_COOKIEYES_H_INCLUDED_
#define _CONSENT_COOKIEYES_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_COOKIEYES_MAX_LEN    4096
#define CONSENT_COOKIEYES_MAX_PAIRS  32
#define CONSENT_COOKIEYES_ID_MAX     128


/*
 * p, len: the cookie value; scratch: at least len bytes for the decoded
 * value.  tokens: category slugs.  Bit i of res->granted is set when the
 * key tokens[i] has the value "yes" and "action" is "yes".
 *
 * Fail closed, CONSENT_EINVAL: a pair without ':' or with a second ':', an
 * empty key or pair (",,", a trailing ','), a byte outside 0x21 to 0x7e, a
 * key given twice (the script's store holds each key once: two copies
 * leave no telling which one the banner wrote), a value other than "yes",
 * "no" or empty for consent, action ("no" included: the script never
 * writes it) or one of the six built-in category slugs.  CONSENT_EMISSING:
 * no "consentid" or no "action" key, or an empty consentid once the
 * visitor has acted.  CONSENT_ETOOLONG: over 4096 bytes or 32 pairs.
 *
 * "action" empty: CONSENT_OK, res->undecided set and nothing granted (the
 * banner is still waiting, whatever the categories say; the script fills
 * them with the site's defaults before the visitor acts).  res->id:
 * consentid (1 to 128 printable ASCII characters, else none); no time, no
 * revision.
 */

int consent_cookieyes_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


#endif /* _CONSENT_COOKIEYES_H_INCLUDED_ */
