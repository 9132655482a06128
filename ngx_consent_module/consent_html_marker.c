
/*
 * ngx_consent_module: the markers of the HTML scanner.  What the
 * attributes of a start tag mean: type="text/plain", data-category,
 * data-cookieconsent, the optanon-category- classes, data-cookieyes, Klaro's
 * data-name with type="text/plain", and the srcdoc of an iframe (a
 * document of its own, scanned with the same grants).
 */


#include "consent_html_int.h"


static unsigned consent_html_marker(consent_html_t *h, unsigned kind,
    const u_char *p, size_t len);
static unsigned consent_html_class(consent_html_t *h, const u_char *p,
    size_t len);
static unsigned consent_html_token(consent_html_t *h, unsigned kind,
    const u_char *p, size_t len);
static unsigned consent_html_srcdoc(consent_html_t *h, const u_char *v,
    size_t len);
static inline void consent_html_trim(const u_char **p, size_t *len);


/*
 * An attribute is done: name (lower case when read byte by byte, as
 * written when read at once) and its value in base.
 */

void
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

        if (memchr(v, '&', vlen) != NULL) {
            /*
             * a character reference could spell text/plain: a data-name
             * is then a Klaro marker that cannot be read, and its
             * element goes
             */
            h->type_ref = 1;
            r = (h->klaro == CONSENT_HTML_NONE) ? CONSENT_HTML_NONE
                                                : CONSENT_HTML_DENIED;
            goto klaro;
        }

        if (consent_html_ci(v, vlen, "text/plain")) {
            h->type_plain = 1;
            h->type_start = h->astart;
            h->type_end = aend;

            /* a data-name read before is a Klaro marker now */
            r = h->klaro;
            goto klaro;
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

    case 9:
        if (!consent_html_ci(name, 9, "data-name")) {
            return;
        }

        /* Klaro's service: a marker only with type="text/plain" */

        r = consent_html_marker(h, CONSENT_HTML_KLARO, v, vlen);

        if (h->klaro != CONSENT_HTML_DENIED) {
            h->klaro = r;
        }

        if (h->type_ref) {
            r = CONSENT_HTML_DENIED;
            goto klaro;
        }

        if (!h->type_plain) {
            return;
        }

        r = h->klaro;
        goto klaro;

    case 13:
        if (!consent_html_ci(name, 13, "data-category")) {
            return;
        }

        kind = CONSENT_HTML_CATEGORY;
        break;

    case 14:
        if (!consent_html_ci(name, 14, "data-cookieyes")) {
            return;
        }

        kind = CONSENT_HTML_COOKIEYES;
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

klaro:

    if (r != CONSENT_HTML_NONE) {
        h->marked = 1;
    }

    if (r == CONSENT_HTML_DENIED) {
        h->denied = 1;
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
    case CONSENT_HTML_COOKIEYES:
    case CONSENT_HTML_KLARO:
        /* one word, the whole value: anything else is unknown, denied */
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

    if (!consent_html_class_may(p, len)) {
        return CONSENT_HTML_NONE;
    }

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

