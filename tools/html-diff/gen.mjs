// The page generator of the HTML comparison (see run.mjs for the whole
// picture).  Deterministic: page N of seed S is always the same bytes,
// whatever the number of pages asked for, so that one page can be
// regenerated alone (node run.mjs --seed S --only N).
//
// A page is HTML source (a JavaScript string, every character below 256
// except in UTF-16 pages) with a unique id="iK" on every element the
// generator writes, marked elements (data-category, data-cookieconsent,
// class="optanon-category-...", data-cookieyes, Klaro's data-name with
// type="text/plain") at random places, scripts blocked by
// type="text/plain", marked or not, and the traps of the
// HTML tree builder and tokenizer around them.  It is then encoded and
// given the Content-Type it is served with.

// Content-Types the pages are served with; null: no Content-Type at all

export const CTYPES = [
    'text/html; charset=utf-8',
    'text/html',
    'text/html; charset=ISO-2022-JP',
    'text/html; charset=utf-16le',
    'text/html; charset=utf-16',
    'text/html; charset=unicode',
    'text/html; charset=csUnicode',
    'text/html; charset="UTF-16BE"',
    'TEXT/HTML; charset=windows-1252',
    'text/html;charset=csISO2022JP',
    null,
    'text/html; charset=ucs-2',
];


export function rng(seed, index) {
    // mulberry32 seeded from (seed, index) through a 32-bit mix
    let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b)
             ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;

    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };

    next();
    next();

    const r = {
        f: next,
        int: (n) => Math.floor(next() * n),
        chance: (p) => next() < p,
        pick: (arr) => arr[Math.floor(next() * arr.length)],
    };

    return r;
}


// markers denied while nothing is granted (their meaning, with some
// categories granted, is judged in the browser: see collect.js)

const MARKERS = [
    'data-category="analytics"',
    'data-category="marketing"',
    'data-category=advertisement',
    "data-category='preferences'",
    'data-category=" analytics "',
    'data-category="analytics marketing"',
    'data-category="tracking"',
    'data-category',
    'DATA-CATEGORY="analytics"',
    'data-category="&#97;nalytics"',
    'data-cookieconsent="statistics"',
    'data-cookieconsent="marketing"',
    'data-cookieconsent="statistics, marketing"',
    'data-cookieconsent=preferences,statistics',
    'Data-CookieConsent="statistics"',
    'class="optanon-category-C0002"',
    'class="x optanon-category-C0004"',
    'class="optanon-category-C0002-C0004"',
    "class='optanon-category-C0005 y'",
    'class=optanon-category-C0003',
    'class="optanon-category-C000&#50;"',
    'data-category="marketing" data-category="analytics"',
    'data-cookieconsent="marketing" data-cookieconsent="statistics"',
    'class="optanon-category-C0004" class="optanon-category-C0002"',
    'data-category="analytics" class="optanon-category-C0004"',
    'data-category=marketing/',
    'data-category="analytics\n"',
];

// other platforms' markers (issue 16): CookieYes's data-cookieyes,
// Complianz's category words on data-category, Klaro's data-name with
// type="text/plain"; with their near-misses (wrong case, spaces, unknown
// words, a data-name without type="text/plain", a type the browser reads
// as text/plain only once it has decoded a character reference).  Drawn
// from a stream of their own (see generate), so that a page's structure
// is the one it had before they were added.

export const PLATFORM_MARKERS = [
    'data-cookieyes="cookieyes-analytics"',
    'data-cookieyes="cookieyes-performance"',
    'data-cookieyes="cookieyes-advertisement"',
    "data-cookieyes='cookieyes-functional'",
    'data-cookieyes=cookieyes-necessary',
    'data-cookieyes="cookieyes-other"',
    'data-cookieyes="cookieyes-tracking"',
    'data-cookieyes="Cookieyes-Analytics"',
    'data-cookieyes=" cookieyes-analytics "',
    'data-cookieyes="cookieyes-analytics cookieyes-advertisement"',
    'data-cookieyes="analytics"',
    'data-cookieyes',
    'DATA-COOKIEYES="cookieyes-analytics"',
    'data-cookieyes="cookieyes-&#97;nalytics"',
    'data-cookieyes="cookieyes-necessary" data-cookieyes="cookieyes-other"',
    'data-category="statistics"',
    'data-category="functional"',
    "data-category='marketing'",
    'data-category=preferences',
    'data-category="Statistics"',
    'data-category=" statistics "',
    'data-category="statistics-anonymous"',
    'data-category="statistics marketing"',
    'data-category="st&#97;tistics"',
    'type="text/plain" data-name="matomo"',
    'data-name="matomo" type="text/plain"',
    "type='text/plain' data-name=youtube",
    'type=text/plain data-name="hotjar"',
    'type="text/plain" data-name="Matomo"',
    'type="text/plain" data-name=" matomo "',
    'TYPE="Text/Plain" DATA-NAME="matomo"',
    'type=" text/plain " data-name="matomo"',
    'type="text/plain" data-name',
    'data-name="matomo"',
    'data-name="youtube" type="text/javascript"',
    'type="text/javascript" type="text/plain" data-name="youtube"',
    'type="text/plain" type="text/javascript" data-name="youtube"',
    'type="text/plain" data-name="matomo" data-name="youtube"',
    'type="text/pl&#97;in" data-name="youtube"',
    'type="text/plain" data-name="m&#97;tomo"',
    'type="text/plain;charset=utf-8" data-name="youtube"',
];

// markers that analytics alone grants (cookieyes-necessary: always)

const GRANTABLE = [
    'data-category="analytics"',
    'data-category="statistics"',
    'data-cookieconsent="statistics"',
    'class="optanon-category-C0002"',
    'data-cookieyes="cookieyes-analytics"',
    'data-cookieyes="cookieyes-performance"',
    'data-cookieyes="cookieyes-necessary"',
    'data-name="matomo"',
];

// look like markers to a careless scanner, are none to a browser

const DECOYS = [
    'data-category2="analytics"',
    'data-cookieconsent="ignore"',
    'class="optanon-categoryC0002"',
    'data-x="data-category=analytics"',
    "title='data-category=\"analytics\" >'",
    'class="notoptanon-category"',
    'alt="a>b"',
];

const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'x', '&amp;',
               '&lt;b&gt;', 'caf\u00e9', '\u00a0', 'a > b', '1<2'];

const FORMATTING = ['a', 'b', 'i', 'font', 'nobr', 'em', 'strong', 's', 'u',
                    'small', 'big', 'code', 'tt', 'strike'];

const BLOCKS = ['div', 'p', 'section', 'article', 'blockquote', 'ul', 'ol',
                'li', 'dl', 'dd', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
                'span', 'form', 'button', 'label', 'center', 'address',
                'pre', 'main', 'aside', 'nav', 'header', 'footer', 'figure',
                'details', 'summary', 'table', 'object', 'marquee'];

const VOIDS = ['img', 'br', 'input', 'hr', 'link', 'meta', 'embed', 'wbr',
               'source', 'area', 'col', 'param'];


// The tags that follow an <svg> start tag now and then (issue 17), from a
// stream of their own: an end tag of an HTML element that may or may not
// be open around the svg, which the browser ignores or not by what is
// open (an end tag of no open foreign element is read as HTML), and a
// font without the attributes that would make it break out of foreign
// content.  What comes after: a raw text element in HTML, markup in
// foreign content, holding a marked element.

const STRAYS = ['</div>', '</span>', '</p>', '</li>', '</b>', '</a>',
                '</table>', '</td>', '</form>', '</h2>', '</template>',
                '</body>', '</em>', '</ul>', '</section>', '</object>',
                '<font>', '<font class=f>', '<font color=red>'];

const STRAY_RAW = ['textarea', 'style', 'title', 'xmp', 'noembed',
                   'noframes', 'noscript', 'script'];


// classic: none of the other platforms' markers and no blocked scripts,
// the very pages of the generator before issue 16 (the page numbers the
// README gives for its findings); nostray: without the tags after <svg>
// of issue 17, the pages of issue 16 (the page numbers given before)

export function generate(seed, index, classic, nostray) {
    const r = rng(seed, index);
    let ids = 0;

    const id = () => 'i' + (ids++);

    // the other platforms' markers replace a third of the markers, drawn
    // from a second stream: r draws what it drew before they came

    const r2 = rng(seed ^ 0x5bd1e995, index);

    const marker = () => {
        const m = r.pick(MARKERS);
        return !classic && r2.chance(0.35) ? r2.pick(PLATFORM_MARKERS) : m;
    };

    // the tags after <svg>, from a third stream: r and r2 draw what they
    // drew before they came

    const r3 = rng(seed ^ 0x27d4eb2f, index);

    const stray = () => {
        if (classic || nostray || !r3.chance(0.4)) {
            return '';
        }

        let s = r3.pick(STRAYS);

        if (r3.chance(0.2)) {
            s += r3.pick(STRAYS);
        }

        if (r3.chance(0.7)) {
            const t = r3.pick(STRAY_RAW);
            s += `<${t} id=${id()}><img id=${id()} ${r3.pick(MARKERS)}>`
                 + `</${t}>`;
        }

        return s;
    };

    // attributes of a start tag: the id, maybe a marker, noise

    const attrs = (marked) => {
        const list = [];
        const q = r.int(4);
        const v = id();

        list.push(q === 0 ? `id=${v}` : q === 1 ? `id='${v}'`
                  : q === 2 ? `ID="${v}"` : `id="${v}"`);

        if (marked) {
            list.push(marker());
            if (r.chance(0.1)) {
                list.push(marker());
            }
        }

        if (r.chance(0.25)) {
            list.push(r.pick(DECOYS));
        }

        if (r.chance(0.2)) {
            list.push(r.pick(['title="x>y"', "data-a='\"'", 'data-b=c',
                              'hidden', 'data-c="</div>"', 'lang=en']));
        }

        if (r.chance(0.3)) {
            /* the id is not always first */
            list.push(list.shift());
        }

        const sep = () => r.pick([' ', ' ', ' ', '\n', '\t', '  ']);
        return list.map((a) => sep() + a).join('')
               + (r.chance(0.1) ? ' /' : '');
    };

    const words = () => {
        const n = 1 + r.int(3);
        const w = [];

        for (let i = 0; i < n; i++) {
            w.push(r.pick(WORDS));
        }

        return w.join(' ');
    };

    const script = (marked) => {
        const v = id();
        let m = marked ? ' ' + marker() : '';
        // blocked as the platforms block it, for consent_html activate:
        // half of the blocked marked ones with a marker that analytics
        // grants, so that some are activated
        const t = !classic && r2.chance(0.4) ? r2.pick([' type="text/plain"',
                                            " TYPE='text/plain'",
                                            ' type=text/plain']) : '';

        if (marked && t && r2.chance(0.5)) {
            m = ' ' + r2.pick(GRANTABLE);
        }

        // a second type attribute would stay when activate takes the
        // first one away, and the script stay blocked: Klaro's markers
        // bring their own
        const type = /type=/i.test(m) ? '' : t;
        const push = `(window.__ran=window.__ran||[]).push("${v}");`;
        const tricks = [
            '',
            'var s = "</scr" + "ipt>";',
            "var t = '<\\/script>';",
            '/* <!-- <script> */ var u = 1; /* </script> --> */',
            '/* <!-- */ var w = "<script>"; /* --> */',
            "var a = '<!--'; var b = '-->';",
            '/* </style> </div> </body> */',
        ];
        const end = r.pick(['</script>', '</script>', '</SCRIPT >',
                            '</script foo="bar">', '</script\n>']);

        return `<script id="${v}"${type}${m}>${push}${r.pick(tricks)}${end}`;
    };

    // an element with children; marked or not

    const element = (depth, marked) => {
        const roll = r.int(100);

        if (roll < 10) {
            return script(marked);
        }

        if (roll < 22) {
            return `<${r.pick(VOIDS)}${attrs(marked)}>`;
        }

        if (roll < 30 && depth > 0) {
            return trap(depth - 1, marked);
        }

        const tag = roll < 45 ? r.pick(FORMATTING) : r.pick(BLOCKS);
        const inner = content(depth - 1);

        if (tag === 'table') {
            return `<table${attrs(marked)}><tr id=${id()}><td id=${id()}>`
                   + `${inner}</td></tr></table>`;
        }

        const close = r.chance(0.9) ? `</${tag}>` : '';
        return `<${tag}${attrs(marked)}>${inner}${close}`;
    };

    const M = () => ' ' + marker();

    // the traps: misnesting, foreign content, raw text, comments, frames

    const trap = (depth, marked) => {
        const m = marked ? M() : '';
        const a = () => `id=${id()}`;
        const c = () => (depth > 0 ? content(depth - 1) : words());
        const k = r.int(46);

        switch (k) {
        case 0:
            return `<span ${a()}${M()}><p ${a()}>${c()}</span>`
                   + `<i ${a()}>${c()}</i></p>`;
        case 1:
            return `<div ${a()}${M()}><table><tr><td ${a()}>${c()}</div>`
                   + `<b ${a()}>${c()}</b></td></tr></table>${c()}</div>`;
        case 2:
            return `<table ${a()}><tr><td ${a()}>x</td></tr>`
                   + `<div ${a()}${M()}>${c()}</div></table>`;
        case 3:
            return `<b ${a()}${M()}>${c()}<p ${a()}>${c()}</b>`
                   + `<i ${a()}>y</i></p>`;
        case 4:
            return `<p ${a()}><b ${a()}${M()}>${c()}</p>`
                   + `<i ${a()}>${c()}</i>`;
        case 5:
            return `<a href=#${m} ${a()}>${c()}<div ${a()}>${c()}</a>`
                   + `<span ${a()}>z</span></div>`;
        case 6:
            return `<font color=red ${a()}${M()}><p ${a()}>${c()}</font>`
                   + `<em ${a()}>${c()}</em></p>`;
        case 7:
            return `<nobr ${a()}${M()}>${c()}<nobr ${a()}>${c()}</nobr>`;
        case 8:
            return `<p ${a()}${M()}>${c()}<div ${a()}>${c()}</div>`
                   + `<span ${a()}>t</span></p>`;
        case 9:
            return `</p><span ${a()}${m}>${c()}</span>`;
        case 10:
            return `<ul ${a()}><li ${a()}${M()}>${c()}<li ${a()}>${c()}`
                   + `</ul>`;
        case 11:
            return `<dl><dt ${a()}${M()}>${c()}<dd ${a()}>${c()}</dl>`;
        case 12:
            return `<h1 ${a()}${M()}>${c()}</h2><span ${a()}>h</span>`;
        case 13:
            return `<form ${a()}${M()}><div ${a()}>${c()}</form>`
                   + `<span ${a()}>${c()}</span></div>`;
        case 14:
            return `<select ${a()}${m}><option ${a()}${M()}>o</option>`
                   + `<div ${a()}${M()}>${c()}</div></select>`;
        case 15:
            return `<template ${a()}${m}><div ${a()}${M()}>${c()}</div>`
                   + `${c()}</template>`;
        case 16:
            return `<noscript ${a()}${m}><img ${a()}${M()} src=data:,>`
                   + `</noscript>`;
        case 17:
            return `<textarea ${a()}${m}><img ${a()}${M()}></textarea>`;
        case 18:
            return `<title ${a()}>x<img ${a()}${M()}></title>`;
        case 19:
            return `<style${m}>/* <img ${a()}${M()}> </styl */</style>`;
        case 20:
            return `<!-- <img ${a()}${M()}> --><span ${a()}>c</span>`;
        case 21:
            return `<!--><img ${a()}${M()}>`;
        case 22:
            return `<!---><img ${a()}${M()}>`;
        case 23:
            return `<!-- x --!><img ${a()}${M()}>`;
        case 24:
            return `<![CDATA[><img ${a()}${M()}>]]>`;
        case 25:
            return `<svg ${a()}${m}>${stray()}`
                 + `<![CDATA[</svg><img ${a()}${M()}>]]>`
                   + `</svg>`;
        case 26:
            return `<svg ${a()}${M()}>${stray()}`
                 + `<circle ${a()}/><p ${a()}>${c()}`
                   + `</p></svg>`;
        case 27:
            return `<svg ${a()}>${stray()}<g ${a()}${M()}><rect ${a()}/></g>`
                   + `<circle ${a()}${M()}/><rect ${a()}/></svg>`;
        case 28:
            return `<svg ${a()}>${stray()}`
                 + `<p ${a()}${M()}/><span ${a()}>${c()}</span>`
                   + `</svg>`;
        case 29:
            return `<svg ${a()}>${stray()}<font color=red ${a()}${M()}/>`
                   + `<i ${a()}>${c()}</i></svg>`;
        case 30:
            return `<svg ${a()}>${stray()}`
                 + `<foreignObject ${a()}><div ${a()}${M()}>`
                   + `${c()}</svg><b ${a()}>b</b></div></foreignObject></svg>`;
        case 31:
            return `<math ${a()}${m}>${stray()}<mi ${a()}${M()}/><mi ${a()}>`
                   + `<span ${a()}${M()}>${c()}</math>`
                   + `<b ${a()}>q</b></span>`;
        case 32:
            return `<svg ${a()}>${stray()}`
                 + `<desc ${a()}><b ${a()}${M()}>${c()}</desc>`
                   + `<rect ${a()}/></b></svg>`;
        case 33:
            return `<svg ${a()}>${stray()}`
                 + `<style ${a()}><img ${a()}${M()}></style>`
                   + `</svg>`;
        case 34:
            return `<svg ${a()}>${stray()}`
                 + `<script ${a()}><img ${a()}${M()}></script>`
                   + `</svg>`;
        case 35:
            return `<svg ${a()}>${stray()}`
                 + `<title ${a()}><img ${a()}${M()}></title>`
                   + `</svg>`;
        case 36:
            return `<math ${a()}>${stray()}<mtext ${a()}><img ${a()}${M()}>`
                   + `</mtext><annotation-xml encoding="text/html" ${a()}>`
                   + `<div ${a()}${M()}>x</div></annotation-xml></math>`;
        case 37: {
            const inner = page_body(depth > 0 ? depth - 1 : 0);
            return `<iframe ${a()}${m} srcdoc="${srcdoc(inner)}"></iframe>`;
        }
        case 38:
            return `<div ${a()}${M()}><div ${a()}>${c()}</div ><div>`
                   + `${c()}</div><span ${a()}>z</span></DIV>`;
        case 39:
            return `<div ${a()}${M()}/><span ${a()}>${c()}</span></div>`;
        case 40:
            return `<img ${a()}${M()}/><br ${a()}${M()}/>`
                   + `<span ${a()}>s</span>`;
        case 41:
            return `<xmp ${a()}${m}><img ${a()}${M()}></xmp>`
                   + `<noembed><img ${a()}${M()}></noembed>`;
        case 42:
            return `<? <img ${a()}${M()}> ?><span ${a()}>q</span>`
                   + `</3 <img ${a()}${M()}>`;
        case 43:
            return `<table ${a()}${M()}><caption ${a()}>${c()}</table>`
                   + `<span ${a()}>${c()}</span>`;
        case 44:
            return `<a href=#x ${a()}${M()}>${c()}<a href=#y ${a()}>`
                   + `${c()}</a>`;
        default:
            return `<button ${a()}${M()}>${c()}<button ${a()}>${c()}`
                   + `</button></button>`;
        }
    };

    const content = (depth) => {
        if (depth <= 0) {
            return words();
        }

        const n = 1 + r.int(3);
        let s = '';

        for (let i = 0; i < n; i++) {
            const roll = r.int(10);

            if (roll < 2) {
                s += words();
            } else if (roll < 5) {
                s += element(depth, true);
            } else if (roll < 7) {
                s += trap(depth - 1, r.chance(0.5));
            } else {
                s += element(depth, false);
            }
        }

        return s;
    };

    const page_body = (depth) => {
        let s = '';
        const n = 2 + r.int(4);

        for (let i = 0; i < n; i++) {
            s += content(depth);
        }

        return s;
    };

    // the iframe's document, escaped into the attribute; every third one
    // (by length, so that the random sequence stays as it was) also
    // spells its markers' names with character references

    const srcdoc = (html) => {
        let s = html.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
                    .replace(/</g, r.chance(0.5) ? '&lt;' : '<');

        if (html.length % 3 === 0) {
            s = s.replace(/data-c/gi, 'd&#97;ta-c')
                 .replace(/optanon/g, '&#x6f;ptanon');
        }

        return s;
    };

    // the page: its encoding, how it is served, the document around it

    const page = { index, seed, ctype: null, encoding: 'latin1',
                   via: 'static', src: '' };

    const enc = r.int(100);
    let meta = '';
    let island = false;

    if (enc < 55) {
        page.ctype = CTYPES[0];
        page.encoding = 'utf8';
    } else if (enc < 62) {
        page.ctype = CTYPES[1];
        meta = r.pick(['<meta charset="windows-1252">',
                       '<meta http-equiv="Content-Type" '
                       + 'content="text/html; charset=iso-2022-jp">',
                       '<meta charset=ISO-2022-JP>',
                       '<meta charset="utf-16">', '']);
        island = /2022/i.test(meta);
    } else if (enc < 68) {
        page.ctype = r.pick([CTYPES[2], CTYPES[9]]);
        island = true;
    } else if (enc < 78) {
        page.ctype = r.pick([CTYPES[3], CTYPES[4], CTYPES[5], CTYPES[6],
                             CTYPES[7], CTYPES[11], CTYPES[1]]);
        page.encoding = /BE/.test(page.ctype) ? 'utf16be' : 'utf16le';
        if (page.ctype === CTYPES[1] || r.chance(0.3)) {
            page.encoding += '-bom';
        }
    } else if (enc < 83) {
        page.ctype = CTYPES[8];
    } else if (enc < 90) {
        page.ctype = null;
    } else {
        page.ctype = CTYPES[0];
        page.encoding = r.chance(0.5) ? 'utf16le-bom' : 'latin1';
    }

    const via = r.int(10);
    page.via = via < 7 ? 'static' : via < 8 ? 'small' : 'slow';

    let body = page_body(3);

    if (island) {
        // ISO-2022-JP: ESC $ B switches to two-byte JIS X 0208, where
        // "<!--" and "<sc" are two characters, not markup; ESC ( B back
        const jis = r.pick(['<!--', '<sc', '<!', '--', '<ti']);
        const esc = `\x1b$B${jis.length % 2 ? jis + '!' : jis}\x1b(B`;
        const at = r.int(body.length + 1);
        body = body.slice(0, at) + esc + `<img id=${id()}${M()}>`
               + `<span id=${id()}>-->`
               + `</script></title></textarea></style></span>`
               + body.slice(at);
    }

    const docmark = r.chance(0.02);
    const late = r.chance(0.02);
    const style = r.int(4);

    if (late) {
        // a second <body> merges its attributes into the first
        body += `<body id=${id()}${M()}><span id=${id()}>late</span>`;
    }

    if (style === 0) {
        page.src = `${meta}${body}`;
    } else {
        const bodyTag = docmark ? `<body id=${id()}${M()}>`
                                : `<body id=${id()}>`;
        page.src = `<!DOCTYPE html><html id=${id()}><head id=${id()}>`
                   + `${meta}<title>p${index}</title>`
                   + (r.chance(0.3) ? script(r.chance(0.5)) : '')
                   + `</head>${bodyTag}${body}</body></html>\n`;
    }

    if (page.ctype === null && !/^</.test(page.src)) {
        page.src = '<!DOCTYPE html>' + page.src;
    }

    page.ids = ids;
    page.bytes = encode(page.src, page.encoding);

    return page;
}


export function encode(src, encoding) {
    const bom = encoding.endsWith('-bom');
    const e = encoding.replace(/-bom$/, '');

    if (e === 'latin1') {
        return Buffer.from(src, 'latin1');
    }

    if (e === 'utf8') {
        return Buffer.from(src, 'utf8');
    }

    const le = Buffer.from(src, 'utf16le');

    if (e === 'utf16be') {
        le.swap16();
        return bom ? Buffer.concat([Buffer.from([0xfe, 0xff]), le]) : le;
    }

    return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : le;
}
