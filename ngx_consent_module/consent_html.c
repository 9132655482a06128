
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
 */


#include "consent_html.h"

#include <string.h>

#if (defined __SSE2__ && !defined CONSENT_HTML_NO_SSE2)
#include <emmintrin.h>
#define CONSENT_HTML_SSE2  1
#else
#define CONSENT_HTML_SSE2  0
#endif


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

#define CONSENT_HTML_SP     1    /* consent_html_chars[]: a space */
#define CONSENT_HTML_SL     2    /* '/' */
#define CONSENT_HTML_GT     4    /* '>' */
#define CONSENT_HTML_EQ     8    /* '=' */
#define CONSENT_HTML_ALPHA  16   /* a letter */
#define CONSENT_HTML_RAW    32   /* a raw text element's first letter */
#define CONSENT_HTML_LT     64   /* '<' */

/* what ends the name of "<name>" ('<' makes it a name read at length) */
#define CONSENT_HTML_PLAIN_END                                                \
    (CONSENT_HTML_SP|CONSENT_HTML_SL|CONSENT_HTML_GT|CONSENT_HTML_LT)

#define CONSENT_HTML_PREFIX      "optanon-category-"
#define CONSENT_HTML_PREFIX_LEN  (sizeof(CONSENT_HTML_PREFIX) - 1)


/*
 * Bytes that matter to the tags read at once: those that end a name or a
 * value, and the letters that can start a tag name.
 */

#define A  CONSENT_HTML_ALPHA
#define R  (CONSENT_HTML_ALPHA|CONSENT_HTML_RAW)

static const u_char  consent_html_chars[256] = {
    ['\t'] = CONSENT_HTML_SP, ['\n'] = CONSENT_HTML_SP,
    ['\f'] = CONSENT_HTML_SP, ['\r'] = CONSENT_HTML_SP,
    [' '] = CONSENT_HTML_SP, ['/'] = CONSENT_HTML_SL,
    ['>'] = CONSENT_HTML_GT, ['='] = CONSENT_HTML_EQ, ['<'] = CONSENT_HTML_LT,

    ['A'] = A, ['B'] = A, ['C'] = A, ['D'] = A, ['E'] = A, ['F'] = A,
    ['G'] = A, ['H'] = A, ['I'] = R, ['J'] = A, ['K'] = A, ['L'] = A,
    ['M'] = A, ['N'] = R, ['O'] = A, ['P'] = A, ['Q'] = A, ['R'] = A,
    ['S'] = R, ['T'] = R, ['U'] = A, ['V'] = A, ['W'] = A, ['X'] = R,
    ['Y'] = A, ['Z'] = A,

    ['a'] = A, ['b'] = A, ['c'] = A, ['d'] = A, ['e'] = A, ['f'] = A,
    ['g'] = A, ['h'] = A, ['i'] = R, ['j'] = A, ['k'] = A, ['l'] = A,
    ['m'] = A, ['n'] = R, ['o'] = A, ['p'] = A, ['q'] = A, ['r'] = A,
    ['s'] = R, ['t'] = R, ['u'] = A, ['v'] = A, ['w'] = A, ['x'] = R,
    ['y'] = A, ['z'] = A
};

#undef A
#undef R


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
static int consent_html_pass_to(consent_html_t *h, const u_char **pp,
    const u_char *end, u_char **op, u_char delim);
static u_char *consent_html_hold(consent_html_t *h, u_char *o,
    const u_char *p, size_t n);
static u_char *consent_html_flush(consent_html_t *h, u_char *o);
static void consent_html_tag_start(consent_html_t *h, unsigned end_tag);
static u_char *consent_html_end_name(consent_html_t *h, u_char *o);
static void consent_html_attr_start(consent_html_t *h, u_char c);
static const u_char *consent_html_run(consent_html_t *h, const u_char *p,
    const u_char *end, size_t *tag);
static inline const u_char *consent_html_raw_lt(const u_char *p,
    const u_char *end);
static inline const u_char *consent_html_skip(const u_char *p,
    const u_char *last);
static inline const u_char *consent_html_quote(const u_char *p,
    const u_char *last, u_char q);
#if (CONSENT_HTML_SSE2)
static inline uint64_t consent_html_mask(const u_char *p);
static uint64_t consent_html_mask_tail(const u_char *p, size_t len);
#endif
static size_t consent_html_whole_tag(consent_html_t *h, const u_char *start,
    const u_char *p, const u_char *end);
static unsigned consent_html_passes(consent_html_t *h);
static unsigned consent_html_raw_end(consent_html_t *h, const u_char *p);
static unsigned consent_html_raw_text(const u_char *name, size_t len);
static void consent_html_name(consent_html_t *h, const u_char *p, size_t len);
static void consent_html_attr_done(consent_html_t *h, const u_char *name,
    size_t nlen, const u_char *base, size_t vstart, size_t vend, size_t aend);
static inline u_char *consent_html_tag_end(consent_html_t *h, u_char *o,
    const u_char *tag);
static void consent_html_end_tag_end(consent_html_t *h);
static u_char *consent_html_start_tag_end(consent_html_t *h, u_char *o,
    const u_char *tag);
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
static inline int consent_html_ci(const u_char *p, size_t len,
    const char *s);
static inline void consent_html_trim(const u_char **p, size_t *len);


#define consent_html_space(c)                                                 \
    ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\f' || (c) == '\r')

#define consent_html_alpha(c)                                                 \
    ((u_char) (((c) | 0x20) - 'a') < 26)

#define consent_html_name_end(c)                                              \
    (consent_html_chars[c] & (CONSENT_HTML_SP|CONSENT_HTML_SL|CONSENT_HTML_GT))

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

                    consent_html_end_tag_end(h);
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
 *   - the first "</body>" outside a removed element (the banner);
 *   - inside a removed element, a start or end tag of its name (the
 *     nesting count), or a start tag of a raw text element;
 *   - a start tag longer than CONSENT_HTML_MAX_TAG (removed).
 *
 * So "<name>" and "</name>", the most common tags, are decided here from
 * the name alone: with no attribute there is no marker, and a raw text
 * element's name starts with one of "stxin".  Any other tag is read
 * whole by consent_html_whole_tag() and judged by consent_html_passes().
 */

static const u_char *
consent_html_run(consent_html_t *h, const u_char *p, const u_char *end,
    size_t *tag)
{
    size_t         n;
    unsigned       skip, first;
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

    skip = h->skip;

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

            if (*t == '>' && !skip
                && (!(first & CONSENT_HTML_RAW) || t - p < 4
                    || !consent_html_raw_text(p + 1, t - p - 1)))
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

            if (*t == '>' && !skip
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
 * The next '<' of raw text, or NULL: often near (a short inline script),
 * where one look at 16 bytes costs less than a call of memchr().
 */

static inline const u_char *
consent_html_raw_lt(const u_char *p, const u_char *end)
{
#if (CONSENT_HTML_SSE2)
    unsigned  m;

    if (end - p >= 16) {
        m = _mm_movemask_epi8(_mm_cmpeq_epi8(
                _mm_loadu_si128((const __m128i *) p), _mm_set1_epi8('<')));

        if (m) {
            return p + __builtin_ctz(m);
        }

        p += 16;
    }
#endif

    return memchr(p, '<', end - p);
}


/*
 * Attribute names and values are read as runs up to a byte that ends
 * them; with SSE2, 16 bytes at a time are passed over while none of them
 * can end a name or a value (a space or any other byte up to ' ', '/',
 * '=', '>').  Returns where the caller's own loop is to look on.
 */

static inline const u_char *
consent_html_skip(const u_char *p, const u_char *last)
{
#if (CONSENT_HTML_SSE2)
    __m128i   v, sp;
    unsigned  m;

    sp = _mm_set1_epi8(' ');

    while (last - p >= 16) {
        v = _mm_loadu_si128((const __m128i *) p);

        m = _mm_movemask_epi8(
                _mm_or_si128(
                    _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, sp), sp),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('=')),
                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('>')))));

        if (m) {
            return p + __builtin_ctz(m);
        }

        p += 16;
    }
#else
    (void) last;
#endif

    return p;
}


/* the closing quote q of a value, in [p, last), or NULL */

static inline const u_char *
consent_html_quote(const u_char *p, const u_char *last, u_char q)
{
#if (CONSENT_HTML_SSE2)
    unsigned  m;

    if (last - p >= 16) {
        m = _mm_movemask_epi8(_mm_cmpeq_epi8(
                _mm_loadu_si128((const __m128i *) p), _mm_set1_epi8(q)));

        if (m) {
            return p + __builtin_ctz(m);
        }

        p += 16;
    }
#endif

    return memchr(p, q, last - p);
}


#if (CONSENT_HTML_SSE2)

/*
 * Bit i set: p[i] is '<', for the 64 bytes from p.  Text between tags is
 * short (a few dozen bytes): a call of memchr() for each run would cost
 * more than the bytes it skips, while one mask serves all the tags in
 * 64 bytes.
 */

static inline uint64_t
consent_html_mask(const u_char *p)
{
    __m128i   lt;
    uint64_t  m0, m1, m2, m3;

    lt = _mm_set1_epi8('<');

    m0 = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(
             _mm_loadu_si128((const __m128i *) p), lt));
    m1 = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(
             _mm_loadu_si128((const __m128i *) (p + 16)), lt));
    m2 = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(
             _mm_loadu_si128((const __m128i *) (p + 32)), lt));
    m3 = (unsigned) _mm_movemask_epi8(_mm_cmpeq_epi8(
             _mm_loadu_si128((const __m128i *) (p + 48)), lt));

    return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
}


/* the same for the last len (less than 64) bytes of in */

static uint64_t
consent_html_mask_tail(const u_char *p, size_t len)
{
    u_char  tail[64];

    memset(tail, 0, 64);
    memcpy(tail, p, len);

    return consent_html_mask(tail);
}

#endif


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

static size_t
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

        while (p < last && (consent_html_chars[*p] & CONSENT_HTML_SP)) {
            p++;
        }

        if (p == last) {
            return 0;
        }

        if (*p != '=') {
            /* no value: '/', '>' or the next name follow */
            consent_html_attr_done(h, a, alen, start, 0, 0, p - start);
            continue;
        }

        do {
            p++;
        } while (p < last && (consent_html_chars[*p] & CONSENT_HTML_SP));

        if (p == last) {
            return 0;
        }

        if (*p == '>') {
            consent_html_attr_done(h, a, alen, start, 0, 0, p - start);
            continue;
        }

        if (*p == '"' || *p == '\'') {
            v = consent_html_quote(p + 1, last, *p);
            if (v == NULL) {
                return 0;
            }

            consent_html_attr_done(h, a, alen, start, p + 1 - start,
                                   v - start, v + 1 - start);
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

        consent_html_attr_done(h, a, alen, start, v - start, p - start,
                               p - start);
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
 *   - the first "</body>" outside a removed element (the banner);
 *   - inside a removed element, a start or end tag of its name (the
 *     nesting count), or a start tag of a raw text element.
 */

static unsigned
consent_html_passes(consent_html_t *h)
{
    unsigned  el;

    if (h->end_tag) {
        if (h->skip) {
            return !consent_html_eq(h->name, h->nlen, h->skip_name, h->slen);
        }

        return h->body_seen || h->nlen != 4
               || memcmp(h->name, "body", 4) != 0;
    }

    el = consent_html_element(h->name, h->nlen);

    if (h->skip) {
        return !(el & CONSENT_HTML_RAWTEXT)
               && (h->self_closing
                   || !consent_html_eq(h->name, h->nlen, h->skip_name,
                                       h->slen));
    }

    return !h->marked && !h->denied
           && (el & (CONSENT_HTML_RAWTEXT|CONSENT_HTML_NOSCRIPT))
              != CONSENT_HTML_RAWTEXT;
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


/* whether a kept start tag of this name (as written) starts raw text */

static unsigned
consent_html_raw_text(const u_char *name, size_t len)
{
    u_char    lower[8];
    unsigned  i;

    if (len < 3 || len > 8) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        lower[i] = consent_html_lower(name[i]);
    }

    return (consent_html_element(lower, len)
            & (CONSENT_HTML_RAWTEXT|CONSENT_HTML_NOSCRIPT))
           == CONSENT_HTML_RAWTEXT;
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


/*
 * An attribute is done: name (lower case when read byte by byte, as
 * written when read at once) and its value in base.
 */

static void
consent_html_attr_done(consent_html_t *h, const u_char *name, size_t nlen,
    const u_char *base, size_t vstart, size_t vend, size_t aend)
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

    switch (nlen) {

    case 4:
        if (!consent_html_ci(name, 4, "type") || h->type_seen) {
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

    case 5:
        if (!consent_html_ci(name, 5, "class")) {
            return;
        }

        kind = CONSENT_HTML_ONETRUST;
        break;

    case 13:
        if (!consent_html_ci(name, 13, "data-category")) {
            return;
        }

        kind = CONSENT_HTML_CATEGORY;
        break;

    case 18:
        if (!consent_html_ci(name, 18, "data-cookieconsent")) {
            return;
        }

        kind = CONSENT_HTML_COOKIEBOT;
        break;

    default:
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


/*
 * The '>' of a tag: tag is where its held bytes are, buf or, for a tag
 * read at once, the input.
 */

static inline u_char *
consent_html_tag_end(consent_html_t *h, u_char *o, const u_char *tag)
{
    if (h->end_tag) {
        consent_html_end_tag_end(h);
        return o;
    }

    return consent_html_start_tag_end(h, o, tag);
}


static void
consent_html_end_tag_end(consent_html_t *h)
{
    h->state = sw_text;

    if (h->skip
        && consent_html_eq(h->name, h->nlen, h->skip_name, h->slen)
        && --h->depth == 0)
    {
        h->skip = 0;
    }

    h->len = 0;
    h->mode = h->skip ? CONSENT_HTML_DROP : CONSENT_HTML_PASS;
    h->after_lt = 0;
}


static u_char *
consent_html_start_tag_end(consent_html_t *h, u_char *o, const u_char *tag)
{
    size_t    n;
    unsigned  el;

    h->state = sw_text;

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

    /* names are short: a loop costs less than a call of memcmp() */

    while (n) {
        n--;

        if (a[n] != b[n]) {
            return 0;
        }
    }

    return 1;
}


/*
 * What matters about an element name: void elements (a start tag alone),
 * raw text elements (their content is not markup).
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

        return (consent_html_is("col") || consent_html_is("img")
                || consent_html_is("wbr"))
               ? CONSENT_HTML_VOID : 0;

    case 4:
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

        return (consent_html_is("keygen") || consent_html_is("source"))
               ? CONSENT_HTML_VOID : 0;

    case 7:
        return consent_html_is("noembed") ? CONSENT_HTML_RAWTEXT : 0;

    case 8:
        if (consent_html_is("noscript")) {
            return CONSENT_HTML_RAWTEXT|CONSENT_HTML_NOSCRIPT;
        }

        return (consent_html_is("textarea") || consent_html_is("noframes"))
               ? CONSENT_HTML_RAWTEXT : 0;

    default:
        return 0;
    }

#undef consent_html_is
}


static inline int
consent_html_ci(const u_char *p, size_t len, const char *s)
{
    size_t  i;

    if (strlen(s) != len) {
        return 0;
    }

    if (memcmp(p, s, len) == 0) {
        /* as usually written */
        return 1;
    }

    for (i = 0; i < len; i++) {
        if (consent_html_lower(p[i]) != (u_char) s[i]) {
            return 0;
        }
    }

    return 1;
}


static inline void
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
