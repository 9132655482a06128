
/*
 * The C side of the GPP differential test (t/gpp_diff.t): reads one GPP
 * string a line on stdin and prints, a line each, one JSON object with
 * what consent_gpp_decode() and consent_gpp_parse() make of it:
 *
 *   {"rc":R,"type":T,"version":V,"n":N,"refused":B,"has_tcf":H,
 *    "s":[[id,rc,known,version,sale,sharing,targeted,has_gpc,gpc],...],
 *    "tcf":[version,created,last_updated,cmp_id,cmp_version,
 *           consent_screen,"consent_language",vendor_list_version,
 *           policy_version,is_service_specific,use_non_standard_texts,
 *           special_feature_optins,purposes_consent,purposes_li,
 *           purpose_one_treatment,"publisher_cc",has_publisher_tc,
 *           pub_purposes_consent,pub_purposes_li,pub_num_custom_purposes],
 *    "p":[rc,granted,timestamp,refused,undecided]}
 *
 * "tcf" is null without section 2; "s" holds at most
 * CONSENT_GPP_MAX_SECTIONS entries whatever "n" says.  Bit sets are
 * printed in decimal, bit k-1 = item k.
 */


#include "consent_gpp.h"

#include <stdio.h>
#include <string.h>


#define GPP_DRIVER_LINE  65536


static void gpp_driver_tcf(const consent_tcf_t *tc);
static int gpp_driver_letter(u_char c);


int
main(void)
{
    int                     rc, prc;
    size_t                  len;
    unsigned                i, n;
    consent_gpp_t           gpp;
    consent_result_t        res;
    consent_gpp_section_t  *s;
    static char             line[GPP_DRIVER_LINE];

    while (fgets(line, sizeof(line), stdin) != NULL) {
        len = strlen(line);

        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            len--;
        }

        memset(&gpp, 0, sizeof(consent_gpp_t));

        rc = consent_gpp_decode((u_char *) line, len, &gpp);
        prc = consent_gpp_parse((u_char *) line, len, &res);

        n = gpp.nsections;

        if (n > CONSENT_GPP_MAX_SECTIONS) {
            n = CONSENT_GPP_MAX_SECTIONS;
        }

        printf("{\"rc\":%d,\"type\":%u,\"version\":%u,\"n\":%u,"
               "\"refused\":%u,\"has_tcf\":%u,\"s\":[",
               rc, gpp.type, gpp.version, gpp.nsections, gpp.refused,
               (unsigned) gpp.has_tcf);

        for (i = 0; i < n; i++) {
            s = &gpp.section[i];

            printf("%s[%u,%d,%u,%u,%u,%u,%u,%u,%u]", i ? "," : "",
                   s->id, s->rc, (unsigned) s->known, s->version,
                   (unsigned) s->sale, (unsigned) s->sharing,
                   (unsigned) s->targeted, (unsigned) s->has_gpc,
                   (unsigned) s->gpc);
        }

        printf("],\"tcf\":");

        if (rc == CONSENT_OK && gpp.has_tcf) {
            gpp_driver_tcf(&gpp.tcf);

        } else {
            printf("null");
        }

        printf(",\"p\":[%d,%llu,%lld,%u,%u]}\n",
               prc, (unsigned long long) res.granted,
               (long long) res.timestamp, res.refused,
               (unsigned) res.undecided);
    }

    return 0;
}


static void
gpp_driver_tcf(const consent_tcf_t *tc)
{
    printf("[%u,%lld,%lld,%u,%u,%u,\"%c%c\",%u,%u,%u,%u,%lu,%lu,%lu,%u,"
           "\"%c%c\",%u,%lu,%lu,%u]",
           tc->version, (long long) tc->created,
           (long long) tc->last_updated, tc->cmp_id, tc->cmp_version,
           tc->consent_screen,
           gpp_driver_letter(tc->consent_language[0]),
           gpp_driver_letter(tc->consent_language[1]),
           tc->vendor_list_version, tc->policy_version,
           (unsigned) tc->is_service_specific,
           (unsigned) tc->use_non_standard_texts,
           (unsigned long) tc->special_feature_optins,
           (unsigned long) tc->purposes_consent,
           (unsigned long) tc->purposes_li,
           (unsigned) tc->purpose_one_treatment,
           gpp_driver_letter(tc->publisher_cc[0]),
           gpp_driver_letter(tc->publisher_cc[1]),
           (unsigned) tc->has_publisher_tc,
           (unsigned long) tc->pub_purposes_consent,
           (unsigned long) tc->pub_purposes_li,
           tc->pub_num_custom_purposes);
}


static int
gpp_driver_letter(u_char c)
{
    return (c >= 'A' && c <= 'Z') ? c : '?';
}
