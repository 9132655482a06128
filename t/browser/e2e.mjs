// End-to-end test of the demo (conf/demo.conf) in a real browser: Debian's
// chromium, headless, driven by playwright-core (t/browser/package-lock.json).
//
// usage: node t/browser/e2e.mjs BASE_URL NODE_MODULES
//
//   BASE_URL       the demo, e.g. http://127.0.0.1:8080
//   NODE_MODULES   where playwright-core is installed (build/browser-node/
//                  node_modules)
//
// environment:
//   CHROMIUM        the browser (default /usr/bin/chromium)
//   SCREENSHOT_DIR  write banner.png (first visit, banner showing) and
//                   consented.png (after accepting analytics) there
//
// It asserts nothing: it plays six visitors and prints one JSON object on
// stdout with what each saw (requests to /collect, /px/ and /consent with
// their statuses, document.cookie, the banner, GET /consent, the Consent
// Mode state the page gave gtag); t/browser.t judges.  Each visitor has a
// browser context of its own, with a User-Agent ending in
// "consent-e2e/NAME", so that the server's logs can be told apart by
// visitor:
//
//   before    first visit, no decision: /, /about.html
//   accept    first visit, ticks "Analytics" in the banner and saves; then
//             /about.html; then withdraws on /privacy.html ("Reject all")
//   withdraw  the same browser after the withdrawal (its cookies): /,
//             /about.html
//   gpc       sends Sec-GPC: 1, accepts everything: /, /about.html,
//             /privacy.html
//   gpclater  the same browser with Global Privacy Control turned off
//             (its cookies, no Sec-GPC): /, /about.html, /privacy.html;
//             there ticks marketing and the GPC override and saves; then
//             /about.html
//   nojs      JavaScript off, accepts everything with the plain form
//
// Exit code 0 when every step ran, 1 otherwise (the JSON then has "error").

import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

const VIEWPORT = { width: 1200, height: 820 };
const STEP_TIMEOUT = 10000;

const [base, nodeModules] = process.argv.slice(2);

if (!base || !nodeModules) {
    process.stderr.write('usage: node e2e.mjs BASE_URL NODE_MODULES\n');
    process.exit(2);
}

const require = createRequire(path.resolve(nodeModules, '..', 'e2e.cjs'));
const { chromium } = require('playwright-core');
const pwVersion = require('playwright-core/package.json').version;

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const shots = process.env.SCREENSHOT_DIR || '';

const out = {
    base,
    chromium: null,
    playwright: pwVersion,
    scenarios: {},
    screenshots: [],
    error: null,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


// what one visitor's browser context sent and received

function record(name) {
    return {
        ua: null,
        collect: [],        // { method, path, status, from }
        pixel: [],
        consent: [],        // also: set_cookie, the Set-Cookie lines
        pages: [],          // the page loads: { method, path, status }
        page_errors: [],
        ms: 0,              // how long the visitor took
        steps: {},          // snapshots by step name
    };
}


function kindOf(url) {
    let u;

    try {
        u = new URL(url);
    } catch {
        return null;
    }

    if (u.origin !== new URL(base).origin) {
        return 'foreign';
    }

    if (u.pathname === '/collect') {
        return 'collect';
    }

    if (u.pathname.startsWith('/px/')) {
        return 'pixel';
    }

    if (u.pathname === '/consent') {
        return 'consent';
    }

    return null;
}


function track(context, page, rec) {
    const entries = new Map();

    context.on('request', (req) => {
        const kind = kindOf(req.url());
        const u = new URL(req.url());

        if (kind === 'foreign') {
            rec.foreign = rec.foreign || [];
            rec.foreign.push(req.url());
            return;
        }

        if (!kind && req.isNavigationRequest()
            && req.frame() === page.mainFrame())
        {
            const e = { method: req.method(), path: u.pathname,
                        status: null };
            rec.pages.push(e);
            entries.set(req, e);
        }

        if (!kind) {
            return;
        }

        const e = {
            method: req.method(),
            path: u.pathname + u.search,
            status: null,
            from: (() => {
                try {
                    return new URL(page.url()).pathname;
                } catch {
                    return null;
                }
            })(),
        };

        rec[kind].push(e);
        entries.set(req, e);
    });

    /*
     * The status is taken as soon as the headers arrive: consent.js
     * reloads the page once its POST is answered, and by the time the
     * request has finished, Playwright may no longer give its response.
     */

    context.on('response', (res) => {
        const req = res.request();
        const e = entries.get(req);

        if (!e) {
            return;
        }

        e.status = res.status();

        if (kindOf(req.url()) === 'consent' && req.method() === 'POST') {
            res.headersArray().then((headers) => {
                e.set_cookie = headers
                    .filter((h) => h.name.toLowerCase() === 'set-cookie')
                    .map((h) => h.value);
            }).catch(() => {
                /* the page went away first: set_cookie stays unknown */
            });
        }
    });

    const done = async (req) => {
        const e = entries.get(req);

        if (!e) {
            return;
        }

        if (e.status !== null) {
            return;
        }

        try {
            const res = await req.response();

            if (res) {
                e.status = res.status();
            }
        } catch {
            /* the page went away: the status stays null */
        }
    };

    context.on('requestfinished', done);
    context.on('requestfailed', (req) => {
        const e = entries.get(req);

        if (e) {
            e.failed = req.failure() ? req.failure().errorText : 'failed';
        }
    });

    page.on('pageerror', (err) => rec.page_errors.push(String(err)));
}


async function settle(page) {
    await page.waitForLoadState('load');

    try {
        await page.waitForLoadState('networkidle', { timeout: 5000 });
    } catch {
        /* a page that never goes idle: take it as it is */
    }
}


async function waitFor(cond, ms) {
    const end = Date.now() + ms;

    while (Date.now() < end) {
        if (cond()) {
            return true;
        }

        await sleep(50);
    }

    return cond();
}


async function snapshot(context, page, js) {
    let cookie = null;
    let gcm = null;

    if (js) {
        cookie = await page.evaluate(() => document.cookie);
        gcm = await page.evaluate(consentDefault);
    }

    const banner = await page.locator('#consent-banner').isVisible();
    const tags = {
        analytics: await page.locator('script[data-category="analytics"]')
            .count(),
        marketing: await page.locator('[data-category="marketing"]').count(),
    };

    const res = await context.request.get(base + '/consent', {
        headers: { Accept: 'application/json' },
    });

    let state;

    try {
        const j = await res.json();

        state = { state: j.state, source: j.source, decided: j.decided,
                  categories: j.categories, signals: j.signals,
                  gpc: j.gpc };
    } catch {
        state = { status: res.status() };
    }

    const cookies = (await context.cookies()).map((c) => c.name).sort();

    return {
        path: new URL(page.url()).pathname,
        cookie,
        ga: js ? /(^|;\s*)_ga=/.test(cookie) : cookies.includes('_ga'),
        cookies,
        banner,
        tags,
        state,
        gcm,
    };
}


// in the page: what its Google tag snippet queued with gtag('consent',
// 'default', ...), the state nginx printed with $consent_gcm; null without
// one, "many" with more than one

function consentDefault() {
    const found = (window.dataLayer || []).filter((a) => a
        && a[0] === 'consent' && a[1] === 'default');

    if (found.length > 1) {
        return 'many';
    }

    return found.length ? found[0][2] : null;
}


// the privacy page's line on Global Privacy Control, or null

async function gpcStatus(page) {
    const el = page.locator('#gpc-status');

    return (await el.count()) ? (await el.innerText()).trim() : null;
}


async function visit(page, p) {
    await page.goto(base + p, { waitUntil: 'load' });
    await settle(page);
}


// clicks a submit button and waits for the page that follows: the reload
// after consent.js's fetch, or the 303 of the plain form

async function submit(page, selector) {
    await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.click(selector),
    ]);

    await settle(page);
}


async function screenshot(page, name) {
    if (!shots) {
        return;
    }

    mkdirSync(shots, { recursive: true });

    const file = path.join(shots, name);

    await page.screenshot({ path: file });
    out.screenshots.push(file);
}


async function newVisitor(browser, name, options = {}) {
    const rec = record(name);
    const started = Date.now();
    const version = browser.version();

    rec.ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 '
        + `(KHTML, like Gecko) HeadlessChrome/${version} Safari/537.36 `
        + `consent-e2e/${name}`;

    const context = await browser.newContext({
        viewport: VIEWPORT,
        deviceScaleFactor: 1,
        userAgent: rec.ua,
        ...options,
    });

    context.setDefaultTimeout(STEP_TIMEOUT);
    context.on('close', () => {
        rec.ms = Date.now() - started;
    });

    const page = await context.newPage();

    track(context, page, rec);
    out.scenarios[name] = rec;

    return { context, page, rec };
}


async function run(browser) {
    let v;

    // 1. no decision yet

    v = await newVisitor(browser, 'before');
    await visit(v.page, '/');
    v.rec.steps.index = await snapshot(v.context, v.page, true);
    await screenshot(v.page, 'banner.png');
    await visit(v.page, '/about.html');
    await sleep(300);
    v.rec.steps.about = await snapshot(v.context, v.page, true);
    await v.context.close();

    // 2. "Analytics" ticked, "Save choices"; then withdrawn

    v = await newVisitor(browser, 'accept');
    await visit(v.page, '/');
    v.rec.steps.first = await snapshot(v.context, v.page, true);

    await v.page.check('#consent-banner input[name="analytics"]');
    await submit(v.page, '#consent-banner button[name="save"]');
    await waitFor(() => v.rec.collect.length > 0, 5000);
    await waitFor(() => v.rec.collect.every((e) => e.status !== null), 2000);
    v.rec.steps.consented = await snapshot(v.context, v.page, true);
    await screenshot(v.page, 'consented.png');

    const beacons = v.rec.collect.length;

    await visit(v.page, '/about.html');
    await waitFor(() => v.rec.collect.length > beacons, 5000);
    v.rec.steps.about = await snapshot(v.context, v.page, true);

    await visit(v.page, '/privacy.html');
    v.rec.steps.privacy = await snapshot(v.context, v.page, true);
    v.rec.collect_before_withdrawal = v.rec.collect.length;

    await submit(v.page, '#choice button[name="reject"]');
    await sleep(300);
    v.rec.steps.withdrawn = await snapshot(v.context, v.page, true);
    v.rec.collect_after_withdrawal =
        v.rec.collect.length - v.rec.collect_before_withdrawal;

    const storageState = await v.context.storageState();

    await v.context.close();

    // 3. the same browser after the withdrawal

    v = await newVisitor(browser, 'withdraw', { storageState });
    await visit(v.page, '/');
    v.rec.steps.index = await snapshot(v.context, v.page, true);
    await visit(v.page, '/about.html');
    await sleep(300);
    v.rec.steps.about = await snapshot(v.context, v.page, true);
    await v.context.close();

    // 4. Global Privacy Control: "Accept all" leaves marketing out

    v = await newVisitor(browser, 'gpc', {
        extraHTTPHeaders: { 'Sec-GPC': '1' },
    });
    await visit(v.page, '/');
    v.rec.steps.first = await snapshot(v.context, v.page, true);
    await submit(v.page, '#consent-banner button[name="accept"]');
    await waitFor(() => v.rec.collect.length > 0, 5000);
    v.rec.steps.consented = await snapshot(v.context, v.page, true);
    await visit(v.page, '/about.html');
    await sleep(300);
    v.rec.steps.about = await snapshot(v.context, v.page, true);
    await visit(v.page, '/privacy.html');
    v.rec.steps.privacy = await snapshot(v.context, v.page, true);
    v.rec.steps.privacy.gpc_status = await gpcStatus(v.page);

    const gpcState = await v.context.storageState();

    await v.context.close();

    // 5. the same browser with GPC turned off: the opt-out is remembered;
    //    then marketing granted on purpose, with the override

    v = await newVisitor(browser, 'gpclater', { storageState: gpcState });
    await visit(v.page, '/');
    v.rec.steps.index = await snapshot(v.context, v.page, true);
    await visit(v.page, '/about.html');
    await sleep(300);
    v.rec.steps.about = await snapshot(v.context, v.page, true);
    await visit(v.page, '/privacy.html');
    v.rec.steps.privacy = await snapshot(v.context, v.page, true);
    v.rec.steps.privacy.gpc_status = await gpcStatus(v.page);
    v.rec.steps.privacy.override = await v.page
        .locator('#choice input[name="gpc_override"]').count();
    v.rec.pixel_before_override = v.rec.pixel.length;

    await v.page.check('#choice input[name="marketing"]');
    await v.page.check('#choice input[name="gpc_override"]');
    await submit(v.page, '#choice button[name="save"]');
    v.rec.steps.overridden = await snapshot(v.context, v.page, true);
    v.rec.steps.overridden.gpc_status = await gpcStatus(v.page);

    await visit(v.page, '/about.html');
    await waitFor(() => v.rec.pixel.length > v.rec.pixel_before_override,
                  5000);
    await waitFor(() => v.rec.pixel.every((e) => e.status !== null), 2000);
    v.rec.steps.after = await snapshot(v.context, v.page, true);
    await v.context.close();

    // 6. JavaScript off: the plain form, "Accept all"

    v = await newVisitor(browser, 'nojs', { javaScriptEnabled: false });
    await visit(v.page, '/');
    v.rec.steps.first = await snapshot(v.context, v.page, false);
    await submit(v.page, '#consent-banner button[name="accept"]');
    await waitFor(() => v.rec.pixel.length > 0, 5000);
    await waitFor(() => v.rec.pixel.every((e) => e.status !== null), 2000);
    v.rec.steps.consented = await snapshot(v.context, v.page, false);
    await v.context.close();
}


let browser;
let rc = 0;

try {
    browser = await chromium.launch({
        executablePath,
        headless: true,
        args: ARGS,
        timeout: 30000,
    });

    out.chromium = browser.version();

    await run(browser);

} catch (err) {
    out.error = String(err && err.stack ? err.stack : err);
    rc = 1;

} finally {
    if (browser) {
        await browser.close().catch(() => {});
    }
}

process.stdout.write(JSON.stringify(out, null, 1) + '\n');
process.exit(rc);
