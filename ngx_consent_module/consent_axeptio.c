
/*
 * ngx_consent_module: Axeptio's consent cookie.
 */


#include "consent_axeptio.h"
#include "consent_cookieconsent.h"
#include "consent_json.h"

#include <string.h>


#define CONSENT_AXEPTIO_COMPLETED  0x01
#define CONSENT_AXEPTIO_TOKEN      0x02
#define CONSENT_AXEPTIO_DATE       0x04


static int consent_axeptio_key(const consent_json_value_t *key,
    const char *name);


int
consent_axeptio_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                   rc, i;
    unsigned              have, completed;
    consent_str_t         s;
    consent_tokens_t      yes, no, bit;
    consent_json_iter_t   it;
    consent_json_value_t  key, val, token;

    rc = consent_format_start(&p, &len, CONSENT_JSON_MAX_LEN, scratch, res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    rc = consent_json_iter_document(&it, p, len, CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    have = 0;
    completed = 0;
    yes = 0;
    no = 0;

    memset(&token, 0, sizeof(consent_json_value_t));

    /*
     * a vendor is granted if every copy of its key says true; Axeptio's
     * own keys, which have no more restrictive copy to choose, make the
     * cookie invalid when given twice
     */

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {

        if (consent_axeptio_key(&key, "$$completed")) {
            if (have & CONSENT_AXEPTIO_COMPLETED) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            have |= CONSENT_AXEPTIO_COMPLETED;

            if (val.type == CONSENT_JSON_TRUE) {
                completed = 1;

            } else if (val.type != CONSENT_JSON_FALSE) {
                rc = CONSENT_ETYPE;
                goto failed;
            }

            continue;
        }

        if (consent_axeptio_key(&key, "$$token")) {
            if (have & CONSENT_AXEPTIO_TOKEN) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            have |= CONSENT_AXEPTIO_TOKEN;
            token = val;
            continue;
        }

        if (consent_axeptio_key(&key, "$$date")) {
            if (have & CONSENT_AXEPTIO_DATE) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            have |= CONSENT_AXEPTIO_DATE;

            if (val.type != CONSENT_JSON_STRING || val.escaped
                || consent_json_string_raw(&val, &s) != CONSENT_OK)
            {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            res->timestamp = consent_cookieconsent_time(s.data, s.len);

            if (res->timestamp < 0) {
                rc = CONSENT_EINVAL;
                goto failed;
            }

            continue;
        }

        i = consent_json_token_index(&key, tokens, ntokens);

        /* "$$..." is Axeptio's, never a vendor */

        if (i < 0
            || (tokens[i].len >= 2 && tokens[i].data[0] == '$'
                && tokens[i].data[1] == '$'))
        {
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
        goto failed;
    }

    if (token.type == CONSENT_JSON_STRING && !token.escaped
        && consent_json_string_raw(&token, &s) == CONSENT_OK)
    {
        consent_result_id(res, s.data, s.len, CONSENT_AXEPTIO_ID_MAX);
    }

    /* "$$completed" false or absent: the visitor has not decided */

    if (!completed) {
        res->undecided = 1;
        return CONSENT_OK;
    }

    res->granted = yes & ~no;

    return CONSENT_OK;

failed:

    consent_result_reset(res);

    return rc;
}


static int
consent_axeptio_key(const consent_json_value_t *key, const char *name)
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
