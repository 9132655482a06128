
/*
 * ngx_consent_module: IAB TCF v2.2 TC string decoder.
 */


#include "consent_tcf.h"

#include <string.h>


/*
 * A bit reader over the characters of one segment: bit i is bit
 * (5 - i % 6) of the 6-bit value of character i / 6.  The characters were
 * checked against the alphabet before the reader is made.
 */

typedef struct {
    const u_char  *data;
    size_t         pos;                /* next bit */
    size_t         nbits;
} consent_tcf_reader_t;


static int consent_tcf_segment(const u_char *p, size_t len, size_t *nchars);
static int consent_tcf_read(consent_tcf_reader_t *r, size_t n, uint64_t *v);
static int consent_tcf_skip(consent_tcf_reader_t *r, size_t n);
static int consent_tcf_core(consent_tcf_reader_t *r, consent_tcf_t *tc);
static int consent_tcf_letters(consent_tcf_reader_t *r, u_char *dst);
static int consent_tcf_vendors(consent_tcf_reader_t *r);
static int consent_tcf_ranges(consent_tcf_reader_t *r, size_t n);
static int consent_tcf_publisher(consent_tcf_reader_t *r, consent_tcf_t *tc);
static uint32_t consent_tcf_purposes(uint64_t v, unsigned n);


#define CONSENT_TCF_NOT_B64  0xff

/* base64url and standard base64 in one table */

static const u_char  consent_tcf_b64[256] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,      /*  !"#$%&' */
    0xff, 0xff, 0xff,   62, 0xff,   62, 0xff,   63,      /* ()*+,-./ */
      52,   53,   54,   55,   56,   57,   58,   59,      /* 01234567 */
      60,   61, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,      /* 89:;<=>? */
    0xff,    0,    1,    2,    3,    4,    5,    6,      /* @ABCDEFG */
       7,    8,    9,   10,   11,   12,   13,   14,      /* HIJKLMNO */
      15,   16,   17,   18,   19,   20,   21,   22,      /* PQRSTUVW */
      23,   24,   25, 0xff, 0xff, 0xff, 0xff,   63,      /* XYZ[\]^_ */
    0xff,   26,   27,   28,   29,   30,   31,   32,      /* `abcdefg */
      33,   34,   35,   36,   37,   38,   39,   40,      /* hijklmno */
      41,   42,   43,   44,   45,   46,   47,   48,      /* pqrstuvw */
      49,   50,   51, 0xff, 0xff, 0xff, 0xff, 0xff,      /* xyz{|}~  */

    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};


/* core segment: bits up to and including PublisherCC */
#define CONSENT_TCF_CORE_BITS  213


int
consent_tcf_decode(const u_char *p, size_t len, consent_tcf_t *tc)
{
    int                    rc;
    size_t                 n, nchars, nseg;
    uint64_t               type;
    const u_char          *end, *s;
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
    s = p;

    for ( ;; ) {
        n = 0;
        while (s + n < end && s[n] != '.') {
            n++;
        }

        rc = consent_tcf_segment(s, n, &nchars);
        if (rc != CONSENT_OK) {
            return rc;
        }

        r.data = s;
        r.pos = 0;
        r.nbits = nchars * 6;

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

        if (s + n == end) {
            return CONSENT_OK;
        }

        s += n + 1;
    }
}


int
consent_tcf_parse(const u_char *p, size_t len, consent_result_t *res)
{
    int            rc;
    consent_tcf_t  tc;

    memset(res, 0, sizeof(consent_result_t));
    res->timestamp = -1;
    res->revision = -1;

    rc = consent_tcf_decode(p, len, &tc);
    if (rc != CONSENT_OK) {
        /* a version other than 2 is CONSENT_EVERSION already */
        return rc;
    }

    if (!tc.is_service_specific) {
        return CONSENT_EINVAL;
    }

    res->granted = tc.has_publisher_tc ? tc.pub_purposes_consent
                                       : tc.purposes_consent;
    res->timestamp = tc.last_updated / 10;

    return CONSENT_OK;
}


/*
 * Checks the characters of one segment: base64 (either alphabet), then at
 * most two '='.  Sets *nchars to the number of data characters.
 */

static int
consent_tcf_segment(const u_char *p, size_t len, size_t *nchars)
{
    size_t  i, n;

    n = len;

    for (i = 0; i < 2 && n > 0 && p[n - 1] == '='; i++) {
        n--;
    }

    if (n == 0) {
        return CONSENT_EINVAL;
    }

    for (i = 0; i < n; i++) {
        if (consent_tcf_b64[p[i]] == CONSENT_TCF_NOT_B64) {
            return CONSENT_EENCODING;
        }
    }

    *nchars = n;

    return CONSENT_OK;
}


/* reads n (at most 64) bits as an unsigned big-endian number */

static int
consent_tcf_read(consent_tcf_reader_t *r, size_t n, uint64_t *v)
{
    u_char    c;
    size_t    pos, off, avail, take;
    uint64_t  x;

    if (n > 64 || r->pos > r->nbits || r->nbits - r->pos < n) {
        return CONSENT_EINVAL;
    }

    pos = r->pos;
    x = 0;

    while (n) {
        c = consent_tcf_b64[r->data[pos / 6]];
        off = pos % 6;
        avail = 6 - off;
        take = avail < n ? avail : n;

        x = (x << take) | ((c >> (avail - take)) & ((1u << take) - 1));

        pos += take;
        n -= take;
    }

    r->pos = pos;
    *v = x;

    return CONSENT_OK;
}


static int
consent_tcf_skip(consent_tcf_reader_t *r, size_t n)
{
    if (r->pos > r->nbits || r->nbits - r->pos < n) {
        return CONSENT_EINVAL;
    }

    r->pos += n;

    return CONSENT_OK;
}


/*
 * The core segment.  Every read is checked by the reader; the length test
 * up front only turns a short string into one clear error before any
 * field is filled.
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

    if (r->nbits < CONSENT_TCF_CORE_BITS) {
        return CONSENT_EINVAL;
    }

    if (consent_tcf_read(r, 36, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->created = (int64_t) v;

    if (consent_tcf_read(r, 36, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->last_updated = (int64_t) v;

    if (consent_tcf_read(r, 12, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->cmp_id = (unsigned) v;

    if (consent_tcf_read(r, 12, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->cmp_version = (unsigned) v;

    if (consent_tcf_read(r, 6, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->consent_screen = (unsigned) v;

    rc = consent_tcf_letters(r, tc->consent_language);
    if (rc != CONSENT_OK) {
        return rc;
    }

    if (consent_tcf_read(r, 12, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->vendor_list_version = (unsigned) v;

    if (consent_tcf_read(r, 6, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->policy_version = (unsigned) v;

    if (consent_tcf_read(r, 1, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->is_service_specific = (unsigned) v;

    if (consent_tcf_read(r, 1, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->use_non_standard_texts = (unsigned) v;

    if (consent_tcf_read(r, 12, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->special_feature_optins = consent_tcf_purposes(v, 12);

    if (consent_tcf_read(r, 24, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->purposes_consent = consent_tcf_purposes(v, 24);

    if (consent_tcf_read(r, 24, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->purposes_li = consent_tcf_purposes(v, 24);

    if (consent_tcf_read(r, 1, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    tc->purpose_one_treatment = (unsigned) v;

    rc = consent_tcf_letters(r, tc->publisher_cc);
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

    /* publisher restrictions: NumPubRestrictions, then for each one
     * PurposeId 6, RestrictionType 2 and a range list */

    if (consent_tcf_read(r, 12, &v) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    while (v--) {
        if (consent_tcf_skip(r, 8) != CONSENT_OK
            || consent_tcf_read(r, 12, &entries) != CONSENT_OK)
        {
            return CONSENT_EINVAL;
        }

        rc = consent_tcf_ranges(r, (size_t) entries);
        if (rc != CONSENT_OK) {
            return rc;
        }
    }

    return CONSENT_OK;
}


/* two 6-bit letters, 0 = 'A' .. 25 = 'Z' */

static int
consent_tcf_letters(consent_tcf_reader_t *r, u_char *dst)
{
    size_t    i;
    uint64_t  v;

    for (i = 0; i < 2; i++) {
        if (consent_tcf_read(r, 6, &v) != CONSENT_OK || v > 25) {
            return CONSENT_EINVAL;
        }

        dst[i] = (u_char) ('A' + v);
    }

    return CONSENT_OK;
}


/*
 * A vendor section: MaxVendorId 16, IsRangeEncoding 1, then MaxVendorId
 * bits or a range list.  Only walked, not kept.
 */

static int
consent_tcf_vendors(consent_tcf_reader_t *r)
{
    uint64_t  max, range, entries;

    if (consent_tcf_read(r, 16, &max) != CONSENT_OK
        || consent_tcf_read(r, 1, &range) != CONSENT_OK)
    {
        return CONSENT_EINVAL;
    }

    if (!range) {
        return consent_tcf_skip(r, (size_t) max);
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
 * An n-bit field read big-endian has item 1 in its top bit; returns it
 * with item k in bit k-1.
 */

static uint32_t
consent_tcf_purposes(uint64_t v, unsigned n)
{
    unsigned  k;
    uint32_t  out;

    out = 0;

    for (k = 0; k < n; k++) {
        if (v & ((uint64_t) 1 << (n - 1 - k))) {
            out |= (uint32_t) 1 << k;
        }
    }

    return out;
}
