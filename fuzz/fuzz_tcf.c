
/*
 * Fuzz target: the TCF TC string decoder.
 *
 * Properties, checked against a slow decoder written here independently
 * (whole string to one bit a byte, fields read by offset):
 *
 * - on success every field of consent_tcf_decode() is what the bits say;
 * - consent_tcf_parse() grants a purpose only if its bit is set in the
 *   segment the result came from (the Publisher TC segment if there is
 *   one, else the core), and grants exactly those bits;
 * - it succeeds only for version 2, service-specific strings whose
 *   TcfPolicyVersion is at least 4 if created since 2023-11-20, and its
 *   timestamp is LastUpdated / 10;
 * - on failure it grants nothing;
 * - a character outside base64 (and trailing '=') is never accepted.
 *
 * The input is copied into a buffer of exactly its size, so that ASan
 * catches a read past its end.
 */


#include "consent_tcf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#define MAX_SEGMENTS  (CONSENT_TCF_MAX_LEN / 2 + 1)


typedef struct {
    u_char   *bit;                     /* one bit a byte */
    size_t    n;
} slow_seg_t;


static int
slow_value(u_char c)
{
    static const char  *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz0123456789";

    if (c == '-' || c == '+') {
        return 62;
    }

    if (c == '_' || c == '/') {
        return 63;
    }

    if (c == '\0' || strchr(abc, c) == NULL) {
        return -1;
    }

    return (int) (strchr(abc, c) - abc);
}


static uint64_t
slow_get(const slow_seg_t *s, size_t off, size_t n)
{
    size_t    i;
    uint64_t  v;

    v = 0;

    for (i = 0; i < n; i++) {
        if (off + i >= s->n) {
            __builtin_trap();          /* the caller checked */
        }

        v = v << 1 | s->bit[off + i];
    }

    return v;
}


/* item k (1..n) at bit off + k - 1, returned in bit k-1 */

static uint32_t
slow_set(const slow_seg_t *s, size_t off, size_t n)
{
    size_t    k;
    uint32_t  v;

    v = 0;

    for (k = 1; k <= n; k++) {
        if (slow_get(s, off + k - 1, 1)) {
            v |= (uint32_t) 1 << (k - 1);
        }
    }

    return v;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc, prc, v, bad_char;
    u_char            *buf, *bits;
    size_t             i, nseg, start, end, n, pub;
    uint32_t           want;
    slow_seg_t        *segs;
    consent_tcf_t      tc;
    consent_result_t   res;

    buf = malloc(size ? size : 1);
    if (buf == NULL) {
        return 0;
    }

    memcpy(buf, data, size);

    rc = consent_tcf_decode(buf, size, &tc);
    prc = consent_tcf_parse(buf, size, &res);

    if (prc != CONSENT_OK) {
        if (res.granted != 0 || res.timestamp != -1 || res.id.len != 0) {
            __builtin_trap();
        }

    } else if (rc != CONSENT_OK) {
        __builtin_trap();
    }

    if (res.granted & ~(consent_tokens_t) 0xffffff) {
        __builtin_trap();
    }

    if (rc != CONSENT_OK || size > CONSENT_TCF_MAX_LEN) {
        if (prc == CONSENT_OK) {
            __builtin_trap();
        }

        free(buf);
        return 0;
    }

    /* the slow decoder */

    segs = calloc(MAX_SEGMENTS, sizeof(slow_seg_t));
    bits = malloc(size * 6 + 1);

    if (segs == NULL || bits == NULL) {
        __builtin_trap();
    }

    nseg = 0;
    start = 0;
    n = 0;
    bad_char = 0;

    for (end = 0; end <= size; end++) {
        if (end < size && buf[end] != '.') {
            continue;
        }

        if (nseg == MAX_SEGMENTS) {
            __builtin_trap();
        }

        segs[nseg].bit = bits + n;

        for (i = start; i < end; i++) {
            v = slow_value(buf[i]);

            if (v < 0) {
                /* '=' may only end a segment, at most two */
                if (buf[i] != '=' || end - i > 2) {
                    bad_char = 1;
                }

                for ( /* void */ ; i < end; i++) {
                    if (buf[i] != '=') {
                        bad_char = 1;
                    }
                }

                break;
            }

            bits[n++] = (v >> 5) & 1;
            bits[n++] = (v >> 4) & 1;
            bits[n++] = (v >> 3) & 1;
            bits[n++] = (v >> 2) & 1;
            bits[n++] = (v >> 1) & 1;
            bits[n++] = v & 1;
        }

        segs[nseg].n = (bits + n) - segs[nseg].bit;
        nseg++;
        start = end + 1;
    }

    if (bad_char) {
        __builtin_trap();              /* decode accepted it */
    }

    /* the core: the decoder promised every field up to PublisherCC */

    if (segs[0].n < 213) {
        __builtin_trap();
    }

    if (slow_get(&segs[0], 0, 6) != tc.version
        || tc.version != 2
        || slow_get(&segs[0], 6, 36) != (uint64_t) tc.created
        || slow_get(&segs[0], 42, 36) != (uint64_t) tc.last_updated
        || slow_get(&segs[0], 78, 12) != tc.cmp_id
        || slow_get(&segs[0], 90, 12) != tc.cmp_version
        || slow_get(&segs[0], 102, 6) != tc.consent_screen
        || slow_get(&segs[0], 108, 6) + 'A' != tc.consent_language[0]
        || slow_get(&segs[0], 114, 6) + 'A' != tc.consent_language[1]
        || slow_get(&segs[0], 120, 12) != tc.vendor_list_version
        || slow_get(&segs[0], 132, 6) != tc.policy_version
        || slow_get(&segs[0], 138, 1) != tc.is_service_specific
        || slow_get(&segs[0], 139, 1) != tc.use_non_standard_texts
        || slow_set(&segs[0], 140, 12) != tc.special_feature_optins
        || slow_set(&segs[0], 152, 24) != tc.purposes_consent
        || slow_set(&segs[0], 176, 24) != tc.purposes_li
        || slow_get(&segs[0], 200, 1) != tc.purpose_one_treatment
        || slow_get(&segs[0], 201, 6) + 'A' != tc.publisher_cc[0]
        || slow_get(&segs[0], 207, 6) + 'A' != tc.publisher_cc[1])
    {
        __builtin_trap();
    }

    /* the Publisher TC segment: the first later segment of type 3 */

    pub = 0;

    for (i = 1; i < nseg; i++) {
        if (segs[i].n < 3) {
            __builtin_trap();
        }

        if (slow_get(&segs[i], 0, 3) == 3) {
            if (pub) {
                __builtin_trap();      /* two were accepted */
            }

            pub = i;
        }
    }

    if (tc.has_publisher_tc != (pub != 0)) {
        __builtin_trap();
    }

    if (pub) {
        if (segs[pub].n < 57
            || slow_set(&segs[pub], 3, 24) != tc.pub_purposes_consent
            || slow_set(&segs[pub], 27, 24) != tc.pub_purposes_li
            || slow_get(&segs[pub], 51, 6) != tc.pub_num_custom_purposes
            || segs[pub].n < 57 + 2 * tc.pub_num_custom_purposes)
        {
            __builtin_trap();
        }
    }

    /* the result */

    if (slow_get(&segs[0], 132, 6) < CONSENT_TCF_POLICY_V4
        && slow_get(&segs[0], 6, 36) >= CONSENT_TCF_V22_SINCE)
    {
        if (prc != CONSENT_EPOLICY) {
            __builtin_trap();
        }

    } else if (!tc.is_service_specific) {
        if (prc != CONSENT_EINVAL) {
            __builtin_trap();
        }

    } else {
        if (prc != CONSENT_OK) {
            __builtin_trap();
        }

        want = pub ? slow_set(&segs[pub], 3, 24) : slow_set(&segs[0], 152, 24);

        if (res.granted != want
            || res.timestamp != (int64_t) (slow_get(&segs[0], 42, 36) / 10)
            || res.revision != -1)
        {
            __builtin_trap();
        }
    }

    free(bits);
    free(segs);
    free(buf);

    return 0;
}
