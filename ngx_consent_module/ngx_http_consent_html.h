
/*
 * ngx_consent_module: consent_html and consent_banner.
 */


#ifndef _NGX_HTTP_CONSENT_HTML_H_INCLUDED_
#define _NGX_HTTP_CONSENT_HTML_H_INCLUDED_


#include "ngx_http_consent.h"


#define NGX_HTTP_CONSENT_HTML_OFF       0
#define NGX_HTTP_CONSENT_HTML_ON        1
#define NGX_HTTP_CONSENT_HTML_ACTIVATE  2


extern ngx_conf_enum_t  ngx_http_consent_html_modes[];


char *ngx_http_consent_html_mode(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_banner(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_consent_html_types(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_consent_html_init(ngx_conf_t *cf,
    ngx_http_consent_main_conf_t *cmcf,
    ngx_http_output_header_filter_pt next_header,
    ngx_http_output_body_filter_pt next_body);
ngx_int_t ngx_http_consent_html_range_handler(ngx_http_request_t *r);
ngx_int_t ngx_http_consent_html_header_filter(ngx_http_request_t *r);
ngx_int_t ngx_http_consent_html_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);


#endif /* _NGX_HTTP_CONSENT_HTML_H_INCLUDED_ */
