
/*
 * ngx_consent_module: every difference between nginx versions, in one
 * place.  1.23.0 linked headers of one name through ngx_table_elt_t.next.
 */


#ifndef _NGX_HTTP_CONSENT_COMPAT_H_INCLUDED_
#define _NGX_HTTP_CONSENT_COMPAT_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>


#if (nginx_version >= 1023000)
#define ngx_http_consent_header_unlinked(h)  (h)->next = NULL
#else
#define ngx_http_consent_header_unlinked(h)
#endif


/*
 * Request headers of one name: 1.23+ links them through .next from their
 * field of r->headers_in; 1.22 keeps Cookie and X-Forwarded-For in arrays
 * of pointers, and others in one pointer to the first.
 */

#if (nginx_version >= 1023000)
#define NGX_HTTP_CONSENT_LINKED_HEADERS  1
#else
#define NGX_HTTP_CONSENT_LINKED_HEADERS  0
#endif


#endif /* _NGX_HTTP_CONSENT_COMPAT_H_INCLUDED_ */
