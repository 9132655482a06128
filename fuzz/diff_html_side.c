
/*
 * ngx_consent_module: one side of fuzz/diff_html.c, the HTML scanner fed
 * a page.  Compiled twice by "make fuzz-diff-html": against the scanner
 * of the tree (DIFF_HTML_SIDE diff_html_new) and against that of an older
 * commit, every external symbol renamed old_... and its own consent_html.h
 * (DIFF_HTML_SIDE diff_html_old), so that the two may differ in the layout
 * of consent_html_t.  The token tables are fuzz/fuzz_html_tokens.h, those
 * of fuzz/fuzz_html.c.
 */


#include "consent_html.h"

#include <stdlib.h>
#include <string.h>

#include "diff_html.h"
#include "fuzz_html_tokens.h"


#define DIFF_BANNER  "<div id=\"banner\">consent?</div>"


void
DIFF_HTML_SIDE(const uint8_t *in, size_t len, unsigned grants,
    unsigned activate, unsigned banner, const uint8_t *sizes, size_t nsizes,
    uint8_t *out, diff_html_res_t *res)
{
    size_t               n, k, piece, total, blen;
    unsigned             i;
    const u_char        *b;
    consent_html_t      *h;
    consent_tokens_t     granted[CONSENT_HTML_KINDS];
    consent_html_conf_t  conf;

    memset(res, 0, sizeof(diff_html_res_t));

    h = malloc(sizeof(consent_html_t));
    if (h == NULL) {
        abort();
    }

    memset(&conf, 0, sizeof(consent_html_conf_t));
    conf.tokens[0] = cat_tokens;
    conf.ntokens[0] = 4;
    conf.tokens[1] = cb_tokens;
    conf.ntokens[1] = 4;
    conf.tokens[2] = ot_tokens;
    conf.ntokens[2] = 4;
    conf.tokens[3] = cy_tokens;
    conf.ntokens[3] = 3;
    conf.tokens[4] = kl_tokens;
    conf.ntokens[4] = 2;
    conf.activate = activate & 1;

    for (i = 0; i < CONSENT_HTML_KINDS; i++) {
        granted[i] = (grants >> (i * 2 % 8)) & 0x0f;
    }

    if (grants & 0x80) {
        for (i = 0; i < CONSENT_HTML_KINDS; i++) {
            granted[i] = ~(consent_tokens_t) 0;
        }
    }

    b = banner ? (const u_char *) DIFF_BANNER : NULL;
    blen = banner ? sizeof(DIFF_BANNER) - 1 : 0;

    consent_html_init(h, &conf, granted, b, blen);

    total = 0;
    k = 0;

    while (len) {
        piece = nsizes ? (size_t) sizes[k++ % nsizes] + 1 : len;

        if (piece > len) {
            piece = len;
        }

        total += consent_html_feed(h, in, piece, out + total);
        in += piece;
        len -= piece;
    }

    n = consent_html_finish(h, out + total);

    res->len = total + n;
    res->removed = h->removed;
    res->activated = h->activated;
    res->body_seen = h->body_seen;

    free(h);
}
