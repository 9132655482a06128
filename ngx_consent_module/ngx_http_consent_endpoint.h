
/*
 * ngx_consent_module: consent_endpoint.
 */


#ifndef _NGX_HTTP_CONSENT_ENDPOINT_H_INCLUDED_
#define _NGX_HTTP_CONSENT_ENDPOINT_H_INCLUDED_


#include "ngx_http_consent.h"


char *ngx_http_consent_endpoint(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_endpoint_merge(ngx_conf_t *cf,
    ngx_http_consent_loc_conf_t *conf);


#endif /* _NGX_HTTP_CONSENT_ENDPOINT_H_INCLUDED_ */
