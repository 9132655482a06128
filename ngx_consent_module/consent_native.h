
/*
 * ngx_consent_module: the module's own consent cookie (format=native).
 *
 *   value    = version "." time "." revision "." categories "." id
 *              [ "." gpc ]
 *   version  = "1"
 *   time     = 1*11DIGIT            ; decision time, unix seconds
 *   revision = 1*9DIGIT             ; policy revision
 *   categories = "-" / name *("+" name)
 *   name     = 1*32( %x61-7A / DIGIT / "_" )     ; a-z 0-9 _
 *   id       = 8*64( ALPHA / DIGIT / "-" / "_" ) ; random consent id
 *   gpc      = "gpc" / "gpc-override"
 *
 * e.g. "1.1732350000.3.analytics+preferences.k3J9xQ2mPq"; "-" grants no
 * optional category.  Only RFC 6265 cookie-octets, so no quoting needed.
 *
 * The gpc record remembers Global Privacy Control (Sec-GPC: 1) seen when
 * the decision was made:
 *
 *   "gpc"           the opt-out stands: later requests are read as if
 *                   each carried Sec-GPC: 1 (CONSENT_REFUSED_GPC in
 *                   res->refused);
 *   "gpc-override"  told of the conflict, the visitor granted what the
 *                   signal would veto: Sec-GPC vetoes nothing this
 *                   decision grants (res->gpc_override).
 *
 * The record is optional and a value without it reads as it always did,
 * so the version stays "1".  Anything else after the id is malformed: a
 * reader that predates the record refuses a value carrying it, which
 * grants nothing and asks again.
 */


#ifndef _CONSENT_NATIVE_H_INCLUDED_
#define _CONSENT_NATIVE_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_NATIVE_MAX_LEN     1024
#define CONSENT_NATIVE_NAME_LEN    32
#define CONSENT_NATIVE_ID_MIN      8
#define CONSENT_NATIVE_ID_MAX      64

/* the gpc record, consent_native_write()'s gpc */

#define CONSENT_NATIVE_GPC_NONE      0
#define CONSENT_NATIVE_GPC_OPT_OUT   1   /* "gpc" */
#define CONSENT_NATIVE_GPC_OVERRIDE  2   /* "gpc-override" */


/*
 * tokens: the module's category names; bit i of res->granted is set when
 * the cookie names tokens[i].  Names the cookie carries that are not in the
 * table grant nothing and are no error.
 */

int consent_native_parse(const u_char *p, size_t len,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res);

/*
 * Writes a cookie value granting tokens[i] for each bit i of granted,
 * with the gpc record CONSENT_NATIVE_GPC_*; returns the length written,
 * or 0 if buf (size bytes) is too small or an argument is out of the
 * grammar.
 */

size_t consent_native_write(u_char *buf, size_t size, int64_t time,
    int64_t revision, const consent_str_t *tokens, size_t ntokens,
    consent_tokens_t granted, const u_char *id, size_t id_len,
    unsigned gpc);

int consent_native_valid_name(const u_char *p, size_t len);


#endif /* _CONSENT_NATIVE_H_INCLUDED_ */
