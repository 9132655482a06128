// The HTML comparison: what survives consent_html against what Chromium
// builds from the same page.
//
// usage: node tools/html-diff/run.mjs [--pages N] [--seed S] [--tabs T]
//            [--batch B] [--out DIR] [--granted-every K] [--minimize M]
//            [--only I,J,...] [--node-modules DIR] [--classic]
//            [--no-stray]
//
// environment: TEST_NGINX_BINARY (default /usr/sbin/nginx),
// TEST_NGINX_MODULE (default build/ngx_http_consent_module.so), CHROMIUM
// (default /usr/bin/chromium), TEST_NGINX_TMPDIR (default /tmp).
//
// gen.mjs generates N pages from the seed (page I of seed S is always the
// same; --classic: the pages of the generator before issue 16, without
// the other platforms' markers, which the README's page numbers name;
// --no-stray: the pages of issue 16, without the stray end tags and font
// after <svg> and <math> of issue 17).  nginx, from a prefix of its own
// on a free loopback port, serves
// each page twice, same bytes and headers: unfiltered (consent_html off)
// and filtered (consent_html on), as a static file, through a small
// output buffer, or from an upstream that writes it 1 to 7 bytes at a
// time (nginx.conf).  Debian's chromium, headless, driven by
// playwright-core, loads both; nothing is granted (no consent cookie, no
// country database: the default opt-in regime), and every K-th page
// (default 5) is loaded filtered a third time with a consent cookie that
// grants analytics only.  A navigation costs chromium far more than one of
// these small pages, so each of T tabs (default 4, each on a loopback
// address of its own) holds a harness page that loads B pages (default
// 16) at a time, each in an iframe of its own, with two such batches in
// flight (collect.mjs, batch).
//
// A leak, for a page and a set of granted categories:
//
//   1. In the unfiltered page, as the browser built it, take the ids of
//      every element marked for a category not granted and of every
//      descendant of one (collect.mjs says how markers are read).  The
//      tree is the browser's: misnested end tags, reconstructed and
//      adoption-agency clones (which copy the id and the marker), foster
//      parenting, foreign content; template contents and same-origin
//      iframe documents (srcdoc) are walked too, their elements being
//      descendants of the template or iframe element.  An id that also
//      occurs outside every such element (a formatting element the
//      browser cloned into a marked one, <em><p marked></em>) is not
//      taken: the element it names is legitimately on the page.
//   2. In the filtered page, a leak is any of those ids present, any
//      element that carries a marker for a category not granted, a
//      marker on html, head or body, or a script among those ids that
//      ran (every generated inline script pushes its id onto a window
//      array).
//
// A marker on the unfiltered page's html, head or body element is its own
// class ("docmark"), not a leak: the browser merges the attributes of a
// later <body ...> or <html ...> tag into the element it already has, and
// no filter can take back what it sent before that tag.  Its descendants
// are not counted as marked.  A filtered response that is not a page
// (502, connection closed: the module refusing what it cannot read) leaks
// nothing.  An id of the unfiltered page outside every denied element
// that is missing from the filtered page is over-removal: counted, not a
// failure.
//
// Prints the counts; for each leak the page, the surviving ids and, for
// the first M leaking pages, a page shrunk token by token that still
// leaks, with what chromium built from it and what survived, all under
// DIR (default build/html-diff).  Exit status 1 when anything leaked or a
// page could not be compared, 0 otherwise.

import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { CTYPES, generate, encode } from './gen.mjs';
import { batch, collect, serialize } from './collect.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

const ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-extensions',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--mute-audio',
    '--disable-features=site-per-process,IsolateOrigins,BackForwardCache,'
    + 'Translate,OptimizationHints,MediaRouter,PaintHolding',
    '--disable-site-isolation-trials',
    '--disable-renderer-accessibility',
    '--disable-ipc-flooding-protection',
    '--disable-hang-monitor',
    '--disable-breakpad',
    '--blink-settings=imagesEnabled=false',
];

const LOAD_TIMEOUT = 20000;
const HOSTS = 8;
const GRANTED = ['analytics'];

// what a run of every page (not --only) must have come across, by the
// browser's reading of the unfiltered pages (collect.mjs, kinds): each kind
// of marker denied with nothing granted, granted with analytics granted,
// a data-name that is no Klaro marker

const COVERAGE = {
    none: ['data-category:denied', 'complianz:denied',
           'data-cookieconsent:denied', 'optanon:denied',
           'data-cookieyes:denied', 'data-cookieyes:granted',
           'klaro:denied', 'klaro-no-plain:granted'],
    granted: ['data-category:granted', 'complianz:granted',
              'data-cookieconsent:granted', 'optanon:granted',
              'data-cookieyes:granted', 'klaro:granted'],
};
const COVERAGE_PAGES = 200;


function options(argv) {
    const o = {
        pages: 1000,
        seed: 1,
        tabs: 4,
        batch: 16,
        out: path.join(ROOT, 'build', 'html-diff'),
        grantedEvery: 5,
        minimize: 10,
        only: null,
        nodeModules: path.join(ROOT, 'build', 'browser-node', 'node_modules'),
        classic: false,
        nostray: false,
    };

    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const v = argv[i + 1];

        switch (a) {
        case '--pages': o.pages = parseInt(v, 10); i++; break;
        case '--seed': o.seed = parseInt(v, 10); i++; break;
        case '--tabs': o.tabs = parseInt(v, 10); i++; break;
        case '--batch': o.batch = parseInt(v, 10); i++; break;
        case '--out': o.out = path.resolve(v); i++; break;
        case '--granted-every': o.grantedEvery = parseInt(v, 10); i++; break;
        case '--minimize': o.minimize = parseInt(v, 10); i++; break;
        case '--only': o.only = v.split(',').map((x) => parseInt(x, 10));
            i++; break;
        case '--node-modules': o.nodeModules = path.resolve(v); i++; break;
        case '--classic': o.classic = true; break;
        case '--no-stray': o.nostray = true; break;
        default:
            process.stderr.write(`html-diff: unknown option "${a}"\n`);
            process.exit(2);
        }
    }

    for (const k of ['pages', 'seed', 'tabs', 'batch', 'grantedEvery',
                     'minimize']) {
        if (!Number.isInteger(o[k]) || o[k] < 0) {
            process.stderr.write(`html-diff: invalid --${k}\n`);
            process.exit(2);
        }
    }

    return o;
}


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}


// the upstream of the "u" locations: GET /NAME answers html/p/NAME with
// the page's Content-Type, 1 to 7 bytes per write, yielding now and then
// so that the pieces reach nginx apart

function upstream(dir, ctypes) {
    const server = net.createServer((c) => {
        let req = '';

        c.on('error', () => {});
        c.on('data', async (d) => {
            req += d.toString('latin1');

            if (!req.includes('\r\n\r\n')) {
                return;
            }

            c.removeAllListeners('data');

            const name = path.basename((req.match(/^GET \/(\S*)/) || [])[1]
                                       || 'none');
            let body;

            try {
                body = fs.readFileSync(path.join(dir, name));
            } catch (e) {
                c.end('HTTP/1.0 404 Not Found\r\n\r\n');
                return;
            }

            const ct = ctypes.get(name);
            c.setNoDelay(true);
            c.write('HTTP/1.0 200 OK\r\n'
                    + (ct ? `Content-Type: ${ct}\r\n` : '') + '\r\n');

            let pos = 0;
            let n = 0;

            while (pos < body.length) {
                const k = 1 + ((pos * 7 + n) % 7);
                c.write(body.subarray(pos, pos + k));
                pos += k;

                if (++n % 8 === 0) {
                    await new Promise((r) => setImmediate(r));
                }
            }

            c.end();
        });
    });

    return new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () => resolve(server));
    });
}


function locations(prefix, uport) {
    const l = [];
    const html = path.join(prefix, 'html', 'p') + '/';

    for (const [mode, onoff] of [['raw', 'off'], ['f', 'on'],
                                 ['a', 'activate']])
    {
        CTYPES.forEach((ct, k) => {
            const q = (ct || '').includes('"') ? "'" : '"';
            const type = 'types { }\n            default_type '
                         + `${q}${ct || ''}${q};`;

            l.push(`        location ^~ /${mode}/s${k}/ {
            alias ${html};
            ${type}
            consent_html ${onoff};
        }

        location ^~ /${mode}/b${k}/ {
            alias ${html};
            ${type}
            sendfile off;
            output_buffers 1 128;
            consent_html ${onoff};
        }
`);
        });

        l.push(`        location ^~ /${mode}/u/ {
            proxy_pass http://127.0.0.1:${uport}/;
            proxy_buffering off;
            proxy_buffer_size 128;
            consent_html ${onoff};
        }
`);
    }

    return l.join('\n');
}


// a prefix of its own, readable by the workers (nobody, when run as root)

function makePrefix() {
    const tmp = process.env.TEST_NGINX_TMPDIR || os.tmpdir();
    const prefix = fs.mkdtempSync(path.join(tmp, 'consent-html-diff-'));

    for (const d of ['', 'conf', 'logs', 'html', 'html/p', 'temp']) {
        fs.mkdirSync(path.join(prefix, d), { recursive: true });
        fs.chmodSync(path.join(prefix, d), 0o755);
    }

    fs.writeFileSync(path.join(prefix, 'html', 'harness.html'),
                     '<!DOCTYPE html><meta charset="windows-1252">'
                     + '<title>html-diff</title><body>\n');
    fs.chmodSync(path.join(prefix, 'html', 'harness.html'), 0o644);

    return prefix;
}


async function startNginx(prefix, uport) {
    const port = await freePort();
    const module = path.resolve(process.env.TEST_NGINX_MODULE
        || path.join(ROOT, 'build', 'ngx_http_consent_module.so'));
    const binary = process.env.TEST_NGINX_BINARY || '/usr/sbin/nginx';

    if (!fs.existsSync(module)) {
        throw new Error(`no module at ${module} (make builds it)`);
    }

    const conf = fs.readFileSync(path.join(HERE, 'nginx.conf'), 'utf8')
        .replace('@MODULE@', module)
        .replace('@LISTEN@', [...Array(HOSTS).keys()].map((k) =>
            `        listen 127.0.0.${k + 1}:${port};`).join('\n'))
        .replace('@LOCATIONS@', locations(prefix, uport));

    fs.writeFileSync(path.join(prefix, 'conf', 'nginx.conf'), conf);

    const child = spawn(binary, ['-p', prefix + '/', '-c',
                                 path.join(prefix, 'conf', 'nginx.conf'),
                                 '-e', path.join(prefix, 'logs',
                                                 'error.log')],
                        { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let exited = null;

    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code, sig) => { exited = sig || code; });

    for (let i = 0; i < 200; i++) {
        if (exited !== null) {
            break;
        }

        const up = await new Promise((resolve) => {
            const s = net.connect(port, '127.0.0.1');
            s.on('connect', () => { s.destroy(); resolve(true); });
            s.on('error', () => resolve(false));
        });

        if (up) {
            return { prefix, port, child, module, binary,
                     stderr: () => stderr };
        }

        await sleep(50);
    }

    throw new Error(`nginx did not start (${exited}): ${stderr}`);
}


async function stopNginx(n) {
    if (!n || n.child.exitCode !== null) {
        return;
    }

    const done = new Promise((r) => n.child.on('exit', r));
    n.child.kill('SIGQUIT');

    const t = setTimeout(() => n.child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
}


// loads in the harness tab: one iframe per item, all at once (see
// collect.mjs, batch)

async function frames(tab, items, dom) {
    if (!items.length) {
        return [];
    }

    try {
        return await tab.evaluate(batch, {
            items,
            dom,
            timeout: LOAD_TIMEOUT,
            collectSrc: collect.toString(),
            serializeSrc: serialize.toString(),
        });
    } catch (e) {
        const error = String(e.message || e).split('\n')[0];
        return items.map(() => ({ ok: false, status: 0, data: [],
                                  dom: null, error }));
    }
}


// the comparison of one unfiltered and one filtered load, same granted set

function compare(raw, f, activate) {
    const free = new Set(raw.free);
    const deniedIds = new Set(raw.denied.filter((x) => !free.has(x)));
    const fIds = new Set(f.ids);
    const rawIds = new Set(raw.ids);
    const ids = [...deniedIds].filter((x) => fIds.has(x));
    const ran = [...new Set(f.ran)].filter((x) => deniedIds.has(x));
    const over = [...rawIds].filter((x) => !deniedIds.has(x)
                                           && !fIds.has(x));
    const fRan = new Set(f.ran);
    const rawRan = new Set(raw.ran);
    const plain = new Set(raw.plain);

    // consent_html activate: the granted blocked scripts that are still
    // on the page ran, and no other script ran that did not unfiltered

    const inactive = activate ? raw.plain.filter((x) => fIds.has(x)
                                                       && !fRan.has(x))
                              : [];
    const activated = activate ? raw.plain.filter((x) => fRan.has(x)) : [];
    const wrong = [...fRan].filter((x) => !rawRan.has(x) && !deniedIds.has(x)
                                          && !(activate && plain.has(x)));

    return {
        leak: ids.length > 0 || f.marked.length > 0 || ran.length > 0
              || f.docmarks.length > 0,
        ids,
        marked: f.marked,
        ran,
        docmarks: f.docmarks,
        over,
        inactive,
        activated,
        wrong,
    };
}


function urls(page, base, name) {
    const kind = page.via === 'slow' ? 'u'
                 : (page.via === 'small' ? 'b' : 's')
                   + CTYPES.indexOf(page.ctype);

    return { raw: `${base}/raw/${kind}/${name}`,
             f: `${base}/f/${kind}/${name}`,
             a: `${base}/a/${kind}/${name}` };
}


async function main() {
    const o = options(process.argv.slice(2));
    const started = Date.now();

    const require = createRequire(path.join(o.nodeModules, '..', 'x.cjs'));
    const { chromium } = require('playwright-core');

    fs.rmSync(o.out, { recursive: true, force: true });
    fs.mkdirSync(o.out, { recursive: true });

    const ctypes = new Map();
    let nginx = null;
    let up = null;
    let browser = null;
    let failed = false;

    const cleanup = async () => {
        if (browser) {
            await browser.close().catch(() => {});
        }
        await stopNginx(nginx);
        if (up) {
            up.close();
        }
    };

    process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
    process.on('SIGTERM', () => cleanup().then(() => process.exit(143)));

    try {
        const prefix = makePrefix();
        const pdir = () => path.join(prefix, 'html', 'p');

        up = await upstream(pdir(), ctypes);
        nginx = await startNginx(prefix, up.address().port);

        browser = await chromium.launch({
            executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
            headless: true,
            // playwright gives it a fresh --user-data-dir of its own
            args: ARGS,
        });

        const none = await browser.newContext({ javaScriptEnabled: true });
        const granted = await browser.newContext({ javaScriptEnabled: true });
        const now = Math.floor(Date.now() / 1000);

        const stats = { pages: 0, loads: 0, leaks: 0, leakIds: 0,
                        grantedPages: 0, grantedLeaks: 0, docmark: 0,
                        overPages: 0, overIds: 0, refused: 0, errors: 0,
                        activated: 0, inactive: 0, wrong: 0 };
        const kinds = {};
        const grantedKinds = {};
        const acts = [];
        const leaks = [];
        const errors = [];

        const list = o.only || [...Array(o.pages).keys()];
        let next = 0;

        // entries: [{ page, name }]; for each, the unfiltered page and
        // the filtered one in the "none" tab, the filtered one again in
        // the "granted" tab for every K-th page, then the comparisons

        const checkMany = async (tabs, entries, dom) => {
            const none = [];
            const gr = [];

            for (const e of entries) {
                const u = urls(e.page, tabs.base, e.name);
                e.grant = o.grantedEvery > 0
                          && e.page.index % o.grantedEvery === 0;
                e.raw = none.length;
                none.push({ url: u.raw, sets: e.grant ? [[], GRANTED]
                                                      : [[]] });
                e.f = none.length;
                none.push({ url: u.f, sets: [[]] });
                if (e.grant) {
                    e.fg = gr.length;
                    gr.push({ url: u.a, sets: [GRANTED] });
                }
            }

            const [rn, rg] = await Promise.all([
                frames(tabs.none, none, dom),
                frames(tabs.granted, gr, dom),
            ]);

            return entries.map((e) => {
                const raw = rn[e.raw];
                const f = rn[e.f];
                const fg = e.grant ? rg[e.fg] : null;
                const res = { raw, f, fg, results: [] };

                if (!raw.ok || raw.status !== 200) {
                    res.error = 'unfiltered page: '
                                + (raw.error || 'status ' + raw.status);
                    return res;
                }

                const empty = { ids: [], denied: [], free: [], marked: [],
                                docmarks: [], ran: [], plain: [],
                                kinds: {} };

                res.refused = !f.ok || f.status !== 200;
                res.results.push({ granted: [], ...compare(raw.data[0],
                                   f.ok ? f.data[0] : empty, false) });

                if (fg) {
                    res.results.push({ granted: GRANTED,
                                       ...compare(raw.data[1],
                                                  fg.ok ? fg.data[0]
                                                        : empty, true) });
                }

                res.docmark = raw.data[0].docmarks.length > 0;
                res.kinds = raw.data[0].kinds;
                res.grantedKinds = fg ? raw.data[1].kinds : {};
                return res;
            });
        };

        const check = async (tabs, page, name, dom) =>
            (await checkMany(tabs, [{ page, name }], dom))[0];

        const write = (page, name) => {
            fs.writeFileSync(path.join(pdir(), name), page.bytes);
            fs.chmodSync(path.join(pdir(), name), 0o644);
            ctypes.set(name, page.ctype);
        };

        // each worker has a tab per context on a loopback address of its
        // own (127.0.0.K), so that chromium's six connections per host
        // are not shared

        const openTabs = async (k) => {
            const host = `127.0.0.${1 + (k % HOSTS)}`;
            const b = `http://${host}:${nginx.port}`;
            const t = { base: b, none: await none.newPage(),
                        granted: await granted.newPage() };

            await granted.addCookies([{
                name: 'consent',
                value: `1.${now}.0.${GRANTED.join('+')}.k3J9xQ2mPq`,
                url: b,
            }]);

            await t.none.goto(`${b}/harness.html`);
            await t.granted.goto(`${b}/harness.html`);
            return t;
        };

        // two workers per tab: while one batch waits for its slowest
        // page (the upstream writing a few bytes at a time), the other
        // one's frames load

        const worker = async (tabs) => {

            while (next < list.length) {
                const entries = [];

                while (next < list.length && entries.length < o.batch) {
                    const index = list[next++];
                    const page = generate(o.seed, index, o.classic, o.nostray);
                    const name = `${index}.html`;

                    write(page, name);
                    entries.push({ page, name, index });
                }

                const all = await checkMany(tabs, entries, false);

                entries.forEach((e, i) => {
                    const res = all[i];
                    const page = e.page;
                    const index = e.index;

                    stats.loads += 2 + (res.fg ? 1 : 0);
                    fs.unlinkSync(path.join(pdir(), e.name));

                    if (res.error) {
                        stats.errors++;
                        errors.push({ index, error: res.error });
                        return;
                    }

                    stats.pages++;
                    stats.refused += res.refused ? 1 : 0;
                    stats.docmark += res.docmark ? 1 : 0;

                    for (const [m, k] of [[res.kinds, kinds],
                                          [res.grantedKinds, grantedKinds]]) {
                        for (const x of Object.keys(m)) {
                            k[x] = (k[x] || 0) + m[x];
                        }
                    }

                    let leaked = false;

                    for (const r of res.results) {
                        if (r.granted.length) {
                            stats.grantedPages++;
                        }

                        stats.activated += r.activated.length;

                        if (r.inactive.length || r.wrong.length) {
                            stats.inactive += r.inactive.length;
                            stats.wrong += r.wrong.length;
                            acts.push({ index, page, r });
                        }

                        if (r.over.length) {
                            stats.overPages++;
                            stats.overIds += r.over.length;
                        }

                        if (r.leak) {
                            leaked = true;
                            stats.leakIds += r.ids.length;
                            if (r.granted.length) {
                                stats.grantedLeaks++;
                            }
                            leaks.push({ index, page, r });
                        }
                    }

                    if (leaked) {
                        stats.leaks++;
                    }
                });
            }

        };

        const progress = setInterval(() => {
            const s = (Date.now() - started) / 1000;
            process.stderr.write(`html-diff: ${stats.pages} pages, `
                                 + `${stats.leaks} leaking, ${s.toFixed(0)}`
                                 + ' s\n');
        }, 30000);

        const tabSet = await Promise.all([...Array(Math.max(1, o.tabs))
                                          .keys()].map(openTabs));

        await Promise.all([...tabSet, ...tabSet].map(worker));

        for (const t of tabSet) {
            await t.none.close();
            await t.granted.close();
        }
        clearInterval(progress);

        const elapsed = (Date.now() - started) / 1000;

        // the leaks: the page, and the first ones shrunk

        const tabs = await openTabs(0);
        let shrunk = 0;
        let serial = 0;

        for (const l of leaks) {
            const dir = path.join(o.out, `leak-${l.index}`
                                         + (l.r.granted.length ? '-granted'
                                                               : ''));
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, 'page.html'), l.page.bytes);

            let min = null;
            let tried = false;

            if (shrunk < o.minimize) {
                shrunk++;
                tried = true;
                min = await minimize(l, async (src) => {
                    const p = { ...l.page, src,
                                bytes: encode(src, l.page.encoding) };
                    const name = `m${serial++}.html`;
                    write(p, name);
                    const res = await check(tabs, p, name, false);
                    fs.unlinkSync(path.join(pdir(), name));
                    if (res.error) {
                        return false;
                    }
                    return res.results.some((x) => x.leak
                        && x.granted.length === l.r.granted.length);
                });
            }

            const page = min ? { ...l.page, src: min,
                                 bytes: encode(min, l.page.encoding) }
                             : l.page;
            let res = { raw: null };
            let r = l.r;
            let fl = null;

            // what chromium built, for the pages it tried to shrink only:
            // one more load each

            if (tried) {
                const name = `r${serial++}.html`;
                write(page, name);
                res = await check(tabs, page, name, true);
                fs.unlinkSync(path.join(pdir(), name));
                r = res.results.find((x) => x.granted.length
                                            === l.r.granted.length) || l.r;
                fl = l.r.granted.length ? res.fg : res.f;
            }

            if (min) {
                fs.writeFileSync(path.join(dir, 'min.html'), page.bytes);
            }

            const report = [
                `page ${l.index} of seed ${o.seed}`
                + ` (node tools/html-diff/run.mjs --seed ${o.seed}`
                + ` --only ${l.index})`,
                `Content-Type: ${l.page.ctype === null ? '(none)'
                                 : l.page.ctype}`,
                `bytes: ${l.page.encoding}, served ${l.page.via}`,
                `granted: ${l.r.granted.join(',') || '(nothing)'}`,
                `surviving ids: ${l.r.ids.join(' ') || '-'}`,
                `surviving markers: ${l.r.marked.join('; ') || '-'}`,
                `scripts that ran: ${l.r.ran.join(' ') || '-'}`,
                `markers on html/head/body: ${l.r.docmarks.join('; ')
                                             || '-'}`,
                '',
                `${min ? 'shrunk page' : 'page'} (source, before `
                + 'encoding):',
                page.src,
                '',
                'what chromium built from it (unfiltered):',
                res.raw ? res.raw.dom : '(not loaded again: run --only)',
                '',
                'what survived (filtered):',
                fl ? fl.dom : '(not loaded again: run --only)',
                min ? `\nshrunk page leaks: ids ${r.ids.join(' ')};`
                      + ` markers ${r.marked.join('; ')}` : '',
            ].join('\n');

            fs.writeFileSync(path.join(dir, 'report.txt'), report + '\n');
            l.dir = path.relative(process.cwd(), dir);
            l.min = min;
        }

        await tabs.none.close();
        await tabs.granted.close();

        const version = browser.version();
        const log = fs.readFileSync(path.join(nginx.prefix, 'logs',
                                              'error.log'), 'utf8');
        const fatal = log.split('\n').filter((x) =>
            /\[(alert|crit|emerg)\]|exited on signal|Sanitizer/.test(x));

        const missing = [];

        if (!o.only && !o.classic && o.pages >= COVERAGE_PAGES) {
            for (const k of COVERAGE.none) {
                if (!kinds[k]) {
                    missing.push(k);
                }
            }

            for (const k of COVERAGE.granted) {
                if (!grantedKinds[k]) {
                    missing.push(k + ' (analytics granted)');
                }
            }

            if (!stats.activated) {
                missing.push('a script activated');
            }
        }

        const summary = {
            seed: o.seed, pages: stats.pages, loads: stats.loads,
            leaks: stats.leaks, leak_ids: stats.leakIds,
            granted_pages: stats.grantedPages,
            granted_leaks: stats.grantedLeaks, docmark: stats.docmark,
            refused: stats.refused, over_pages: stats.overPages,
            over_ids: stats.overIds, errors: stats.errors,
            fatal: fatal.length, seconds: Math.round(elapsed),
            activated: stats.activated, inactive: stats.inactive,
            wrongly_activated: stats.wrong,
            activation_pages: acts.map((a) => ({
                index: a.index, inactive: a.r.inactive, wrong: a.r.wrong,
                ctype: a.page.ctype, via: a.page.via,
                encoding: a.page.encoding })).slice(0, 50),
            kinds, granted_kinds: grantedKinds,
            coverage_missing: missing,
            chromium: version, module: nginx.module,
            leaking: leaks.map((l) => ({
                index: l.index, granted: l.r.granted, ids: l.r.ids,
                marked: l.r.marked, ran: l.r.ran, docmarks: l.r.docmarks,
                ctype: l.page.ctype, via: l.page.via,
                encoding: l.page.encoding, dir: l.dir, min: l.min,
            })),
            error_list: errors.slice(0, 20),
            error_pages: errors.map((e) => e.index),
            fatal_lines: fatal.slice(0, 20),
        };

        fs.writeFileSync(path.join(o.out, 'summary.json'),
                         JSON.stringify(summary, null, 1) + '\n');

        const p = (s) => process.stdout.write(s + '\n');

        p(`html-diff: seed ${o.seed}, chromium ${version}, module `
          + nginx.module);
        p(`pages compared: ${stats.pages} (${stats.loads} loads, `
          + `${stats.grantedPages} with analytics granted) in `
          + `${elapsed.toFixed(0)} s`);
        p(`leaks: ${stats.leaks} pages (${stats.leakIds} elements; `
          + `${stats.grantedLeaks} with analytics granted)`);
        p(`refused by the module (502 or closed): ${stats.refused}`);
        p(`marker on html/head/body (not counted as leaks): `
          + `${stats.docmark}`);
        p(`over-removal: ${stats.overPages} pages, ${stats.overIds} `
          + 'elements');
        p(`not compared (unfiltered page failed): ${stats.errors}`);
        p(`activated with analytics granted: ${stats.activated} scripts; `
          + `not activated: ${stats.inactive}; activated wrongly: `
          + `${stats.wrong}`);
        p('markers (nothing granted): ' + Object.keys(kinds).sort()
          .map((k) => `${k} ${kinds[k]}`).join(', '));
        p('markers (analytics granted): ' + Object.keys(grantedKinds).sort()
          .map((k) => `${k} ${grantedKinds[k]}`).join(', '));

        if (missing.length) {
            p(`coverage: never came up: ${missing.join(', ')}`);
        }

        for (const e of errors.slice(0, 10)) {
            p(`error: page ${e.index}: ${e.error}`);
        }

        for (const l of leaks) {
            p(`leak: page ${l.index} [${l.page.ctype || 'no type'}, `
              + `${l.page.encoding}, ${l.page.via}`
              + (l.r.granted.length ? ', analytics granted' : '')
              + `]: ids ${l.r.ids.join(' ') || '-'}`
              + (l.r.marked.length ? `; markers ${l.r.marked.length}` : '')
              + (l.r.ran.length ? `; ran ${l.r.ran.join(' ')}` : '')
              + (l.r.docmarks.length ? '; marker on html/head/body' : '')
              + ` -> ${l.dir}/report.txt`);
        }

        for (const a of acts) {
            p(`activation: page ${a.index} [${a.page.ctype || 'no type'}, `
              + `${a.page.encoding}, ${a.page.via}]: not activated `
              + `${a.r.inactive.join(' ') || '-'}; ran wrongly `
              + `${a.r.wrong.join(' ') || '-'} (node tools/html-diff/run.mjs`
              + ` --seed ${o.seed} --only ${a.index})`);
        }

        for (const x of fatal.slice(0, 10)) {
            p(`error.log: ${x}`);
        }

        failed = stats.leaks > 0 || stats.errors > 0 || fatal.length > 0
                 || stats.pages === 0 || acts.length > 0
                 || missing.length > 0;
    } catch (e) {
        process.stderr.write(`html-diff: ${e.stack || e}\n`);
        if (nginx) {
            process.stderr.write(nginx.stderr());
        }
        failed = true;
    }

    await cleanup();

    if (nginx && !failed && !process.env.TEST_NGINX_KEEP) {
        fs.rmSync(nginx.prefix, { recursive: true, force: true });
    } else if (nginx) {
        process.stderr.write(`html-diff: prefix kept: ${nginx.prefix}\n`);
    }

    process.exit(failed ? 1 : 0);
}


// ddmin over the page's tokens (tags, text runs): the smallest page found
// in a bounded number of loads for which leaks() still holds

async function minimize(l, leaks) {
    let toks = l.page.src.split(/(<[^>]*>?)/).filter((x) => x.length);
    let tests = 0;
    const MAX = 250;
    let n = 2;

    while (toks.length >= 2 && tests < MAX) {
        const size = Math.ceil(toks.length / n);
        let reduced = false;

        for (let i = 0; i < toks.length && tests < MAX; i += size) {
            const cand = toks.slice(0, i).concat(toks.slice(i + size));
            tests++;

            if (cand.length && await leaks(cand.join(''))) {
                toks = cand;
                n = Math.max(n - 1, 2);
                reduced = true;
                break;
            }
        }

        if (!reduced) {
            if (n >= toks.length) {
                break;
            }
            n = Math.min(n * 2, toks.length);
        }
    }

    const src = toks.join('');
    return src === l.page.src ? null : src;
}


main();
