
/*
 * ngx_consent_module: Complianz's family of consent cookies.
 */


#include "consent_complianz.h"
#include "consent_cookie.h"
#include "consent_json.h"

#include <string.h>


#define CONSENT_CMPLZ_CATEGORIES  4     /* members 0 to 3 */
#define CONSENT_CMPLZ_SERVICES    4     /* member 4 */


static int consent_complianz_find(const u_char *p, size_t len);
static int consent_complianz_is(const u_char *p, size_t len,
    const char *name);
static int consent_complianz_gap(const u_char *p, const u_char *last);
static int consent_complianz_services(const u_char *p, size_t len,
    u_char *scratch, const consent_str_t *tokens, size_t ntokens,
    consent_tokens_t categories, consent_tokens_t *granted,
    unsigned *refused);


/* the family, in this order: the four categories, then the services */

static const char  *consent_complianz_members[] = {
    "functional", "preferences", "statistics", "marketing",
    "consented_services", NULL
};


int
consent_complianz_member(const u_char *p, size_t len)
{
    return consent_complianz_find(p, len) >= 0;
}


int
consent_complianz_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                    rc, m, i;
    size_t                 n;
    u_char                *dst;
    unsigned               allow, deny, copies, refused;
    const u_char          *q, *end, *prev;
    consent_str_t          name, value;
    consent_tokens_t       categories, services, granted;
    consent_cookie_iter_t  it;

    rc = consent_format_start(&p, &len, CONSENT_COMPLIANZ_MAX_LEN, NULL, res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    /* the pairs are counted first: the answer is that of any order */

    end = p + len;

    for (n = 1, q = p; q < end; q++) {
        n += (*q == ';');
    }

    if (n > CONSENT_COMPLIANZ_MAX_PAIRS) {
        return CONSENT_ETOOLONG;
    }

    /* the tokens that name categories: their cookies grant them */

    categories = 0;

    for (i = 0; (size_t) i < ntokens; i++) {
        m = consent_complianz_find(tokens[i].data, tokens[i].len);

        if (m >= 0 && m < CONSENT_CMPLZ_CATEGORIES) {
            categories |= (consent_tokens_t) 1 << i;
        }
    }

    allow = 0;
    deny = 0;
    copies = 0;
    services = (consent_tokens_t) -1;
    refused = 0;

    consent_cookie_iter_init(&it, p, len);
    prev = p;

    while ((rc = consent_cookie_next(&it, &name, &value)) == CONSENT_OK) {

        /* a part the Cookie syntax passes over ("x", "=x") is refused */

        if (!consent_complianz_gap(prev, name.data)) {
            return CONSENT_EINVAL;
        }

        prev = it.last;

        m = consent_complianz_find(name.data, name.len);

        if (m < 0) {
            return CONSENT_EINVAL;
        }

        if (m == CONSENT_CMPLZ_SERVICES) {
            /* its bytes of scratch, if it must be decoded */

            dst = scratch ? scratch + (value.data - p) : NULL;

            rc = consent_complianz_services(value.data, value.len, dst,
                                            tokens, ntokens, categories,
                                            &granted, &refused);
            if (rc != CONSENT_OK) {
                return rc;
            }

            /* given twice: a service only if every copy grants it */

            services &= granted;
            copies++;
            continue;
        }

        if (consent_complianz_is(value.data, value.len, "allow")) {
            allow |= 1u << m;

        } else if (consent_complianz_is(value.data, value.len, "deny")) {
            deny |= 1u << m;

        } else if (value.len != 0) {
            return CONSENT_EINVAL;
        }
    }

    if (rc != CONSENT_EMPTY || !consent_complianz_gap(prev, end)) {
        return CONSENT_EINVAL;
    }

    /*
     * functional is always "allow": only the other categories, or a
     * service refused, say that the visitor answered.  A service refused
     * before the banner is answered is a decision: read as one, nothing
     * is granted that the cookies do not say, or the regime's default
     * (opt-out: everything) would grant the service refused.
     */

    if (((allow | deny) & ~1u) == 0 && refused == 0) {
        res->undecided = 1;
        return CONSENT_OK;
    }

    allow &= ~deny;

    for (i = 0; (size_t) i < ntokens; i++) {
        if (categories & ((consent_tokens_t) 1 << i)) {
            m = consent_complianz_find(tokens[i].data, tokens[i].len);

            if (allow & (1u << m)) {
                res->granted |= (consent_tokens_t) 1 << i;
            }
        }
    }

    if (copies) {
        res->granted |= services & ~categories;
    }

    return CONSENT_OK;
}


static int
consent_complianz_find(const u_char *p, size_t len)
{
    int  m;

    for (m = 0; consent_complianz_members[m]; m++) {
        if (consent_complianz_is(p, len, consent_complianz_members[m])) {
            return m;
        }
    }

    return -1;
}


static int
consent_complianz_is(const u_char *p, size_t len, const char *name)
{
    return strlen(name) == len && memcmp(p, name, len) == 0;
}


/* 1 if p[0..last) holds only the separators of pairs */

static int
consent_complianz_gap(const u_char *p, const u_char *last)
{
    for ( /* void */ ; p < last; p++) {
        if (*p != ';' && *p != ' ' && *p != '\t') {
            return 0;
        }
    }

    return 1;
}


/*
 * One copy of consented_services: *granted, the service tokens it says
 * true to (a key given twice: only if every copy of it says true);
 * *refused set if it says anything else to any service, mapped or not.
 */

static int
consent_complianz_services(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t categories,
    consent_tokens_t *granted, unsigned *refused)
{
    int                   rc, i;
    long                  n;
    consent_tokens_t      yes, no, bit;
    consent_json_iter_t   it;
    consent_json_value_t  key, val;

    *granted = 0;

    if (len == 0) {
        /* what Complianz writes when it clears the service choices */
        return CONSENT_OK;
    }

    if (memchr(p, '%', len) != NULL) {

        if (scratch == NULL) {
            return CONSENT_EENCODING;
        }

        n = consent_pct_decode(p, len, scratch, 0);
        if (n < 0) {
            return CONSENT_EENCODING;
        }

        p = scratch;
        len = n;
    }

    rc = consent_json_iter_document(&it, p, len, CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    yes = 0;
    no = 0;

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        if (val.type != CONSENT_JSON_TRUE) {
            *refused = 1;
        }

        i = consent_json_token_index(&key, tokens, ntokens);

        if (i < 0) {
            continue;
        }

        bit = (consent_tokens_t) 1 << i;

        if (val.type == CONSENT_JSON_TRUE) {
            yes |= bit;

        } else {
            no |= bit;
        }
    }

    if (rc < 0) {
        return rc;
    }

    *granted = yes & ~no & ~categories;

    return CONSENT_OK;
}
