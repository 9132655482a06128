
/*
 * Fuzz target: the bounded JSON scanner.
 *
 * Properties: no read outside the exact-size input; validating the whole
 * document and walking it with iterators agree; every string, key or
 * value, decodes and compares equal to its decoding; nothing nests deeper
 * than CONSENT_JSON_MAX_DEPTH.
 */


#include "consent_json.h"

#include <stdlib.h>
#include <string.h>


static int walk(const u_char *p, size_t len, u_char *buf);
static void check_string(const consent_json_value_t *v, u_char *buf);


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                   rc, wrc;
    u_char               *in, *buf;
    consent_json_value_t  v;

    in = malloc(size ? size : 1);
    buf = malloc(size ? size : 1);

    if (in == NULL || buf == NULL) {
        free(in);
        free(buf);
        return 0;
    }

    memcpy(in, data, size);

    rc = consent_json_document(in, size, &v);

    if (rc == CONSENT_OK) {
        if (v.start < in || v.end > in + size || v.start >= v.end
            || v.depth != 0)
        {
            __builtin_trap();
        }

        if (v.type == CONSENT_JSON_STRING) {
            check_string(&v, buf);
        }
    }

    wrc = walk(in, size, buf);

    if (wrc != 1 && wrc != rc) {
        /* a container document: the walk must see what validation saw */
        __builtin_trap();
    }

    free(in);
    free(buf);

    return 0;
}


static int
walk(const u_char *p, size_t len, u_char *buf)
{
    int                   rc;
    int64_t               n;
    unsigned              top, type;
    const u_char         *q;
    consent_json_iter_t   stack[CONSENT_JSON_MAX_DEPTH + 1];
    consent_json_value_t  v, key;

    /* 1: not a container document; else the walk's result */

    q = p;

    while (q < p + len && (*q == ' ' || *q == '\t' || *q == '\n'
                           || *q == '\r'))
    {
        q++;
    }

    if (len > CONSENT_JSON_MAX_LEN || q == p + len
        || (*q != '{' && *q != '['))
    {
        return 1;
    }

    type = (*q == '{') ? CONSENT_JSON_OBJECT : CONSENT_JSON_ARRAY;

    rc = consent_json_iter_document(&stack[0], p, len, type);
    if (rc != CONSENT_OK) {
        __builtin_trap();
    }

    top = 0;

    for ( ;; ) {
        if (stack[top].close == '}') {
            rc = consent_json_next_member(&stack[top], &key, &v);

            if (rc == 1) {
                if (key.type != CONSENT_JSON_STRING
                    || key.depth != top + 1)
                {
                    __builtin_trap();
                }

                check_string(&key, buf);
            }

        } else {
            rc = consent_json_next_element(&stack[top], &v);
        }

        if (rc < 0) {
            return rc;
        }

        if (rc == 0) {
            if (top == 0) {
                return CONSENT_OK;
            }

            top--;
            continue;
        }

        if (v.start < p || v.end > p + len || v.start >= v.end
            || v.depth != top + 1)
        {
            __builtin_trap();
        }

        switch (v.type) {

        case CONSENT_JSON_STRING:
            check_string(&v, buf);
            break;

        case CONSENT_JSON_NUMBER:
            (void) consent_json_int(&v, &n);
            break;

        case CONSENT_JSON_OBJECT:
        case CONSENT_JSON_ARRAY:
            if (top + 1 >= CONSENT_JSON_MAX_DEPTH) {
                /* v.depth + 1 containers would be open */
                __builtin_trap();
            }

            if (consent_json_iter_value(&stack[++top], &v) != CONSENT_OK) {
                __builtin_trap();
            }

            break;
        }
    }
}


static void
check_string(const consent_json_value_t *v, u_char *buf)
{
    long           n;
    size_t         raw;
    consent_str_t  s;

    /* buf holds at least the input's length, so any string fits */

    if (consent_json_string_raw(v, &s) != CONSENT_OK) {
        __builtin_trap();
    }

    raw = s.len;

    n = consent_json_string_decode(v, buf, raw);

    if (n < 0 || (size_t) n > raw) {
        __builtin_trap();
    }

    if (!consent_json_string_eq(v, buf, n)) {
        __builtin_trap();
    }

    if (!v->escaped && ((size_t) n != raw || memcmp(buf, s.data, raw) != 0)) {
        __builtin_trap();
    }

    if (n > 0 && consent_json_string_eq(v, buf, n - 1)) {
        __builtin_trap();
    }
}
