
/*
 * ngx_consent_module: the module, its directives, its configuration
 * created and merged, and its one access handler, one header filter and
 * one body filter.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_formats.h"
#include "ngx_http_consent_access.h"
#include "ngx_http_consent_cookies.h"
#include "ngx_http_consent_html.h"
#include "ngx_http_consent_geoip.h"
#include "ngx_http_consent_endpoint.h"
#include "ngx_http_consent_status.h"
#include "ngx_http_consent_gcm.h"


static void *ngx_http_consent_create_main_conf(ngx_conf_t *cf);
static char *ngx_http_consent_init_main_conf(ngx_conf_t *cf, void *conf);
static void *ngx_http_consent_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_consent_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_consent_preconfiguration(ngx_conf_t *cf);
static ngx_int_t ngx_http_consent_postconfiguration(ngx_conf_t *cf);

static char *ngx_http_consent_cookie(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_consent_signals(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_consent_revision(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_consent_max_age(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);

static ngx_int_t ngx_http_consent_access_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_header_filter(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_send_header(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);


static ngx_http_output_header_filter_pt  ngx_http_next_header_filter;
static ngx_http_output_body_filter_pt    ngx_http_next_body_filter;


static ngx_command_t  ngx_http_consent_commands[] = {

    { ngx_string("consent_cookie"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE123,
      ngx_http_consent_cookie,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_category"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_1MORE,
      ngx_http_consent_category,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_signals"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_consent_signals,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_revision"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_consent_revision,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_max_age"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_consent_max_age,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_strip_cookies"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_2MORE,
      ngx_http_consent_strip_cookies,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_expire_cookies"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE123,
      ngx_http_consent_expire_cookies,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_html"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_consent_html_mode,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_consent_loc_conf_t, html),
      &ngx_http_consent_html_modes },

    { ngx_string("consent_html_types"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_consent_html_types,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_consent_loc_conf_t, html_types_keys),
      &ngx_http_html_default_types[0] },

    { ngx_string("consent_banner"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_consent_banner,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_require"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_consent_require,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_geoip"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE12,
      ngx_http_consent_geoip,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_geoip_source"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_CONF_TAKE1,
      ngx_http_consent_geoip_source,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_regime"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_2MORE,
      ngx_http_consent_regime,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_ip_mask"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE2,
      ngx_http_consent_ip_mask,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_endpoint"),
      NGX_HTTP_LOC_CONF|NGX_CONF_ANY,
      ngx_http_consent_endpoint,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_status"),
      NGX_HTTP_LOC_CONF|NGX_CONF_NOARGS,
      ngx_http_consent_status,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_gcm"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_consent_gcm,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("consent_visitor_key"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_TAKE1,
      ngx_http_consent_visitor_key,
      NGX_HTTP_MAIN_CONF_OFFSET,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_consent_module_ctx = {
    ngx_http_consent_preconfiguration,     /* preconfiguration */
    ngx_http_consent_postconfiguration,    /* postconfiguration */

    ngx_http_consent_create_main_conf,     /* create main configuration */
    ngx_http_consent_init_main_conf,       /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_consent_create_loc_conf,      /* create location configuration */
    ngx_http_consent_merge_loc_conf        /* merge location configuration */
};


ngx_module_t  ngx_http_consent_module = {
    NGX_MODULE_V1,
    &ngx_http_consent_module_ctx,          /* module context */
    ngx_http_consent_commands,             /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    ngx_http_consent_geoip_init_process,   /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static void *
ngx_http_consent_create_main_conf(ngx_conf_t *cf)
{
    ngx_uint_t                     f;
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_main_conf_t));
    if (cmcf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     cmcf->optional = 0;
     *     cmcf->require = 0;
     */

    if (ngx_array_init(&cmcf->categories, cf->pool, CONSENT_MAX_CATEGORIES,
                       sizeof(ngx_str_t))
        != NGX_OK)
    {
        return NULL;
    }

    for (f = 0; f < NGX_HTTP_CONSENT_NFORMATS; f++) {
        if (ngx_array_init(&cmcf->maps[f].tokens, cf->pool, 8,
                           sizeof(consent_str_t))
            != NGX_OK
            || ngx_array_init(&cmcf->maps[f].rules, cf->pool, 8,
                              sizeof(consent_rule_t))
               != NGX_OK)
        {
            return NULL;
        }
    }

    cmcf->geoip = ngx_http_consent_geoip_create_conf(cf);
    if (cmcf->geoip == NULL) {
        return NULL;
    }

    cmcf->visitor = ngx_http_consent_visitor_create_conf(cf);
    if (cmcf->visitor == NULL) {
        return NULL;
    }

    return cmcf;
}


static char *
ngx_http_consent_init_main_conf(ngx_conf_t *cf, void *conf)
{
    ngx_http_consent_main_conf_t *cmcf = conf;

    cmcf->optional = (consent_cats_t) ((1ULL << cmcf->categories.nelts) - 1)
                     & ~CONSENT_BIT(CONSENT_CAT_NECESSARY);

    return ngx_http_consent_visitor_init(cf, cmcf);
}


static void *
ngx_http_consent_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_consent_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->dnt = 0;
     *     conf->gpc = 0;
     *     conf->endpoint = NULL;
     *     conf->endpoint_cookie = NULL;
     *     conf->html_types = { NULL };
     *     conf->html_types_keys = NULL;
     *     conf->gcm = NULL;
     */

    conf->cookies = NGX_CONF_UNSET_PTR;
    conf->revision = NGX_CONF_UNSET;
    conf->max_age = NGX_CONF_UNSET;
    conf->signals_set = NGX_CONF_UNSET_UINT;
    conf->require = NGX_CONF_UNSET;
    conf->require_status = NGX_CONF_UNSET_UINT;
    conf->strip_rules = NGX_CONF_UNSET_PTR;
    conf->expire_cookies = NGX_CONF_UNSET;
    conf->html = NGX_CONF_UNSET_UINT;
    conf->geoip_source = NGX_CONF_UNSET;
    conf->mask_v4 = NGX_CONF_UNSET_UINT;
    conf->mask_v6 = NGX_CONF_UNSET_UINT;

    return conf;
}


static char *
ngx_http_consent_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_consent_loc_conf_t *prev = parent;
    ngx_http_consent_loc_conf_t *conf = child;

    ngx_http_consent_cookie_t  *cookie;

    if (conf->cookies == NGX_CONF_UNSET_PTR) {
        conf->cookies = prev->cookies;
    }

    if (conf->cookies == NGX_CONF_UNSET_PTR) {

        /* consent_cookie consent format=native; */

        conf->cookies = ngx_array_create(cf->pool, 1,
                                         sizeof(ngx_http_consent_cookie_t));
        if (conf->cookies == NULL) {
            return NGX_CONF_ERROR;
        }

        cookie = ngx_array_push(conf->cookies);
        if (cookie == NULL) {
            return NGX_CONF_ERROR;
        }

        ngx_str_set(&cookie->name, "consent");
        cookie->format = NGX_HTTP_CONSENT_NATIVE;
    }

    ngx_conf_merge_value(conf->revision, prev->revision, 0);
    ngx_conf_merge_value(conf->max_age, prev->max_age, 0);

    if (conf->signals_set == NGX_CONF_UNSET_UINT) {

        if (prev->signals_set == NGX_CONF_UNSET_UINT) {

            /* consent_signals dnt=analytics,marketing gpc=marketing; */

            conf->signals_set = 1;
            conf->dnt = CONSENT_BIT(CONSENT_CAT_ANALYTICS)
                        | CONSENT_BIT(CONSENT_CAT_MARKETING);
            conf->gpc = CONSENT_BIT(CONSENT_CAT_MARKETING);

        } else {
            conf->signals_set = prev->signals_set;
            conf->dnt = prev->dnt;
            conf->gpc = prev->gpc;
        }
    }

    /* consent_require is not inherited: it is a location's own */

    ngx_conf_init_value(conf->require, -1);
    ngx_conf_init_uint_value(conf->require_status, NGX_HTTP_NO_CONTENT);

    if (ngx_http_consent_cookies_merge(cf, prev, conf) != NGX_CONF_OK) {
        return NGX_CONF_ERROR;
    }

    if (conf->expire_cookies == NGX_CONF_UNSET) {
        conf->expire_cookies = prev->expire_cookies;
        conf->expire_domain = prev->expire_domain;
        conf->expire_path = prev->expire_path;
    }

    ngx_conf_init_value(conf->expire_cookies, 0);
    ngx_conf_merge_uint_value(conf->html, prev->html,
                              NGX_HTTP_CONSENT_HTML_OFF);

    /* consent_html_types text/html; */

    if (ngx_http_merge_types(cf, &conf->html_types_keys, &conf->html_types,
                             &prev->html_types_keys, &prev->html_types,
                             ngx_http_html_default_types)
        != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    ngx_conf_merge_str_value(conf->banner, prev->banner, "");

    /* consent_geoip_source $remote_addr; (-1: the connection's address) */

    ngx_conf_merge_value(conf->geoip_source, prev->geoip_source, -1);

    /* consent_ip_mask 24 48; */

    ngx_conf_merge_uint_value(conf->mask_v4, prev->mask_v4, 24);
    ngx_conf_merge_uint_value(conf->mask_v6, prev->mask_v6, 48);

    /* consent_gcm ad_storage=marketing ad_user_data=marketing ...; */

    ngx_http_consent_gcm_merge(prev, conf);

    /* consent_endpoint is a location's own */

    return ngx_http_consent_endpoint_merge(cf, conf);
}


/* variables exist from here on: add the built-in categories */

static ngx_int_t
ngx_http_consent_preconfiguration(ngx_conf_t *cf)
{
    ngx_http_consent_main_conf_t  *cmcf;

    if (ngx_http_consent_add_variables(cf) != NGX_OK) {
        return NGX_ERROR;
    }

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);

    return ngx_http_consent_add_builtin_categories(cf, cmcf);
}


static ngx_int_t
ngx_http_consent_postconfiguration(ngx_conf_t *cf)
{
    ngx_http_handler_pt           *h;
    ngx_http_core_main_conf_t     *cmcf;
    ngx_http_consent_main_conf_t  *ccf;

    ccf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);

    /*
     * One header filter, where consent_strip_cookies or consent_html is
     * (merged before), and one body filter, where consent_html is.
     */

    if (ccf->strip || ccf->html) {
        ngx_http_next_header_filter = ngx_http_top_header_filter;
        ngx_http_top_header_filter = ngx_http_consent_header_filter;
    }

    if (ccf->html) {
        ngx_http_next_body_filter = ngx_http_top_body_filter;
        ngx_http_top_body_filter = ngx_http_consent_body_filter;

        if (ngx_http_consent_html_init(cf, ccf, ngx_http_consent_send_header,
                                       ngx_http_next_body_filter)
            != NGX_OK)
        {
            return NGX_ERROR;
        }
    }

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    if (ccf->html) {
        /* Range and If-Range leave the request before any content handler */

        h = ngx_array_push(&cmcf->phases[NGX_HTTP_PREACCESS_PHASE].handlers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        *h = ngx_http_consent_html_range_handler;
    }

    /* a configuration that gates nothing pays nothing in the access phase */

    if (!ccf->require && !ccf->strip) {
        return NGX_OK;
    }

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_consent_access_handler;

    return NGX_OK;
}


/*
 * The one access phase handler: the request's cookies of denied categories
 * go before anything is proxied, then consent_require decides.
 */

static ngx_int_t
ngx_http_consent_access_handler(ngx_http_request_t *r)
{
    if (ngx_http_consent_strip_request(r) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_consent_access_check(r);
}


/*
 * The one header filter: the HTML filter first, which may hold the header
 * back until the first bytes of the body; then, as the header goes on,
 * the Set-Cookie headers of denied categories go.
 */

static ngx_int_t
ngx_http_consent_header_filter(ngx_http_request_t *r)
{
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    if (cmcf->html) {
        return ngx_http_consent_html_header_filter(r);
    }

    return ngx_http_consent_send_header(r);
}


static ngx_int_t
ngx_http_consent_send_header(ngx_http_request_t *r)
{
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    if (cmcf->strip && ngx_http_consent_set_cookie_filter(r) != NGX_OK) {
        return NGX_ERROR;
    }

    return ngx_http_next_header_filter(r);
}


/* the one body filter: the HTML filter's */

static ngx_int_t
ngx_http_consent_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    return ngx_http_consent_html_body_filter(r, in);
}


/* directives */


static char *
ngx_http_consent_cookie(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_int_t                   f;
    ngx_str_t                  *value, param;
    ngx_uint_t                  i, outside;
    ngx_http_consent_cookie_t  *cookie;

    value = cf->args->elts;

    if (!ngx_http_consent_valid_cookie_name(&value[1])) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid cookie name \"%V\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    if (clcf->cookies == NGX_CONF_UNSET_PTR) {
        clcf->cookies = ngx_array_create(cf->pool, 2,
                                         sizeof(ngx_http_consent_cookie_t));
        if (clcf->cookies == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    cookie = clcf->cookies->elts;

    for (i = 0; i < clcf->cookies->nelts; i++) {
        if (cookie[i].name.len == value[1].len
            && ngx_strncmp(cookie[i].name.data, value[1].data, value[1].len)
               == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "consent cookie \"%V\" is duplicate",
                               &value[1]);
            return NGX_CONF_ERROR;
        }
    }

    if (clcf->cookies->nelts == NGX_HTTP_CONSENT_MAX_COOKIES) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "too many consent cookies, at most %d",
                           NGX_HTTP_CONSENT_MAX_COOKIES);
        return NGX_CONF_ERROR;
    }

    cookie = ngx_array_push(clcf->cookies);
    if (cookie == NULL) {
        return NGX_CONF_ERROR;
    }

    cookie->name = value[1];
    cookie->format = NGX_HTTP_CONSENT_NATIVE;
    cookie->outside_opt_out = 0;

    outside = 0;

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_http_consent_param_once(cf, i) != NGX_OK) {
            return NGX_CONF_ERROR;
        }

        if (ngx_http_consent_param(&value[i], "format=", 7, &param)
            == NGX_OK && param.len)
        {
            f = ngx_http_consent_format_find(param.data, param.len);

            if (f == NGX_DECLINED) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "unknown consent format \"%V\"", &param);
                return NGX_CONF_ERROR;
            }

            cookie->format = f;

        } else if (ngx_http_consent_param(&value[i], "outside=", 8, &param)
                   == NGX_OK)
        {
            if (param.len == 6 && ngx_strncmp(param.data, "regime", 6) == 0) {
                cookie->outside_opt_out = 0;

            } else if (param.len == 7
                       && ngx_strncmp(param.data, "opt-out", 7) == 0)
            {
                cookie->outside_opt_out = 1;

            } else {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid value \"%V\" in \"%V\": use "
                                   "regime or opt-out", &param, &value[i]);
                return NGX_CONF_ERROR;
            }

            outside = i;

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }
    }

    /* only Cookiebot says that a visitor is outside every consent region */

    if (outside && cookie->format != NGX_HTTP_CONSENT_COOKIEBOT) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" is only for format=cookiebot",
                           &value[outside]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_consent_signals(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_str_t                     *value, list;
    ngx_uint_t                     i;
    consent_cats_t                *cats;
    ngx_http_consent_main_conf_t  *cmcf;

    if (clcf->signals_set != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;
    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);

    clcf->signals_set = 1;

    if (cf->args->nelts == 2 && ngx_strcmp(value[1].data, "off") == 0) {
        return NGX_CONF_OK;
    }

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_http_consent_param_once(cf, i) != NGX_OK) {
            return NGX_CONF_ERROR;
        }

        if (ngx_http_consent_param(&value[i], "dnt=", 4, &list) == NGX_OK) {
            cats = &clcf->dnt;

        } else if (ngx_http_consent_param(&value[i], "gpc=", 4, &list)
                   == NGX_OK)
        {
            cats = &clcf->gpc;

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }

        if (ngx_http_consent_category_list(cf, cmcf, &list, cats)
            != NGX_CONF_OK)
        {
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_consent_revision(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_str_t  *value;

    if (clcf->revision != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    clcf->revision = ngx_atoi(value[1].data, value[1].len);

    if (clcf->revision == NGX_ERROR || value[1].len > 9) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid revision \"%V\", use 0 to 999999999",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_consent_max_age(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_str_t  *value;

    if (clcf->max_age != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        clcf->max_age = 0;
        return NGX_CONF_OK;
    }

    clcf->max_age = ngx_parse_time(&value[1], 1);

    if (clcf->max_age == (time_t) NGX_ERROR || clcf->max_age == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid max age \"%V\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}

