
/*
 * ngx_consent_module: Cookiebot (format=cookiebot, cookie "CookieConsent").
 *
 * A percent-encoded JavaScript object literal, not JSON:
 *
 *   {stamp:'<base64>',necessary:true,preferences:false,statistics:true,
 *    marketing:false,method:'explicit',ver:1,utc:1741015397474,
 *    region:'de'}
 *
 * with '%27' for "'" and '%2C' for ',' on the wire; '+' stays '+' (stamps
 * are base64).  Keys are identifiers or quoted; values are quoted strings
 * (single or double quotes, never split inside), true, false, null,
 * numbers, or nested objects and arrays, which are skipped.  The whole
 * value "0" is "necessary only"; "-1" is "outside any consent region".
 */


#ifndef _CONSENT_COOKIEBOT_H_INCLUDED_
#define _CONSENT_COOKIEBOT_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_COOKIEBOT_MAX_LEN    4096
#define CONSENT_COOKIEBOT_MAX_DEPTH  8
#define CONSENT_COOKIEBOT_ID_MAX     128


/*
 * p, len: the cookie value; scratch: at least len bytes for the decoded
 * value.  tokens: keys ("necessary", "preferences", "statistics",
 * "marketing").  Bit i of res->granted is set when the top-level object
 * has the key tokens[i] with the value true, and only true: false, 'true',
 * 1, or a key given twice with another value grant nothing.
 *
 * res->timestamp: utc / 1000; res->id: stamp (1 to 128 printable ASCII
 * characters, else empty), pointing into p or scratch.  "0": CONSENT_OK,
 * nothing granted.  "-1", and an object whose stamp is '-1' (Cookiebot's
 * own marker for a visitor outside any consent region): CONSENT_OK,
 * res->undecided and res->outside set and nothing granted, so that the
 * module's own regime decides, or what "consent_cookie ... outside="
 * says.
 */

int consent_cookiebot_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


#endif /* _CONSENT_COOKIEBOT_H_INCLUDED_ */
