
/*
 * Fuzz target: charset labels and Content-Type charset parameters.
 *
 * Properties: each answer is one of the five classes; a label is the same
 * whatever the case of its ASCII letters; a value without ';', '"' or '\'
 * reads the same alone and as "text/html; charset=VALUE"; a parameter
 * list only ever adds restrictions: appending "; charset=utf-16" to any
 * Content-Type gives a refusal.  The input is copied into a buffer of
 * exactly its size, so that ASan catches a read past its end.
 */


#include "consent_charset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#define SUFFIX  "; charset=utf-16"


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int      a, b, c, plain;
    size_t   i;
    u_char  *buf, *up, *ct;

    buf = malloc(size ? size : 1);
    up = malloc(size ? size : 1);
    ct = malloc(size + sizeof("text/html; charset=") + sizeof(SUFFIX));

    if (buf == NULL || up == NULL || ct == NULL) {
        free(buf);
        free(up);
        free(ct);
        return 0;
    }

    memcpy(buf, data, size);

    plain = 1;

    for (i = 0; i < size; i++) {
        up[i] = (buf[i] >= 'a' && buf[i] <= 'z') ? buf[i] - 0x20 : buf[i];

        if (buf[i] == ';' || buf[i] == '"' || buf[i] == '\\') {
            plain = 0;
        }
    }

    a = consent_charset_label(buf, size);
    b = consent_charset_label(up, size);

    if (a < CONSENT_CHARSET_UNKNOWN || a > CONSENT_CHARSET_REPLACEMENT
        || a != b)
    {
        __builtin_trap();
    }

    memcpy(ct, "text/html; charset=", sizeof("text/html; charset=") - 1);
    memcpy(ct + sizeof("text/html; charset=") - 1, buf, size);

    c = consent_charset_content_type(ct,
                                     sizeof("text/html; charset=") - 1 + size);

    if (plain && c != a) {
        __builtin_trap();
    }

    /* the input as a whole Content-Type value, then a refused charset */

    c = consent_charset_content_type(buf, size);

    if (c < CONSENT_CHARSET_UNKNOWN || c > CONSENT_CHARSET_REPLACEMENT) {
        __builtin_trap();
    }

    if (plain) {
        memcpy(ct, buf, size);
        memcpy(ct + size, SUFFIX, sizeof(SUFFIX) - 1);

        if (consent_charset_content_type(ct, size + sizeof(SUFFIX) - 1)
            < CONSENT_CHARSET_UTF16)
        {
            __builtin_trap();
        }
    }

    free(buf);
    free(up);
    free(ct);

    return 0;
}
