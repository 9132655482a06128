
/*
 * ngx_consent_module: a bounded, allocation-free JSON scanner for the
 * consent formats that store JSON (cookieconsent, Klaro).
 *
 * The scanner never builds a tree.  A value is described by where it
 * starts and ends in the input; containers are read with an iterator that
 * hands out one member (key and value) or one element at a time, and every
 * value it hands out has been scanned and validated to its end, nested
 * containers included.  Nesting is bounded by CONSENT_JSON_MAX_DEPTH and
 * walked with a bit stack, not by recursion.
 *
 * Strict RFC 8259: no comments, no trailing commas, no single quotes, no
 * control characters in strings, only the escapes of the RFC, "\uXXXX"
 * surrogates paired, strings valid UTF-8, numbers in JSON's grammar.
 */


#ifndef _CONSENT_JSON_H_INCLUDED_
#define _CONSENT_JSON_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_JSON_MAX_LEN     4096   /* bytes of a document */
#define CONSENT_JSON_MAX_DEPTH   16     /* nested objects and arrays */


#define CONSENT_JSON_OBJECT      1
#define CONSENT_JSON_ARRAY       2
#define CONSENT_JSON_STRING      3
#define CONSENT_JSON_NUMBER      4
#define CONSENT_JSON_TRUE        5
#define CONSENT_JSON_FALSE       6
#define CONSENT_JSON_NULL        7


typedef struct {
    const u_char   *start;     /* first byte: '{', '[', '"', ... */
    const u_char   *end;       /* one past the last byte */
    unsigned        depth;     /* objects and arrays around the value */
    unsigned        type;      /* CONSENT_JSON_* */
    unsigned        escaped:1; /* a string with backslash escapes */
} consent_json_value_t;


typedef struct {
    const u_char   *pos;
    const u_char   *end;
    unsigned        depth;     /* nesting of the container, 1 at the top */
    unsigned        count;     /* members or elements read so far */
    u_char          close;     /* '}' or ']' */
    unsigned        top:1;     /* the document's value: only whitespace
                                  may follow it */
    unsigned        done:1;
} consent_json_iter_t;


/*
 * Scans the whole document p[0..len): one value with optional whitespace
 * around it.  CONSENT_OK and *v, or CONSENT_ETOOLONG (over
 * CONSENT_JSON_MAX_LEN), CONSENT_EDEPTH or CONSENT_EINVAL.
 */

int consent_json_document(const u_char *p, size_t len,
    consent_json_value_t *v);

/*
 * Scans one value that starts (after optional whitespace) at p and lies
 * within [p, end); depth is the number of containers around it.  Stops
 * right after the value.  This is "skip a value".
 */

int consent_json_skip(const u_char *p, const u_char *end, unsigned depth,
    consent_json_value_t *v);

/*
 * Starts iterating the members (type CONSENT_JSON_OBJECT) or the elements
 * (CONSENT_JSON_ARRAY) of the document's outermost value.  A document whose
 * value is valid but of another type gives CONSENT_ETYPE.  The rest of the
 * document is validated as the iteration proceeds: read it to the end.
 */

int consent_json_iter_document(consent_json_iter_t *it, const u_char *p,
    size_t len, unsigned type);

/* starts iterating an object or array value handed out by an iterator */

int consent_json_iter_value(consent_json_iter_t *it,
    const consent_json_value_t *v);

/*
 * The next member of an object: 1 and *key (a string) and *val, 0 after
 * the last one, or a negative code.  After an error or the end the
 * iterator gives 0.
 */

int consent_json_next_member(consent_json_iter_t *it,
    consent_json_value_t *key, consent_json_value_t *val);

/* the next element of an array: 1 and *val, 0 at the end, or an error */

int consent_json_next_element(consent_json_iter_t *it,
    consent_json_value_t *val);

/*
 * 1 if the string value v, escapes decoded, equals s[0..len), else 0
 * (also for a value that is not a string).
 */

int consent_json_string_eq(const consent_json_value_t *v, const u_char *s,
    size_t len);

/*
 * The index of the first token equal to the string value v (escapes
 * decoded; case-sensitive), or -1.
 */

int consent_json_token_index(const consent_json_value_t *v,
    const consent_str_t *tokens, size_t ntokens);

/*
 * The bytes between the quotes of a string value, as they are in the
 * input: CONSENT_OK, or CONSENT_ETYPE for a value that is not a string.
 * With v->escaped set they are not the string's characters.
 */

int consent_json_string_raw(const consent_json_value_t *v, consent_str_t *s);

/*
 * Decodes the string value v into dst (size bytes; the decoded string is
 * never longer than the value in the input).  Returns the length, or
 * CONSENT_ETYPE or CONSENT_ETOOLONG (dst too small).
 */

long consent_json_string_decode(const consent_json_value_t *v, u_char *dst,
    size_t size);

/*
 * An integer written without fraction or exponent ("-12", not "1.0" or
 * "1e3"): CONSENT_OK and *n, CONSENT_ETYPE for anything else, or
 * CONSENT_ETOOLONG beyond 18 digits.
 */

int consent_json_int(const consent_json_value_t *v, int64_t *n);


#endif /* _CONSENT_JSON_H_INCLUDED_ */
