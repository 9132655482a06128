
/*
 * Fuzz target: the native consent cookie.
 *
 * Properties: a granted category is named in the input; a failed parse
 * grants nothing; what parses writes back to a value that parses to the
 * same grants, revision and time.
 */


#include <stdlib.h>
#include <string.h>

#include "consent_native.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static const consent_str_t  cats[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
    { 1, (const u_char *) "a" },
};

#define NCATS  (sizeof(cats) / sizeof(cats[0]))


static int
occurs(const u_char *p, size_t len, const consent_str_t *s)
{
    size_t  i;

    for (i = 0; i + s->len <= len; i++) {
        if (memcmp(p + i, s->data, s->len) == 0) {
            return 1;
        }
    }

    return 0;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int               rc;
    u_char           *buf, out[CONSENT_NATIVE_MAX_LEN + 64];
    size_t            i, n;
    consent_result_t  res, res2;

    buf = malloc(size ? size : 1);
    memcpy(buf, data, size);

    rc = consent_native_parse(buf, size, cats, NCATS, &res);

    if (rc != CONSENT_OK) {
        if (res.granted != 0 || res.id.len != 0) {
            __builtin_trap();
        }

        free(buf);
        return 0;
    }

    for (i = 0; i < NCATS; i++) {
        if ((res.granted & (1ULL << i)) && !occurs(buf, size, &cats[i])) {
            __builtin_trap();
        }
    }

    if (res.id.data < buf || res.id.data + res.id.len > buf + size) {
        __builtin_trap();
    }

    n = consent_native_write(out, sizeof(out), res.timestamp, res.revision,
                             cats, NCATS, res.granted, res.id.data,
                             res.id.len);

    if (n == 0
        || consent_native_parse(out, n, cats, NCATS, &res2) != CONSENT_OK
        || res2.granted != res.granted
        || res2.timestamp != res.timestamp
        || res2.revision != res.revision)
    {
        __builtin_trap();
    }

    free(buf);

    return 0;
}
