
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


#define CONSENT_SIPHASH_KEYLEN     16

/* the secret of "consent_visitor_key": 32 bytes, 64 hexadecimal digits */

#define CONSENT_SIPHASH_SECRETLEN  32
#define CONSENT_SIPHASH_SECRETHEX  64

#define CONSENT_SIPHASH_ESHORT     -40  /* not known to consent_strerror():
                                           fewer digits than a secret */


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

/*
 * The secret of a key file: exactly CONSENT_SIPHASH_SECRETHEX hexadecimal
 * digits (either case), then at most one line ending ("\n" or "\r\n"),
 * into CONSENT_SIPHASH_SECRETLEN bytes.  CONSENT_OK; CONSENT_EMPTY (nothing
 * but the line ending); CONSENT_SIPHASH_ESHORT (fewer digits);
 * CONSENT_ETOOLONG (more); CONSENT_EINVAL (any other byte).  On an error
 * the secret is wiped.
 */

int consent_siphash_secret(const u_char *p, size_t len, u_char *secret);

/*
 * The key of UTC day "day" (days since 1970-01-01) under a secret of
 * CONSENT_SIPHASH_SECRETLEN bytes: SipHash-2-4 keyed by the first half of
 * the secret, of the second half, the day (little-endian) and a byte 0 or
 * 1, for the two halves of the key.  Servers with the same secret derive
 * the same key for the same day.
 */

void consent_siphash_day_key(const u_char *secret, uint64_t day,
    u_char *key);

/* memset() to zero that the compiler cannot drop: for key material */

void consent_siphash_wipe(void *p, size_t len);


#endif /* _CONSENT_SIPHASH_H_INCLUDED_ */
