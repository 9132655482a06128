
/*
 * ngx_consent_module: the streaming HTML scanner of "consent_html".
 */


#include "consent_html.h"

#include <string.h>


#define CONSENT_HTML_PASS  0    /* tag bytes go out at once */
#define CONSENT_HTML_HOLD  1    /* tag bytes wait in buf */
#define CONSENT_HTML_DROP  2    /* tag bytes are dropped */

#define CONSENT_HTML_NONE     0
#define CONSENT_HTML_GRANTED  1
#define CONSENT_HTML_DENIED   2

#define CONSENT_HTML_VOID      1    /* element flags */
#define CONSENT_HTML_RAWTEXT   2
#define CONSENT_HTML_NOSCRIPT  4
#define CONSENT_HTML_SCRIPT    8

#define CONSENT_HTML_PREFIX      "optanon-category-"
#define CONSENT_HTML_PREFIX_LEN  (sizeof(CONSENT_HTML_PREFIX) - 1)


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


static inline u_char *consent_html_put(consent_html_t *h, u_char *o,
    u_char c);
static u_char *consent_html_hold(consent_html_t *h, u_char *o,
    const u_char *p, size_t n);
static u_char *consent_html_flush(consent_html_t *h, u_char *o);
static void consent_html_tag_start(consent_html_t *h, unsigned end_tag);
static u_char *consent_html_end_name(consent_html_t *h, u_char *o);
static void consent_html_attr_start(consent_html_t *h, u_char c);
static size_t consent_html_fast_tag(consent_html_t *h, const u_char *start,
    const u_char *end);
static size_t consent_html_fast_end_tag(consent_html_t *h,
    const u_char *start, const u_char *end);
static void consent_html_attr_done(consent_html_t *h, const u_char *base,
    size_t vstart, size_t vend, size_t aend);
static u_char *consent_html_tag_end(consent_html_t *h, u_char *o);
static void consent_html_raw(consent_html_t *h);
static unsigned consent_html_script(consent_html_t *h, u_char c);
static unsigned consent_html_marker(consent_html_t *h, unsigned kind,
    const u_char *p, size_t len);
static unsigned consent_html_class(consent_html_t *h, const u_char *p,
    size_t len);
static unsigned consent_html_token(consent_html_t *h, unsigned kind,
    const u_char *p, size_t len);
static void consent_html_add(u_char *name, unsigned *len, unsigned max,
    u_char c);
static int consent_html_eq(const u_char *a, unsigned alen, const u_char *b,
    unsigned blen);
static unsigned consent_html_element(const u_char *name, unsigned len);
static int consent_html_ci(const u_char *p, size_t len, const char *s);
static void consent_html_trim(const u_char **p, size_t *len);


#define consent_html_space(c)                                                 \
    ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\f' || (c) == '\r')

#define consent_html_alpha(c)                                                 \
    ((u_char) (((c) | 0x20) - 'a') < 26)

#define consent_html_lower(c)                                                 \
    ((u_char) ((c) >= 'A' && (c) <= 'Z' ? (c) | 0x20 : (c)))


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
            q = memchr(p, '<', end - p);
            if (q == NULL) {
                q = end;
            }

            n = q - p;

            if (n) {
                if (!h->skip) {
                    memcpy(o, p, n);
                    o += n;
                }

                h->after_lt = 0;
                p = q;

                if (p == end) {
                    break;
                }
            }

            /* a whole tag in this buffer: no per-byte states */

            if (end - p > 2 && consent_html_alpha(p[1])) {
                n = consent_html_fast_tag(h, p, end);

                if (n) {
                    memcpy(h->buf, p, n);
                    h->len = n;
                    o = consent_html_tag_end(h, o);
                    p += n;
                    break;
                }

            } else if (end - p > 3 && p[1] == '/' && consent_html_alpha(p[2])) {
                n = consent_html_fast_end_tag(h, p, end);

                if (n) {
                    if (!h->skip) {
                        o = consent_html_end_name(h, o);
                        memcpy(o, p, n);
                        o += n;
                    }

                    o = consent_html_tag_end(h, o);
                    p += n;
                    break;
                }
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

            o = consent_html_flush(h, o);
            h->state = sw_bogus;
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
            q = memchr(p, '>', end - p);
            n = q ? (size_t) (q + 1 - p) : (size_t) (end - p);

            if (!h->skip) {
                memcpy(o, p, n);
                o += n;
            }

            p += n;

            if (q) {
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
            q = memchr(p, '-', end - p);
            n = q ? (size_t) (q + 1 - p) : (size_t) (end - p);

            if (!h->skip) {
                memcpy(o, p, n);
                o += n;
            }

            p += n;

            if (q) {
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
                    o = consent_html_tag_end(h, o);

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
                o = consent_html_tag_end(h, o);
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
                consent_html_attr_done(h, h->buf, 0, 0, h->len);
                h->state = sw_self_closing;

            } else if (c == '>') {
                consent_html_attr_done(h, h->buf, 0, 0, h->len);
                o = consent_html_put(h, o, c);
                p++;
                o = consent_html_tag_end(h, o);
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
                consent_html_attr_done(h, h->buf, 0, 0, h->len);
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
                consent_html_attr_done(h, h->buf, 0, 0, h->len);
                o = consent_html_put(h, o, c);
                p++;
                o = consent_html_tag_end(h, o);
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
                consent_html_attr_done(h, h->buf, h->vstart, n, h->len);
                h->state = sw_after_value_q;
            }

            break;

        case sw_value_uq:
            if (consent_html_space(c) || c == '>') {
                consent_html_attr_done(h, h->buf, h->vstart, h->len, h->len);
                o = consent_html_put(h, o, c);
                p++;

                if (c == '>') {
                    o = consent_html_tag_end(h, o);

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
                o = consent_html_tag_end(h, o);
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
            q = memchr(p, '<', end - p);
            n = q ? (size_t) (q + 1 - p) : (size_t) (end - p);

            if (!h->skip) {
                memcpy(o, p, n);
                o += n;
            }

            p += n;

            if (q) {
                h->state = sw_raw_lt;
            }

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
        /* "<", "</", "<!", "<!-": text or an empty bogus comment */
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
    if (h->mode == CONSENT_HTML_HOLD) {
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
 * A start tag that lies whole in [start, end) and within the size limit,
 * read with the states of consent_html_feed() kept in locals; the tag is
 * then copied to buf and finished as if read byte by byte.  Returns its
 * length, or 0 to leave it to the byte-by-byte states.
 */

static size_t
consent_html_fast_tag(consent_html_t *h, const u_char *start,
    const u_char *end)
{
    u_char         c;
    size_t         vstart;
    unsigned       state;
    const u_char  *p, *q;

    if ((size_t) (end - start) > CONSENT_HTML_MAX_TAG) {
        end = start + CONSENT_HTML_MAX_TAG;
    }

    consent_html_tag_start(h, 0);
    h->mode = CONSENT_HTML_HOLD;

    p = start + 1;
    state = sw_tag_name;
    vstart = 0;

    while (p < end) {
        c = *p;

        switch (state) {

        case sw_tag_name:
            if (consent_html_space(c)) {
                state = sw_before_attr_name;

            } else if (c == '/') {
                state = sw_self_closing;

            } else if (c == '>') {
                goto done;

            } else {
                consent_html_add(h->name, &h->nlen, CONSENT_HTML_MAX_NAME, c);
            }

            p++;
            break;

        case sw_before_attr_name:
            if (consent_html_space(c)) {
                /* void */

            } else if (c == '/') {
                state = sw_self_closing;

            } else if (c == '>') {
                goto done;

            } else {
                h->alen = 0;
                h->astart = p - start;
                consent_html_add(h->attr, &h->alen, CONSENT_HTML_MAX_ATTR, c);
                state = sw_attr_name;
            }

            p++;
            break;

        case sw_attr_name:
            if (consent_html_space(c)) {
                state = sw_after_attr_name;

            } else if (c == '/') {
                consent_html_attr_done(h, start, 0, 0, p - start);
                state = sw_self_closing;

            } else if (c == '>') {
                consent_html_attr_done(h, start, 0, 0, p - start);
                goto done;

            } else if (c == '=') {
                state = sw_before_value;

            } else {
                consent_html_add(h->attr, &h->alen, CONSENT_HTML_MAX_ATTR, c);
            }

            p++;
            break;

        case sw_after_attr_name:
            if (consent_html_space(c)) {
                p++;

            } else if (c == '=') {
                state = sw_before_value;
                p++;

            } else {
                consent_html_attr_done(h, start, 0, 0, p - start);
                state = sw_before_attr_name;
            }

            break;

        case sw_before_value:
            if (consent_html_space(c)) {
                p++;
                break;
            }

            if (c == '>') {
                consent_html_attr_done(h, start, 0, 0, p - start);
                goto done;
            }

            if (c == '"' || c == '\'') {
                q = memchr(p + 1, c, end - p - 1);
                if (q == NULL) {
                    return 0;
                }

                consent_html_attr_done(h, start, p + 1 - start, q - start,
                                       q + 1 - start);
                p = q + 1;
                state = sw_after_value_q;
                break;
            }

            vstart = p - start;
            state = sw_value_uq;
            break;

        case sw_value_uq:
            if (consent_html_space(c) || c == '>') {
                consent_html_attr_done(h, start, vstart, p - start,
                                       p - start);
                if (c == '>') {
                    goto done;
                }

                state = sw_before_attr_name;
            }

            p++;
            break;

        default: /* sw_after_value_q, sw_self_closing */
            if (c == '>') {
                h->self_closing = (state == sw_self_closing);
                goto done;
            }

            if (consent_html_space(c)) {
                state = sw_before_attr_name;
                p++;
                break;
            }

            if (c == '/' && state == sw_after_value_q) {
                state = sw_self_closing;
                p++;
                break;
            }

            state = sw_before_attr_name;
            break;
        }
    }

    return 0;

done:

    return p + 1 - start;
}


/*
 * An end tag "</name>" that lies whole in [start, end); anything else
 * ("</name attr>", "</name/>", a cut one) is left to the byte-by-byte
 * states.  Sets the name, leaves nothing held.
 */

static size_t
consent_html_fast_end_tag(consent_html_t *h, const u_char *start,
    const u_char *end)
{
    const u_char  *p;

    consent_html_tag_start(h, 1);

    for (p = start + 2; p < end; p++) {
        if (*p == '>') {
            h->len = 0;
            h->mode = CONSENT_HTML_HOLD;
            return p + 1 - start;
        }

        if (consent_html_space(*p) || *p == '/') {
            return 0;
        }

        consent_html_add(h->name, &h->nlen, CONSENT_HTML_MAX_NAME, *p);
    }

    return 0;
}


static void
consent_html_attr_done(consent_html_t *h, const u_char *base, size_t vstart,
    size_t vend, size_t aend)
{
    size_t         vlen;
    unsigned       kind, r;
    const u_char  *v;

    if (h->end_tag || h->mode != CONSENT_HTML_HOLD || vend < vstart
        || (base == h->buf && vend > h->len))
    {
        return;
    }

    v = base + vstart;
    vlen = vend - vstart;

    if (h->alen == 4 && memcmp(h->attr, "type", 4) == 0) {

        if (h->type_seen) {
            return;
        }

        h->type_seen = 1;

        consent_html_trim(&v, &vlen);

        if (consent_html_ci(v, vlen, "text/plain")) {
            h->type_plain = 1;
            h->type_start = h->astart;
            h->type_end = aend;
        }

        return;
    }

    if (h->alen == 13 && memcmp(h->attr, "data-category", 13) == 0) {
        kind = CONSENT_HTML_CATEGORY;

    } else if (h->alen == 18
               && memcmp(h->attr, "data-cookieconsent", 18) == 0)
    {
        kind = CONSENT_HTML_COOKIEBOT;

    } else if (h->alen == 5 && memcmp(h->attr, "class", 5) == 0) {
        kind = CONSENT_HTML_ONETRUST;

    } else {
        return;
    }

    r = consent_html_marker(h, kind, v, vlen);

    if (r != CONSENT_HTML_NONE) {
        h->marked = 1;
    }

    if (r == CONSENT_HTML_DENIED) {
        h->denied = 1;
    }
}


static u_char *
consent_html_tag_end(consent_html_t *h, u_char *o)
{
    unsigned  el;

    h->state = sw_text;

    if (h->end_tag) {
        if (h->skip
            && consent_html_eq(h->name, h->nlen, h->skip_name, h->slen)
            && --h->depth == 0)
        {
            h->skip = 0;
        }

        h->len = 0;
        h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;
        h->after_lt = 0;

        return o;
    }

    el = consent_html_element(h->name, h->nlen);

    if (h->skip) {
        if (!h->self_closing
            && consent_html_eq(h->name, h->nlen, h->skip_name, h->slen))
        {
            h->depth++;
        }

        if (el & CONSENT_HTML_RAWTEXT) {
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

        if (!h->self_closing && !(el & CONSENT_HTML_VOID)) {
            h->skip = 1;
            h->depth = 1;
            memcpy(h->skip_name, h->name, CONSENT_HTML_MAX_NAME);
            h->slen = h->nlen;

            if (el & CONSENT_HTML_RAWTEXT) {
                consent_html_raw(h);
            }
        }

        h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;

        return o;
    }

    if (h->conf->activate && h->marked && h->type_plain
        && (el & CONSENT_HTML_SCRIPT)
        && h->type_start < h->type_end && h->type_end <= h->len)
    {
        memmove(h->buf + h->type_start, h->buf + h->type_end,
                h->len - h->type_end);
        h->len -= h->type_end - h->type_start;
        h->activated++;
    }

    h->after_lt = 0;
    o = consent_html_flush(h, o);

    /*
     * A kept noscript is scanned as markup: that is how a browser without
     * scripting reads it, the only one for which its content matters.
     */

    if ((el & (CONSENT_HTML_RAWTEXT | CONSENT_HTML_NOSCRIPT))
        == CONSENT_HTML_RAWTEXT)
    {
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


static unsigned
consent_html_marker(consent_html_t *h, unsigned kind, const u_char *p,
    size_t len)
{
    size_t         n;
    unsigned       named;
    const u_char  *end, *q;

    switch (kind) {

    case CONSENT_HTML_CATEGORY:
        consent_html_trim(&p, &len);
        return consent_html_token(h, kind, p, len);

    case CONSENT_HTML_COOKIEBOT:
        consent_html_trim(&p, &len);

        if (len == 6 && memcmp(p, "ignore", 6) == 0) {
            return CONSENT_HTML_NONE;
        }

        named = 0;
        end = p + len;

        while (p < end) {
            q = memchr(p, ',', end - p);
            if (q == NULL) {
                q = end;
            }

            n = q - p;
            consent_html_trim(&p, &n);

            if (n) {
                if (consent_html_token(h, kind, p, n)
                    != CONSENT_HTML_GRANTED)
                {
                    return CONSENT_HTML_DENIED;
                }

                named = 1;
            }

            p = q + 1;
        }

        return named ? CONSENT_HTML_GRANTED : CONSENT_HTML_DENIED;

    default:
        return consent_html_class(h, p, len);
    }
}


static unsigned
consent_html_class(consent_html_t *h, const u_char *p, size_t len)
{
    size_t         i, n, m;
    unsigned       r, named;
    const u_char  *end, *t, *id, *dash;

    end = p + len;
    r = CONSENT_HTML_NONE;

    for (t = p; (t = memchr(t, '&', end - t)) != NULL; t++) {
        if (t + 1 < end && t[1] == '#') {
            /* a character reference could spell anything */
            return CONSENT_HTML_DENIED;
        }
    }

    /* most classes are no marker: look for the prefix first */

    for (t = p; (t = memchr(t, 'o', end - t)) != NULL; t++) {
        if ((size_t) (end - t) < CONSENT_HTML_PREFIX_LEN) {
            return CONSENT_HTML_NONE;
        }

        if (memcmp(t, CONSENT_HTML_PREFIX, CONSENT_HTML_PREFIX_LEN) == 0) {
            break;
        }
    }

    if (t == NULL) {
        return CONSENT_HTML_NONE;
    }

    while (p < end) {

        while (p < end && consent_html_space(*p)) {
            p++;
        }

        t = p;

        while (p < end && !consent_html_space(*p)) {
            p++;
        }

        n = p - t;

        for (i = 0; i + CONSENT_HTML_PREFIX_LEN <= n; i++) {
            if (memcmp(t + i, CONSENT_HTML_PREFIX, CONSENT_HTML_PREFIX_LEN)
                == 0)
            {
                break;
            }
        }

        if (i + CONSENT_HTML_PREFIX_LEN > n) {
            continue;
        }

        if (i != 0) {
            /* "x&Tab;optanon-category-...": cannot tell */
            return CONSENT_HTML_DENIED;
        }

        /* optanon-category-C0002-C0004: every id is needed */

        id = t + CONSENT_HTML_PREFIX_LEN;
        named = 0;

        while (id < p) {
            dash = memchr(id, '-', p - id);
            if (dash == NULL) {
                dash = p;
            }

            m = dash - id;

            if (m) {
                if (consent_html_token(h, CONSENT_HTML_ONETRUST, id, m)
                    != CONSENT_HTML_GRANTED)
                {
                    return CONSENT_HTML_DENIED;
                }

                named = 1;
            }

            id = dash + 1;
        }

        if (!named) {
            return CONSENT_HTML_DENIED;
        }

        r = CONSENT_HTML_GRANTED;
    }

    return r;
}


static unsigned
consent_html_token(consent_html_t *h, unsigned kind, const u_char *p,
    size_t len)
{
    int  i;

    i = consent_token_index(h->conf->tokens[kind], h->conf->ntokens[kind],
                            p, len);

    if (i < 0 || i >= CONSENT_MAX_TOKENS
        || !(h->granted[kind] & ((consent_tokens_t) 1 << i)))
    {
        return CONSENT_HTML_DENIED;
    }

    return CONSENT_HTML_GRANTED;
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


static int
consent_html_eq(const u_char *a, unsigned alen, const u_char *b,
    unsigned blen)
{
    unsigned  n;

    if (alen != blen) {
        return 0;
    }

    n = (alen > CONSENT_HTML_MAX_NAME) ? CONSENT_HTML_MAX_NAME : alen;

    return memcmp(a, b, n) == 0;
}


/*
 * What matters about an element name: void elements (a start tag alone),
 * raw text elements (their content is not markup).
 */

static unsigned
consent_html_element(const u_char *name, unsigned len)
{
    static const struct {
        unsigned     len;
        unsigned     flags;
        const char  *name;
    } elements[] = {
        { 2, CONSENT_HTML_VOID, "br" },
        { 2, CONSENT_HTML_VOID, "hr" },
        { 3, CONSENT_HTML_VOID, "col" },
        { 3, CONSENT_HTML_VOID, "img" },
        { 3, CONSENT_HTML_VOID, "wbr" },
        { 3, CONSENT_HTML_RAWTEXT, "xmp" },
        { 4, CONSENT_HTML_VOID, "area" },
        { 4, CONSENT_HTML_VOID, "base" },
        { 4, CONSENT_HTML_VOID, "link" },
        { 4, CONSENT_HTML_VOID, "meta" },
        { 5, CONSENT_HTML_VOID, "embed" },
        { 5, CONSENT_HTML_VOID, "input" },
        { 5, CONSENT_HTML_VOID, "param" },
        { 5, CONSENT_HTML_VOID, "track" },
        { 5, CONSENT_HTML_RAWTEXT, "style" },
        { 5, CONSENT_HTML_RAWTEXT, "title" },
        { 6, CONSENT_HTML_VOID, "keygen" },
        { 6, CONSENT_HTML_VOID, "source" },
        { 6, CONSENT_HTML_RAWTEXT | CONSENT_HTML_SCRIPT, "script" },
        { 6, CONSENT_HTML_RAWTEXT, "iframe" },
        { 7, CONSENT_HTML_RAWTEXT, "noembed" },
        { 8, CONSENT_HTML_RAWTEXT, "textarea" },
        { 8, CONSENT_HTML_RAWTEXT, "noframes" },
        { 8, CONSENT_HTML_RAWTEXT | CONSENT_HTML_NOSCRIPT, "noscript" },
    };

    /* where the names of each length start in elements[] */

    static const u_char  first[] = { 0, 0, 0, 2, 6, 10, 16, 20, 21, 24 };

    unsigned  i;

    if (len < 2 || len > 8) {
        return 0;
    }

    for (i = first[len]; i < first[len + 1]; i++) {
        if (elements[i].len == len && elements[i].name[0] == name[0]
            && memcmp(elements[i].name, name, len) == 0)
        {
            return elements[i].flags;
        }
    }

    return 0;
}


static int
consent_html_ci(const u_char *p, size_t len, const char *s)
{
    size_t  i;

    if (strlen(s) != len) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (consent_html_lower(p[i]) != (u_char) s[i]) {
            return 0;
        }
    }

    return 1;
}


static void
consent_html_trim(const u_char **p, size_t *len)
{
    while (*len && consent_html_space((*p)[0])) {
        (*p)++;
        (*len)--;
    }

    while (*len && consent_html_space((*p)[*len - 1])) {
        (*len)--;
    }
}
