
/*
 * ngx_consent_module: what every other glue file needs of a request and of
 * a directive: the context, the client-free log, headers found, walked and
 * added, and the parameters of directives.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_compat.h"


static void ngx_http_consent_cleanup(void *data);


/*
 * The context lives in the main request and survives an internal redirect
 * (which clears r->ctx) through its pool cleanup, as realip's does.
 */

ngx_http_consent_ctx_t *
ngx_http_consent_request_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t      *cln;
    ngx_http_consent_ctx_t  *ctx;

    r = r->main;

    ctx = ngx_http_get_module_ctx(r, ngx_http_consent_module);
    if (ctx) {
        return ctx;
    }

    if (r->internal || r->filter_finalize) {
        for (cln = r->pool->cleanup; cln; cln = cln->next) {
            if (cln->handler == ngx_http_consent_cleanup) {
                ctx = cln->data;
                ngx_http_set_ctx(r, ctx, ngx_http_consent_module);
                return ctx;
            }
        }
    }

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_consent_ctx_t));
    if (cln == NULL) {
        return NULL;
    }

    ctx = cln->data;
    ngx_memzero(ctx, sizeof(ngx_http_consent_ctx_t));

    cln->handler = ngx_http_consent_cleanup;
    ngx_http_set_ctx(r, ctx, ngx_http_consent_module);

    return ctx;
}


static void
ngx_http_consent_cleanup(void *data)
{
    /* a marker to find the context by; nothing to free */
}


/* the request's log without its handler, which adds the client address */

ngx_log_t *
ngx_http_consent_client_log(ngx_http_request_t *r, ngx_log_t *log)
{
    *log = *r->connection->log;
    log->handler = NULL;
    log->data = NULL;

    return log;
}


/* a response header the module adds: key as given, value to be set */

ngx_table_elt_t *
ngx_http_consent_add_header(ngx_http_request_t *r, const char *key,
    size_t len)
{
    ngx_table_elt_t  *h;

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NULL;
    }

    h->hash = 1;
    ngx_http_consent_header_unlinked(h);
    h->key.data = (u_char *) key;
    h->key.len = len;

    return h;
}


/*
 * A walk over every entry of a list of headers, r->headers_in.headers or
 * r->headers_out.headers; parts left empty (by a removal) are passed over.
 */

void
ngx_http_consent_walk_init(ngx_http_consent_walk_t *w, ngx_list_t *list)
{
    w->part = &list->part;
    w->i = 0;
}


ngx_table_elt_t *
ngx_http_consent_walk_next(ngx_http_consent_walk_t *w)
{
    ngx_table_elt_t  *h;

    while (w->i >= w->part->nelts) {
        if (w->part->next == NULL) {
            return NULL;
        }

        w->part = w->part->next;
        w->i = 0;
    }

    h = w->part->elts;

    return &h[w->i++];
}


/*
 * h is a header of that name.  A response header a filter removed (hash 0)
 * still is: the walks over r->headers_out.headers pass over those, those
 * over r->headers_in.headers (which nginx sends on as they are) do not.
 */

ngx_int_t
ngx_http_consent_header_is(ngx_table_elt_t *h, const char *name, size_t len)
{
    /* most come spelled as the caller spells them: compared as bytes first */

    return h->key.len == len
           && (ngx_memcmp(h->key.data, name, len) == 0
               || ngx_strncasecmp(h->key.data, (u_char *) name, len) == 0);
}


/* the first request header of that name, or NULL */

ngx_table_elt_t *
ngx_http_consent_find_header(ngx_list_t *list, const char *name, size_t len)
{
    ngx_table_elt_t          *h;
    ngx_http_consent_walk_t   w;

    ngx_http_consent_walk_init(&w, list);

    while ((h = ngx_http_consent_walk_next(&w)) != NULL) {
        if (ngx_http_consent_header_is(h, name, len)) {
            return h;
        }
    }

    return NULL;
}


/*
 * A "name=value" parameter of a directive, the i-th argument, must not
 * repeat the name of an earlier one: the last would silently win.
 */

ngx_int_t
ngx_http_consent_param_once(ngx_conf_t *cf, ngx_uint_t i)
{
    u_char     *eq;
    size_t      len;
    ngx_str_t  *value;
    ngx_uint_t  j;

    value = cf->args->elts;

    eq = ngx_strlchr(value[i].data, value[i].data + value[i].len, '=');
    if (eq == NULL) {
        return NGX_OK;
    }

    len = eq - value[i].data + 1;

    for (j = 1; j < i; j++) {
        if (value[j].len >= len
            && ngx_strncmp(value[j].data, value[i].data, len) == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "duplicate parameter \"%V\"", &value[i]);
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


/*
 * The value of a "name=value" parameter, name given with its "=": NGX_OK
 * with the value (which may be empty) in param, NGX_DECLINED when value is
 * another parameter.
 */

ngx_int_t
ngx_http_consent_param(ngx_str_t *value, const char *name, size_t len,
    ngx_str_t *param)
{
    if (value->len < len || ngx_strncmp(value->data, name, len) != 0) {
        return NGX_DECLINED;
    }

    param->data = value->data + len;
    param->len = value->len - len;

    return NGX_OK;
}


/*
 * A cookie name a directive may name: 1 to 256 bytes of what browsers
 * send as a name, printable ASCII but ';', '=', ',' and '"'.  Wider than
 * RFC 6265's token: PHP's "cart[1]" and names with ':' are real cookies,
 * and a tracker's cookie that no rule can name could not be stripped.
 */

ngx_int_t
ngx_http_consent_valid_cookie_name(ngx_str_t *name)
{
    u_char  *p, *last;

    if (name->len == 0 || name->len > NGX_HTTP_CONSENT_NAME_MAX) {
        return 0;
    }

    last = name->data + name->len;

    for (p = name->data; p < last; p++) {
        if (*p <= ' ' || *p >= 0x7f || *p == ';' || *p == '=' || *p == ','
            || *p == '"')
        {
            return 0;
        }
    }

    return 1;
}
