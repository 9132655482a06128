
/*
 * ngx_consent_module: what the nginx glue files share: the configuration,
 * the context of a request, the enumerations with their names, and the
 * functions of the files that every other file may call (request.c,
 * categories.c, eval.c, visitor.c, variables.c).  Each concern that only
 * module.c calls has a header of its own.
 */


#ifndef _NGX_HTTP_CONSENT_H_INCLUDED_
#define _NGX_HTTP_CONSENT_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "consent_core.h"
#include "consent_ip.h"
#include "consent_region.h"


#define NGX_HTTP_CONSENT_MAX_COOKIES     16   /* consent_cookie per location */
#define NGX_HTTP_CONSENT_MAX_COPIES      8    /* copies of one cookie read */
#define NGX_HTTP_CONSENT_MAX_FAMILY      40   /* cookies of one family
                                                 (format=complianz) read:
                                                 8 copies of 5 members */
#define NGX_HTTP_CONSENT_NAME_MAX        256  /* a cookie name a directive
                                                 names */


/* consent formats, the values of "consent_cookie ... format=" (formats.c) */

typedef enum {
    NGX_HTTP_CONSENT_NATIVE = 0,
    NGX_HTTP_CONSENT_COOKIECONSENT,
    NGX_HTTP_CONSENT_KLARO,
    NGX_HTTP_CONSENT_COOKIEBOT,
    NGX_HTTP_CONSENT_ONETRUST,
    NGX_HTTP_CONSENT_TCF,
    NGX_HTTP_CONSENT_USPRIVACY,
    NGX_HTTP_CONSENT_GPP,
    NGX_HTTP_CONSENT_BORLABS,
    NGX_HTTP_CONSENT_AXEPTIO,
    NGX_HTTP_CONSENT_COOKIEYES,
    NGX_HTTP_CONSENT_COMPLIANZ,
    NGX_HTTP_CONSENT_DIDOMI,
    NGX_HTTP_CONSENT_NFORMATS
} ngx_http_consent_format_e;


/* $consent_state, named by ngx_http_consent_state_names[] (eval.c) */

typedef enum {
    NGX_HTTP_CONSENT_STATE_UNSET = 0,
    NGX_HTTP_CONSENT_STATE_ACCEPTED,
    NGX_HTTP_CONSENT_STATE_REJECTED,
    NGX_HTTP_CONSENT_STATE_PARTIAL,
    NGX_HTTP_CONSENT_STATE_INVALID,
    NGX_HTTP_CONSENT_NSTATES
} ngx_http_consent_state_e;

extern ngx_str_t  ngx_http_consent_state_names[];


/* $consent_source, named by ngx_http_consent_source_names[] (eval.c) */

typedef enum {
    NGX_HTTP_CONSENT_SOURCE_REGIME = 0,
    NGX_HTTP_CONSENT_SOURCE_COOKIE,
    NGX_HTTP_CONSENT_SOURCE_SIGNAL,
    NGX_HTTP_CONSENT_SOURCE_INVALID,
    NGX_HTTP_CONSENT_SOURCE_EXPIRED,
    NGX_HTTP_CONSENT_NSOURCES
} ngx_http_consent_source_e;

extern ngx_str_t  ngx_http_consent_source_names[];


/*
 * $consent_regime, named by ngx_http_consent_regime_names[] (visitor.c);
 * the values are those of the core's region table, and "mixed" when the
 * optional categories do not all have the same regime
 */

typedef enum {
    NGX_HTTP_CONSENT_OPT_IN = CONSENT_REGIME_OPT_IN,
    NGX_HTTP_CONSENT_OPT_OUT = CONSENT_REGIME_OPT_OUT,
    NGX_HTTP_CONSENT_MIXED,
    NGX_HTTP_CONSENT_NREGIMES
} ngx_http_consent_regime_e;

extern ngx_str_t  ngx_http_consent_regime_names[];


/*
 * consent_endpoint's outcomes, $consent_decision and the counters,
 * named by ngx_http_consent_decision_names[] (endpoint.c)
 */

typedef enum {
    NGX_HTTP_CONSENT_DECISION_NONE = 0,
    NGX_HTTP_CONSENT_DECISION_ACCEPTED,
    NGX_HTTP_CONSENT_DECISION_REJECTED,
    NGX_HTTP_CONSENT_DECISION_PARTIAL,
    NGX_HTTP_CONSENT_DECISION_INVALID,      /* 400, 413, 415 */
    NGX_HTTP_CONSENT_DECISION_CROSS_SITE,   /* 403 */
    NGX_HTTP_CONSENT_NDECISIONS
} ngx_http_consent_decision_e;

extern ngx_str_t  ngx_http_consent_decision_names[];


typedef struct ngx_http_consent_geoip_conf_s
    ngx_http_consent_geoip_conf_t;              /* geoip.c */
typedef struct ngx_http_consent_visitor_conf_s
    ngx_http_consent_visitor_conf_t;            /* visitor.c */
typedef struct ngx_http_consent_html_conf_s
    ngx_http_consent_html_conf_t;               /* html.c */
typedef struct ngx_http_consent_html_ctx_s
    ngx_http_consent_html_ctx_t;                /* html.c */
typedef struct ngx_http_consent_cookie_rules_s
    ngx_http_consent_cookie_rules_t;            /* cookies.c */
typedef struct ngx_http_consent_endpoint_s
    ngx_http_consent_endpoint_t;                /* endpoint.c */
typedef struct ngx_http_consent_counters_s
    ngx_http_consent_counters_t;                /* status.h */
typedef struct ngx_http_consent_gcm_conf_s
    ngx_http_consent_gcm_conf_t;                /* gcm.c */


/* what one format's configuration mentions, and how it maps to categories */

typedef struct {
    ngx_array_t                tokens;     /* consent_str_t */
    ngx_array_t                rules;      /* consent_rule_t */
} ngx_http_consent_map_t;


typedef struct {
    ngx_array_t                       categories; /* ngx_str_t, index =
                                                     category */
    ngx_http_consent_map_t            maps[NGX_HTTP_CONSENT_NFORMATS];
    consent_cats_t                    optional;   /* every optional
                                                     category */
    ngx_flag_t                        require;    /* consent_require is
                                                     used */
    ngx_flag_t                        strip;      /* consent_strip_cookies
                                                     is used */
    ngx_flag_t                        html;       /* consent_html is */
    ngx_http_consent_geoip_conf_t    *geoip;      /* the database */
    ngx_http_consent_visitor_conf_t  *visitor;    /* regimes, hash key */
    ngx_http_consent_html_conf_t     *html_conf;  /* words pages mark
                                                     with */
    ngx_http_consent_counters_t      *counters;   /* consent_status, or
                                                     NULL */
} ngx_http_consent_main_conf_t;


typedef struct {
    ngx_str_t                  name;
    ngx_http_consent_format_e  format;
    unsigned                   outside_opt_out:1; /* Cookiebot's -1 reads
                                                     as the opt-out
                                                     regime */
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
    ngx_http_consent_cookie_rules_t  *cookie_rules; /* compiled */
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
    ngx_http_consent_gcm_conf_t  *gcm;       /* $consent_gcm's mapping */
} ngx_http_consent_loc_conf_t;


/* what one request knows about its visitor, computed when first asked */

typedef struct {
    consent_ip_t                 ip;           /* family 0: no address */
    u_char                       country[2];
    u_char                       sub[CONSENT_REGION_SUB_LEN]; /* "CA-QC" */
    size_t                       sub_len;      /* 0: none known */
    consent_cats_t               opt_out;      /* categories whose regime
                                                  is opt-out */
    ngx_http_consent_regime_e    regime;
    unsigned                     addr:1;       /* ip is resolved */
    unsigned                     looked_up:1;  /* country is resolved */
    unsigned                     sub_read:1;   /* and the subdivision */
    unsigned                     known:1;      /* country[] holds a code */
    unsigned                     regime_set:1; /* regime is resolved */
} ngx_http_consent_visitor_t;


/*
 * The Cookie headers of the request and their cookies, as the scanner found
 * them: the evaluation notes them as it reads them, in a buffer on its
 * stack, and keeps them in the request when consent_strip_cookies will
 * drop some, for it to rewrite the headers without reading them again
 */

#define NGX_HTTP_CONSENT_KEEP_LINES      4    /* Cookie headers noted */
#define NGX_HTTP_CONSENT_KEEP_PAIRS      64   /* cookies noted */

typedef struct {
    const u_char                 *name;
    size_t                        len;        /* of the name */
    const u_char                 *last;       /* the end of the pair, its
                                                 quotes and all */
} ngx_http_consent_pair_t;


typedef struct {
    ngx_table_elt_t              *header;
    ngx_uint_t                    first;      /* its first pair */
    ngx_uint_t                    npairs;
    ngx_uint_t                    truncated;  /* the header has more than
                                                 CONSENT_COOKIE_MAX_PAIRS */
} ngx_http_consent_line_t;


typedef struct {
    ngx_uint_t                    nlines;
    ngx_uint_t                    npairs;
    ngx_uint_t                    full;       /* more than it holds */
    ngx_http_consent_line_t       line[NGX_HTTP_CONSENT_KEEP_LINES];
    ngx_http_consent_pair_t       pair[NGX_HTTP_CONSENT_KEEP_PAIRS];
} ngx_http_consent_noted_t;


/*
 * The context of a request, in the module's slot.  The main request's
 * holds the visitor and the evaluation, each computed once when first
 * asked (request.c finds it again after an internal redirect), and the
 * state of its HTML filter; a subrequest's holds only the state of its
 * own HTML filter, the evaluation being its main request's.
 */

typedef struct {
    consent_cats_t                granted;    /* "necessary" always */
    ngx_str_t                     id;         /* the deciding cookie's id */
    int64_t                       revision;   /* its policy revision, or
                                                 -1 */
    ngx_http_consent_state_e      state;
    ngx_http_consent_source_e     source;
    ngx_http_consent_decision_e   decision;   /* consent_endpoint's */
    ngx_array_t                  *expired;    /* names of cookies to
                                                 delete */
    ngx_http_consent_line_t      *lines;      /* the Cookie headers read */
    ngx_http_consent_pair_t      *pairs;      /* and their cookies */
    ngx_uint_t                    nlines;
    ngx_http_consent_html_ctx_t  *html;       /* this request's filter */
    ngx_uint_t                    regex_runs; /* consent_strip_cookies */
    unsigned                      dnt:1;
    unsigned                      gpc:1;        /* Sec-GPC: 1 */
    unsigned                      gpc_remembered:1; /* the native cookie's
                                                 "gpc": as if Sec-GPC: 1 */
    unsigned                      gpc_override:1;   /* its "gpc-override":
                                                 GPC vetoes nothing */
    unsigned                      stripped:1; /* Cookie headers scanned */
    unsigned                      lines_read:1; /* lines holds them all */
    unsigned                      evaluated:1;
    ngx_http_consent_visitor_t    visitor;
} ngx_http_consent_ctx_t;


/* the visitor has not decided: a banner is due, the cache key says so */

#define ngx_http_consent_undecided(ctx)                                       \
    ((ctx)->state == NGX_HTTP_CONSENT_STATE_UNSET                             \
     || (ctx)->state == NGX_HTTP_CONSENT_STATE_INVALID)


/* a walk over a list of headers, in or out */

typedef struct {
    ngx_list_part_t           *part;
    ngx_uint_t                 i;
} ngx_http_consent_walk_t;


/* ngx_http_consent_request.c */

ngx_http_consent_ctx_t *ngx_http_consent_request_ctx(ngx_http_request_t *r);
ngx_log_t *ngx_http_consent_client_log(ngx_http_request_t *r, ngx_log_t *log);
ngx_table_elt_t *ngx_http_consent_add_header(ngx_http_request_t *r,
    const char *key, size_t len);
void ngx_http_consent_walk_init(ngx_http_consent_walk_t *w, ngx_list_t *list);
ngx_table_elt_t *ngx_http_consent_walk_next(ngx_http_consent_walk_t *w);
ngx_table_elt_t *ngx_http_consent_find_header(ngx_list_t *list,
    const char *name, size_t len);
ngx_int_t ngx_http_consent_header_is(ngx_table_elt_t *h, const char *name,
    size_t len);
ngx_int_t ngx_http_consent_param_once(ngx_conf_t *cf, ngx_uint_t i);
ngx_int_t ngx_http_consent_param(ngx_str_t *value, const char *name,
    size_t len, ngx_str_t *param);
ngx_int_t ngx_http_consent_valid_cookie_name(ngx_str_t *name);

/* ngx_http_consent_categories.c */

char *ngx_http_consent_category(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_consent_add_builtin_categories(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf);
ngx_int_t ngx_http_consent_find_category(ngx_http_consent_main_conf_t *cmcf,
    ngx_str_t *name);
ngx_int_t ngx_http_consent_optional_category(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *name);
char *ngx_http_consent_category_list(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf, ngx_str_t *list,
    consent_cats_t *cats);

/* ngx_http_consent_cookies.c */

void ngx_http_consent_keep_lines(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, ngx_http_consent_noted_t *noted);

/* ngx_http_consent_eval.c */

ngx_http_consent_ctx_t *ngx_http_consent_eval(ngx_http_request_t *r);
ngx_http_consent_state_e ngx_http_consent_set_decision(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx, consent_cats_t granted);

/* ngx_http_consent_visitor.c */

ngx_http_consent_visitor_conf_t *ngx_http_consent_visitor_create_conf(
    ngx_conf_t *cf);
char *ngx_http_consent_geoip_source(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_regime(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_consent_ip_mask(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_visitor_key(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_visitor_init(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf);
ngx_http_consent_regime_e ngx_http_consent_visitor_regime(
    ngx_http_request_t *r);
consent_cats_t ngx_http_consent_visitor_opt_out(ngx_http_request_t *r);
ngx_http_consent_visitor_t *ngx_http_consent_visitor_country(
    ngx_http_request_t *r);
ngx_int_t ngx_http_consent_country_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
ngx_int_t ngx_http_consent_subdivision_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
ngx_int_t ngx_http_consent_masked_addr_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
ngx_int_t ngx_http_consent_visitor_hash_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);

/* ngx_http_consent_variables.c */

ngx_int_t ngx_http_consent_add_variables(ngx_conf_t *cf);
ngx_int_t ngx_http_consent_add_category_variable(ngx_conf_t *cf,
    ngx_str_t *name, ngx_uint_t category);
ngx_uint_t ngx_http_consent_gpc_honoured(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx);


extern ngx_module_t  ngx_http_consent_module;


#endif /* _NGX_HTTP_CONSENT_H_INCLUDED_ */
