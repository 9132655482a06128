
/*
 * ngx_consent_module: the visitor: the client address, its country and
 * regime, the masked address and the visitor hash, each computed once per
 * request when first asked.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_geoip.h"
#include "consent_ip.h"
#include "consent_region.h"
#include "consent_siphash.h"

#include <sys/random.h>


struct ngx_http_consent_visitor_conf_s {
    consent_regions_t          regions;
    time_t                     day;          /* of day_key, or -1 */
    u_char                     secret[CONSENT_SIPHASH_KEYLEN];
    u_char                     day_key[CONSENT_SIPHASH_KEYLEN];
};


static ngx_http_consent_visitor_t *ngx_http_consent_visitor(
    ngx_http_request_t *r);
static consent_ip_t *ngx_http_consent_addr(ngx_http_request_t *r,
    ngx_http_consent_visitor_t *vis);
static void ngx_http_consent_day_key(ngx_http_consent_visitor_conf_t *vcf);


/* indexed by ngx_http_consent_regime_e */

ngx_str_t  ngx_http_consent_regime_names[] = {
    ngx_string("opt-in"),              /* NGX_HTTP_CONSENT_OPT_IN */
    ngx_string("opt-out"),             /* NGX_HTTP_CONSENT_OPT_OUT */
};


ngx_http_consent_visitor_conf_t *
ngx_http_consent_visitor_create_conf(ngx_conf_t *cf)
{
    ssize_t                           n;
    ngx_http_consent_visitor_conf_t  *vcf;

    vcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_visitor_conf_t));
    if (vcf == NULL) {
        return NULL;
    }

    consent_regions_init(&vcf->regions, NGX_HTTP_CONSENT_OPT_IN);

    vcf->day = -1;

    /*
     * the master secret of $consent_visitor_hash: random, made once per
     * configuration load, kept in memory only and inherited by the workers
     */

    n = getrandom(vcf->secret, sizeof(vcf->secret), 0);

    if (n != (ssize_t) sizeof(vcf->secret)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "getrandom() failed");
        return NULL;
    }

    return vcf;
}


char *
ngx_http_consent_geoip_source(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_str_t  *value, name;

    if (clcf->geoip_source != NGX_CONF_UNSET) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (value[1].len < 2 || value[1].data[0] != '$') {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid variable name \"%V\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    name.len = value[1].len - 1;
    name.data = value[1].data + 1;

    clcf->geoip_source = ngx_http_get_variable_index(cf, &name);

    if (clcf->geoip_source == NGX_ERROR) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


char *
ngx_http_consent_regime(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_main_conf_t *cmcf = conf;

    ngx_int_t       rc;
    ngx_str_t      *value;
    ngx_uint_t      i, regime;
    consent_str_t   conflict;

    value = cf->args->elts;

    if (value[1].len == 6 && ngx_strncmp(value[1].data, "opt-in", 6) == 0) {
        regime = NGX_HTTP_CONSENT_OPT_IN;

    } else if (value[1].len == 7
               && ngx_strncmp(value[1].data, "opt-out", 7) == 0)
    {
        regime = NGX_HTTP_CONSENT_OPT_OUT;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid regime \"%V\", it must be "
                           "\"opt-in\" or \"opt-out\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        rc = consent_regions_add(&cmcf->visitor->regions, value[i].data,
                                 value[i].len, regime, &conflict);

        if (rc == CONSENT_OK) {
            continue;
        }

        if (rc == CONSENT_REGION_ECONFLICT) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"%V\" gives \"%*s\" a second regime",
                               &value[i], conflict.len, conflict.data);
            return NGX_CONF_ERROR;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "unknown country or group \"%V\"", &value[i]);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


char *
ngx_http_consent_ip_mask(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_loc_conf_t *clcf = conf;

    ngx_int_t   v4, v6;
    ngx_str_t  *value;

    if (clcf->mask_v4 != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    v4 = ngx_atoi(value[1].data, value[1].len);

    if (v4 == NGX_ERROR || v4 > 32) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid IPv4 prefix length \"%V\", it must be "
                           "0 to 32", &value[1]);
        return NGX_CONF_ERROR;
    }

    v6 = ngx_atoi(value[2].data, value[2].len);

    if (v6 == NGX_ERROR || v6 > 128) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid IPv6 prefix length \"%V\", it must be "
                           "0 to 128", &value[2]);
        return NGX_CONF_ERROR;
    }

    clcf->mask_v4 = v4;
    clcf->mask_v6 = v6;

    return NGX_CONF_OK;
}


static ngx_http_consent_visitor_t *
ngx_http_consent_visitor(ngx_http_request_t *r)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_request_ctx(r);

    return ctx ? &ctx->visitor : NULL;
}


/* the address from consent_geoip_source, family 0 when there is none */

static consent_ip_t *
ngx_http_consent_addr(ngx_http_request_t *r, ngx_http_consent_visitor_t *ctx)
{
    int                           rc;
    struct sockaddr              *sa;
    ngx_http_variable_value_t    *v;
    ngx_http_consent_loc_conf_t  *clcf;

    if (ctx->addr) {
        return &ctx->ip;
    }

    ctx->addr = 1;

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    if (clcf->geoip_source == -1) {

        /* $remote_addr, as realip left it */

        sa = r->connection->sockaddr;

        switch (sa->sa_family) {

        case AF_INET:
            rc = consent_ip_from_bytes(CONSENT_IP_V4,
                     (u_char *) &((struct sockaddr_in *) sa)->sin_addr,
                     &ctx->ip);
            break;

#if (NGX_HAVE_INET6)
        case AF_INET6:
            rc = consent_ip_from_bytes(CONSENT_IP_V6,
                     (u_char *) &((struct sockaddr_in6 *) sa)->sin6_addr,
                     &ctx->ip);
            break;
#endif

        default: /* AF_UNIX */
            rc = consent_ip_from_bytes(0, NULL, &ctx->ip);
        }

    } else {
        v = ngx_http_get_indexed_variable(r, clcf->geoip_source);

        if (v == NULL || v->not_found) {
            rc = consent_ip_from_bytes(0, NULL, &ctx->ip);

        } else {
            rc = consent_ip_parse(v->data, v->len, &ctx->ip);
        }
    }

    if (rc != CONSENT_OK) {
        ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "consent: no usable client address");
    }

    return &ctx->ip;
}


/* the visitor, with the country of the address looked up */

ngx_http_consent_visitor_t *
ngx_http_consent_visitor_country(ngx_http_request_t *r)
{
    ngx_int_t                    rc;
    consent_ip_t                *ip;
    ngx_http_consent_visitor_t  *vis;

    vis = ngx_http_consent_visitor(r);
    if (vis == NULL || vis->looked_up) {
        return vis;
    }

    vis->looked_up = 1;

    ip = ngx_http_consent_addr(r, vis);

    rc = ngx_http_consent_geoip_lookup(r, ip, vis->country);

    if (rc == NGX_ABORT) {
        return vis;
    }

    vis->known = (rc == NGX_OK);

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent: country \"%*s\"", (size_t) (vis->known ? 2 : 0),
                   vis->country);

    return vis;
}


ngx_http_consent_regime_e
ngx_http_consent_visitor_regime(ngx_http_request_t *r)
{
    ngx_http_consent_visitor_t    *vis;
    ngx_http_consent_main_conf_t  *cmcf;

    vis = ngx_http_consent_visitor_country(r);
    if (vis == NULL) {
        return NGX_HTTP_CONSENT_OPT_IN;
    }

    if (vis->regime_set) {
        return vis->regime;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    /* an unknown country (length 0) gets the default regime */

    vis->regime = (consent_regions_lookup(&cmcf->visitor->regions,
                                          vis->country, vis->known ? 2 : 0)
                   == NGX_HTTP_CONSENT_OPT_OUT)
                  ? NGX_HTTP_CONSENT_OPT_OUT : NGX_HTTP_CONSENT_OPT_IN;
    vis->regime_set = 1;

    return vis->regime;
}


ngx_int_t
ngx_http_consent_country_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_visitor_t  *ctx;

    ctx = ngx_http_consent_visitor_country(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    /* country[] is already a copy in the request, not in the database */

    v->len = ctx->known ? 2 : 0;
    v->data = ctx->country;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}


ngx_int_t
ngx_http_consent_masked_addr_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                       *p;
    consent_ip_t                  ip;
    ngx_http_consent_visitor_t   *ctx;
    ngx_http_consent_loc_conf_t  *clcf;

    ctx = ngx_http_consent_visitor(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ip = *ngx_http_consent_addr(r, ctx);

    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    if (ip.family == 0) {
        v->len = 0;
        v->data = (u_char *) "";
        return NGX_OK;
    }

    clcf = ngx_http_get_module_loc_conf(r, ngx_http_consent_module);

    consent_ip_mask(&ip, clcf->mask_v4, clcf->mask_v6);

    p = ngx_pnalloc(r->pool, CONSENT_IP_STRLEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->len = consent_ip_format(&ip, p);
    v->data = p;

    return NGX_OK;
}


ngx_int_t
ngx_http_consent_visitor_hash_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    u_char                         *p, sep;
    uint64_t                        h;
    consent_ip_t                   *ip;
    ngx_table_elt_t                *ua;
    consent_siphash_t               sh;
    ngx_http_consent_visitor_t     *ctx;
    ngx_http_consent_main_conf_t     *cmcf;
    ngx_http_consent_visitor_conf_t  *vcf;

    ctx = ngx_http_consent_visitor(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    ip = ngx_http_consent_addr(r, ctx);

    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    if (ip->family == 0) {
        v->len = 0;
        v->data = (u_char *) "";
        return NGX_OK;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    vcf = cmcf->visitor;

    ngx_http_consent_day_key(vcf);

    /* family, address, a separator, User-Agent */

    sep = (u_char) ip->family;

    consent_siphash_init(&sh, vcf->day_key);
    consent_siphash_update(&sh, &sep, 1);
    consent_siphash_update(&sh, ip->addr, consent_ip_len(ip));

    sep = '\0';
    consent_siphash_update(&sh, &sep, 1);

    ua = r->main->headers_in.user_agent;

    if (ua) {
        consent_siphash_update(&sh, ua->value.data, ua->value.len);
    }

    h = consent_siphash_final(&sh);

    p = ngx_pnalloc(r->pool, 16);
    if (p == NULL) {
        return NGX_ERROR;
    }

    v->len = ngx_sprintf(p, "%016xL", h) - p;
    v->data = p;

    return NGX_OK;
}


/*
 * The key of the UTC day: SipHash, keyed by the master secret, of the day
 * number and 0, and of the day number and 1.  Every worker derives the same
 * key; it changes at 00:00 UTC and is never written anywhere.
 */

static void
ngx_http_consent_day_key(ngx_http_consent_visitor_conf_t *vcf)
{
    u_char      msg[9];
    time_t      day;
    uint64_t    k, d;
    ngx_uint_t  i, j;

    day = ngx_time() / 86400;

    if (day == vcf->day) {
        return;
    }

    d = (uint64_t) day;

    for (i = 0; i < 8; i++) {
        msg[i] = (u_char) (d >> (8 * i));
    }

    for (j = 0; j < 2; j++) {
        msg[8] = (u_char) j;

        k = consent_siphash(vcf->secret, msg, sizeof(msg));

        for (i = 0; i < 8; i++) {
            vcf->day_key[8 * j + i] = (u_char) (k >> (8 * i));
        }
    }

    vcf->day = day;
}
