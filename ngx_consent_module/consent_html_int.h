
/*
 * ngx_consent_module: the private header of the HTML scanner, included by
 * the consent_html*.c files only (the API is consent_html.h).  Four
 * readers share one state, consent_html_t:
 *
 *   consent_html.c         the tokenizer: consent_html_feed() and its
 *                          states, the runs of text and of the whole tags
 *                          that change nothing, what the '>' of a tag
 *                          does;
 *   consent_html_fast.c    a tag that may matter read whole, at once;
 *   consent_html_tree.c    the tree emulation: foreign content (fname[],
 *                          breakouts, integration points) and what is open
 *                          in a removed element (consent_html_open_*);
 *   consent_html_marker.c  the meaning of the markers: the attributes that
 *                          matter, their tokens, srcdoc.
 *
 * The small helpers of the hot path (the byte classes, the SSE2 scans)
 * are static inline here, and the run of text stays in the file of the
 * feed loop, so that the split costs the hot path no call.
 */


#ifndef _CONSENT_HTML_INT_H_INCLUDED_
#define _CONSENT_HTML_INT_H_INCLUDED_


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


/*
 * Bytes that matter to the tags read at once: those that end a name or a
 * value, and the letters that can start a tag name (R: that of a name
 * that changes the state, consent_html_changes_state()).
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
     | ((h)->guard + (h)->sguard + (h)->ihtml != 0) * 2)


/* consent_html_fast.c */
size_t consent_html_whole_tag(consent_html_t *h, const u_char *start,
    const u_char *p, const u_char *end);

/* consent_html_tree.c */
u_char *consent_html_rejoin(consent_html_t *h, u_char *o,
    unsigned closed);
unsigned consent_html_reading(consent_html_t *h, unsigned el,
    unsigned *fx);
void consent_html_apply(consent_html_t *h, unsigned fx);
unsigned consent_html_close(consent_html_t *h);
void consent_html_ihtml_end(consent_html_t *h);
unsigned consent_html_breakout(const u_char *name, unsigned len);
void consent_html_open_push(consent_html_t *h, const u_char *name,
    size_t len);
void consent_html_open_closed(consent_html_t *h);
void consent_html_open_start(consent_html_t *h);
void consent_html_open_end(consent_html_t *h);
void consent_html_open_tag(consent_html_t *h, unsigned el,
    unsigned foreign, unsigned fx, unsigned was_foreign);

/* consent_html_marker.c */
void consent_html_attr_done(consent_html_t *h, const u_char *name,
    size_t nlen, const u_char *base, size_t vstart, size_t vend, size_t aend);


static inline int
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


/*
 * The closing quote q of a value, in [p, last), or NULL: values are
 * seldom longer than a few blocks of 16 bytes, where a call of memchr()
 * costs more than the look.
 */

static inline const u_char *
consent_html_quote(const u_char *p, const u_char *last, u_char q)
{
#if (CONSENT_HTML_SSE2)
    __m128i   vq;
    unsigned  m;

    vq = _mm_set1_epi8(q);

    while (last - p >= 16) {
        m = _mm_movemask_epi8(_mm_cmpeq_epi8(
                _mm_loadu_si128((const __m128i *) p), vq));

        if (m) {
            return p + __builtin_ctz(m);
        }

        p += 16;
    }
#endif

    return memchr(p, q, last - p);
}


/*
 * Whether an attribute name (as written, len bytes) may be one that
 * consent_html_attr_done() reads: type, class, srcdoc, data-name,
 * data-category, data-cookieyes, data-cookieconsent.  Its length, its
 * first, last and last but one letters in any case, from a table: most
 * attributes (id, href, src, alt, width, data-id, data-currency, aria-*)
 * are left at once, without a call.  c | 0x20 is a lower-case letter
 * exactly when c is that letter in either case.
 */

static const u_char  consent_html_marks[19][3] = {
    [4] = { 't', 'e', 'p' },     /* type */
    [5] = { 'c', 's', 's' },     /* class */
    [6] = { 's', 'c', 'o' },     /* srcdoc */
    [9] = { 'd', 'e', 'm' },     /* data-name */
    [13] = { 'd', 'y', 'r' },    /* data-category */
    [14] = { 'd', 's', 'e' },    /* data-cookieyes */
    [18] = { 'd', 't', 'n' }     /* data-cookieconsent */
};

static inline int
consent_html_may_mark(const u_char *name, size_t len)
{
    return len < 19 && consent_html_marks[len][0]
           && (name[0] | 0x20) == consent_html_marks[len][0]
           && (name[len - 1] | 0x20) == consent_html_marks[len][1]
           && (name[len - 2] | 0x20) == consent_html_marks[len][2];
}


#define CONSENT_HTML_PREFIX      "optanon-category-"
#define CONSENT_HTML_PREFIX_LEN  (sizeof(CONSENT_HTML_PREFIX) - 1)


/*
 * Whether a class value may be a marker, or cannot be read: it has an '&'
 * or the prefix.  Nearly every class on a page has neither; with SSE2 a
 * value is looked at 16 bytes at a time (the last block overlapping the
 * one before it); a shorter one is too short for the prefix.
 */

static inline unsigned
consent_html_class_may(const u_char *p, size_t len)
{
    const u_char  *t;
#if (CONSENT_HTML_SSE2)
    size_t         i;
    __m128i        v;
    unsigned       m;
#endif

    if (len < CONSENT_HTML_PREFIX_LEN) {
        return memchr(p, '&', len) != NULL;
    }

#if (CONSENT_HTML_SSE2)

    for (i = 0; i < len; i += 16) {
        if (len - i < 16) {
            i = len - 16;
        }

        v = _mm_loadu_si128((const __m128i *) (p + i));

        m = _mm_movemask_epi8(_mm_or_si128(
                _mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
                _mm_cmpeq_epi8(v, _mm_set1_epi8('o'))));

        while (m) {
            t = p + i + __builtin_ctz(m);
            m &= m - 1;

            if (*t == '&'
                || ((size_t) (p + len - t) >= CONSENT_HTML_PREFIX_LEN
                    && memcmp(t, CONSENT_HTML_PREFIX, CONSENT_HTML_PREFIX_LEN)
                       == 0))
            {
                return 1;
            }
        }
    }

    return 0;

#else

    for (t = p; t < p + len; t++) {
        if (*t == '&'
            || (*t == 'o' && (size_t) (p + len - t) >= CONSENT_HTML_PREFIX_LEN
                && memcmp(t, CONSENT_HTML_PREFIX, CONSENT_HTML_PREFIX_LEN)
                   == 0))
        {
            return 1;
        }
    }

    return 0;

#endif
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

static inline uint64_t
consent_html_mask_tail(const u_char *p, size_t len)
{
    u_char  tail[64];

    memset(tail, 0, 64);
    memcpy(tail, p, len);

    return consent_html_mask(tail);
}

#endif


#endif /* _CONSENT_HTML_INT_H_INCLUDED_ */
