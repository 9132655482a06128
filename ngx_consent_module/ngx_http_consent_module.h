
/*
 * ngx_consent_module: what the nginx glue files share.
 */


#ifndef _NGX_HTTP_CONSENT_MODULE_H_INCLUDED_
#define _NGX_HTTP_CONSENT_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "consent_core.h"
#include "consent_ip.h"


/* consent formats, the values of "consent_cookie ... format=" */

#define NGX_HTTP_CONSENT_NATIVE          0
#define NGX_HTTP_CONSENT_COOKIECONSENT   1
#define NGX_HTTP_CONSENT_KLARO           2
#define NGX_HTTP_CONSENT_COOKIEBOT       3
#define NGX_HTTP_CONSENT_ONETRUST        4
#define NGX_HTTP_CONSENT_TCF             5
#define NGX_HTTP_CONSENT_USPRIVACY       6
#define NGX_HTTP_CONSENT_NFORMATS        7


#define NGX_HTTP_CONSENT_MAX_COOKIES     16   /* consent_cookie per location */
#define NGX_HTTP_CONSENT_MAX_COPIES      8    /* copies of one cookie read */


/* $consent_state */

#define NGX_HTTP_CONSENT_STATE_UNSET     0
#define NGX_HTTP_CONSENT_STATE_ACCEPTED  1
#define NGX_HTTP_CONSENT_STATE_REJECTED  2
#define NGX_HTTP_CONSENT_STATE_PARTIAL   3
#define NGX_HTTP_CONSENT_STATE_INVALID   4

/* $consent_source */

#define NGX_HTTP_CONSENT_SOURCE_REGIME   0
#define NGX_HTTP_CONSENT_SOURCE_COOKIE   1
#define NGX_HTTP_CONSENT_SOURCE_SIGNAL   2
#define NGX_HTTP_CONSENT_SOURCE_INVALID  3
#define NGX_HTTP_CONSENT_SOURCE_EXPIRED  4

/* regimes */

#define NGX_HTTP_CONSENT_OPT_IN          0
#define NGX_HTTP_CONSENT_OPT_OUT         1


/* ngx_http_consent_geoip.c */

typedef struct ngx_http_consent_geoip_conf_s  ngx_http_consent_geoip_conf_t;


/* ngx_http_consent_html.c */

typedef struct ngx_http_consent_html_conf_s  ngx_http_consent_html_conf_t;


/* ngx_http_consent_cookies.c */

typedef struct ngx_http_consent_strip_s  ngx_http_consent_strip_t;


/* ngx_http_consent_endpoint.c */

typedef struct ngx_http_consent_endpoint_s  ngx_http_consent_endpoint_t;


/* ngx_http_consent_status.h */

typedef struct ngx_http_consent_counters_s  ngx_http_consent_counters_t;


/* what one format's configuration mentions, and how it maps to categories */

typedef struct {
    ngx_array_t                tokens;     /* consent_str_t */
    ngx_array_t                rules;      /* consent_rule_t */
} ngx_http_consent_map_t;


typedef struct {
    ngx_array_t                     categories; /* ngx_str_t, index =
                                                   category */
    ngx_http_consent_map_t          maps[NGX_HTTP_CONSENT_NFORMATS];
    consent_cats_t                  optional;   /* every optional category */
    ngx_flag_t                      require;    /* consent_require is used */
    ngx_flag_t                      strip;      /* consent_strip_cookies
                                                   is used */
    ngx_flag_t                      html;       /* consent_html is */
    ngx_http_consent_geoip_conf_t  *geoip;      /* database, regimes, key */
    ngx_http_consent_html_conf_t   *html_conf;  /* words pages mark with */
    ngx_http_consent_counters_t    *counters;   /* consent_status, or NULL */
} ngx_http_consent_main_conf_t;


typedef struct {
    ngx_str_t                  name;
    ngx_uint_t                 format;
} ngx_http_consent_cookie_t;


typedef struct {
    ngx_array_t                  *cookies;   /* ngx_http_consent_cookie_t */
    ngx_int_t                     revision;
    time_t                        max_age;
    ngx_uint_t                    signals_set;
    consent_cats_t                dnt;       /* categories DNT vetoes */
    consent_cats_t                gpc;       /* categories Sec-GPC vetoes */
    ngx_int_t                     require;   /* category, or -1 */
    ngx_uint_t                    require_status;
    ngx_array_t                  *strip_rules;
    ngx_http_consent_strip_t     *strip;
    ngx_flag_t                    expire_cookies;
    ngx_str_t                     expire_domain; /* the trackers' own */
    ngx_str_t                     expire_path;
    ngx_uint_t                    html;
    ngx_hash_t                    html_types;
    ngx_array_t                  *html_types_keys;
    ngx_str_t                     banner;
    ngx_int_t                     geoip_source;  /* variable, or -1 */
    ngx_uint_t                    mask_v4;
    ngx_uint_t                    mask_v6;
    ngx_http_consent_endpoint_t  *endpoint;
    ngx_str_t                    *endpoint_cookie; /* the one it writes */
} ngx_http_consent_loc_conf_t;


/* what one request knows about its visitor, computed when first asked */

typedef struct {
    consent_ip_t               ip;           /* family 0: no address */
    u_char                     country[2];
    unsigned                   addr:1;       /* ip is resolved */
    unsigned                   looked_up:1;  /* country is resolved */
    unsigned                   known:1;      /* country[] holds a code */
    unsigned                   regime_set:1; /* ctx->regime is resolved */
} ngx_http_consent_geo_ctx_t;


/*
 * The context of one (main) request: the visitor, and the evaluation,
 * each computed once when first asked.
 */

typedef struct {
    consent_cats_t             granted;    /* "necessary" always */
    ngx_str_t                  id;         /* the deciding cookie's id */
    int64_t                    revision;   /* its policy revision, or -1 */
    ngx_uint_t                 state;
    ngx_uint_t                 source;
    ngx_uint_t                 regime;
    ngx_array_t               *expired;    /* names of cookies to delete */
    void                      *html;       /* the main request's filter */
    ngx_uint_t                 decision;   /* consent_endpoint: outcome+1 */
    ngx_uint_t                 regex_runs; /* consent_strip_cookies */
    unsigned                   dnt:1;
    unsigned                   gpc:1;
    unsigned                   stripped:1; /* Cookie headers scanned */
    unsigned                   evaluated:1;
    ngx_http_consent_geo_ctx_t geo;
} ngx_http_consent_ctx_t;


/* the visitor has not decided: a banner is due, the cache key says so */

#define ngx_http_consent_undecided(ctx)                                       \
    ((ctx)->state == NGX_HTTP_CONSENT_STATE_UNSET                             \
     || (ctx)->state == NGX_HTTP_CONSENT_STATE_INVALID)


ngx_http_consent_ctx_t *ngx_http_consent_request_ctx(ngx_http_request_t *r);
ngx_http_consent_ctx_t *ngx_http_consent_eval(ngx_http_request_t *r);
ngx_log_t *ngx_http_consent_client_log(ngx_http_request_t *r, ngx_log_t *log);
ngx_int_t ngx_http_consent_param_once(ngx_conf_t *cf, ngx_uint_t i);
ngx_table_elt_t *ngx_http_consent_add_header(ngx_http_request_t *r,
    const char *key, size_t len);

ngx_int_t ngx_http_consent_find_category(ngx_http_consent_main_conf_t *cmcf,
    ngx_str_t *name);
ngx_int_t ngx_http_consent_optional_category(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *name);

extern ngx_str_t  ngx_http_consent_states[];
extern ngx_str_t  ngx_http_consent_sources[];
extern ngx_str_t  ngx_http_consent_regimes[];
extern ngx_str_t  ngx_http_consent_decision_names[];


ngx_int_t ngx_http_consent_add_variables(ngx_conf_t *cf);
ngx_int_t ngx_http_consent_add_category_variable(ngx_conf_t *cf,
    ngx_str_t *name, ngx_uint_t category);


extern ngx_module_t  ngx_http_consent_module;


#endif /* _NGX_HTTP_CONSENT_MODULE_H_INCLUDED_ */
