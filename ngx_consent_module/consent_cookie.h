
/*
 * ngx_consent_module: a Cookie header scanner of its own.
 *
 * nginx's $cookie_NAME splits on commas, compares names case-insensitively
 * and returns the first copy only; consent platforms' cookie names are
 * case-sensitive and a cookie may come twice (host and parent domain).
 */


#ifndef _CONSENT_COOKIE_H_INCLUDED_
#define _CONSENT_COOKIE_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_COOKIE_MAX_PAIRS  1024   /* pairs read from one header */


typedef struct {
    const u_char  *pos;
    const u_char  *end;
    const u_char  *last;     /* the end of the last pair, its quotes and
                                all: the pair is name.data .. last */
    unsigned       pairs;
} consent_cookie_iter_t;


void consent_cookie_iter_init(consent_cookie_iter_t *it, const u_char *p,
    size_t len);

/*
 * The next "name=value" pair of the header: CONSENT_OK, CONSENT_EMPTY at
 * the end, CONSENT_ETOOLONG past CONSENT_COOKIE_MAX_PAIRS.  Only ';'
 * separates pairs; spaces and tabs around names and values are dropped, a
 * value in double quotes loses them, and a part with no '=' or an empty
 * name is passed over.
 */

int consent_cookie_next(consent_cookie_iter_t *it, consent_str_t *name,
    consent_str_t *value);


#endif /* _CONSENT_COOKIE_H_INCLUDED_ */
