
/*
 * ngx_consent_module: Axeptio (format=axeptio, cookie "axeptio_cookies").
 *
 * A JSON object of vendor name to boolean, with Axeptio's own keys, which
 * start with "$$":
 *
 *   {"$$token":"l8j48y0r1honj87phub8o","$$date":"2022-12-01T08:20:26.864Z",
 *    "SnapEngage":true,"Double_Click":true,"facebook_pixel":true,
 *    "ShinyStat":true,"$$completed":true}
 *
 * Older SDKs percent-encode only some characters ({%22$$token%22:...}),
 * newer ones write encodeURIComponent(); both percent-decode to the JSON,
 * and raw, unencoded JSON is read too; '+' stays '+'.  Newer SDKs add
 * "$$cookiesVersion" (an object), "$$scope" and "$$duration", not read.
 */


#ifndef _CONSENT_AXEPTIO_H_INCLUDED_
#define _CONSENT_AXEPTIO_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_AXEPTIO_ID_MAX  128


/*
 * p, len: the cookie value; scratch: at least len bytes for the decoded
 * value.  tokens: vendor names; one that starts with "$$" is Axeptio's
 * own key and is never granted.  Bit i of res->granted is set when the
 * object has the key tokens[i] with the value true, and only true: false,
 * "true", 1, null or a key given twice with another value grant nothing.
 *
 * "$$completed" true: the visitor decided.  false, or no "$$completed":
 * res->undecided, nothing granted.  Another value is CONSENT_ETYPE.
 * res->id: "$$token" (1 to 128 printable ASCII characters without
 * escapes), else empty.  res->timestamp: "$$date" as toISOString() writes
 * it, in unix seconds, -1 without it; a "$$date" that cannot be read makes
 * the cookie CONSENT_EINVAL, as it would otherwise escape consent_max_age.
 * "$$completed", "$$token" or "$$date" given twice: CONSENT_EINVAL.
 * res->revision stays -1.  A value other than an object is CONSENT_ETYPE.
 */

int consent_axeptio_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


#endif /* _CONSENT_AXEPTIO_H_INCLUDED_ */
