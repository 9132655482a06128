
/*
 * Differential fuzz target: the HTML scanner of the tree against that of
 * an older commit (make fuzz-diff-html; FUZZ_DIFF_BASE names the commit).
 * A rewrite for speed must not change what the scanner writes.
 *
 * Input: as fuzz/fuzz_html.c reads it: byte 0 chooses what is granted,
 * byte 1 activate, the banner and how the rest is cut into pieces (bytes
 * 2..9 are piece sizes), the rest is the page.  Each side scans its own
 * exact-size copy, whole, in those pieces and one byte at a time; every
 * output, the counts of removed and activated elements and whether
 * "</body" was seen must be the same on both sides.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_html.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void diff_html_compare(const uint8_t *in, size_t len,
    const uint8_t *data, const uint8_t *sizes, size_t nsizes,
    const char *how);
static void diff_html_fail(const char *how, const char *what);


static const uint8_t  diff_one[1] = { 0 };


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t    len;
    uint8_t  *in;

    if (size < 10) {
        return 0;
    }

    len = size - 10;

    in = malloc(len ? len : 1);
    if (in == NULL) {
        return 0;
    }

    memcpy(in, data + 10, len);

    diff_html_compare(in, len, data, NULL, 0, "whole");
    diff_html_compare(in, len, data, data + 2, (data[1] >> 2) % 9,
                      "in pieces");
    diff_html_compare(in, len, data, diff_one, 1, "byte by byte");

    free(in);

    return 0;
}


static void
diff_html_compare(const uint8_t *in, size_t len, const uint8_t *data,
    const uint8_t *sizes, size_t nsizes, const char *how)
{
    size_t           room;
    uint8_t         *o1, *o2;
    diff_html_res_t  r1, r2;

    room = len + 2 * 8192 + 64;

    o1 = malloc(room);
    o2 = malloc(room);

    if (o1 == NULL || o2 == NULL) {
        free(o1);
        free(o2);
        return;
    }

    diff_html_new(in, len, data[0], data[1] & 1, data[1] & 2, sizes, nsizes,
                  o1, &r1);
    diff_html_old(in, len, data[0], data[1] & 1, data[1] & 2, sizes, nsizes,
                  o2, &r2);

    if (memcmp(in, data + 10, len) != 0) {
        diff_html_fail(how, "the input, written to");
    }

    if (r1.len != r2.len || memcmp(o1, o2, r1.len) != 0) {
        fprintf(stderr, "new %zu bytes, old %zu bytes\n", r1.len, r2.len);
        diff_html_fail(how, "the output");
    }

    if (r1.removed != r2.removed || r1.activated != r2.activated) {
        diff_html_fail(how, "the count of removed or activated elements");
    }

    if (r1.body_seen != r2.body_seen) {
        diff_html_fail(how, "the end of the body seen");
    }

    free(o1);
    free(o2);
}


static void
diff_html_fail(const char *how, const char *what)
{
    fprintf(stderr, "fuzz-diff-html: %s: the old and the new scanner differ "
            "in %s\n", how, what);
    __builtin_trap();
}
