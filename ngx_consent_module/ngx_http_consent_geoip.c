
/*
 * ngx_consent_module: the country database: opened, reloaded, looked up.
 *
 * The database is read from a private snapshot: the file is copied into a
 * sealed memfd and opened through /proc/self/fd/N, so that whatever later
 * happens to the file (rename, cp over it, truncation) cannot reach the
 * mapping in use.  With auto_reload, a timer in each worker notices a
 * changed file, takes a new snapshot, probes it and swaps; the request path
 * only ever copies the two letters of a country out of the database.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_geoip.h"
#include "ngx_http_consent_status.h"
#include "consent_ip.h"
#include "consent_mmdb.h"

#include <sys/mman.h>


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
    ngx_str_t                  file;
    consent_mmdb_t            *db;
    ngx_msec_t                 auto_reload;
    ngx_http_consent_stamp_t   stamp;        /* the version last tried */
    ngx_event_t                timer;
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


/* configuration */


ngx_http_consent_geoip_conf_t *
ngx_http_consent_geoip_create_conf(ngx_conf_t *cf)
{
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

        if (ngx_http_consent_param(&value[i], "auto_reload=", 12, &s)
            == NGX_OK)
        {
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


/*
 * The request path: the country of an address, copied out of the database.
 * NGX_OK with the code in country[], NGX_DECLINED when the address has
 * none, NGX_ABORT without a database.  With sub, the subdivision as well
 * (see consent_mmdb_lookup_sub()), from the same lookup.
 */

ngx_int_t
ngx_http_consent_geoip_lookup(ngx_http_request_t *r, consent_ip_t *ip,
    u_char *country, u_char *sub, size_t *sub_len)
{
    ngx_int_t                       rc;
    ngx_http_consent_main_conf_t   *cmcf;
    ngx_http_consent_geoip_conf_t  *gcf;

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    gcf = cmcf->geoip;

    if (sub_len) {
        *sub_len = 0;
    }

    if (gcf->db == NULL) {
        return NGX_ABORT;
    }

    rc = consent_mmdb_lookup_sub(gcf->db, ip, country, sub, sub_len);

    if (rc == CONSENT_EINVAL) {
        ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "consent: country lookup failed");
    }

    if (ip->family) {
        ngx_http_consent_count(cmcf, lookups, 1);

        if (rc != CONSENT_OK) {
            ngx_http_consent_count(cmcf, misses, 1);
        }
    }

    return (rc == CONSENT_OK) ? NGX_OK : NGX_DECLINED;
}
