
/*
 * ngx_consent_module: CookieYes's cookieyes-consent cookie.
 */


#include "consent_cookieyes.h"

#include <string.h>


#define CONSENT_CY_EMPTY  0
#define CONSENT_CY_YES    1
#define CONSENT_CY_NO     2
#define CONSENT_CY_OTHER  3


static int consent_cookieyes_is(const u_char *p, size_t len,
    const char *name);
static unsigned consent_cookieyes_answer(const u_char *p, size_t len);
static int consent_cookieyes_checked(const u_char *p, size_t len);


/* the keys whose values are checked: yes, no or empty */

static const char  *consent_cookieyes_keys[] = {
    "consent", "action", "necessary", "functional", "analytics",
    "performance", "advertisement", "other", NULL
};


int
consent_cookieyes_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int               rc, i;
    size_t            n, k;
    unsigned          answer, action;
    const u_char     *end, *v, *id;
    consent_str_t     keys[CONSENT_COOKIEYES_MAX_PAIRS];
    consent_tokens_t  yes;

    rc = consent_format_start(&p, &len, CONSENT_COOKIEYES_MAX_LEN, scratch,
                              res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    end = p + len;

    /* the pairs are counted first: the answer is that of any order */

    for (n = 1, v = p; v < end; v++) {
        n += (*v == ',');
    }

    if (n > CONSENT_COOKIEYES_MAX_PAIRS) {
        return CONSENT_ETOOLONG;
    }

    n = 0;
    yes = 0;
    id = NULL;
    k = 0;
    action = CONSENT_CY_OTHER;     /* no "action" key yet */

    for ( ;; ) {

        /* a key: 1 or more bytes up to ':' */

        keys[n].data = p;

        while (p < end && *p != ':' && *p != ',') {
            if (*p <= 0x20 || *p >= 0x7f) {
                return CONSENT_EINVAL;
            }

            p++;
        }

        keys[n].len = p - keys[n].data;

        if (keys[n].len == 0 || p == end || *p != ':') {
            return CONSENT_EINVAL;
        }

        /* the value: 0 or more bytes up to ',' or the end */

        v = ++p;

        while (p < end && *p != ',') {
            if (*p <= 0x20 || *p >= 0x7f || *p == ':') {
                return CONSENT_EINVAL;
            }

            p++;
        }

        /* a key given twice: whichever copy the script wrote is unknown */

        for (i = 0; (size_t) i < n; i++) {
            if (keys[i].len == keys[n].len
                && memcmp(keys[i].data, keys[n].data, keys[n].len) == 0)
            {
                return CONSENT_EINVAL;
            }
        }

        answer = consent_cookieyes_answer(v, p - v);

        if (answer == CONSENT_CY_OTHER
            && consent_cookieyes_checked(keys[n].data, keys[n].len))
        {
            return CONSENT_EINVAL;
        }

        if (consent_cookieyes_is(keys[n].data, keys[n].len, "consentid")) {
            id = v;
            k = p - v;

        } else if (consent_cookieyes_is(keys[n].data, keys[n].len, "action"))
        {
            if (answer == CONSENT_CY_NO) {
                return CONSENT_EINVAL;
            }

            action = answer;

        } else if (answer == CONSENT_CY_YES) {
            i = consent_token_index(tokens, ntokens, keys[n].data,
                                    keys[n].len);

            if (i >= 0) {
                yes |= (consent_tokens_t) 1 << i;
            }
        }

        n++;

        if (p == end) {
            break;
        }

        /* the ',': another pair must follow */

        if (++p == end) {
            return CONSENT_EINVAL;
        }
    }

    if (id == NULL || action == CONSENT_CY_OTHER) {
        return CONSENT_EMISSING;
    }

    if (action == CONSENT_CY_EMPTY) {
        /* the banner has not been answered yet */
        res->undecided = 1;
        return CONSENT_OK;
    }

    if (k == 0) {
        return CONSENT_EMISSING;
    }

    consent_result_id(res, id, k, CONSENT_COOKIEYES_ID_MAX);
    res->granted = yes;

    return CONSENT_OK;
}


static int
consent_cookieyes_is(const u_char *p, size_t len, const char *name)
{
    return strlen(name) == len && memcmp(p, name, len) == 0;
}


static unsigned
consent_cookieyes_answer(const u_char *p, size_t len)
{
    if (len == 0) {
        return CONSENT_CY_EMPTY;
    }

    if (consent_cookieyes_is(p, len, "yes")) {
        return CONSENT_CY_YES;
    }

    if (consent_cookieyes_is(p, len, "no")) {
        return CONSENT_CY_NO;
    }

    return CONSENT_CY_OTHER;
}


static int
consent_cookieyes_checked(const u_char *p, size_t len)
{
    const char  **key;

    for (key = consent_cookieyes_keys; *key; key++) {
        if (consent_cookieyes_is(p, len, *key)) {
            return 1;
        }
    }

    return 0;
}
