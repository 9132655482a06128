
/*
 * ngx_consent_module: consent_endpoint.
 *
 * GET answers the visitor's state as JSON.  POST records a decision sent
 * by a cookie banner as a form: it writes the native consent cookie,
 * deletes the cookies of the categories the decision denies, and answers
 * 303 back to the page (same origin only), or 204 to a script that asks
 * for JSON.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_cookies.h"
#include "ngx_http_consent_endpoint.h"
#include "ngx_http_consent_status.h"
#include "consent_form.h"
#include "consent_native.h"
#include "consent_siphash.h"

#include <sys/random.h>


#define NGX_HTTP_CONSENT_ID_BYTES       12  /* 16 characters of base64url */

/* 13 months, the longest a decision is kept before the banner asks again */
#define NGX_HTTP_CONSENT_MAX_AGE_MAX    (395 * 86400)

#define NGX_HTTP_CONSENT_SAMESITE_LAX     0
#define NGX_HTTP_CONSENT_SAMESITE_STRICT  1
#define NGX_HTTP_CONSENT_SAMESITE_NONE    2


struct ngx_http_consent_endpoint_s {
    ngx_str_t                  domain;
    ngx_str_t                  path;
    time_t                     max_age;
    ngx_uint_t                 samesite;
    u_char                     key[CONSENT_SIPHASH_KEYLEN];
};


static ngx_int_t ngx_http_consent_endpoint_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_endpoint_state(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_endpoint_cross_site(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_endpoint_form_type(ngx_http_request_t *r);
static void ngx_http_consent_endpoint_body(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_endpoint_decide(ngx_http_request_t *r,
    u_char *body, size_t len);
static ngx_uint_t ngx_http_consent_endpoint_gpc(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_http_consent_ctx_t *ctx,
    consent_form_t *form, consent_cats_t granted);
static ngx_int_t ngx_http_consent_endpoint_cookie(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, consent_cats_t granted,
    ngx_str_t *id, ngx_uint_t gpc);
static ngx_int_t ngx_http_consent_endpoint_reply(ngx_http_request_t *r);
static ngx_int_t ngx_http_consent_endpoint_refuse(ngx_http_request_t *r,
    ngx_uint_t status, const char *reason);
static ngx_str_t *ngx_http_consent_endpoint_scheme(ngx_http_request_t *r);


/* indexed by ngx_http_consent_decision_e */

ngx_str_t  ngx_http_consent_decision_names[] = {
    ngx_null_string,
    ngx_string("accepted"),
    ngx_string("rejected"),
    ngx_string("partial"),
    ngx_string("invalid"),
    ngx_string("cross_site"),
};


static ngx_str_t  ngx_http_consent_samesite[] = {
    ngx_string("Lax"),
    ngx_string("Strict"),
    ngx_string("None"),
};


/* the sequence of consent ids of this worker */

static uint64_t  ngx_http_consent_id_seq;


/*
 * consent_endpoint [domain=DOMAIN] [path=PATH] [max_age=TIME]
 *                  [samesite=lax|strict|none];
 */

char *
ngx_http_consent_endpoint(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    u_char                       *p, *end;
    time_t                        t;
    ssize_t                       n;
    ngx_str_t                    *value, s, *attr;
    ngx_uint_t                    i;
    ngx_http_core_loc_conf_t     *core;
    ngx_http_consent_endpoint_t  *ep;

    if (clcf->endpoint) {
        return "is duplicate";
    }

    ep = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_endpoint_t));
    if (ep == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_str_set(&ep->path, "/");
    ep->max_age = NGX_HTTP_CONSENT_MAX_AGE_MAX;
    ep->samesite = NGX_HTTP_CONSENT_SAMESITE_LAX;

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_http_consent_param_once(cf, i) != NGX_OK) {
            return NGX_CONF_ERROR;
        }

        if (ngx_http_consent_param(&value[i], "max_age=", 8, &s) == NGX_OK) {
            t = ngx_parse_time(&s, 1);

            if (t == (time_t) NGX_ERROR || t == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid max_age \"%V\"", &s);
                return NGX_CONF_ERROR;
            }

            if (t > NGX_HTTP_CONSENT_MAX_AGE_MAX) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "max_age \"%V\" is over 13 months "
                                   "(395d)", &s);
                return NGX_CONF_ERROR;
            }

            ep->max_age = t;
            continue;
        }

        if (ngx_strcmp(value[i].data, "samesite=lax") == 0) {
            ep->samesite = NGX_HTTP_CONSENT_SAMESITE_LAX;
            continue;
        }

        if (ngx_strcmp(value[i].data, "samesite=strict") == 0) {
            ep->samesite = NGX_HTTP_CONSENT_SAMESITE_STRICT;
            continue;
        }

        if (ngx_strcmp(value[i].data, "samesite=none") == 0) {
            ep->samesite = NGX_HTTP_CONSENT_SAMESITE_NONE;
            continue;
        }

        if (ngx_http_consent_param(&value[i], "domain=", 7, &s) == NGX_OK) {
            attr = &ep->domain;

        } else if (ngx_http_consent_param(&value[i], "path=", 5, &s)
                   == NGX_OK)
        {
            attr = &ep->path;

            if (s.len == 0 || s.data[0] != '/') {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid path \"%V\": it must start "
                                   "with \"/\"", &s);
                return NGX_CONF_ERROR;
            }

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }

        /* what a cookie attribute may hold (RFC 6265, av-octet) */

        end = s.data + s.len;

        for (p = s.data; p < end; p++) {
            if (*p <= ' ' || *p >= 0x7f || *p == ';') {
                break;
            }
        }

        if (s.len == 0 || p != end) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }

        *attr = s;
    }

    /* the key consent ids are made with: random, in memory only */

    n = getrandom(ep->key, sizeof(ep->key), 0);

    if (n != (ssize_t) sizeof(ep->key)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "getrandom() failed");
        return NGX_CONF_ERROR;
    }

    clcf->endpoint = ep;

    core = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);

    if (core->handler) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"consent_endpoint\" cannot share a location "
                           "with another content handler");
        return NGX_CONF_ERROR;
    }

    core->handler = ngx_http_consent_endpoint_handler;

    return NGX_CONF_OK;
}


/* the cookie the endpoint writes: the location's first native one */

char *
ngx_http_consent_endpoint_merge(ngx_conf_t *cf,
    ngx_http_consent_loc_conf_t *conf)
{
    ngx_uint_t                  i;
    ngx_http_consent_cookie_t  *cookie;

    if (conf->endpoint == NULL) {
        return NGX_CONF_OK;
    }

    cookie = conf->cookies->elts;

    for (i = 0; i < conf->cookies->nelts; i++) {
        if (cookie[i].format == NGX_HTTP_CONSENT_NATIVE) {
            conf->endpoint_cookie = &cookie[i].name;
            return NGX_CONF_OK;
        }
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "\"consent_endpoint\" writes the native consent "
                       "cookie: the location needs a \"consent_cookie\" "
                       "with format=native");

    return NGX_CONF_ERROR;
}


static ngx_int_t
ngx_http_consent_endpoint_handler(ngx_http_request_t *r)
{
    ngx_int_t  rc;

    if (r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD)) {
        rc = ngx_http_discard_request_body(r);
        if (rc != NGX_OK) {
            return rc;
        }

        return ngx_http_consent_endpoint_state(r);
    }

    if (r->method != NGX_HTTP_POST) {
        return NGX_HTTP_NOT_ALLOWED;
    }

    if (ngx_http_consent_endpoint_cross_site(r)) {
        return ngx_http_consent_endpoint_refuse(r, NGX_HTTP_FORBIDDEN,
                                                "a cross-site request");
    }

    if (!ngx_http_consent_endpoint_form_type(r)) {
        return ngx_http_consent_endpoint_refuse(r,
                                       NGX_HTTP_UNSUPPORTED_MEDIA_TYPE,
                                       "not a form");
    }

    if (r->headers_in.content_length_n > CONSENT_FORM_MAX_LEN) {
        return ngx_http_consent_endpoint_refuse(r,
                                       NGX_HTTP_REQUEST_ENTITY_TOO_LARGE,
                                       "the form is too large");
    }

    rc = ngx_http_read_client_request_body(r, ngx_http_consent_endpoint_body);

    if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
        return rc;
    }

    return NGX_DONE;
}


static void
ngx_http_consent_endpoint_body(ngx_http_request_t *r)
{
    u_char       *body, *p;
    size_t        len;
    ngx_int_t     rc;
    ngx_buf_t    *b;
    ngx_chain_t  *cl;

    len = 0;

    if (r->request_body) {
        for (cl = r->request_body->bufs; cl; cl = cl->next) {
            b = cl->buf;

            if (b->in_file) {
                len = CONSENT_FORM_MAX_LEN + 1;
                break;
            }

            len += b->last - b->pos;
        }
    }

    if (len > CONSENT_FORM_MAX_LEN) {
        ngx_http_finalize_request(r,
            ngx_http_consent_endpoint_refuse(r,
                                       NGX_HTTP_REQUEST_ENTITY_TOO_LARGE,
                                       "the form is too large"));
        return;
    }

    body = ngx_pnalloc(r->pool, len ? len : 1);
    if (body == NULL) {
        ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    p = body;

    if (r->request_body) {
        for (cl = r->request_body->bufs; cl; cl = cl->next) {

            /* the last buffer of a chunked body may have no memory */

            if (cl->buf->last > cl->buf->pos) {
                p = ngx_cpymem(p, cl->buf->pos, cl->buf->last - cl->buf->pos);
            }
        }
    }

    rc = ngx_http_consent_endpoint_decide(r, body, len);

    ngx_http_finalize_request(r, rc);
}


static ngx_int_t
ngx_http_consent_endpoint_decide(ngx_http_request_t *r, u_char *body,
    size_t len)
{
    int                             rc;
    u_char                         *p, *end, i;
    uint64_t                        h[2];
    ngx_str_t                       id, raw;
    ngx_log_t                       log;
    ngx_uint_t                      gpc;
    consent_cats_t                  granted;
    consent_form_t                  form;
    consent_siphash_t               sh;
    ngx_http_consent_ctx_t         *ctx;
    ngx_http_consent_loc_conf_t    *clcf;
    ngx_http_consent_main_conf_t   *cmcf;
    ngx_http_consent_decision_e     decision;
    u_char                          bad[CONSENT_FORM_BAD_LEN];

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    rc = consent_form_parse(body, len,
                            cmcf->maps[NGX_HTTP_CONSENT_NATIVE].tokens.elts,
                            cmcf->maps[NGX_HTTP_CONSENT_NATIVE].tokens.nelts,
                            &form);

    if (rc != CONSENT_OK) {

        /* the key is the visitor's text: only its printable bytes */

        end = form.bad.len ? ngx_cpymem(bad, form.bad.data, form.bad.len)
                           : bad;

        for (p = bad; p < end; p++) {
            if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\') {
                *p = '?';
            }
        }

        ngx_log_error(NGX_LOG_INFO, ngx_http_consent_client_log(r, &log), 0,
                      "consent_endpoint: invalid form: %s%s%*s%s",
                      consent_strerror(rc), form.bad.len ? " at \"" : "",
                      (size_t) (end - bad), bad, form.bad.len ? "\"" : "");

        ngx_http_consent_count(cmcf,
                               decisions[NGX_HTTP_CONSENT_DECISION_INVALID],
                               1);

        return NGX_HTTP_BAD_REQUEST;
    }

    if (form.accept_all) {
        granted = cmcf->optional;

    } else if (form.reject_all) {
        granted = 0;

    } else {
        granted = (consent_cats_t) form.granted & cmcf->optional;
    }

    /*
     * a new consent id for each decision: SipHash, under a key that is
     * never written, of this worker's pid and sequence number
     */

    ngx_http_consent_id_seq++;

    for (i = 0; i < 2; i++) {
        consent_siphash_init(&sh, clcf->endpoint->key);
        consent_siphash_update(&sh, (u_char *) &ngx_pid, sizeof(ngx_pid));
        consent_siphash_update(&sh, (u_char *) &ngx_http_consent_id_seq,
                               sizeof(uint64_t));
        consent_siphash_update(&sh, &i, 1);
        h[i] = consent_siphash_final(&sh);
    }

    raw.data = (u_char *) h;
    raw.len = NGX_HTTP_CONSENT_ID_BYTES;

    id.data = ngx_pnalloc(r->pool, ngx_base64_encoded_length(raw.len));
    if (id.data == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_encode_base64url(&id, &raw);

    /* the signals of this request, and the GPC opt-out the cookie holds */

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    gpc = ngx_http_consent_endpoint_gpc(r, clcf, ctx, &form, granted);

    if (ngx_http_consent_endpoint_cookie(r, clcf, granted, &id, gpc)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /*
     * the request's variables (the receipt in the access log) and the
     * cookie filters see the new decision; privacy signals still veto,
     * and so does the GPC opt-out just recorded
     */

    ctx->gpc_remembered = (gpc == CONSENT_NATIVE_GPC_OPT_OUT);
    ctx->gpc_override = (gpc == CONSENT_NATIVE_GPC_OVERRIDE);

    switch (ngx_http_consent_set_decision(r, ctx, granted)) {

    case NGX_HTTP_CONSENT_STATE_ACCEPTED:
        decision = NGX_HTTP_CONSENT_DECISION_ACCEPTED;
        break;

    case NGX_HTTP_CONSENT_STATE_REJECTED:
        decision = NGX_HTTP_CONSENT_DECISION_REJECTED;
        break;

    default: /* NGX_HTTP_CONSENT_STATE_PARTIAL */
        decision = NGX_HTTP_CONSENT_DECISION_PARTIAL;
    }

    ctx->id = id;
    ctx->revision = clcf->revision;
    ctx->decision = decision;

    ngx_http_consent_count(cmcf, decisions[decision], 1);

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent_endpoint: %V, granted %xD",
                   &ngx_http_consent_decision_names[decision], ctx->granted);

    /* withdrawn: the cookies of every denied category go too */

    if (clcf->cookie_rules
        && ngx_http_consent_expire_denied(r, clcf) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ngx_http_consent_endpoint_reply(r);
}


/*
 * The GPC record of the new cookie.  A decision made with Sec-GPC: 1, or
 * while the cookie remembers the opt-out, keeps it (11 CCR 7025(c)(5),
 * 4 CCR 904-3 Rule 5.09(B): a later request without the signal is no
 * opt-in), unless the form confirms, with "gpc_override", that the
 * visitor grants what GPC vetoes (7025(c)(3), Rule 5.09(A)); an override
 * that grants nothing GPC vetoes is no override.
 */

static ngx_uint_t
ngx_http_consent_endpoint_gpc(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, ngx_http_consent_ctx_t *ctx,
    consent_form_t *form, consent_cats_t granted)
{
    if (!ctx->gpc && !ctx->gpc_remembered) {
        return CONSENT_NATIVE_GPC_NONE;
    }

    if (form->gpc_override && (granted & clcf->gpc)) {
        ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "consent_endpoint: GPC overridden by the visitor");

        return CONSENT_NATIVE_GPC_OVERRIDE;
    }

    return CONSENT_NATIVE_GPC_OPT_OUT;
}


static ngx_int_t
ngx_http_consent_endpoint_cookie(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf, consent_cats_t granted, ngx_str_t *id,
    ngx_uint_t gpc)
{
    u_char                        *p;
    size_t                         len, vlen;
    time_t                         max_age;
    ngx_str_t                     *name;
    ngx_table_elt_t               *h;
    ngx_http_consent_endpoint_t   *ep;
    ngx_http_consent_main_conf_t  *cmcf;
    u_char                         value[CONSENT_NATIVE_MAX_LEN];

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    ep = clcf->endpoint;
    name = clcf->endpoint_cookie;

    vlen = consent_native_write(value, sizeof(value), ngx_time(),
                         clcf->revision,
                         cmcf->maps[NGX_HTTP_CONSENT_NATIVE].tokens.elts,
                         cmcf->maps[NGX_HTTP_CONSENT_NATIVE].tokens.nelts,
                         granted, id->data, id->len, gpc);
    if (vlen == 0) {
        ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                      "consent_endpoint: the cookie cannot be written");
        return NGX_ERROR;
    }

    /* consent_max_age would expire the decision earlier: so does the cookie */

    max_age = ep->max_age;

    if (clcf->max_age && clcf->max_age < max_age) {
        max_age = clcf->max_age;
    }

    len = name->len + 1 + vlen
          + sizeof("; Path=") - 1 + ep->path.len
          + sizeof("; Max-Age=") - 1 + NGX_TIME_T_LEN
          + sizeof("; SameSite=") - 1 + sizeof("Strict") - 1
          + sizeof("; Secure") - 1;

    if (ep->domain.len) {
        len += sizeof("; Domain=") - 1 + ep->domain.len;
    }

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    h = ngx_http_consent_add_header(r, "Set-Cookie",
                                         sizeof("Set-Cookie") - 1);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->value.data = p;

    p = ngx_cpymem(p, name->data, name->len);
    *p++ = '=';
    p = ngx_cpymem(p, value, vlen);
    p = ngx_sprintf(p, "; Path=%V; Max-Age=%T; SameSite=%V", &ep->path,
                    max_age, &ngx_http_consent_samesite[ep->samesite]);

    if (ep->domain.len) {
        p = ngx_sprintf(p, "; Domain=%V", &ep->domain);
    }

    /* SameSite=None is refused by browsers without Secure */

    if (ep->samesite == NGX_HTTP_CONSENT_SAMESITE_NONE
#if (NGX_HTTP_SSL)
        || r->connection->ssl
#endif
       )
    {
        p = ngx_cpymem(p, "; Secure", sizeof("; Secure") - 1);
    }

    h->value.len = p - h->value.data;

    return NGX_OK;
}


/*
 * 204 to a script that asks for JSON; else 303 back to the page the form
 * was on when the Referer is of this origin, or to "/"
 */

static ngx_int_t
ngx_http_consent_endpoint_reply(ngx_http_request_t *r)
{
    ngx_str_t         host, *scheme;
    ngx_table_elt_t  *h, *accept;
    consent_str_t     path;

    r->headers_out.content_length_n = 0;
    r->header_only = 1;

    accept = ngx_http_consent_find_header(&r->headers_in.headers, "Accept",
                                          sizeof("Accept") - 1);

    if (accept
        && ngx_strlcasestrn(accept->value.data,
                            accept->value.data + accept->value.len,
                            (u_char *) "application/json",
                            sizeof("application/json") - 1 - 1)
           != NULL)
    {
        r->headers_out.status = NGX_HTTP_NO_CONTENT;
        return ngx_http_send_header(r);
    }

    path.data = (u_char *) "/";
    path.len = 1;

    if (r->headers_in.referer && r->headers_in.host) {
        host = r->headers_in.host->value;
        scheme = ngx_http_consent_endpoint_scheme(r);

        if (consent_form_return_path(r->headers_in.referer->value.data,
                                     r->headers_in.referer->value.len,
                                     scheme->data, scheme->len,
                                     host.data, host.len, &path)
            != CONSENT_OK)
        {
            path.data = (u_char *) "/";
            path.len = 1;
        }
    }

    h = ngx_http_consent_add_header(r, "Location",
                                         sizeof("Location") - 1);
    if (h == NULL) {
        return NGX_ERROR;
    }

    h->value.len = path.len;
    h->value.data = ngx_pnalloc(r->pool, path.len);
    if (h->value.data == NULL) {
        return NGX_ERROR;
    }

    ngx_memcpy(h->value.data, path.data, path.len);

    r->headers_out.location = h;
    r->headers_out.status = NGX_HTTP_SEE_OTHER;

    return ngx_http_send_header(r);
}


/* GET: the visitor's state, as the module sees it for this request */

static ngx_int_t
ngx_http_consent_endpoint_state(ngx_http_request_t *r)
{
    size_t                         len;
    ngx_int_t                      rc;
    ngx_str_t                     *name;
    ngx_buf_t                     *b;
    ngx_uint_t                     i, regime;
    ngx_chain_t                    out;
    ngx_table_elt_t               *h;
    ngx_http_consent_ctx_t        *ctx;
    ngx_http_consent_loc_conf_t   *clcf;
    ngx_http_consent_main_conf_t  *cmcf;

    ctx = ngx_http_consent_eval(r);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    regime = ngx_http_consent_visitor_regime(r);

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    name = cmcf->categories.elts;

    len = sizeof("{\"state\":\"\",\"source\":\"\",\"decided\":false,"
                 "\"categories\":{},\"country\":\"\",\"regime\":\"\","
                 "\"id\":\"\",\"revision\":,\"policy_revision\":,"
                 "\"signals\":{\"dnt\":false,\"gpc\":false},"
                 "\"gpc\":{\"remembered\":false,\"overridden\":false,"
                 "\"honoured\":false}}\n") - 1
          + ngx_http_consent_state_names[ctx->state].len
          + ngx_http_consent_source_names[ctx->source].len
          + 2 + ngx_http_consent_regime_names[regime].len
          + ctx->id.len + ngx_escape_json(NULL, ctx->id.data, ctx->id.len)
          + 2 * NGX_INT64_LEN;

    for (i = 0; i < cmcf->categories.nelts; i++) {
        len += sizeof("\"\":false,") - 1 + name[i].len;
    }

    b = ngx_create_temp_buf(r->pool, len);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->last = ngx_sprintf(b->last, "{\"state\":\"%V\",\"source\":\"%V\","
                          "\"decided\":%s,\"categories\":{",
                          &ngx_http_consent_state_names[ctx->state],
                          &ngx_http_consent_source_names[ctx->source],
                          ngx_http_consent_undecided(ctx) ? "false" : "true");

    for (i = 0; i < cmcf->categories.nelts; i++) {
        b->last = ngx_sprintf(b->last, "%s\"%V\":%s", i ? "," : "", &name[i],
                              (ctx->granted & CONSENT_BIT(i)) ? "true"
                                                              : "false");
    }

    b->last = ngx_sprintf(b->last, "},\"country\":\"%*s\",\"regime\":\"%V\","
                          "\"id\":\"",
                          (size_t) (ctx->visitor.known ? 2 : 0),
                          ctx->visitor.country,
                          &ngx_http_consent_regime_names[regime]);

    b->last = (u_char *) ngx_escape_json(b->last, ctx->id.data, ctx->id.len);

    b->last = ngx_cpymem(b->last, "\",\"revision\":",
                         sizeof("\",\"revision\":") - 1);

    if (ctx->revision >= 0) {
        b->last = ngx_sprintf(b->last, "%L", ctx->revision);

    } else {
        b->last = ngx_cpymem(b->last, "null", 4);
    }

    b->last = ngx_sprintf(b->last, ",\"policy_revision\":%i,"
                          "\"signals\":{\"dnt\":%s,\"gpc\":%s},",
                          clcf->revision,
                          ctx->dnt ? "true" : "false",
                          ctx->gpc ? "true" : "false");

    b->last = ngx_sprintf(b->last, "\"gpc\":{\"remembered\":%s,"
                          "\"overridden\":%s,\"honoured\":%s}}\n",
                          ctx->gpc_remembered ? "true" : "false",
                          ctx->gpc_override ? "true" : "false",
                          ngx_http_consent_gpc_honoured(r, ctx)
                          ? "true" : "false");

    h = ngx_http_consent_add_header(r, "Cache-Control",
                                         sizeof("Cache-Control") - 1);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_str_set(&h->value, "no-store");

    r->headers_out.status = NGX_HTTP_OK;
    r->headers_out.content_length_n = b->last - b->pos;
    ngx_str_set(&r->headers_out.content_type, "application/json");
    r->headers_out.content_type_len = r->headers_out.content_type.len;

    rc = ngx_http_send_header(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    b->last_buf = (r == r->main) ? 1 : 0;
    b->last_in_chain = 1;

    out.buf = b;
    out.next = NULL;

    return ngx_http_output_filter(r, &out);
}


/*
 * Consent must be the visitor's own act: a form posted from another site
 * is refused.  Sec-Fetch-Site decides when the browser sends it ("none" is
 * the visitor's own navigation); else an Origin header must be this one.
 * A request with neither comes from no browser that could be misled.
 */

static ngx_int_t
ngx_http_consent_endpoint_cross_site(ngx_http_request_t *r)
{
    ngx_str_t        *scheme;
    ngx_table_elt_t  *h;

    h = ngx_http_consent_find_header(&r->headers_in.headers, "Sec-Fetch-Site",
                                     sizeof("Sec-Fetch-Site") - 1);

    if (h) {
        if ((h->value.len == sizeof("same-origin") - 1
             && ngx_strncasecmp(h->value.data, (u_char *) "same-origin",
                                h->value.len)
                == 0)
            || (h->value.len == sizeof("none") - 1
                && ngx_strncasecmp(h->value.data, (u_char *) "none",
                                   h->value.len)
                   == 0))
        {
            return 0;
        }

        return 1;
    }

    h = ngx_http_consent_find_header(&r->headers_in.headers, "Origin",
                                     sizeof("Origin") - 1);

    if (h == NULL) {
        return 0;
    }

    if (r->headers_in.host == NULL) {
        return 1;
    }

    scheme = ngx_http_consent_endpoint_scheme(r);

    return !consent_form_same_origin(h->value.data, h->value.len,
                                     scheme->data, scheme->len,
                                     r->headers_in.host->value.data,
                                     r->headers_in.host->value.len);
}


/* application/x-www-form-urlencoded, with parameters or not */

static ngx_int_t
ngx_http_consent_endpoint_form_type(ngx_http_request_t *r)
{
    u_char  *p, *end;

    if (r->headers_in.content_type == NULL) {
        return 0;
    }

    p = r->headers_in.content_type->value.data;
    end = p + r->headers_in.content_type->value.len;

    if ((size_t) (end - p) < sizeof("application/x-www-form-urlencoded") - 1
        || ngx_strncasecmp(p, (u_char *) "application/x-www-form-urlencoded",
                           sizeof("application/x-www-form-urlencoded") - 1)
           != 0)
    {
        return 0;
    }

    p += sizeof("application/x-www-form-urlencoded") - 1;

    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }

    return p == end || *p == ';';
}


static ngx_int_t
ngx_http_consent_endpoint_refuse(ngx_http_request_t *r, ngx_uint_t status,
    const char *reason)
{
    ngx_log_t                      log;
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    ngx_log_error(NGX_LOG_INFO, ngx_http_consent_client_log(r, &log), 0,
                  "consent_endpoint: %s refused", reason);

    ngx_http_consent_count(cmcf, decisions[status == NGX_HTTP_FORBIDDEN
                                   ? NGX_HTTP_CONSENT_DECISION_CROSS_SITE
                                   : NGX_HTTP_CONSENT_DECISION_INVALID], 1);

    return status;
}


static ngx_str_t *
ngx_http_consent_endpoint_scheme(ngx_http_request_t *r)
{
    static ngx_str_t  http = ngx_string("http");
#if (NGX_HTTP_SSL)
    static ngx_str_t  https = ngx_string("https");

    if (r->connection->ssl) {
        return &https;
    }
#endif

    return &http;
}
