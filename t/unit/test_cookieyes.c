
/*
 * Unit tests: CookieYes's cookieyes-consent cookie.
 *
 * Where the real values come from:
 *
 *   - the shape, the keys and what the script writes when: CookieYes's
 *     banner script (the WordPress plugin "CookieYes | GDPR Cookie
 *     Consent", cookie-law-info 3.x, its frontend script): _ckySetInStore()
 *     joins the store's "key:value" pairs with ',' and writes them as they
 *     are (no encoding); _ckySetInitialState() writes consent:no and the
 *     site's default for each category while "action" stays empty;
 *     _ckyAcceptCookies() writes action:yes, consent:yes (consent:no for
 *     "reject all" under the GDPR banner) and yes/no per category; the
 *     store is filled in the order consentid, consent, action, then the
 *     categories; the consent id is _ckyRandomString(32): base64 of 32
 *     random characters with the '=' padding removed;
 *   - REAL_ACCEPT: a cookie of albionmarket.gg (a CookieYes site) after
 *     "accept all", as a public scraper script on GitHub sends it;
 *   - DOC_ID: the consent id of the example in CookieYes's documentation,
 *     "Retrieving Consent Data Using getCkyConsent() API"
 *     (cookieyes.com/documentation/retrieving-consent-data-using-api-
 *     getckyconsent/), whose categories are necessary only: DOC_REJECT is
 *     the value the script writes for that example;
 *   - "lastRenewedDate:1734509533000": what CookieYes's hosted script
 *     (cdn-cookieyes.com client_data/.../script.js) appends to every value.
 *
 * Values marked "synthetic" are made up for an edge case.
 */


#include "tap.h"
#include "consent_cookieyes.h"

#include <stdlib.h>


#define FUNCTIONAL     CONSENT_BIT(0)
#define ANALYTICS      CONSENT_BIT(1)
#define PERFORMANCE    CONSENT_BIT(2)
#define ADVERTISEMENT  CONSENT_BIT(3)
#define OTHER          CONSENT_BIT(4)
#define CUSTOM         CONSENT_BIT(5)
#define ALL            (FUNCTIONAL|ANALYTICS|PERFORMANCE|ADVERTISEMENT)


#define REAL_ACCEPT                                                          \
    "consentid:OHNOck5kY2gzQjJ6UFlmN2dPUGFkZjVNM2hWRm9lZU4,consent:yes,"    \
    "action:yes,necessary:yes,functional:yes,analytics:yes,"               \
    "performance:yes,advertisement:yes"

#define DOC_ID  "bFl2eFJBN05VS21WNWk5enpRNTNEZ3hxR0dDc3VmcFM"

#define DOC_REJECT                                                           \
    "consentid:" DOC_ID ",consent:no,action:yes,necessary:yes,"            \
    "functional:no,analytics:no,performance:no,advertisement:no"


static int parse(const char *s, consent_result_t *res);
static int parse_n(const char *s, size_t len, size_t ntokens,
    consent_result_t *res);


static u_char  *in, *scratch;

static const consent_str_t  tokens[] = {
    { 10, (const u_char *) "functional" },
    { 9, (const u_char *) "analytics" },
    { 11, (const u_char *) "performance" },
    { 13, (const u_char *) "advertisement" },
    { 5, (const u_char *) "other" },
    { 6, (const u_char *) "social" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
main(void)
{
    int               rc;
    size_t            i, len;
    char              buf[8192];
    consent_result_t  res;

    /* real values */

    is_int(parse(REAL_ACCEPT, &res), CONSENT_OK, "accept all (real)");
    is_int(res.granted, ALL, "  every category it lists");
    is_str((const char *) res.id.data, res.id.len,
           "OHNOck5kY2gzQjJ6UFlmN2dPUGFkZjVNM2hWRm9lZU4", "  consentid");
    is_int(res.timestamp, -1, "  no time");
    is_int(res.revision, -1, "  no revision");
    ok(!res.undecided, "  decided");

    is_int(parse(DOC_REJECT, &res), CONSENT_OK,
           "reject all, the documented example");
    is_int(res.granted, 0, "  nothing");
    is_str((const char *) res.id.data, res.id.len, DOC_ID, "  consentid");

    is_int(parse("consentid:" DOC_ID ",consent:yes,action:yes,"
                 "necessary:yes,functional:no,analytics:yes,performance:no,"
                 "advertisement:no,other:no", &res),
           CONSENT_OK, "custom choice, analytics only");
    is_int(res.granted, ANALYTICS, "  analytics");

    is_int(parse("consentid:" DOC_ID ",consent:yes,action:yes,"
                 "necessary:yes,functional:yes,analytics:yes,"
                 "performance:yes,advertisement:yes,other:yes,"
                 "lastRenewedDate:1734509533000", &res),
           CONSENT_OK, "the hosted script's lastRenewedDate");
    is_int(res.granted, ALL|OTHER, "  every category");
    is_int(res.timestamp, -1, "  not a decision time");

    /* before the visitor acts: what _ckySetInitialState() writes */

    is_int(parse("consentid:,consent:no,action:,necessary:yes,"
                 "functional:no,analytics:no,performance:no,"
                 "advertisement:no,other:no", &res),
           CONSENT_OK, "initial state, before the consent id");
    ok(res.undecided, "  no decision");
    is_int(res.granted, 0, "  nothing");
    is_int(res.id.len, 0, "  no id");

    is_int(parse("consentid:" DOC_ID ",consent:no,action:,necessary:yes,"
                 "functional:yes,analytics:yes,performance:yes,"
                 "advertisement:yes,other:yes", &res),
           CONSENT_OK, "initial state of a CCPA banner, categories yes");
    ok(res.undecided, "  still no decision");
    is_int(res.granted, 0, "  nothing");

    is_int(parse("consentid:,consent:,action:,necessary:,functional:,"
                 "analytics:,performance:,advertisement:,other:", &res),
           CONSENT_OK, "every field empty (synthetic)");
    ok(res.undecided, "  no decision");

    /* what grants */

    is_int(parse("consentid:x,consent:no,action:yes,analytics:yes", &res),
           CONSENT_OK, "consent:no with a category yes (the close button)");
    is_int(res.granted, ANALYTICS, "  the category decides");

    is_int(parse("consentid:x,action:yes,analytics:,functional:yes", &res),
           CONSENT_OK, "a category added after the decision (empty)");
    is_int(res.granted, FUNCTIONAL, "  empty grants nothing");

    is_int(parse("consentid:x,action:yes,social:yes,Analytics:yes", &res),
           CONSENT_OK, "a site's own slug; case-sensitive");
    is_int(res.granted, CUSTOM, "  social only");

    is_int(parse("consentid:x,action:yes,social:true,analytics:yes", &res),
           CONSENT_OK, "a site slug with another value (synthetic)");
    is_int(res.granted, ANALYTICS, "  only yes grants");

    is_int(parse_n(REAL_ACCEPT, strlen(REAL_ACCEPT), 0, &res), CONSENT_OK,
           "no tokens");
    is_int(res.granted, 0, "  nothing granted");

    is_int(parse("action:yes,consentid:x,advertisement:yes", &res),
           CONSENT_OK, "any order");
    is_int(res.granted, ADVERTISEMENT, "  advertisement");

    /* encodings */

    is_int(parse("consentid%3Ax%2Caction%3Ayes%2Canalytics%3Ayes", &res),
           CONSENT_OK, "percent-encoded (synthetic)");
    is_int(res.granted, ANALYTICS, "  analytics");
    is_int(parse("consentid:a+b/c,action:yes,analytics:yes", &res),
           CONSENT_OK, "base64 id with '+' and '/'");
    is_str((const char *) res.id.data, res.id.len, "a+b/c", "  '+' stays");
    is_int(parse("consentid:x,action:yes,analytics:yes%2", &res),
           CONSENT_EENCODING, "bad escape");
    is_int(res.granted, 0, "  nothing granted");

    /* fail closed */

    is_int(parse("consentid:x,action:yes,analytics:yes,analytics:no", &res),
           CONSENT_EINVAL, "a category given twice");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("consentid:x,action:yes,analytics:yes,analytics:yes", &res),
           CONSENT_EINVAL, "a category given twice, both yes");
    is_int(parse("consentid:x,action:yes,social:yes,social:yes", &res),
           CONSENT_EINVAL, "a site slug given twice");
    is_int(parse("consentid:x,consentid:y,action:yes", &res),
           CONSENT_EINVAL, "consentid given twice");
    is_int(parse("consentid:x,action:,action:yes,analytics:yes", &res),
           CONSENT_EINVAL, "action given twice");
    is_int(res.undecided, 0, "  not undecided");

    is_int(parse("consentid:x,action:yes,analytics:true", &res),
           CONSENT_EINVAL, "analytics:true");
    is_int(parse("consentid:x,action:yes,analytics:YES", &res),
           CONSENT_EINVAL, "analytics:YES");
    is_int(parse("consentid:x,action:yes,consent:maybe", &res),
           CONSENT_EINVAL, "consent:maybe");
    is_int(parse("consentid:x,action:no,analytics:yes", &res),
           CONSENT_EINVAL, "action:no, never written");
    is_int(parse("consentid:x,action:1,analytics:yes", &res),
           CONSENT_EINVAL, "action:1");

    is_int(parse("consent:yes,action:yes,analytics:yes", &res),
           CONSENT_EMISSING, "no consentid");
    is_int(res.granted, 0, "  nothing granted");
    is_int(parse("consentid:,consent:yes,action:yes,analytics:yes", &res),
           CONSENT_EMISSING, "an empty consentid after the decision");
    is_int(parse("consentid:x,consent:yes,analytics:yes", &res),
           CONSENT_EMISSING, "no action");
    is_int(res.undecided, 0, "  not undecided");

    is_int(parse("consentid:x,action:yes,analytics", &res), CONSENT_EINVAL,
           "a pair without ':'");
    is_int(parse("consentid:x,action:yes,analytics:yes:no", &res),
           CONSENT_EINVAL, "a second ':'");
    is_int(parse("consentid:x,action:yes,:yes", &res), CONSENT_EINVAL,
           "an empty key");
    is_int(parse("consentid:x,,action:yes,analytics:yes", &res),
           CONSENT_EINVAL, "an empty pair");
    is_int(parse("consentid:x,action:yes,analytics:yes,", &res),
           CONSENT_EINVAL, "a trailing ','");
    is_int(parse(",consentid:x,action:yes,analytics:yes", &res),
           CONSENT_EINVAL, "a leading ','");
    is_int(parse("consentid:x, action:yes,analytics:yes", &res),
           CONSENT_EINVAL, "a space");
    is_int(parse("consentid:x,action:yes,analytics:y\x80s", &res),
           CONSENT_EINVAL, "a byte over 0x7e");
    is_int(parse("consentid:x,action:yes,analytics:yes%00", &res),
           CONSENT_EENCODING, "an escaped NUL");
    is_int(parse("", &res), CONSENT_EMPTY, "empty value");
    is_int(parse("yes", &res), CONSENT_EINVAL, "a word");

    /* an id too long to keep is not kept; the decision stands */

    strcpy(buf, "consentid:");
    memset(buf + 10, 'A', 129);
    strcpy(buf + 139, ",action:yes,analytics:yes");
    is_int(parse(buf, &res), CONSENT_OK, "a 129-byte consentid");
    is_int(res.id.len, 0, "  not kept");
    is_int(res.granted, ANALYTICS, "  analytics");

    /* limits */

    strcpy(buf, "consentid:x,action:yes");
    for (i = 0; i < 29; i++) {
        snprintf(buf + strlen(buf), 32, ",c%u:no", (unsigned) i);
    }
    strcat(buf, ",analytics:yes");
    is_int(parse(buf, &res), CONSENT_OK, "32 pairs");
    is_int(res.granted, ANALYTICS, "  analytics");
    strcat(buf, ",x:no");
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "33 pairs");
    is_int(res.granted, 0, "  nothing granted");

    memset(buf, 'a', sizeof(buf));
    memcpy(buf, "consentid:x,action:yes,analytics:yes,z:", 39);
    buf[4096] = '\0';
    is_int(parse(buf, &res), CONSENT_OK, "4096 bytes");
    buf[4096] = 'a';
    buf[4097] = '\0';
    is_int(parse(buf, &res), CONSENT_ETOOLONG, "4097 bytes");
    is_int(res.granted, 0, "  nothing granted");

    /*
     * every prefix of real values: an error, no decision, or never more
     * than the whole value grants
     */

    len = strlen(REAL_ACCEPT);

    for (i = 0; i < len; i++) {
        rc = parse_n(REAL_ACCEPT, i, NTOKENS, &res);

        if (rc != CONSENT_OK) {
            if (res.granted != 0 || res.id.len != 0) {
                break;
            }

            continue;
        }

        if ((res.granted & ~ALL) || (res.undecided && res.granted)) {
            break;
        }
    }

    is_int(i, len, "every prefix of accept all: a subset or an error");

    strcpy(buf, "consentid:" DOC_ID ",consent:no,action:,necessary:yes,"
           "functional:yes,analytics:yes");
    len = strlen(buf);

    for (i = 0; i < len; i++) {
        rc = parse_n(buf, i, NTOKENS, &res);

        if (res.granted != 0) {
            break;
        }
    }

    is_int(i, len, "every prefix of an undecided value grants nothing");

    free(in);
    free(scratch);

    return done_testing();
}


static int
parse(const char *s, consent_result_t *res)
{
    return parse_n(s, strlen(s), NTOKENS, res);
}


static int
parse_n(const char *s, size_t len, size_t ntokens, consent_result_t *res)
{
    free(in);
    free(scratch);

    in = malloc(len ? len : 1);
    scratch = malloc(len ? len : 1);

    memcpy(in, s, len);
    memset(res, 0xa5, sizeof(consent_result_t));

    return consent_cookieyes_parse(in, len, scratch, tokens, ntokens, res);
}
