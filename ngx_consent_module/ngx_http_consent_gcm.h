
/*
 * ngx_consent_module: Google Consent Mode v2, consent_gcm and $consent_gcm.
 */


#ifndef _NGX_HTTP_CONSENT_GCM_H_INCLUDED_
#define _NGX_HTTP_CONSENT_GCM_H_INCLUDED_


#include "ngx_http_consent.h"


char *ngx_http_consent_gcm(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
void ngx_http_consent_gcm_merge(ngx_http_consent_loc_conf_t *prev,
    ngx_http_consent_loc_conf_t *conf);
ngx_int_t ngx_http_consent_gcm_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


#endif /* _NGX_HTTP_CONSENT_GCM_H_INCLUDED_ */
