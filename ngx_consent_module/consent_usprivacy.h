
/*
 * ngx_consent_module: IAB US Privacy strings (format=usprivacy; cookies
 * "usprivacy", "us_privacy").
 *
 *   usprivacy = "1" notice opt-out lspa
 *   notice    = "Y" / "N" / "-"     ; explicit notice given
 *   opt-out   = "Y" / "N" / "-"     ; opted out of sale
 *   lspa      = "Y" / "N" / "-"     ; LSPA covered transaction
 *
 * "1---" says the privacy law does not apply.  The specification allows
 * "-" in the opt-out position only there ("Opt-Out of Sale may never be
 * unknown"): "1Y-N" is malformed.  The specification lists upper-case
 * letters; IAB's own reference code for the USP API validates with
 * /^[1][nNyY-][nNyY-][nNyY-]$/ and CMPs built on it may store "1yyn", so
 * 'y' and 'n' are accepted and mean the same as 'Y' and 'N'.
 */


#ifndef _CONSENT_USPRIVACY_H_INCLUDED_
#define _CONSENT_USPRIVACY_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_USPRIVACY_LEN  4


/*
 * Returns CONSENT_OK, CONSENT_EMPTY (len 0), CONSENT_EVERSION (4
 * characters, the first a digit other than '1') or CONSENT_EINVAL.
 * The format only ever restricts: on success res->restrict_only is 1 and
 * res->granted 0; res->refused is CONSENT_REFUSED_SALE when the
 * visitor opted out of sale, else 0.
 * res->timestamp and res->revision are -1.
 */

int consent_usprivacy_parse(const u_char *p, size_t len,
    consent_result_t *res);


#endif /* _CONSENT_USPRIVACY_H_INCLUDED_ */
