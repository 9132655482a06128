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
//
// An element is marked for a denied category when any of its markers is
// not granted.  A marker on the document's html, head or body element is
// reported apart (docmarks) and does not make the whole document denied:
// the browser merges a later <body ...> or <html ...> tag's attributes
// into the element it already has.
//
// granted: the list of granted categories, e.g. ['analytics'].

export function collect(granted) {
    const HTML = 'http://www.w3.org/1999/xhtml';
    const CAT = { analytics: 'analytics', marketing: 'marketing',
                  advertisement: 'marketing', preferences: 'preferences',
                  functionality: 'preferences' };
    const CB = { statistics: 'analytics', marketing: 'marketing',
                 preferences: 'preferences' };
    const OT = { C0002: 'analytics', C0003: 'preferences',
                 C0004: 'marketing', C0005: 'marketing' };
    const g = new Set(granted);
    const trim = (s) => s.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
    const ok = (map, w) => Object.hasOwn(map, w) && g.has(map[w]);

    const denied = (el) => {
        let v = el.getAttribute('data-category');

        if (v !== null && !ok(CAT, trim(v))) {
            return 'data-category=' + JSON.stringify(v);
        }

        v = el.getAttribute('data-cookieconsent');

        if (v !== null && trim(v) !== 'ignore') {
            const w = v.split(',').map(trim).filter((x) => x.length);

            if (!w.length || !w.every((x) => ok(CB, x))) {
                return 'data-cookieconsent=' + JSON.stringify(v);
            }
        }

        v = el.getAttribute('class');

        if (v !== null) {
            for (const t of v.split(/[\t\n\f\r ]+/)) {
                if (!t.startsWith('optanon-category-')) {
                    continue;
                }

                const ids = t.slice(17).split('-').filter((x) => x.length);

                if (!ids.length || !ids.every((x) => ok(OT, x))) {
                    return 'class=' + JSON.stringify(v);
                }
            }
        }

        return null;
    };

    const out = { ids: [], denied: [], marked: [], docmarks: [], ran: [] };

    const walk = (node, inDenied, doc, where) => {
        for (let c = node.firstElementChild; c; c = c.nextElementSibling) {
            const top = c.namespaceURI === HTML
                        && (c === doc.documentElement || c === doc.head
                            || c === doc.body);
            const id = c.getAttribute('id');
            const m = denied(c);
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

            if (id !== null) {
                out.ids.push(id);
                if (d && !top) {
                    out.denied.push(id);
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

    walk(document, false, document, '');

    for (const x of window.__ran || []) {
        out.ran.push(x);
    }

    return out;
}


// what the browser built, for the reports: the document and the
// documents of its iframes

export function serialize() {
    const parts = [document.documentElement
                   ? document.documentElement.outerHTML : ''];

    for (const f of document.querySelectorAll('iframe')) {
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
