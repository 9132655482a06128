
/*
 * ngx_consent_module: the streaming HTML scanner of "consent_html".
 *
 * A resumable tokenizer (the states of the HTML standard's tokenizer that
 * decide where a tag, a comment or raw text ends) fed buffer after buffer.
 * It removes the elements marked for something the visitor has not
 * granted:
 *
 *   data-category="analytics"                  CONSENT_HTML_CATEGORY
 *   data-cookieconsent="statistics,marketing"  CONSENT_HTML_COOKIEBOT
 *   class="x optanon-category-C0002-C0004"     CONSENT_HTML_ONETRUST
 *   data-cookieyes="cookieyes-analytics"       CONSENT_HTML_COOKIEYES
 *   data-name="matomo" with type="text/plain"  CONSENT_HTML_KLARO
 *
 * An element is removed when any token its markers name is not granted
 * or is not in the table of its kind (fail closed).  A removed element
 * goes from its start tag to where the browser closes it.  Inside a
 * removed HTML element the scanner keeps what is open in it (oname[],
 * the removed element first), opened and closed by the rules of the HTML
 * standard's tree builder: void elements are not pushed; "any other end
 * tag" closes up to an element of its name unless a special element is
 * met first; the end tags of special elements close only what is in
 * their scope (button scope for p, list item scope for li, any heading
 * for a heading); "</form>" only when what is above it ends by itself;
 * the adoption agency for formatting elements; the start tags that close
 * a p, an li, a dd or dt, a heading, an option, a button, an a; the
 * table parts (the cell, row and row group they close, the tbody and tr
 * they imply).  What it keeps is never less than what the browser keeps
 * open, so that the removal ends only when the browser has closed the
 * element: at an end tag, or at a start tag that closes it (that tag is
 * then read as the first after it; start tags in a removal are held for
 * that).  A removed foreign element (svg, math and those in them) is
 * followed as before: to the end tag of its name, nesting counted, or to
 * a tag that closes it with its parent or breaks out of foreign content;
 * HTML in it only when it is itself an integration point.  A
 * formatting element with a denied marker closed inside it without its own
 * end tag is re-opened by the browser, attributes and all, at the next text:
 * the removal goes on with that copy up to its end tag.  A tag whose
 * effect depends on what is open around the removed element (which the
 * scanner does not follow: a p, an li, a button, an a, a table there) may
 * close it, or not: the removal goes on as if not, and a marked element or
 * foreign content opened after such a tag (which could then outlast the
 * end it takes) keeps it to the end of the page.  What it cannot
 * follow (a removed form, a formatting element of its name closed in it
 * without its end tag, a formatting removed element split around a
 * block, template, select, plaintext, HTML in an
 * integration point in it, a removed HTML element that is itself in an
 * integration point, an end tag that leaves foreign content, a table
 * opened while a p is open in it, more than CONSENT_HTML_MAX_OPEN
 * elements, a name longer than CONSENT_HTML_MAX_ONAME) keeps the removal
 * to the end of the page ("lost").  The content of
 * script, style, textarea, title, xmp, iframe, noembed, noframes and
 * noscript is raw text, ended
 * only by "</name" followed by a space, '/' or '>', with the "<!--" and
 * "<script" escapes of script data; a kept noscript is scanned as
 * markup, as a browser without scripting reads it.  A void element (img,
 * link, meta, ...) removes just its tag, with or without "/>"; on any
 * other HTML element "/>" means nothing, as in a browser.  A marked
 * html, head or body tag removes just the tag: a browser merges it into
 * the element it has.
 *
 * An iframe whose srcdoc (character references decoded: numeric ones
 * and lt, gt, amp, quot, apos, nbsp) holds anything a scan with the same
 * grants would remove is removed as a marked, denied element; so is one
 * whose srcdoc cannot be decoded with certainty, or is nested deeper than
 * CONSENT_HTML_MAX_SRCDOC.
 *
 * Foreign content (SVG and MathML, inside <svg> or <math>) is read as a
 * browser reads it: "/>" closes any element, no content is raw text,
 * "<![CDATA[" runs to "]]>", and a removed element also ends where an end
 * tag closes it with its parent ("</svg>" closes a <path> left open; that
 * end tag is then written).  The scanner follows the open foreign elements
 * by name as the HTML standard's tree builder does (the start tags that
 * break out of foreign content, the end tags that close several elements,
 * integration points, svg ignored in select, frameset and a kept
 * noscript), up to CONSENT_HTML_MAX_FOREIGN deep.  Where it cannot follow
 * (deeper, longer names, an HTML element inside foreignObject, desc,
 * title, mi, ...) it reads on as HTML until the next <svg> or <math>:
 * "/>" then closes nothing, which removes more, never less; after HTML in
 * an integration point, a raw text element is removed whole until the
 * root's end tag read as HTML (ihtml, consent_html_ihtml_end()); inside a
 * removed element that is one the scanner cannot follow: removed to the
 * end.  An end tag of no foreign element open, which the browser ignores
 * or not depending on the HTML elements open around ("</div>"), and a
 * font (which breaks out only with a color, face or size attribute)
 * leave both readings open: foreign content goes on, a marked element is
 * removed as in HTML, a raw text element (script, style, textarea,
 * title, ...) is removed whole and "<![CDATA[" is a bogus comment, until
 * a tag that breaks out of foreign content or the end of the svg or
 * math.  A start tag that breaks out of foreign content closes a removed
 * foreign element; a font in a removed element removes to the end.  Foreign
 * content inside a removed HTML element is one entry of oname[], closed
 * by its end or a tag that breaks out of it.
 *
 * What it follows is the page as written, without what it removed.  After
 * a removal that changed what the page as sent has open (a marked <p> or
 * <img> inside an svg, which closes the svg there), and until the next
 * <svg> or <math>, a marked start tag is the whole element only if it is
 * in HTML and in foreign content alike.
 *
 * Comments ("<!-- -->", "<!DOCTYPE>", "<?...>") pass untouched; markers
 * inside them mean nothing.
 *
 * Text, comments and raw text stream out at once; only a tag is held
 * back until its '>' (at most CONSENT_HTML_MAX_TAG bytes, inside the
 * struct).  A longer start tag cannot be checked and counts as marked and
 * denied.  A start tag cut by the end of the stream is dropped, as a
 * browser drops it.  A removed element that is never closed takes the
 * rest of the page with it.
 */


#ifndef _CONSENT_HTML_H_INCLUDED_
#define _CONSENT_HTML_H_INCLUDED_


#include "consent_core.h"


#ifndef CONSENT_HTML_MAX_TAG
#define CONSENT_HTML_MAX_TAG    8192    /* overridden only by tests */
#endif
#define CONSENT_HTML_MAX_NAME   64
#define CONSENT_HTML_MAX_ATTR   20
#define CONSENT_HTML_MAX_FOREIGN  32    /* open foreign elements followed */
#define CONSENT_HTML_MAX_FNAME    20    /* longest foreign name followed */
#define CONSENT_HTML_MAX_OPEN     40    /* open in a removed element */
#define CONSENT_HTML_MAX_ONAME    32    /* longest name followed there */
#define CONSENT_HTML_MAX_SRCDOC    2    /* srcdoc inside srcdoc */

#define CONSENT_HTML_CATEGORY   0    /* data-category (orestbida) */
#define CONSENT_HTML_COOKIEBOT  1    /* data-cookieconsent (Cookiebot) */
#define CONSENT_HTML_ONETRUST   2    /* class="optanon-category-ID" */
#define CONSENT_HTML_COOKIEYES  3    /* data-cookieyes (CookieYes) */
#define CONSENT_HTML_KLARO      4    /* data-name, type="text/plain" */
#define CONSENT_HTML_KINDS      5

/* what one consent_html_feed() or _finish() call may write at most */

#define consent_html_out_size(len, banner_len)                                \
    ((len) + CONSENT_HTML_MAX_TAG + (banner_len) + 1)


typedef struct {
    /* per marker kind: the token table */
    const consent_str_t  *tokens[CONSENT_HTML_KINDS];
    size_t                ntokens[CONSENT_HTML_KINDS];

    /* a kept marked <script type="text/plain"> loses its type attribute */
    unsigned              activate:1;
} consent_html_conf_t;


typedef struct {
    const consent_html_conf_t  *conf;
    const u_char               *banner;
    size_t                      banner_len;
    consent_tokens_t            granted[CONSENT_HTML_KINDS];

    size_t                      removed;     /* elements, lone or cut tags */
    size_t                      activated;   /* scripts made executable */

    size_t                      len;         /* bytes held in buf */
    size_t                      depth;       /* nesting of skip_name */
    size_t                      vstart;      /* attribute value in buf */
    size_t                      astart;      /* attribute start in buf */
    size_t                      type_start;  /* type="text/plain" in buf */
    size_t                      type_end;

    /*
     * The open foreign elements, as what is written reads: fname[0] up to
     * fdepth.  Inside a removed element, as the page itself reads: the
     * first fbase of those, then fmore opened inside it, from fdepth on.
     */
    unsigned                    fdepth;
    unsigned                    fbase;
    unsigned                    fmore;
    unsigned                    guard;       /* svg and math ignored */
    unsigned                    sguard;      /* the same, removed element */

    unsigned                    state;
    unsigned                    mode;        /* pass, hold or drop tags */
    unsigned                    nlen;        /* name[] used */
    unsigned                    alen;        /* attr[] used */
    unsigned                    slen;        /* skip_name[] used */
    unsigned                    rlen;        /* raw_name[] used */
    unsigned                    rmatch;      /* raw_name[] matched */

    unsigned                    skip:1;      /* in a removed element */
    unsigned                    end_tag:1;
    unsigned                    self_closing:1;
    unsigned                    marked:1;
    unsigned                    denied:1;
    unsigned                    oversize:1;
    unsigned                    type_seen:1;
    unsigned                    type_plain:1;
    unsigned                    type_ref:1;  /* a character reference in
                                                the type: see marker.c */
    unsigned                    klaro:2;     /* data-name read, until
                                                type="text/plain" */
    unsigned                    after_lt:1;  /* a text '<' just written */
    unsigned                    body_seen:1; /* "</body" seen, see below */
    unsigned                    script:1;    /* raw text of a script */
    unsigned                    escaped:1;   /* script data after "<!--" */
    unsigned                    diverged:1;  /* see above */
    unsigned                    gdiverged:1; /* the same, for guard */
    unsigned                    funsure:1;   /* foreign content may have
                                                ended: see tree.c */
    unsigned                    ihtml:2;     /* HTML read in an
                                                integration point of an
                                                svg (1) or math (2): see
                                                tree.c */
    unsigned                    fended:1;    /* this end tag ended foreign
                                                content, in foreign_passes
                                                (consent_html.c) */
    unsigned                    fskip:1;     /* removed: fname[fdepth] */
    unsigned                    fhtml:1;     /* removed: HTML, in foreign */
    unsigned                    model:1;     /* removed: open[] followed */
    unsigned                    lost:1;      /* removed: to the end */
    unsigned                    maybe:1;     /* removed: may be closed */

    /*
     * Inside a removed HTML element: the elements open in it, as the
     * tree builder opens and closes them, the removed one first; the
     * removal ends when it is closed.
     */

    unsigned                    nopen;
    unsigned                    npend;       /* formatting copies to come */
    unsigned                    plen;
    unsigned                    level;       /* srcdoc nesting */

    u_char                      name[CONSENT_HTML_MAX_NAME + 1];
    u_char                      skip_name[CONSENT_HTML_MAX_NAME + 1];
    u_char                      raw_name[CONSENT_HTML_MAX_NAME + 1];
    u_char                      attr[CONSENT_HTML_MAX_ATTR];
    u_char                      olen[CONSENT_HTML_MAX_OPEN];
    u_char                      oflag[CONSENT_HTML_MAX_OPEN];
    u_char                      pname[CONSENT_HTML_MAX_ONAME];
    u_char                      oname[CONSENT_HTML_MAX_OPEN]
                                     [CONSENT_HTML_MAX_ONAME];
    u_char                      flen[CONSENT_HTML_MAX_FOREIGN];
    u_char                      fname[CONSENT_HTML_MAX_FOREIGN]
                                     [CONSENT_HTML_MAX_FNAME];
    u_char                      buf[CONSENT_HTML_MAX_TAG];
} consent_html_t;


/*
 * conf (with the tables it points to) and banner must outlive h; h needs
 * no cleanup.  granted[kind]: bit i set when conf->tokens[kind][i] is
 * granted.  The token tables hold the words as written in the page:
 * "analytics" for data-category, "statistics" for data-cookieconsent
 * ("ignore", Cookiebot's "leave this alone", is never a marker), "C0002"
 * for class="optanon-category-C0002", "cookieyes-analytics" for
 * data-cookieyes (the whole value, one word), a Klaro service for
 * data-name (a marker only with type="text/plain", as Klaro blocks);
 * compared case-sensitively.
 *
 * banner (may be NULL) is written once, just before the first "</body"
 * end tag that is neither inside a removed element nor inside raw text
 * nor inside a comment; h->body_seen is set then (with or without a
 * banner), so that the caller can append the banner at the end of a page
 * that has no "</body>".
 */

void consent_html_init(consent_html_t *h, const consent_html_conf_t *conf,
    const consent_tokens_t *granted, const u_char *banner,
    size_t banner_len);

/*
 * Consumes in[0..len) and writes what is kept to out, which must have room
 * for consent_html_out_size(len, banner_len) bytes; returns the
 * number of bytes written.  Output depends only on the concatenation of
 * the inputs, never on how they were split.
 */

size_t consent_html_feed(consent_html_t *h, const u_char *in, size_t len,
    u_char *out);

/*
 * End of stream: writes what is still held and returns its length; out
 * needs consent_html_out_size(0, 0).  A tag cut by the end is dropped (as
 * much of it as was still held; counted in h->removed), a lone "<", "</",
 * "<!" or "<!-" is written.  h is not to be fed afterwards.
 *
 * h->removed counts removed elements, lone tags and cut tags;
 * h->activated the scripts that lost type="text/plain".  When a removed
 * element follows a text '<' ("<<script ...>"), a space takes its place,
 * so that the '<' cannot start a tag made of what follows.
 */

size_t consent_html_finish(consent_html_t *h, u_char *out);


#endif /* _CONSENT_HTML_H_INCLUDED_ */
