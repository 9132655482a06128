
/*
 * ngx_consent_module: consent_status, the module's counters in the
 * Prometheus text exposition format.
 */


#include "ngx_http_consent.h"
#include "ngx_http_consent_status.h"
#include "consent_native.h"


#define NGX_HTTP_CONSENT_ZONE_SIZE  (8 * ngx_pagesize)


typedef struct {
    const char                *name;
    const char                *type;
    const char                *help;
    size_t                     offset;
} ngx_http_consent_metric_t;


static ngx_int_t ngx_http_consent_status_init_zone(ngx_shm_zone_t *shm_zone,
    void *data);
static void ngx_http_consent_status_names(ngx_http_consent_main_conf_t *cmcf);
static ngx_int_t ngx_http_consent_status_handler(ngx_http_request_t *r);
static u_char *ngx_http_consent_status_metric(u_char *p, u_char *end,
    ngx_http_consent_metric_t *m);


static ngx_str_t  ngx_http_consent_zone_name = ngx_string("consent_status");


#define ngx_http_consent_counter(field)                                       \
    offsetof(ngx_http_consent_counters_t, field)


static ngx_http_consent_metric_t  ngx_http_consent_labelled[] = {

    { "nginx_consent_requests_total", "counter",
      "Requests whose consent was evaluated, by state and source.", 0 },

    { "nginx_consent_refused_total", "counter",
      "Requests refused by consent_require, by category.", 0 },

    { "nginx_consent_decisions_total", "counter",
      "Decisions posted to consent_endpoint, by outcome.", 0 },
};


static ngx_http_consent_metric_t  ngx_http_consent_scalars[] = {

    { "nginx_consent_cookies_stripped_total", "counter",
      "Cookies removed from request Cookie headers.",
      ngx_http_consent_counter(cookies_stripped) },

    { "nginx_consent_set_cookies_removed_total", "counter",
      "Set-Cookie response headers removed.",
      ngx_http_consent_counter(set_cookies_removed) },

    { "nginx_consent_html_elements_removed_total", "counter",
      "Marked HTML elements removed.",
      ngx_http_consent_counter(html_removed) },

    { "nginx_consent_banners_inserted_total", "counter",
      "Pages the consent banner was inserted into.",
      ngx_http_consent_counter(banners) },

    { "nginx_consent_geoip_lookups_total", "counter",
      "Country lookups in the database.",
      ngx_http_consent_counter(lookups) },

    { "nginx_consent_geoip_misses_total", "counter",
      "Country lookups that found no country.",
      ngx_http_consent_counter(misses) },

    { "nginx_consent_geoip_reloads_total", "counter",
      "New versions of the database a worker took into use.",
      ngx_http_consent_counter(reloads) },

    { "nginx_consent_geoip_reload_failures_total", "counter",
      "New versions of the database that failed to load; the one before "
      "stayed in use.",
      ngx_http_consent_counter(reload_failures) },

    { "nginx_consent_geoip_build_epoch_seconds", "gauge",
      "Build time of the database in use, unix seconds.",
      ngx_http_consent_counter(build_epoch) },

    { NULL, NULL, NULL, 0 }
};


/* consent_status; */

char *
ngx_http_consent_status(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_shm_zone_t                *shm_zone;
    ngx_http_core_loc_conf_t      *clcf;
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_consent_module);

    shm_zone = ngx_shared_memory_add(cf, &ngx_http_consent_zone_name,
                                     NGX_HTTP_CONSENT_ZONE_SIZE,
                                     &ngx_http_consent_module);
    if (shm_zone == NULL) {
        return NGX_CONF_ERROR;
    }

    shm_zone->init = ngx_http_consent_status_init_zone;
    shm_zone->data = cmcf;

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);

    if (clcf->handler) {
        return "is duplicate";
    }

    clcf->handler = ngx_http_consent_status_handler;

    return NGX_CONF_OK;
}


/*
 * The zone of the cycle before (data) is taken over as it is, counters and
 * all; only the names of categories whose index changed are written again.
 */

static ngx_int_t
ngx_http_consent_status_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_consent_main_conf_t  *ocmcf = data;

    ngx_slab_pool_t               *shpool;
    ngx_http_consent_main_conf_t  *cmcf;

    cmcf = shm_zone->data;

    if (ocmcf) {
        cmcf->counters = ocmcf->counters;
        ngx_http_consent_status_names(cmcf);
        return NGX_OK;
    }

    shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        cmcf->counters = shpool->data;
        ngx_http_consent_status_names(cmcf);
        return NGX_OK;
    }

    cmcf->counters = ngx_slab_calloc(shpool,
                                     sizeof(ngx_http_consent_counters_t));
    if (cmcf->counters == NULL) {
        return NGX_ERROR;
    }

    shpool->data = cmcf->counters;

    ngx_http_consent_status_names(cmcf);

    return NGX_OK;
}


static void
ngx_http_consent_status_names(ngx_http_consent_main_conf_t *cmcf)
{
    ngx_str_t                    *name;
    ngx_uint_t                    i;
    ngx_http_consent_counters_t  *c;

    c = cmcf->counters;
    name = cmcf->categories.elts;

    for (i = 0; i < cmcf->categories.nelts; i++) {

        if (c->name_len[i] == name[i].len
            && ngx_memcmp(c->names[i], name[i].data, name[i].len) == 0)
        {
            continue;
        }

        c->refused[i] = 0;
        ngx_memcpy(c->names[i], name[i].data, name[i].len);
        c->name_len[i] = (u_char) name[i].len;
    }
}


static ngx_int_t
ngx_http_consent_status_handler(ngx_http_request_t *r)
{
    size_t                         size;
    ngx_int_t                      rc;
    ngx_str_t                     *category;
    ngx_buf_t                     *b;
    ngx_uint_t                     i, k;
    ngx_chain_t                    out;
    ngx_http_consent_metric_t     *m;
    ngx_http_consent_counters_t   *c;
    ngx_http_consent_main_conf_t  *cmcf;

    if (!(r->method & (NGX_HTTP_GET|NGX_HTTP_HEAD))) {
        return NGX_HTTP_NOT_ALLOWED;
    }

    rc = ngx_http_discard_request_body(r);
    if (rc != NGX_OK) {
        return rc;
    }

    cmcf = ngx_http_get_module_main_conf(r, ngx_http_consent_module);
    c = cmcf->counters;

    /* help lines and unlabelled series, then the labelled ones */

    size = 4096
           + NGX_HTTP_CONSENT_NSTATES * NGX_HTTP_CONSENT_NSOURCES
             * (sizeof("nginx_consent_requests_total{state=\"\","
                       "source=\"\"} \n") - 1 + 2 * 16 + NGX_ATOMIC_T_LEN)
           + cmcf->categories.nelts
             * (sizeof("nginx_consent_refused_total{category=\"\"} \n") - 1
                + CONSENT_NATIVE_NAME_LEN + NGX_ATOMIC_T_LEN)
           + NGX_HTTP_CONSENT_NDECISIONS
             * (sizeof("nginx_consent_decisions_total{outcome=\"\"} \n") - 1
                + 16 + NGX_ATOMIC_T_LEN);

    b = ngx_create_temp_buf(r->pool, size);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->last = ngx_http_consent_status_metric(b->last, b->end,
                                             &ngx_http_consent_labelled[0]);

    for (i = 0; i < NGX_HTTP_CONSENT_NSTATES; i++) {
        for (k = 0; k < NGX_HTTP_CONSENT_NSOURCES; k++) {
            b->last = ngx_slprintf(b->last, b->end,
                                   "%s{state=\"%V\",source=\"%V\"} %uA\n",
                                   ngx_http_consent_labelled[0].name,
                                   &ngx_http_consent_state_names[i],
                                   &ngx_http_consent_source_names[k],
                                   c->evaluated[i][k]);
        }
    }

    b->last = ngx_http_consent_status_metric(b->last, b->end,
                                             &ngx_http_consent_labelled[1]);

    category = cmcf->categories.elts;

    for (i = 1; i < cmcf->categories.nelts; i++) {
        b->last = ngx_slprintf(b->last, b->end, "%s{category=\"%V\"} %uA\n",
                               ngx_http_consent_labelled[1].name,
                               &category[i], c->refused[i]);
    }

    b->last = ngx_http_consent_status_metric(b->last, b->end,
                                             &ngx_http_consent_labelled[2]);

    for (i = NGX_HTTP_CONSENT_DECISION_ACCEPTED;
         i < NGX_HTTP_CONSENT_NDECISIONS;
         i++)
    {
        b->last = ngx_slprintf(b->last, b->end, "%s{outcome=\"%V\"} %uA\n",
                               ngx_http_consent_labelled[2].name,
                               &ngx_http_consent_decision_names[i],
                               c->decisions[i]);
    }

    for (m = ngx_http_consent_scalars; m->name; m++) {
        b->last = ngx_http_consent_status_metric(b->last, b->end, m);
        b->last = ngx_slprintf(b->last, b->end, "%s %uA\n", m->name,
                               *(ngx_atomic_t *) ((u_char *) c + m->offset));
    }

    r->headers_out.status = NGX_HTTP_OK;
    r->headers_out.content_length_n = b->last - b->pos;
    ngx_str_set(&r->headers_out.content_type, "text/plain; version=0.0.4");
    r->headers_out.content_type_len = sizeof("text/plain") - 1;

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


static u_char *
ngx_http_consent_status_metric(u_char *p, u_char *end,
    ngx_http_consent_metric_t *m)
{
    return ngx_slprintf(p, end, "# HELP %s %s\n# TYPE %s %s\n",
                        m->name, m->help, m->name, m->type);
}
