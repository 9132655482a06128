
/*
 * ngx_consent_module: the consent formats the glue knows, one row each.
 */


#ifndef _NGX_HTTP_CONSENT_FORMATS_H_INCLUDED_
#define _NGX_HTTP_CONSENT_FORMATS_H_INCLUDED_


#include "ngx_http_consent.h"


typedef int (*ngx_http_consent_parse_pt)(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);


/* what "consent_category NAME FORMAT:ID" may say of a format */

#define NGX_HTTP_CONSENT_TOKENS_NONE      0  /* no FORMAT:ID mappings */
#define NGX_HTTP_CONSENT_TOKENS_NAMES     1  /* names, compared exactly */
#define NGX_HTTP_CONSENT_TOKENS_PURPOSES  2  /* TCF purposes 1..24 */
#define NGX_HTTP_CONSENT_TOKENS_OPTOUTS   3  /* the opt-outs a value
                                                refuses, by name: bit i
                                                of CONSENT_REFUSED_* */


/* the flags of a format */

#define NGX_HTTP_CONSENT_FORMAT_SCRATCH    0x01  /* needs a buffer of the
                                                    value's size to decode
                                                    into */
#define NGX_HTTP_CONSENT_FORMAT_REVISIONS  0x02  /* carries a policy
                                                    revision (none said:
                                                    revision 0) */
#define NGX_HTTP_CONSENT_FORMAT_RESTRICT   0x04  /* only ever refuses */
#define NGX_HTTP_CONSENT_FORMAT_REFUSES    0x08  /* its opt-outs refuse
                                                    whatever decided */


typedef struct {
    ngx_str_t                  name;
    ngx_http_consent_parse_pt  parse;
    ngx_uint_t                 tokens;     /* NGX_HTTP_CONSENT_TOKENS_* */
    ngx_uint_t                 flags;      /* NGX_HTTP_CONSENT_FORMAT_* */
    ngx_http_consent_format_e  grants;     /* the format whose mappings
                                              turn what it grants into
                                              categories: itself, or tcf
                                              for gpp's TCF section */
} ngx_http_consent_format_t;


ngx_int_t ngx_http_consent_format_find(u_char *name, size_t len);
ngx_int_t ngx_http_consent_optout_find(u_char *name, size_t len);
consent_cats_t ngx_http_consent_refusals(ngx_http_consent_map_t *map,
    unsigned refused);


/* indexed by ngx_http_consent_format_e */

extern ngx_http_consent_format_t   ngx_http_consent_formats[];


#endif /* _NGX_HTTP_CONSENT_FORMATS_H_INCLUDED_ */
