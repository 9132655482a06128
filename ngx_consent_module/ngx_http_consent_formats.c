
/*
 * ngx_consent_module: the consent formats.
 */


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


/* indexed by NGX_HTTP_CONSENT_NATIVE ... NGX_HTTP_CONSENT_USPRIVACY */

ngx_http_consent_format_t  ngx_http_consent_formats[] = {

    { ngx_string("native"), ngx_http_consent_parse_native,
      NGX_HTTP_CONSENT_TOKENS_NONE, 0, 1, 0 },

    { ngx_string("cookieconsent"), consent_cookieconsent_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES, 1, 1, 0 },

    { ngx_string("klaro"), consent_klaro_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES, 1, 0, 0 },

    { ngx_string("cookiebot"), consent_cookiebot_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES, 1, 0, 0 },

    { ngx_string("onetrust"), consent_onetrust_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES, 1, 0, 0 },

    { ngx_string("tcf"), ngx_http_consent_parse_tcf,
      NGX_HTTP_CONSENT_TOKENS_PURPOSES, 0, 0, 0 },

    { ngx_string("usprivacy"), ngx_http_consent_parse_usprivacy,
      NGX_HTTP_CONSENT_TOKENS_NONE, 0, 0, 1 },
};


/*
 * What the formats call the built-in categories (the README's table);
 * operators add more with "consent_category NAME FORMAT:ID[+ID...]".  The native cookie
 * names the module's categories as they are and needs no mapping; Klaro
 * names services, which only the operator can map.
 */

ngx_http_consent_builtin_t  ngx_http_consent_builtin_rules[] = {

    { ngx_string("analytics"), ngx_string("cookieconsent:analytics") },
    { ngx_string("marketing"), ngx_string("cookieconsent:marketing") },
    { ngx_string("marketing"), ngx_string("cookieconsent:advertisement") },
    { ngx_string("preferences"), ngx_string("cookieconsent:preferences") },
    { ngx_string("preferences"), ngx_string("cookieconsent:functionality") },

    { ngx_string("analytics"), ngx_string("cookiebot:statistics") },
    { ngx_string("marketing"), ngx_string("cookiebot:marketing") },
    { ngx_string("preferences"), ngx_string("cookiebot:preferences") },

    { ngx_string("analytics"), ngx_string("onetrust:C0002") },
    { ngx_string("preferences"), ngx_string("onetrust:C0003") },
    { ngx_string("marketing"), ngx_string("onetrust:C0004+C0005") },

    { ngx_string("analytics"), ngx_string("tcf:1+8") },
    { ngx_string("marketing"), ngx_string("tcf:1+2+3+4+7") },
    { ngx_string("preferences"), ngx_string("tcf:1+5+6") },
    { ngx_string("preferences"), ngx_string("tcf:1+11") },

    { ngx_null_string, ngx_null_string }
};


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
