
/*
 * ngx_consent_module: variables.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_gcm.h"


static ngx_int_t ngx_http_consent_category_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_state_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_source_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_granted_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_cache_key_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_flag_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_id_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_regime_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_revision_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_consent_decision_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static void ngx_http_consent_set_value(ngx_http_variable_value_t *v,
    ngx_str_t *s);


#define NGX_HTTP_CONSENT_DNT           0
#define NGX_HTTP_CONSENT_GPC           1
#define NGX_HTTP_CONSENT_GPC_HONOURED  2


static ngx_http_variable_t  ngx_http_consent_vars[] = {

    { ngx_string("consent_state"), NULL,
      ngx_http_consent_state_variable, 0, 0, 0 },

    { ngx_string("consent_source"), NULL,
      ngx_http_consent_source_variable, 0, 0, 0 },

    { ngx_string("consent_granted"), NULL,
      ngx_http_consent_granted_variable, 0, 0, 0 },

    { ngx_string("consent_cache_key"), NULL,
      ngx_http_consent_cache_key_variable, 0, 0, 0 },

    { ngx_string("consent_dnt"), NULL,
      ngx_http_consent_flag_variable, NGX_HTTP_CONSENT_DNT, 0, 0 },

    { ngx_string("consent_gpc"), NULL,
      ngx_http_consent_flag_variable, NGX_HTTP_CONSENT_GPC, 0, 0 },

    { ngx_string("consent_gpc_honoured"), NULL,
      ngx_http_consent_flag_variable, NGX_HTTP_CONSENT_GPC_HONOURED, 0, 0 },

    { ngx_string("consent_id"), NULL,
      ngx_http_consent_id_variable, 0, 0, 0 },

    { ngx_string("consent_regime"), NULL,
      ngx_http_consent_regime_variable, 0, 0, 0 },

    { ngx_string("consent_revision"), NULL,
      ngx_http_consent_revision_variable, 0, 0, 0 },

    { ngx_string("consent_decision"), NULL,
      ngx_http_consent_decision_variable, 0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("consent_country"), NULL,
      ngx_http_consent_country_variable, 0, 0, 0 },

    { ngx_string("consent_subdivision"), NULL,
      ngx_http_consent_subdivision_variable, 0, 0, 0 },

    { ngx_string("consent_masked_addr"), NULL,
      ngx_http_consent_masked_addr_variable, 0, 0, 0 },

    { ngx_string("consent_visitor_hash"), NULL,
      ngx_http_consent_visitor_hash_variable, 0, 0, 0 },

    { ngx_string("consent_gcm"), NULL,
      ngx_http_consent_gcm_variable, 0, 0, 0 },

      ngx_http_null_variable
};


static ngx_str_t  ngx_http_consent_flags[] = {
    ngx_string("0"),
    ngx_string("1"),
};


ngx_int_t
ngx_http_consent_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_consent_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


/* $consent_NAME for a category; its name is checked by the caller */

ngx_int_t
ngx_http_consent_add_category_variable(ngx_conf_t *cf, ngx_str_t *name,
    ngx_uint_t category)
{
    ngx_str_t             vname;
    ngx_http_variable_t  *v, *var;

    for (v = ngx_http_consent_vars; v->name.len; v++) {
        if (v->name.len == sizeof("consent_") - 1 + name->len
            && ngx_strncmp(v->name.data + sizeof("consent_") - 1, name->data,
                           name->len)
               == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "consent category \"%V\" would hide the "
                               "variable \"$%V\"", name, &v->name);
            return NGX_ERROR;
        }
    }

    vname.len = sizeof("consent_") - 1 + name->len;
    vname.data = ngx_pnalloc(cf->pool, vname.len);
    if (vname.data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(ngx_cpymem(vname.data, "consent_", sizeof("consent_") - 1),
               name->data, name->len);

    var = ngx_http_add_variable(cf, &vname, 0);
    if (var == NULL) {
        return NGX_ERROR;
    }

    var->get_handler = ngx_http_consent_category_variable;
    var->data = category;

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_category_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_http_consent_set_value(v,
        &ngx_http_consent_flags[(ctx->granted & CONSENT_BIT(data)) ? 1 : 0]);

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_state_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_http_consent_set_value(v, &ngx_http_consent_state_names[ctx->state]);

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_source_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_http_consent_set_value(v, &ngx_http_consent_source_names[ctx->source]);

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_granted_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                        *p;
    size_t                         len;
    ngx_str_t                     *name;
    ngx_uint_t                     i;
    ngx_http_consent_ctx_t        *ctx;
    ngx_http_consent_main_conf_t  *cmcf;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    name = cmcf->categories.elts;

    len = 0;

    for (i = 0; i < cmcf->categories.nelts; i++) {
        if (ctx->granted & CONSENT_BIT(i)) {
            len += name[i].len + 1;
        }
    }

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->data = p;

    for (i = 0; i < cmcf->categories.nelts; i++) {
        if (ctx->granted & CONSENT_BIT(i)) {
            if (p != v->data) {
                *p++ = ',';
            }

            p = ngx_cpymem(p, name[i].data, name[i].len);
        }
    }

    v->len = p - v->data;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * The granted categories as a hexadecimal mask, and "u" while the visitor
 * has not decided (a response may then carry a banner): what a response
 * that depends on consent must be cached under.
 */

static ngx_int_t
ngx_http_consent_cache_key_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                  *p;
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    p = ngx_pnalloc(r->pool, NGX_INT32_LEN + 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->data = p;

    p = ngx_sprintf(p, "%xD", ctx->granted);

    if (ngx_http_consent_undecided(ctx)) {
        *p++ = 'u';
    }

    v->len = p - v->data;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_flag_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_uint_t               on;
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    switch (data) {

    case NGX_HTTP_CONSENT_DNT:
        on = ctx->dnt;
        break;

    case NGX_HTTP_CONSENT_GPC:
        on = ctx->gpc;
        break;

    default: /* NGX_HTTP_CONSENT_GPC_HONOURED */
        on = ngx_http_consent_gpc_honoured(r, ctx);
    }

    ngx_http_consent_set_value(v, &ngx_http_consent_flags[on]);

    return NGX_OK;
}


/*
 * A Global Privacy Control opt-out applies to the request, and the page
 * may say so (11 CCR 7025(c)(6)): Sec-GPC: 1 or the opt-out the consent
 * cookie remembers, not overridden by the visitor, and consent_signals
 * lets GPC veto some category.
 */

ngx_uint_t
ngx_http_consent_gpc_honoured(ngx_http_request_t *r,
    ngx_http_consent_ctx_t *ctx)
{
    ngx_http_consent_loc_conf_t  *clcf;

    clcf = ngx_http_get_module_loc_conf(r->main, ngx_http_consent_module);

    return (ctx->gpc || ctx->gpc_remembered) && !ctx->gpc_override
           && clcf->gpc != 0;
}


static ngx_int_t
ngx_http_consent_id_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_http_consent_set_value(v, &ctx->id);

    return NGX_OK;
}


static ngx_int_t
ngx_http_consent_regime_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_set_value(v,
        &ngx_http_consent_regime_names[ngx_http_consent_visitor_regime(r)]);

    return NGX_OK;
}


/* the policy revision of the deciding cookie, or of the decision posted */

static ngx_int_t
ngx_http_consent_revision_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                  *p;
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    if (ctx->revision < 0) {
        v->not_found = 1;
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, NGX_INT64_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->len = ngx_sprintf(p, "%L", ctx->revision) - p;
    v->data = p;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * What consent_endpoint recorded in this request: empty in any other, so
 * that "access_log ... if=$consent_decision" logs the receipts only.
 */

static ngx_int_t
ngx_http_consent_decision_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_consent_module);

    if (ctx == NULL || ctx->decision == NGX_HTTP_CONSENT_DECISION_NONE) {
        v->not_found = 1;
        return NGX_OK;
    }

    ngx_http_consent_set_value(v,
                             &ngx_http_consent_decision_names[ctx->decision]);

    return NGX_OK;
}


static void
ngx_http_consent_set_value(ngx_http_variable_value_t *v, ngx_str_t *s)
{
    v->len = s->len;
    v->data = s->data;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
}
