
/*
 * ngx_consent_module: IAB US Privacy string.
 */


#include "consent_usprivacy.h"

#include <string.h>


static int consent_usprivacy_signal(u_char c);


int
consent_usprivacy_parse(const u_char *p, size_t len, consent_result_t *res)
{
    int  notice, optout, lspa;

    consent_result_reset(res);

    if (len == 0) {
        return CONSENT_EMPTY;
    }

    if (len != CONSENT_USPRIVACY_LEN) {
        return CONSENT_EINVAL;
    }

    if (p[0] != '1') {
        return (p[0] >= '0' && p[0] <= '9') ? CONSENT_EVERSION
                                              : CONSENT_EINVAL;
    }

    notice = consent_usprivacy_signal(p[1]);
    optout = consent_usprivacy_signal(p[2]);
    lspa = consent_usprivacy_signal(p[3]);

    if (notice == 0 || optout == 0 || lspa == 0) {
        return CONSENT_EINVAL;
    }

    /* "-" for the opt-out only in "1---" */

    if (optout == '-' && (notice != '-' || lspa != '-')) {
        return CONSENT_EINVAL;
    }

    res->restrict_only = 1;
    res->refused = (optout == 'Y') ? CONSENT_REFUSED_SALE : 0;

    return CONSENT_OK;
}


static int
consent_usprivacy_signal(u_char c)
{
    switch (c) {
    case 'Y':
    case 'y':
        return 'Y';
    case 'N':
    case 'n':
        return 'N';
    case '-':
        return '-';
    default:
        return 0;
    }
}
