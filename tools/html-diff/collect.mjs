// What a loaded page holds, read in the browser (page.evaluate): every id,
// the ids of elements marked for a denied category or inside one, the
// elements that carry a denied marker, the scripts that ran, walking
// template contents and same-origin iframe documents (srcdoc included).
//
// A marker is judged as the module documents it (README, consent_html and
// consent_category), on the attribute values the browser decoded:
//
//   data-category       one word, ASCII whitespace trimmed: granted when
//                       it is a cookieconsent name of a granted category
//   data-cookieconsent  "ignore" is no marker; else comma-separated
//                       Cookiebot words, each of a granted category
//   class               each token that starts with "optanon-category-"
//                       names OneTrust groups joined by "-", each of a
//                       granted category
//   data-cookieyes      one CookieYes word, ASCII whitespace trimmed, as
//                       written: cookieyes-necessary always granted,
//                       -analytics and -performance need analytics,
//                       -advertisement marketing, -functional preferences;
//                       any other value (cookieyes-other too) is denied
//   data-name           Klaro's service, only on an element whose (first)
//                       type attribute is text/plain (ASCII whitespace
//                       trimmed, ASCII case-insensitive); one word,
//                       trimmed, through the klaro: mappings of
//                       nginx.conf (matomo: analytics, youtube: marketing);
//                       an unknown service is denied
//
// data-category takes Complianz's words too: statistics needs analytics,
// functional preferences (its marketing and preferences are the module's
// own names).
//
// An element is marked for a denied category when any of its markers is
// not granted.  A marker on the document's html, head or body element is
// reported apart (docmarks) and does not make the whole document denied:
// the browser merges a later <body ...> or <html ...> tag's attributes
// into the element it already has.
//
// What must be activated (consent_html activate): an HTML script, not in
// a template or an iframe, whose (first) type is text/plain, that carries
// a marker (any of the above but data-cookieconsent="ignore"), none of
// them denied.  It lost its type and ran in the filtered page (plain:
// those ids); a script that ran there without being one of them or having
// run unfiltered was activated wrongly.
//
// kinds counts, for the run's coverage, the elements carrying each kind of
// marker and how it was judged (kind:granted, kind:denied).
//
// granted: the list of granted categories, e.g. ['analytics']; doc and
// win: the document and its window.

export function collect(granted, doc, win) {
    const HTML = 'http://www.w3.org/1999/xhtml';
    const CAT = { analytics: 'analytics', marketing: 'marketing',
                  advertisement: 'marketing', preferences: 'preferences',
                  functionality: 'preferences', statistics: 'analytics',
                  functional: 'preferences' };
    const CB = { statistics: 'analytics', marketing: 'marketing',
                 preferences: 'preferences' };
    const OT = { C0002: 'analytics', C0003: 'preferences',
                 C0004: 'marketing', C0005: 'marketing' };
    const CY = { 'cookieyes-analytics': 'analytics',
                 'cookieyes-performance': 'analytics',
                 'cookieyes-advertisement': 'marketing',
                 'cookieyes-functional': 'preferences' };
    const KL = { matomo: 'analytics', youtube: 'marketing' };
    const g = new Set(granted);
    const trim = (s) => s.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
    const ok = (map, w) => Object.hasOwn(map, w) && g.has(map[w]);
    const plainType = (el) => {
        const t = el.getAttribute('type');
        return t !== null
               && trim(t).replace(/[A-Z]/g, (c) => c.toLowerCase())
                  === 'text/plain';
    };
    const complianz = { statistics: 1, functional: 1 };

    // the markers of an element: [kind, value, granted] each

    const markers = (el) => {
        const list = [];
        let v = el.getAttribute('data-category');

        if (v !== null) {
            list.push([Object.hasOwn(complianz, trim(v)) ? 'complianz'
                                                         : 'data-category',
                       'data-category=' + JSON.stringify(v),
                       ok(CAT, trim(v))]);
        }

        v = el.getAttribute('data-cookieconsent');

        if (v !== null && trim(v) !== 'ignore') {
            const w = v.split(',').map(trim).filter((x) => x.length);

            list.push(['data-cookieconsent',
                       'data-cookieconsent=' + JSON.stringify(v),
                       w.length > 0 && w.every((x) => ok(CB, x))]);
        }

        v = el.getAttribute('class');

        if (v !== null) {
            for (const t of v.split(/[\t\n\f\r ]+/)) {
                if (!t.startsWith('optanon-category-')) {
                    continue;
                }

                const ids = t.slice(17).split('-').filter((x) => x.length);

                list.push(['optanon', 'class=' + JSON.stringify(v),
                           ids.length > 0 && ids.every((x) => ok(OT, x))]);
            }
        }

        v = el.getAttribute('data-cookieyes');

        if (v !== null) {
            list.push(['data-cookieyes',
                       'data-cookieyes=' + JSON.stringify(v),
                       trim(v) === 'cookieyes-necessary' || ok(CY, trim(v))]);
        }

        v = el.getAttribute('data-name');

        if (v !== null) {
            if (plainType(el)) {
                list.push(['klaro', 'data-name=' + JSON.stringify(v)
                                    + ' type=text/plain',
                           ok(KL, trim(v))]);
            } else {
                list.push(['klaro-no-plain', null, true]);
            }
        }

        return list;
    };

    const denied = (el, kinds) => {
        let r = null;

        for (const [kind, m, granted] of markers(el)) {
            if (kinds) {
                const k = kind + (granted ? ':granted' : ':denied');
                kinds[k] = (kinds[k] || 0) + 1;
            }

            if (!granted && r === null) {
                r = m;
            }
        }

        return r;
    };

    // a marker the module reads (a data-name without text/plain is none)

    const marked = (el) => markers(el).some((x) => x[1] !== null);

    const out = { ids: [], denied: [], free: [], marked: [], docmarks: [],
                  ran: [], plain: [], kinds: {} };

    const walk = (node, inDenied, doc, where) => {
        for (let c = node.firstElementChild; c; c = c.nextElementSibling) {
            const top = c.namespaceURI === HTML
                        && (c === doc.documentElement || c === doc.head
                            || c === doc.body);
            const id = c.getAttribute('id');
            const m = denied(c, out.kinds);
            let d = inDenied;

            if (m !== null) {
                if (top) {
                    out.docmarks.push(where + c.localName + ' ' + m);
                } else {
                    d = true;
                    out.marked.push(where + '<' + c.localName + ' id='
                                    + id + '> ' + m);
                }
            }

            if (id !== null && !d && where === '' && m === null
                && c.namespaceURI === HTML && c.localName === 'script'
                && plainType(c) && marked(c))
            {
                out.plain.push(id);
            }

            if (id !== null) {
                out.ids.push(id);
                if (d && !top) {
                    out.denied.push(id);
                } else {
                    out.free.push(id);
                }
            }

            if (c.localName === 'template' && c.content) {
                walk(c.content, d, doc, where + 'template#' + id + ' ');
            }

            if (c.localName === 'iframe') {
                let sub = null;

                try {
                    sub = c.contentDocument;
                    for (const x of c.contentWindow.__ran || []) {
                        out.ran.push(x);
                    }
                } catch (e) {
                    sub = null;
                }

                if (sub) {
                    walk(sub, d, sub, where + 'iframe#' + id + ' ');
                }
            }

            walk(c, d, doc, where);
        }
    };

    walk(doc, false, doc, '');

    for (const x of win.__ran || []) {
        out.ran.push(x);
    }

    return out;
}


// what the browser built, for the reports: the document and the
// documents of its iframes

export function serialize(doc) {
    const parts = [doc.documentElement ? doc.documentElement.outerHTML : ''];

    for (const f of doc.querySelectorAll('iframe')) {
        try {
            if (f.contentDocument && f.contentDocument.documentElement) {
                parts.push('<!-- iframe#' + f.id + ' -->\n'
                           + f.contentDocument.documentElement.outerHTML);
            }
        } catch (e) {
            /* cross-origin */
        }
    }

    return parts.join('\n');
}


// Runs in the harness page (same origin as the pages): loads each item's
// URL in an iframe of its own, all at once, and reads each document when
// its load event fires.  An iframe document is parsed as a top-level one
// is (same HTTP headers, same sniffing); the harness declares
// windows-1252, the encoding a top-level page without any declaration
// gets, which a same-origin child inherits.
//
// items: [{ url, sets: [granted, ...] }]; returns, for each, { ok, status,
// data: [collect() per set], dom }.  ok is false when the document is
// not readable (a network error page: the connection closed).

export async function batch(a) {
    const collect = (0, eval)('(' + a.collectSrc + ')');
    const serialize = (0, eval)('(' + a.serializeSrc + ')');

    const one = (it) => new Promise((resolve) => {
        const f = document.createElement('iframe');
        let done = false;

        const finish = (why) => {
            if (done) {
                return;
            }

            done = true;

            const r = { ok: false, status: 0, data: [], dom: null,
                        error: why };

            try {
                const d = f.contentDocument;
                const w = f.contentWindow;

                if (d && d.documentElement && w.location.href === it.url) {
                    const nav = w.performance.getEntriesByType('navigation');
                    r.status = nav.length ? nav[0].responseStatus : 0;
                    r.ok = true;
                    r.data = it.sets.map((g) => collect(g, d, w));
                    if (a.dom) {
                        r.dom = serialize(d);
                    }
                }
            } catch (e) {
                r.ok = false;
                r.error = String(e);
            }

            f.remove();
            resolve(r);
        };

        f.addEventListener('load', () => finish(null));
        setTimeout(() => finish('timeout'), a.timeout);
        f.src = it.url;
        document.body.appendChild(f);
    });

    return Promise.all(a.items.map(one));
}
