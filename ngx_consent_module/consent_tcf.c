
/*
 * ngx_consent_module: IAB TCF v2.2 TC string decoder.
 *
 * It runs on every request that carries a TC cookie, so it is written for
 * cost.  One pass over each segment, eight characters at a time through
 * one table, both checks the characters and finds the '.' that ends it.
 * Fields are then read from the characters that hold them, the fixed
 * fields of the core several at a time, and vendor bit fields, the bulk
 * of a string, are skipped without being looked at again.
 */


#include "consent_tcf.h"

#include <string.h>


/*
 * A bit reader over the characters of one segment, which were checked
 * against the alphabet before the reader is made.  Characters are taken
 * 6 bits at a time, bits big-endian, into a buffer as fields need them;
 * skipped bits are never looked at.
 */

typedef struct {
    const u_char  *next;               /* the next character to take */
    uint64_t       buf;                /* its low "have" bits are unread */
    size_t         have;
    size_t         left;               /* unread bits, buf included */
} consent_tcf_reader_t;


static int consent_tcf_segment(const u_char *p, const u_char *end,
    const u_char **last, size_t *nchars);
static inline int consent_tcf_read(consent_tcf_reader_t *r, size_t n,
    uint64_t *v);
static inline int consent_tcf_skip(consent_tcf_reader_t *r, size_t n);
static int consent_tcf_core(consent_tcf_reader_t *r, consent_tcf_t *tc);
static int consent_tcf_letters(uint64_t v, u_char *dst);
static int consent_tcf_vendors(consent_tcf_reader_t *r);
static int consent_tcf_ranges(consent_tcf_reader_t *r, size_t n);
static int consent_tcf_publisher(consent_tcf_reader_t *r, consent_tcf_t *tc);
static uint32_t consent_tcf_purposes(uint64_t v, unsigned n);


/* core segment: bits up to and including PublisherCC */
#define CONSENT_TCF_CORE_BITS  213

/* the most bits one consent_tcf_read() returns */
#define CONSENT_TCF_READ_MAX   58


int
consent_tcf_decode(const u_char *p, size_t len, consent_tcf_t *tc)
{
    int                    rc;
    size_t                 nchars, nseg;
    uint64_t               type;
    const u_char          *end, *last;
    consent_tcf_reader_t   r;

    memset(tc, 0, sizeof(consent_tcf_t));

    if (len == 0) {
        return CONSENT_EMPTY;
    }

    if (len > CONSENT_TCF_MAX_LEN) {
        return CONSENT_ETOOLONG;
    }

    end = p + len;
    nseg = 0;

    for ( ;; ) {
        rc = consent_tcf_segment(p, end, &last, &nchars);
        if (rc != CONSENT_OK) {
            return rc;
        }

        r.next = p;
        r.buf = 0;
        r.have = 0;
        r.left = nchars * 6;

        if (nseg++ == 0) {
            rc = consent_tcf_core(&r, tc);

        } else {
            rc = consent_tcf_read(&r, 3, &type);
            if (rc != CONSENT_OK) {
                return rc;
            }

            switch (type) {

            case CONSENT_TCF_SEG_CORE:
                rc = CONSENT_EINVAL;
                break;

            case CONSENT_TCF_SEG_PUBLISHER:
                rc = tc->has_publisher_tc ? CONSENT_EINVAL
                                          : consent_tcf_publisher(&r, tc);
                break;

            case CONSENT_TCF_SEG_DISCLOSED:
            case CONSENT_TCF_SEG_ALLOWED:
                rc = consent_tcf_vendors(&r);
                break;

            default:
                /* a segment type of the future */
                rc = CONSENT_OK;
            }
        }

        if (rc != CONSENT_OK) {
            return rc;
        }

        if (last == end) {
            return CONSENT_OK;
        }

        p = last + 1;
    }
}


int
consent_tcf_parse(const u_char *p, size_t len, consent_result_t *res)
{
    int            rc;
    consent_tcf_t  tc;

    consent_result_reset(res);

    rc = consent_tcf_decode(p, len, &tc);
    if (rc != CONSENT_OK) {
        /* a version other than 2 is CONSENT_EVERSION already */
        return rc;
    }

    return consent_tcf_result(&tc, res);
}


int
consent_tcf_result(const consent_tcf_t *tc, consent_result_t *res)
{
    consent_result_reset(res);

    if (tc->version != CONSENT_TCF_VERSION) {
        return CONSENT_EVERSION;
    }

    /*
     * CMPs must write TCF 2.2 strings (policy version 4) since
     * 20 November 2023: a newer string of an older policy was written by a
     * CMP that asks under rules no longer allowed
     */

    if (tc->policy_version < CONSENT_TCF_POLICY_V4
        && tc->created >= CONSENT_TCF_V22_SINCE)
    {
        return CONSENT_EPOLICY;
    }

    if (!tc->is_service_specific) {
        return CONSENT_EINVAL;
    }

    res->granted = tc->has_publisher_tc ? tc->pub_purposes_consent
                                        : tc->purposes_consent;
    res->timestamp = tc->last_updated / 10;

    return CONSENT_OK;
}


/*
 * Finds the end of the segment at p (the next '.', or end) and checks its
 * characters on the way: base64 (either alphabet), then at most two '='.
 * Sets *last to the end of the segment and *nchars to the number of data
 * characters.  An empty segment, or one of '=' alone, is CONSENT_EINVAL;
 * any other character, or a '=' not in the last two places, is
 * CONSENT_EENCODING.
 */

static int
consent_tcf_segment(const u_char *p, const u_char *end, const u_char **last,
    size_t *nchars)
{
    u_char         c;
    size_t         n;
    const u_char  *s, *q;

    s = p;

    /* eight characters at a time, as long as none of them is special */

    for (n = (size_t) (end - s) / 8; n; n--) {
        c = consent_b64[s[0]] | consent_b64[s[1]]
            | consent_b64[s[2]] | consent_b64[s[3]]
            | consent_b64[s[4]] | consent_b64[s[5]]
            | consent_b64[s[6]] | consent_b64[s[7]];

        if (c & CONSENT_B64_NOTDATA) {
            break;
        }

        s += 8;
    }

    while (s < end && !(consent_b64[*s] & CONSENT_B64_NOTDATA)) {
        s++;
    }

    /* the first character after the data: end, '.', '=' or a bad one */

    q = s;

    if (q < end && *q == '=') {
        q++;

        if (q < end && *q == '=') {
            q++;
        }
    }

    if (q < end && *q != '.') {
        return CONSENT_EENCODING;
    }

    if (s == p) {
        return CONSENT_EINVAL;
    }

    *last = q;
    *nchars = s - p;

    return CONSENT_OK;
}


/*
 * Reads n (1 to CONSENT_TCF_READ_MAX) bits as an unsigned big-endian
 * number.  The buffer keeps fewer than n bits before it takes one more
 * character, so it never holds more than n + 5.
 */

static inline int
consent_tcf_read(consent_tcf_reader_t *r, size_t n, uint64_t *v)
{
    size_t         have;
    uint64_t       buf;
    const u_char  *c;

    if (n > r->left) {
        return CONSENT_EINVAL;
    }

    c = r->next;
    buf = r->buf;
    have = r->have;

    while (have < n) {
        buf = buf << 6 | (consent_b64[*c++] & 0x3f);
        have += 6;
    }

    have -= n;

    r->next = c;
    r->buf = buf;
    r->have = have;
    r->left -= n;

    *v = (buf >> have) & (((uint64_t) 1 << n) - 1);

    return CONSENT_OK;
}


/*
 * Skips n bits: those in the buffer, then whole characters; the character
 * that holds the last skipped bit is taken into the buffer for the bits
 * after it.
 */

static inline int
consent_tcf_skip(consent_tcf_reader_t *r, size_t n)
{
    size_t  k;

    if (n > r->left) {
        return CONSENT_EINVAL;
    }

    r->left -= n;

    if (n <= r->have) {
        r->have -= n;
        return CONSENT_OK;
    }

    n -= r->have;
    k = (n + 5) / 6;

    r->next += k;
    r->buf = consent_b64[r->next[-1]] & 0x3f;
    r->have = k * 6 - n;

    return CONSENT_OK;
}


/*
 * The core segment.  Once Version is read, the length test makes every
 * field up to PublisherCC readable, so they are read a group at a time.
 * Fields are filled in order, so that on an error the ones before it are
 * set.
 */

static int
consent_tcf_core(consent_tcf_reader_t *r, consent_tcf_t *tc)
{
    int       rc;
    uint64_t  v, entries;

    rc = consent_tcf_read(r, 6, &v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    tc->version = (unsigned) v;

    if (v != CONSENT_TCF_VERSION) {
        return CONSENT_EVERSION;
    }

    if (r->left < CONSENT_TCF_CORE_BITS - 6) {
        return CONSENT_EINVAL;
    }

    /* Created 36, LastUpdated 36 */

    (void) consent_tcf_read(r, 36, &v);
    tc->created = (int64_t) v;

    (void) consent_tcf_read(r, 36, &v);
    tc->last_updated = (int64_t) v;

    /* CmpId 12, CmpVersion 12, ConsentScreen 6, ConsentLanguage 12 */

    (void) consent_tcf_read(r, 42, &v);
    tc->cmp_id = (unsigned) (v >> 30);
    tc->cmp_version = (unsigned) (v >> 18) & 0xfff;
    tc->consent_screen = (unsigned) (v >> 12) & 0x3f;

    rc = consent_tcf_letters(v, tc->consent_language);
    if (rc != CONSENT_OK) {
        return rc;
    }

    /*
     * VendorListVersion 12, TcfPolicyVersion 6, IsServiceSpecific 1,
     * UseNonStandardTexts 1, SpecialFeatureOptIns 12
     */

    (void) consent_tcf_read(r, 32, &v);
    tc->vendor_list_version = (unsigned) (v >> 20);
    tc->policy_version = (unsigned) (v >> 14) & 0x3f;
    tc->is_service_specific = (unsigned) (v >> 13) & 1;
    tc->use_non_standard_texts = (unsigned) (v >> 12) & 1;
    tc->special_feature_optins = consent_tcf_purposes(v & 0xfff, 12);

    /*
     * PurposesConsent 24, PurposesLITransparency 24, PurposeOneTreatment 1,
     * PublisherCC 12
     */

    (void) consent_tcf_read(r, 48, &v);
    tc->purposes_consent = consent_tcf_purposes(v >> 24, 24);
    tc->purposes_li = consent_tcf_purposes(v & 0xffffff, 24);

    (void) consent_tcf_read(r, 13, &v);
    tc->purpose_one_treatment = (unsigned) (v >> 12);

    rc = consent_tcf_letters(v, tc->publisher_cc);
    if (rc != CONSENT_OK) {
        return rc;
    }

    /* vendor consents, vendor legitimate interests */

    rc = consent_tcf_vendors(r);
    if (rc != CONSENT_OK) {
        return rc;
    }

    rc = consent_tcf_vendors(r);
    if (rc != CONSENT_OK) {
        return rc;
    }

    /*
     * publisher restrictions: NumPubRestrictions 12, then for each one
     * PurposeId 6, RestrictionType 2 and a range list, whose NumEntries 12
     * is read with them
     */

    if (consent_tcf_read(r, 12, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    while (v--) {
        if (consent_tcf_read(r, 20, &entries) != CONSENT_OK) {
            return CONSENT_EINVAL;
        }

        rc = consent_tcf_ranges(r, (size_t) (entries & 0xfff));
        if (rc != CONSENT_OK) {
            return rc;
        }
    }

    return CONSENT_OK;
}


/*
 * Two 6-bit letters in the low 12 bits of v, 0 = 'A' .. 25 = 'Z'; the
 * first is stored before the second is checked.
 */

static int
consent_tcf_letters(uint64_t v, u_char *dst)
{
    unsigned  a, b;

    a = (unsigned) (v >> 6) & 0x3f;
    b = (unsigned) v & 0x3f;

    if (a > 25) {
        return CONSENT_EINVAL;
    }

    dst[0] = (u_char) ('A' + a);

    if (b > 25) {
        return CONSENT_EINVAL;
    }

    dst[1] = (u_char) ('A' + b);

    return CONSENT_OK;
}


/*
 * A vendor section: MaxVendorId 16, IsRangeEncoding 1, then MaxVendorId
 * bits or a range list.  Only walked, not kept.
 */

static int
consent_tcf_vendors(consent_tcf_reader_t *r)
{
    uint64_t  v, entries;

    if (consent_tcf_read(r, 17, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    if (!(v & 1)) {
        return consent_tcf_skip(r, (size_t) (v >> 1));
    }

    if (consent_tcf_read(r, 12, &entries) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    return consent_tcf_ranges(r, (size_t) entries);
}


/*
 * n entries of IsARange 1, StartOrOnlyVendorId 16 and, for a range,
 * EndVendorId 16.  Every entry takes at least 17 bits, so a large n runs
 * out of input quickly.
 */

static int
consent_tcf_ranges(consent_tcf_reader_t *r, size_t n)
{
    uint64_t  is_range;

    while (n--) {
        if (consent_tcf_read(r, 1, &is_range) != CONSENT_OK
            || consent_tcf_skip(r, is_range ? 32 : 16) != CONSENT_OK)
        {
            return CONSENT_EINVAL;
        }
    }

    return CONSENT_OK;
}


/*
 * Publisher TC, after its SegmentType: PubPurposesConsent 24,
 * PubPurposesLITransparency 24, NumCustomPurposes 6, then that many
 * CustomPurposesConsent and CustomPurposesLITransparency bits.
 */

static int
consent_tcf_publisher(consent_tcf_reader_t *r, consent_tcf_t *tc)
{
    uint64_t  v;

    if (consent_tcf_read(r, 24, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->pub_purposes_consent = consent_tcf_purposes(v, 24);

    if (consent_tcf_read(r, 24, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->pub_purposes_li = consent_tcf_purposes(v, 24);

    if (consent_tcf_read(r, 6, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->pub_num_custom_purposes = (unsigned) v;

    if (consent_tcf_skip(r, 2 * (size_t) v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->has_publisher_tc = 1;

    return CONSENT_OK;
}


/*
 * An n-bit field (n <= 32) read big-endian has item 1 in its top bit;
 * returns it with item k in bit k-1: the 32 bits reversed, then shifted
 * down by the 32 - n zeros that came to the top.
 */

static uint32_t
consent_tcf_purposes(uint64_t v, unsigned n)
{
    uint32_t  x;

    x = (uint32_t) v;

    x = (x >> 1 & 0x55555555) | (x & 0x55555555) << 1;
    x = (x >> 2 & 0x33333333) | (x & 0x33333333) << 2;
    x = (x >> 4 & 0x0f0f0f0f) | (x & 0x0f0f0f0f) << 4;
    x = (x >> 8 & 0x00ff00ff) | (x & 0x00ff00ff) << 8;
    x = x >> 16 | x << 16;

    return x >> (32 - n);
}
