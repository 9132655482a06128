
/*
 * The C side of the TCF differential test (t/tcf_diff.t): reads one TC
 * string a line on stdin and prints, a line each, what consent_tcf_decode()
 * and consent_tcf_parse() make of it:
 *
 *   decode_rc version created last_updated cmp_id cmp_version
 *   consent_screen consent_language vendor_list_version policy_version
 *   is_service_specific use_non_standard_texts special_feature_optins
 *   purposes_consent purposes_li purpose_one_treatment publisher_cc
 *   has_publisher_tc pub_purposes_consent pub_purposes_li
 *   pub_num_custom_purposes parse_rc granted timestamp
 *
 * Bit sets are printed in decimal, bit k-1 = item k.
 */


#include "consent_tcf.h"

#include <stdio.h>
#include <string.h>


int
main(void)
{
    int               rc, prc;
    char              line[8192];
    size_t            len;
    consent_tcf_t     tc;
    consent_result_t  res;

    while (fgets(line, sizeof(line), stdin) != NULL) {
        len = strlen(line);

        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            len--;
        }

        rc = consent_tcf_decode((u_char *) line, len, &tc);
        prc = consent_tcf_parse((u_char *) line, len, &res);

        printf("%d %u %lld %lld %u %u %u %c%c %u %u %u %u %lu %lu %lu %u "
               "%c%c %u %lu %lu %u %d %llu %lld\n",
               rc, tc.version, (long long) tc.created,
               (long long) tc.last_updated, tc.cmp_id, tc.cmp_version,
               tc.consent_screen,
               tc.consent_language[0] ? tc.consent_language[0] : '?',
               tc.consent_language[1] ? tc.consent_language[1] : '?',
               tc.vendor_list_version, tc.policy_version,
               (unsigned) tc.is_service_specific,
               (unsigned) tc.use_non_standard_texts,
               (unsigned long) tc.special_feature_optins,
               (unsigned long) tc.purposes_consent,
               (unsigned long) tc.purposes_li,
               (unsigned) tc.purpose_one_treatment,
               tc.publisher_cc[0] ? tc.publisher_cc[0] : '?',
               tc.publisher_cc[1] ? tc.publisher_cc[1] : '?',
               (unsigned) tc.has_publisher_tc,
               (unsigned long) tc.pub_purposes_consent,
               (unsigned long) tc.pub_purposes_li,
               tc.pub_num_custom_purposes,
               prc, (unsigned long long) res.granted,
               (long long) res.timestamp);
    }

    return 0;
}
