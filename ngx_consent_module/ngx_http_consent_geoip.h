
/*
 * ngx_consent_module: the country database, regimes by country, masked
 * addresses and the visitor hash.
 */


#ifndef _NGX_HTTP_CONSENT_GEOIP_H_INCLUDED_
#define _NGX_HTTP_CONSENT_GEOIP_H_INCLUDED_


#include "ngx_http_consent_module.h"


ngx_http_consent_geoip_conf_t *ngx_http_consent_geoip_create_conf(
    ngx_conf_t *cf);
ngx_int_t ngx_http_consent_geoip_init_process(ngx_cycle_t *cycle);

char *ngx_http_consent_geoip(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_consent_geoip_source(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_regime(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_consent_ip_mask(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);

/* NGX_HTTP_CONSENT_OPT_IN or NGX_HTTP_CONSENT_OPT_OUT for this visitor */
ngx_uint_t ngx_http_consent_visitor_regime(ngx_http_request_t *r);

ngx_int_t ngx_http_consent_country_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
ngx_int_t ngx_http_consent_masked_addr_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
ngx_int_t ngx_http_consent_visitor_hash_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


#endif /* _NGX_HTTP_CONSENT_GEOIP_H_INCLUDED_ */
