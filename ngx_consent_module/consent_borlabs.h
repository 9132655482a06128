
/*
 * ngx_consent_module: Borlabs Cookie (format=borlabs, cookie
 * "borlabs-cookie").
 *
 * encodeURIComponent(JSON.stringify(obj)), the granted services listed per
 * group in "consents".  Borlabs Cookie 2.x:
 *
 *   {"consents":{"essential":["borlabs-cookie"],
 *    "statistics":["google-analytics"]},"domainPath":"example.com/",
 *    "expires":"Sat, 18 Feb 2023 09:06:19 GMT",
 *    "uid":"mnep763s-rd6x72ar-cp4vilgp-78z4hijv","version":"2"}
 *
 * Borlabs Cookie 3.x writes the same keys, "version" as a number, "uid"
 * "anonymous" where it keeps no id, and "v3":true.  A group that the
 * visitor refused is absent from "consents".  Raw, unencoded JSON is read
 * too; '+' stays '+'.
 */


#ifndef _CONSENT_BORLABS_H_INCLUDED_
#define _CONSENT_BORLABS_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_BORLABS_ID_MAX      128
#define CONSENT_BORLABS_MAX_GROUPS  32


/*
 * p, len: the cookie value; scratch: at least len bytes for the decoded
 * value.  tokens: group and service names.  Bit i of res->granted is set
 * when tokens[i] is a key of "consents" whose array lists at least one
 * service (the group is granted), or a string in the array of any group
 * (the service is granted).
 *
 * res->revision: "version", a number or a string of 1 to 9 digits, else
 * the cookie is CONSENT_ETYPE; -1 without it.  res->id: "uid" (1 to 128
 * printable ASCII characters without escapes, and not "anonymous"), else
 * empty.  Borlabs stores no decision time ("expires" is the cookie's own
 * lifetime, which the browser keeps): res->timestamp stays -1.
 *
 * Invalid: a value other than an object (CONSENT_ETYPE), no "consents"
 * (CONSENT_EMISSING), "consents" not an object or a group not an array
 * (CONSENT_ETYPE), "consents", "uid" or "version" given twice, a group
 * given twice or written with escapes (CONSENT_EINVAL), more than
 * CONSENT_BORLABS_MAX_GROUPS groups (CONSENT_ETOOLONG).
 */

int consent_borlabs_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


#endif /* _CONSENT_BORLABS_H_INCLUDED_ */
