
/*
 * ngx_consent_module: the tree emulation of the HTML scanner.  What the
 * HTML standard's tree builder would have open, as far as the removal of
 * an element needs it: foreign content (the svg and math elements open,
 * fname[], the tags that break out of it, the integration points, the
 * guards of select, frameset and noscript), and inside a removed HTML
 * element what is open in it (consent_html_open_*, the kinds table).
 */


#include "consent_html_int.h"


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


static void consent_html_push(consent_html_t *h);
static void consent_html_clear(consent_html_t *h);
static void consent_html_unguard(consent_html_t *h, unsigned bit);
static unsigned consent_html_integration(const u_char *name, unsigned len);
static unsigned consent_html_kind(const u_char *name, size_t len);
static unsigned consent_html_never_open(const u_char *name, size_t len);
static unsigned consent_html_open_kind(consent_html_t *h, unsigned i);
static int consent_html_open_is(consent_html_t *h, unsigned i,
    const char *name);
static int consent_html_open_find(consent_html_t *h, const u_char *name,
    size_t n, unsigned scope);
static int consent_html_open_above(consent_html_t *h, unsigned i);
static void consent_html_open_adopt(consent_html_t *h, int i);
static void consent_html_open_pop(consent_html_t *h, int i);
static void consent_html_open_end_pop(consent_html_t *h, int i);
static void consent_html_open_maybe(consent_html_t *h);
static void consent_html_open_close_p(consent_html_t *h);
static void consent_html_open_cut(consent_html_t *h, unsigned n);
static int consent_html_open_table(consent_html_t *h);
static void consent_html_open_table_start(consent_html_t *h);


/*
 * The end of a removed element: what is written reads on as it did before
 * it (fname[] up to fdepth, guard); if the page itself no longer reads so,
 * a later marked "/>" is not trusted (consent_html_start_tag_end()).
 */

u_char *
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

        if (!h->funsure) {
            h->fdepth = h->fbase;

        } else {
            /*
             * After an end tag in doubt, this one is read by the browser
             * against the foreign elements written (fname[] up to
             * fdepth): it closes the nearest of its name, or is one more
             * in doubt, foreign content going on
             */

            for (i = h->fdepth; i-- > 0; /* void */) {
                if (consent_html_eq(h->fname[i], h->flen[i], h->name,
                                    h->nlen))
                {
                    h->fdepth = i;
                    break;
                }
            }

            h->diverged = 1;
        }
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

unsigned
consent_html_reading(consent_html_t *h, unsigned el, unsigned *fx)
{
    unsigned  i, set;

    set = (el & CONSENT_HTML_GUARD) ? CONSENT_HTML_SET : 0;

    if (!consent_html_foreign(h)) {
        if ((el & CONSENT_HTML_FOREIGN) && consent_html_guarded(h) == 0) {
            *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
            return 1;
        }

        if ((el & CONSENT_HTML_RAWTEXT) && h->ihtml && !h->skip) {
            /* as with funsure, below: see consent_html_ihtml_end() */
            h->denied = 1;
            *fx = 0;
            return 0;
        }

        *fx = set;
        return 0;
    }

    if ((el & CONSENT_HTML_RAWTEXT) && h->funsure && !h->skip) {
        /*
         * After an end tag the browser may have ignored, or not
         * (consent_html_close()): the content of a raw text element is
         * text in HTML, but markup in foreign content, where a marked
         * element in it may break out: removed whole, read as raw text
         */
        h->denied = 1;
        *fx = 0;
        return 0;
    }

    if (el & CONSENT_HTML_FOREIGN) {
        *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
        return 1;
    }

    i = h->fmore ? h->fdepth + h->fmore - 1 : h->fbase - 1;

    if (consent_html_integration(h->fname[i], h->flen[i])) {
        if (el & CONSENT_HTML_VOID) {
            *fx = 0;
            return 0;
        }

        if (!h->skip) {
            /* consent_html_ihtml_end() */
            h->ihtml = (h->flen[0] == 4) ? 2 : 1;
        }

        *fx = CONSENT_HTML_CLEAR|CONSENT_HTML_INNER|set;
        return 0;
    }

    if (h->nlen == 4 && memcmp(h->name, "font", 4) == 0) {
        /*
         * font breaks out only with a color, face or size attribute,
         * which is not looked for: both readings stay open, as after an
         * end tag the browser may ignore (consent_html_close()); a
         * marked font is removed as in HTML.  Inside a removed element,
         * where what breaks out of it may be marked and outlast the end
         * either reading gives it: removed to the end.
         */

        if (h->skip) {
            h->lost = 1;
            *fx = CONSENT_HTML_CLEAR;
            return 0;
        }

        h->diverged = 1;
        h->funsure = 1;
        *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
        return 1;
    }

    if (consent_html_breakout(h->name, h->nlen)) {
        *fx = CONSENT_HTML_CLEAR;
        return 0;
    }

    *fx = h->self_closing ? 0 : CONSENT_HTML_PUSH;
    return 1;
}


void
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

    if (i == 0) {
        /*
         * A new svg or math, from HTML: no end tag in doubt in it, unless
         * HTML was read in an integration point (ihtml): the browser may
         * be in foreign content still, this one nested in it
         */
        h->funsure = h->ihtml != 0;

        if (!h->gdiverged && !h->ihtml) {
            /* the page reads as what is written again */
            h->diverged = 0;
        }
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
 * elements, which are not followed.  The browser ignores that of an
 * element never open around foreign content (a void one, or one whose
 * content is text: "</script>", "</textarea>") or "</body>"; any other
 * it may ignore or not, depending on what is open around ("</div>" with
 * no div open): foreign content goes on in doubt (funsure, below).
 * Returns 2 then, foreign content going on; 1 when what is open is still
 * known; 0 (inside a removed element, where the doubt is not followed)
 * when it is not.  In HTML, "</select>" and "</noscript>" end their
 * guard.
 */

unsigned
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

    if (!p && consent_html_never_open(h->name, h->nlen)) {
        return 2;
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

    if (!h->skip) {
        /*
         * The browser reads it as HTML with the foreign elements still
         * open: it closes them with an HTML element of its name open
         * around them (in scope, or with no special element in the way),
         * or is ignored ("</div>" with no div open), foreign content
         * going on.  What is open around is not followed: both readings
         * must remove what is marked.  Foreign content goes on here (the
         * browser's reading if it ignored the tag), "diverged" makes a
         * marked element removed as in HTML, and a raw text element is
         * removed whole (consent_html_reading()) until a start tag that
         * breaks out of foreign content or the end of the svg or math
         * ends both readings in HTML.
         */

        h->diverged = 1;
        h->funsure = 1;
        return 2;
    }

    /* inside a removed element: not followed any more */

    consent_html_clear(h);

    return 0;
}



/*
 * HTML read in an integration point (<svg><foreignObject><div>) is not
 * followed: from there on the scanner reads HTML (consent_html_clear()),
 * but the browser goes back to foreign content at the integration
 * point's end tag once what is open in it is closed, where a raw text
 * element (textarea, style, title, script, ...) is an SVG or MathML
 * element whose content is markup, and a marked <img> in it an HTML
 * element that loads.  So while ihtml is set, a raw text element is
 * removed whole (consent_html_reading()), and a new svg or math starts
 * in doubt (funsure).  An end tag of the root (</svg> for an svg) read
 * as HTML ends it: the browser then closes the root, or ignores the tag
 * inside the integration point's HTML; it reads HTML either way.
 */

void
consent_html_ihtml_end(consent_html_t *h)
{
    if ((h->ihtml == 1 && consent_html_eq(h->name, h->nlen,
                                          (u_char *) "svg", 3))
        || (h->ihtml == 2 && consent_html_eq(h->name, h->nlen,
                                             (u_char *) "math", 4)))
    {
        h->ihtml = 0;
    }
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
 * The start tags that break out of foreign content: the open foreign
 * elements are closed, and the tag is read as HTML.  "font" does only with
 * a color, face or size attribute; here always (what follows is then read
 * as HTML: "/>" closes nothing, which removes more, never less).
 */

unsigned
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


/*
 * An end tag that closes no HTML element around foreign content: one of
 * an element that cannot be open when a tag is read (a void one, or one
 * whose content is raw text or RCDATA; noscript is followed as markup
 * when kept, and is left out), or "</body>", "</html>", "</head>", which
 * change the insertion mode and pop nothing
 */

static unsigned
consent_html_never_open(const u_char *name, size_t len)
{
    if (consent_html_kind(name, len) & CONSENT_HTML_K_VOID) {
        return 1;
    }

    switch (len) {

    case 3:
        return memcmp(name, "xmp", 3) == 0;

    case 4:
        return memcmp(name, "body", 4) == 0 || memcmp(name, "html", 4) == 0
               || memcmp(name, "head", 4) == 0;

    case 5:
        return memcmp(name, "style", 5) == 0 || memcmp(name, "title", 5) == 0;

    case 6:
        return memcmp(name, "script", 6) == 0
               || memcmp(name, "iframe", 6) == 0;

    case 7:
        return memcmp(name, "noembed", 7) == 0;

    case 8:
        return memcmp(name, "textarea", 8) == 0
               || memcmp(name, "noframes", 8) == 0;

    default:
        return 0;
    }
}


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


void
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

void
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

void
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

void
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

void
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
