
/*
 * ngx_consent_module: orestbida/cookieconsent's cc_cookie.
 */


#include "consent_cookieconsent.h"
#include "consent_json.h"

#include <string.h>


#define CONSENT_CC_CATEGORIES  0x01
#define CONSENT_CC_LEVEL       0x02
#define CONSENT_CC_LEVEL_BAD   0x04
#define CONSENT_CC_ID          0x08
#define CONSENT_CC_TS          0x10
#define CONSENT_CC_LAST        0x20
#define CONSENT_CC_REV         0x40


static int consent_cookieconsent_key(const consent_json_value_t *key,
    const char *name);
static int consent_cookieconsent_names(const consent_json_value_t *v,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *set);
static int64_t consent_cookieconsent_value_time(
    const consent_json_value_t *v);
static void consent_cookieconsent_id(const consent_json_value_t *v,
    consent_result_t *res);


int
consent_cookieconsent_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                   rc;
    int64_t               rev;
    unsigned              have;
    consent_tokens_t      cats, level, set;
    consent_json_iter_t   it;
    consent_json_value_t  key, val, id, ts, last;

    rc = consent_format_start(&p, &len, CONSENT_JSON_MAX_LEN, scratch, res);

    /*
     * a value that does not percent-decode may be raw JSON with a '%' of
     * its own that is no escape, as v2 writes with "rfc_cookie: false" (a
     * "data" of "50%"): p and len are then the raw value
     */

    if (rc != CONSENT_OK && (rc != CONSENT_EENCODING || p[0] != '{')) {
        return rc;
    }

    rc = consent_json_iter_document(&it, p, len, CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    have = 0;
    cats = ~(consent_tokens_t) 0;
    level = ~(consent_tokens_t) 0;

    memset(&id, 0, sizeof(consent_json_value_t));
    memset(&ts, 0, sizeof(consent_json_value_t));
    memset(&last, 0, sizeof(consent_json_value_t));

    /*
     * a key given twice: JSON.parse() keeps the last value; the arrays of
     * categories are intersected instead, so that the more restrictive
     * copy wins, and the id, the times and the revision, which have no
     * more restrictive copy to choose, make the cookie invalid
     */

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        if (consent_cookieconsent_key(&key, "categories")) {
            if (val.type != CONSENT_JSON_ARRAY) {
                rc = CONSENT_ETYPE;
                goto failed;
            }

            rc = consent_cookieconsent_names(&val, tokens, ntokens, &set);
            if (rc != CONSENT_OK) {
                goto failed;
            }

            cats &= set;
            have |= CONSENT_CC_CATEGORIES;

        } else if (consent_cookieconsent_key(&key, "level")) {
            if (val.type != CONSENT_JSON_ARRAY) {
                have |= CONSENT_CC_LEVEL_BAD;
                continue;
            }

            rc = consent_cookieconsent_names(&val, tokens, ntokens, &set);
            if (rc != CONSENT_OK) {
                goto failed;
            }

            level &= set;
            have |= CONSENT_CC_LEVEL;

        } else if (consent_cookieconsent_key(&key, "consentId")) {
            if (have & CONSENT_CC_ID) {
                goto twice;
            }

            id = val;
            have |= CONSENT_CC_ID;

        } else if (consent_cookieconsent_key(&key, "consentTimestamp")) {
            if (have & CONSENT_CC_TS) {
                goto twice;
            }

            ts = val;
            have |= CONSENT_CC_TS;

        } else if (consent_cookieconsent_key(&key, "lastConsentTimestamp")) {
            if (have & CONSENT_CC_LAST) {
                goto twice;
            }

            last = val;
            have |= CONSENT_CC_LAST;

        } else if (consent_cookieconsent_key(&key, "revision")) {
            if (have & CONSENT_CC_REV) {
                goto twice;
            }

            have |= CONSENT_CC_REV;

            if (consent_json_int(&val, &rev) == CONSENT_OK && rev >= 0) {
                res->revision = rev;

            } else {
                res->revision = -1;
            }
        }
    }

    if (rc < 0) {
        goto failed;
    }

    if (!(have & CONSENT_CC_CATEGORIES)) {

        /* v2: {"level":[...],"revision":0,"data":null,"rfc_cookie":false} */

        if (have & CONSENT_CC_LEVEL_BAD) {
            rc = CONSENT_ETYPE;
            goto failed;
        }

        if (!(have & CONSENT_CC_LEVEL)) {
            rc = CONSENT_EMISSING;
            goto failed;
        }

        res->granted = level;

        return CONSENT_OK;
    }

    /* v3: the library's own validity rules */

    if ((have & (CONSENT_CC_ID|CONSENT_CC_TS|CONSENT_CC_LAST))
        != (CONSENT_CC_ID|CONSENT_CC_TS|CONSENT_CC_LAST))
    {
        rc = CONSENT_EMISSING;
        goto failed;
    }

    if (id.type != CONSENT_JSON_STRING || ts.type != CONSENT_JSON_STRING
        || last.type != CONSENT_JSON_STRING)
    {
        /* null, false and 0 are "missing" to the library */

        rc = (id.type == CONSENT_JSON_NULL || ts.type == CONSENT_JSON_NULL
              || last.type == CONSENT_JSON_NULL) ? CONSENT_EMISSING
                                                 : CONSENT_ETYPE;
        goto failed;
    }

    if (id.end - id.start <= 2 || ts.end - ts.start <= 2
        || last.end - last.start <= 2)
    {
        /* an empty string is "missing" to the library too */
        rc = CONSENT_EMISSING;
        goto failed;
    }

    res->timestamp = consent_cookieconsent_value_time(&last);

    if (res->timestamp < 0) {
        res->timestamp = consent_cookieconsent_value_time(&ts);
    }

    if (res->timestamp < 0) {
        rc = CONSENT_EINVAL;
        goto failed;
    }

    consent_cookieconsent_id(&id, res);

    res->granted = cats;

    return CONSENT_OK;

twice:

    rc = CONSENT_EINVAL;

failed:

    consent_result_reset(res);

    return rc;
}


int64_t
consent_cookieconsent_time(const u_char *p, size_t len)
{
    int64_t  t, off, y, mo, d, h, mi, s, oh, om;

    /* YYYY-MM-DDTHH:MM:SS */

    if (len < 20
        || consent_number(p, 4, 4, &y) != CONSENT_OK
        || p[4] != '-'
        || consent_number(p + 5, 2, 2, &mo) != CONSENT_OK
        || p[7] != '-'
        || consent_number(p + 8, 2, 2, &d) != CONSENT_OK
        || p[10] != 'T'
        || consent_number(p + 11, 2, 2, &h) != CONSENT_OK
        || p[13] != ':'
        || consent_number(p + 14, 2, 2, &mi) != CONSENT_OK
        || p[16] != ':'
        || consent_number(p + 17, 2, 2, &s) != CONSENT_OK)
    {
        return -1;
    }

    p += 19;
    len -= 19;

    if (p[0] == '.') {
        p++;
        len--;

        if (len == 0 || p[0] < '0' || p[0] > '9') {
            return -1;
        }

        while (len && p[0] >= '0' && p[0] <= '9') {
            p++;
            len--;
        }
    }

    if (len == 1 && p[0] == 'Z') {
        off = 0;

    } else if (len == 6 && (p[0] == '+' || p[0] == '-') && p[3] == ':'
               && consent_number(p + 1, 2, 2, &oh) == CONSENT_OK
               && consent_number(p + 4, 2, 2, &om) == CONSENT_OK
               && oh < 24 && om < 60)
    {
        off = (int64_t) oh * 3600 + om * 60;

        if (p[0] == '-') {
            off = -off;
        }

    } else {
        return -1;
    }

    t = consent_civil_time(y, mo, d, h, mi, s);

    if (t < 0) {
        return -1;
    }

    t -= off;

    return t < 0 ? -1 : t;
}


static int
consent_cookieconsent_key(const consent_json_value_t *key, const char *name)
{
    size_t  len;

    /*
     * the length first, without a call: a key without escapes is as long
     * as its bytes between the quotes (strlen() of the constant names
     * folds away where this is inlined)
     */

    len = strlen(name);

    if (!key->escaped && (size_t) (key->end - key->start) != len + 2) {
        return 0;
    }

    return consent_json_string_eq(key, (const u_char *) name, len);
}


static int
consent_cookieconsent_names(const consent_json_value_t *v,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *set)
{
    int                   rc, i;
    consent_json_iter_t   it;
    consent_json_value_t  el;

    /* the tokens named by the strings of an array; other elements: none */

    *set = 0;

    rc = consent_json_iter_value(&it, v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    while ((rc = consent_json_next_element(&it, &el)) == 1) {
        i = consent_json_token_index(&el, tokens, ntokens);

        if (i >= 0) {
            *set |= (consent_tokens_t) 1 << i;
        }
    }

    return rc;
}


static int64_t
consent_cookieconsent_value_time(const consent_json_value_t *v)
{
    consent_str_t  s;

    if (v->escaped || consent_json_string_raw(v, &s) != CONSENT_OK) {
        return -1;
    }

    return consent_cookieconsent_time(s.data, s.len);
}


static void
consent_cookieconsent_id(const consent_json_value_t *v,
    consent_result_t *res)
{
    consent_str_t  s;

    if (v->escaped || consent_json_string_raw(v, &s) != CONSENT_OK) {
        return;
    }

    consent_result_id(res, s.data, s.len, CONSENT_COOKIECONSENT_ID_MAX);
}
