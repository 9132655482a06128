
/*
 * ngx_consent_module: IAB Global Privacy Platform strings (format=gpp;
 * cookies "__gpp" of IAB's CMP API, "OTGPPConsent" of OneTrust).
 *
 *   gpp-string = header *("~" section)
 *
 * The header is base64url: Type (6 bits, 3), Version (6 bits, 1) and
 * SectionIds, a Fibonacci-coded integer range; one section follows per
 * ID, in that order.  A section is one or more "."-separated base64url
 * subsections, the first its core; the US sections may add a GPC
 * subsection (SubsectionType 1, then Gpc).  Section 2 (tcfeuv2) is a TC
 * string and goes to the TCF core; section 6 (uspv1) is a US Privacy
 * string; 7 (usnat, v1 and v2), 8 (usca) and every US state section are
 * bit fields of their own layouts, each read to its end.
 */


#ifndef _CONSENT_GPP_H_INCLUDED_
#define _CONSENT_GPP_H_INCLUDED_


#include "consent_core.h"
#include "consent_tcf.h"


#define CONSENT_GPP_MAX_LEN        8192   /* the whole string, bytes */
#define CONSENT_GPP_MAX_SECTIONS   32     /* sections one string may list */

#define CONSENT_GPP_HEADER_TYPE    3
#define CONSENT_GPP_VERSION        1

#define CONSENT_GPP_TCFEUV2        2
#define CONSENT_GPP_USPV1          6
#define CONSENT_GPP_USNAT          7
#define CONSENT_GPP_USCA           8


/* one section as read; the opt-out fields are 0, 1 or 2, 0 when absent */

typedef struct {
    unsigned     id;              /* section ID */
    int          rc;              /* CONSENT_OK, or why it was not read */
    unsigned     version;         /* the section's Version field
                                     (MspaVersion for usmd, usin, usky,
                                     usri); 1 for uspv1, 0 for tcfeuv2
                                     (see tcf) and skipped sections */
    uint8_t      sale;            /* SaleOptOut */
    uint8_t      sharing;         /* SharingOptOut */
    uint8_t      targeted;        /* TargetedAdvertisingOptOut */
    uint8_t      gpc;             /* Gpc, when has_gpc */
    unsigned     has_gpc:1;       /* a GPC subsection is there */
    unsigned     known:1;         /* an ID this core has a layout for */
} consent_gpp_section_t;


typedef struct {
    unsigned               type;        /* header Type */
    unsigned               version;     /* header Version */
    unsigned               nsections;
    consent_gpp_section_t  section[CONSENT_GPP_MAX_SECTIONS];
    consent_tcf_t          tcf;         /* section 2, when has_tcf */
    unsigned               refused;     /* CONSENT_REFUSED_*, every
                                           section together */
    unsigned               has_tcf:1;
} consent_gpp_t;


/*
 * Decodes p[0..len) into gpp.  Returns CONSENT_OK, CONSENT_EMPTY (len 0),
 * CONSENT_ETOOLONG (over CONSENT_GPP_MAX_LEN, or more than
 * CONSENT_GPP_MAX_SECTIONS sections), CONSENT_EENCODING (a character
 * outside base64url in the header), CONSENT_EVERSION (Type not 3 or
 * Version not 1) or CONSENT_EINVAL (the header too short, a Fibonacci
 * code that does not end within 24 bits, an ID over 65535, a set bit
 * after the header's last field, as many sections as IDs not there or
 * one of them empty, section 2 not a valid TC string for
 * consent_tcf_parse(): section[i].rc says why).  No Fibonacci code is 0,
 * so the IDs always increase.
 *
 * A US section that cannot be read (too short for its layout, a
 * character outside base64url, a Version the core has no layout for, a
 * field out of its range, a set bit after its last field, a subsection
 * its layout has no place for) does not fail the string: its rc says why
 * (CONSENT_EINVAL, CONSENT_EENCODING, CONSENT_EVERSION), and
 * gpp->refused gets CONSENT_REFUSED_UNREADABLE.  So does a section whose
 * ID the core has no layout for (rc CONSENT_EVERSION, known 0), unless it
 * is a consent framework that can only grant (1 tcfeuv1, 5 tcfcav1),
 * which is skipped (rc CONSENT_OK, known 0).  An empty section is one
 * not there (CONSENT_EINVAL for the string).  Every opt-out field equal
 * to 1 sets its CONSENT_REFUSED_* bit, a Gpc of 1 sets
 * CONSENT_REFUSED_GPC.  consent_gpp.c says how bits, padding and the two
 * layouts of usnat are read.
 */

int consent_gpp_decode(const u_char *p, size_t len, consent_gpp_t *gpp);

/*
 * For a consent decision: decodes as consent_gpp_decode() and on success
 * sets res->refused to gpp->refused.  With section 2, res->granted,
 * res->timestamp and the rest are what consent_tcf_parse() gives for it;
 * without, res->undecided is 1: the string grants nothing and only
 * refuses.  On error res is reset (grants and refuses nothing; the
 * caller refuses).
 */

int consent_gpp_parse(const u_char *p, size_t len, consent_result_t *res);


#endif /* _CONSENT_GPP_H_INCLUDED_ */
