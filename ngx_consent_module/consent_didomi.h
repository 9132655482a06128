
/*
 * ngx_consent_module: Didomi (format=didomi, cookie "didomi_token").
 *
 * The web SDK writes btoa(JSON.stringify(token)), standard base64 with its
 * '=' padding (base64url is read too), e.g. decoded:
 *
 *   {"user_id":"1784114c-f8b3-6590-a6df-b9fb240bdea5",
 *    "created":"2021-03-17T16:46:32.344Z",
 *    "updated":"2021-03-17T16:46:32.344Z",
 *    "vendors":{"enabled":["google","c:googleana-h7Kc3e7Y"]},
 *    "purposes":{"enabled":["p4em9a8m","CL-T1Rgm7"]},
 *    "vendors_li":{"enabled":["google"]},"version":2}
 *
 * "purposes", "vendors" and their legitimate-interest twins "purposes_li"
 * and "vendors_li" each hold an "enabled" and a "disabled" array of IDs.
 * Purpose IDs are the site's own ("p4em9a8m") or Didomi's names of the
 * IAB purposes ("cookies", "measure_content_performance"); vendor IDs are
 * "google" or "c:googleana-h7Kc3e7Y" (a custom vendor).  A '%' escape of
 * the value (a "%3D" for '=') is decoded first.
 */


#ifndef _CONSENT_DIDOMI_H_INCLUDED_
#define _CONSENT_DIDOMI_H_INCLUDED_


#include "consent_core.h"
#include "consent_json.h"


/* the base64 of the longest JSON read, and two "%3D" */
#define CONSENT_DIDOMI_MAX_LEN  ((CONSENT_JSON_MAX_LEN + 2) / 3 * 4 + 4)

#define CONSENT_DIDOMI_ID_MAX   128

/* a token that names a vendor: "vendor:" and the vendor's ID */
#define CONSENT_DIDOMI_VENDOR   "vendor:"


/*
 * p, len: the cookie value; scratch: at least len bytes, which the value
 * is decoded into.  tokens: purpose IDs, and vendor IDs prefixed with
 * "vendor:" ("vendor:c:googleana-h7Kc3e7Y").  Bit i of res->granted is set
 * when tokens[i] is in the "enabled" array of "purposes" (of "vendors" for
 * a vendor), and in no "disabled" array of "purposes" or "purposes_li"
 * ("vendors", "vendors_li"): consent is the only legal basis that grants,
 * an objection on either basis denies.  An ID absent from the arrays is
 * not granted.
 *
 * res->timestamp: "updated", else "created" (toISOString()'s form), one of
 * which must be there; res->id: "user_id" (1 to 128 printable ASCII
 * characters without escapes, else empty), in scratch.  A key given twice
 * (at the top or in one of the four objects) is CONSENT_EINVAL; one of the
 * four that is not an object, "enabled" or "disabled" not an array of
 * strings, a time or "user_id" not a string: CONSENT_ETYPE.  Other keys
 * ("version", "ac") are skipped.
 */

int consent_didomi_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);

/*
 * 1 if p[0..len) may be a token: a purpose ID, 1 or more bytes without
 * ':', or "vendor:" and 1 or more bytes of a vendor ID; else 0.
 */

int consent_didomi_token_valid(const u_char *p, size_t len);


#endif /* _CONSENT_DIDOMI_H_INCLUDED_ */
