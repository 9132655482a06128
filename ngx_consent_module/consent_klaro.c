
/*
 * ngx_consent_module: Klaro's consent cookie.
 */


#include "consent_klaro.h"
#include "consent_json.h"

#include <string.h>


int
consent_klaro_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                   rc, i;
    consent_tokens_t      yes, no, bit;
    consent_json_iter_t   it;
    consent_json_value_t  key, val;

    rc = consent_format_start(&p, &len, CONSENT_JSON_MAX_LEN, scratch, res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    rc = consent_json_iter_document(&it, p, len, CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    /* a service is granted if every copy of its key says true */

    yes = 0;
    no = 0;

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {
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

    res->granted = yes & ~no;

    return CONSENT_OK;
}
