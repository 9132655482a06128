
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
#include "consent_gpp.h"
#include "consent_borlabs.h"
#include "consent_axeptio.h"
#include "consent_cookieyes.h"
#include "consent_complianz.h"
#include "consent_didomi.h"


static int ngx_http_consent_parse_native(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);
static int ngx_http_consent_parse_tcf(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);
static int ngx_http_consent_parse_usprivacy(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);
static int ngx_http_consent_parse_gpp(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_result_t *res);


/* indexed by ngx_http_consent_format_e: a new format is one row here */

ngx_http_consent_format_t  ngx_http_consent_formats[] = {

    { ngx_string("native"), ngx_http_consent_parse_native,
      NGX_HTTP_CONSENT_TOKENS_NONE,
      NGX_HTTP_CONSENT_FORMAT_REVISIONS,
      NGX_HTTP_CONSENT_NATIVE },

    { ngx_string("cookieconsent"), consent_cookieconsent_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH|NGX_HTTP_CONSENT_FORMAT_REVISIONS,
      NGX_HTTP_CONSENT_COOKIECONSENT },

    { ngx_string("klaro"), consent_klaro_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_KLARO },

    { ngx_string("cookiebot"), consent_cookiebot_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_COOKIEBOT },

    { ngx_string("onetrust"), consent_onetrust_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_ONETRUST },

    { ngx_string("tcf"), ngx_http_consent_parse_tcf,
      NGX_HTTP_CONSENT_TOKENS_PURPOSES,
      0,
      NGX_HTTP_CONSENT_TCF },

    { ngx_string("usprivacy"), ngx_http_consent_parse_usprivacy,
      NGX_HTTP_CONSENT_TOKENS_OPTOUTS,
      NGX_HTTP_CONSENT_FORMAT_RESTRICT|NGX_HTTP_CONSENT_FORMAT_REFUSES,
      NGX_HTTP_CONSENT_USPRIVACY },

    /* grants what its TCF section grants, as format=tcf would */

    { ngx_string("gpp"), ngx_http_consent_parse_gpp,
      NGX_HTTP_CONSENT_TOKENS_OPTOUTS,
      NGX_HTTP_CONSENT_FORMAT_REFUSES,
      NGX_HTTP_CONSENT_TCF },

    /* "version" is the site's cookie version: none said, revision 0 */

    { ngx_string("borlabs"), consent_borlabs_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH|NGX_HTTP_CONSENT_FORMAT_REVISIONS,
      NGX_HTTP_CONSENT_BORLABS },

    { ngx_string("axeptio"), consent_axeptio_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_AXEPTIO },

    { ngx_string("cookieyes"), consent_cookieyes_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_COOKIEYES },

    /* a family of cookies: "consent_cookie PREFIX format=complianz" */

    { ngx_string("complianz"), consent_complianz_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_COMPLIANZ },

    { ngx_string("didomi"), consent_didomi_parse,
      NGX_HTTP_CONSENT_TOKENS_NAMES,
      NGX_HTTP_CONSENT_FORMAT_SCRATCH,
      NGX_HTTP_CONSENT_DIDOMI },
};


/*
 * What format=usprivacy and format=gpp let a visitor refuse, as
 * "consent_category" names them: entry i is bit i of CONSENT_REFUSED_*,
 * the GPP specification's field names.
 */

static ngx_str_t  ngx_http_consent_optouts[] = {
    ngx_string("SaleOptOut"),                /* CONSENT_REFUSED_SALE */
    ngx_string("SharingOptOut"),             /* CONSENT_REFUSED_SHARING */
    ngx_string("TargetedAdvertisingOptOut"), /* CONSENT_REFUSED_TARGETED */
    ngx_string("Gpc"),                       /* CONSENT_REFUSED_GPC */
    ngx_null_string
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


/* the bit of CONSENT_REFUSED_* of that opt-out name, or NGX_DECLINED */

ngx_int_t
ngx_http_consent_optout_find(u_char *name, size_t len)
{
    ngx_uint_t  i;

    for (i = 0; ngx_http_consent_optouts[i].len; i++) {
        if (ngx_http_consent_optouts[i].len == len
            && ngx_strncmp(ngx_http_consent_optouts[i].data, name, len) == 0)
        {
            return i;
        }
    }

    return NGX_DECLINED;
}


/*
 * The categories that a value's opt-outs deny through the rules of map
 * (a rule whose opt-outs were all refused denies its category).  A part
 * of the value that could not be read may have said any opt-out: it
 * denies every category that any opt-out of the format denies.
 */

consent_cats_t
ngx_http_consent_refusals(ngx_http_consent_map_t *map, unsigned refused)
{
    if (refused & CONSENT_REFUSED_UNREADABLE) {
        refused = (unsigned) -1;
    }

    return consent_rules_apply(map->rules.elts, map->rules.nelts,
                               (consent_tokens_t) refused);
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


static int
ngx_http_consent_parse_gpp(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    return consent_gpp_parse(p, len, res);
}
