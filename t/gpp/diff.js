'use strict';

/*
 * The reference side of the GPP differential test (t/gpp_diff.t).
 *
 *   node diff.js NODE_MODULES DRIVER COUNT SEED
 *
 * Builds COUNT random GPP models (seeded, so every run makes the same
 * strings): one to all of the sections that @iabgpp/cmpapi writes, each
 * field at a random legal value, usnat in its v1 and v2 layouts, GPC
 * subsections present and absent.  Each is encoded by @iabgpp/cmpapi,
 * decoded again by @iabgpp/cmpapi and by the C driver
 * (consent_gpp_decode and consent_gpp_parse), and every field the module
 * uses is compared; consent_gpp_parse() is compared with what issue 15
 * says the string decides.  A few fixed strings (real ones, and those
 * that once found a bug) go through the same comparison.
 *
 * Every string is then mutated once (cut short, a character changed, bits
 * of the header or a section changed, sections put under other IDs, a
 * section dropped, a section doubled, junk appended) and the properties
 * that must hold for any input are checked: the C side does not crash; a
 * failed decode grants and refuses nothing; a successful one is
 * consistent with itself; what @iabgpp/cmpapi cannot decode is not read
 * cleanly by the C side either; and the sections that both sides read,
 * they read alike.
 *
 * Prints one JSON object: for every class the number of strings
 * compared, the number of mismatches and the first mismatching string
 * with both sides' values; the coverage of fields and values; counts.
 */

const path = require('path');
const child = require('child_process');

const [nodeModules, driver, countArg, seedArg] = process.argv.slice(2);

const gpp = require(path.join(path.resolve(nodeModules), '@iabgpp',
                              'cmpapi'));
const { GppModel, HeaderV1, Sections } = gpp;

const COUNT = parseInt(countArg || '3000', 10);
const VERBOSE = !!process.env.GPP_DIFF_VERBOSE;  /* 20 mismatches a class */
let seed = parseInt(seedArg || '20261207', 10) >>> 0;


/* mulberry32: small, seeded, good enough to pick test cases */

function rand() {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function int(lo, hi) {
    return lo + Math.floor(rand() * (hi - lo + 1));
}

function chance(p) {
    return rand() < p;
}

function pick(a) {
    return a[int(0, a.length - 1)];
}

function letter() {
    return String.fromCharCode(65 + int(0, 25));
}

function bools(n, p) {
    const out = [];
    for (let k = 0; k < n; k++) {
        out.push(chance(p));
    }
    return out;
}

function boolBits(a) {
    let v = 0;
    for (let k = 0; k < a.length; k++) {
        if (a[k]) {
            v += 2 ** k;
        }
    }
    return v;
}


/* what the module reads, and its codes (consent_core.h) */

const CONSENT_OK = 0;

/*
 * TCF 2.2 (TcfPolicyVersion 4) is required of strings created since
 * 2023-11-20 00:00 UTC: a newer section 2 of an older policy fails the
 * whole string (t/unit/test_gpp.c), as a TC string that format=tcf
 * refuses does.  The models here keep an older policy to strings created
 * before that day, which must still read.
 */
const TCF22_SINCE = Date.UTC(2023, 10, 20);

const REFUSED_SALE = 0x01;
const REFUSED_SHARING = 0x02;
const REFUSED_TARGETED = 0x04;
const REFUSED_GPC = 0x08;
const REFUSED_UNREADABLE = 0x10;

const OPT_OUTS = [
    ['SaleOptOut', REFUSED_SALE],
    ['SharingOptOut', REFUSED_SHARING],
    ['TargetedAdvertisingOptOut', REFUSED_TARGETED],
];

const INCLUDED = ['GpcSegmentIncluded', 'SensitiveDataConsentSegmentIncluded'];

const TCFEUV2 = 2;
const TCFCAV1 = 5;
const USPV1 = 6;
const USNAT = 7;

/* consent frameworks that can only grant: skipped (consent_gpp.h) */
const SKIPPED = [1, TCFCAV1];


/* every section @iabgpp/cmpapi writes, in the order it writes them */

const SECTIONS = [];

for (const [id, name] of Sections.SECTION_ID_NAME_MAP) {
    const cls = Object.values(gpp).find(
        (c) => c && c.NAME === name && c.ID === id);
    SECTIONS.push({ id, name, cls });
}

SECTIONS.sort((a, b) => a.id - b.id);

const BY_ID = new Map(SECTIONS.map((s) => [s.id, s]));


/*
 * The legal values of a field of a US section: those its validator in
 * @iabgpp/cmpapi accepts among what its width can hold.
 */

function legal(field) {
    const kind = field.constructor.name;
    const all = [0, 1, 2, 3];

    if (kind === 'EncodableFixedInteger') {
        return field.validator
            ? all.filter((v) => field.validator.test(v)) : null;
    }

    if (kind === 'EncodableFixedIntegerList') {
        return field.validator
            ? all.filter((v) => field.validator.test([v])) : null;
    }

    if (kind === 'EncodableBoolean') {
        return [false, true];
    }

    return null;
}


/* coverage: section.field=value seen in an encoded model */

const coverage = new Map();

function cover(id, name, value) {
    const key = id + '.' + name + '=' + value;
    coverage.set(key, (coverage.get(key) || 0) + 1);
}

function wantCoverage() {
    const want = [];

    for (const sec of SECTIONS) {
        if (sec.id === TCFEUV2 || sec.id === TCFCAV1) {
            want.push(sec.id + '.present=1');
            if (sec.id === TCFEUV2) {
                want.push(sec.id + '.old_policy=1');
            }
            continue;
        }

        if (sec.id === USPV1) {
            for (const f of ['Notice', 'OptOutSale', 'LspaCovered']) {
                for (const c of ['-', 'Y', 'N']) {
                    want.push(sec.id + '.' + f + '=' + c);
                }
            }
            continue;
        }

        for (const seg of new sec.cls().segments) {
            for (const name of seg.getFieldNames()) {
                const vals = legal(seg.fields.get(name));
                if (vals === null || name === 'GpcSegmentType') {
                    continue;
                }
                for (const v of vals) {
                    want.push(sec.id + '.' + name + '=' + v);
                }
            }
        }

        if (sec.id === USNAT) {
            want.push(sec.id + '.Version=1', sec.id + '.Version=2');
        }

        for (const inc of INCLUDED) {
            if (new sec.cls().segments.some((s) => s.hasField(inc))) {
                want.push(sec.id + '.' + inc + '=false',
                          sec.id + '.' + inc + '=true');
            }
        }
    }

    want.push('string.sections=0', 'string.sections=1',
              'string.sections=2..4', 'string.sections=5+',
              'string.sections=all');

    return want;
}


/* one US section: every field at a random legal value */

function usSection(model, sec, calm) {
    const proto = new sec.cls();

    if (sec.id === USNAT) {
        const v = chance(0.5) ? 1 : 2;
        model.setFieldValue(sec.name, 'Version', v);
        cover(sec.id, 'Version', v);
    }

    for (const seg of proto.segments) {
        for (const name of seg.getFieldNames()) {
            const field = seg.fields.get(name);
            let vals = legal(field);

            if (vals === null || name === 'GpcSegmentType') {
                continue;
            }

            /* a "calm" section opts out of nothing */

            if (calm && OPT_OUTS.some((o) => o[0] === name)) {
                vals = vals.filter((v) => v !== 1);
            }

            if (calm && name === 'Gpc') {
                vals = [false];
            }

            let value;

            if (field.constructor.name === 'EncodableFixedIntegerList') {
                value = field.getValue().map(() => pick(vals));
                for (const v of new Set(value)) {
                    cover(sec.id, name, v);
                }

            } else {
                value = pick(vals);
                cover(sec.id, name, value);
            }

            model.setFieldValue(sec.name, name, value);
        }

        for (const inc of INCLUDED) {
            if (seg.hasField(inc)) {
                const v = chance(0.5);
                model.setFieldValue(sec.name, inc, v);
                cover(sec.id, inc, v);
            }
        }
    }
}


/*
 * uspv1: the reference takes any of '-', 'Y', 'N' anywhere; the US
 * Privacy specification allows '-' as the opt-out only in "1---", and
 * the module reads the rest as a section it cannot read.
 */

function uspSection(model, calm) {
    let c;

    if (chance(0.15)) {
        c = ['-', '-', '-'];
    } else if (chance(0.8)) {
        c = [pick('YN-'), calm ? 'N' : pick('YN'), pick('YN-')];
    } else {
        c = [pick('YN-'), pick('YN-'), pick('YN-')];
    }

    ['Notice', 'OptOutSale', 'LspaCovered'].forEach((f, i) => {
        model.setFieldValue('uspv1', f, c[i]);
        cover(USPV1, f, c[i]);
    });
}


/* deciseconds fit 36 bits; keep the rounded value inside them */

const MAX_MS = (2 ** 36 - 1) * 100 - 50;

function date() {
    switch (int(0, 3)) {
    case 0:
        return new Date(Math.floor(int(0, MAX_MS) / 86400000) * 86400000);
    case 1:
        return new Date(1.7e12 + int(0, 1e11));
    case 2:
        return new Date(int(0, 999));
    default:
        return new Date(int(0, MAX_MS));
    }
}

function vendors() {
    const out = new Set();
    const n = chance(0.3) ? 0 : int(1, 12);

    for (let i = 0; i < n; i++) {
        out.add(chance(0.5) ? int(1, 60) : int(1, 1200));
    }

    return [...out].sort((a, b) => a - b);
}


/*
 * tcfeuv2: the fields that t/tcf_diff.t compares.  @iabgpp/cmpapi writes
 * only service-specific strings, always with the DisclosedVendors and
 * Publisher TC segments, and clears the legitimate interest of purposes
 * 1 and 3 to 6; setting any field moves Created and LastUpdated to
 * today, so the dates are set last, on the core segment itself, so that
 * they may differ.
 */

function tcfSection(model) {
    const set = (f, v) => model.setFieldValue('tcfeuv2', f, v);
    const all = chance(0.1), none = !all && chance(0.1);
    const p = all ? 1 : none ? 0 : rand();
    const old = chance(0.2);

    set('CmpId', int(2, 4095));
    set('CmpVersion', int(0, 4095));
    set('ConsentScreen', int(0, 63));
    set('ConsentLanguage', letter() + letter());
    set('VendorListVersion', int(1, 4095));
    set('PolicyVersion', old ? int(0, 3) : int(4, 63));
    set('UseNonStandardStacks', chance(0.5));
    set('SpecialFeatureOptins', bools(12, rand()));
    set('PurposeConsents', bools(24, p));
    set('PurposeLegitimateInterests', bools(24, rand()));
    set('PurposeOneTreatment', chance(0.3));
    set('PublisherCountryCode', letter() + letter());
    set('VendorConsents', vendors());
    set('VendorLegitimateInterests', vendors());
    set('VendorsDisclosed', vendors());

    const pp = chance(0.15) ? 1 : chance(0.15) ? 0 : rand();
    const custom = chance(0.5) ? 0 : int(1, 8);

    set('PublisherConsents', bools(24, pp));
    set('PublisherLegitimateInterests', bools(24, rand()));
    set('NumCustomPurposes', custom);
    set('PublisherCustomConsents', bools(custom, 0.5));
    set('PublisherCustomLegitimateInterests', bools(custom, 0.5));

    const core = model.sections.get('tcfeuv2').segments[0];
    const created = old ? new Date(int(0, TCF22_SINCE - 1)) : date();

    core.setFieldValue('Created', created);
    core.setFieldValue('LastUpdated', chance(0.7) ? created : date());
    model.sections.get('tcfeuv2').setIsDirty(true);

    cover(TCFEUV2, 'present', 1);
    cover(TCFEUV2, 'old_policy', old ? 1 : 0);
}

function tcfcaSection(model) {
    model.setFieldValue('tcfcav1', 'CmpId', int(2, 4095));
    model.setFieldValue('tcfcav1', 'PurposesExpressConsent',
                        bools(24, rand()));
    cover(TCFCAV1, 'present', 1);
}


function randomModel() {
    const model = new GppModel();
    let chosen;

    switch (pick([1, 1, 1, 1, 2, 2, 2, 3, 4, 0])) {
    case 0:
        chosen = chance(0.5) ? [] : SECTIONS.slice();
        break;
    case 1:
        chosen = [pick(SECTIONS)];
        break;
    case 2:
    case 3:
        chosen = SECTIONS.filter(() => chance(int(2, 4) / SECTIONS.length));
        break;
    default:
        chosen = SECTIONS.filter(() => chance(0.3));
        break;
    }

    const calm = chance(0.3);

    for (const sec of chosen) {
        if (sec.id === TCFEUV2) {
            tcfSection(model);
        } else if (sec.id === TCFCAV1) {
            tcfcaSection(model);
        } else if (sec.id === USPV1) {
            uspSection(model, calm);
        } else {
            usSection(model, sec, calm);
        }
    }

    const n = chosen.length;

    cover('string', 'sections', n === SECTIONS.length ? 'all'
          : n >= 5 ? '5+' : n >= 2 ? '2..4' : n);

    return model;
}


/*
 * What the reference reads in a string, and what the module must make of
 * it.  Throws when @iabgpp/cmpapi cannot decode the string.
 */

/*
 * uspv1 as format=usprivacy reads it (consent_usprivacy.h): 'y' and 'n'
 * mean 'Y' and 'N', as IAB's USP API reference code lets them; the
 * GPP reference decodes them too, as they are.
 */

function usp(c) {
    return c === 'Y' || c === 'y' ? 1 : c === 'N' || c === 'n' ? 2 : 0;
}

function uspValid(n, o, l) {
    const ok = (c) => 'YyNn-'.includes(c) && c.length === 1;
    return ok(n) && ok(o) && ok(l)
        && (o !== '-' || (n === '-' && l === '-'));
}

function reference(str) {
    const model = new GppModel(str);

    model.toObject();

    const ids = new HeaderV1(str.split('~')[0]).getFieldValue('SectionIds');
    const get = (name, f) => model.getFieldValue(name, f);
    const r = { ids, sections: [], refused: 0, tcf: null };

    for (const id of ids) {
        const sec = BY_ID.get(id);
        const s = { id, rc: CONSENT_OK, known: 1, version: 0, sale: 0,
                    sharing: 0, targeted: 0, has_gpc: 0, gpc: 0 };

        if (SKIPPED.includes(id)) {
            s.known = 0;

        } else if (id === TCFEUV2) {
            const t = (f) => get('tcfeuv2', f);

            r.tcf = {
                version: t('Version'),
                created: t('Created').getTime() / 100,
                last_updated: t('LastUpdated').getTime() / 100,
                cmp: [t('CmpId'), t('CmpVersion'), t('ConsentScreen')],
                consent_language: t('ConsentLanguage'),
                vendor_list_version: t('VendorListVersion'),
                policy_version: t('PolicyVersion'),
                flags: [t('IsServiceSpecific') ? 1 : 0,
                        t('UseNonStandardStacks') ? 1 : 0,
                        t('PurposeOneTreatment') ? 1 : 0],
                special_feature_optins: boolBits(t('SpecialFeatureOptins')),
                purposes_consent: boolBits(t('PurposeConsents')),
                purposes_li: boolBits(t('PurposeLegitimateInterests')),
                publisher_cc: t('PublisherCountryCode'),
                publisher_tc: [0, 0, 0, 0],
            };

            /* a Publisher TC segment starts with 3 (011): 'Y'..'f' */

            const part = str.split('~')[ids.indexOf(id) + 1];

            if (part.split('.').slice(1).some((g) => /^[Y-Za-f]/.test(g))) {
                r.tcf.publisher_tc = [
                    1, boolBits(t('PublisherConsents')),
                    boolBits(t('PublisherLegitimateInterests')),
                    t('NumCustomPurposes')];
            }

        } else if (id === USPV1) {
            const n = get('uspv1', 'Notice'), o = get('uspv1', 'OptOutSale'),
                  l = get('uspv1', 'LspaCovered');

            s.version = get('uspv1', 'Version');

            if (s.version !== 1 || !uspValid(n, o, l)) {
                s.rc = 'error';
                r.refused |= REFUSED_UNREADABLE;
            } else {
                s.sale = usp(o);
                r.refused |= s.sale === 1 ? REFUSED_SALE : 0;
            }

        } else {
            const name = sec.name;
            const has = (f) => model.hasField(name, f);

            s.version = has('Version') ? get(name, 'Version')
                                       : get(name, 'MspaVersion');

            s.sale = has('SaleOptOut') ? get(name, 'SaleOptOut') : 0;
            s.sharing = has('SharingOptOut') ? get(name, 'SharingOptOut') : 0;
            s.targeted = has('TargetedAdvertisingOptOut')
                ? get(name, 'TargetedAdvertisingOptOut') : 0;

            if (has('Gpc') && get(name, 'GpcSegmentIncluded')) {
                s.has_gpc = 1;
                s.gpc = get(name, 'Gpc') ? 1 : 0;
            }

            for (const [f, bit] of OPT_OUTS) {
                if (has(f) && get(name, f) === 1) {
                    r.refused |= bit;
                }
            }

            r.refused |= s.gpc ? REFUSED_GPC : 0;
        }

        r.sections.push(s);
    }

    /* issue 15: US sections only refuse; section 2 grants as format=tcf */

    r.parse = r.tcf
        ? [CONSENT_OK,
           r.tcf.publisher_tc[0] ? r.tcf.publisher_tc[1]
                                 : r.tcf.purposes_consent,
           Math.floor(r.tcf.last_updated / 10), r.refused, 0]
        : [CONSENT_OK, 0, -1, r.refused, 1];

    return r;
}


/*
 * A model as the module sees it: every field, dates in deciseconds, and
 * whether the optional subsection is there.
 */

function snapshot(model) {
    const obj = model.toObject();

    for (const name of Object.keys(obj)) {
        for (const f of Object.keys(obj[name])) {
            if (obj[name][f] instanceof Date) {
                obj[name][f] = Math.round(obj[name][f].getTime() / 100);
            }
        }

        /* a subsection not written is not read back */

        for (const seg of model.sections.get(name).segments) {
            for (const inc of INCLUDED) {
                if (!seg.hasField(inc)) {
                    continue;
                }

                obj[name][inc] = seg.getFieldValue(inc);

                if (!obj[name][inc]) {
                    for (const f of seg.getFieldNames()) {
                        delete obj[name][f];
                    }
                }
            }
        }
    }

    return obj;
}


/*
 * Whether @iabgpp/cmpapi decodes a string, leaving out the sections the
 * module skips (consent frameworks that can only grant): what GppModel
 * checks (a "DB" header, as many sections as IDs, none blank), then each
 * other section decoded whole.
 */

function referenceReads(str) {
    const parts = str.split('~');
    let ids;

    try {
        ids = new HeaderV1(parts[0]).getFieldValue('SectionIds');
    } catch (e) {
        return false;
    }

    if (!str.startsWith('DB') || ids.length !== parts.length - 1) {
        return false;
    }

    for (let i = 0; i < ids.length; i++) {
        const sec = BY_ID.get(ids[i]);

        if (parts[i + 1].trim() === '') {
            return false;
        }

        if (SKIPPED.includes(ids[i])) {
            continue;
        }

        if (!sec) {
            return false;
        }

        /*
         * The TCF core, as for format=tcf, takes standard base64 and '='
         * padding too, and skips a segment of an unknown SegmentType
         * (4..7, a first character from 'g' on): that is the same TC
         * string for it.
         */

        let part = parts[i + 1];

        if (ids[i] === TCFEUV2) {
            part = part.split('.').map((g) => g.replace(/={1,2}$/, ''))
                .join('.').replace(/\+/g, '-').replace(/\//g, '_')
                .split('.').filter((g, k) => k === 0 || /^[A-Za-f]/.test(g))
                .join('.');
        }

        try {
            new sec.cls(part).toObj();
        } catch (e) {
            return false;
        }
    }

    return true;
}


/* field classes: name -> [reference side, C side], over every string */

function sectionCols(list, cols, readable) {
    return list.filter((s) => !readable || s.rc === CONSENT_OK)
        .map((s) => cols.map((c) => s[c]));
}

function cSections(c) {
    return c.s.map((a) => ({
        id: a[0], rc: a[1] === CONSENT_OK ? CONSENT_OK : 'error',
        known: a[2], version: a[3], sale: a[4], sharing: a[5],
        targeted: a[6], has_gpc: a[7], gpc: a[7] ? a[8] : 0,
    }));
}

const CLASSES = {
    decode_rc: [() => [CONSENT_OK], (c) => [c.rc]],
    header: [(r) => [3, 1, r.ids],
             (c) => [c.type, c.version, cSections(c).map((s) => s.id)]],
    section_known: [(r) => sectionCols(r.sections, ['id', 'known']),
                    (c) => sectionCols(cSections(c), ['id', 'known'])],
    section_rc: [(r) => sectionCols(r.sections, ['id', 'rc']),
                 (c) => sectionCols(cSections(c), ['id', 'rc'])],
    section_version: [
        (r) => sectionCols(r.sections, ['id', 'version'], true),
        (c) => sectionCols(cSections(c), ['id', 'version'], true)],
    opt_outs: [
        (r) => sectionCols(r.sections,
                           ['id', 'sale', 'sharing', 'targeted'], true),
        (c) => sectionCols(cSections(c),
                           ['id', 'sale', 'sharing', 'targeted'], true)],
    gpc: [(r) => sectionCols(r.sections, ['id', 'has_gpc', 'gpc'], true),
          (c) => sectionCols(cSections(c), ['id', 'has_gpc', 'gpc'], true)],
    refused: [(r) => [r.refused], (c) => [c.refused]],
    parse: [(r) => r.parse, (c) => c.p],
};

/* section 2, compared as t/tcf_diff.t does, over the strings that have it */

const TCF_COLS = ['version', 'created', 'last_updated', 'cmp_id',
    'cmp_version', 'consent_screen', 'consent_language',
    'vendor_list_version', 'policy_version', 'is_service_specific',
    'use_non_standard_texts', 'special_feature_optins', 'purposes_consent',
    'purposes_li', 'purpose_one_treatment', 'publisher_cc',
    'has_publisher_tc', 'pub_purposes_consent', 'pub_purposes_li',
    'pub_num_custom_purposes'];

function cTcf(c) {
    if (!c.tcf) {
        return null;
    }

    const t = {};
    TCF_COLS.forEach((name, i) => {
        t[name] = c.tcf[i];
    });

    return {
        version: t.version,
        created: t.created,
        last_updated: t.last_updated,
        cmp: [t.cmp_id, t.cmp_version, t.consent_screen],
        consent_language: t.consent_language,
        vendor_list_version: t.vendor_list_version,
        policy_version: t.policy_version,
        flags: [t.is_service_specific, t.use_non_standard_texts,
                t.purpose_one_treatment],
        special_feature_optins: t.special_feature_optins,
        purposes_consent: t.purposes_consent,
        purposes_li: t.purposes_li,
        publisher_cc: t.publisher_cc,
        publisher_tc: [t.has_publisher_tc, t.pub_purposes_consent,
                       t.pub_purposes_li, t.pub_num_custom_purposes],
    };
}

const TCF_CLASSES = ['version', 'created', 'last_updated', 'cmp',
    'consent_language', 'vendor_list_version', 'policy_version', 'flags',
    'special_feature_optins', 'purposes_consent', 'purposes_li',
    'publisher_cc', 'publisher_tc'];


/* the C driver: one JSON object a line */

function runDriver(strings) {
    const res = child.spawnSync(driver, [], {
        input: strings.join('\n') + '\n',
        maxBuffer: 512 * 1024 * 1024,
    });

    const lines = (res.stdout || '').toString().split('\n');

    return {
        status: res.status,
        signal: res.signal,
        stderr: (res.stderr || '').toString().slice(0, 4000),
        rows: strings.map((s, i) => {
            try {
                return JSON.parse(lines[i]);
            } catch (e) {
                return null;
            }
        }),
    };
}


function newClass() {
    return { compared: 0, mismatches: 0 };
}

function record(cls, str, want, got) {
    const w = JSON.stringify(want), g = JSON.stringify(got);

    cls.compared++;

    if (w !== g) {
        cls.mismatches++;
        if (!cls.first) {
            cls.first = { string: str, reference: w, c: g };
        }
        if (VERBOSE && (cls.more = cls.more || []).length < 20) {
            cls.more.push({ string: str, reference: w, c: g });
        }
    }
}


/* strings that must decode as the reference says, whatever the seed */

const FIXED = [
    /* IAB's examples: usnat v1 with GPC, uspv1, tcfeuv2 */
    'DBABLA~BVQqAAAAAgA.QA',
    /* OneTrust's OTGPPConsent: Version 1 in the 72 bits of usnat v2 */
    'DBABLA~BVQqAAAAAAJY.QA',
    'DBABTA~1YN-',
    'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA',
    'DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN',
    'DBAA',
    /* lower case, as format=usprivacy takes it */
    'DBABTA~1yy-',
    'DBABzw~1nY-~BVQqAAAAAgA.QA',
];


/* mutations: each returns a string, never with a newline */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const JUNK = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    + '-_.~+/=% !"#*\x7f';

function mutate(str) {
    const parts = str.split('~');
    const kind = pick(['cut', 'cut', 'flip', 'flip', 'bits', 'bits', 'bits',
                       'ids', 'drop', 'dup', 'junk']);
    let out;

    switch (kind) {
    case 'ids': {
        /*
         * the same sections under other IDs (as many, increasing, 1 to
         * 30): each body read with the layout of another section
         */
        const ids = new Set();

        while (ids.size < parts.length - 1) {
            ids.add(chance(0.8) ? pick(SECTIONS).id : int(1, 30));
        }

        const h = new HeaderV1();
        h.setFieldValue('SectionIds', [...ids].sort((a, b) => a - b));
        parts[0] = h.encode();
        out = parts.join('~');
        break;
    }
    case 'bits': {
        /* one to three bits of the header or a section, base64url kept */
        const k = int(parts.length > 1 && chance(0.9) ? 1 : 0,
                      parts.length - 1);
        let part = parts[k];

        for (let n = int(1, 3); n > 0; n--) {
            const i = int(0, part.length - 1);
            const v = B64.indexOf(part[i]);

            if (v >= 0) {
                part = part.slice(0, i) + B64[v ^ (1 << int(0, 5))]
                    + part.slice(i + 1);
            }
        }

        parts[k] = part;
        out = parts.join('~');
        break;
    }
    case 'cut':
        out = str.slice(0, int(0, str.length - 1));
        break;
    case 'flip': {
        const i = int(0, str.length - 1);
        let c;
        do {
            c = JUNK[int(0, JUNK.length - 1)];
        } while (c === str[i]);
        out = str.slice(0, i) + c + str.slice(i + 1);
        break;
    }
    case 'drop':
        if (parts.length < 2) {
            out = str + '~';
            break;
        }
        parts.splice(int(1, parts.length - 1), 1);
        out = parts.join('~');
        break;
    case 'dup': {
        if (parts.length < 2) {
            out = str + str;
            break;
        }
        const i = int(1, parts.length - 1);
        parts.splice(i, 0, parts[i]);
        out = parts.join('~');
        break;
    }
    default:
        out = str + pick(['~', '.', '.QA', '~DBAA', 'A', '~1YN-', '=']);
        break;
    }

    return { kind, str: out };
}


/*
 * The properties of any decode.  Returns a reason when one does not
 * hold, null when all do.
 */

function properties(str, c, refOk) {
    if (c === null) {
        return 'no output';
    }

    const [prc, granted, timestamp, prefused, undecided] = c.p;

    if (prc !== c.rc) {
        return 'consent_gpp_parse and consent_gpp_decode disagree';
    }

    if (c.rc !== CONSENT_OK) {
        if (granted !== 0 || prefused !== 0 || undecided !== 0
            || timestamp !== -1)
        {
            return 'a failed decode grants or refuses';
        }

        return null;
    }

    const secs = cSections(c);
    let refused = 0;

    if (c.type !== 3 || c.version !== 1) {
        return 'Type or Version accepted';
    }

    if (c.n !== secs.length || c.n !== str.split('~').length - 1) {
        return 'as many sections as "~"-separated parts';
    }

    for (let i = 0; i < secs.length; i++) {
        const s = secs[i];

        if (i > 0 && s.id <= secs[i - 1].id) {
            return 'section IDs not increasing';
        }

        if (s.rc !== CONSENT_OK || (!s.known && !SKIPPED.includes(s.id))) {
            refused |= REFUSED_UNREADABLE;
            continue;
        }

        for (const v of [s.sale, s.sharing, s.targeted]) {
            if (v > 2) {
                return 'an opt-out field out of 0..2';
            }
        }

        refused |= s.sale === 1 ? REFUSED_SALE : 0;
        refused |= s.sharing === 1 ? REFUSED_SHARING : 0;
        refused |= s.targeted === 1 ? REFUSED_TARGETED : 0;
        refused |= s.has_gpc && s.gpc ? REFUSED_GPC : 0;
    }

    if (refused !== c.refused) {
        return 'refused is not what the sections say';
    }

    if (!!c.has_tcf !== secs.some((s) => s.id === TCFEUV2)) {
        return 'has_tcf without section 2';
    }

    if (prefused !== c.refused) {
        return 'consent_gpp_parse refuses otherwise';
    }

    if (c.has_tcf ? undecided !== 0 : (undecided !== 1 || granted !== 0)) {
        return 'grants without section 2';
    }

    if (!refOk && !(c.refused & REFUSED_UNREADABLE)) {
        return 'read cleanly what the reference cannot decode';
    }

    return null;
}


/*
 * Strings go to the driver in batches, so that a long run
 * (GPP_DIFF_COUNT=100000) keeps neither every model nor every row.
 */

const BATCH = 5000;

function newClasses() {
    const classes = {};

    for (const name of Object.keys(CLASSES)) {
        classes[name] = newClass();
    }
    for (const name of TCF_CLASSES) {
        classes['tcf_' + name] = newClass();
    }

    classes.reference_decodes = newClass();
    classes.model = newClass();
    classes.consistent = newClass();
    classes.mutated = newClass();
    classes.mutated.kinds = {};
    classes.mutated.c_refused = 0;
    classes.mutated.reference_refused = 0;
    classes.mutated_agree = newClass();

    return classes;
}

function driverFailed(result, run) {
    if ((run.status !== 0 || run.signal) && !result.driver_failure) {
        result.driver_failure = { status: run.status, signal: run.signal,
                                  stderr: run.stderr };
    }
}

function compare(classes, cases, rows) {
    cases.forEach((cs, i) => {
        const c = rows[i];
        let r;

        try {
            r = reference(cs.str);
        } catch (e) {
            record(classes.reference_decodes, cs.str, 'decoded', String(e));
            return;
        }

        record(classes.reference_decodes, cs.str, 'decoded', 'decoded');

        if (cs.model) {
            /* the oracle: the reference reads back the model it wrote */
            record(classes.model, cs.str, snapshot(cs.model),
                   snapshot(new GppModel(cs.str)));
        }

        for (const name of Object.keys(CLASSES)) {
            const [ref, cside] = CLASSES[name];
            record(classes[name], cs.str, ref(r),
                   c ? cside(c) : 'no output');
        }

        if (r.tcf) {
            const ct = c ? cTcf(c) : null;
            for (const name of TCF_CLASSES) {
                record(classes['tcf_' + name], cs.str, r.tcf[name],
                       ct ? ct[name] : 'no section 2');
            }
        }

        /* the unmutated strings keep the properties of any string */

        const why = properties(cs.str, c, true);
        record(classes.consistent, cs.str, null,
               why === null ? null : why + ': ' + JSON.stringify(c));
    });
}

function compareMutated(classes, muts, rows) {
    const prop = classes.mutated;

    muts.forEach((m, i) => {
        const c = rows[i];
        const refOk = referenceReads(m.str);

        prop.kinds[m.kind] = (prop.kinds[m.kind] || 0) + 1;
        prop.reference_refused += refOk ? 0 : 1;
        prop.c_refused += c && c.rc === CONSENT_OK ? 0 : 1;

        const why = properties(m.str, c, refOk);
        record(prop, m.str, null,
               why === null ? null : why + ': ' + JSON.stringify(c));

        /*
         * Where both sides read a mutated string, they read the same: the
         * section IDs, and every field of the sections both read.
         */

        if (!refOk || !c || c.rc !== CONSENT_OK) {
            return;
        }

        let r;

        try {
            r = reference(m.str);
        } catch (e) {
            return;
        }

        const cs = cSections(c);
        const cols = ['id', 'version', 'sale', 'sharing', 'targeted',
                      'has_gpc', 'gpc'];
        const both = (i) => r.sections[i] && r.sections[i].rc === CONSENT_OK
            && cs[i].rc === CONSENT_OK && cs[i].known;

        record(classes.mutated_agree, m.str,
               [r.ids, sectionCols(r.sections.filter((x, i) => both(i)),
                                   cols)],
               [cs.map((x) => x.id),
                sectionCols(cs.filter((x, i) => both(i)), cols)]);
    });
}

function main() {
    const result = { count: 0, fixed: FIXED.length, encode_errors: 0 };
    const classes = newClasses();
    let fixed = FIXED.slice();

    while (result.count < COUNT || fixed.length) {
        const cases = fixed.map((str) => ({ str, model: null }));
        const n = Math.min(BATCH, COUNT - result.count);

        fixed = [];

        while (cases.length < n) {
            const model = randomModel();
            let str;

            try {
                str = model.encode();
            } catch (e) {
                result.encode_errors++;
                result.encode_error = result.encode_error || String(e);
                continue;
            }

            cases.push({ str, model });
            result.count++;
        }

        const run = runDriver(cases.map((c) => c.str));
        driverFailed(result, run);
        compare(classes, cases, run.rows);

        const muts = cases.map((cs) => mutate(cs.str));
        const mrun = runDriver(muts.map((m) => m.str));
        driverFailed(result, mrun);
        compareMutated(classes, muts, mrun.rows);
    }

    result.classes = classes;

    const want = wantCoverage();
    result.coverage = {
        wanted: want.length,
        missing: want.filter((k) => !coverage.has(k)),
        seen: Object.fromEntries([...coverage.entries()].sort()),
    };

    process.stdout.write(JSON.stringify(result) + '\n');
}

main();
