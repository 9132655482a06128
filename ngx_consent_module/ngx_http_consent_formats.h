
/*
 * ngx_consent_module: the consent formats the glue knows, and the built-in
 * mappings of the built-in categories.
 */


#ifndef _NGX_HTTP_CONSENT_FORMATS_H_INCLUDED_
#define _NGX_HTTP_CONSENT_FORMATS_H_INCLUDED_


#include "ngx_http_consent_module.h"


typedef int (*ngx_http_consent_parse_pt)(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);


#define NGX_HTTP_CONSENT_TOKENS_NONE      0  /* no FORMAT:ID mappings */
#define NGX_HTTP_CONSENT_TOKENS_NAMES     1  /* names, compared exactly */
#define NGX_HTTP_CONSENT_TOKENS_PURPOSES  2  /* TCF purposes 1..24 */


typedef struct {
    ngx_str_t                  name;
    ngx_http_consent_parse_pt  parse;
    ngx_uint_t                 tokens;
    unsigned                   scratch:1;  /* needs a buffer of the value's
                                              size to decode into */
    unsigned                   revisions:1; /* carries a policy revision
                                               (none said: revision 0) */
    unsigned                   restrict_only:1; /* only ever refuses */
} ngx_http_consent_format_t;


typedef struct {
    ngx_str_t                  category;
    ngx_str_t                  rule;
} ngx_http_consent_builtin_t;


extern ngx_http_consent_format_t   ngx_http_consent_formats[];
extern ngx_http_consent_builtin_t  ngx_http_consent_builtin_rules[];


#endif /* _NGX_HTTP_CONSENT_FORMATS_H_INCLUDED_ */
