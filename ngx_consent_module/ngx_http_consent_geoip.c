
/*
 * ngx_consent_module: the country database, regimes by country, masked
 * addresses and the visitor hash.
 *
 * The database is read from a private snapshot: the file is copied into a
 * sealed memfd and opened through /proc/self/fd/N, so that whatever later
 * happens to the file (rename, cp over it, truncation) cannot reach the
 * mapping in use.  With auto_reload, a timer in each worker notices a
 * changed file, takes a new snapshot, probes it and swaps; the request path
 * only ever copies the two letters of a country out of the database.
 */


#include "ngx_http_consent_geoip.h"
#include "ngx_http_consent_status.h"
#include "consent_ip.h"
#include "consent_mmdb.h"
#include "consent_region.h"
#include "consent_siphash.h"

#include <sys/mman.h>
#include <sys/random.h>


#define NGX_HTTP_CONSENT_DB_MAX_SIZE      (1024 * 1024 * 1024)

#define NGX_HTTP_CONSENT_ERRLEN           512


/* what identifies one version of the file */

typedef struct {
    dev_t                      dev;
    ino_t                      ino;
    off_t                      size;
    time_t                     mtime;
    long                       mtime_nsec;
} ngx_http_consent_stamp_t;


struct ngx_http_consent_geoip_conf_s {
    consent_regions_t          regions;
    ngx_str_t                  file;
    consent_mmdb_t            *db;
    ngx_msec_t                 auto_reload;
    ngx_http_consent_stamp_t   stamp;        /* the version last tried */
    ngx_event_t                timer;
    time_t                     day;          /* of day_key, or -1 */
    u_char                     secret[CONSENT_SIPHASH_KEYLEN];
    u_char                     day_key[CONSENT_SIPHASH_KEYLEN];
    unsigned                   missing:1;    /* stat() failed, logged */
};



static consent_mmdb_t *ngx_http_consent_db_open(ngx_str_t *file,
    ngx_http_consent_stamp_t *stamp, u_char *err, size_t errlen);
static ngx_int_t ngx_http_consent_db_snapshot(ngx_str_t *file,
    ngx_http_consent_stamp_t *stamp, u_char *err, size_t errlen);
static void ngx_http_consent_db_close(consent_mmdb_t *db);
static void ngx_http_consent_stamp(ngx_file_info_t *fi,
    ngx_http_consent_stamp_t *stamp);
static void ngx_http_consent_geoip_cleanup(void *data);
static void ngx_http_consent_geoip_timer(ngx_event_t *ev);
static void ngx_http_consent_geoip_check(
    ngx_http_consent_main_conf_t *cmcf, ngx_log_t *log);

static consent_ip_t *ngx_http_consent_addr(ngx_http_request_t *r,
    ngx_http_consent_geo_ctx_t *ctx);
static ngx_http_consent_geo_ctx_t *ngx_http_consent_geo_ctx(
    ngx_http_request_t *r);
static ngx_http_consent_geo_ctx_t *ngx_http_consent_country(
    ngx_http_request_t *r);
static void ngx_http_consent_day_key(ngx_http_consent_geoip_conf_t *gcf);


/* configuration */


ngx_http_consent_geoip_conf_t *
ngx_http_consent_geoip_create_conf(ngx_conf_t *cf)
{
    ssize_t                         n;
    ngx_http_consent_geoip_conf_t  *gcf;

    gcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_consent_geoip_conf_t));
    if (gcf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     gcf->file = { 0, NULL };
     *     gcf->db = NULL;
     *     gcf->auto_reload = 0;
     */

    consent_regions_init(&gcf->regions, CONSENT_REGIME_OPT_IN);

    gcf->day = -1;

    /*
     * the master secret of $consent_visitor_hash: random, made once per
     * configuration load, kept in memory only and inherited by the workers
     */

    n = getrandom(gcf->secret, sizeof(gcf->secret), 0);

    if (n != (ssize_t) sizeof(gcf->secret)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "getrandom() failed");
        return NULL;
    }

    return gcf;
}


char *
ngx_http_consent_geoip(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_consent_main_conf_t *cmcf = conf;

    u_char                          err[NGX_HTTP_CONSENT_ERRLEN];
    ngx_str_t                      *value, s;
    ngx_uint_t                      i;
    ngx_msec_t                      ms;
    consent_mmdb_t                 *db;
    ngx_pool_cleanup_t             *cln;
    ngx_http_consent_geoip_conf_t  *gcf;

    gcf = cmcf->geoip;

    if (gcf->file.data) {
        return "is duplicate";
    }

    value = cf->args->elts;

    gcf->file = value[1];

    if (ngx_conf_full_name(cf->cycle, &gcf->file, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_http_consent_param_once(cf, i) != NGX_OK) {
            return NGX_CONF_ERROR;
        }

        if (ngx_strncmp(value[i].data, "auto_reload=", 12) == 0) {
            s.len = value[i].len - 12;
            s.data = value[i].data + 12;

            ms = ngx_parse_time(&s, 0);

            if (ms == (ngx_msec_t) NGX_ERROR || ms == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "invalid auto_reload \"%V\"", &s);
                return NGX_CONF_ERROR;
            }

            gcf->auto_reload = ms;
            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\"", &value[i]);
        return NGX_CONF_ERROR;
    }

    db = ngx_http_consent_db_open(&gcf->file, &gcf->stamp, err, sizeof(err));
    if (db == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "%s", err);
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        ngx_http_consent_db_close(db);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_consent_geoip_cleanup;
    cln->data = gcf;

    gcf->db = db;

    return NGX_CONF_OK;
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
        regime = CONSENT_REGIME_OPT_IN;

    } else if (value[1].len == 7
               && ngx_strncmp(value[1].data, "opt-out", 7) == 0)
    {
        regime = CONSENT_REGIME_OPT_OUT;

    } else {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid regime \"%V\", it must be "
                           "\"opt-in\" or \"opt-out\"", &value[1]);
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        rc = consent_regions_add(&cmcf->geoip->regions, value[i].data,
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


/* the database: a snapshot, opened and probed */


static consent_mmdb_t *
ngx_http_consent_db_open(ngx_str_t *file, ngx_http_consent_stamp_t *stamp,
    u_char *err, size_t errlen)
{
    int              fd, status;
    u_char           path[sizeof("/proc/self/fd/") + NGX_INT_T_LEN];
    const char      *reason;
    consent_mmdb_t  *db;

    fd = ngx_http_consent_db_snapshot(file, stamp, err, errlen);
    if (fd == NGX_ERROR) {
        return NULL;
    }

    db = ngx_calloc(sizeof(consent_mmdb_t), ngx_cycle->log);
    if (db == NULL) {
        (void) close(fd);
        ngx_snprintf(err, errlen, "out of memory reading \"%V\"%Z", file);
        return NULL;
    }

    ngx_snprintf(path, sizeof(path), "/proc/self/fd/%d%Z", fd);

    status = MMDB_open((char *) path, MMDB_MODE_MMAP, &db->mmdb);

    /* the mapping holds the snapshot from here on */

    (void) close(fd);

    if (status != MMDB_SUCCESS) {
        ngx_snprintf(err, errlen, "MMDB_open(\"%V\") failed (%s)%Z", file,
                     MMDB_strerror(status));
        ngx_free(db);
        return NULL;
    }

    reason = consent_mmdb_probe(db);

    if (reason) {
        ngx_snprintf(err, errlen,
                     "\"%V\" is not a usable country database: %s%Z",
                     file, reason);
        ngx_http_consent_db_close(db);
        return NULL;
    }

    return db;
}


/*
 * Copies the file into a sealed memfd and returns the memfd, or NGX_ERROR
 * with the reason in err.  A file that changes while it is read is refused.
 */

static ngx_int_t
ngx_http_consent_db_snapshot(ngx_str_t *file, ngx_http_consent_stamp_t *stamp,
    u_char *err, size_t errlen)
{
    int                        fd, mfd;
    u_char                    *p, c, errstr[NGX_MAX_ERROR_STR], *last;
    off_t                      got;
    ssize_t                    n;
    ngx_err_t                  e;
    const char                *what;
    ngx_file_info_t            fi;
    ngx_http_consent_stamp_t   before, after;

    mfd = -1;
    p = MAP_FAILED;

    /* non-blocking: a FIFO must not hang nginx -t or a worker */

    fd = open((char *) file->data, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd == -1) {
        what = "open()";
        goto failed;
    }

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        what = "fstat()";
        goto failed;
    }

    if (!ngx_is_file(&fi)) {
        ngx_snprintf(err, errlen, "\"%V\" is not a regular file%Z", file);
        goto error;
    }

    ngx_http_consent_stamp(&fi, &before);

    if (before.size == 0) {
        ngx_snprintf(err, errlen, "\"%V\" is empty%Z", file);
        goto error;
    }

    if (before.size > NGX_HTTP_CONSENT_DB_MAX_SIZE) {
        ngx_snprintf(err, errlen, "\"%V\" is too large%Z", file);
        goto error;
    }

    mfd = memfd_create("consent-geoip", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd == -1) {
        what = "memfd_create()";
        goto failed;
    }

    if (ftruncate(mfd, before.size) == -1) {
        what = "ftruncate()";
        goto failed;
    }

    p = mmap(NULL, before.size, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
    if (p == MAP_FAILED) {
        what = "mmap()";
        goto failed;
    }

    for (got = 0; got < before.size; got += n) {
        n = read(fd, p + got, before.size - got);

        if (n == -1) {
            if (ngx_errno == NGX_EINTR) {
                n = 0;
                continue;
            }

            what = "read()";
            goto failed;
        }

        if (n == 0) {
            break;
        }
    }

    if (got != before.size
        || read(fd, &c, 1) != 0
        || ngx_fd_info(fd, &fi) == NGX_FILE_ERROR)
    {
        goto changed;
    }

    ngx_http_consent_stamp(&fi, &after);

    if (ngx_memcmp(&before, &after, sizeof(ngx_http_consent_stamp_t)) != 0) {
        goto changed;
    }

    (void) munmap(p, before.size);
    (void) close(fd);

#ifdef F_ADD_SEALS
    (void) fcntl(mfd, F_ADD_SEALS,
                 F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
#endif

    *stamp = before;

    return mfd;

changed:

    ngx_snprintf(err, errlen, "\"%V\" changed while it was read%Z", file);
    goto error;

failed:

    e = ngx_errno;
    last = ngx_strerror(e, errstr, sizeof(errstr) - 1);
    *last = '\0';

    ngx_snprintf(err, errlen, "%s \"%V\" failed (%d: %s)%Z", what, file, e,
                 errstr);

error:

    if (p != MAP_FAILED) {
        (void) munmap(p, before.size);
    }

    if (mfd != -1) {
        (void) close(mfd);
    }

    if (fd != -1) {
        (void) close(fd);
    }

    return NGX_ERROR;
}


static void
ngx_http_consent_db_close(consent_mmdb_t *db)
{
    MMDB_close(&db->mmdb);
    ngx_free(db);
}


static void
ngx_http_consent_stamp(ngx_file_info_t *fi, ngx_http_consent_stamp_t *stamp)
{
    ngx_memzero(stamp, sizeof(ngx_http_consent_stamp_t));

    stamp->dev = fi->st_dev;
    stamp->ino = fi->st_ino;
    stamp->size = fi->st_size;
    stamp->mtime = fi->st_mtim.tv_sec;
    stamp->mtime_nsec = fi->st_mtim.tv_nsec;
}


static void
ngx_http_consent_geoip_cleanup(void *data)
{
    ngx_http_consent_geoip_conf_t  *gcf = data;

    if (gcf->db) {
        ngx_http_consent_db_close(gcf->db);
        gcf->db = NULL;
    }
}


/* auto_reload: a timer in each worker */


ngx_int_t
ngx_http_consent_geoip_init_process(ngx_cycle_t *cycle)
{
    ngx_http_consent_main_conf_t   *cmcf;
    ngx_http_consent_geoip_conf_t  *gcf;

    cmcf = ngx_http_cycle_get_module_main_conf(cycle,
                                               ngx_http_consent_module);
    if (cmcf == NULL) {
        return NGX_OK;
    }

    gcf = cmcf->geoip;

    if (gcf->db == NULL) {
        return NGX_OK;
    }

    if (cmcf->counters) {
        cmcf->counters->build_epoch = gcf->db->mmdb.metadata.build_epoch;
    }

    if (gcf->auto_reload == 0) {
        return NGX_OK;
    }

    gcf->timer.handler = ngx_http_consent_geoip_timer;
    gcf->timer.data = cmcf;
    gcf->timer.log = cycle->log;
    gcf->timer.cancelable = 1;

    ngx_add_timer(&gcf->timer, gcf->auto_reload);

    return NGX_OK;
}


static void
ngx_http_consent_geoip_timer(ngx_event_t *ev)
{
    ngx_http_consent_main_conf_t *cmcf = ev->data;

    if (ngx_exiting || ngx_quit || ngx_terminate) {
        return;
    }

    ngx_http_consent_geoip_check(cmcf, ev->log);

    ngx_add_timer(ev, cmcf->geoip->auto_reload);
}


static void
ngx_http_consent_geoip_check(ngx_http_consent_main_conf_t *cmcf,
    ngx_log_t *log)
{
    consent_mmdb_t                 *db;
    ngx_file_info_t                 fi;
    ngx_http_consent_stamp_t        stamp;
    ngx_http_consent_geoip_conf_t  *gcf;
    u_char                          err[NGX_HTTP_CONSENT_ERRLEN];

    gcf = cmcf->geoip;

    if (ngx_file_info(gcf->file.data, &fi) == NGX_FILE_ERROR) {

        if (!gcf->missing) {
            ngx_log_error(NGX_LOG_ERR, log, ngx_errno,
                          "consent_geoip: " ngx_file_info_n " \"%V\" failed, "
                          "the database loaded before stays in use",
                          &gcf->file);
            gcf->missing = 1;
        }

        return;
    }

    gcf->missing = 0;

    ngx_http_consent_stamp(&fi, &stamp);

    if (ngx_memcmp(&stamp, &gcf->stamp, sizeof(ngx_http_consent_stamp_t))
        == 0)
    {
        return;
    }

    /* this version of the file is tried once */

    gcf->stamp = stamp;

    db = ngx_http_consent_db_open(&gcf->file, &stamp, err, sizeof(err));

    if (db == NULL) {
        ngx_log_error(NGX_LOG_ERR, log, 0,
                      "consent_geoip: %s, the database loaded before stays "
                      "in use", err);
        ngx_http_consent_count(cmcf, reload_failures, 1);
        return;
    }

    gcf->stamp = stamp;

    /* nothing refers to the old mapping: requests copy what they read */

    ngx_http_consent_db_close(gcf->db);
    gcf->db = db;

    ngx_log_error(NGX_LOG_NOTICE, log, 0,
                  "consent_geoip: \"%V\" reloaded (%s, built %uL)",
                  &gcf->file, db->mmdb.metadata.database_type,
                  (uint64_t) db->mmdb.metadata.build_epoch);

    ngx_http_consent_count(cmcf, reloads, 1);

    if (cmcf->counters) {
        cmcf->counters->build_epoch = db->mmdb.metadata.build_epoch;
    }
}


/* the request path */


static ngx_http_consent_geo_ctx_t *
ngx_http_consent_geo_ctx(ngx_http_request_t *r)
{
    ngx_http_consent_ctx_t  *ctx;

    ctx = ngx_http_consent_request_ctx(r);

    return ctx ? &ctx->geo : NULL;
}


/* the address from consent_geoip_source, family 0 when there is none */

static consent_ip_t *
ngx_http_consent_addr(ngx_http_request_t *r, ngx_http_consent_geo_ctx_t *ctx)
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


static ngx_http_consent_geo_ctx_t *
ngx_http_consent_country(ngx_http_request_t *r)
{
    ngx_int_t                       rc;
    consent_ip_t                   *ip;
    ngx_http_consent_geo_ctx_t     *ctx;
    ngx_http_consent_main_conf_t   *cmcf;
    ngx_http_consent_geoip_conf_t  *gcf;

    ctx = ngx_http_consent_geo_ctx(r);
    if (ctx == NULL || ctx->looked_up) {
        return ctx;
    }

    ctx->looked_up = 1;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    gcf = cmcf->geoip;

    if (gcf->db == NULL) {
        return ctx;
    }

    ip = ngx_http_consent_addr(r, ctx);

    rc = consent_mmdb_lookup(gcf->db, ip, ctx->country);

    if (rc == CONSENT_OK) {
        ctx->known = 1;

    } else if (rc == CONSENT_EINVAL) {
        ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "consent: country lookup failed");
    }

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "consent: country \"%*s\"", (size_t) (ctx->known ? 2 : 0),
                   ctx->country);

    if (ip->family) {
        ngx_http_consent_count(cmcf, lookups, 1);

        if (!ctx->known) {
            ngx_http_consent_count(cmcf, misses, 1);
        }
    }

    return ctx;
}


ngx_uint_t
ngx_http_consent_visitor_regime(ngx_http_request_t *r)
{
    ngx_http_consent_ctx_t         *ctx;
    ngx_http_consent_main_conf_t   *cmcf;
    ngx_http_consent_geoip_conf_t  *gcf;

    ctx = ngx_http_consent_request_ctx(r);
    if (ctx == NULL) {
        return NGX_HTTP_CONSENT_OPT_IN;
    }

    if (ctx->geo.regime_set) {
        return ctx->regime;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    gcf = cmcf->geoip;

    (void) ngx_http_consent_country(r);

    /* an unknown country (length 0) gets the default regime */

    ctx->regime = (consent_regions_lookup(&gcf->regions, ctx->geo.country,
                                          ctx->geo.known ? 2 : 0)
                   == CONSENT_REGIME_OPT_OUT)
                  ? NGX_HTTP_CONSENT_OPT_OUT : NGX_HTTP_CONSENT_OPT_IN;
    ctx->geo.regime_set = 1;

    return ctx->regime;
}


/* variables */


ngx_int_t
ngx_http_consent_country_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_consent_geo_ctx_t  *ctx;

    ctx = ngx_http_consent_country(r);
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
    ngx_http_consent_geo_ctx_t   *ctx;
    ngx_http_consent_loc_conf_t  *clcf;

    ctx = ngx_http_consent_geo_ctx(r);
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
    ngx_http_consent_geo_ctx_t     *ctx;
    ngx_http_consent_main_conf_t   *cmcf;
    ngx_http_consent_geoip_conf_t  *gcf;

    ctx = ngx_http_consent_geo_ctx(r);
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
    gcf = cmcf->geoip;

    ngx_http_consent_day_key(gcf);

    /* family, address, a separator, User-Agent */

    sep = (u_char) ip->family;

    consent_siphash_init(&sh, gcf->day_key);
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
ngx_http_consent_day_key(ngx_http_consent_geoip_conf_t *gcf)
{
    u_char      msg[9];
    time_t      day;
    uint64_t    k, d;
    ngx_uint_t  i, j;

    day = ngx_time() / 86400;

    if (day == gcf->day) {
        return;
    }

    d = (uint64_t) day;

    for (i = 0; i < 8; i++) {
        msg[i] = (u_char) (d >> (8 * i));
    }

    for (j = 0; j < 2; j++) {
        msg[8] = (u_char) j;

        k = consent_siphash(gcf->secret, msg, sizeof(msg));

        for (i = 0; i < 8; i++) {
            gcf->day_key[8 * j + i] = (u_char) (k >> (8 * i));
        }
    }

    gcf->day = day;
}
