
/*
 * ngx_consent_module: what fuzz/diff_html_side.c gives fuzz/diff_html.c,
 * once for the HTML scanner of the tree and once for that of an older
 * commit (make fuzz-diff-html).
 */


#ifndef _DIFF_HTML_H_INCLUDED_
#define _DIFF_HTML_H_INCLUDED_


#include <stddef.h>
#include <stdint.h>


typedef struct {
    size_t  len;          /* bytes written to out */
    size_t  removed;
    size_t  activated;
    int     body_seen;
} diff_html_res_t;


/*
 * Scans in[0..len) with the grants of byte grants (as fuzz/fuzz_html.c
 * reads its first byte), in pieces of sizes[k % nsizes] + 1 bytes (whole
 * if nsizes is 0), with or without a banner; out needs room for
 * len + 2 * 8192 + 64 bytes.
 */

typedef void (*diff_html_scan_pt)(const uint8_t *in, size_t len,
    unsigned grants, unsigned activate, unsigned banner,
    const uint8_t *sizes, size_t nsizes, uint8_t *out, diff_html_res_t *res);


void diff_html_new(const uint8_t *in, size_t len, unsigned grants,
    unsigned activate, unsigned banner, const uint8_t *sizes, size_t nsizes,
    uint8_t *out, diff_html_res_t *res);
void diff_html_old(const uint8_t *in, size_t len, unsigned grants,
    unsigned activate, unsigned banner, const uint8_t *sizes, size_t nsizes,
    uint8_t *out, diff_html_res_t *res);


#endif /* _DIFF_HTML_H_INCLUDED_ */
