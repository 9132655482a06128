
/*
 * ngx_consent_module: Didomi's didomi_token.
 */


#include "consent_didomi.h"
#include "consent_cookieconsent.h"

#include <string.h>


/* the four lists of a token, and the bits of what was seen once */

#define CONSENT_DIDOMI_PURPOSES     0
#define CONSENT_DIDOMI_PURPOSES_LI  1
#define CONSENT_DIDOMI_VENDORS      2
#define CONSENT_DIDOMI_VENDORS_LI   3
#define CONSENT_DIDOMI_NLISTS       4

#define CONSENT_DIDOMI_USER_ID      0x01
#define CONSENT_DIDOMI_CREATED      0x02
#define CONSENT_DIDOMI_UPDATED      0x04
#define CONSENT_DIDOMI_LIST         0x10   /* << list */

#define CONSENT_DIDOMI_VENDOR_LEN   (sizeof(CONSENT_DIDOMI_VENDOR) - 1)


static int consent_didomi_key(const consent_json_value_t *key,
    const char *name);
static int consent_didomi_list(const consent_json_value_t *v,
    unsigned vendors, const consent_str_t *tokens, size_t ntokens,
    consent_tokens_t *enabled, consent_tokens_t *disabled);
static int consent_didomi_ids(const consent_json_value_t *v,
    unsigned vendors, const consent_str_t *tokens, size_t ntokens,
    consent_tokens_t *set);
static int64_t consent_didomi_time(const consent_json_value_t *v);


static const char  *consent_didomi_lists[] = {
    "purposes",                         /* CONSENT_DIDOMI_PURPOSES */
    "purposes_li",                      /* CONSENT_DIDOMI_PURPOSES_LI */
    "vendors",                          /* CONSENT_DIDOMI_VENDORS */
    "vendors_li"                        /* CONSENT_DIDOMI_VENDORS_LI */
};


int
consent_didomi_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                   rc;
    long                  n;
    int64_t               created, updated;
    unsigned              have, k;
    consent_str_t         s;
    consent_tokens_t      enabled[CONSENT_DIDOMI_NLISTS];
    consent_tokens_t      disabled[CONSENT_DIDOMI_NLISTS];
    consent_json_iter_t   it;
    consent_json_value_t  key, val;

    rc = consent_format_start(&p, &len, CONSENT_DIDOMI_MAX_LEN, scratch,
                              res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    if (scratch == NULL) {
        return CONSENT_EINVAL;
    }

    /* p may be scratch already: the decoder writes behind what it reads */

    n = consent_base64_decode(p, len, scratch);
    if (n < 0) {
        return (int) n;
    }

    rc = consent_json_iter_document(&it, scratch, (size_t) n,
                                    CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    have = 0;
    created = -1;
    updated = -1;

    memset(enabled, 0, sizeof(enabled));
    memset(disabled, 0, sizeof(disabled));

    /*
     * a key given twice: JSON.parse() keeps the last copy; there is no
     * telling which one the SDK meant, and the token is not read at all
     */

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        for (k = 0; k < CONSENT_DIDOMI_NLISTS; k++) {
            if (consent_didomi_key(&key, consent_didomi_lists[k])) {
                break;
            }
        }

        if (k < CONSENT_DIDOMI_NLISTS) {
            if (have & (CONSENT_DIDOMI_LIST << k)) {
                goto twice;
            }

            have |= CONSENT_DIDOMI_LIST << k;

            rc = consent_didomi_list(&val, k >= CONSENT_DIDOMI_VENDORS,
                                     tokens, ntokens, &enabled[k],
                                     &disabled[k]);
            if (rc != CONSENT_OK) {
                goto failed;
            }

        } else if (consent_didomi_key(&key, "user_id")) {
            if (have & CONSENT_DIDOMI_USER_ID) {
                goto twice;
            }

            have |= CONSENT_DIDOMI_USER_ID;

            if (val.type != CONSENT_JSON_STRING) {
                rc = CONSENT_ETYPE;
                goto failed;
            }

            if (!val.escaped
                && consent_json_string_raw(&val, &s) == CONSENT_OK)
            {
                consent_result_id(res, s.data, s.len, CONSENT_DIDOMI_ID_MAX);
            }

        } else if (consent_didomi_key(&key, "created")) {
            if (have & CONSENT_DIDOMI_CREATED) {
                goto twice;
            }

            have |= CONSENT_DIDOMI_CREATED;

            created = consent_didomi_time(&val);
            if (created < 0) {
                rc = (int) created;
                goto failed;
            }

        } else if (consent_didomi_key(&key, "updated")) {
            if (have & CONSENT_DIDOMI_UPDATED) {
                goto twice;
            }

            have |= CONSENT_DIDOMI_UPDATED;

            updated = consent_didomi_time(&val);
            if (updated < 0) {
                rc = (int) updated;
                goto failed;
            }
        }
    }

    if (rc < 0) {
        goto failed;
    }

    if (!(have & (CONSENT_DIDOMI_CREATED|CONSENT_DIDOMI_UPDATED))) {
        rc = CONSENT_EMISSING;
        goto failed;
    }

    res->timestamp = (have & CONSENT_DIDOMI_UPDATED) ? updated : created;

    /*
     * the token matching of consent_didomi_ids() keeps purpose tokens out
     * of the vendor lists and the reverse: one mask serves both
     */

    res->granted = (enabled[CONSENT_DIDOMI_PURPOSES]
                    | enabled[CONSENT_DIDOMI_VENDORS])
                   & ~(disabled[CONSENT_DIDOMI_PURPOSES]
                       | disabled[CONSENT_DIDOMI_PURPOSES_LI]
                       | disabled[CONSENT_DIDOMI_VENDORS]
                       | disabled[CONSENT_DIDOMI_VENDORS_LI]);

    return CONSENT_OK;

twice:

    rc = CONSENT_EINVAL;

failed:

    consent_result_reset(res);

    return rc;
}


int
consent_didomi_token_valid(const u_char *p, size_t len)
{
    if (len > CONSENT_DIDOMI_VENDOR_LEN
        && memcmp(p, CONSENT_DIDOMI_VENDOR, CONSENT_DIDOMI_VENDOR_LEN) == 0)
    {
        return 1;
    }

    return len > 0 && memchr(p, ':', len) == NULL;
}


static int
consent_didomi_key(const consent_json_value_t *key, const char *name)
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


/* {"enabled":[...],"disabled":[...]}, either or both */

static int
consent_didomi_list(const consent_json_value_t *v, unsigned vendors,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *enabled,
    consent_tokens_t *disabled)
{
    int                   rc;
    unsigned              seen;
    consent_tokens_t     *set;
    consent_json_iter_t   it;
    consent_json_value_t  key, val;

    if (v->type != CONSENT_JSON_OBJECT) {
        return CONSENT_ETYPE;
    }

    rc = consent_json_iter_value(&it, v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    seen = 0;

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        if (consent_didomi_key(&key, "enabled")) {
            if (seen & 1) {
                return CONSENT_EINVAL;
            }

            seen |= 1;
            set = enabled;

        } else if (consent_didomi_key(&key, "disabled")) {
            if (seen & 2) {
                return CONSENT_EINVAL;
            }

            seen |= 2;
            set = disabled;

        } else {
            continue;
        }

        rc = consent_didomi_ids(&val, vendors, tokens, ntokens, set);
        if (rc != CONSENT_OK) {
            return rc;
        }
    }

    return rc;
}


/* the tokens of the right kind named by an array of strings */

static int
consent_didomi_ids(const consent_json_value_t *v, unsigned vendors,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *set)
{
    int                   rc;
    size_t                i, skip;
    unsigned              vendor;
    consent_json_iter_t   it;
    consent_json_value_t  el;

    if (v->type != CONSENT_JSON_ARRAY) {
        return CONSENT_ETYPE;
    }

    rc = consent_json_iter_value(&it, v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    while ((rc = consent_json_next_element(&it, &el)) == 1) {

        if (el.type != CONSENT_JSON_STRING) {
            return CONSENT_ETYPE;
        }

        for (i = 0; i < ntokens; i++) {
            vendor = tokens[i].len >= CONSENT_DIDOMI_VENDOR_LEN
                     && memcmp(tokens[i].data, CONSENT_DIDOMI_VENDOR,
                               CONSENT_DIDOMI_VENDOR_LEN) == 0;

            if (vendor != vendors) {
                continue;
            }

            skip = vendor ? CONSENT_DIDOMI_VENDOR_LEN : 0;

            if (consent_json_string_eq(&el, tokens[i].data + skip,
                                       tokens[i].len - skip))
            {
                *set |= (consent_tokens_t) 1 << i;
            }
        }
    }

    return rc;
}


/* toISOString()'s form: unix seconds, or CONSENT_ETYPE, CONSENT_EINVAL */

static int64_t
consent_didomi_time(const consent_json_value_t *v)
{
    int64_t        t;
    consent_str_t  s;

    if (v->type != CONSENT_JSON_STRING) {
        return CONSENT_ETYPE;
    }

    if (v->escaped || consent_json_string_raw(v, &s) != CONSENT_OK) {
        return CONSENT_EINVAL;
    }

    t = consent_cookieconsent_time(s.data, s.len);

    return t < 0 ? CONSENT_EINVAL : t;
}
