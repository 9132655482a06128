
/*
 * ngx_consent_module: SipHash-2-4 with a 64-bit output (Aumasson and
 * Bernstein, "SipHash: a fast short-input PRF", 2012).
 *
 * $consent_visitor_hash is SipHash-2-4 of the client address and the
 * User-Agent under a key that changes every day and is never stored: a
 * visitor can be counted within a day, not followed across days, and the
 * address cannot be recovered from the log.
 */


#ifndef _CONSENT_SIPHASH_H_INCLUDED_
#define _CONSENT_SIPHASH_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_SIPHASH_KEYLEN  16


/* an incremental state, so that several fields hash without a copy */

typedef struct {
    uint64_t   v[4];
    uint64_t   tail;          /* the last len % 8 bytes, little-endian */
    uint64_t   len;           /* bytes hashed so far */
} consent_siphash_t;


/* the key is 16 bytes, read as two little-endian 64-bit words */

void consent_siphash_init(consent_siphash_t *sh, const u_char *key);
void consent_siphash_update(consent_siphash_t *sh, const u_char *p,
    size_t len);
uint64_t consent_siphash_final(consent_siphash_t *sh);

/* the same in one call */

uint64_t consent_siphash(const u_char *key, const u_char *p, size_t len);


#endif /* _CONSENT_SIPHASH_H_INCLUDED_ */
