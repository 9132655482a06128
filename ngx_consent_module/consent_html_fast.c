
/*
 * ngx_consent_module: the HTML scanner's fast path for a tag.  A tag that
 * lies whole in the input and may change something is read at once, its
 * attribute names and values as runs (16 bytes at a time with SSE2), and
 * leaves what the states of consent_html_feed() would have left, byte by
 * byte.
 */


#include "consent_html_int.h"


static void consent_html_name(consent_html_t *h, const u_char *p, size_t len);


/*
 * A tag ("<name" or "</name" at start, its name read up to p already)
 * that lies whole in [start, end) and within the size limit,
 * read at once: the states of the tag from the name to ">" (attribute
 * name, after it, before a value, quoted and unquoted values,
 * self-closing) as runs over a table of the few bytes that end them.
 * Sets what consent_html_tag_start(), the name and the attributes would
 * have set byte by byte, the tag held in place (h->len is 0, nothing is
 * copied to buf); returns the length of the tag, or 0 to leave it to the
 * byte-by-byte states (cut by the end of in, or longer than
 * CONSENT_HTML_MAX_TAG).
 */

size_t
consent_html_whole_tag(consent_html_t *h, const u_char *start,
    const u_char *p, const u_char *end)
{
    size_t         alen;
    const u_char  *a, *s, *v, *last;

    last = ((size_t) (end - start) > CONSENT_HTML_MAX_TAG)
           ? start + CONSENT_HTML_MAX_TAG : end;

    while (p < last && !consent_html_name_end(*p)) {
        p++;
    }

    if (p >= last) {
        return 0;
    }

    h->end_tag = (start[1] == '/');
    h->self_closing = 0;
    h->marked = 0;
    h->denied = 0;
    h->oversize = 0;
    h->type_seen = 0;
    h->type_plain = 0;
    h->type_ref = 0;
    h->klaro = CONSENT_HTML_NONE;
    h->len = 0;
    h->mode = CONSENT_HTML_HOLD;

    a = start + 1 + h->end_tag;
    consent_html_name(h, a, p - a);

    for ( ;; ) {

        /*
         * before an attribute name, after a value or a '/': spaces and
         * '/' are skipped, a '/' just before '>' makes the tag
         * self-closing
         */

        for (s = p; p < last; p++) {
            if (!(consent_html_chars[*p] & (CONSENT_HTML_SP|CONSENT_HTML_SL))) {
                break;
            }
        }

        if (p == last) {
            return 0;
        }

        if (*p == '>') {
            h->self_closing = (p != s && p[-1] == '/');
            return p + 1 - start;
        }

        /* an attribute name: its first byte may even be '=' or a quote */

        h->astart = p - start;
        a = p;

        for (p = consent_html_skip(p + 1, last); p < last; p++) {
            if (consent_html_chars[*p] & (CONSENT_HTML_SP|CONSENT_HTML_SL
                                          |CONSENT_HTML_GT|CONSENT_HTML_EQ))
            {
                break;
            }
        }

        alen = p - a;

        if (p + 1 < last && *p == '=' && (p[1] == '"' || p[1] == '\'')) {

            /* name="value", as most are written: at once */

            v = consent_html_quote(p + 2, last, p[1]);
            if (v == NULL) {
                return 0;
            }

            /* a class that names no OneTrust category does nothing */

            if (consent_html_may_mark(a, alen)
                && (alen != 5 || consent_html_class_may(p + 2, v - p - 2)))
            {
                consent_html_attr_done(h, a, alen, start, p + 2 - start,
                                       v - start, v + 1 - start);
            }

            p = v + 1;
            continue;
        }

        while (p < last && (consent_html_chars[*p] & CONSENT_HTML_SP)) {
            p++;
        }

        if (p == last) {
            return 0;
        }

        if (*p != '=') {
            /* no value: '/', '>' or the next name follow */

            if (consent_html_may_mark(a, alen)) {
                consent_html_attr_done(h, a, alen, start, 0, 0, p - start);
            }

            continue;
        }

        do {
            p++;
        } while (p < last && (consent_html_chars[*p] & CONSENT_HTML_SP));

        if (p == last) {
            return 0;
        }

        if (*p == '>') {
            if (consent_html_may_mark(a, alen)) {
                consent_html_attr_done(h, a, alen, start, 0, 0, p - start);
            }

            continue;
        }

        if (*p == '"' || *p == '\'') {
            v = consent_html_quote(p + 1, last, *p);
            if (v == NULL) {
                return 0;
            }

            if (consent_html_may_mark(a, alen)) {
                consent_html_attr_done(h, a, alen, start, p + 1 - start,
                                       v - start, v + 1 - start);
            }

            p = v + 1;
            continue;
        }

        /* an unquoted value: up to a space or '>' ('/' included) */

        for (v = p, p = consent_html_skip(p, last); p < last; p++) {
            if (consent_html_chars[*p] & (CONSENT_HTML_SP|CONSENT_HTML_GT)) {
                break;
            }
        }

        if (p == last) {
            return 0;
        }

        if (consent_html_may_mark(a, alen)) {
            consent_html_attr_done(h, a, alen, start, v - start, p - start,
                                   p - start);
        }
    }
}


/* as consent_html_add() would build it byte by byte */

static void
consent_html_name(consent_html_t *h, const u_char *p, size_t len)
{
    size_t  i, n;

    n = (len > CONSENT_HTML_MAX_NAME) ? CONSENT_HTML_MAX_NAME : len;

    for (i = 0; i < n; i++) {
        h->name[i] = consent_html_lower(p[i]);
    }

    h->nlen = (len > CONSENT_HTML_MAX_NAME) ? CONSENT_HTML_MAX_NAME + 1 : len;
}
