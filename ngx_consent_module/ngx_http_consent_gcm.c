
/*
 * ngx_consent_module: Google Consent Mode v2.  $consent_gcm is the
 * request's evaluation as the JSON object that gtag('consent', ...) takes,
 * its seven consent types in a fixed order, each "granted" or "denied";
 * "consent_gcm TYPE=VALUE ..." says where a type comes from.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_gcm.h"


#define NGX_HTTP_CONSENT_GCM_NTYPES  7
#define NGX_HTTP_CONSENT_GCM_ALL     ((1 << NGX_HTTP_CONSENT_GCM_NTYPES) - 1)


/*
 * Per type, the categories that grant it: a type is "granted" when the
 * request grants any of them.  A category is one bit; "granted" is the bit
 * of "necessary", which every evaluation grants; "denied" is no bit.
 */

struct ngx_http_consent_gcm_conf_s {
    consent_cats_t             grant[NGX_HTTP_CONSENT_GCM_NTYPES];
    ngx_uint_t                 set;        /* types that have a value */
};


/* the consent types, in the order of the JSON object */

static ngx_str_t  ngx_http_consent_gcm_types[] = {
    ngx_string("ad_storage"),
    ngx_string("ad_user_data"),
    ngx_string("ad_personalization"),
    ngx_string("analytics_storage"),
    ngx_string("functionality_storage"),
    ngx_string("personalization_storage"),
    ngx_string("security_storage"),
};


/* consent_gcm ad_storage=marketing ... security_storage=granted; */

static ngx_http_consent_gcm_conf_t  ngx_http_consent_gcm_default = {
    { CONSENT_BIT(CONSENT_CAT_MARKETING),      /* ad_storage */
      CONSENT_BIT(CONSENT_CAT_MARKETING),      /* ad_user_data */
      CONSENT_BIT(CONSENT_CAT_MARKETING),      /* ad_personalization */
      CONSENT_BIT(CONSENT_CAT_ANALYTICS),      /* analytics_storage */
      CONSENT_BIT(CONSENT_CAT_PREFERENCES),    /* functionality_storage */
      CONSENT_BIT(CONSENT_CAT_PREFERENCES),    /* personalization_storage */
      CONSENT_BIT(CONSENT_CAT_NECESSARY) },    /* security_storage */
    NGX_HTTP_CONSENT_GCM_ALL
};


char *
ngx_http_consent_gcm(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    u_char                        *eq;
    ngx_int_t                      category;
    ngx_str_t                     *value, type, name;
    ngx_uint_t                     i, t;
    consent_cats_t                 grant;
    ngx_http_consent_gcm_conf_t   *gcm;
    ngx_http_consent_main_conf_t  *cmcf;

    if (clcf->gcm != NULL) {
        return "is duplicate";
    }

    gcm = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_gcm_conf_t));
    if (gcm == NULL) {
        return NGX_CONF_ERROR;
    }

    clcf->gcm = gcm;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);
    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        eq = ngx_strlchr(value[i].data, value[i].data + value[i].len, '=');

        if (eq == NULL || eq == value[i].data
            || eq + 1 == value[i].data + value[i].len)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\", "
                               "use TYPE=CATEGORY|granted|denied",
                               &value[i]);
            return NGX_CONF_ERROR;
        }

        type.data = value[i].data;
        type.len = eq - value[i].data;

        name.data = eq + 1;
        name.len = value[i].data + value[i].len - name.data;

        for (t = 0; t < NGX_HTTP_CONSENT_GCM_NTYPES; t++) {
            if (type.len == ngx_http_consent_gcm_types[t].len
                && ngx_strncmp(type.data, ngx_http_consent_gcm_types[t].data,
                               type.len)
                   == 0)
            {
                break;
            }
        }

        if (t == NGX_HTTP_CONSENT_GCM_NTYPES) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "unknown Consent Mode type \"%V\"", &type);
            return NGX_CONF_ERROR;
        }

        if (gcm->set & (1 << t)) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "Consent Mode type \"%V\" is duplicate",
                               &type);
            return NGX_CONF_ERROR;
        }

        if (name.len == sizeof("granted") - 1
            && ngx_strncmp(name.data, "granted", name.len) == 0)
        {
            grant = CONSENT_BIT(CONSENT_CAT_NECESSARY);

        } else if (name.len == sizeof("denied") - 1
                   && ngx_strncmp(name.data, "denied", name.len) == 0)
        {
            grant = 0;

        } else {
            category = ngx_http_consent_find_category(cmcf, &name);

            if (category == NGX_DECLINED) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "unknown consent category \"%V\"", &name);
                return NGX_CONF_ERROR;
            }

            grant = CONSENT_BIT(category);
        }

        gcm->grant[t] = grant;
        gcm->set |= 1 << t;
    }

    return NGX_CONF_OK;
}


/*
 * A level's types that consent_gcm does not name come from the level
 * above, and else from the default.  Only the http level is never merged
 * itself: a level above a server's or a location's is complete already,
 * and an http level's partial mapping is completed where it is shared.
 */

void
ngx_http_consent_gcm_merge(ngx_http_consent_loc_conf_t *prev,
    ngx_http_consent_loc_conf_t *conf)
{
    ngx_uint_t                    t;
    ngx_http_consent_gcm_conf_t  *gcm;

    gcm = conf->gcm;

    if (gcm == NULL) {
        gcm = prev->gcm;

        if (gcm == NULL) {
            conf->gcm = &ngx_http_consent_gcm_default;
            return;
        }

        conf->gcm = gcm;

    } else if (prev->gcm != NULL) {

        for (t = 0; t < NGX_HTTP_CONSENT_GCM_NTYPES; t++) {
            if (!(gcm->set & (1 << t)) && (prev->gcm->set & (1 << t))) {
                gcm->grant[t] = prev->gcm->grant[t];
                gcm->set |= 1 << t;
            }
        }
    }

    for (t = 0; t < NGX_HTTP_CONSENT_GCM_NTYPES; t++) {
        if (!(gcm->set & (1 << t))) {
            gcm->grant[t] = ngx_http_consent_gcm_default.grant[t];
        }
    }

    gcm->set = NGX_HTTP_CONSENT_GCM_ALL;
}


/*
 * {"ad_storage":"denied",...,"security_storage":"granted"}: the types in
 * the order of ngx_http_consent_gcm_types[], from the evaluation that every
 * other variable reads, so that the signals have vetoed already.
 */

ngx_int_t
ngx_http_consent_gcm_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                       *p;
    size_t                        len;
    ngx_uint_t                    t, on;
    ngx_http_consent_ctx_t       *ctx;
    ngx_http_consent_gcm_conf_t  *gcm;
    ngx_http_consent_loc_conf_t  *clcf;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);
    gcm = clcf->gcm;

    /* {"TYPE":"denied",...}: braces, and per type quotes, colon, comma */

    len = sizeof("{}") - 1 - 1;
    on = 0;

    for (t = 0; t < NGX_HTTP_CONSENT_GCM_NTYPES; t++) {
        if (ctx->granted & gcm->grant[t]) {
            on |= 1 << t;
            len += sizeof("\"granted\"") - 1;

        } else {
            len += sizeof("\"denied\"") - 1;
        }

        len += ngx_http_consent_gcm_types[t].len + sizeof("\"\":,") - 1;
    }

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->data = p;

    *p++ = '{';

    for (t = 0; t < NGX_HTTP_CONSENT_GCM_NTYPES; t++) {
        if (t) {
            *p++ = ',';
        }

        *p++ = '"';
        p = ngx_cpymem(p, ngx_http_consent_gcm_types[t].data,
                       ngx_http_consent_gcm_types[t].len);

        if (on & (1 << t)) {
            p = ngx_cpymem(p, "\":\"granted\"", sizeof("\":\"granted\"") - 1);

        } else {
            p = ngx_cpymem(p, "\":\"denied\"", sizeof("\":\"denied\"") - 1);
        }
    }

    *p++ = '}';

    v->len = p - v->data;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent gcm: %v", v);

    return NGX_OK;
}
