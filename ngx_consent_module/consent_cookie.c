
/*
 * ngx_consent_module: Cookie header scanner.
 */


#include "consent_cookie.h"

#include <string.h>


void
consent_cookie_iter_init(consent_cookie_iter_t *it, const u_char *p,
    size_t len)
{
    it->pos = p;
    it->end = p + len;
    it->last = p;
    it->pairs = 0;
}


int
consent_cookie_next(consent_cookie_iter_t *it, consent_str_t *name,
    consent_str_t *value)
{
    const u_char  *p, *end, *semi, *eq, *ns, *ne, *vs, *ve;

    p = it->pos;
    end = it->end;

    while (p < end) {

        semi = memchr(p, ';', end - p);
        if (semi == NULL) {
            semi = end;
        }

        it->pos = (semi < end) ? semi + 1 : end;

        if (++it->pairs > CONSENT_COOKIE_MAX_PAIRS) {
            it->pos = end;
            return CONSENT_ETOOLONG;
        }

        eq = memchr(p, '=', semi - p);

        if (eq == NULL) {
            p = it->pos;
            continue;
        }

        ns = p;
        while (ns < eq && (*ns == ' ' || *ns == '\t')) {
            ns++;
        }

        ne = eq;
        while (ne > ns && (ne[-1] == ' ' || ne[-1] == '\t')) {
            ne--;
        }

        if (ns == ne) {
            p = it->pos;
            continue;
        }

        vs = eq + 1;
        while (vs < semi && (*vs == ' ' || *vs == '\t')) {
            vs++;
        }

        ve = semi;
        while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t')) {
            ve--;
        }

        it->last = ve;

        if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
            vs++;
            ve--;
        }

        name->data = ns;
        name->len = ne - ns;
        value->data = vs;
        value->len = ve - vs;

        return CONSENT_OK;
    }

    it->pos = end;

    return CONSENT_EMPTY;
}
