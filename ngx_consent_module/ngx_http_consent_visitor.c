
/*
 * ngx_consent_module: the visitor: the client address, its country and
 * regime, the masked address and the visitor hash, each computed once per
 * request when first asked.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_geoip.h"
#include "consent_ip.h"
#include "consent_mmdb.h"
#include "consent_region.h"
#include "consent_siphash.h"

#include <sys/random.h>


/*
 * A "consent_regime" with categories=, kept until the end of the http
 * block: "consent_category" may declare a category after it
 */

typedef struct {
    ngx_str_t                 *names;        /* places */
    ngx_uint_t                 nnames;
    ngx_uint_t                 regime;
    ngx_str_t                  categories;
    ngx_str_t                  file;
    ngx_uint_t                 line;
} ngx_http_consent_regime_rule_t;


struct ngx_http_consent_visitor_conf_s {
    consent_regions_t          regions;
    ngx_array_t                rules;        /* of categories= */
    ngx_flag_t                 need_sub;     /* read subdivisions */
    time_t                     day;          /* of day_key, or -1 */
    ngx_str_t                  key_file;     /* consent_visitor_key */
    u_char                     secret[CONSENT_SIPHASH_SECRETLEN];
    u_char                     day_key[CONSENT_SIPHASH_KEYLEN];
};


static ngx_http_consent_visitor_t *ngx_http_consent_visitor(
    ngx_http_request_t *r);
static consent_ip_t *ngx_http_consent_addr(ngx_http_request_t *r,
    ngx_http_consent_visitor_t *vis);
static void ngx_http_consent_day_key(ngx_http_consent_visitor_conf_t *vcf);
static void ngx_http_consent_visitor_wipe(void *data);
static char *ngx_http_consent_visitor_key_read(ngx_conf_t *cf,
    ngx_command_t *cmd, ngx_http_consent_visitor_conf_t *vcf, ngx_fd_t fd,
    u_char *name);
static char *ngx_http_consent_regime_add(ngx_conf_t *cf,
    ngx_http_consent_visitor_conf_t *vcf, ngx_str_t *name, ngx_uint_t regime,
    consent_cats_t cats);
static void ngx_http_consent_visitor_lookup(ngx_http_request_t *r,
    ngx_http_consent_visitor_t *vis, ngx_uint_t sub);


/* indexed by ngx_http_consent_regime_e */

ngx_str_t  ngx_http_consent_regime_names[] = {
    ngx_string("opt-in"),              /* NGX_HTTP_CONSENT_OPT_IN */
    ngx_string("opt-out"),             /* NGX_HTTP_CONSENT_OPT_OUT */
    ngx_string("mixed"),               /* NGX_HTTP_CONSENT_MIXED */
};


ngx_http_consent_visitor_conf_t *
ngx_http_consent_visitor_create_conf(ngx_conf_t *cf)
{
    ssize_t                           n;
    ngx_pool_cleanup_t               *cln;
    ngx_http_consent_visitor_conf_t  *vcf;

    vcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_visitor_conf_t));
    if (vcf == NULL) {
        return NULL;
    }

    /* the secret and the day's key are wiped with the configuration */

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NULL;
    }

    cln->handler = ngx_http_consent_visitor_wipe;
    cln->data = vcf;

    consent_regions_init(&vcf->regions, NGX_HTTP_CONSENT_OPT_IN);

    if (ngx_array_init(&vcf->rules, cf->pool, 4,
                       sizeof(ngx_http_consent_regime_rule_t))
        != NGX_OK)
    {
        return NULL;
    }

    vcf->day = -1;

    /*
     * the master secret of $consent_visitor_hash: random, made once per
     * configuration load, kept in memory only and inherited by the workers;
     * "consent_visitor_key" replaces it with the secret of its file
     */

    n = getrandom(vcf->secret, sizeof(vcf->secret), 0);

    if (n != (ssize_t) sizeof(vcf->secret)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "getrandom() failed");
        return NULL;
    }

    return vcf;
}


static void
ngx_http_consent_visitor_wipe(void *data)
{
    ngx_http_consent_visitor_conf_t  *vcf = data;

    ngx_explicit_memzero(vcf->secret, sizeof(vcf->secret));
    ngx_explicit_memzero(vcf->day_key, sizeof(vcf->day_key));
}


/*
 * consent_visitor_key PATH: the secret of $consent_visitor_hash from a file
 * that every server of a fleet holds, so that they agree, and that a reload
 * keeps.  Read here, while the configuration is parsed, never again.
 */

char *
ngx_http_consent_visitor_key(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_main_conf_t *cmcf = conf;

    char                             *rv;
    ngx_fd_t                          fd;
    ngx_str_t                        *value, name;
    ngx_http_consent_visitor_conf_t  *vcf;

    vcf = cmcf->visitor;

    if (vcf->key_file.data) {
        return "is duplicate";
    }

    value = cf->args->elts;
    name = value[1];

    if (name.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "empty path in \"%V\"", &cmd->name);
        return NGX_CONF_ERROR;
    }

    /* relative to the configuration's directory, as ssl_certificate */

    if (ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    /* non-blocking: a FIFO in its place must not hang "nginx -t" */

    fd = ngx_open_file(name.data, NGX_FILE_RDONLY|NGX_FILE_NONBLOCK,
                       NGX_FILE_OPEN, 0);

    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_open_file_n " \"%s\" failed", name.data);
        return NGX_CONF_ERROR;
    }

    rv = ngx_http_consent_visitor_key_read(cf, cmd, vcf, fd, name.data);

    if (ngx_close_file(fd) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_ALERT, cf, ngx_errno,
                           ngx_close_file_n " \"%s\" failed", name.data);
    }

    if (rv != NGX_CONF_OK) {
        return rv;
    }

    vcf->key_file = name;

    return NGX_CONF_OK;
}


/*
 * The file: a regular file of 64 hexadecimal digits and a line ending at
 * most, that neither others nor the group may write and others may not
 * read.  The bytes read are wiped whatever happens; no message shows them.
 */

static char *
ngx_http_consent_visitor_key_read(ngx_conf_t *cf, ngx_command_t *cmd,
    ngx_http_consent_visitor_conf_t *vcf, ngx_fd_t fd, u_char *name)
{
    char            *rv;
    u_char           buf[CONSENT_SIPHASH_SECRETHEX + 3];
    ssize_t          n;
    ngx_int_t        rc;
    ngx_uint_t       access;
    ngx_file_info_t  fi;

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_fd_info_n " \"%s\" failed", name);
        return NGX_CONF_ERROR;
    }

    if (!ngx_is_file(&fi)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" is not a regular file",
                           &cmd->name, name);
        return NGX_CONF_ERROR;
    }

    /* one byte more than a valid file can hold tells a longer one */

    n = ngx_read_fd(fd, buf, sizeof(buf));

    if (n == -1) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_read_fd_n " \"%s\" failed", name);
        return NGX_CONF_ERROR;
    }

    rc = consent_siphash_secret(buf, (size_t) n, vcf->secret);

    ngx_explicit_memzero(buf, sizeof(buf));

    rv = NGX_CONF_ERROR;

    switch (rc) {

    case CONSENT_OK:
        rv = NGX_CONF_OK;
        break;

    case CONSENT_EMPTY:
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" is empty",
                           &cmd->name, name);
        break;

    case CONSENT_SIPHASH_ESHORT:
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" is too short, it must hold "
                           "%d hexadecimal digits", &cmd->name, name,
                           CONSENT_SIPHASH_SECRETHEX);
        break;

    case CONSENT_ETOOLONG:
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" is too long, it must hold "
                           "%d hexadecimal digits", &cmd->name, name,
                           CONSENT_SIPHASH_SECRETHEX);
        break;

    default: /* CONSENT_EINVAL */
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" holds something other than "
                           "%d hexadecimal digits and a line ending",
                           &cmd->name, name, CONSENT_SIPHASH_SECRETHEX);
    }

    if (rv != NGX_CONF_OK) {
        return rv;
    }

    /* checked last, so that a file is refused for its content first */

    access = ngx_file_access(&fi);

    if (access & (S_IROTH|S_IWOTH|S_IXOTH)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" is accessible by others "
                           "(mode 0%ui%ui%ui), it must not be", &cmd->name,
                           name, access >> 6 & 7, access >> 3 & 7,
                           access & 7);
        rv = NGX_CONF_ERROR;

    } else if (access & S_IWGRP) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" file \"%s\" is writable by its group "
                           "(mode 0%ui%ui%ui), it must not be", &cmd->name,
                           name, access >> 6 & 7, access >> 3 & 7,
                           access & 7);
        rv = NGX_CONF_ERROR;
    }

    if (rv != NGX_CONF_OK) {
        ngx_explicit_memzero(vcf->secret, sizeof(vcf->secret));
    }

    return rv;
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

    u_char                           *p;
    ngx_str_t                        *value, cats, *names;
    ngx_uint_t                        i, n, regime;
    consent_str_t                     group;
    ngx_http_consent_regime_rule_t   *rule;

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

    n = cf->args->nelts;
    ngx_str_null(&cats);

    if (ngx_http_consent_param(&value[n - 1], "categories=", 11, &cats)
        == NGX_OK)
    {
        n--;

        if (cats.len == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid category list \"%V\"", &cats);
            return NGX_CONF_ERROR;
        }
    }

    if (n == 2) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "no country, subdivision, group or \"default\" "
                           "in \"%V\"", &cmd->name);
        return NGX_CONF_ERROR;
    }

    /* every place is checked here, where the error has its line */

    for (i = 2; i < n; i++) {

        if (ngx_strlchr(value[i].data, value[i].data + value[i].len, '=')) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\"", &value[i]);
            return NGX_CONF_ERROR;
        }

        if (ngx_strlchr(value[i].data, value[i].data + value[i].len, '-')) {

            if (consent_region_subdivision_valid(value[i].data, value[i].len)
                != CONSENT_OK)
            {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid subdivision \"%V\", it must be "
                                   "a country code, \"-\" and 1 to 3 "
                                   "upper-case letters or digits",
                                   &value[i]);
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if ((value[i].len == 7
             && ngx_strncmp(value[i].data, "default", 7) == 0)
            || consent_region_group(value[i].data, value[i].len, &group)
               == CONSENT_OK
            || consent_region_code_valid(value[i].data, value[i].len)
               == CONSENT_OK)
        {
            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "unknown country or group \"%V\"", &value[i]);
        return NGX_CONF_ERROR;
    }

    if (cats.len == 0) {
        for (i = 2; i < n; i++) {
            if (ngx_http_consent_regime_add(cf, cmcf->visitor, &value[i],
                                            regime, 0)
                != NGX_CONF_OK)
            {
                return NGX_CONF_ERROR;
            }
        }

        return NGX_CONF_OK;
    }

    /* the categories are known at the end of the http block */

    rule = ngx_array_push(&cmcf->visitor->rules);
    if (rule == NULL) {
        return NGX_CONF_ERROR;
    }

    names = ngx_palloc(cf->pool, (n - 2) * sizeof(ngx_str_t));
    if (names == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memcpy(names, &value[2], (n - 2) * sizeof(ngx_str_t));

    rule->names = names;
    rule->nnames = n - 2;
    rule->regime = regime;
    rule->categories = cats;

    p = ngx_pnalloc(cf->pool, cf->conf_file->file.name.len + 1);
    if (p == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memcpy(p, cf->conf_file->file.name.data,
               cf->conf_file->file.name.len);
    p[cf->conf_file->file.name.len] = '\0';

    rule->file.data = p;
    rule->file.len = cf->conf_file->file.name.len;
    rule->line = cf->conf_file->line;

    return NGX_CONF_OK;
}


static char *
ngx_http_consent_regime_add(ngx_conf_t *cf,
    ngx_http_consent_visitor_conf_t *vcf, ngx_str_t *name, ngx_uint_t regime,
    consent_cats_t cats)
{
    ngx_int_t      rc;
    consent_str_t  conflict;

    rc = consent_regions_add_cats(&vcf->regions, name->data, name->len,
                                  regime, cats, &conflict);

    if (rc == CONSENT_OK) {
        return NGX_CONF_OK;
    }

    if (rc == CONSENT_REGION_ECONFLICT) {
        if (cats) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"%V\" gives a category of \"%*s\" a "
                               "second regime", name, conflict.len,
                               conflict.data);

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"%V\" gives \"%*s\" a second regime",
                               name, conflict.len, conflict.data);
        }

        return NGX_CONF_ERROR;
    }

    if (rc == CONSENT_ETOOLONG) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "too many subdivisions in \"consent_regime\", "
                           "at most %d", CONSENT_REGION_MAX_SUBS);
        return NGX_CONF_ERROR;
    }

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "unknown country or group \"%V\"", name);
    return NGX_CONF_ERROR;
}


/*
 * At the end of the http block: the rules with categories=, now that
 * every category is declared (errors name the rule's own line), and
 * whether the database's subdivisions are needed at all: a rule names one
 * or a configuration uses $consent_subdivision.
 */

char *
ngx_http_consent_visitor_init(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf)
{
    char                             *rv;
    ngx_uint_t                        i, j;
    consent_cats_t                    cats;
    ngx_conf_file_t                   file, *saved;
    ngx_http_variable_t              *v;
    ngx_http_core_main_conf_t        *core;
    ngx_http_consent_regime_rule_t   *rule;
    ngx_http_consent_visitor_conf_t  *vcf;

    vcf = cmcf->visitor;
    rule = vcf->rules.elts;

    saved = cf->conf_file;
    rv = NGX_CONF_OK;

    for (i = 0; i < vcf->rules.nelts && rv == NGX_CONF_OK; i++) {

        ngx_memzero(&file, sizeof(ngx_conf_file_t));
        file.file.name = rule[i].file;
        file.line = rule[i].line;
        cf->conf_file = &file;

        cats = 0;

        rv = ngx_http_consent_category_list(cf, cmcf, &rule[i].categories,
                                            &cats);

        for (j = 0; j < rule[i].nnames && rv == NGX_CONF_OK; j++) {
            rv = ngx_http_consent_regime_add(cf, vcf, &rule[i].names[j],
                                             rule[i].regime, cats);
        }
    }

    cf->conf_file = saved;

    if (rv != NGX_CONF_OK) {
        return rv;
    }

    vcf->need_sub = consent_regions_subdivisions(&vcf->regions);

    core = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);
    v = core->variables.elts;

    for (i = 0; i < core->variables.nelts; i++) {
        if (v[i].name.len == sizeof("consent_subdivision") - 1
            && ngx_strncmp(v[i].name.data, "consent_subdivision",
                           sizeof("consent_subdivision") - 1)
               == 0)
        {
            vcf->need_sub = 1;
        }
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


/*
 * The visitor, with the country of the address looked up, and its
 * subdivision from the same lookup when the configuration needs it.
 */

ngx_http_consent_visitor_t *
ngx_http_consent_visitor_country(ngx_http_request_t *r)
{
    ngx_http_consent_visitor_t    *vis;
    ngx_http_consent_main_conf_t  *cmcf;

    vis = ngx_http_consent_visitor(r);
    if (vis == NULL || vis->looked_up) {
        return vis;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    ngx_http_consent_visitor_lookup(r, vis, cmcf->visitor->need_sub);

    return vis;
}


static void
ngx_http_consent_visitor_lookup(ngx_http_request_t *r,
    ngx_http_consent_visitor_t *vis, ngx_uint_t sub)
{
    u_char         s[CONSENT_MMDB_SUB_LEN];
    size_t         len;
    ngx_int_t      rc;
    consent_ip_t  *ip;

    vis->looked_up = 1;
    vis->sub_read = sub ? 1 : 0;
    vis->sub_len = 0;

    ip = ngx_http_consent_addr(r, vis);

    rc = ngx_http_consent_geoip_lookup(r, ip, vis->country, sub ? s : NULL,
                                       &len);

    if (rc == NGX_ABORT) {
        return;
    }

    vis->known = (rc == NGX_OK);

    if (vis->known && len) {
        vis->sub[0] = vis->country[0];
        vis->sub[1] = vis->country[1];
        vis->sub[2] = '-';
        ngx_memcpy(&vis->sub[3], s, len);
        vis->sub_len = 3 + len;
    }

    ngx_log_debug4(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent: country \"%*s\" subdivision \"%*s\"",
                   (size_t) (vis->known ? 2 : 0), vis->country,
                   vis->sub_len, vis->sub);
}


/* the categories whose regime is opt-out for this visitor */

consent_cats_t
ngx_http_consent_visitor_opt_out(ngx_http_request_t *r)
{
    consent_cats_t                 out;
    ngx_http_consent_visitor_t    *vis;
    ngx_http_consent_main_conf_t  *cmcf;

    vis = ngx_http_consent_visitor_country(r);
    if (vis == NULL) {
        return 0;
    }

    if (vis->regime_set) {
        return vis->opt_out;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);

    /* an unknown country (length 0) gets the default regime */

    out = consent_regions_opt_out(&cmcf->visitor->regions, vis->country,
                                  vis->known ? 2 : 0, vis->sub, vis->sub_len)
          & cmcf->optional;

    vis->opt_out = out;

    if (out == 0) {
        vis->regime = NGX_HTTP_CONSENT_OPT_IN;

    } else if (out == cmcf->optional) {
        vis->regime = NGX_HTTP_CONSENT_OPT_OUT;

    } else {
        vis->regime = NGX_HTTP_CONSENT_MIXED;
    }

    vis->regime_set = 1;

    return out;
}


ngx_http_consent_regime_e
ngx_http_consent_visitor_regime(ngx_http_request_t *r)
{
    ngx_http_consent_visitor_t  *vis;

    (void) ngx_http_consent_visitor_opt_out(r);

    vis = ngx_http_consent_visitor(r);

    if (vis == NULL || !vis->regime_set) {
        return NGX_HTTP_CONSENT_OPT_IN;
    }

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
ngx_http_consent_subdivision_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_visitor_t  *ctx;

    ctx = ngx_http_consent_visitor_country(r);
    if (ctx == NULL) {
        return NGX_ERROR;
    }

    /*
     * asked for by name only (SSI, perl), not when the configuration was
     * read: one more lookup, with the subdivision
     */

    if (!ctx->sub_read) {
        ngx_http_consent_visitor_lookup(r, ctx, 1);
    }

    v->len = ctx->sub_len;
    v->data = ctx->sub;
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
 * The key of the UTC day, derived from the secret (consent_siphash.h) when
 * a worker first needs it on a new day and kept in the worker with its
 * day number: every worker and, with "consent_visitor_key", every server
 * derives the same key; it changes at 00:00 UTC, overwriting the old one,
 * and is never written anywhere.
 */

static void
ngx_http_consent_day_key(ngx_http_consent_visitor_conf_t *vcf)
{
    time_t  day;

    day = ngx_time() / 86400;

    if (day == vcf->day) {
        return;
    }

    consent_siphash_day_key(vcf->secret, (uint64_t) day, vcf->day_key);

    vcf->day = day;
}
