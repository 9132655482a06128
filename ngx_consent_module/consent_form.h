
/*
 * ngx_consent_module: what "consent_endpoint" reads from a POST.
 *
 * The visitor's banner POSTs an application/x-www-form-urlencoded body:
 *
 *   body     = [ pair ] *( "&" [ pair ] )      ; empty pairs are skipped
 *   pair     = name [ "=" value ]              ; no "=": the value is empty
 *
 *   "accept=all"          accept every category
 *   "reject=all"          reject every optional category
 *   "save" [ "=" any ]    the submit button of a "save my choices" form
 *   TOKEN "=1" / "=on"    the category TOKEN is granted ("on" is what an
 *                         HTML checkbox without a value sends)
 *   TOKEN "=0"            the category TOKEN is refused
 *   "gpc_override=1"      told that Global Privacy Control vetoes some of
 *                         the categories granted, the visitor grants them
 *                         all the same (11 CCR 7025(c)(3)); "=on" too,
 *                         "=0" confirms nothing
 *
 * Names and values are percent-decoded with '+' as a space before they are
 * compared, exactly and case-sensitively: "anal%79tics=1" is "analytics=1".
 * A category the body does not mention is not granted (an unchecked
 * checkbox sends nothing).
 *
 * Then the way back: the Referer of the POST, if it is a URL of this very
 * origin, gives the path and query to redirect the visitor to; and the
 * Origin header, if any, must name this origin.
 */


#ifndef _CONSENT_FORM_H_INCLUDED_
#define _CONSENT_FORM_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_FORM_MAX_LEN      4096   /* body bytes */
#define CONSENT_FORM_MAX_PAIRS    256    /* non-empty pairs */
#define CONSENT_FORM_NAME_LEN     32     /* a decoded name */
#define CONSENT_FORM_VALUE_LEN    32     /* a decoded value */
#define CONSENT_FORM_BAD_LEN      32     /* bytes of a raw key in "bad" */
#define CONSENT_FORM_REFERER_MAX  2048   /* Referer bytes */


typedef struct {
    consent_tokens_t  granted;     /* bit i: tokens[i] was sent as granted */
    consent_tokens_t  mentioned;   /* bit i: tokens[i] was sent at all */
    unsigned          accept_all:1;
    unsigned          reject_all:1;
    unsigned          save:1;
    unsigned          gpc_override:1; /* "gpc_override" sent as 1 or on */
    unsigned          gpc_sent:1;     /* "gpc_override" sent at all */
    consent_str_t     bad;         /* on error: the raw (undecoded) key of
                                      the offending pair, pointing into the
                                      input, at most CONSENT_FORM_BAD_LEN
                                      bytes of it; len 0 if none */
} consent_form_t;


/*
 * tokens: the module's category names, ntokens <= CONSENT_MAX_TOKENS.
 *
 * CONSENT_OK: every field reported as sent.  The caller gives accept_all
 * and reject_all precedence over the categories: a banner form sends its
 * checkboxes' states together with whichever button was pressed, so with
 * accept_all or reject_all set, "granted" and "mentioned" are validated
 * but are to be ignored.  "save" alone, or categories alone, is a choice
 * of exactly the categories granted.
 *
 * "gpc_override" goes with whichever choice the body makes, accept_all
 * or the categories; it grants nothing by itself.
 *
 * Errors, each of which leaves granted, mentioned, accept_all, reject_all,
 * save, gpc_override and gpc_sent zero, and "bad" naming the pair's raw
 * key where there is one:
 *
 *   CONSENT_ETOOLONG   len > CONSENT_FORM_MAX_LEN (no "bad"), or more than
 *                      CONSENT_FORM_MAX_PAIRS pairs ("bad": the first pair
 *                      over the limit); both are checked before any pair
 *                      is read
 *   CONSENT_EMPTY      no pair at all: "", "&", "&&&": no decision
 *   CONSENT_EENCODING  an invalid escape ("%zz", "%4") or "%00" in a name
 *                      or a value (the name is decoded first, then the
 *                      value; a name or a value of more than 3 * 32 raw
 *                      bytes, which cannot decode to 32, is CONSENT_EINVAL
 *                      before its escapes are looked at)
 *   CONSENT_EINVAL     a decoded name or value over 32 bytes; a name that
 *                      is neither a control key nor a token; "accept" or
 *                      "reject" with a value other than "all"; a token
 *                      or "gpc_override" with a value other than "1",
 *                      "on" or "0"; a key sent twice; both "accept" and
 *                      "reject"
 *
 * The control keys are looked at first: a token named "accept", "reject",
 * "save" or "gpc_override" can never be sent.
 */

int consent_form_parse(const u_char *p, size_t len,
    const consent_str_t *tokens, size_t ntokens, consent_form_t *form);

/* 1 for the names of the control keys, which no category can have */

int consent_form_reserved(const u_char *p, size_t len);


/*
 * referer: the request's Referer header; scheme: "http" or "https", how the
 * request arrived; host: the request's Host header ("example.com",
 * "example.com:8080", "[::1]:8080"); all three untrusted.
 *
 * CONSENT_OK when the Referer is "scheme://authority" with the request's
 * scheme and authority (see below), followed by nothing, by a fragment, or
 * by a path: *path is then the path and query with the fragment cut off,
 * pointing into referer, or a static "/" when there is no path.  The path
 * is safe as a Location on this origin: it starts with '/', its second byte
 * is neither '/' nor '\', and every byte is in 0x21-0x7E but '\'.
 *
 * CONSENT_EINVAL for everything else: an empty, relative or longer than
 * CONSENT_FORM_REFERER_MAX Referer, another scheme, host or port, a query
 * with no path ("https://h?x"), a path with a forbidden byte, a
 * protocol-relative path ("//evil", "/\evil").  The caller then redirects
 * to "/".
 *
 * Authorities are compared case-insensitively, a port equal to the
 * scheme's default (80 for http, 443 for https) or empty ("h:") being the
 * same as none, on either side.  A host is a name of letters, digits, '-',
 * '.', '_' and '~', or a bracketed IPv6 literal of hex digits, ':' and '.'
 * compared as text ("[::1]" is not "[0::1]"); a port is 1 to 5 digits up
 * to 65535.  Userinfo ('@') or any other byte refuses.
 */

int consent_form_return_path(const u_char *referer, size_t len,
    const u_char *scheme, size_t scheme_len, const u_char *host,
    size_t host_len, consent_str_t *path);

/*
 * 1 when an Origin header value ("https://example.com",
 * "http://127.0.0.1:8080") names the request's scheme and authority,
 * compared as above; 0 otherwise, "null", a path or a trailing '/'
 * included.
 */

int consent_form_same_origin(const u_char *origin, size_t len,
    const u_char *scheme, size_t scheme_len, const u_char *host,
    size_t host_len);


#endif /* _CONSENT_FORM_H_INCLUDED_ */
