
/*
 * ngx_consent_module: the consent formats.
 */


#include "ngx_http_consent_formats.h"
#include "consent_native.h"


static int ngx_http_consent_parse_native(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);


/* indexed by NGX_HTTP_CONSENT_NATIVE ... */

ngx_http_consent_format_t  ngx_http_consent_formats[] = {

    { ngx_string("native"), ngx_http_consent_parse_native,
      NGX_HTTP_CONSENT_TOKENS_NONE, 0 },
};


/*
 * What the formats call the built-in categories (FORMATS.md); operators add
 * more with "consent_category NAME FORMAT:ID[+ID...]".  The native cookie
 * names the module's categories as they are and needs no mapping.
 */

ngx_http_consent_builtin_t  ngx_http_consent_builtin_rules[] = {
    { ngx_null_string, ngx_null_string }
};


static int
ngx_http_consent_parse_native(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_native_parse(p, len, tokens, ntokens, res);
}
