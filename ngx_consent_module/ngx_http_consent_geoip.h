
/*
 * ngx_consent_module: the country database.
 */


#ifndef _NGX_HTTP_CONSENT_GEOIP_H_INCLUDED_
#define _NGX_HTTP_CONSENT_GEOIP_H_INCLUDED_


#include "ngx_http_consent.h"


ngx_http_consent_geoip_conf_t *ngx_http_consent_geoip_create_conf(
    ngx_conf_t *cf);
ngx_int_t ngx_http_consent_geoip_init_process(ngx_cycle_t *cycle);

char *ngx_http_consent_geoip(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);

ngx_int_t ngx_http_consent_geoip_lookup(ngx_http_request_t *r,
    consent_ip_t *ip, u_char *country, u_char *sub, size_t *sub_len);


#endif /* _NGX_HTTP_CONSENT_GEOIP_H_INCLUDED_ */
