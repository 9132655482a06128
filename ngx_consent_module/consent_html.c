
/*
 * ngx_consent_module: the streaming HTML scanner of "consent_html".
 *
 * Two readers share one state.  In text, consent_html_run() passes text
 * and the whole tags that change nothing as one run, at a cost of a few
 * instructions a tag, and reads a tag that may matter whole, at once
 * (consent_html_whole_tag()).  What is not taken whole (comments, raw
 * text, a text '<', a tag cut by the end of a buffer or over the size
 * limit) goes through the states of consent_html_feed(), byte by byte
 * where it must.  Both give the same output and leave the same state:
 * fed one byte at a time, the scanner uses the states only, and the fuzz
 * target compares that with the page fed whole.
 *
 * This file: the feed loop, its states and the runs; the tag read at
 * once, the tree emulation and the markers are the other readers of
 * consent_html_int.h.
 */


#include "consent_html_int.h"


enum {
    sw_text = 0,
    sw_lt,
    sw_end_lt,
    sw_bang,
    sw_bang_dash,
    sw_bogus,
    sw_comment_start,
    sw_comment_start_dash,
    sw_comment,
    sw_comment_end_dash,
    sw_comment_end,
    sw_comment_end_bang,
    sw_cdata_open,
    sw_cdata,
    sw_cdata_bracket,
    sw_cdata_end,
    sw_tag_name,
    sw_before_attr_name,
    sw_attr_name,
    sw_after_attr_name,
    sw_before_value,
    sw_value_dq,
    sw_value_sq,
    sw_value_uq,
    sw_after_value_q,
    sw_self_closing,
    sw_raw,
    sw_raw_lt,
    sw_raw_end_lt,
    sw_esc_start,
    sw_esc_start_dash,
    sw_esc,
    sw_esc_dash,
    sw_esc_dash_dash,
    sw_esc_lt,
    sw_dbl_start,
    sw_dbl,
    sw_dbl_dash,
    sw_dbl_dash_dash,
    sw_dbl_lt,
    sw_dbl_end
};


static int consent_html_pass_to(consent_html_t *h, const u_char **pp,
    const u_char *end, u_char **op, u_char delim);
static inline u_char *consent_html_put(consent_html_t *h, u_char *o,
    u_char c);
static u_char *consent_html_hold(consent_html_t *h, u_char *o,
    const u_char *p, size_t n);
static u_char *consent_html_flush(consent_html_t *h, u_char *o);
static void consent_html_tag_start(consent_html_t *h, unsigned end_tag);
static u_char *consent_html_end_name(consent_html_t *h, u_char *o);
static void consent_html_attr_start(consent_html_t *h, u_char c);
static const u_char *consent_html_run(consent_html_t *h, const u_char *p,
    const u_char *end, size_t *tag);
static unsigned consent_html_passes(consent_html_t *h);
static unsigned consent_html_foreign_passes(consent_html_t *h);
static unsigned consent_html_raw_end(consent_html_t *h, const u_char *p);
static unsigned consent_html_changes_state(const u_char *name, size_t len);
static inline u_char *consent_html_tag_end(consent_html_t *h, u_char *o,
    const u_char *tag);
static u_char *consent_html_end_tag_end(consent_html_t *h, u_char *o);
static u_char *consent_html_start_tag_end(consent_html_t *h, u_char *o,
    const u_char *tag);
static void consent_html_raw(consent_html_t *h);
static unsigned consent_html_script(consent_html_t *h, u_char c);
static void consent_html_add(u_char *name, unsigned *len, unsigned max,
    u_char c);
static unsigned consent_html_element(const u_char *name, unsigned len);


void
consent_html_init(consent_html_t *h, const consent_html_conf_t *conf,
    const consent_tokens_t *granted, const u_char *banner,
    size_t banner_len)
{
    unsigned  i;

    memset(h, 0, offsetof(consent_html_t, buf));

    h->conf = conf;
    h->banner = banner;
    h->banner_len = banner ? banner_len : 0;

    for (i = 0; i < CONSENT_HTML_KINDS; i++) {
        h->granted[i] = granted ? granted[i] : 0;
    }

    h->state = sw_text;
    h->mode = CONSENT_HTML_PASS;
}


size_t
consent_html_feed(consent_html_t *h, const u_char *in, size_t len,
    u_char *out)
{
    u_char         c, *o;
    size_t         n;
    const u_char  *p, *q, *end;

    p = in;
    end = in + len;
    o = out;

    while (p < end) {
        c = *p;

        switch (h->state) {

        case sw_text:

            /*
             * Text and whole tags that change nothing go out (or, inside
             * a removed element, are dropped) as one run; it ends at a
             * whole tag that changes something (n is its length), or at
             * a '<' that needs the states below (a comment, a tag cut by
             * the end of in, a text '<').
             */

            q = consent_html_run(h, p, end, &n);

            if (q != p) {
                if (!h->skip) {
                    memcpy(o, p, q - p);
                    o += q - p;
                }

                h->after_lt = 0;
                p = q;
            }

            if (n) {
                if (!h->end_tag) {
                    h->len = n;

                } else if (!h->skip) {
                    o = consent_html_end_name(h, o);
                    memcpy(o, p, n);
                    o += n;
                }

                o = consent_html_tag_end(h, o, p);
                p += n;
                break;
            }

            if (p == end) {
                break;
            }

            if (*p != '<') {
                /* one of the last two bytes of in */

                if (!h->skip) {
                    *o++ = *p;
                }

                h->after_lt = 0;
                p++;
                break;
            }

            h->len = 0;
            h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_HOLD;
            o = consent_html_put(h, o, '<');
            h->state = sw_lt;
            p++;
            break;

        case sw_lt:
            if (consent_html_alpha(c)) {
                consent_html_tag_start(h, 0);

                if (h->skip) {
                    /* it may close the removed element: then it is kept */
                    h->mode = CONSENT_HTML_HOLD;
                    h->buf[0] = '<';
                    h->len = 1;
                }

                break;
            }

            if (c == '/') {
                h->after_lt = 0;
                o = consent_html_put(h, o, c);
                h->state = sw_end_lt;
                p++;
                break;
            }

            if (c == '!') {
                h->after_lt = 0;
                o = consent_html_put(h, o, c);
                h->state = sw_bang;
                p++;
                break;
            }

            /* "<?" is a bogus comment, anything else makes '<' text */

            o = consent_html_flush(h, o);

            if (c == '?') {
                h->after_lt = 0;
                h->state = sw_bogus;

            } else {
                h->after_lt = (c == '<');
                h->state = sw_text;
            }

            break;

        case sw_end_lt:
            if (consent_html_alpha(c)) {
                consent_html_tag_start(h, 1);
                break;
            }

            if (c == '>') {
                /* "</>" is ignored by browsers; pass it */
                o = consent_html_put(h, o, c);
                o = consent_html_flush(h, o);
                h->state = sw_text;
                p++;
                break;
            }

            o = consent_html_flush(h, o);
            h->state = sw_bogus;
            break;

        case sw_bang:
            if (c == '-') {
                o = consent_html_put(h, o, c);
                h->state = sw_bang_dash;
                p++;
                break;
            }

            if (c == '[' && consent_html_foreign(h)
                && !(h->funsure && !h->skip))
            {
                /*
                 * "<![CDATA[" starts a CDATA section in foreign content;
                 * where it may have ended (funsure, consent_html_tree.c)
                 * a bogus comment, as in HTML, which hides less
                 */
                o = consent_html_put(h, o, c);
                h->rmatch = 1;
                h->state = sw_cdata_open;
                p++;
                break;
            }

            o = consent_html_flush(h, o);
            h->state = sw_bogus;
            break;

        case sw_cdata_open:
            if (c == (u_char) "[CDATA["[h->rmatch]) {
                o = consent_html_put(h, o, c);
                p++;

                if (++h->rmatch == 7) {
                    o = consent_html_flush(h, o);
                    h->state = sw_cdata;
                }

                break;
            }

            o = consent_html_flush(h, o);
            h->state = sw_bogus;
            break;

        case sw_cdata:
            if (consent_html_pass_to(h, &p, end, &o, ']')) {
                h->state = sw_cdata_bracket;
            }

            break;

        case sw_cdata_bracket:
        case sw_cdata_end:
            if (c == ']') {
                h->state = sw_cdata_end;

            } else if (c == '>' && h->state == sw_cdata_end) {
                h->state = sw_text;

            } else {
                h->state = sw_cdata;
                break;
            }

            if (!h->skip) {
                *o++ = c;
            }

            p++;
            break;

        case sw_bang_dash:
            if (c == '-') {
                o = consent_html_put(h, o, c);
                o = consent_html_flush(h, o);
                h->state = sw_comment_start;
                p++;
                break;
            }

            o = consent_html_flush(h, o);
            h->state = sw_bogus;
            break;

        case sw_bogus:
            if (consent_html_pass_to(h, &p, end, &o, '>')) {
                h->state = sw_text;
            }

            break;

        case sw_comment_start:
        case sw_comment_start_dash:
            if (c == '-') {
                h->state = (h->state == sw_comment_start)
                           ? sw_comment_start_dash : sw_comment_end;

            } else if (c == '>') {
                h->state = sw_text;

            } else {
                h->state = sw_comment;
                break;
            }

            if (!h->skip) {
                *o++ = c;
            }

            p++;
            break;

        case sw_comment:
            if (consent_html_pass_to(h, &p, end, &o, '-')) {
                h->state = sw_comment_end_dash;
            }

            break;

        case sw_comment_end_dash:
            if (c != '-') {
                h->state = sw_comment;
                break;
            }

            h->state = sw_comment_end;

            if (!h->skip) {
                *o++ = c;
            }

            p++;
            break;

        case sw_comment_end:
        case sw_comment_end_bang:
            if (c == '>') {
                h->state = sw_text;

            } else if (c == '-') {
                h->state = (h->state == sw_comment_end)
                           ? sw_comment_end : sw_comment_end_dash;

            } else if (c == '!' && h->state == sw_comment_end) {
                h->state = sw_comment_end_bang;

            } else {
                h->state = sw_comment;
                break;
            }

            if (!h->skip) {
                *o++ = c;
            }

            p++;
            break;

        case sw_tag_name:
            if (consent_html_space(c) || c == '/' || c == '>') {
                if (h->end_tag) {
                    o = consent_html_end_name(h, o);
                }

                o = consent_html_put(h, o, c);
                p++;

                if (c == '>') {
                    o = consent_html_tag_end(h, o, h->buf);

                } else {
                    h->state = (c == '/') ? sw_self_closing
                                          : sw_before_attr_name;
                }

                break;
            }

            consent_html_add(h->name, &h->nlen, CONSENT_HTML_MAX_NAME, c);
            o = consent_html_put(h, o, c);
            p++;

            if (h->end_tag && h->mode == CONSENT_HTML_HOLD && h->nlen > 4) {
                /* longer than "body": needs no banner */
                o = consent_html_flush(h, o);
            }

            /* the rest of a start tag's name at once */

            while (p < end && !h->end_tag && consent_html_alpha(*p)
                   && h->nlen < CONSENT_HTML_MAX_NAME
                   && h->mode == CONSENT_HTML_HOLD
                   && h->len < CONSENT_HTML_MAX_TAG)
            {
                c = *p++;
                h->name[h->nlen++] = consent_html_lower(c);
                h->buf[h->len++] = c;
            }

            break;

        case sw_before_attr_name:
            if (consent_html_space(c)) {
                /* void */

            } else if (c == '/') {
                h->state = sw_self_closing;

            } else if (c == '>') {
                o = consent_html_put(h, o, c);
                p++;
                o = consent_html_tag_end(h, o, h->buf);
                break;

            } else {
                consent_html_attr_start(h, c);
                h->state = sw_attr_name;
            }

            o = consent_html_put(h, o, c);
            p++;
            break;

        case sw_attr_name:
            if (consent_html_space(c)) {
                h->state = sw_after_attr_name;

            } else if (c == '/') {
                consent_html_attr_done(h, h->attr, h->alen, h->buf, 0, 0,
                                       h->len);
                h->state = sw_self_closing;

            } else if (c == '>') {
                consent_html_attr_done(h, h->attr, h->alen, h->buf, 0, 0,
                                       h->len);
                o = consent_html_put(h, o, c);
                p++;
                o = consent_html_tag_end(h, o, h->buf);
                break;

            } else if (c == '=') {
                h->state = sw_before_value;

            } else {
                consent_html_add(h->attr, &h->alen, CONSENT_HTML_MAX_ATTR, c);
                o = consent_html_put(h, o, c);
                p++;

                /* the rest of the name at once */

                while (p < end
                       && (consent_html_alpha(*p) || *p == '-')
                       && h->alen < CONSENT_HTML_MAX_ATTR
                       && h->mode == CONSENT_HTML_HOLD
                       && h->len < CONSENT_HTML_MAX_TAG)
                {
                    c = *p++;
                    h->attr[h->alen++] = consent_html_lower(c);
                    h->buf[h->len++] = c;
                }

                break;
            }

            o = consent_html_put(h, o, c);
            p++;
            break;

        case sw_after_attr_name:
            if (consent_html_space(c)) {
                /* void */

            } else if (c == '=') {
                h->state = sw_before_value;

            } else {
                consent_html_attr_done(h, h->attr, h->alen, h->buf, 0, 0,
                                       h->len);
                h->state = sw_before_attr_name;
                break;
            }

            o = consent_html_put(h, o, c);
            p++;
            break;

        case sw_before_value:
            if (consent_html_space(c)) {
                o = consent_html_put(h, o, c);
                p++;
                break;
            }

            if (c == '>') {
                consent_html_attr_done(h, h->attr, h->alen, h->buf, 0, 0,
                                       h->len);
                o = consent_html_put(h, o, c);
                p++;
                o = consent_html_tag_end(h, o, h->buf);
                break;
            }

            if (c == '"' || c == '\'') {
                o = consent_html_put(h, o, c);
                p++;
                h->vstart = h->len;
                h->state = (c == '"') ? sw_value_dq : sw_value_sq;
                break;
            }

            h->vstart = h->len;
            h->state = sw_value_uq;
            break;

        case sw_value_dq:
        case sw_value_sq:
            q = memchr(p, h->state == sw_value_dq ? '"' : '\'', end - p);
            n = q ? (size_t) (q - p) : (size_t) (end - p);

            o = consent_html_hold(h, o, p, n);
            p += n;

            if (q) {
                n = h->len;
                o = consent_html_put(h, o, c = *p++);
                consent_html_attr_done(h, h->attr, h->alen, h->buf,
                                       h->vstart, n, h->len);
                h->state = sw_after_value_q;
            }

            break;

        case sw_value_uq:
            if (consent_html_space(c) || c == '>') {
                consent_html_attr_done(h, h->attr, h->alen, h->buf,
                                       h->vstart, h->len, h->len);
                o = consent_html_put(h, o, c);
                p++;

                if (c == '>') {
                    o = consent_html_tag_end(h, o, h->buf);

                } else {
                    h->state = sw_before_attr_name;
                }

                break;
            }

            o = consent_html_put(h, o, c);
            p++;
            break;

        case sw_after_value_q:
        case sw_self_closing:
            if (c == '>') {
                h->self_closing = (h->state == sw_self_closing);
                o = consent_html_put(h, o, c);
                p++;
                o = consent_html_tag_end(h, o, h->buf);
                break;
            }

            if (consent_html_space(c)) {
                o = consent_html_put(h, o, c);
                p++;
                h->state = sw_before_attr_name;
                break;
            }

            if (c == '/' && h->state == sw_after_value_q) {
                o = consent_html_put(h, o, c);
                p++;
                h->state = sw_self_closing;
                break;
            }

            h->state = sw_before_attr_name;
            break;

        case sw_raw:
            q = consent_html_raw_lt(p, end);
            n = q ? (size_t) (q - p) : (size_t) (end - p);

            if (!h->skip) {
                memcpy(o, p, n);
                o += n;
            }

            p += n;

            if (q == NULL) {
                break;
            }

            /* the end tag of the element, whole in this buffer: at once */

            if ((size_t) (end - p) > h->rlen + 2 && p[1] == '/'
                && consent_html_raw_end(h, p + 2))
            {
                if (p[h->rlen + 2] == '>') {
                    /* "</name>", as sw_raw_end_lt would go on */
                    consent_html_tag_start(h, 1);
                    memcpy(h->name, h->raw_name, CONSENT_HTML_MAX_NAME);
                    h->nlen = h->rlen;
                    n = h->rlen + 3;

                } else {
                    n = consent_html_whole_tag(h, p, p + 2 + h->rlen, end);
                }

                if (n) {
                    if (!h->skip) {
                        memcpy(o, p, n);
                        o += n;
                    }

                    o = consent_html_end_tag_end(h, o);
                    p += n;
                    break;
                }
            }

            if (!h->skip) {
                *o++ = '<';
            }

            p++;
            h->state = sw_raw_lt;
            break;

        case sw_raw_lt:
            if (c == '/') {
                h->rmatch = 0;
                h->state = sw_raw_end_lt;

            } else if (c == '!' && h->script) {
                h->state = sw_esc_start;

            } else {
                h->state = sw_raw;
                break;
            }

            if (!h->skip) {
                *o++ = c;
            }

            p++;
            break;

        case sw_raw_end_lt:
            if (h->rmatch < h->rlen) {
                if (consent_html_lower(c) != h->raw_name[h->rmatch]) {
                    h->state = h->escaped ? sw_esc : sw_raw;
                    break;
                }

                if (!h->skip) {
                    *o++ = c;
                }

                h->rmatch++;
                p++;
                break;
            }

            if (!consent_html_space(c) && c != '/' && c != '>') {
                h->state = h->escaped ? sw_esc : sw_raw;
                break;
            }

            /* the end tag of the raw text element: go on as a tag */

            h->end_tag = 1;
            h->self_closing = 0;
            h->marked = 0;
            h->denied = 0;
            h->oversize = 0;
            h->type_seen = 0;
            h->type_plain = 0;
            h->type_ref = 0;
            h->klaro = CONSENT_HTML_NONE;
            h->len = 0;
            h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;
            memcpy(h->name, h->raw_name, h->rlen);
            h->nlen = h->rlen;
            h->state = sw_tag_name;
            break;

        case sw_esc_start:
        case sw_esc_start_dash:
        case sw_esc:
        case sw_esc_dash:
        case sw_esc_dash_dash:
        case sw_esc_lt:
        case sw_dbl_start:
        case sw_dbl:
        case sw_dbl_dash:
        case sw_dbl_dash_dash:
        case sw_dbl_lt:
        case sw_dbl_end:
            if (consent_html_script(h, c)) {
                if (!h->skip) {
                    *o++ = c;
                }

                p++;
            }

            break;

        default:
            /* unreachable; fail closed */
            h->skip = 1;
            h->slen = 0;
            h->state = sw_text;
            break;
        }
    }

    return o - out;
}


size_t
consent_html_finish(consent_html_t *h, u_char *out)
{
    u_char  *o;

    o = out;

    switch (h->state) {

    case sw_lt:
    case sw_end_lt:
    case sw_bang:
    case sw_bang_dash:
    case sw_cdata_open:
        /* "<", "</", "<!", "<!-", "<![CD": text or a bogus comment */
        o = consent_html_flush(h, o);
        break;

    case sw_tag_name:
    case sw_before_attr_name:
    case sw_attr_name:
    case sw_after_attr_name:
    case sw_before_value:
    case sw_value_dq:
    case sw_value_sq:
    case sw_value_uq:
    case sw_after_value_q:
    case sw_self_closing:
        /* a tag cut by the end of the stream is dropped, as browsers do */

        if (h->mode == CONSENT_HTML_HOLD || h->oversize) {
            h->removed++;
        }

        break;

    default:
        break;
    }

    h->len = 0;
    h->mode = CONSENT_HTML_PASS;
    h->state = sw_text;

    return o - out;
}


/*
 * Text that only one byte ends (a comment up to its next '-', a bogus
 * comment up to '>'): passed through up to and including that byte, or to
 * the end of the input, and dropped inside a removed element.  Returns 1
 * when the byte came.
 */

static int
consent_html_pass_to(consent_html_t *h, const u_char **pp, const u_char *end,
    u_char **op, u_char delim)
{
    size_t         n;
    const u_char  *p, *q;

    p = *pp;
    q = memchr(p, delim, end - p);
    n = q ? (size_t) (q + 1 - p) : (size_t) (end - p);

    if (!h->skip) {
        memcpy(*op, p, n);
        *op += n;
    }

    *pp = p + n;

    return q != NULL;
}


static inline u_char *
consent_html_put(consent_html_t *h, u_char *o, u_char c)
{
    if (h->mode == CONSENT_HTML_HOLD && h->len < CONSENT_HTML_MAX_TAG) {
        h->buf[h->len++] = c;
        return o;
    }

    switch (h->mode) {

    case CONSENT_HTML_PASS:
        *o++ = c;
        break;

    case CONSENT_HTML_HOLD:

        /* held, and the buffer is full: too long to check, fail closed */

        h->oversize = 1;
        h->len = 0;
        h->mode = CONSENT_HTML_DROP;
        break;

    default:
        break;
    }

    return o;
}


static u_char *
consent_html_hold(consent_html_t *h, u_char *o, const u_char *p, size_t n)
{
    switch (h->mode) {

    case CONSENT_HTML_PASS:
        memcpy(o, p, n);
        o += n;
        break;

    case CONSENT_HTML_HOLD:
        if (n <= CONSENT_HTML_MAX_TAG - h->len) {
            memcpy(h->buf + h->len, p, n);
            h->len += n;
            break;
        }

        h->oversize = 1;
        h->len = 0;
        h->mode = CONSENT_HTML_DROP;
        break;

    default:
        break;
    }

    return o;
}


static u_char *
consent_html_flush(consent_html_t *h, u_char *o)
{
    if (h->mode == CONSENT_HTML_HOLD && !h->skip) {
        memcpy(o, h->buf, h->len);
        o += h->len;
    }

    h->len = 0;
    h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;

    return o;
}


static void
consent_html_tag_start(consent_html_t *h, unsigned end_tag)
{
    h->end_tag = end_tag;
    h->self_closing = 0;
    h->marked = 0;
    h->denied = 0;
    h->oversize = 0;
    h->type_seen = 0;
    h->type_plain = 0;
    h->type_ref = 0;
    h->klaro = CONSENT_HTML_NONE;
    h->nlen = 0;
    h->state = sw_tag_name;

    /* the first letter is consumed by sw_tag_name */
}


static u_char *
consent_html_end_name(consent_html_t *h, u_char *o)
{
    if (h->mode != CONSENT_HTML_HOLD) {
        return o;
    }

    if (h->nlen == 4 && memcmp(h->name, "body", 4) == 0 && !h->body_seen) {
        h->body_seen = 1;

        if (h->banner_len) {
            memcpy(o, h->banner, h->banner_len);
            o += h->banner_len;
        }
    }

    return consent_html_flush(h, o);
}


static void
consent_html_attr_start(consent_html_t *h, u_char c)
{
    h->alen = 0;
    h->astart = h->len;
    consent_html_add(h->attr, &h->alen, CONSENT_HTML_MAX_ATTR, c);
}


/*
 * The run of text and whole tags that change nothing from p (in text) on:
 * returns its end, with *tag the length of the whole tag there if it
 * changes something (read by consent_html_whole_tag()), 0 if the states
 * of consent_html_feed() are needed there, or at end.
 *
 * A tag can change something only by its name or by its attributes:
 *
 *   - a start tag of a raw text element (the content that follows is not
 *     markup), or with a marker that counts (removed when denied, a
 *     script activated when granted);
 *   - a start tag of svg or math, select, frameset or noscript, and in
 *     select or noscript their end tags (what is followed of foreign
 *     content, consent_html_reading());
 *   - the first "</body>" outside a removed element (the banner);
 *   - inside a removed element, a start or end tag of its name (the
 *     nesting count), or a start tag of a raw text element;
 *   - any tag in foreign content;
 *   - a start tag longer than CONSENT_HTML_MAX_TAG (removed).
 *
 * So "<name>" and "</name>", the most common tags, are decided here from
 * the name alone: with no attribute there is no marker, and the names
 * that matter start with one of "stxinmf".  Any other tag is read whole
 * by consent_html_whole_tag() and judged by consent_html_passes().
 */

static const u_char *
consent_html_run(consent_html_t *h, const u_char *p, const u_char *end,
    size_t *tag)
{
    size_t         n;
    unsigned       slow, first;
    const u_char  *t;
#if (CONSENT_HTML_SSE2)
    size_t         i, d, left, full;
    uint64_t       m;
    const u_char  *base, *b;
#endif

    *tag = 0;

    if (end - p < 3) {
        return p;
    }

    /*
     * slow: no start tag (1) or no end tag (2) changes nothing by its
     * name alone
     */

    slow = consent_html_slow(h);

#if (CONSENT_HTML_SSE2)

    /*
     * The '<' are looked for up to the last two bytes, so that the two
     * after a '<' found can always be read; the rest is left to the
     * caller.
     */

    base = p;
    left = end - p - 2;
    full = (left >= 64) ? left - 64 : 0;    /* the last full block */
    i = 0;
    b = p;
    m = (left >= 64) ? consent_html_mask(b) : consent_html_mask_tail(b, left);

#endif

    for ( ;; ) {

        /* the next '<' */

#if (CONSENT_HTML_SSE2)

        while (m == 0) {
            i += 64;

            if (i <= full) {
                b = base + i;
                m = consent_html_mask(b);

            } else if (i < left) {
                b = base + i;
                m = consent_html_mask_tail(b, left - i);

            } else {

                /*
                 * The run ends before the last two bytes, even if a tag
                 * passed ended in them: the caller then reads its last
                 * bytes again, "x>" or ">", which are text (a '<' there
                 * is followed by '>') with the same output and state.
                 */

                return base + left;
            }
        }

        p = b + (size_t) __builtin_ctzll(m);
        m &= m - 1;

#else

        p = memchr(p, '<', end - p);

        if (p == NULL) {
            return end;
        }

        if (end - p < 3) {
            return p;
        }

#endif

        first = consent_html_chars[p[1]];

        if (first & CONSENT_HTML_ALPHA) {

            /*
             * "<name>"; a name with a '<' in it is left to
             * consent_html_whole_tag(), so that no '<' of the mask falls
             * inside a tag passed here
             */

            t = p + 2;

            while (!(consent_html_chars[*t] & CONSENT_HTML_PLAIN_END)) {
                if (++t == end || (size_t) (t - p) >= CONSENT_HTML_MAX_TAG) {
                    /* cut by the end of in, or too long: byte by byte */
                    return p;
                }
            }

            if (*t == '>' && !(slow & 1)
                && (!(first & CONSENT_HTML_KEY) || t - p < 4
                    || !consent_html_changes_state(p + 1, t - p - 1)))
            {
                p = t + 1;
                continue;
            }

        } else if (first & CONSENT_HTML_SL) {

            /* "</name>" */

            if (!(consent_html_chars[p[2]] & CONSENT_HTML_ALPHA)) {
                return p;
            }

            t = p + 2;

            do {
                if (++t == end) {
                    break;
                }
            } while (!(consent_html_chars[*t] & CONSENT_HTML_PLAIN_END));

            if (t == end) {
                return p;
            }

            if (*t == '>' && !slow
                && (t - p != 6 || h->body_seen
                    || !consent_html_ci(p + 2, 4, "body")))
            {
                p = t + 1;
                continue;
            }

        } else {
            return p;
        }

        /* any other tag, with its attributes */

        n = consent_html_whole_tag(h, p, t, end);

        if (n == 0 || !consent_html_passes(h)) {
            *tag = n;
            return p;
        }

        p += n;

#if (CONSENT_HTML_SSE2)

        /* a '<' inside the tag (in a quoted value, say) starts nothing */

        d = p - b;

        if (d < 64) {
            m &= ~(uint64_t) 0 << d;

        } else {
            m = 0;
            i = p - base - 64;
        }

#endif
    }
}


/*
 * Whether a whole tag read by consent_html_whole_tag() changes nothing
 * but the output: then it goes out with the text around it (or is
 * dropped with it inside a removed element), and the state stays "text",
 * as consent_html_tag_end() would leave it.  What a tag can change:
 *
 *   - a start tag with a marker that counts (denied: it is removed;
 *     granted: a script may be activated), or of a raw text element
 *     (the content that follows is not markup);
 *   - a start tag of svg, math, select, frameset or noscript, and in
 *     select or noscript their end tags (consent_html_reading());
 *   - the first "</body>" outside a removed element (the banner);
 *   - inside a removed element, a start or end tag of its name (the
 *     nesting count: "/>" closes nothing in HTML), or a start tag of a
 *     raw text element.
 *
 * In foreign content a tag opens or closes foreign elements: that is done
 * here for those that change nothing else (consent_html_foreign_passes()).
 */

static unsigned
consent_html_passes(consent_html_t *h)
{
    unsigned  el;

    if (h->skip && h->model) {
        /* every tag is followed in consent_html_tag_end() */
        return 0;
    }

    if (consent_html_foreign(h)) {
        return consent_html_foreign_passes(h);
    }

    if (h->end_tag) {
        if (consent_html_guarded(h)
            && (consent_html_element(h->name, h->nlen)
                & (CONSENT_HTML_GUARD|CONSENT_HTML_NOSCRIPT)))
        {
            return 0;
        }

        if (h->ihtml
            && (consent_html_element(h->name, h->nlen) & CONSENT_HTML_FOREIGN))
        {
            /* consent_html_ihtml_end() */
            return 0;
        }

        if (h->skip) {
            return !consent_html_eq(h->name, h->nlen, h->skip_name, h->slen);
        }

        return h->body_seen || h->nlen != 4
               || memcmp(h->name, "body", 4) != 0;
    }

    el = consent_html_element(h->name, h->nlen);

    if (el & (CONSENT_HTML_FOREIGN|CONSENT_HTML_GUARD|CONSENT_HTML_NOSCRIPT)) {
        return 0;
    }

    if (h->skip) {
        return !(el & CONSENT_HTML_RAWTEXT)
               && !consent_html_eq(h->name, h->nlen, h->skip_name, h->slen);
    }

    return !h->marked && !h->denied && !(el & CONSENT_HTML_RAWTEXT);
}


/*
 * consent_html_passes() in foreign content: what consent_html_tag_end()
 * would do to what is followed is done here, when that is all it would do
 * and foreign content goes on (slow in consent_html_run() stays right).
 * An end tag that ends it has done all but that: tag_end() closes no more.
 */

static unsigned
consent_html_foreign_passes(consent_html_t *h)
{
    unsigned  el, fx, foreign, single;

    if (h->end_tag) {
        if (h->skip) {
            /*
             * it may end the removed element, or close nothing followed
             * (which ends the following): consent_html_end_tag_end()
             */
            return 0;
        }

        if (!h->body_seen && h->nlen == 4
            && memcmp(h->name, "body", 4) == 0)
        {
            return 0;
        }

        (void) consent_html_close(h);

        if (consent_html_foreign(h)) {
            return 1;
        }

        /* foreign content ended here, not in HTML: see ihtml_end() */
        h->fended = 1;

        return 0;
    }

    if (!h->skip && (h->marked || h->denied)) {
        return 0;
    }

    el = consent_html_element(h->name, h->nlen);
    foreign = consent_html_reading(h, el, &fx);

    if ((fx & CONSENT_HTML_CLEAR)
        || (!foreign && (el & (CONSENT_HTML_RAWTEXT|CONSENT_HTML_NOSCRIPT))))
    {
        return 0;
    }

    if (h->skip) {
        single = foreign ? h->self_closing : (el & CONSENT_HTML_VOID);

        if (!single
            && consent_html_eq(h->name, h->nlen, h->skip_name, h->slen))
        {
            return 0;
        }
    }

    consent_html_apply(h, fx);

    return 1;
}


/*
 * Whether p (after "</", with rlen + 1 bytes readable) starts the end tag
 * of the raw text element: its name in any case, then a space, '/' or '>'.
 * raw_name is letters only, in lower case: c | 0x20 is c in lower case
 * exactly when it can match.
 */

static unsigned
consent_html_raw_end(consent_html_t *h, const u_char *p)
{
    unsigned  i, n;

    n = h->rlen;

    for (i = 0; i < n; i++) {
        if ((p[i] | 0x20) != h->raw_name[i]) {
            return 0;
        }
    }

    return consent_html_space(p[n]) || p[n] == '/' || p[n] == '>';
}


/*
 * Whether a start tag of this name (as written) may change the state
 * without a marker: raw text, svg and math, the guards of
 * consent_html_reading().
 */

static unsigned
consent_html_changes_state(const u_char *name, size_t len)
{
    u_char    lower[8];
    unsigned  i;

    if (len < 3 || len > 8) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        lower[i] = consent_html_lower(name[i]);
    }

    return consent_html_element(lower, len)
           & (CONSENT_HTML_RAWTEXT|CONSENT_HTML_NOSCRIPT|CONSENT_HTML_FOREIGN
              |CONSENT_HTML_GUARD);
}


/*
 * The '>' of a tag: tag is where its held bytes are, buf or, for a tag
 * read at once, the input.
 */

static inline u_char *
consent_html_tag_end(consent_html_t *h, u_char *o, const u_char *tag)
{
    if (h->end_tag) {
        return consent_html_end_tag_end(h, o);
    }

    return consent_html_start_tag_end(h, o, tag);
}


/*
 * A removed element ends at the end tag of its name that closes it (the
 * nesting of that name counted); a removed foreign element also where
 * any end tag closes it ("</svg>" closes a <path> left open).  Such an end
 * tag that closes foreign elements outside the removed one is written
 * (as "</name>"), so that they close as they do in the page.
 */

static u_char *
consent_html_end_tag_end(consent_html_t *h, u_char *o)
{
    unsigned  closed, known, was_foreign, ends;

    h->state = sw_text;

    closed = 0;
    known = 0;
    was_foreign = consent_html_foreign(h);

    if (was_foreign || (h->guard | h->sguard)) {
        known = consent_html_close(h);
        closed = known == 1 && h->fskip && h->fmore == 0;
    }

    if (!was_foreign && h->ihtml && !h->fended && !h->skip) {
        /* (inside a removed element, it is not on the page) */
        consent_html_ihtml_end(h);
    }

    h->fended = 0;

    if (h->skip && h->model) {
        if (h->lost) {
            /* void */

        } else if (!was_foreign) {
            consent_html_open_end(h);

        } else if (!known) {
            /* an end tag of nothing followed: not followed any more */
            h->lost = 1;

        } else if (!consent_html_foreign(h)) {
            /* foreign content closed: its entry */

            if (h->nopen && h->olen[h->nopen - 1] == 0) {
                h->nopen--;

                if (h->nlen == 1 && h->name[0] == 'p') {
                    consent_html_open_end(h);
                }

            } else {
                h->lost = 1;
            }
        }

        consent_html_open_closed(h);

        ends = !h->lost && h->nopen == 0;
        closed = 0;

    } else {
        if (h->skip && was_foreign && !known) {
            /* an end tag of nothing followed: not followed any more */
            h->lost = 1;
        }

        ends = h->skip && !h->lost
               && ((consent_html_eq(h->name, h->nlen, h->skip_name, h->slen)
                    && --h->depth == 0)
                   || closed);
    }

    if (ends) {
        h->skip = 0;
        h->model = 0;

        if (h->fdepth | h->fmore | h->guard | h->sguard | h->fskip | h->fhtml)
        {
            o = consent_html_rejoin(h, o, closed);
        }
    }

    h->len = 0;
    h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;
    h->after_lt = 0;

    return o;
}


/*
 * A start tag is the whole element when it is void in HTML, or ends in
 * "/>" in foreign content (and for svg and math themselves); "/>" on any
 * other HTML element closes nothing.
 */

static u_char *
consent_html_start_tag_end(consent_html_t *h, u_char *o, const u_char *tag)
{
    size_t    n;
    unsigned  el, fx, foreign, single, was_foreign;

    h->state = sw_text;

    el = consent_html_element(h->name, h->nlen);

    if ((el & (CONSENT_HTML_FOREIGN|CONSENT_HTML_GUARD))
        || consent_html_foreign(h)
        || (h->ihtml && (el & CONSENT_HTML_RAWTEXT)))
    {
        foreign = consent_html_reading(h, el, &fx);

    } else {
        foreign = 0;
        fx = 0;
    }

    single = foreign ? h->self_closing : (el & CONSENT_HTML_VOID);

    if (h->skip) {
        was_foreign = consent_html_foreign(h);

        if (!h->model && h->fskip && (fx & CONSENT_HTML_INNER)) {

            if (h->fmore == 1) {
                /*
                 * HTML in the removed integration point itself: followed
                 * from here on, the integration point first (closed only
                 * by its end tag with nothing open in it)
                 */

                h->model = 1;
                h->lost = 0;
                h->maybe = 0;
                h->nopen = 0;
                h->npend = 0;
                consent_html_open_push(h, h->skip_name, h->slen);
                h->oflag[0] = 2;
                was_foreign = 0;

            } else {
                /* HTML in an integration point inside it: not followed */
                h->lost = 1;
            }
        }

        if (!h->model && h->fskip && !h->lost
            && (fx & (CONSENT_HTML_CLEAR|CONSENT_HTML_INNER))
               == CONSENT_HTML_CLEAR
            && !consent_html_eq(h->name, h->nlen, (u_char *) "font", 4))
        {
            /*
             * It breaks out of foreign content: the removed foreign
             * element is closed, the tag is the first after it (font
             * breaks out only with some attributes: not trusted)
             */

            h->skip = 0;
            o = consent_html_rejoin(h, o, 0);

            return consent_html_start_tag_end(h, o, tag);
        }

        if (fx) {
            consent_html_apply(h, fx);
        }

        if (!h->model) {
            if (!single
                && consent_html_eq(h->name, h->nlen, h->skip_name, h->slen))
            {
                h->depth++;
            }

        } else if (!h->lost) {
            consent_html_open_tag(h, el, foreign, fx, was_foreign);

            if (h->maybe && h->nopen
                && ((el & CONSENT_HTML_FOREIGN)
                    || ((h->denied || h->oversize) && !single)))
            {
                /*
                 * The removed element may be closed already: a marked
                 * element or foreign content opened now could outlast
                 * the end the removal takes (consent_html_open_maybe())
                 */
                h->lost = 1;
            }

            if (!h->lost && h->nopen == 0 && h->npend) {
                /* a pending copy goes on with the removal: the tag in it */
                consent_html_open_closed(h);

                if (!h->lost) {
                    consent_html_open_start(h);
                }
            }

            if (!h->lost && h->nopen == 0) {
                /*
                 * It closed the removed element: it is the first tag
                 * after it, read as one where what is written stands
                 * (in svg still, when a removed tag broke out of it)
                 */

                h->skip = 0;
                h->model = 0;

                if (h->fdepth | h->fmore | h->guard | h->sguard | h->fskip
                    | h->fhtml)
                {
                    o = consent_html_rejoin(h, o, 0);
                }

                return consent_html_start_tag_end(h, o, tag);
            }
        }

        if (!foreign && (el & CONSENT_HTML_RAWTEXT)) {
            consent_html_raw(h);
        }

        h->len = 0;
        h->mode = CONSENT_HTML_DROP;

        return o;
    }


    if (h->oversize || h->denied) {
        h->removed++;
        h->len = 0;

        if (h->after_lt) {
            /* keep a text '<' before it from making a new tag */
            *o++ = ' ';
            h->after_lt = 0;
        }

        if (h->diverged) {
            /* the whole element only if it is in HTML and in SVG alike */

            if (el & CONSENT_HTML_VOID) {
                single = h->self_closing
                         || consent_html_breakout(h->name, h->nlen);

            } else {
                single = (el & CONSENT_HTML_FOREIGN) && h->self_closing;
            }
        }

        if (!single && !foreign && h->nlen == 4
            && (memcmp(h->name, "html", 4) == 0
                || memcmp(h->name, "head", 4) == 0
                || memcmp(h->name, "body", 4) == 0))
        {
            /*
             * html, head, body: a browser merges the attributes of such
             * a tag into the element it has; only the tag goes
             */
            single = 1;
        }

        if (single) {
            /* gone: what is written reads on as before it */

            if ((fx & CONSENT_HTML_CLEAR) && consent_html_foreign(h)) {
                h->diverged = 1;
            }

            h->mode = CONSENT_HTML_PASS;

            return o;
        }

        h->skip = 1;
        h->depth = 1;
        memcpy(h->skip_name, h->name, CONSENT_HTML_MAX_NAME);
        h->slen = h->nlen;

        /*
         * A removed HTML element in HTML: what is open in it is followed
         * as the tree builder opens and closes it (consent_html_open_*).
         */

        /*
         * Its content is read as the page has it (with nothing followed,
         * fbase, fmore, sguard, fhtml and fskip are all 0 already).
         */

        if (fx | h->fdepth | h->guard | h->diverged) {
            h->fhtml = (fx & CONSENT_HTML_INNER) != 0;

            h->fbase = h->diverged ? 0 : h->fdepth;
            h->sguard = h->guard;

            if (h->diverged) {
                foreign = consent_html_reading(h, el, &fx);
            }

            consent_html_apply(h, fx);

            /* a foreign element: fname[fdepth], closed by what closes it */
            h->fskip = (fx & CONSENT_HTML_PUSH) && h->fmore == 1;
        }

        /*
         * An HTML element read as HTML (after a tag that breaks out of
         * foreign content, in select too): what is open in it is
         * followed as the tree builder opens and closes it
         * (consent_html_open_*).
         */

        h->model = !foreign && !consent_html_foreign(h)
                   && !(fx & CONSENT_HTML_INNER);

        /*
         * An HTML element in an integration point (foreignObject, desc,
         * title, mi, ...): the browser repairs what is misnested in it
         * as in HTML (a "</span>" while a <p> is open in it is ignored),
         * with the foreign elements around it in its scopes; that is not
         * followed, so the removal runs to the end of the page.
         */

        h->lost = (fx & CONSENT_HTML_INNER) != 0;
        h->maybe = 0;
        h->nopen = 0;
        h->npend = 0;

        if (h->model) {
            consent_html_open_push(h, h->name, h->nlen);
        }

        if (!foreign && (el & CONSENT_HTML_RAWTEXT)) {
            consent_html_raw(h);
        }

        h->mode = CONSENT_HTML_DROP;

        return o;
    }

    if (fx) {
        consent_html_apply(h, fx);
    }

    n = h->len;

    if (h->conf->activate && h->marked && h->type_plain
        && (el & CONSENT_HTML_SCRIPT)
        && h->type_start < h->type_end && h->type_end <= n)
    {
        /* the tag without its type attribute */

        if (h->mode == CONSENT_HTML_HOLD) {
            memcpy(o, tag, h->type_start);
            o += h->type_start;
        }

        tag += h->type_end;
        n -= h->type_end;
        h->activated++;
    }

    if (h->mode == CONSENT_HTML_HOLD) {
        memcpy(o, tag, n);
        o += n;
    }

    h->after_lt = 0;
    h->len = 0;
    h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;

    /*
     * A kept noscript is scanned as markup: that is how a browser without
     * scripting reads it, the only one for which its content matters.  A
     * browser with scripting reads it as raw text: no svg starts in it.
     */

    if (foreign) {
        return o;
    }

    if (el & CONSENT_HTML_NOSCRIPT) {
        h->guard |= CONSENT_HTML_IN_NOSCRIPT;

    } else if (el & CONSENT_HTML_RAWTEXT) {
        consent_html_raw(h);
    }

    return o;
}


static void
consent_html_raw(consent_html_t *h)
{
    memcpy(h->raw_name, h->name, CONSENT_HTML_MAX_NAME);
    h->rlen = h->nlen;
    h->script = (h->nlen == 6 && memcmp(h->name, "script", 6) == 0);
    h->escaped = 0;
    h->state = sw_raw;
}


/*
 * The "escaped" states of script data: after "<!--" inside a script,
 * "<script" makes "</script>" not end it until "-->" or a second
 * "</script>" (document.write("<script>...</script>") in an old page).
 * Returns 1 when c is consumed, 0 when it is to be seen again in the
 * new state.
 */

static unsigned
consent_html_script(consent_html_t *h, u_char c)
{
    switch (h->state) {

    case sw_esc_start:
        if (c != '-') {
            h->state = sw_raw;
            return 0;
        }

        h->state = sw_esc_start_dash;
        return 1;

    case sw_esc_start_dash:
        if (c != '-') {
            h->state = sw_raw;
            return 0;
        }

        h->escaped = 1;
        h->state = sw_esc_dash_dash;
        return 1;

    case sw_esc:
    case sw_esc_dash:
    case sw_esc_dash_dash:
        if (c == '-') {
            h->state = (h->state == sw_esc) ? sw_esc_dash : sw_esc_dash_dash;

        } else if (c == '<') {
            h->state = sw_esc_lt;

        } else if (c == '>' && h->state == sw_esc_dash_dash) {
            h->escaped = 0;
            h->state = sw_raw;

        } else {
            h->state = sw_esc;
        }

        return 1;

    case sw_esc_lt:
        if (c == '/') {
            h->rmatch = 0;
            h->state = sw_raw_end_lt;
            return 1;
        }

        if (consent_html_alpha(c)) {
            h->rmatch = 0;
            h->state = sw_dbl_start;
            return 0;
        }

        h->state = sw_esc;
        return 0;

    case sw_dbl_start:
    case sw_dbl_end:
        if (h->rmatch < 6) {
            if (consent_html_lower(c) == (u_char) "script"[h->rmatch]) {
                h->rmatch++;
                return 1;
            }

        } else if (consent_html_space(c) || c == '/' || c == '>') {
            h->state = (h->state == sw_dbl_start) ? sw_dbl : sw_esc;
            return 1;
        }

        h->state = (h->state == sw_dbl_start) ? sw_esc : sw_dbl;
        return 0;

    case sw_dbl:
    case sw_dbl_dash:
    case sw_dbl_dash_dash:
        if (c == '-') {
            h->state = (h->state == sw_dbl) ? sw_dbl_dash : sw_dbl_dash_dash;

        } else if (c == '<') {
            h->state = sw_dbl_lt;

        } else if (c == '>' && h->state == sw_dbl_dash_dash) {
            h->escaped = 0;
            h->state = sw_raw;

        } else {
            h->state = sw_dbl;
        }

        return 1;

    default: /* sw_dbl_lt */
        if (c == '/') {
            h->rmatch = 0;
            h->state = sw_dbl_end;
            return 1;
        }

        h->state = sw_dbl;
        return 0;
    }
}


/*
 * What matters about an element name in HTML: void elements (a start tag
 * alone), raw text elements (their content is not markup), the elements
 * that start foreign content, and those inside which svg and math are
 * ignored (select, frameset; noscript when kept).
 */

static unsigned
consent_html_element(const u_char *name, unsigned len)
{
#define consent_html_is(s)  (memcmp(name, s, sizeof(s) - 1) == 0)

    switch (len) {

    case 2:
        return (consent_html_is("br") || consent_html_is("hr"))
               ? CONSENT_HTML_VOID : 0;

    case 3:
        if (consent_html_is("xmp")) {
            return CONSENT_HTML_RAWTEXT;
        }

        if (consent_html_is("svg")) {
            return CONSENT_HTML_FOREIGN;
        }

        return (consent_html_is("col") || consent_html_is("img")
                || consent_html_is("wbr"))
               ? CONSENT_HTML_VOID : 0;

    case 4:
        if (consent_html_is("math")) {
            return CONSENT_HTML_FOREIGN;
        }

        return (consent_html_is("area") || consent_html_is("base")
                || consent_html_is("link") || consent_html_is("meta"))
               ? CONSENT_HTML_VOID : 0;

    case 5:
        if (consent_html_is("style") || consent_html_is("title")) {
            return CONSENT_HTML_RAWTEXT;
        }

        return (consent_html_is("embed") || consent_html_is("input")
                || consent_html_is("param") || consent_html_is("track"))
               ? CONSENT_HTML_VOID : 0;

    case 6:
        if (consent_html_is("script")) {
            return CONSENT_HTML_RAWTEXT|CONSENT_HTML_SCRIPT;
        }

        if (consent_html_is("iframe")) {
            return CONSENT_HTML_RAWTEXT;
        }

        if (consent_html_is("select")) {
            return CONSENT_HTML_GUARD;
        }

        return (consent_html_is("keygen") || consent_html_is("source"))
               ? CONSENT_HTML_VOID : 0;

    case 7:
        return consent_html_is("noembed") ? CONSENT_HTML_RAWTEXT : 0;

    case 8:
        if (consent_html_is("noscript")) {
            return CONSENT_HTML_RAWTEXT|CONSENT_HTML_NOSCRIPT;
        }

        if (consent_html_is("frameset")) {
            return CONSENT_HTML_GUARD;
        }

        return (consent_html_is("textarea") || consent_html_is("noframes"))
               ? CONSENT_HTML_RAWTEXT : 0;

    default:
        return 0;
    }

#undef consent_html_is
}


/*
 * Appends c, lower-cased, to a name of at most max bytes; a longer name
 * keeps its first max bytes and gets *len == max + 1.
 */

static void
consent_html_add(u_char *name, unsigned *len, unsigned max, u_char c)
{
    if (*len < max) {
        name[(*len)++] = consent_html_lower(c);

    } else {
        *len = max + 1;
    }
}
