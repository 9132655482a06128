
/*
 * ngx_consent_module: Borlabs Cookie's consent cookie.
 */


#include "consent_borlabs.h"
#include "consent_json.h"

#include <string.h>


#define CONSENT_BORLABS_CONSENTS  0x01
#define CONSENT_BORLABS_UID       0x02
#define CONSENT_BORLABS_VERSION   0x04


static int consent_borlabs_key(const consent_json_value_t *key,
    const char *name);
static int consent_borlabs_consents(const consent_json_value_t *v,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *granted);
static int consent_borlabs_version(const consent_json_value_t *v,
    int64_t *rev);


int
consent_borlabs_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                   rc;
    int64_t               rev;
    unsigned              have;
    consent_str_t         s;
    consent_tokens_t      granted;
    consent_json_iter_t   it;
    consent_json_value_t  key, val, uid;

    rc = consent_format_start(&p, &len, CONSENT_JSON_MAX_LEN, scratch, res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    rc = consent_json_iter_document(&it, p, len, CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    have = 0;
    granted = 0;
    rev = -1;

    memset(&uid, 0, sizeof(consent_json_value_t));

    /*
     * JSON.stringify() writes no key twice: a key the module reads given
     * twice makes the cookie invalid rather than be guessed at
     */

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        if (consent_borlabs_key(&key, "consents")) {
            if (have & CONSENT_BORLABS_CONSENTS) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            have |= CONSENT_BORLABS_CONSENTS;

            rc = consent_borlabs_consents(&val, tokens, ntokens, &granted);
            if (rc != CONSENT_OK) {
                goto failed;
            }

        } else if (consent_borlabs_key(&key, "uid")) {
            if (have & CONSENT_BORLABS_UID) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            have |= CONSENT_BORLABS_UID;
            uid = val;

        } else if (consent_borlabs_key(&key, "version")) {
            if (have & CONSENT_BORLABS_VERSION) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            have |= CONSENT_BORLABS_VERSION;

            rc = consent_borlabs_version(&val, &rev);
            if (rc != CONSENT_OK) {
                goto failed;
            }
        }
    }

    if (rc < 0) {
        goto failed;
    }

    if (!(have & CONSENT_BORLABS_CONSENTS)) {
        rc = CONSENT_EMISSING;
        goto failed;
    }

    /* Borlabs Cookie 3 writes "anonymous" where it keeps no id */

    if (uid.type == CONSENT_JSON_STRING && !uid.escaped
        && consent_json_string_raw(&uid, &s) == CONSENT_OK
        && !(s.len == sizeof("anonymous") - 1
             && memcmp(s.data, "anonymous", s.len) == 0))
    {
        consent_result_id(res, s.data, s.len, CONSENT_BORLABS_ID_MAX);
    }

    res->revision = rev;
    res->granted = granted;

    return CONSENT_OK;

failed:

    consent_result_reset(res);

    return rc;
}


static int
consent_borlabs_key(const consent_json_value_t *key, const char *name)
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


/*
 * "consents": {"GROUP":["SERVICE",...],...}; a group is granted when its
 * array lists a service, a service when any group lists it
 */

static int
consent_borlabs_consents(const consent_json_value_t *v,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *granted)
{
    int                   rc, i;
    size_t                n, k, nservices;
    consent_str_t         group[CONSENT_BORLABS_MAX_GROUPS];
    consent_json_iter_t   it, el;
    consent_json_value_t  key, val, svc;

    if (v->type != CONSENT_JSON_OBJECT) {
        return CONSENT_ETYPE;
    }

    rc = consent_json_iter_value(&it, v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    n = 0;

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        /*
         * group names are Borlabs' ids, which need no escape: one written
         * with escapes could be a copy of another in disguise
         */

        if (key.escaped) {
            return CONSENT_EINVAL;
        }

        if (n == CONSENT_BORLABS_MAX_GROUPS) {
            return CONSENT_ETOOLONG;
        }

        (void) consent_json_string_raw(&key, &group[n]);

        for (k = 0; k < n; k++) {
            if (group[k].len == group[n].len
                && memcmp(group[k].data, group[n].data, group[n].len) == 0)
            {
                return CONSENT_EINVAL;
            }
        }

        n++;

        if (val.type != CONSENT_JSON_ARRAY) {
            return CONSENT_ETYPE;
        }

        rc = consent_json_iter_value(&el, &val);
        if (rc != CONSENT_OK) {
            return rc;
        }

        nservices = 0;

        while ((rc = consent_json_next_element(&el, &svc)) == 1) {

            /* what is not a string names no service */

            if (svc.type != CONSENT_JSON_STRING) {
                continue;
            }

            nservices++;

            i = consent_json_token_index(&svc, tokens, ntokens);

            if (i >= 0) {
                *granted |= (consent_tokens_t) 1 << i;
            }
        }

        if (rc < 0) {
            return rc;
        }

        if (nservices) {
            i = consent_json_token_index(&key, tokens, ntokens);

            if (i >= 0) {
                *granted |= (consent_tokens_t) 1 << i;
            }
        }
    }

    return rc;
}


/* "version": 2 (Borlabs Cookie 3) or "2" (Borlabs Cookie 2) */

static int
consent_borlabs_version(const consent_json_value_t *v, int64_t *rev)
{
    consent_str_t  s;

    if (v->type == CONSENT_JSON_NUMBER) {
        if (consent_json_int(v, rev) != CONSENT_OK || *rev < 0) {
            return CONSENT_ETYPE;
        }

        return CONSENT_OK;
    }

    if (v->type != CONSENT_JSON_STRING || v->escaped
        || consent_json_string_raw(v, &s) != CONSENT_OK
        || consent_number(s.data, s.len, 9, rev) != CONSENT_OK)
    {
        return CONSENT_ETYPE;
    }

    return CONSENT_OK;
}
