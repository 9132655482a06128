
/*
 * ngx_consent_module: Klaro (format=klaro, cookie "klaro").
 *
 * encodeURIComponent(JSON.stringify(consents)): an object of service name
 * to boolean, e.g. {"matomo":true,"youtube":false,"adsense":false}.  Keys
 * are services, not purposes; the operator maps services to categories.
 * Raw, unencoded JSON is read too; '+' stays '+'.
 */


#ifndef _CONSENT_KLARO_H_INCLUDED_
#define _CONSENT_KLARO_H_INCLUDED_


#include "consent_core.h"


/*
 * p, len: the cookie value; scratch: at least len bytes for the decoded
 * value.  tokens: service names.  Bit i of res->granted is set when the
 * object has the key tokens[i] with the value true, and only true: false,
 * "true", 1, null or a key given twice with another value grant nothing.
 * Klaro stores no time, revision or id: res->timestamp and res->revision
 * stay -1, res->id empty.  A value other than an object is CONSENT_ETYPE.
 */

int consent_klaro_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);


#endif /* _CONSENT_KLARO_H_INCLUDED_ */
