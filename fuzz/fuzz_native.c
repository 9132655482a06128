
/*
 * Fuzz target: the native consent cookie.
 *
 * Properties: a granted category is named in the input; a failed parse
 * grants nothing and remembers no GPC; a remembered GPC ("gpc") or an
 * override ("gpc-override") is the input's last field, exactly, never
 * both; what parses writes back to a value that parses to the same
 * grants, revision, time and record, and whose bytes after the id are
 * those of the input; written without the record, it parses with none.
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
    unsigned          gpc;
    consent_result_t  res, res2;

    buf = malloc(size ? size : 1);
    memcpy(buf, data, size);

    rc = consent_native_parse(buf, size, cats, NCATS, &res);

    if (rc != CONSENT_OK) {
        if (res.granted != 0 || res.id.len != 0 || res.refused != 0
            || res.gpc_override)
        {
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

    /* the record: the last field, exactly */

    gpc = CONSENT_NATIVE_GPC_NONE;

    if (res.refused & ~(unsigned) CONSENT_REFUSED_GPC) {
        __builtin_trap();
    }

    if (res.refused) {
        gpc = CONSENT_NATIVE_GPC_OPT_OUT;

        if (res.gpc_override || size < 4
            || memcmp(buf + size - 4, ".gpc", 4) != 0)
        {
            __builtin_trap();
        }

    } else if (res.gpc_override) {
        gpc = CONSENT_NATIVE_GPC_OVERRIDE;

        if (size < 13 || memcmp(buf + size - 13, ".gpc-override", 13) != 0) {
            __builtin_trap();
        }

    } else if (res.id.data + res.id.len != buf + size) {
        __builtin_trap();
    }

    if (res.id.data + res.id.len != buf + size
        && res.id.data[res.id.len] != '.')
    {
        __builtin_trap();
    }

    n = consent_native_write(out, sizeof(out), res.timestamp, res.revision,
                             cats, NCATS, res.granted, res.id.data,
                             res.id.len, gpc);

    if (n == 0
        || consent_native_parse(out, n, cats, NCATS, &res2) != CONSENT_OK
        || res2.granted != res.granted
        || res2.timestamp != res.timestamp
        || res2.revision != res.revision
        || res2.refused != res.refused
        || res2.gpc_override != res.gpc_override)
    {
        __builtin_trap();
    }

    /* the record is what follows the id, written as it was read */

    if (n - (res2.id.data + res2.id.len - out)
        != size - (size_t) (res.id.data + res.id.len - buf)
        || memcmp(res2.id.data + res2.id.len, res.id.data + res.id.len,
                  n - (res2.id.data + res2.id.len - out)) != 0)
    {
        __builtin_trap();
    }

    n = consent_native_write(out, sizeof(out), res.timestamp, res.revision,
                             cats, NCATS, res.granted, res.id.data,
                             res.id.len, CONSENT_NATIVE_GPC_NONE);

    if (n == 0
        || consent_native_parse(out, n, cats, NCATS, &res2) != CONSENT_OK
        || res2.refused != 0 || res2.gpc_override
        || res2.granted != res.granted)
    {
        __builtin_trap();
    }

    free(buf);

    return 0;
}
