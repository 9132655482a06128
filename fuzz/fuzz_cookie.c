
/*
 * Fuzz target: the Cookie header scanner.
 *
 * Properties: every pair lies inside the input, names are not empty and
 * hold no ';', '=' or surrounding white space, values hold no ';', and the
 * scanner stops at its limit of parts read.
 */


#include <stdlib.h>
#include <string.h>

#include "consent_cookie.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                    rc;
    u_char                *buf;
    unsigned               n;
    consent_str_t          name, value;
    consent_cookie_iter_t  it;

    buf = malloc(size ? size : 1);
    memcpy(buf, data, size);

    consent_cookie_iter_init(&it, buf, size);
    n = 0;

    while ((rc = consent_cookie_next(&it, &name, &value)) == CONSENT_OK) {
        n++;

        if (name.len == 0
            || name.data < buf || name.data + name.len > buf + size
            || value.data < buf || value.data + value.len > buf + size
            || memchr(name.data, ';', name.len)
            || memchr(name.data, '=', name.len)
            || memchr(value.data, ';', value.len)
            || name.data[0] == ' ' || name.data[name.len - 1] == ' '
            || name.data[0] == '\t' || name.data[name.len - 1] == '\t')
        {
            __builtin_trap();
        }
    }

    /* parts with no '=' or no name count towards the limit, unreturned */

    if (n > CONSENT_COOKIE_MAX_PAIRS
        || (rc == CONSENT_ETOOLONG && it.pairs != CONSENT_COOKIE_MAX_PAIRS + 1)
        || (rc == CONSENT_EMPTY && it.pairs > CONSENT_COOKIE_MAX_PAIRS))
    {
        __builtin_trap();
    }

    free(buf);

    return 0;
}
