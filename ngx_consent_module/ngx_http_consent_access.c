
/*
 * ngx_consent_module: consent_require, a location closed to a visitor who
 * has not granted its category.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_access.h"
#include "ngx_http_consent_status.h"


/* consent_require CATEGORY [status=CODE]; */

char *
ngx_http_consent_require(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_int_t                      category, status;
    ngx_str_t                     *value, s;
    ngx_http_consent_main_conf_t  *cmcf;

    if (clcf->require != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;
    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);

    category = ngx_http_consent_optional_category(cf, cmcf, &value[1]);

    if (category == NGX_ERROR) {
        return NGX_CONF_ERROR;
    }

    clcf->require = category;
    cmcf->require = 1;

    if (cf->args->nelts == 2) {
        return NGX_CONF_OK;
    }

    if (ngx_http_consent_param(&value[2], "status=", 7, &s) != NGX_OK
        || s.len == 0)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\"", &value[2]);
        return NGX_CONF_ERROR;
    }

    status = ngx_atoi(s.data, s.len);

    /*
     * 204 or an error: an access phase handler cannot finalize a request
     * with another 2xx, and a 3xx would have no Location to send
     */

    if ((status < 400 || status > 599) && status != NGX_HTTP_NO_CONTENT) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid status \"%V\", use 204 or 400 to 599",
                           &s);
        return NGX_CONF_ERROR;
    }

    clcf->require_status = status;

    return NGX_CONF_OK;
}


/* the access phase: NGX_DECLINED, or the status of consent_require */

ngx_int_t
ngx_http_consent_access_check(ngx_http_request_t *r)
{
    ngx_http_consent_ctx_t        *ctx;
    ngx_http_consent_loc_conf_t   *clcf;
    ngx_http_consent_main_conf_t  *cmcf;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (clcf->require < 0) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->granted & CONSENT_BIT(clcf->require)) {
        return NGX_DECLINED;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent: refused, status %ui", clcf->require_status);

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    ngx_http_consent_count(cmcf, refused[clcf->require], 1);

    return clcf->require_status;
}
