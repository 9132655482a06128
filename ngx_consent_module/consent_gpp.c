
/*
 * ngx_consent_module: IAB Global Privacy Platform string decoder.
 *
 * Sources: IAB Tech Lab's "Global Privacy Platform String" (Core/Consent
 * String Specification.md) and the section specifications of the
 * Global-Privacy-Platform repository; every layout below was checked
 * against the encoder of IAB's reference implementation, npm
 * @iabgpp/cmpapi 3.2.0, and where the two disagree this core reads what
 * the reference encoder writes (see the notes at the layouts).
 *
 * Bits.  A header or a US subsection is base64url, 6 bits a character,
 * read big-endian from the left.  The specification's character table
 * lists '+' and '/' for 62 and 63, the reference implementation writes and
 * reads '-' and '_' only: only '-' and '_' are accepted, and no '='.
 *
 * Padding.  The specification pads a bit string with zeros to a multiple
 * of 6; the reference encoder pads to a multiple of 8 and then of 6 (up to
 * 11 bits: a 3-bit GPC subsection is written in 12).  Every field of a
 * layout must be there ("too short" is unreadable), and the bits after
 * the last one, however many, must all be zero: a set bit there is a
 * field of a layout this core does not know, which is unreadable too.
 */


#include "consent_gpp.h"
#include "consent_usprivacy.h"

#include <string.h>


/*
 * A bit reader over characters already checked to be base64url: the
 * sections are short (a US core is 4 to 12 characters), so bits are
 * taken one at a time from the character that holds them.  The TCF
 * core's reader, built for long vendor bit fields, buffers characters,
 * takes standard base64 as well and skips bits unseen: GPP needs none of
 * that, and every bit it reads is checked (the padding included).
 */

typedef struct {
    const u_char  *p;
    size_t         pos;                /* the next bit */
    size_t         nbits;
} consent_gpp_bits_t;


/*
 * A US section's layout: its fields in order, one character each,
 *
 *   'V'  Version (MspaVersion in the newer states), Int(6), one of
 *        "versions"
 *   'n'  an Int(2) of 0, 1 or 2 (a notice, a consent, a mode, one item
 *        of an N-Bitfield(2, k))
 *   'S'  SaleOptOut, Int(2) 0..2
 *   'H'  SharingOptOut, Int(2) 0..2
 *   'T'  TargetedAdvertisingOptOut, Int(2) 0..2
 *   'M'  MspaCoveredTransaction, Int(2), 1 or 2 only (1 yes, 2 no; the
 *        reference encoder refuses any other value)
 *
 * and what may follow the core subsection after a '.'.  A layout applies
 * to a core subsection of at most "maxbits" bits (0: any).
 */

#define CONSENT_GPP_SUB_NONE       0
#define CONSENT_GPP_SUB_GPC        1   /* SubsectionType(2) = 1, Gpc(1) */
#define CONSENT_GPP_SUB_SENSITIVE  2   /* SensitiveDataProcessing(2, 8) */

typedef struct {
    unsigned     id;
    unsigned     versions;             /* bit v: Version v is read */
    size_t       maxbits;
    unsigned     sub;
    const char  *fields;
} consent_gpp_layout_t;


#define CONSENT_GPP_N2    "nn"
#define CONSENT_GPP_N3    "nnn"
#define CONSENT_GPP_N5    "nnnnn"
#define CONSENT_GPP_N7    "nnnnnnn"
#define CONSENT_GPP_N8    "nnnnnnnn"
#define CONSENT_GPP_N9    "nnnnnnnnn"
#define CONSENT_GPP_N10   "nnnnnnnnnn"
#define CONSENT_GPP_N11   "nnnnnnnnnnn"
#define CONSENT_GPP_N12   "nnnnnnnnnnnn"
#define CONSENT_GPP_N16   "nnnnnnnnnnnnnnnn"

/* MspaCoveredTransaction, MspaOptOutOptionMode, MspaServiceProviderMode */
#define CONSENT_GPP_MSPA  "Mnn"


static const consent_gpp_layout_t  consent_gpp_layouts[] = {

    /*
     * 7 usnat.  Version 1 had 12 SensitiveDataProcessing and 2
     * KnownChildSensitiveDataConsents items (60 bits), version 2 has 16
     * and 3 (70 bits).  The reference decoder picks the layout by length,
     * not by Version: 60 or 66 bits are the first layout, anything else the
     * second; and OneTrust writes Version 1 in the 72 bits of the second
     * layout (OTGPPConsent=DBABLA~BVQqAAAAAAJY.QA).  So does this core:
     * up to 66 bits the first layout, longer the second, Version 1 or 2
     * in either.
     */

    { 7, 0x06, 66, CONSENT_GPP_SUB_GPC,
      "V" "nnnnnn" "SHT" CONSENT_GPP_N12 CONSENT_GPP_N2 "n" CONSENT_GPP_MSPA },

    { 7, 0x06, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnnnnn" "SHT" CONSENT_GPP_N16 CONSENT_GPP_N3 "n" CONSENT_GPP_MSPA },

    /*
     * 8 usca: SaleOptOutNotice, SharingOptOutNotice,
     * SensitiveDataLimitUseNotice, SaleOptOut, SharingOptOut, SDP(9),
     * KnownChild(2), PersonalDataConsents, MSPA
     */

    { 8, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "SH" CONSENT_GPP_N9 CONSENT_GPP_N2 "n" CONSENT_GPP_MSPA },

    /*
     * the states of 2023: three notices (usut and usia four), SaleOptOut,
     * TargetedAdvertisingOptOut, SDP(k), KnownChild(1, 3 or 5), for
     * some AdditionalDataProcessingConsent, MSPA
     */

    /* 9 usva: no GPC subsection */
    { 9, 0x02, 0, CONSENT_GPP_SUB_NONE,
      "V" "nnn" "ST" CONSENT_GPP_N8 "n" CONSENT_GPP_MSPA },

    /* 10 usco */
    { 10, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N7 "n" CONSENT_GPP_MSPA },

    /* 11 usut: + SensitiveDataProcessingOptOutNotice; no GPC subsection */
    { 11, 0x02, 0, CONSENT_GPP_SUB_NONE,
      "V" "nnnn" "ST" CONSENT_GPP_N8 "n" CONSENT_GPP_MSPA },

    /* 12 usct */
    { 12, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 CONSENT_GPP_N3 CONSENT_GPP_MSPA },

    /* 13 usfl: no GPC subsection */
    { 13, 0x02, 0, CONSENT_GPP_SUB_NONE,
      "V" "nnn" "ST" CONSENT_GPP_N8 CONSENT_GPP_N3 "n" CONSENT_GPP_MSPA },

    /* 14 usmt */
    { 14, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 CONSENT_GPP_N3 "n" CONSENT_GPP_MSPA },

    /* 15 usor */
    { 15, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N11 CONSENT_GPP_N3 "n" CONSENT_GPP_MSPA },

    /* 16 ustx */
    { 16, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 "n" "n" CONSENT_GPP_MSPA },

    /* 17 usde */
    { 17, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N9 CONSENT_GPP_N5 "n" CONSENT_GPP_MSPA },

    /* 18 usia: + SensitiveDataOptOutNotice */
    { 18, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnnn" "ST" CONSENT_GPP_N8 "n" CONSENT_GPP_MSPA },

    /* 19 usne */
    { 19, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 "n" "n" CONSENT_GPP_MSPA },

    /* 20 usnh */
    { 20, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 CONSENT_GPP_N3 "n" CONSENT_GPP_MSPA },

    /* 21 usnj */
    { 21, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N10 CONSENT_GPP_N5 "n" CONSENT_GPP_MSPA },

    /* 22 ustn */
    { 22, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 "n" "n" CONSENT_GPP_MSPA },

    /* 23 usmn */
    { 23, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "nnn" "ST" CONSENT_GPP_N8 "n" "n" CONSENT_GPP_MSPA },

    /*
     * The states of 2025: MspaVersion, MspaCoveredTransaction, MspaMode,
     * three notices, SaleOptOut, TargetedAdvertisingOptOut, (usin, usky,
     * usri: KnownChildSensitiveDataConsents,)
     * AdditionalDataProcessingConsent.  Their specifications (October
     * 2025, public comment) put a section header before the subsections
     * (SectionID Int(6), Version Int(6), SubSections as a Fibonacci range)
     * and give the sensitive data subsection an ID; the reference encoder
     * 3.2.0 writes neither: the core starts with MspaVersion, and usin,
     * usky and usri may add a second subsection of SensitiveDataProcessing
     * alone, without a SubsectionType.  This core reads what the reference
     * writes.
     */

    /* 24 usmd */
    { 24, 0x02, 0, CONSENT_GPP_SUB_GPC,
      "V" "Mn" "nnn" "ST" "n" },

    /* 25 usin */
    { 25, 0x02, 0, CONSENT_GPP_SUB_SENSITIVE,
      "V" "Mn" "nnn" "ST" "n" "n" },

    /* 26 usky */
    { 26, 0x02, 0, CONSENT_GPP_SUB_SENSITIVE,
      "V" "Mn" "nnn" "ST" "n" "n" },

    /* 27 usri */
    { 27, 0x02, 0, CONSENT_GPP_SUB_SENSITIVE,
      "V" "Mn" "nnn" "ST" "n" "n" }
};


/* the longest Fibonacci code read, its terminating bit included */
#define CONSENT_GPP_FIB_MAX_BITS   24

/* the largest section ID a header may list */
#define CONSENT_GPP_MAX_ID         0xffff


static int consent_gpp_header(const u_char *p, size_t len,
    consent_gpp_t *gpp);
static int consent_gpp_fibonacci(consent_gpp_bits_t *b, uint64_t *v);
static int consent_gpp_section(const u_char *p, size_t len,
    consent_gpp_t *gpp, consent_gpp_section_t *s);
static int consent_gpp_usprivacy(const u_char *p, size_t len,
    consent_gpp_section_t *s);
static int consent_gpp_us(const u_char *p, size_t len,
    consent_gpp_section_t *s);
static int consent_gpp_fields(consent_gpp_bits_t *b, const char *fields,
    unsigned versions, consent_gpp_section_t *s);
static int consent_gpp_bits(consent_gpp_bits_t *b, const u_char *p,
    size_t len);
static inline int consent_gpp_read(consent_gpp_bits_t *b, size_t n,
    uint64_t *v);
static int consent_gpp_end(consent_gpp_bits_t *b);


int
consent_gpp_decode(const u_char *p, size_t len, consent_gpp_t *gpp)
{
    int                     rc;
    size_t                  i, n;
    const u_char           *end, *last;
    consent_gpp_section_t  *s;

    memset(gpp, 0, sizeof(consent_gpp_t));

    if (len == 0) {
        return CONSENT_EMPTY;
    }

    if (len > CONSENT_GPP_MAX_LEN) {
        return CONSENT_ETOOLONG;
    }

    end = p + len;

    last = memchr(p, '~', len);
    if (last == NULL) {
        last = end;
    }

    rc = consent_gpp_header(p, last - p, gpp);
    if (rc != CONSENT_OK) {
        return rc;
    }

    /* as many sections as IDs, none empty */

    n = 0;

    for (i = last - p; i < len; i++) {
        if (p[i] == '~') {
            n++;
        }
    }

    if (n != gpp->nsections) {
        return CONSENT_EINVAL;
    }

    for (i = 0; i < n; i++) {
        p = last + 1;

        last = memchr(p, '~', end - p);
        if (last == NULL) {
            last = end;
        }

        if (last == p) {
            return CONSENT_EINVAL;
        }

        s = &gpp->section[i];

        rc = consent_gpp_section(p, last - p, gpp, s);
        if (rc != CONSENT_OK) {
            return rc;
        }

        if (s->rc != CONSENT_OK) {
            gpp->refused |= CONSENT_REFUSED_UNREADABLE;
            continue;
        }

        if (s->sale == 1) {
            gpp->refused |= CONSENT_REFUSED_SALE;
        }

        if (s->sharing == 1) {
            gpp->refused |= CONSENT_REFUSED_SHARING;
        }

        if (s->targeted == 1) {
            gpp->refused |= CONSENT_REFUSED_TARGETED;
        }

        if (s->has_gpc && s->gpc == 1) {
            gpp->refused |= CONSENT_REFUSED_GPC;
        }
    }

    return CONSENT_OK;
}


int
consent_gpp_parse(const u_char *p, size_t len, consent_result_t *res)
{
    int            rc;
    consent_gpp_t  gpp;

    consent_result_reset(res);

    rc = consent_gpp_decode(p, len, &gpp);
    if (rc != CONSENT_OK) {
        return rc;
    }

    if (gpp.has_tcf) {
        /* consent_gpp_decode() checked that it succeeds */

        rc = consent_tcf_result(&gpp.tcf, res);
        if (rc != CONSENT_OK) {
            consent_result_reset(res);
            return rc;
        }

    } else {
        res->undecided = 1;
    }

    res->refused = gpp.refused;

    return CONSENT_OK;
}


/*
 * The header: Type Int(6) = 3, Version Int(6) = 1, SectionIds as a
 * Range(Fibonacci): NumEntries Int(12), then per entry IsRange (1 bit), the
 * offset from the last ID seen (0 at first) to the ID or to the first of
 * the range, and for a range its length, the offset from its first ID to
 * its last, each a Fibonacci integer.  As no Fibonacci code is 0, the IDs
 * only ever increase.
 */

static int
consent_gpp_header(const u_char *p, size_t len, consent_gpp_t *gpp)
{
    int                 rc;
    uint64_t            v, entries, is_range, id, last, range;
    consent_gpp_bits_t  b;

    if (len == 0) {
        return CONSENT_EINVAL;
    }

    rc = consent_gpp_bits(&b, p, len);
    if (rc != CONSENT_OK) {
        return rc;
    }

    if (consent_gpp_read(&b, 6, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    gpp->type = (unsigned) v;

    if (v != CONSENT_GPP_HEADER_TYPE) {
        return CONSENT_EVERSION;
    }

    if (consent_gpp_read(&b, 6, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    gpp->version = (unsigned) v;

    if (v != CONSENT_GPP_VERSION) {
        return CONSENT_EVERSION;
    }

    if (consent_gpp_read(&b, 12, &entries) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    last = 0;

    while (entries--) {
        if (consent_gpp_read(&b, 1, &is_range) != CONSENT_OK) {
            return CONSENT_EINVAL;
        }

        rc = consent_gpp_fibonacci(&b, &v);
        if (rc != CONSENT_OK) {
            return rc;
        }

        id = last + v;
        range = 0;

        if (is_range) {
            rc = consent_gpp_fibonacci(&b, &range);
            if (rc != CONSENT_OK) {
                return rc;
            }
        }

        last = id + range;

        if (last > CONSENT_GPP_MAX_ID) {
            return CONSENT_EINVAL;
        }

        for ( /* void */ ; id <= last; id++) {
            if (gpp->nsections == CONSENT_GPP_MAX_SECTIONS) {
                return CONSENT_ETOOLONG;
            }

            gpp->section[gpp->nsections++].id = (unsigned) id;
        }
    }

    return consent_gpp_end(&b);
}


/*
 * A Fibonacci integer (Zeckendorf code): bit i, from the first, stands for
 * F(i+2) = 1, 2, 3, 5, 8...; a 1 after a 1 ends the code and is not a
 * digit.  No code is 0 and every code is the only one of its value, so
 * the only invalid codes are those that do not end: before the input
 * does, or within CONSENT_GPP_FIB_MAX_BITS bits (values up to 46367).
 */

static int
consent_gpp_fibonacci(consent_gpp_bits_t *b, uint64_t *v)
{
    size_t    i;
    uint64_t  bit, prev, f, g, t, sum;

    prev = 0;
    sum = 0;
    f = 1;
    g = 2;

    for (i = 0; i < CONSENT_GPP_FIB_MAX_BITS; i++) {
        if (consent_gpp_read(b, 1, &bit) != CONSENT_OK) {
            return CONSENT_EINVAL;
        }

        if (bit && prev) {
            *v = sum;
            return CONSENT_OK;
        }

        if (bit) {
            sum += f;
        }

        prev = bit;

        t = f + g;
        f = g;
        g = t;
    }

    return CONSENT_EINVAL;
}


/*
 * One section.  Returns CONSENT_OK, with s->rc saying whether the section
 * was read, or the error that fails the whole string (section 2 not a
 * valid TC string).
 */

static int
consent_gpp_section(const u_char *p, size_t len, consent_gpp_t *gpp,
    consent_gpp_section_t *s)
{
    int               rc;
    consent_result_t  res;

    switch (s->id) {

    case CONSENT_GPP_TCFEUV2:
        s->known = 1;

        rc = consent_tcf_decode(p, len, &gpp->tcf);
        if (rc == CONSENT_OK) {
            rc = consent_tcf_result(&gpp->tcf, &res);
        }

        if (rc != CONSENT_OK) {
            s->rc = rc;
            return CONSENT_EINVAL;
        }

        gpp->has_tcf = 1;
        return CONSENT_OK;

    case 1:     /* tcfeuv1 */
    case 5:     /* tcfcav1 */

        /* frameworks that only grant, and not here: skipped */
        return CONSENT_OK;

    case CONSENT_GPP_USPV1:
        s->rc = consent_gpp_usprivacy(p, len, s);
        return CONSENT_OK;

    default:
        s->rc = consent_gpp_us(p, len, s);
        return CONSENT_OK;
    }
}


/* section 6, a US Privacy string; its opt-out read as SaleOptOut */

static int
consent_gpp_usprivacy(const u_char *p, size_t len, consent_gpp_section_t *s)
{
    int               rc;
    consent_result_t  res;

    s->known = 1;

    rc = consent_usprivacy_parse(p, len, &res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    s->version = 1;

    switch (p[2]) {
    case 'Y':
    case 'y':
        s->sale = 1;
        break;
    case 'N':
    case 'n':
        s->sale = 2;
        break;
    default:
        /* "1---": the law does not apply */
        s->sale = 0;
    }

    return CONSENT_OK;
}


/*
 * A US section of its own layout: the core subsection, then at most one
 * more, of the kind its layout allows.  On an error every opt-out is
 * left 0.
 */

static int
consent_gpp_us(const u_char *p, size_t len, consent_gpp_section_t *s)
{
    int                          rc;
    size_t                       i, n, nbits;
    uint64_t                     v;
    const u_char                *dot, *end;
    consent_gpp_bits_t           b;
    const consent_gpp_layout_t  *l;

    end = p + len;

    dot = memchr(p, '.', len);
    if (dot == NULL) {
        dot = end;
    }

    nbits = (size_t) (dot - p) * 6;

    l = NULL;
    n = sizeof(consent_gpp_layouts) / sizeof(consent_gpp_layout_t);

    for (i = 0; i < n; i++) {
        if (consent_gpp_layouts[i].id == s->id
            && (consent_gpp_layouts[i].maxbits == 0
                || nbits <= consent_gpp_layouts[i].maxbits))
        {
            l = &consent_gpp_layouts[i];
            break;
        }
    }

    if (l == NULL) {
        /* an ID without a layout */
        return CONSENT_EVERSION;
    }

    s->known = 1;

    rc = consent_gpp_bits(&b, p, dot - p);
    if (rc == CONSENT_OK) {
        rc = consent_gpp_fields(&b, l->fields, l->versions, s);
    }

    if (rc != CONSENT_OK || dot == end) {
        goto done;
    }

    /* the second subsection */

    p = dot + 1;

    dot = memchr(p, '.', end - p);
    if (dot != NULL || l->sub == CONSENT_GPP_SUB_NONE) {
        /* a third, or one the layout has none of */
        rc = CONSENT_EINVAL;
        goto done;
    }

    rc = consent_gpp_bits(&b, p, end - p);
    if (rc != CONSENT_OK) {
        goto done;
    }

    if (l->sub == CONSENT_GPP_SUB_SENSITIVE) {
        rc = consent_gpp_fields(&b, CONSENT_GPP_N8, 0, s);
        goto done;
    }

    /* GPC: SubsectionType must be 1 (0 would be a second core) */

    if (consent_gpp_read(&b, 2, &v) != CONSENT_OK || v != 1) {
        rc = CONSENT_EINVAL;
        goto done;
    }

    if (consent_gpp_read(&b, 1, &v) != CONSENT_OK) {
        rc = CONSENT_EINVAL;
        goto done;
    }

    rc = consent_gpp_end(&b);
    if (rc != CONSENT_OK) {
        goto done;
    }

    s->gpc = (uint8_t) v;
    s->has_gpc = 1;

done:

    if (rc != CONSENT_OK) {
        s->sale = 0;
        s->sharing = 0;
        s->targeted = 0;
        s->gpc = 0;
        s->has_gpc = 0;
    }

    return rc;
}


/* the fields of a subsection, then its end: see consent_gpp_layout_t */

static int
consent_gpp_fields(consent_gpp_bits_t *b, const char *fields,
    unsigned versions, consent_gpp_section_t *s)
{
    size_t       k;
    uint64_t     v, odd;
    const char  *f;

    for (f = fields; *f; f++) {

        if (*f == 'V') {
            if (consent_gpp_read(b, 6, &v) != CONSENT_OK) {
                return CONSENT_EINVAL;
            }

            s->version = (unsigned) v;

            if (v >= 32 || !(versions & (1u << v))) {
                return CONSENT_EVERSION;
            }

            continue;
        }

        if (*f == 'n') {

            /*
             * a run of up to 32 'n' fields in one read: none may be 3,
             * both bits of a field set
             */

            for (k = 1; k < 32 && f[k] == 'n'; k++) { /* void */ }

            if (consent_gpp_read(b, 2 * k, &v) != CONSENT_OK) {
                return CONSENT_EINVAL;
            }

            odd = (k == 32) ? 0x5555555555555555ULL
                            : ((uint64_t) 1 << (2 * k)) / 3;

            if (v & (v >> 1) & odd) {
                return CONSENT_EINVAL;
            }

            f += k - 1;
            continue;
        }

        if (consent_gpp_read(b, 2, &v) != CONSENT_OK) {
            return CONSENT_EINVAL;
        }

        if (v == 3 || (*f == 'M' && v == 0)) {
            return CONSENT_EINVAL;
        }

        switch (*f) {
        case 'S':
            s->sale = (uint8_t) v;
            break;
        case 'H':
            s->sharing = (uint8_t) v;
            break;
        case 'T':
            s->targeted = (uint8_t) v;
            break;
        default:
            break;
        }
    }

    return consent_gpp_end(b);
}


/*
 * Makes a reader over p[0..len): every character must be base64url
 * (CONSENT_EENCODING), and there must be one (CONSENT_EINVAL).
 */

static int
consent_gpp_bits(consent_gpp_bits_t *b, const u_char *p, size_t len)
{
    size_t  i;

    if (len == 0) {
        return CONSENT_EINVAL;
    }

    for (i = 0; i < len; i++) {
        if (consent_b64[p[i]] & (CONSENT_B64_NOTDATA|CONSENT_B64_STD)) {
            return CONSENT_EENCODING;
        }
    }

    b->p = p;
    b->pos = 0;
    b->nbits = len * 6;

    return CONSENT_OK;
}


/*
 * n (at most 64) bits as an unsigned big-endian number.  Up to 6 bits, the
 * fields of the US sections, lie in one character or two: they are taken
 * from a window of two characters at once; longer ones a character at a
 * time.
 */

static inline int
consent_gpp_read(consent_gpp_bits_t *b, size_t n, uint64_t *v)
{
    size_t    pos, c, off, left, take;
    unsigned  w;
    uint64_t  x;

    if (n > b->nbits - b->pos) {
        return CONSENT_EINVAL;
    }

    pos = b->pos;
    b->pos = pos + n;

    if (n <= 6) {
        c = pos / 6;
        off = pos % 6;

        w = (unsigned) consent_b64[b->p[c]] << 6;

        if (off + n > 6) {
            /* within the input: pos + n <= nbits, the bits of len chars */
            w |= consent_b64[b->p[c + 1]];
        }

        *v = (w >> (12 - off - n)) & ((1u << n) - 1);

        return CONSENT_OK;
    }

    /* a character, or what is left of it, at a time */

    x = 0;
    c = pos / 6;
    left = 6 - pos % 6;

    while (n) {
        take = (n < left) ? n : left;

        x = x << take
            | ((consent_b64[b->p[c]] >> (left - take))
               & ((1u << take) - 1));

        n -= take;
        c++;
        left = 6;
    }

    *v = x;

    return CONSENT_OK;
}


/* the bits left after the last field: padding, all zero */

static int
consent_gpp_end(consent_gpp_bits_t *b)
{
    size_t    n;
    uint64_t  v;

    while (b->pos < b->nbits) {
        n = b->nbits - b->pos;

        (void) consent_gpp_read(b, (n < 6) ? n : 6, &v);

        if (v) {
            return CONSENT_EINVAL;
        }
    }

    return CONSENT_OK;
}
