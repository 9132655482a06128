'use strict';

/*
 * The reference side of the TCF differential test (t/tcf_diff.t).
 *
 *   node diff.js NODE_MODULES DRIVER COUNT SEED
 *
 * Builds COUNT random TC models (seeded, so every run makes the same
 * strings), encodes each with @iabtcf/core, decodes it again with
 * @iabtcf/core and with the C driver (consent_tcf_decode and
 * consent_tcf_parse), and compares.  It also cuts every string short at
 * a random place and checks that the C decoder refuses a string that
 * @iabtcf/core refuses.  Prints one JSON object: for every field class
 * the number of strings compared, the number of mismatches and the first
 * mismatching string with both sides' values.
 */

const path = require('path');
const child = require('child_process');

const [nodeModules, driver, countArg, seedArg] = process.argv.slice(2);

const core = require(path.join(path.resolve(nodeModules), '@iabtcf', 'core'));
const { TCModel, TCString, GVL, PurposeRestriction, RestrictionType } = core;

const COUNT = parseInt(countArg || '3000', 10);
let seed = parseInt(seedArg || '20251123', 10) >>> 0;


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

function letter() {
    return String.fromCharCode(65 + int(0, 25));
}

function subset(n, p) {
    const out = [];
    for (let k = 1; k <= n; k++) {
        if (chance(p)) {
            out.push(k);
        }
    }
    return out;
}

function bits(ids) {
    let v = 0;
    for (const k of ids) {
        v += 2 ** (k - 1);
    }
    return v;
}

function vectorBits(vector, n) {
    let v = 0;
    for (let k = 1; k <= n; k++) {
        if (vector.has(k)) {
            v += 2 ** (k - 1);
        }
    }
    return v;
}


/* a small vendor list, made up: enough for vendor sections to be there */

function vendorList(version, policy) {
    const vendors = {};
    const n = int(0, 12);

    for (let i = 0; i < n; i++) {
        const id = chance(0.5) ? int(1, 60) : int(1, 1200);
        vendors[id] = {
            id: id,
            name: 'vendor ' + id,
            purposes: [1, 2],
            legIntPurposes: [7],
            flexiblePurposes: [2],
            specialPurposes: [],
            features: [],
            specialFeatures: [],
            policyUrl: 'https://vendor.example/' + id,
        };
    }

    const purposes = {};

    for (let k = 1; k <= 11; k++) {
        purposes[k] = { id: k, name: 'purpose ' + k, description: '' };
    }

    return {
        gvlSpecificationVersion: 3,
        vendorListVersion: version,
        tcfPolicyVersion: policy,
        lastUpdated: '2025-01-01T00:00:00Z',
        purposes: purposes,
        specialPurposes: {},
        features: {},
        specialFeatures: {},
        stacks: {},
        vendors: vendors,
    };
}


/* deciseconds fit 36 bits; keep the rounded value inside them */

const MAX_MS = (2 ** 36 - 1) * 100 - 50;

function date() {
    switch (int(0, 3)) {
    case 0:
        /* day-level, as TCF 2.2 CMPs write it */
        return new Date(Math.floor(int(0, MAX_MS) / 86400000) * 86400000);
    case 1:
        /* around now */
        return new Date(1.7e12 + int(0, 1e11));
    case 2:
        return new Date(int(0, 999));
    default:
        return new Date(int(0, MAX_MS));
    }
}


function model() {
    const gvl = new GVL(vendorList(int(1, 4095), int(0, 63)));

    /*
     * The encoder takes ConsentLanguage from the GVL's language; the
     * language cache filled in main() keeps changeLanguage() off the
     * network (and synchronous).
     */
    gvl.changeLanguage(LANGUAGES[int(0, LANGUAGES.length - 1)]);

    const tc = new TCModel(gvl);

    tc.cmpId = int(2, 4095);
    tc.cmpVersion = int(0, 4095);
    tc.consentScreen = int(0, 63);
    tc.isServiceSpecific = chance(0.85);
    tc.useNonStandardStacks = chance(0.5);
    tc.purposeOneTreatment = chance(0.3);
    tc.publisherCountryCode = letter() + letter();
    tc.created = date();
    tc.lastUpdated = chance(0.7) ? tc.created : date();

    const all = chance(0.1), none = !all && chance(0.1);
    const p = all ? 1 : none ? 0 : rand();

    tc.purposeConsents.set(subset(24, p));
    tc.purposeLegitimateInterests.set(subset(24, rand()));
    tc.specialFeatureOptins.set(subset(12, rand()));

    for (const id of Object.keys(gvl.vendors)) {
        if (chance(0.6)) {
            tc.vendorConsents.set(Number(id));
        }
        if (chance(0.4)) {
            tc.vendorLegitimateInterests.set(Number(id));
        }
        if (chance(0.2)) {
            tc.publisherRestrictions.add(Number(id),
                new PurposeRestriction(2, chance(0.5)
                    ? RestrictionType.NOT_ALLOWED
                    : RestrictionType.REQUIRE_LI));
        }
    }

    const segments = ['core'];
    const extra = [];

    if (chance(0.6)) {
        const pp = chance(0.15) ? 1 : chance(0.15) ? 0 : rand();

        tc.publisherConsents.set(subset(24, pp));
        tc.publisherLegitimateInterests.set(subset(24, rand()));

        const custom = chance(0.5) ? 0 : int(1, 8);
        tc.numCustomPurposes = custom;
        tc.publisherCustomConsents.set(subset(custom, 0.5));
        tc.publisherCustomLegitimateInterests.set(subset(custom, 0.5));

        extra.push('publisherTC');
    }

    if (chance(0.3)) {
        extra.push('vendorsDisclosed');
    }

    if (chance(0.5)) {
        extra.reverse();
    }

    return { tc, segments: segments.concat(extra) };
}


/* what the C side prints, one field a column */

const COLUMNS = [
    'decode_rc', 'version', 'created', 'last_updated', 'cmp_id',
    'cmp_version', 'consent_screen', 'consent_language',
    'vendor_list_version', 'policy_version', 'is_service_specific',
    'use_non_standard_texts', 'special_feature_optins', 'purposes_consent',
    'purposes_li', 'purpose_one_treatment', 'publisher_cc',
    'has_publisher_tc', 'pub_purposes_consent', 'pub_purposes_li',
    'pub_num_custom_purposes', 'parse_rc', 'granted', 'timestamp',
];

function runDriver(strings) {
    const out = child.execFileSync(driver, [], {
        input: strings.join('\n') + '\n',
        maxBuffer: 256 * 1024 * 1024,
    }).toString().split('\n');

    return strings.map((s, i) => {
        const cols = (out[i] || '').split(' ');
        const row = {};
        COLUMNS.forEach((name, j) => {
            row[name] = cols[j];
        });
        return row;
    });
}


/* field classes: name -> function(reference, model, string) -> value */

const CONSENT_OK = 0, CONSENT_EINVAL = -2, CONSENT_EPOLICY = -9;

/* TCF 2.2 (policy 4) is required of strings created since 2023-11-20 */
const TCF22_SINCE = Date.UTC(2023, 10, 20);

function parseRc(r) {
    if (r.ref.policyVersion < 4 && r.ref.created.getTime() >= TCF22_SINCE) {
        return CONSENT_EPOLICY;
    }

    return r.ref.isServiceSpecific ? CONSENT_OK : CONSENT_EINVAL;
}


const CLASSES = {
    decode_rc: (r) => [CONSENT_OK],
    version: (r) => [r.ref.version],
    created: (r) => [r.ref.created.getTime() / 100],
    last_updated: (r) => [r.ref.lastUpdated.getTime() / 100],
    cmp: (r) => [r.ref.cmpId, r.ref.cmpVersion, r.ref.consentScreen],
    consent_language: (r) => [r.ref.consentLanguage],
    vendor_list_version: (r) => [r.ref.vendorListVersion],
    policy_version: (r) => [r.ref.policyVersion],
    flags: (r) => [r.ref.isServiceSpecific ? 1 : 0,
                   r.ref.useNonStandardStacks ? 1 : 0,
                   r.ref.purposeOneTreatment ? 1 : 0],
    special_feature_optins: (r) => [vectorBits(r.ref.specialFeatureOptins, 12)],
    purposes_consent: (r) => [vectorBits(r.ref.purposeConsents, 24)],
    purposes_li: (r) => [vectorBits(r.ref.purposeLegitimateInterests, 24)],
    publisher_cc: (r) => [r.ref.publisherCountryCode],
    publisher_tc: (r) => r.pub
        ? [1, vectorBits(r.ref.publisherConsents, 24),
           vectorBits(r.ref.publisherLegitimateInterests, 24),
           r.ref.numCustomPurposes]
        : [0, 0, 0, 0],
    parse_rc: (r) => [parseRc(r)],
    granted: (r) => [parseRc(r) !== CONSENT_OK ? 0
                     : r.pub ? vectorBits(r.ref.publisherConsents, 24)
                     : vectorBits(r.ref.purposeConsents, 24)],
    timestamp: (r) => [parseRc(r) !== CONSENT_OK ? -1
                       : Math.floor(r.ref.lastUpdated.getTime() / 1000)],
    model: (r) => [Math.round(r.tc.created.getTime() / 100),
                   Math.round(r.tc.lastUpdated.getTime() / 100),
                   r.tc.cmpId, bits(r.tc.purposeConsents.values())],
};

const C_SIDE = {
    decode_rc: (c) => [+c.decode_rc],
    version: (c) => [+c.version],
    created: (c) => [+c.created],
    last_updated: (c) => [+c.last_updated],
    cmp: (c) => [+c.cmp_id, +c.cmp_version, +c.consent_screen],
    consent_language: (c) => [c.consent_language],
    vendor_list_version: (c) => [+c.vendor_list_version],
    policy_version: (c) => [+c.policy_version],
    flags: (c) => [+c.is_service_specific, +c.use_non_standard_texts,
                   +c.purpose_one_treatment],
    special_feature_optins: (c) => [+c.special_feature_optins],
    purposes_consent: (c) => [+c.purposes_consent],
    purposes_li: (c) => [+c.purposes_li],
    publisher_cc: (c) => [c.publisher_cc],
    publisher_tc: (c) => [+c.has_publisher_tc, +c.pub_purposes_consent,
                          +c.pub_purposes_li, +c.pub_num_custom_purposes],
    parse_rc: (c) => [+c.parse_rc],
    granted: (c) => [+c.granted],
    timestamp: (c) => [+c.timestamp],
    model: (c) => [+c.created, +c.last_updated, +c.cmp_id,
                   +c.purposes_consent],
};


const LANGUAGES = [];

function main() {
    const cases = [];

    GVL.consentLanguages.forEach((lang) => {
        LANGUAGES.push(lang);
        const list = vendorList(1, 4);

        GVL.LANGUAGE_CACHE.set(lang, {
            purposes: list.purposes,
            specialPurposes: list.specialPurposes,
            features: list.features,
            specialFeatures: list.specialFeatures,
            stacks: list.stacks,
        });
    });

    for (let i = 0; i < COUNT; i++) {
        const { tc, segments } = model();
        const str = TCString.encode(tc, { segments });
        const ref = TCString.decode(str);

        cases.push({ tc, str, ref, pub: segments.includes('publisherTC') });
    }

    const rows = runDriver(cases.map((c) => c.str));
    const result = { count: cases.length, classes: {} };

    for (const name of Object.keys(CLASSES)) {
        const cls = { compared: 0, mismatches: 0 };

        cases.forEach((c, i) => {
            const want = JSON.stringify(CLASSES[name](c));
            const got = JSON.stringify(C_SIDE[name](rows[i]));

            cls.compared++;

            if (want !== got) {
                cls.mismatches++;
                if (!cls.first) {
                    cls.first = { string: c.str, reference: want, c: got };
                }
            }
        });

        result.classes[name] = cls;
    }

    /*
     * Truncated strings: whatever @iabtcf/core refuses the C decoder must
     * refuse too (it may refuse more: it checks every segment completely).
     */

    const cut = cases.map((c) => {
        const n = int(1, c.str.length - 1);
        return c.str.slice(0, n).replace(/\.$/, '');
    });
    const cutRows = runDriver(cut);
    const trunc = { compared: 0, mismatches: 0, referenceRefused: 0,
                    cRefused: 0 };

    cut.forEach((s, i) => {
        let refOk = true;

        try {
            TCString.decode(s);
        } catch (e) {
            refOk = false;
        }

        trunc.compared++;
        trunc.referenceRefused += refOk ? 0 : 1;
        trunc.cRefused += +cutRows[i].decode_rc === CONSENT_OK ? 0 : 1;

        if (!refOk && +cutRows[i].decode_rc === CONSENT_OK) {
            trunc.mismatches++;
            if (!trunc.first) {
                trunc.first = { string: s, reference: 'error',
                                c: cutRows[i].decode_rc };
            }
        }
    });

    result.classes.truncated = trunc;

    process.stdout.write(JSON.stringify(result) + '\n');
}

main();
