
/*
 * Fuzz target: the streaming HTML scanner.
 *
 * Input: byte 0 chooses what is granted, byte 1 activate and how the rest
 * is cut into pieces (bytes 2..9 are piece sizes), the rest is the page.
 *
 * Properties: no read outside the exact-size input; any split gives the
 * output of the whole; no call writes more than consent_html_out_size();
 * the output is never longer than the input; a scan that removes and
 * activates nothing returns its input unchanged; scanning the output
 * again removes nothing (no marked denied element survives, and removing
 * never makes a new one); the output is the input with bytes left out
 * (letters of an end tag written again may change case; a space may take
 * the place of a removed element); the open foreign elements and the
 * elements open in a removed one stay within their arrays (which ASan
 * cannot see inside the struct).
 */


#include "consent_html.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_html_tokens.h"


static size_t scan(consent_html_t *h, const consent_html_conf_t *conf,
    const consent_tokens_t *granted, const u_char *in, size_t len,
    const uint8_t *sizes, size_t nsizes, u_char *out);
static void check_foreign(const consent_html_t *h);
static int subsequence(const u_char *out, size_t n, const u_char *in,
    size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static size_t
scan(consent_html_t *h, const consent_html_conf_t *conf,
    const consent_tokens_t *granted, const u_char *in, size_t len,
    const uint8_t *sizes, size_t nsizes, u_char *out)
{
    size_t  n, k, piece, total;

    consent_html_init(h, conf, granted, NULL, 0);

    total = 0;
    k = 0;

    while (len) {
        piece = nsizes ? (size_t) sizes[k++ % nsizes] + 1 : len;

        if (piece > len) {
            piece = len;
        }

        n = consent_html_feed(h, in, piece, out + total);

        if (n > consent_html_out_size(piece, 0)) {
            __builtin_trap();
        }

        check_foreign(h);

        total += n;
        in += piece;
        len -= piece;
    }

    n = consent_html_finish(h, out + total);

    if (n > consent_html_out_size(0, 0)) {
        __builtin_trap();
    }

    return total + n;
}


static void
check_foreign(const consent_html_t *h)
{
    if (h->fdepth > CONSENT_HTML_MAX_FOREIGN
        || h->fbase > h->fdepth
        || h->fdepth + h->fmore > CONSENT_HTML_MAX_FOREIGN
        || (!h->skip && (h->fbase != h->fdepth || h->fmore || h->fskip))
        || h->nopen > CONSENT_HTML_MAX_OPEN
        || (!h->skip && (h->model || h->nopen))
        || (h->skip && h->model && h->nopen == 0 && !h->lost))
    {
        __builtin_trap();
    }
}


static int
subsequence(const u_char *out, size_t n, const u_char *in, size_t len)
{
    size_t  i, j;

    j = 0;

    for (i = 0; i < n; i++) {
        if (out[i] == ' ' && i && out[i - 1] == '<') {
            /* maybe the space of a removed element: either way */

            if (j < len && in[j] == ' ') {
                j++;
            }

            continue;
        }

        while (j < len && (in[j] | 0x20) != (out[i] | 0x20)) {
            j++;
        }

        if (j == len) {
            return 0;
        }

        j++;
    }

    return 1;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t               len, n, m, r, nsizes;
    u_char              *in, *out, *out2, *again;
    unsigned             i;
    consent_html_t      *h;
    consent_tokens_t     granted[CONSENT_HTML_KINDS];
    consent_html_conf_t  conf;

    if (size < 10) {
        return 0;
    }

    len = size - 10;

    h = malloc(sizeof(consent_html_t));
    in = malloc(len ? len : 1);
    out = malloc(len + CONSENT_HTML_MAX_TAG + 16);
    out2 = malloc(len + CONSENT_HTML_MAX_TAG + 16);
    again = malloc(len + CONSENT_HTML_MAX_TAG + 16);

    if (h == NULL || in == NULL || out == NULL || out2 == NULL
        || again == NULL)
    {
        goto done;
    }

    memcpy(in, data + 10, len);

    memset(&conf, 0, sizeof(consent_html_conf_t));
    conf.tokens[0] = cat_tokens;
    conf.tokens[1] = cb_tokens;
    conf.tokens[2] = ot_tokens;
    conf.ntokens[0] = 4;
    conf.ntokens[1] = 4;
    conf.ntokens[2] = 4;
    conf.tokens[3] = cy_tokens;
    conf.ntokens[3] = 3;
    conf.tokens[4] = kl_tokens;
    conf.ntokens[4] = 2;
    conf.activate = data[1] & 1;

    for (i = 0; i < CONSENT_HTML_KINDS; i++) {
        granted[i] = (data[0] >> (i * 2 % 8)) & 0x0f;
    }

    if (data[0] & 0x80) {
        granted[0] = granted[1] = granted[2] = granted[3] = granted[4]
            = ~(consent_tokens_t) 0;
    }

    n = scan(h, &conf, granted, in, len, NULL, 0, out);
    r = h->removed;

    if (n > len || !subsequence(out, n, in, len)) {
        __builtin_trap();
    }

    if (r == 0 && h->activated == 0
        && (n != len || memcmp(out, in, len) != 0))
    {
        __builtin_trap();
    }

    /* the same page in pieces */

    nsizes = (data[1] >> 1) % 9;
    m = scan(h, &conf, granted, in, len, data + 2, nsizes, out2);

    if (m != n || memcmp(out, out2, n) != 0 || h->removed != r) {
        __builtin_trap();
    }

    /* one byte at a time */

    consent_html_init(h, &conf, granted, NULL, 0);
    m = 0;

    for (i = 0; i < len; i++) {
        m += consent_html_feed(h, in + i, 1, out2 + m);
        check_foreign(h);
    }

    m += consent_html_finish(h, out2 + m);

    if (m != n || memcmp(out, out2, n) != 0) {
        __builtin_trap();
    }

    /* the output scanned again: nothing left to remove */

    conf.activate = 0;
    m = scan(h, &conf, granted, out, n, NULL, 0, again);

    if (h->removed != 0 || m != n || memcmp(out, again, n) != 0) {
        __builtin_trap();
    }

done:

    free(again);
    free(out2);
    free(out);
    free(in);
    free(h);

    return 0;
}
