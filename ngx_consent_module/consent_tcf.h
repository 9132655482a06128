
/*
 * ngx_consent_module: IAB TCF v2.2 TC strings (format=tcf; cookies
 * "euconsent-v2", "eupubconsent-v2").
 *
 *   tc-string = core *("." segment)
 *
 * Each segment is base64url without padding, read as 6 bits a character,
 * bits big-endian and numbered from the left; standard base64 ('+', '/')
 * and up to two trailing '=' per segment are accepted too.  The core
 * segment starts with Version (6 bits, must be 2); every other segment
 * starts with a 3-bit SegmentType: 1 DisclosedVendors and 2 AllowedVendors
 * are skipped, 3 is Publisher TC, 4..7 are unknown and skipped, 0 (a second
 * core) is an error, and so is a second Publisher TC segment.
 *
 * The core segment is walked to its end: all fields up to PublisherCC,
 * then the vendor consent, vendor legitimate interest and publisher
 * restriction sections, so that a truncated string is an error rather
 * than a shorter grant.  Vendor lists themselves are not kept.
 */


#ifndef _CONSENT_TCF_H_INCLUDED_
#define _CONSENT_TCF_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_TCF_MAX_LEN          4096   /* the whole string, bytes */

#define CONSENT_TCF_VERSION          2

#define CONSENT_TCF_POLICY_V4        4              /* TCF 2.2 */
#define CONSENT_TCF_V22_SINCE        17004384000LL  /* 2023-11-20 00:00 UTC,
                                                       deciseconds */

#define CONSENT_TCF_SEG_CORE         0
#define CONSENT_TCF_SEG_DISCLOSED    1
#define CONSENT_TCF_SEG_ALLOWED      2
#define CONSENT_TCF_SEG_PUBLISHER    3


typedef struct {
    int64_t      created;              /* deciseconds since the epoch */
    int64_t      last_updated;         /* deciseconds since the epoch */

    unsigned     version;
    unsigned     cmp_id;
    unsigned     cmp_version;
    unsigned     consent_screen;
    unsigned     vendor_list_version;
    unsigned     policy_version;

    uint32_t     special_feature_optins;  /* bit k-1 = special feature k */
    uint32_t     purposes_consent;     /* 24 bits, bit k-1 = purpose k */
    uint32_t     purposes_li;          /* PurposesLITransparency */

    /* the Publisher TC segment, when has_publisher_tc */
    uint32_t     pub_purposes_consent; /* 24 bits, bit k-1 = purpose k */
    uint32_t     pub_purposes_li;
    unsigned     pub_num_custom_purposes;

    u_char       consent_language[2];  /* two letters 'A'..'Z' */
    u_char       publisher_cc[2];      /* two letters 'A'..'Z' */

    unsigned     is_service_specific:1;
    unsigned     use_non_standard_texts:1;
    unsigned     purpose_one_treatment:1;
    unsigned     has_publisher_tc:1;
} consent_tcf_t;


/*
 * Decodes p[0..len) into tc.  Returns CONSENT_OK, CONSENT_EMPTY (len 0),
 * CONSENT_ETOOLONG (over CONSENT_TCF_MAX_LEN), CONSENT_EENCODING (a
 * character outside base64, misplaced '='), CONSENT_EVERSION (Version is
 * not 2; tc->version says which), or CONSENT_EINVAL (empty segment, a
 * segment too short for its fields, a letter field out of 'A'..'Z', a
 * second core or Publisher TC segment).  On error the other fields of tc
 * are unspecified.
 */

int consent_tcf_decode(const u_char *p, size_t len, consent_tcf_t *tc);

/*
 * Decodes and validates a TC string for a consent decision:
 *
 * - Version must be 2 (CONSENT_EVERSION);
 * - IsServiceSpecific must be 1 (CONSENT_EINVAL): TCF 2.2 knows only
 *   service-specific (and group-specific) strings; global-scope strings
 *   "are considered invalid" since 1 September 2021;
 * - TcfPolicyVersion must be at least 4 (TCF 2.2) in a string created on
 *   or after 20 November 2023, when TCF 2.2 became mandatory for CMPs
 *   (CONSENT_EPOLICY).
 *
 * res->granted holds purposes, bit k-1 = purpose k: PubPurposesConsent of
 * the Publisher TC segment when the string has one, else the core's
 * PurposesConsent; legitimate-interest bits never grant.
 * res->timestamp = LastUpdated in seconds; res->revision = -1; no id.
 * On any error res grants nothing (granted 0, timestamp -1).
 */

int consent_tcf_parse(const u_char *p, size_t len, consent_result_t *res);

/*
 * The decision of a TC string that consent_tcf_decode() has decoded, as
 * consent_tcf_parse() makes it (which calls it): resets res, then
 * CONSENT_EVERSION, CONSENT_EPOLICY or CONSENT_EINVAL as above, else
 * CONSENT_OK and res as above.
 * For a TC string inside another format (GPP's section 2), decoded once.
 */

int consent_tcf_result(const consent_tcf_t *tc, consent_result_t *res);


#endif /* _CONSENT_TCF_H_INCLUDED_ */
