
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
#define CONSENT_HTML_FOREIGN   16   /* svg, math */
#define CONSENT_HTML_GUARD     32   /* select, frameset */

#define CONSENT_HTML_IN_SELECT    1    /* guard: svg and math are ignored */
#define CONSENT_HTML_IN_FRAMESET  2
#define CONSENT_HTML_IN_NOSCRIPT  4

#define CONSENT_HTML_K_SPECIAL  0x001
#define CONSENT_HTML_K_SCOPE    0x002
#define CONSENT_HTML_K_FORMAT   0x004
#define CONSENT_HTML_K_IMPLIED  0x008
#define CONSENT_HTML_K_CLOSE_P  0x010
#define CONSENT_HTML_K_VOID     0x020
#define CONSENT_HTML_K_HEADING  0x040
#define CONSENT_HTML_K_IGNORED  0x080
#define CONSENT_HTML_K_LOST     0x100
#define CONSENT_HTML_K_TABLE    0x200

#define CONSENT_HTML_PUSH   1    /* what a start tag does to fname[] */
#define CONSENT_HTML_CLEAR  2
#define CONSENT_HTML_SET    4    /* sets a guard */
#define CONSENT_HTML_INNER  8    /* HTML in an integration point */

#define CONSENT_HTML_SP     1    /* consent_html_chars[]: a space */
#define CONSENT_HTML_SL     2    /* '/' */
#define CONSENT_HTML_GT     4    /* '>' */
#define CONSENT_HTML_EQ     8    /* '=' */
#define CONSENT_HTML_ALPHA  16   /* a letter */
#define CONSENT_HTML_KEY    32   /* first letter of a name that matters */
#define CONSENT_HTML_LT     64   /* '<' */

/* what ends the name of "<name>" ('<' makes it a name read at length) */
#define CONSENT_HTML_PLAIN_END                                                \
    (CONSENT_HTML_SP|CONSENT_HTML_SL|CONSENT_HTML_GT|CONSENT_HTML_LT)

#define CONSENT_HTML_PREFIX      "optanon-category-"
#define CONSENT_HTML_PREFIX_LEN  (sizeof(CONSENT_HTML_PREFIX) - 1)


/*
 * Bytes that matter to the tags read at once: those that end a name or a
 * value, and the letters that can start a tag name (R: that of a name
 * that changes the state, consent_html_special()).
 */

#define A  CONSENT_HTML_ALPHA
#define R  (CONSENT_HTML_ALPHA|CONSENT_HTML_KEY)

static const u_char  consent_html_chars[256] = {
    ['\t'] = CONSENT_HTML_SP, ['\n'] = CONSENT_HTML_SP,
    ['\f'] = CONSENT_HTML_SP, ['\r'] = CONSENT_HTML_SP,
    [' '] = CONSENT_HTML_SP, ['/'] = CONSENT_HTML_SL,
    ['>'] = CONSENT_HTML_GT, ['='] = CONSENT_HTML_EQ, ['<'] = CONSENT_HTML_LT,

    ['A'] = A, ['B'] = A, ['C'] = A, ['D'] = A, ['E'] = A, ['F'] = R,
    ['G'] = A, ['H'] = A, ['I'] = R, ['J'] = A, ['K'] = A, ['L'] = A,
    ['M'] = R, ['N'] = R, ['O'] = A, ['P'] = A, ['Q'] = A, ['R'] = A,
    ['S'] = R, ['T'] = R, ['U'] = A, ['V'] = A, ['W'] = A, ['X'] = R,
    ['Y'] = A, ['Z'] = A,

    ['a'] = A, ['b'] = A, ['c'] = A, ['d'] = A, ['e'] = A, ['f'] = R,
    ['g'] = A, ['h'] = A, ['i'] = R, ['j'] = A, ['k'] = A, ['l'] = A,
    ['m'] = R, ['n'] = R, ['o'] = A, ['p'] = A, ['q'] = A, ['r'] = A,
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
static unsigned consent_html_foreign_passes(consent_html_t *h);
static unsigned consent_html_raw_end(consent_html_t *h, const u_char *p);
static unsigned consent_html_special(const u_char *name, size_t len);
static void consent_html_name(consent_html_t *h, const u_char *p, size_t len);
static void consent_html_attr_done(consent_html_t *h, const u_char *name,
    size_t nlen, const u_char *base, size_t vstart, size_t vend, size_t aend);
static inline u_char *consent_html_tag_end(consent_html_t *h, u_char *o,
    const u_char *tag);
static u_char *consent_html_end_tag_end(consent_html_t *h, u_char *o);
static u_char *consent_html_rejoin(consent_html_t *h, u_char *o,
    unsigned closed);
static u_char *consent_html_start_tag_end(consent_html_t *h, u_char *o,
    const u_char *tag);
static void consent_html_raw(consent_html_t *h);
static unsigned consent_html_reading(consent_html_t *h, unsigned el,
    unsigned *fx);
static void consent_html_apply(consent_html_t *h, unsigned fx);
static void consent_html_push(consent_html_t *h);
static void consent_html_clear(consent_html_t *h);
static unsigned consent_html_close(consent_html_t *h);
static void consent_html_unguard(consent_html_t *h, unsigned bit);
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
static unsigned consent_html_breakout(const u_char *name, unsigned len);
static unsigned consent_html_integration(const u_char *name, unsigned len);
static unsigned consent_html_kind(const u_char *name, size_t len);
static unsigned consent_html_open_kind(consent_html_t *h, unsigned i);
static int consent_html_open_is(consent_html_t *h, unsigned i,
    const char *name);
static void consent_html_open_push(consent_html_t *h, const u_char *name,
    size_t len);
static int consent_html_open_find(consent_html_t *h, const u_char *name,
    size_t n, unsigned scope);
static int consent_html_open_above(consent_html_t *h, unsigned i);
static void consent_html_open_adopt(consent_html_t *h, int i);
static void consent_html_open_pop(consent_html_t *h, int i);
static void consent_html_open_end_pop(consent_html_t *h, int i);
static void consent_html_open_maybe(consent_html_t *h);
static void consent_html_open_close_p(consent_html_t *h);
static void consent_html_open_cut(consent_html_t *h, unsigned n);
static void consent_html_open_closed(consent_html_t *h);
static int consent_html_open_table(consent_html_t *h);
static void consent_html_open_table_start(consent_html_t *h);
static void consent_html_open_start(consent_html_t *h);
static void consent_html_open_end(consent_html_t *h);
static void consent_html_open_tag(consent_html_t *h, unsigned el,
    unsigned foreign, unsigned fx, unsigned was_foreign);
static unsigned consent_html_srcdoc(consent_html_t *h, const u_char *v,
    size_t len);
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

/* in foreign content, as the current reading has it */
#define consent_html_foreign(h)                                               \
    ((h)->fbase + (h)->fmore != 0)

#define consent_html_guarded(h)                                               \
    ((h)->skip ? (h)->sguard : (h)->guard)

#define consent_html_slow(h)                                                  \
    (((h)->skip | ((h)->fbase + (h)->fmore != 0)) * 3                         \
     | ((h)->guard + (h)->sguard != 0) * 2)


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

            if (c == '[' && consent_html_foreign(h)) {
                /* "<![CDATA[" starts a CDATA section in foreign content */
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
                    || !consent_html_special(p + 1, t - p - 1)))
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

        return consent_html_foreign(h);
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
consent_html_special(const u_char *name, size_t len)
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

    case 6:
        if (consent_html_ci(name, 6, "srcdoc") && h->nlen == 6
            && memcmp(h->name, "iframe", 6) == 0
            && consent_html_srcdoc(h, v, vlen))
        {
            /* something in it would be removed: the whole iframe is */
            h->marked = 1;
            h->denied = 1;
        }

        return;

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
        closed = known && h->fskip && h->fmore == 0;
    }

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
 * The end of a removed element: what is written reads on as it did before
 * it (fname[] up to fdepth, guard); if the page itself no longer reads so,
 * a later marked "/>" is not trusted (consent_html_start_tag_end()).
 */

static u_char *
consent_html_rejoin(consent_html_t *h, u_char *o, unsigned closed)
{
    unsigned  i;

    if (h->fhtml) {
        h->fbase = h->fdepth;
        h->fmore = 0;
    }

    if (closed && h->fbase < h->fdepth) {
        *o++ = '<';
        *o++ = '/';

        for (i = 0; i < h->nlen; i++) {
            *o++ = h->name[i];
        }

        *o++ = '>';

        h->fdepth = h->fbase;
    }

    if (h->sguard != h->guard) {
        h->gdiverged = 1;
        h->diverged = 1;
    }

    if (h->fbase != h->fdepth || h->fmore) {
        h->diverged = 1;
    }

    h->fbase = h->fdepth;
    h->fmore = 0;
    h->sguard = 0;
    h->fskip = 0;
    h->fhtml = 0;

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
        || consent_html_foreign(h))
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
 * How a start tag is read where it stands, after the HTML standard's tree
 * construction dispatcher: returns 1 for an element of SVG or MathML
 * ("/>" closes it, its content is never raw text), 0 for one of HTML; *fx
 * tells what it does to what is followed:
 *
 *   - in HTML, svg and math start foreign content, unless in select,
 *     frameset or a kept noscript (svg is ignored there, or is text);
 *   - in foreign content, a tag of consent_html_breakout() closes it, and
 *     is HTML;
 *   - inside an integration point (foreignObject, mi, ...), svg and math
 *     are foreign elements, a void element is HTML and changes nothing,
 *     any other tag is an HTML element that cannot be followed;
 *   - any other tag in foreign content is a foreign element.
 *
 * What cannot be followed is read as HTML from there on: "/>" closes
 * nothing, which removes more, never less.
 */

static unsigned
consent_html_reading(consent_html_t *h, unsigned el, unsigned *fx)
{
    unsigned  i, set;

    set = (el & CONSENT_HTML_GUARD) ? CONSENT_HTML_SET : 0;

    if (!consent_html_foreign(h)) {
        if ((el & CONSENT_HTML_FOREIGN) && consent_html_guarded(h) == 0) {
            *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
            return 1;
        }

        *fx = set;
        return 0;
    }

    if (el & CONSENT_HTML_FOREIGN) {
        *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
        return 1;
    }

    i = h->fmore ? h->fdepth + h->fmore - 1 : h->fbase - 1;

    if (consent_html_integration(h->fname[i], h->flen[i])) {
        *fx = (el & CONSENT_HTML_VOID)
              ? 0 : CONSENT_HTML_CLEAR|CONSENT_HTML_INNER|set;
        return 0;
    }

    if (consent_html_breakout(h->name, h->nlen)) {
        *fx = CONSENT_HTML_CLEAR;
        return 0;
    }

    *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
    return 1;
}


static void
consent_html_apply(consent_html_t *h, unsigned fx)
{
    unsigned  bit;

    if (fx & CONSENT_HTML_CLEAR) {
        consent_html_clear(h);
    }

    if (fx & CONSENT_HTML_PUSH) {
        consent_html_push(h);
    }

    if (fx & CONSENT_HTML_SET) {
        bit = (h->nlen == 6) ? CONSENT_HTML_IN_SELECT
                             : CONSENT_HTML_IN_FRAMESET;

        if (h->skip) {
            h->sguard |= bit;

        } else {
            h->guard |= bit;
        }
    }
}


/* a foreign element opened; one that cannot be kept ends the following */

static void
consent_html_push(consent_html_t *h)
{
    unsigned  i;

    i = h->fdepth + h->fmore;

    if (i >= CONSENT_HTML_MAX_FOREIGN || h->nlen > CONSENT_HTML_MAX_FNAME) {
        consent_html_clear(h);
        return;
    }

    memcpy(h->fname[i], h->name, CONSENT_HTML_MAX_FNAME);
    h->flen[i] = (u_char) h->nlen;

    if (h->skip) {
        h->fmore++;
        return;
    }

    h->fdepth = i + 1;
    h->fbase = i + 1;

    if (i == 0 && !h->gdiverged) {
        /* a new svg or math: the page reads as what is written again */
        h->diverged = 0;
    }
}


/* read as HTML from here on */

static void
consent_html_clear(consent_html_t *h)
{
    if (h->skip) {
        h->fskip = 0;

    } else {
        h->fdepth = 0;
    }

    h->fbase = 0;
    h->fmore = 0;
}


/*
 * An end tag in foreign content closes the nearest open foreign element
 * of its name and all those opened after it; "</p>" and "</br>" close
 * those up to the nearest integration point (then are read as HTML: no
 * change there); an end tag of no open foreign element reaches the HTML
 * elements, which are not followed.  Returns 1 when what is open is still
 * known.  In HTML, "</select>" and "</noscript>" end their guard.
 */

static unsigned
consent_html_close(consent_html_t *h)
{
    unsigned  i, j, p;

    if (!consent_html_foreign(h)) {
        if (consent_html_guarded(h)) {
            if (h->nlen == 6 && memcmp(h->name, "select", 6) == 0) {
                consent_html_unguard(h, CONSENT_HTML_IN_SELECT);

            } else if (h->nlen == 8 && memcmp(h->name, "noscript", 8) == 0) {
                consent_html_unguard(h, CONSENT_HTML_IN_NOSCRIPT);
            }
        }

        return 0;
    }

    p = (h->nlen == 1 && h->name[0] == 'p')
        || (h->nlen == 2 && h->name[0] == 'b' && h->name[1] == 'r');

    for (i = h->fmore; i-- > 0; /* void */) {
        j = h->fdepth + i;

        if (p) {
            if (consent_html_integration(h->fname[j], h->flen[j])) {
                h->fmore = i + 1;
                return 1;
            }

        } else if (consent_html_eq(h->fname[j], h->flen[j], h->name, h->nlen))
        {
            h->fmore = i;
            return 1;
        }
    }

    for (i = h->fbase; i-- > 0; /* void */) {
        if (p) {
            if (!consent_html_integration(h->fname[i], h->flen[i])) {
                continue;
            }

            i++;

        } else if (!consent_html_eq(h->fname[i], h->flen[i], h->name,
                                    h->nlen))
        {
            continue;
        }

        if (!h->skip) {
            h->fdepth = i;
        }

        h->fbase = i;
        h->fmore = 0;
        return 1;
    }

    if (p) {
        /* all of them: HTML from here on, as the page reads it */

        if (!h->skip) {
            h->fdepth = 0;
        }

        h->fbase = 0;
        h->fmore = 0;
        return 1;
    }

    consent_html_clear(h);

    return 0;
}


static void
consent_html_unguard(consent_html_t *h, unsigned bit)
{
    if (h->skip) {
        h->sguard &= ~bit;

    } else {
        h->guard &= ~bit;
    }
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
 * The start tags that break out of foreign content: the open foreign
 * elements are closed, and the tag is read as HTML.  "font" does only with
 * a color, face or size attribute; here always (what follows is then read
 * as HTML: "/>" closes nothing, which removes more, never less).
 */

static unsigned
consent_html_breakout(const u_char *name, unsigned len)
{
#define consent_html_is(s)  (memcmp(name, s, sizeof(s) - 1) == 0)

    switch (len) {

    case 1:
        return name[0] == 'b' || name[0] == 'i' || name[0] == 'p'
               || name[0] == 's' || name[0] == 'u';

    case 2:
        if (name[0] == 'h') {
            return (name[1] >= '1' && name[1] <= '6') || name[1] == 'r';
        }

        return consent_html_is("br") || consent_html_is("dd")
               || consent_html_is("dl") || consent_html_is("dt")
               || consent_html_is("em") || consent_html_is("li")
               || consent_html_is("ol") || consent_html_is("tt")
               || consent_html_is("ul");

    case 3:
        return consent_html_is("big") || consent_html_is("div")
               || consent_html_is("img") || consent_html_is("pre")
               || consent_html_is("sub") || consent_html_is("sup")
               || consent_html_is("var");

    case 4:
        return consent_html_is("body") || consent_html_is("code")
               || consent_html_is("font") || consent_html_is("head")
               || consent_html_is("menu") || consent_html_is("meta")
               || consent_html_is("nobr") || consent_html_is("ruby")
               || consent_html_is("span");

    case 5:
        return consent_html_is("embed") || consent_html_is("small")
               || consent_html_is("table");

    case 6:
        return consent_html_is("center") || consent_html_is("strike")
               || consent_html_is("strong");

    case 7:
        return consent_html_is("listing");

    case 10:
        return consent_html_is("blockquote");

    default:
        return 0;
    }

#undef consent_html_is
}


/*
 * The foreign elements whose content is read as HTML: the HTML integration
 * points of SVG (foreignObject, desc, title) and MathML (annotation-xml,
 * whatever its encoding), the MathML text integration points (mi, mo, mn,
 * ms, mtext).  Whatever their namespace: taken for one where it is not,
 * what follows is read as HTML, which removes more, never less.
 */

static unsigned
consent_html_integration(const u_char *name, unsigned len)
{
#define consent_html_is(s)  (memcmp(name, s, sizeof(s) - 1) == 0)

    switch (len) {

    case 2:
        return name[0] == 'm'
               && (name[1] == 'i' || name[1] == 'o' || name[1] == 'n'
                   || name[1] == 's');

    case 4:
        return consent_html_is("desc");

    case 5:
        return consent_html_is("title") || consent_html_is("mtext");

    case 13:
        return consent_html_is("foreignobject");

    case 14:
        return consent_html_is("annotation-xml");

    default:
        return 0;
    }

#undef consent_html_is
}


/*
 * What the tree builder does with an element, by name: the HTML
 * standard's "special" category (taken wider where it is not sure: that
 * ignores more end tags, which removes more), the boundaries of "has an
 * element in scope", the formatting elements of the adoption agency, the
 * elements with an implied end tag, the start tags that close a p, and
 * what cannot be followed.
 */


#define SP  CONSENT_HTML_K_SPECIAL
#define SC  CONSENT_HTML_K_SCOPE
#define FM  CONSENT_HTML_K_FORMAT
#define IM  CONSENT_HTML_K_IMPLIED
#define PC  CONSENT_HTML_K_CLOSE_P
#define VD  CONSENT_HTML_K_VOID
#define HD  CONSENT_HTML_K_HEADING
#define IG  CONSENT_HTML_K_IGNORED
#define LS  CONSENT_HTML_K_LOST
#define TB  CONSENT_HTML_K_TABLE

typedef struct {
    const char  *name;
    unsigned     kind;
} consent_html_kind_t;

/* sorted by name */

static const consent_html_kind_t  consent_html_kinds[] = {
    { "a", FM }, { "address", SP|PC }, { "applet", SP|SC },
    { "area", SP|VD }, { "article", SP|PC }, { "aside", SP|PC },
    { "b", FM }, { "base", SP|VD }, { "basefont", SP|VD },
    { "bgsound", SP|VD }, { "big", FM }, { "blockquote", SP|PC },
    { "body", SP|IG }, { "br", SP|VD }, { "button", SP },
    { "caption", SP|SC|TB }, { "center", SP|PC }, { "code", FM },
    { "col", SP|VD|TB }, { "colgroup", SP|TB }, { "dd", SP|IM },
    { "details", SP|PC }, { "dialog", SP|PC }, { "dir", SP|PC },
    { "div", SP|PC }, { "dl", SP|PC }, { "dt", SP|IM }, { "em", FM },
    { "embed", SP|VD }, { "fieldset", SP|PC }, { "figcaption", SP|PC },
    { "figure", SP|PC }, { "font", FM }, { "footer", SP|PC },
    { "form", SP|PC }, { "frame", SP|VD|IG }, { "frameset", SP|IG },
    { "h1", SP|PC|HD }, { "h2", SP|PC|HD }, { "h3", SP|PC|HD },
    { "h4", SP|PC|HD }, { "h5", SP|PC|HD }, { "h6", SP|PC|HD },
    { "head", SP|IG }, { "header", SP|PC }, { "hgroup", SP|PC },
    { "hr", SP|PC|VD }, { "html", SP|SC|IG }, { "i", FM },
    { "iframe", SP }, { "image", SP|VD }, { "img", SP|VD },
    { "input", SP|VD }, { "keygen", SP|VD }, { "li", SP|IM },
    { "link", SP|VD }, { "listing", SP|PC }, { "main", SP|PC },
    { "marquee", SP|SC }, { "menu", SP|PC }, { "meta", SP|VD },
    { "nav", SP|PC }, { "nobr", FM }, { "noembed", SP },
    { "noframes", SP }, { "noscript", SP }, { "object", SP|SC },
    { "ol", SP|PC }, { "optgroup", IM }, { "option", IM },
    { "p", SP|PC|IM }, { "param", SP|VD }, { "plaintext", SP|PC|LS },
    { "pre", SP|PC }, { "rb", IM }, { "rp", IM }, { "rt", IM },
    { "rtc", IM }, { "s", FM }, { "script", SP }, { "search", SP|PC },
    { "section", SP|PC }, { "select", SP|LS }, { "small", FM },
    { "source", SP|VD }, { "strike", FM }, { "strong", FM },
    { "style", SP }, { "summary", SP|PC }, { "table", SP|SC|TB },
    { "tbody", SP|TB }, { "td", SP|SC|TB }, { "template", SP|SC|LS },
    { "textarea", SP }, { "tfoot", SP|TB }, { "th", SP|SC|TB },
    { "thead", SP|TB }, { "title", SP }, { "tr", SP|TB },
    { "track", SP|VD }, { "tt", FM }, { "u", FM }, { "ul", SP|PC },
    { "wbr", SP|VD }, { "xmp", SP|PC }
};

#undef SP
#undef SC
#undef FM
#undef IM
#undef PC
#undef VD
#undef HD
#undef IG
#undef LS
#undef TB


#define CONSENT_HTML_IN_SCOPE    0    /* consent_html_open_find() */
#define CONSENT_HTML_OUTSIDE    -2    /* found: not in the removed element */
#define CONSENT_HTML_IN_BUTTON   1
#define CONSENT_HTML_IN_LIST     2
#define CONSENT_HTML_IN_TABLE    3
#define CONSENT_HTML_IN_SPECIAL  4    /* "any other end tag" */
#define CONSENT_HTML_IN_ALL      5    /* anywhere */


/* a name in lower case; an unknown one is an ordinary element */

static unsigned
consent_html_kind(const u_char *name, size_t len)
{
    int     c;
    size_t  lo, hi, mid, n;

    lo = 0;
    hi = sizeof(consent_html_kinds) / sizeof(consent_html_kinds[0]);

    while (lo < hi) {
        mid = (lo + hi) / 2;
        n = strlen(consent_html_kinds[mid].name);

        c = memcmp(name, consent_html_kinds[mid].name, len < n ? len : n);

        if (c == 0) {
            c = (len > n) - (len < n);
        }

        if (c == 0) {
            return consent_html_kinds[mid].kind;
        }

        if (c < 0) {
            hi = mid;

        } else {
            lo = mid + 1;
        }
    }

    return 0;
}


/* the entry of an svg or math (no name): a boundary nothing closes */

static unsigned
consent_html_open_kind(consent_html_t *h, unsigned i)
{
    if (h->olen[i] == 0 || (h->oflag[i] & 2)) {
        return CONSENT_HTML_K_SPECIAL|CONSENT_HTML_K_SCOPE;
    }

    return consent_html_kind(h->oname[i], h->olen[i]);
}


static int
consent_html_open_is(consent_html_t *h, unsigned i, const char *name)
{
    size_t  n;

    n = strlen(name);

    return h->olen[i] == n && memcmp(h->oname[i], name, n) == 0;
}


static void
consent_html_open_push(consent_html_t *h, const u_char *name, size_t len)
{
    if (h->nopen >= CONSENT_HTML_MAX_OPEN || len > CONSENT_HTML_MAX_ONAME) {
        /* cannot be followed: removed to the end */
        h->lost = 1;
        return;
    }

    memcpy(h->oname[h->nopen], name, len);
    h->olen[h->nopen] = (u_char) len;
    h->oflag[h->nopen] = h->denied && h->nopen
                         && (consent_html_kind(name, len)
                             & CONSENT_HTML_K_FORMAT);
    h->nopen++;
}


/*
 * The nearest open element of this name (any heading for NULL) that is
 * in the scope given, or -1.
 */

static int
consent_html_open_find(consent_html_t *h, const u_char *name, size_t n,
    unsigned scope)
{
    unsigned  i, k;

    for (i = h->nopen; i-- > 0; /* void */) {
        k = consent_html_open_kind(h, i);

        if (name == NULL) {
            if (k & CONSENT_HTML_K_HEADING) {
                return (int) i;
            }

        } else if (h->olen[i] == n && memcmp(h->oname[i], name, n) == 0
                   && !(h->oflag[i] & 2))
        {
            return (int) i;
        }

        switch (scope) {

        case CONSENT_HTML_IN_SCOPE:
            if (k & CONSENT_HTML_K_SCOPE) {
                return -1;
            }
            break;

        case CONSENT_HTML_IN_BUTTON:
            if ((k & CONSENT_HTML_K_SCOPE)
                || consent_html_open_is(h, i, "button"))
            {
                return -1;
            }
            break;

        case CONSENT_HTML_IN_LIST:
            if ((k & CONSENT_HTML_K_SCOPE) || consent_html_open_is(h, i, "ol")
                || consent_html_open_is(h, i, "ul"))
            {
                return -1;
            }
            break;

        case CONSENT_HTML_IN_TABLE:
            if (h->olen[i] == 0 || consent_html_open_is(h, i, "table")
                || consent_html_open_is(h, i, "html")
                || consent_html_open_is(h, i, "template"))
            {
                return -1;
            }
            break;

        case CONSENT_HTML_IN_ALL:
            break;

        default: /* CONSENT_HTML_IN_SPECIAL */
            if (k & CONSENT_HTML_K_SPECIAL) {
                return -1;
            }
            break;
        }
    }

    /*
     * nothing in the removed element stops the browser's walk: it goes on
     * to the elements around it, one of which the tag may close, and the
     * removed element with it
     */

    return CONSENT_HTML_OUTSIDE;
}


#define consent_html_find_s(h, s, scope)                                      \
    consent_html_open_find(h, (u_char *) s, sizeof(s) - 1, scope)


/* whether an element of the special category is open above i */

static int
consent_html_open_above(consent_html_t *h, unsigned i)
{
    for (i++; i < h->nopen; i++) {
        if (consent_html_open_kind(h, i) & CONSENT_HTML_K_SPECIAL) {
            return 1;
        }
    }

    return 0;
}


/*
 * The adoption agency for the formatting element found at i: without a
 * special element above it, it is closed with all above it; with one, the
 * browser clones it into that one: for the removed element itself that
 * cannot be followed; an inner one is left open (more stays open, more
 * is removed).
 */

static void
consent_html_open_adopt(consent_html_t *h, int i)
{
    if (i == CONSENT_HTML_OUTSIDE) {
        consent_html_open_maybe(h);
    }

    if (i < 0) {
        return;
    }

    if (consent_html_open_above(h, (unsigned) i)) {
        if (i == 0) {
            h->lost = 1;
        }

        return;
    }

    /* it leaves the list of active formatting elements: not pending */

    h->oflag[i] = 0;
    consent_html_open_cut(h, (unsigned) i);
}


static void
consent_html_open_pop(consent_html_t *h, int i)
{
    if (i >= 0) {
        consent_html_open_cut(h, (unsigned) i);
    }
}


/*
 * The same for an end tag.  One of no element open in the removed one,
 * with nothing in it that makes the browser ignore the tag, may close an
 * element around the removed one, and the removed one with it
 * ("<header><p data-category=..></header>"), or be ignored.
 */

static void
consent_html_open_end_pop(consent_html_t *h, int i)
{
    if (i == CONSENT_HTML_OUTSIDE) {
        consent_html_open_maybe(h);
        return;
    }

    consent_html_open_pop(h, i);
}


/*
 * A tag whose effect depends on what is open around the removed element,
 * which the scanner does not follow (a p, an li, a button, an a, a table
 * around it): the browser may close the removed element here, or not.
 * The removal goes on as if not, which removes more than the browser
 * would, and ends where that reading ends it.  That end is right the other
 * way too, as long as nothing opened in what is removed meanwhile outlasts
 * it there.  A formatting element does not: closed so, the browser
 * re-opens it at the next text up to its own end tag, which is where the
 * removal ends it too (a denied one pending after the removed element, the
 * removed one itself).  Two things can: a marked element and foreign
 * content opened from here on; their start tags keep the removal to the
 * end of the page (consent_html_start_tag_end()).
 */

static void
consent_html_open_maybe(consent_html_t *h)
{
    h->maybe = 1;
}


/*
 * A start tag that closes a p in button scope.  One found past the removed
 * element closes it too, unless the removed element's own start tag
 * closed every such p, as the start tags of the p closers, li, dd and dt
 * do: none can be in button scope around it since.
 */

static void
consent_html_open_close_p(consent_html_t *h)
{
    int  i;

    i = consent_html_find_s(h, "p", CONSENT_HTML_IN_BUTTON);

    if (i != CONSENT_HTML_OUTSIDE) {
        consent_html_open_pop(h, i);
        return;
    }

    if (!(consent_html_open_kind(h, 0) & CONSENT_HTML_K_CLOSE_P)
        && !consent_html_open_is(h, 0, "li")
        && !consent_html_open_is(h, 0, "dd")
        && !consent_html_open_is(h, 0, "dt"))
    {
        consent_html_open_maybe(h);
    }
}


/*
 * Closes what is open from n on.  A formatting element closed so (not by
 * its own end tag) stays in the browser's list of active formatting
 * elements, and the browser opens a copy of it, attributes and all, at
 * the next text: one with a denied marker is pending, and is removed in
 * its turn when the removed element ends.
 */

static void
consent_html_open_cut(consent_html_t *h, unsigned n)
{
    unsigned  i;

    for (i = n ? n : 1; i < h->nopen; i++) {

        if ((consent_html_open_kind(h, 0) & CONSENT_HTML_K_FORMAT)
            && h->olen[i] == h->olen[0]
            && memcmp(h->oname[i], h->oname[0], h->olen[0]) == 0
            && !(i == n && h->end_tag))
        {
            /*
             * a formatting element of the removed one's name closed
             * without its own end tag stays in the browser's list: the
             * next end tag of that name is its, not the removed one's
             */
            h->lost = 1;
        }

        if (h->oflag[i] & 1) {
            if (h->npend++ == 0) {
                memcpy(h->pname, h->oname[i], h->olen[i]);
                h->plen = h->olen[i];
            }
        }
    }

    h->nopen = n;
}


/*
 * The removed element is closed: a denied formatting element pending
 * (above) takes its place; more than one cannot be followed.
 */

static void
consent_html_open_closed(consent_html_t *h)
{
    if (h->lost || h->nopen || h->npend == 0) {
        return;
    }

    if (h->npend > 1) {
        h->lost = 1;
        return;
    }

    h->npend = 0;
    memcpy(h->oname[0], h->pname, h->plen);
    h->olen[0] = (u_char) h->plen;
    h->oflag[0] = 0;
    h->nopen = 1;
}


/*
 * The nearest open table element; -1 when foreign content is in the way;
 * CONSENT_HTML_OUTSIDE when there is none in the removed element, so that
 * what the tag does depends on a table around it, if any.
 */

static int
consent_html_open_table(consent_html_t *h)
{
    unsigned  i;

    for (i = h->nopen; i-- > 0; /* void */) {
        if (h->olen[i] == 0) {
            return -1;
        }

        if ((consent_html_open_kind(h, i) & CONSENT_HTML_K_TABLE)
            && !consent_html_open_is(h, i, "col"))
        {
            return (int) i;
        }
    }

    return CONSENT_HTML_OUTSIDE;
}


#define consent_html_named(s)                                                 \
    (h->nlen == sizeof(s) - 1 && memcmp(h->name, s, sizeof(s) - 1) == 0)


/*
 * A start tag of a table part (and table): the cell, row, row group,
 * caption or column group it closes, the row group and row it implies.
 * Outside a table followed here it is ignored by a browser, or closes
 * the removed element with a table part around it (or, for a table, with
 * the table it is in and a p): consent_html_open_maybe().
 */

static void
consent_html_open_table_start(consent_html_t *h)
{
    int       t;
    unsigned  cell, row, group;

    cell = consent_html_named("td") || consent_html_named("th");
    row = consent_html_named("tr");
    group = consent_html_named("tbody") || consent_html_named("thead")
            || consent_html_named("tfoot");

    if (consent_html_named("table")) {
        t = consent_html_open_table(h);

        if (t < 0) {
            if (consent_html_find_s(h, "p", CONSENT_HTML_IN_BUTTON) >= 0)
            {
                /* closed or not: depends on the quirks mode */
                h->lost = 1;
                return;
            }

            if (t == CONSENT_HTML_OUTSIDE) {
                consent_html_open_maybe(h);
            }

        } else if (!consent_html_open_is(h, t, "td")
                   && !consent_html_open_is(h, t, "th")
                   && !consent_html_open_is(h, t, "caption"))
        {
            /* a table in a table: closes it */
            consent_html_open_pop(h,
                consent_html_find_s(h, "table", CONSENT_HTML_IN_TABLE));

            if (h->nopen == 0) {
                return;
            }
        }

        consent_html_open_push(h, h->name, h->nlen);
        return;
    }

    for ( ;; ) {
        t = consent_html_open_table(h);

        if (t < 0) {
            if (t == CONSENT_HTML_OUTSIDE) {
                consent_html_open_maybe(h);
            }

            return;
        }

        if (consent_html_open_is(h, t, "colgroup")
            && consent_html_named("col"))
        {
            return;
        }

        if (consent_html_open_is(h, t, "td")
            || consent_html_open_is(h, t, "th")
            || consent_html_open_is(h, t, "caption")
            || consent_html_open_is(h, t, "colgroup"))
        {
            consent_html_open_cut(h, (unsigned) t);
            continue;
        }

        if (consent_html_open_is(h, t, "tr")) {
            if (cell) {
                consent_html_open_cut(h, (unsigned) t + 1);
                consent_html_open_push(h, h->name, h->nlen);
                return;
            }

            consent_html_open_cut(h, (unsigned) t);
            continue;
        }

        if (!consent_html_open_is(h, t, "table")) {
            /* tbody, thead, tfoot */

            if (row || cell) {
                consent_html_open_cut(h, (unsigned) t + 1);

                if (cell) {
                    consent_html_open_push(h, (u_char *) "tr", 2);
                }

                consent_html_open_push(h, h->name, h->nlen);
                return;
            }

            consent_html_open_cut(h, (unsigned) t);
            continue;
        }

        /* table */

        consent_html_open_cut(h, (unsigned) t + 1);

        if (row || cell) {
            consent_html_open_push(h, (u_char *) "tbody", 5);

            if (cell) {
                consent_html_open_push(h, (u_char *) "tr", 2);
            }

        } else if (consent_html_named("col")) {
            consent_html_open_push(h, (u_char *) "colgroup", 8);
            return;
        }

        (void) group;
        consent_html_open_push(h, h->name, h->nlen);
        return;
    }
}


/* a start tag inside a removed element followed, read as HTML */

static void
consent_html_open_start(consent_html_t *h)
{
    int       i;
    unsigned  k, j;

    k = consent_html_kind(h->name, h->nlen);

    if (k & CONSENT_HTML_K_LOST) {
        h->lost = 1;
        return;
    }

    if (k & CONSENT_HTML_K_IGNORED) {
        return;
    }

    if (k & CONSENT_HTML_K_TABLE) {
        consent_html_open_table_start(h);
        return;
    }

    if (k & CONSENT_HTML_K_CLOSE_P) {
        consent_html_open_close_p(h);
    }

    if ((k & CONSENT_HTML_K_HEADING) && h->nopen
        && (consent_html_open_kind(h, h->nopen - 1) & CONSENT_HTML_K_HEADING))
    {
        consent_html_open_cut(h, h->nopen - 1);
    }

    if (consent_html_named("li") || consent_html_named("dd")
        || consent_html_named("dt"))
    {
        for (j = h->nopen; j-- > 0; /* void */) {
            if (consent_html_named("li")
                ? consent_html_open_is(h, j, "li")
                : (consent_html_open_is(h, j, "dd")
                   || consent_html_open_is(h, j, "dt")))
            {
                consent_html_open_cut(h, j);
                break;
            }

            if ((consent_html_open_kind(h, j) & CONSENT_HTML_K_SPECIAL)
                && !consent_html_open_is(h, j, "address")
                && !consent_html_open_is(h, j, "div")
                && !consent_html_open_is(h, j, "p"))
            {
                break;
            }

            if (j == 0) {
                /* the walk goes on around the removed element */
                consent_html_open_maybe(h);
            }
        }

        if (h->nopen) {
            consent_html_open_close_p(h);
        }

    } else if (consent_html_named("button")) {
        i = consent_html_find_s(h, "button", CONSENT_HTML_IN_SCOPE);

        if (i == CONSENT_HTML_OUTSIDE) {
            consent_html_open_maybe(h);
        }

        consent_html_open_pop(h, i);

    } else if (consent_html_named("a")) {
        consent_html_open_adopt(h,
            consent_html_find_s(h, "a", CONSENT_HTML_IN_SCOPE));

    } else if (consent_html_named("nobr")) {
        consent_html_open_adopt(h,
            consent_html_find_s(h, "nobr", CONSENT_HTML_IN_SCOPE));

    } else if (consent_html_named("option") || consent_html_named("optgroup"))
    {
        if (h->nopen && consent_html_open_is(h, h->nopen - 1, "option")) {
            consent_html_open_cut(h, h->nopen - 1);
        }

    } else if (consent_html_named("rb") || consent_html_named("rtc")
               || consent_html_named("rp") || consent_html_named("rt"))
    {
        i = consent_html_find_s(h, "ruby", CONSENT_HTML_IN_SCOPE);

        if (i == CONSENT_HTML_OUTSIDE
            && (consent_html_open_kind(h, 0) & CONSENT_HTML_K_IMPLIED))
        {
            /* the implied end tags generated may reach the removed one */
            consent_html_open_maybe(h);
        }

        while (i >= 0 && h->nopen > (unsigned) i + 1
               && (consent_html_open_kind(h, h->nopen - 1)
                   & CONSENT_HTML_K_IMPLIED)
               && (h->name[1] == 'b' || h->name[1] == 't'
                   || !consent_html_open_is(h, h->nopen - 1, "rtc")))
        {
            consent_html_open_cut(h, h->nopen - 1);
        }
    }

    if ((k & CONSENT_HTML_K_VOID) || h->nopen == 0) {
        /* void, or it closed the removed element: it is kept */
        return;
    }

    consent_html_open_push(h, h->name, h->nlen);
}


/* an end tag inside a removed element followed, read as HTML */

static void
consent_html_open_end(consent_html_t *h)
{
    int       i;
    unsigned  k, j;

    if (h->nopen && h->olen[0] == 4 && memcmp(h->oname[0], "form", 4) == 0) {
        /*
         * A removed form: its end tag takes it off the browser's stack
         * but leaves open what is above it, formatting elements the
         * browser re-opened in it from before the form too, which no
         * scan of the form itself can see.  It never ends with
         * certainty.
         */
        h->lost = 1;
        return;
    }

    if (h->nopen == 1 && h->olen[0] == h->nlen
        && memcmp(h->oname[0], h->name, h->nlen) == 0)
    {
        /* the end tag of the removed element, nothing open in it */
        h->nopen = 0;
        return;
    }

    k = consent_html_kind(h->name, h->nlen);

    if (consent_html_named("form")) {
        /* the form leaves the stack, what is open in it stays open */

        i = consent_html_find_s(h, "form", CONSENT_HTML_IN_SCOPE);

        if (i < 0) {
            if (i == CONSENT_HTML_OUTSIDE
                || consent_html_find_s(h, "form", CONSENT_HTML_IN_ALL) >= 0)
            {
                /*
                 * a form around the removed element: its implied end
                 * tags may close it; or one in it out of scope: ignored,
                 * but the browser forgets its form, which no end tag
                 * closes any more
                 */
                h->lost = 1;
            }

            return;
        }

        for (j = (unsigned) i + 1; j < h->nopen; j++) {
            if (!(consent_html_open_kind(h, j) & CONSENT_HTML_K_IMPLIED)) {
                return;
            }
        }

        consent_html_open_cut(h, (unsigned) i);
        return;
    }

    /* no HTML element is named svg or math: the browser ignores these */

    if (consent_html_named("body") || consent_html_named("html")
        || consent_html_named("br") || consent_html_named("svg")
        || consent_html_named("math"))
    {
        return;
    }

    if (consent_html_named("p")) {
        consent_html_open_end_pop(h,
            consent_html_find_s(h, "p", CONSENT_HTML_IN_BUTTON));
        return;
    }

    if (consent_html_named("li")) {
        consent_html_open_end_pop(h,
            consent_html_find_s(h, "li", CONSENT_HTML_IN_LIST));
        return;
    }

    if (k & CONSENT_HTML_K_HEADING) {
        consent_html_open_end_pop(h,
            consent_html_open_find(h, NULL, 0, CONSENT_HTML_IN_SCOPE));
        return;
    }

    if (consent_html_named("colgroup")) {
        if (h->nopen && consent_html_open_is(h, h->nopen - 1, "colgroup")) {
            consent_html_open_cut(h, h->nopen - 1);
        }

        return;
    }

    if ((k & CONSENT_HTML_K_TABLE) || h->nlen > CONSENT_HTML_MAX_ONAME) {
        if (h->nlen <= CONSENT_HTML_MAX_ONAME) {
            consent_html_open_end_pop(h,
                consent_html_open_find(h, h->name, h->nlen,
                                       CONSENT_HTML_IN_TABLE));
        }

        return;
    }

    if (k & CONSENT_HTML_K_FORMAT) {
        i = consent_html_open_find(h, h->name, h->nlen, CONSENT_HTML_IN_SCOPE);

        if (i < 0 && h->npend == 1 && h->plen == h->nlen
            && memcmp(h->pname, h->name, h->nlen) == 0
            && consent_html_open_find(h, h->name, h->nlen,
                                      CONSENT_HTML_IN_ALL) < 0)
        {
            /* the adoption agency drops it from the list */
            h->npend = 0;
        }

        consent_html_open_adopt(h,
            consent_html_open_find(h, h->name, h->nlen,
                                   CONSENT_HTML_IN_SCOPE));
        return;
    }

    consent_html_open_end_pop(h,
        consent_html_open_find(h, h->name, h->nlen,
                               (k & CONSENT_HTML_K_SPECIAL)
                               ? CONSENT_HTML_IN_SCOPE
                               : CONSENT_HTML_IN_SPECIAL));
}

#undef consent_html_named


/*
 * A start tag inside a removed element followed (consent_html_apply()
 * done): foreign content is followed by fname[] as before, and is one
 * entry here, which only its own end or a start tag that breaks out of it
 * closes; HTML inside an integration point is not followed.
 */

static void
consent_html_open_tag(consent_html_t *h, unsigned el, unsigned foreign,
    unsigned fx, unsigned was_foreign)
{
    if (was_foreign) {
        if (foreign) {
            if (!consent_html_foreign(h)) {
                /* too deep or too long a name: not followed any more */
                h->lost = 1;
            }

            return;
        }

        if (fx & CONSENT_HTML_INNER) {
            h->lost = 1;
            return;
        }

        if (!(fx & CONSENT_HTML_CLEAR)) {
            return;
        }

        /* it breaks out of foreign content */

        if (h->nopen == 0 || h->olen[h->nopen - 1] != 0) {
            h->lost = 1;
            return;
        }

        consent_html_open_cut(h, h->nopen - 1);

    } else if (el & CONSENT_HTML_FOREIGN) {
        if (h->self_closing) {
            return;
        }

        if (!consent_html_foreign(h)) {
            h->lost = 1;
            return;
        }

        consent_html_open_push(h, (u_char *) "", 0);
        return;
    }

    consent_html_open_start(h);
}


/*
 * The srcdoc of an iframe is a document of its own: its value, character
 * references decoded, is scanned with the same markers and grants.
 * Returns 1 when anything in it would be removed, or when it cannot be
 * read with certainty: a character reference not decoded here, a srcdoc
 * too deep in srcdoc.
 */

#define CONSENT_HTML_SRCDOC_CHUNK  256

#define consent_html_ref(p, n, s)                                             \
    ((n) == sizeof(s) - 1 && memcmp(p, s, sizeof(s) - 1) == 0)

static unsigned
consent_html_srcdoc(consent_html_t *h, const u_char *v, size_t len)
{
    size_t           i, n, d;
    uint32_t         cp;
    u_char           in[CONSENT_HTML_SRCDOC_CHUNK + 8];
    u_char           out[consent_html_out_size(CONSENT_HTML_SRCDOC_CHUNK
                                               + 8, 0)];
    const u_char    *p, *end, *s;
    consent_html_t   nested;

    if (h->level >= CONSENT_HTML_MAX_SRCDOC) {
        return 1;
    }

    consent_html_init(&nested, h->conf, h->granted, NULL, 0);
    nested.level = h->level + 1;

    p = v;
    end = v + len;
    n = 0;

    while (p < end) {

        if (*p != '&') {
            in[n++] = *p++;
            goto next;
        }

        s = p + 1;

        if (s == end
            || !(consent_html_alpha(*s) || (*s >= '0' && *s <= '9')
                 || *s == '#'))
        {
            /* not a character reference: the '&' itself */
            in[n++] = *p++;
            goto next;
        }

        if (*s == '#') {
            s++;
            cp = 0;
            d = 0;

            if (s < end && (*s == 'x' || *s == 'X')) {
                for (s++; s < end; s++, d++) {
                    if (*s >= '0' && *s <= '9') {
                        i = *s - '0';

                    } else if ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f') {
                        i = (*s | 0x20) - 'a' + 10;

                    } else {
                        break;
                    }

                    cp = (cp > 0x10ffff) ? cp : cp * 16 + i;
                }

            } else {
                for ( /* void */ ; s < end && *s >= '0' && *s <= '9'; s++) {
                    cp = (cp > 0x10ffff) ? cp : cp * 10 + (*s - '0');
                    d++;
                }
            }

            if (d == 0 || s == end || *s != ';') {
                return 1;
            }

            p = s + 1;

            if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                cp = 0xfffd;
            }

            if (cp < 0x80) {
                in[n++] = (u_char) cp;

            } else if (cp < 0x800) {
                in[n++] = (u_char) (0xc0 | (cp >> 6));
                in[n++] = (u_char) (0x80 | (cp & 0x3f));

            } else if (cp < 0x10000) {
                in[n++] = (u_char) (0xe0 | (cp >> 12));
                in[n++] = (u_char) (0x80 | ((cp >> 6) & 0x3f));
                in[n++] = (u_char) (0x80 | (cp & 0x3f));

            } else {
                in[n++] = (u_char) (0xf0 | (cp >> 18));
                in[n++] = (u_char) (0x80 | ((cp >> 12) & 0x3f));
                in[n++] = (u_char) (0x80 | ((cp >> 6) & 0x3f));
                in[n++] = (u_char) (0x80 | (cp & 0x3f));
            }

            goto next;
        }

        /* a named reference: the few a srcdoc uses, with their ';' */

        while (s < end && (consent_html_alpha(*s) || (*s >= '0' && *s <= '9')))
        {
            s++;
        }

        if (s == end || *s != ';') {
            return 1;
        }

        d = s - (p + 1);

        if (consent_html_ref(p + 1, d, "lt")
            || consent_html_ref(p + 1, d, "LT"))
        {
            in[n++] = '<';

        } else if (consent_html_ref(p + 1, d, "gt")
                   || consent_html_ref(p + 1, d, "GT"))
        {
            in[n++] = '>';

        } else if (consent_html_ref(p + 1, d, "amp")
                   || consent_html_ref(p + 1, d, "AMP"))
        {
            in[n++] = '&';

        } else if (consent_html_ref(p + 1, d, "quot")
                   || consent_html_ref(p + 1, d, "QUOT"))
        {
            in[n++] = '"';

        } else if (consent_html_ref(p + 1, d, "apos")) {
            in[n++] = '\'';

        } else if (consent_html_ref(p + 1, d, "nbsp")) {
            in[n++] = 0xc2;
            in[n++] = 0xa0;

        } else {
            return 1;
        }

        p = s + 1;

    next:

        if (n >= CONSENT_HTML_SRCDOC_CHUNK || p == end) {
            (void) consent_html_feed(&nested, in, n, out);
            n = 0;
        }
    }

    (void) consent_html_finish(&nested, out);

    return nested.removed != 0;
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
