
/*
 * ngx_consent_module: consent_strip_cookies and consent_expire_cookies.
 */


#ifndef _NGX_HTTP_CONSENT_COOKIES_H_INCLUDED_
#define _NGX_HTTP_CONSENT_COOKIES_H_INCLUDED_


#include "ngx_http_consent.h"


char *ngx_http_consent_strip_cookies(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_expire_cookies(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_cookies_merge(ngx_conf_t *cf,
    ngx_http_consent_loc_conf_t *prev, ngx_http_consent_loc_conf_t *conf);
ngx_int_t ngx_http_consent_set_cookie_filter(ngx_http_request_t *r);
ngx_int_t ngx_http_consent_strip_request(ngx_http_request_t *r);
ngx_int_t ngx_http_consent_expire_denied(ngx_http_request_t *r,
    ngx_http_consent_loc_conf_t *clcf);


#endif /* _NGX_HTTP_CONSENT_COOKIES_H_INCLUDED_ */
