
/*
 * ngx_consent_module: consent_status, counters in shared memory.
 */


#ifndef _NGX_HTTP_CONSENT_STATUS_H_INCLUDED_
#define _NGX_HTTP_CONSENT_STATUS_H_INCLUDED_


#include "ngx_http_consent.h"


/*
 * The counters.  They live in one shared memory zone that a reload keeps:
 * ngx_shared_memory_add() gives the new cycle the old zone when its name,
 * size and tag are the same.  Counters by category are kept by index, with
 * the category's name beside them; a reload that gives an index another
 * name starts that counter again from zero.
 */

struct ngx_http_consent_counters_s {
    ngx_atomic_t   evaluated[NGX_HTTP_CONSENT_NSTATES]
                            [NGX_HTTP_CONSENT_NSOURCES];
    ngx_atomic_t   refused[CONSENT_MAX_CATEGORIES];
    ngx_atomic_t   cookies_stripped;
    ngx_atomic_t   set_cookies_removed;
    ngx_atomic_t   html_removed;
    ngx_atomic_t   banners;
    ngx_atomic_t   decisions[NGX_HTTP_CONSENT_NDECISIONS];
    ngx_atomic_t   lookups;
    ngx_atomic_t   misses;
    ngx_atomic_t   reloads;
    ngx_atomic_t   reload_failures;
    ngx_atomic_t   build_epoch;
    u_char         names[CONSENT_MAX_CATEGORIES][32];
    u_char         name_len[CONSENT_MAX_CATEGORIES];
};


/* cmcf->counters is NULL when no location has consent_status */

#define ngx_http_consent_count(cmcf, counter, n)                              \
    do {                                                                      \
        if ((cmcf)->counters) {                                               \
            (void) ngx_atomic_fetch_add(&(cmcf)->counters->counter,           \
                                        (ngx_atomic_int_t) (n));              \
        }                                                                     \
    } while (0)


char *ngx_http_consent_status(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


#endif /* _NGX_HTTP_CONSENT_STATUS_H_INCLUDED_ */
