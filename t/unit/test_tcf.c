
/*
 * Unit tests: the TCF v2.2 TC string decoder.
 *
 * Real strings (the example of the format notes, the example of the TCF
 * specification, strings written by @iabtcf/core 1.5.6 with the values in
 * their comments) and strings built bit by bit here.
 */


#include "tap.h"
#include "consent_tcf.h"

#include <stdint.h>
#include <stdlib.h>


/* FORMATS example: CMP 880, EN, no purposes, empty Publisher TC */
#define EXAMPLE                                                               \
    "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA."      \
    "YAAAAAAAAAAA"

/* the TCF specification's example: a v2.0 global-scope string */
#define SPEC                                                                  \
    "COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA.IFoEUQQgAIQwgIwQABAEA"   \
    "AAAOIAACAIAAAAQAIAgEAACEAAAAAgAQBAAAAAAAGBAAgAAAAAAAFAAECAAAgAAQARAEQ"   \
    "AAAAAJAAIAAgAAAYQEAAAQmAgBC3ZAYzUw"

/*
 * @iabtcf/core, CMP 300 version 2, screen 1, GVL 123, policy 4, DE,
 * created = last updated = 2025-06-01 (17487360000 ds), service-specific.
 */

/* purposes 1-11, LI 2 7-11, special features 1 2, vendor 755 */
#define ACCEPT_ALL  "CQSU_AAQSU_AAEsACBENB7EsAP_gAEPgAAYgF5wAQF5gAAAA"
/* nothing */
#define REJECT_ALL  "CQSU_AAQSU_AAEsACBENB7EgAAAAAAAAAAYgAAAAAAAA"
/* purposes 1 and 8 */
#define ANALYTICS   "CQSU_AAQSU_AAEsACBENB7EgAIEAAAAAAAYgAAAAAAAA"
/* core purposes 1-11; Publisher TC purposes 1 and 8, LI 9 */
#define PUB_ONLY                                                              \
    "CQSU_AAQSU_AAEsACBENB7EgAP_gAAAAAAYgAAAAAAAA.cCAAABAAAAAA"
/* core purposes 1-11; Publisher TC with nothing */
#define PUB_NONE                                                              \
    "CQSU_AAQSU_AAEsACBENB7EgAP_gAAAAAAYgAAAAAAAA.YAAAAAAAAAAA"
/* purposes 1-11, but IsServiceSpecific 0 */
#define GLOBAL      "CQSU_AAQSU_AAEsACBENB7EAAP_gAAAAAAYgAAAAAAAA"
/* purposes 1-24, CMP 4095 version 4095, GVL 4095, ZZ */
#define MAX_VALUES  "CQSU_AAQSU_AA____BEN__EgAP___wAAADLIAAAAAAAA"

/*
 * A real-shaped cookie of 305 characters (the benchmark's): CMP 10
 * version 2, screen 1, EN, GVL 300, policy 5, DE, service-specific,
 * purposes 1-4 7-10, LI 2 7-10, 172 vendors with consent and 53 with LI
 * up to vendor 739 as bit fields, then an empty Publisher TC.
 */
#define LONG                                                                  \
    "CQSU_AAQSU_AAAKACBENEsFgAPPAAEPAAAYgFxkCjhCAKEEAQSBMm0JgoFACBBBGMCBB"    \
    "eIpUkawGAIAAAAAYwAHACAKDEZIAECAgAMCrxECJHBgBjAEwBUcpCAACAkCQKIYLCwIA"    \
    "ASIJVNEAAAaBcMEBAFIYAAZIk4FxgCBAAQAAAAQQAJkAAAAAAAAAAAAAQAAAABAY8EBA"    \
    "CAAAAAAABAAACEIBAAACQAEgAAAAABABgAgAAAAACAACCQAAAAAAAIAAAIAgAoKBEAAA"    \
    "CAQAAAEgIAAAAEAIAAAA.YAAAAAAAAAAA"
#define LONG_CORE   292                /* characters before the '.' */

#define P(k)        ((uint32_t) 1 << ((k) - 1))


/* a bit writer, to build strings field by field */

typedef struct {
    u_char  bit[32768];
    size_t  n;
} bits_t;


typedef struct {
    unsigned     version;
    uint64_t     created;
    uint64_t     updated;
    unsigned     cmp_id;
    unsigned     cmp_version;
    unsigned     screen;
    unsigned     lang[2];              /* 0 = 'A' */
    unsigned     vlv;
    unsigned     policy;
    unsigned     ss;
    unsigned     nst;
    uint32_t     sf;
    uint32_t     pc;
    uint32_t     li;
    unsigned     p1t;
    unsigned     cc[2];
} core_t;


static const core_t  dflt = {
    2, 17487360000ULL, 17487360000ULL, 300, 2, 1, { 4, 13 }, 123, 4, 1, 0,
    0, 0, 0, 0, { 3, 4 }
};


static void
put(bits_t *b, uint64_t v, unsigned n)
{
    while (n--) {
        b->bit[b->n++] = n < 64 ? (v >> n) & 1 : 0;
    }
}


/* a set with item k in bit k-1, written item 1 first */

static void
put_set(bits_t *b, uint32_t set, unsigned n)
{
    unsigned  k;

    for (k = 0; k < n; k++) {
        put(b, (set >> k) & 1, 1);
    }
}


/* the core up to PublisherCC */

static void
put_core_fields(bits_t *b, const core_t *c)
{
    put(b, c->version, 6);
    put(b, c->created, 36);
    put(b, c->updated, 36);
    put(b, c->cmp_id, 12);
    put(b, c->cmp_version, 12);
    put(b, c->screen, 6);
    put(b, c->lang[0], 6);
    put(b, c->lang[1], 6);
    put(b, c->vlv, 12);
    put(b, c->policy, 6);
    put(b, c->ss, 1);
    put(b, c->nst, 1);
    put_set(b, c->sf, 12);
    put_set(b, c->pc, 24);
    put_set(b, c->li, 24);
    put(b, c->p1t, 1);
    put(b, c->cc[0], 6);
    put(b, c->cc[1], 6);
}


/* the whole core: empty vendor sections, no publisher restrictions */

static void
put_core(bits_t *b, const core_t *c)
{
    put_core_fields(b, c);
    put(b, 0, 16);       /* MaxVendorId */
    put(b, 0, 1);        /* bit field */
    put(b, 0, 16);
    put(b, 0, 1);
    put(b, 0, 12);       /* NumPubRestrictions */
}


static void
put_pub(bits_t *b, uint32_t pc, uint32_t li, unsigned ncustom)
{
    put(b, CONSENT_TCF_SEG_PUBLISHER, 3);
    put_set(b, pc, 24);
    put_set(b, li, 24);
    put(b, ncustom, 6);
    put(b, 0, 2 * ncustom);
}


/* appends the bits as one base64url segment to out (NUL-terminated) */

static void
seg(char *out, const bits_t *b)
{
    size_t      i, j, len;
    unsigned    v;
    static const char  *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz0123456789-_";

    len = strlen(out);

    if (len) {
        out[len++] = '.';
    }

    for (i = 0; i < b->n; i += 6) {
        v = 0;

        for (j = 0; j < 6; j++) {
            v = v << 1 | (i + j < b->n ? b->bit[i + j] : 0);
        }

        out[len++] = abc[v];
    }

    out[len] = '\0';
}


static int
decode(const char *s, consent_tcf_t *tc)
{
    return consent_tcf_decode((const u_char *) s, strlen(s), tc);
}


static int
parse(const char *s, consent_result_t *res)
{
    return consent_tcf_parse((const u_char *) s, strlen(s), res);
}


static void
bad(const char *name, const char *s, int want)
{
    consent_result_t  res;

    res.granted = ~0ULL;
    res.timestamp = 12345;

    is_int(parse(s, &res), want, name);
    ok(res.granted == 0 && res.timestamp == -1 && res.revision == -1
       && res.id.len == 0, "%s: grants nothing", name);
}


static void
granted(const char *name, const char *s, consent_tokens_t want)
{
    consent_result_t  res;

    res.granted = ~0ULL;

    if (!is_int(parse(s, &res), CONSENT_OK, name)) {
        return;
    }

    is_int(res.granted, want, name);
}


static void
test_examples(void)
{
    consent_tcf_t     tc;
    consent_result_t  res;

    is_int(decode(EXAMPLE, &tc), CONSENT_OK, "example decodes");
    is_int(tc.version, 2, "example: version");
    is_int(tc.created, 17489088000LL, "example: created");
    is_int(tc.last_updated, 17489088000LL, "example: last updated");
    is_int(tc.cmp_id, 880, "example: CMP 880");
    is_int(tc.cmp_version, 0, "example: CMP version");
    is_str(tc.consent_language, 2, "EN", "example: language");
    is_int(tc.vendor_list_version, 48, "example: GVL version");
    is_int(tc.policy_version, 2, "example: policy version");
    is_int(tc.is_service_specific, 1, "example: service-specific");
    is_int(tc.purposes_consent, 0, "example: no purposes");
    is_int(tc.purposes_li, 0, "example: no LI");
    is_str(tc.publisher_cc, 2, "DE", "example: publisher CC");
    is_int(tc.has_publisher_tc, 1, "example: Publisher TC");
    is_int(tc.pub_purposes_consent, 0, "example: no publisher purposes");
    is_int(tc.pub_num_custom_purposes, 0, "example: no custom purposes");

    /* policy 2 in a string of June 2025: TCF 2.2 requires policy 4 */

    res.granted = ~0ULL;
    is_int(parse(EXAMPLE, &res), CONSENT_EPOLICY,
           "example: policy 2 created in 2025 refused");
    is_int(res.granted, 0, "example: nothing granted");
    is_int(res.timestamp, -1, "example: no timestamp");
    is_int(res.revision, -1, "example: no revision");
    is_int(res.id.len, 0, "example: no id");
    ok(!res.restrict_only && !res.refused && !res.undecided,
       "example: no flags");

    is_int(decode(SPEC, &tc), CONSENT_OK, "spec example decodes");
    is_int(tc.cmp_id, 27, "spec: CMP 27");
    is_int(tc.created, 15822430593LL, "spec: created");
    is_int(tc.vendor_list_version, 15, "spec: GVL 15");
    is_int(tc.purposes_consent, P(1) | P(2) | P(3), "spec: purposes 1-3");
    is_str(tc.publisher_cc, 2, "AA", "spec: publisher CC");
    is_int(tc.is_service_specific, 0, "spec: global scope");
    is_int(tc.has_publisher_tc, 0, "spec: no Publisher TC");
    bad("spec example is global scope", SPEC, CONSENT_EINVAL);
}


static void
test_iabtcf(void)
{
    consent_tcf_t     tc;
    consent_result_t  res;

    is_int(decode(ACCEPT_ALL, &tc), CONSENT_OK, "accept all decodes");
    is_int(tc.purposes_consent, 0x7ff, "accept all: purposes 1-11");
    is_int(tc.purposes_li, P(2) | P(7) | P(8) | P(9) | P(10) | P(11),
           "accept all: LI");
    is_int(tc.special_feature_optins, 3, "accept all: special features");
    is_int(tc.cmp_id, 300, "accept all: CMP");
    is_int(tc.cmp_version, 2, "accept all: CMP version");
    is_int(tc.consent_screen, 1, "accept all: screen");
    is_int(tc.vendor_list_version, 123, "accept all: GVL");
    is_int(tc.policy_version, 4, "accept all: policy 4");
    is_int(tc.has_publisher_tc, 0, "accept all: no Publisher TC");

    res.granted = 0;
    is_int(parse(ACCEPT_ALL, &res), CONSENT_OK, "accept all parses");
    is_int(res.granted, 0x7ff, "accept all: purposes 1-11 granted");
    is_int(res.timestamp, 1748736000, "accept all: timestamp");

    granted("reject all", REJECT_ALL, 0);
    granted("purposes 1 and 8", ANALYTICS, P(1) | P(8));
    granted("Publisher TC wins over the core", PUB_ONLY, P(1) | P(8));
    granted("empty Publisher TC grants nothing", PUB_NONE, 0);
    granted("all 24 purposes", MAX_VALUES, 0xffffff);

    is_int(decode(PUB_ONLY, &tc), CONSENT_OK, "publisher only decodes");
    is_int(tc.purposes_consent, 0x7ff, "publisher only: core purposes");
    is_int(tc.pub_purposes_consent, P(1) | P(8),
           "publisher only: publisher purposes");
    is_int(tc.pub_purposes_li, P(9), "publisher only: publisher LI");

    is_int(decode(MAX_VALUES, &tc), CONSENT_OK, "max values decode");
    is_int(tc.cmp_id, 4095, "max: CMP id");
    is_int(tc.cmp_version, 4095, "max: CMP version");
    is_int(tc.vendor_list_version, 4095, "max: GVL");
    is_str(tc.publisher_cc, 2, "ZZ", "max: publisher CC");

    is_int(decode(GLOBAL, &tc), CONSENT_OK, "global scope decodes");
    is_int(tc.purposes_consent, 0x7ff, "global: purposes there");
    bad("global scope grants nothing", GLOBAL, CONSENT_EINVAL);
}


static void
test_encodings(void)
{
    char    buf[512];
    size_t  i;

    /* standard base64 alphabet */

    strcpy(buf, MAX_VALUES);
    for (i = 0; buf[i]; i++) {
        buf[i] = buf[i] == '-' ? '+' : buf[i] == '_' ? '/' : buf[i];
    }
    ok(strchr(buf, '/') != NULL, "standard alphabet: has '/'");
    granted("standard alphabet", buf, 0xffffff);

    strcpy(buf, ACCEPT_ALL);
    for (i = 0; buf[i]; i++) {
        buf[i] = buf[i] == '_' ? '/' : buf[i];
    }
    granted("standard alphabet, accept all", buf, 0x7ff);

    /* padding */

    granted("one '='", ACCEPT_ALL "=", 0x7ff);
    granted("two '='", ACCEPT_ALL "==", 0x7ff);
    bad("three '='", ACCEPT_ALL "===", CONSENT_EENCODING);
    granted("'=' before '.'",
            "CQSU_AAQSU_AAEsACBENB7EgAP_gAAAAAAYgAAAAAAAA==.cCAAABAAAAAA=",
            P(1) | P(8));
    bad("'=' inside", "CQSU_AAQSU_AAEsA=CBENB7EgAIEAAAAAAAYgAAAAAAAA",
        CONSENT_EENCODING);
    bad("only '='", "==", CONSENT_EINVAL);
    bad("'=' segment", ACCEPT_ALL ".==", CONSENT_EINVAL);

    /* characters outside base64 */

    bad("space", "CQSU_AAQSU_AAEsACBENB7Eg AIEAAAAAAAYgAAAAAAAA",
        CONSENT_EENCODING);
    bad("percent escape", "CQSU%5FAAQSU_AAEsACBENB7EgAIEAAAAAAAYgAAAAAAAA",
        CONSENT_EENCODING);
    bad("quoted", "\"" ANALYTICS "\"", CONSENT_EENCODING);
    bad("high byte", "CQSU_AAQSU_AAEsACBENB7Eg\xc3\xa9IEAAAAAAAYgAAAAA",
        CONSENT_EENCODING);
    bad("bad char in a later segment", ANALYTICS ".YAAA!AAAAAAA",
        CONSENT_EENCODING);

    {
        consent_result_t  res;
        char              nul[] = ANALYTICS;

        nul[10] = '\0';
        is_int(consent_tcf_parse((u_char *) nul, sizeof(nul) - 1, &res),
               CONSENT_EENCODING, "embedded NUL");
    }

    /* the length given is what is read, not up to a NUL */

    {
        consent_result_t  res;

        is_int(consent_tcf_parse((u_char *) ANALYTICS "garbage!",
                                 sizeof(ANALYTICS) - 1, &res),
               CONSENT_OK, "reads only len bytes");
        is_int(res.granted, P(1) | P(8), "reads only len bytes: granted");
    }
}


static void
test_malformed(void)
{
    char              buf[CONSENT_TCF_MAX_LEN + 64];
    size_t            i, len, fails;
    consent_result_t  res;

    res.granted = 1;
    is_int(consent_tcf_parse((u_char *) "", 0, &res), CONSENT_EMPTY,
           "empty");
    is_int(res.granted, 0, "empty grants nothing");

    bad("leading dot", "." ANALYTICS, CONSENT_EINVAL);
    bad("trailing dot", ANALYTICS ".", CONSENT_EINVAL);
    bad("double dot", "CQSU_AAQSU_AAEsACBENB7EgAP_gAAAAAAYgAAAAAAAA.."
        "cCAAABAAAAAA", CONSENT_EINVAL);
    bad("just a dot", ".", CONSENT_EINVAL);
    bad("a letter", "C", CONSENT_EINVAL);
    bad("json", "{\"purposes\":[1,8]}", CONSENT_EENCODING);
    bad("usprivacy string", "1YNN", CONSENT_EVERSION);

    /* every prefix too short for PublisherCC (213 bits = 36 characters) */

    fails = 0;
    for (len = 1; len < 36; len++) {
        if (consent_tcf_parse((u_char *) ACCEPT_ALL, len, &res)
            != CONSENT_EINVAL || res.granted != 0)
        {
            fails++;
        }
    }
    is_int(fails, 0, "prefixes of 1-35 characters: malformed");

    /* cut inside the vendor section */

    bad("cut in the vendor section",
        "CQSU_AAQSU_AAEsACBENB7EsAP_gAEPgAAYgF5wAQF5", CONSENT_EINVAL);

    /* cut inside the Publisher TC segment */

    bad("cut Publisher TC", "CQSU_AAQSU_AAEsACBENB7EgAP_gAAAAAAYgAAAAAAAA."
        "cCAAABAA", CONSENT_EINVAL);

    /* over the hard limit: an unknown segment fills it up */

    len = sizeof(ANALYTICS ".") - 1;
    memcpy(buf, ANALYTICS ".", len);
    buf[len] = 'o';                     /* type 5: unknown */
    for (i = len + 1; i < CONSENT_TCF_MAX_LEN; i++) {
        buf[i] = 'A';
    }
    buf[CONSENT_TCF_MAX_LEN] = 'A';

    is_int(consent_tcf_parse((u_char *) buf, CONSENT_TCF_MAX_LEN, &res),
           CONSENT_OK, "4096 bytes with an unknown segment");
    is_int(res.granted, P(1) | P(8), "4096 bytes: granted from the core");
    is_int(consent_tcf_parse((u_char *) buf, CONSENT_TCF_MAX_LEN + 1, &res),
           CONSENT_ETOOLONG, "4097 bytes: too long");
    is_int(res.granted, 0, "too long grants nothing");
}


static void
test_versions(void)
{
    char           buf[512];
    bits_t        *b;
    core_t         c;
    consent_tcf_t  tc;

    b = calloc(1, sizeof(bits_t));

    /* TCF v1.1 example string */
    is_int(decode("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA", &tc),
           CONSENT_EVERSION, "TCF v1 string");
    is_int(tc.version, 1, "TCF v1: version reported");
    bad("TCF v1 grants nothing", "BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA",
        CONSENT_EVERSION);

    c = dflt;
    c.version = 3;
    c.pc = 0xffffff;
    b->n = 0;
    put_core(b, &c);
    buf[0] = '\0';
    seg(buf, b);
    is_int(decode(buf, &tc), CONSENT_EVERSION, "version 3");
    is_int(tc.version, 3, "version 3 reported");
    bad("version 3 grants nothing", buf, CONSENT_EVERSION);

    c.version = 0;
    b->n = 0;
    put_core(b, &c);
    buf[0] = '\0';
    seg(buf, b);
    bad("version 0", buf, CONSENT_EVERSION);

    /* a version-2 string of only the version field */
    bad("version only", "CA", CONSENT_EINVAL);

    free(b);
}


/* built strings: one field at a time */

static void
test_built(void)
{
    int               rc;
    char              buf[8192];
    bits_t           *b;
    size_t            n;
    core_t            c;
    consent_tcf_t     tc;
    consent_result_t  res;

    b = calloc(1, sizeof(bits_t));

    c = dflt;
    c.created = 1;
    c.updated = (1ULL << 36) - 1;
    c.cmp_id = 4094;
    c.cmp_version = 1;
    c.screen = 63;
    c.lang[0] = 25;
    c.lang[1] = 0;
    c.vlv = 1;
    c.policy = 63;
    c.nst = 1;
    c.sf = 0xfff;
    c.pc = P(1) | P(24);
    c.li = P(2) | P(23);
    c.p1t = 1;
    c.cc[0] = 0;
    c.cc[1] = 25;
    put_core(b, &c);
    buf[0] = '\0';
    seg(buf, b);

    is_int(decode(buf, &tc), CONSENT_OK, "built: decodes");
    is_int(tc.created, 1, "built: created 1");
    is_int(tc.last_updated, (1LL << 36) - 1, "built: last updated max");
    is_int(tc.cmp_id, 4094, "built: CMP id");
    is_int(tc.cmp_version, 1, "built: CMP version");
    is_int(tc.consent_screen, 63, "built: screen");
    is_str(tc.consent_language, 2, "ZA", "built: language");
    is_int(tc.vendor_list_version, 1, "built: GVL");
    is_int(tc.policy_version, 63, "built: policy");
    is_int(tc.use_non_standard_texts, 1, "built: non-standard texts");
    is_int(tc.special_feature_optins, 0xfff, "built: special features");
    is_int(tc.purposes_consent, P(1) | P(24), "built: purposes 1 and 24");
    is_int(tc.purposes_li, P(2) | P(23), "built: LI 2 and 23");
    is_int(tc.purpose_one_treatment, 1, "built: purpose one treatment");
    is_str(tc.publisher_cc, 2, "AZ", "built: publisher CC");

    rc = parse(buf, &res);
    is_int(rc, CONSENT_OK, "built: parses");
    is_int(res.granted, P(1) | P(24), "built: granted 1 and 24");
    is_int(res.timestamp, ((1LL << 36) - 1) / 10,
           "built: timestamp rounds down");

    /*
     * TcfPolicyVersion: at least 4 (TCF 2.2) in a string created on or
     * after 2023-11-20 00:00 UTC (17004384000 deciseconds)
     */

    {
        size_t  i;
        int     want;

        static const struct {
            uint64_t     created;
            unsigned     policy;
            int          rc;
            const char  *name;
        } pol[] = {
            { 17004383999ULL, 2, CONSENT_OK, "policy 2, the day before" },
            { 17004383999ULL, 3, CONSENT_OK, "policy 3, the day before" },
            { 17004384000ULL, 3, CONSENT_EPOLICY, "policy 3 on the day" },
            { 17004384000ULL, 2, CONSENT_EPOLICY, "policy 2 on the day" },
            { 17004384000ULL, 0, CONSENT_EPOLICY, "policy 0 on the day" },
            { 17487360000ULL, 3, CONSENT_EPOLICY, "policy 3 in 2025" },
            { 17004384000ULL, 4, CONSENT_OK, "policy 4 on the day" },
            { 17487360000ULL, 5, CONSENT_OK, "policy 5 in 2025" },
            { 17487360000ULL, 63, CONSENT_OK, "policy 63 in 2025" },
            { 15822430593ULL, 2, CONSENT_OK, "policy 2 in 2020" },
        };

        for (i = 0; i < sizeof(pol) / sizeof(pol[0]); i++) {
            want = pol[i].rc;

            c = dflt;
            c.created = pol[i].created;
            c.updated = 17487360000ULL;
            c.policy = pol[i].policy;
            c.pc = P(1);
            b->n = 0;
            put_core(b, &c);
            buf[0] = '\0';
            seg(buf, b);

            rc = parse(buf, &res);
            is_int(rc, want, pol[i].name);
            is_int(res.granted, want == CONSENT_OK ? P(1) : 0,
                   "  granted");
        }
    }

    /* legitimate interest never grants */

    c = dflt;
    c.li = 0xffffff;
    b->n = 0;
    put_core(b, &c);
    buf[0] = '\0';
    seg(buf, b);
    granted("LI alone grants nothing", buf, 0);

    /* language and country letters out of A..Z */

    c = dflt;
    c.lang[1] = 26;
    b->n = 0;
    put_core(b, &c);
    buf[0] = '\0';
    seg(buf, b);
    bad("language letter 26", buf, CONSENT_EINVAL);

    c = dflt;
    c.cc[0] = 63;
    b->n = 0;
    put_core(b, &c);
    buf[0] = '\0';
    seg(buf, b);
    bad("country letter 63", buf, CONSENT_EINVAL);

    /* exactly the bits through PublisherCC, then nothing: too short */

    c = dflt;
    c.pc = 0xffffff;
    b->n = 0;
    put_core_fields(b, &c);
    is_int(b->n, 213, "core fields are 213 bits");
    buf[0] = '\0';
    seg(buf, b);
    bad("no vendor section", buf, CONSENT_EINVAL);

    /* a character short of the last field */

    b->n = 0;
    put_core(b, &c);
    n = b->n;
    b->n = ((n + 5) / 6 - 1) * 6;
    buf[0] = '\0';
    seg(buf, b);
    bad("a character short", buf, CONSENT_EINVAL);

    /* vendor sections: bit field, ranges, publisher restrictions */

    c = dflt;
    c.pc = P(1) | P(7);
    b->n = 0;
    put_core_fields(b, &c);
    put(b, 10, 16);              /* MaxVendorId 10 */
    put(b, 0, 1);
    put(b, 0x3ff, 10);
    put(b, 900, 16);             /* MaxVendorId 900, ranges */
    put(b, 1, 1);
    put(b, 3, 12);
    put(b, 0, 1);
    put(b, 5, 16);
    put(b, 1, 1);
    put(b, 10, 16);
    put(b, 20, 16);
    put(b, 0, 1);
    put(b, 900, 16);
    put(b, 2, 12);               /* two restrictions */
    put(b, 2, 6);
    put(b, 0, 2);
    put(b, 1, 12);
    put(b, 0, 1);
    put(b, 755, 16);
    put(b, 7, 6);
    put(b, 2, 2);
    put(b, 1, 12);
    put(b, 1, 1);
    put(b, 1, 16);
    put(b, 99, 16);
    n = b->n;
    buf[0] = '\0';
    seg(buf, b);
    granted("vendor sections walked", buf, P(1) | P(7));

    b->n = n - 16;
    buf[0] = '\0';
    seg(buf, b);
    bad("last restriction cut", buf, CONSENT_EINVAL);

    /* a range list that claims more entries than there are */

    b->n = 0;
    put_core_fields(b, &c);
    put(b, 900, 16);
    put(b, 1, 1);
    put(b, 4095, 12);
    put(b, 0, 1);
    put(b, 5, 16);
    buf[0] = '\0';
    seg(buf, b);
    bad("4095 range entries claimed", buf, CONSENT_EINVAL);

    /* a bit field longer than the string */

    b->n = 0;
    put_core_fields(b, &c);
    put(b, 65535, 16);
    put(b, 0, 1);
    put(b, 0, 64);
    buf[0] = '\0';
    seg(buf, b);
    bad("MaxVendorId 65535, 64 bits there", buf, CONSENT_EINVAL);

    free(b);
}


static void
test_segments(void)
{
    char              buf[8192], core[512];
    bits_t           *b;
    core_t            c;
    consent_tcf_t     tc;
    consent_result_t  res;

    b = calloc(1, sizeof(bits_t));

    c = dflt;
    c.pc = 0x7ff;
    put_core(b, &c);
    core[0] = '\0';
    seg(core, b);

    granted("built core", core, 0x7ff);

    /* Publisher TC with custom purposes */

    strcpy(buf, core);
    b->n = 0;
    put_pub(b, P(1) | P(8) | P(9), P(10), 5);
    seg(buf, b);
    is_int(decode(buf, &tc), CONSENT_OK, "custom purposes: decodes");
    is_int(tc.pub_num_custom_purposes, 5, "custom purposes: 5");
    is_int(tc.pub_purposes_li, P(10), "custom purposes: publisher LI");
    granted("custom purposes: publisher purposes", buf, P(1) | P(8) | P(9));

    /* custom purposes claimed but not there */

    strcpy(buf, core);
    b->n = 0;
    put_pub(b, 0xffffff, 0, 0);
    b->n -= 6;
    put(b, 40, 6);
    seg(buf, b);
    bad("custom purposes missing", buf, CONSENT_EINVAL);

    /* Publisher TC without NumCustomPurposes */

    strcpy(buf, core);
    b->n = 0;
    put(b, CONSENT_TCF_SEG_PUBLISHER, 3);
    put_set(b, 0xffffff, 24);
    put_set(b, 0, 24);
    seg(buf, b);
    ok(strlen(buf) - strlen(core) - 1 == 9, "51 bits are 9 characters");
    bad("Publisher TC without NumCustomPurposes", buf, CONSENT_EINVAL);

    /* two Publisher TC segments */

    strcpy(buf, core);
    b->n = 0;
    put_pub(b, 0, 0, 0);
    seg(buf, b);
    b->n = 0;
    put_pub(b, 0xffffff, 0, 0);
    seg(buf, b);
    bad("two Publisher TC segments", buf, CONSENT_EINVAL);

    /* a second core */

    strcpy(buf, core);
    seg(buf, b);
    strcat(buf, ".");
    strcat(buf, core);
    bad("a second core segment", buf, CONSENT_EINVAL);

    /* unknown segment types are skipped, in any place */

    strcpy(buf, core);
    b->n = 0;
    put(b, 7, 3);
    put(b, 0x12345, 20);
    seg(buf, b);
    b->n = 0;
    put_pub(b, P(2), 0, 0);
    seg(buf, b);
    b->n = 0;
    put(b, 4, 3);
    seg(buf, b);
    granted("unknown types 7 and 4 skipped", buf, P(2));

    /* disclosed and allowed vendors: walked */

    strcpy(buf, core);
    b->n = 0;
    put(b, CONSENT_TCF_SEG_DISCLOSED, 3);
    put(b, 3000, 16);
    put(b, 1, 1);
    put(b, 2, 12);
    put(b, 1, 1);
    put(b, 1, 16);
    put(b, 2999, 16);
    put(b, 0, 1);
    put(b, 3000, 16);
    seg(buf, b);
    b->n = 0;
    put(b, CONSENT_TCF_SEG_ALLOWED, 3);
    put(b, 8, 16);
    put(b, 0, 1);
    put(b, 0xff, 8);
    seg(buf, b);
    granted("disclosed and allowed vendors", buf, 0x7ff);

    strcpy(buf, core);
    b->n = 0;
    put(b, CONSENT_TCF_SEG_DISCLOSED, 3);
    put(b, 3000, 16);
    put(b, 0, 1);
    put(b, 0, 100);
    seg(buf, b);
    bad("disclosed vendors cut", buf, CONSENT_EINVAL);

    /* a segment with only a type */

    strcpy(buf, core);
    strcat(buf, ".Y");
    bad("Publisher TC of one character", buf, CONSENT_EINVAL);

    strcpy(buf, core);
    strcat(buf, ".o");
    granted("unknown type of one character", buf, 0x7ff);

    /* the Publisher TC first is a core of version 24 */

    b->n = 0;
    put_pub(b, 0xffffff, 0, 0);
    buf[0] = '\0';
    seg(buf, b);
    strcat(buf, ".");
    strcat(buf, core);
    res.granted = 1;
    is_int(parse(buf, &res), CONSENT_EVERSION, "Publisher TC first");
    is_int(res.granted, 0, "Publisher TC first grants nothing");

    /* many segments */

    strcpy(buf, core);
    while (strlen(buf) + 3 < CONSENT_TCF_MAX_LEN) {
        strcat(buf, ".o");
    }
    granted("2000 unknown segments", buf, 0x7ff);

    free(b);
}


/*
 * The long cookie, and a bad byte or a '=' inside a segment at every place
 * in it, so at every offset of the decoder's eight-character steps.
 */

static void
test_long(void)
{
    char              buf[512];
    size_t            i, len, fails;
    uint32_t          pc, li;
    consent_tcf_t     tc;
    consent_result_t  res;

    pc = P(1) | P(2) | P(3) | P(4) | P(7) | P(8) | P(9) | P(10);
    li = P(2) | P(7) | P(8) | P(9) | P(10);

    len = sizeof(LONG) - 1;
    is_int(len, 305, "long: 305 characters");
    is_int(LONG[LONG_CORE], '.', "long: core of 292");

    is_int(decode(LONG, &tc), CONSENT_OK, "long decodes");
    is_int(tc.version, 2, "long: version");
    is_int(tc.created, 17487360000LL, "long: created");
    is_int(tc.last_updated, 17487360000LL, "long: last updated");
    is_int(tc.cmp_id, 10, "long: CMP 10");
    is_int(tc.cmp_version, 2, "long: CMP version");
    is_int(tc.consent_screen, 1, "long: screen");
    is_str(tc.consent_language, 2, "EN", "long: language");
    is_int(tc.vendor_list_version, 300, "long: GVL 300");
    is_int(tc.policy_version, 5, "long: policy 5");
    is_int(tc.is_service_specific, 1, "long: service-specific");
    is_int(tc.use_non_standard_texts, 0, "long: standard texts");
    is_int(tc.special_feature_optins, 0, "long: no special features");
    is_int(tc.purposes_consent, pc, "long: purposes");
    is_int(tc.purposes_li, li, "long: LI");
    is_int(tc.purpose_one_treatment, 0, "long: purpose one treatment");
    is_str(tc.publisher_cc, 2, "DE", "long: publisher CC");
    is_int(tc.has_publisher_tc, 1, "long: Publisher TC");
    is_int(tc.pub_purposes_consent, 0, "long: no publisher purposes");
    is_int(tc.pub_purposes_li, 0, "long: no publisher LI");
    is_int(tc.pub_num_custom_purposes, 0, "long: no custom purposes");

    res.granted = ~0ULL;
    is_int(parse(LONG, &res), CONSENT_OK, "long parses");
    is_int(res.granted, 0, "long: the empty Publisher TC wins");
    is_int(res.timestamp, 1748736000, "long: timestamp");

    memcpy(buf, LONG, LONG_CORE);
    buf[LONG_CORE] = '\0';
    granted("long core alone", buf, pc);

    strcpy(buf + LONG_CORE, "=");
    granted("long core, '='", buf, pc);
    strcpy(buf + LONG_CORE, "==");
    strcat(buf, &LONG[LONG_CORE]);
    granted("long, '==' before '.'", buf, 0);
    strcpy(buf + LONG_CORE, "===");
    strcat(buf, &LONG[LONG_CORE]);
    bad("long, '===' before '.'", buf, CONSENT_EENCODING);

    /* cut anywhere in the vendor sections: malformed */

    fails = 0;
    for (i = 36; i < LONG_CORE - 2; i++) {
        if (consent_tcf_parse((u_char *) LONG, i, &res) != CONSENT_EINVAL) {
            fails++;
        }
    }
    is_int(fails, 0, "long cut after 36 to 289 characters: malformed");

    /* a bad byte anywhere */

    fails = 0;
    for (i = 0; i < len; i++) {
        if (i == LONG_CORE) {
            continue;
        }

        strcpy(buf, LONG);
        buf[i] = '!';
        if (consent_tcf_parse((u_char *) buf, len, &res)
            != CONSENT_EENCODING)
        {
            fails++;
        }

        buf[i] = (char) 0xe9;
        if (consent_tcf_parse((u_char *) buf, len, &res)
            != CONSENT_EENCODING)
        {
            fails++;
        }
    }
    is_int(fails, 0, "long: a bad byte at each of 304 places");

    /* '=' anywhere but in the last two places of a segment */

    fails = 0;
    for (i = 0; i < len - 1; i++) {
        if (i == LONG_CORE - 1 || i == LONG_CORE) {
            continue;
        }

        strcpy(buf, LONG);
        buf[i] = '=';
        if (consent_tcf_parse((u_char *) buf, len, &res)
            != CONSENT_EENCODING)
        {
            fails++;
        }
    }
    is_int(fails, 0, "long: '=' inside a segment at 302 places");

    /* a '.' for the last character of the core: an empty segment */

    strcpy(buf, LONG);
    buf[LONG_CORE - 1] = '.';
    bad("long: '..'", buf, CONSENT_EINVAL);
}


/*
 * A vendor bit field of every length from 0 to 30 bits, so that its end
 * falls at every place within a character; the sections after it must be
 * read from exactly the next bit, and a string a character short is
 * malformed.
 */

static void
test_skip(void)
{
    char              buf[512];
    size_t            k, fails, cut;
    bits_t           *b;
    core_t            c;
    consent_result_t  res;

    b = calloc(1, sizeof(bits_t));

    c = dflt;
    c.pc = P(3) | P(5);

    fails = 0;
    cut = 0;

    for (k = 0; k <= 30; k++) {
        b->n = 0;
        put_core_fields(b, &c);
        put(b, k, 16);                 /* MaxVendorId k, bit field */
        put(b, 0, 1);
        put(b, 0x3fffffff, k);         /* all ones */
        put(b, 2, 16);                 /* LI: MaxVendorId 2, bit field */
        put(b, 0, 1);
        put(b, 3, 2);
        put(b, 1, 12);                 /* one restriction */
        put(b, 9, 6);
        put(b, 1, 2);
        put(b, 1, 12);
        put(b, 1, 1);                  /* a range 5-6 */
        put(b, 5, 16);
        put(b, 6, 16);

        buf[0] = '\0';
        seg(buf, b);

        res.granted = 0;
        if (consent_tcf_parse((u_char *) buf, strlen(buf), &res) != CONSENT_OK
            || res.granted != (P(3) | P(5)))
        {
            fails++;
        }

        if (consent_tcf_parse((u_char *) buf, strlen(buf) - 1, &res)
            != CONSENT_EINVAL)
        {
            cut++;
        }
    }

    is_int(fails, 0, "bit fields of 0-30 bits, then LI and restrictions");
    is_int(cut, 0, "bit fields of 0-30 bits, a character short: malformed");

    free(b);
}


int
main(void)
{
    test_examples();
    test_iabtcf();
    test_encodings();
    test_malformed();
    test_versions();
    test_built();
    test_segments();
    test_long();
    test_skip();

    return done_testing();
}
