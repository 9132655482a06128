
/*
 * ngx_consent_module: consent_require.
 */


#ifndef _NGX_HTTP_CONSENT_ACCESS_H_INCLUDED_
#define _NGX_HTTP_CONSENT_ACCESS_H_INCLUDED_


#include "ngx_http_consent.h"


char *ngx_http_consent_require(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_consent_access_check(ngx_http_request_t *r);


#endif /* _NGX_HTTP_CONSENT_ACCESS_H_INCLUDED_ */
