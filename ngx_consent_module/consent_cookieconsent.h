
/*
 * ngx_consent_module: orestbida/cookieconsent (format=cookieconsent,
 * cookie "cc_cookie").
 *
 * v3 writes encodeURIComponent(JSON.stringify(obj)):
 *
 *   {"categories":["necessary","analytics"],"revision":0,"data":null,
 *    "consentTimestamp":"2025-06-01T10:00:00.000Z",
 *    "consentId":"14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10",
 *    "services":{"necessary":[],"analytics":[]},"languageCode":"en",
 *    "lastConsentTimestamp":"2025-06-01T10:00:00.000Z",
 *    "expirationTime":1764410400000}
 *
 * As the library itself does, a v3 cookie is valid only with a non-empty
 * string "consentId", an array "categories" and both timestamps.  v2 (a
 * "level" array, no "categories") is read as legacy: no id, no time.
 * Raw, unencoded JSON is read too; '+' stays '+'.  A value that starts
 * with '{' and does not percent-decode is read as raw JSON (v2 with
 * "rfc_cookie: false" writes "data" unencoded, '%' and all).
 */


#ifndef _CONSENT_COOKIECONSENT_H_INCLUDED_
#define _CONSENT_COOKIECONSENT_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_COOKIECONSENT_ID_MAX  128


/*
 * p, len: the cookie value; scratch: at least len bytes for the decoded
 * value.  tokens: category names.  Bit i of res->granted is set when
 * tokens[i] is in "categories" (v3) or "level" (v2), and in every copy of
 * that array if the key is repeated.  res->timestamp: lastConsentTimestamp
 * (else consentTimestamp) in unix seconds; res->revision: "revision" if a
 * non-negative integer, else -1; res->id: consentId (1 to 128 printable
 * ASCII characters without escapes, else empty), pointing into p or
 * scratch.
 */

int consent_cookieconsent_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);

/*
 * "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)", as toISOString()
 * writes it, to unix seconds (the fraction dropped); -1 if malformed or
 * before 1970.  No libc time functions: no locale, no TZ.
 */

int64_t consent_cookieconsent_time(const u_char *p, size_t len);


#endif /* _CONSENT_COOKIECONSENT_H_INCLUDED_ */
