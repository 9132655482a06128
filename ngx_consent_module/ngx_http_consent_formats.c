
/*
 * ngx_consent_module: the consent formats.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_formats.h"
#include "consent_native.h"
#include "consent_cookieconsent.h"
#include "consent_klaro.h"
#include "consent_cookiebot.h"
#include "consent_onetrust.h"
#include "consent_tcf.h"
#include "consent_usprivacy.h"


static int ngx_http_consent_parse_native(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);
static int ngx_http_consent_parse_tcf(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);
static int ngx_http_consent_parse_usprivacy(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);


/* indexed by ngx_http_consent_format_e: a new format is one row here */

ngx_http_consent_format_t  ngx_http_consent_formats[] = {

    { ngx_string("native"), ngx_http_consent_parse_native,
      NGX_HTTP_CONSENT_TOKENS_NONE,
      NGX_HTTP_CONSENT_FORMAT_REVISIONS },

    { ngx_string("cookieconsent"), consent_cookieconsent_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH|NGX_HTTP_CONSENT_FORMAT_REVISIONS },

    { ngx_string("klaro"), consent_klaro_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH },

    { ngx_string("cookiebot"), consent_cookiebot_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH },

    { ngx_string("onetrust"), consent_onetrust_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH },

    { ngx_string("tcf"), ngx_http_consent_parse_tcf,
      NGX_HTTP_CONSENT_TOKENS_PURPOSES,
      0 },

    { ngx_string("usprivacy"), ngx_http_consent_parse_usprivacy,
      NGX_HTTP_CONSENT_TOKENS_NONE,
      NGX_HTTP_CONSENT_FORMAT_RESTRICT },
};


/* the format of that name, or NGX_DECLINED */

ngx_int_t
ngx_http_consent_format_find(u_char *name, size_t len)
{
    ngx_uint_t  f;

    for (f = 0; f < NGX_HTTP_CONSENT_NFORMATS; f++) {
        if (ngx_http_consent_formats[f].name.len == len
            && ngx_strncmp(ngx_http_consent_formats[f].name.data, name, len)
               == 0)
        {
            return f;
        }
    }

    return NGX_DECLINED;
}


static int
ngx_http_consent_parse_native(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_native_parse(p, len, tokens, ntokens, res);
}


static int
ngx_http_consent_parse_tcf(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_tcf_parse(p, len, res);
}


static int
ngx_http_consent_parse_usprivacy(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res)
{
    return consent_usprivacy_parse(p, len, res);
}
