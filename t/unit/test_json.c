
/*
 * Unit tests: the bounded JSON scanner.
 */


#include "tap.h"
#include "consent_json.h"

#include <stdlib.h>


static int doc(const char *s);
static int walk(const char *s, unsigned *values);
static int member_count(const char *s);


int
main(void)
{
    int                    rc, i;
    long                   n;
    u_char                 out[64];
    int64_t                num;
    size_t                 k;
    unsigned               values;
    const char            *s;
    consent_str_t          raw;
    consent_str_t          tokens[3];
    consent_json_iter_t    it, sub;
    consent_json_value_t   v, key, val;

    static char            big[CONSENT_JSON_MAX_LEN + 2];
    static char            deep[64];

    /* valid documents */

    is_int(doc("{}"), CONSENT_OK, "empty object");
    is_int(doc("[]"), CONSENT_OK, "empty array");
    is_int(doc(" \t\r\n{ } \n"), CONSENT_OK, "whitespace around");
    is_int(doc("\"x\""), CONSENT_OK, "a string document");
    is_int(doc("0"), CONSENT_OK, "zero");
    is_int(doc("-12.5e+3"), CONSENT_OK, "number with fraction, exponent");
    is_int(doc("true"), CONSENT_OK, "true");
    is_int(doc("null"), CONSENT_OK, "null");
    is_int(doc("{\"a\":[1,2,{\"b\":null}],\"c\":{\"d\":[]}}"), CONSENT_OK,
           "nested");
    is_int(doc("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"]"),
           CONSENT_OK, "every escape, a surrogate pair");
    is_int(doc("[\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"]"),
           CONSENT_OK, "raw UTF-8");

    /* malformed */

    is_int(doc(""), CONSENT_EINVAL, "empty input");
    is_int(doc("   "), CONSENT_EINVAL, "only whitespace");
    is_int(doc("{"), CONSENT_EINVAL, "unclosed object");
    is_int(doc("[1,2"), CONSENT_EINVAL, "unclosed array");
    is_int(doc("{\"a\":1,}"), CONSENT_EINVAL, "trailing comma in object");
    is_int(doc("[1,]"), CONSENT_EINVAL, "trailing comma in array");
    is_int(doc("[,1]"), CONSENT_EINVAL, "leading comma");
    is_int(doc("{\"a\" 1}"), CONSENT_EINVAL, "missing colon");
    is_int(doc("{\"a\":1 \"b\":2}"), CONSENT_EINVAL, "missing comma");
    is_int(doc("{a:1}"), CONSENT_EINVAL, "unquoted key");
    is_int(doc("{'a':1}"), CONSENT_EINVAL, "single quotes");
    is_int(doc("[1]]"), CONSENT_EINVAL, "extra close");
    is_int(doc("[1}"), CONSENT_EINVAL, "mismatched close");
    is_int(doc("{\"a\":1]"), CONSENT_EINVAL, "mismatched close in object");
    is_int(doc("{} {}"), CONSENT_EINVAL, "two documents");
    is_int(doc("[tru]"), CONSENT_EINVAL, "truncated literal");
    is_int(doc("[truex]"), CONSENT_EINVAL, "literal run on");
    is_int(doc("[TRUE]"), CONSENT_EINVAL, "literal case");
    is_int(doc("[01]"), CONSENT_EINVAL, "leading zero");
    is_int(doc("[1.]"), CONSENT_EINVAL, "bare decimal point");
    is_int(doc("[.5]"), CONSENT_EINVAL, "no integer part");
    is_int(doc("[1e]"), CONSENT_EINVAL, "bare exponent");
    is_int(doc("[-]"), CONSENT_EINVAL, "bare minus");
    is_int(doc("[+1]"), CONSENT_EINVAL, "plus sign");
    is_int(doc("[\"a]"), CONSENT_EINVAL, "unterminated string");
    is_int(doc("[\"a\tb\"]"), CONSENT_EINVAL, "raw tab in string");
    is_int(doc("[\"\\x\"]"), CONSENT_EINVAL, "unknown escape");
    is_int(doc("[\"\\u12\"]"), CONSENT_EINVAL, "short \\u");
    is_int(doc("[\"\\u12g4\"]"), CONSENT_EINVAL, "bad hex in \\u");
    is_int(doc("[\"\\ud83d\"]"), CONSENT_EINVAL, "lone high surrogate");
    is_int(doc("[\"\\ude00\"]"), CONSENT_EINVAL, "lone low surrogate");
    is_int(doc("[\"\\ud83d\\u0041\"]"), CONSENT_EINVAL,
           "high surrogate with a non-surrogate");
    is_int(doc("[\"\xc3\"]"), CONSENT_EINVAL, "truncated UTF-8");
    is_int(doc("[\"\xc0\xaf\"]"), CONSENT_EINVAL, "overlong UTF-8");
    is_int(doc("[\"\xed\xa0\x80\"]"), CONSENT_EINVAL, "UTF-8 surrogate");
    is_int(doc("[\"\xf4\x90\x80\x80\"]"), CONSENT_EINVAL, "beyond U+10FFFF");
    is_int(doc("[\"\xff\"]"), CONSENT_EINVAL, "invalid byte");
    is_int(doc("/* c */ {}"), CONSENT_EINVAL, "comment");
    is_int(doc("{\"a\":NaN}"), CONSENT_EINVAL, "NaN");

    /* depth */

    memset(deep, 0, sizeof(deep));

    for (i = 0; i < CONSENT_JSON_MAX_DEPTH; i++) {
        deep[i] = '[';
        deep[2 * CONSENT_JSON_MAX_DEPTH - 1 - i] = ']';
    }

    is_int(doc(deep), CONSENT_OK, "nested to the limit");
    is_int(walk(deep, &values), CONSENT_OK, "walked to the limit");

    memset(deep, 0, sizeof(deep));

    for (i = 0; i < CONSENT_JSON_MAX_DEPTH + 1; i++) {
        deep[i] = '[';
        deep[2 * CONSENT_JSON_MAX_DEPTH + 1 - i] = ']';
    }

    is_int(doc(deep), CONSENT_EDEPTH, "one level too deep");
    is_int(walk(deep, &values), CONSENT_EDEPTH, "walk: one level too deep");

    memset(deep, '[', 40);
    deep[40] = '\0';
    is_int(doc(deep), CONSENT_EDEPTH, "deep and unclosed: depth first");

    /* length */

    memset(big, ' ', CONSENT_JSON_MAX_LEN);
    big[0] = '{';
    big[CONSENT_JSON_MAX_LEN - 1] = '}';
    big[CONSENT_JSON_MAX_LEN] = '\0';
    is_int(doc(big), CONSENT_OK, "exactly the length limit");

    big[CONSENT_JSON_MAX_LEN - 1] = ' ';
    big[CONSENT_JSON_MAX_LEN] = '}';
    big[CONSENT_JSON_MAX_LEN + 1] = '\0';
    is_int(doc(big), CONSENT_ETOOLONG, "one byte over the limit");

    /* iteration */

    s = "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"},\"f\":\"g\"}";
    is_int(member_count(s), 4, "four members");

    rc = consent_json_iter_document(&it, (const u_char *) s, strlen(s),
                                    CONSENT_JSON_OBJECT);
    is_int(rc, CONSENT_OK, "iterate object");

    is_int(consent_json_next_member(&it, &key, &val), 1, "member 1");
    ok(consent_json_string_eq(&key, (const u_char *) "a", 1), "key a");
    is_int(val.type, CONSENT_JSON_NUMBER, "a is a number");
    is_int(consent_json_int(&val, &num), CONSENT_OK, "a is an integer");
    is_int(num, 1, "a = 1");

    is_int(consent_json_next_member(&it, &key, &val), 1, "member 2");
    is_int(val.type, CONSENT_JSON_ARRAY, "b is an array");
    is_int(val.depth, 1, "b sits at depth 1");
    is_int(consent_json_iter_value(&sub, &val), CONSENT_OK, "iterate b");
    is_int(consent_json_next_element(&sub, &v), 1, "b[0]");
    is_int(v.type, CONSENT_JSON_TRUE, "b[0] true");
    is_int(consent_json_next_element(&sub, &v), 1, "b[1]");
    is_int(v.type, CONSENT_JSON_FALSE, "b[1] false");
    is_int(consent_json_next_element(&sub, &v), 1, "b[2]");
    is_int(v.type, CONSENT_JSON_NULL, "b[2] null");
    is_int(consent_json_next_element(&sub, &v), 0, "end of b");
    is_int(consent_json_next_element(&sub, &v), 0, "still the end of b");
    is_int(consent_json_next_member(&sub, &key, &v), 0,
           "members of an array: none once done");

    is_int(consent_json_next_member(&it, &key, &val), 1, "member 3");
    is_int(val.type, CONSENT_JSON_OBJECT, "c is an object");
    is_int(consent_json_iter_value(&sub, &val), CONSENT_OK, "iterate c");
    is_int(consent_json_next_element(&sub, &v), CONSENT_ETYPE,
           "elements of an object: wrong type");
    is_int(consent_json_next_member(&sub, &key, &v), 1, "c.d");
    ok(consent_json_string_eq(&v, (const u_char *) "e", 1), "c.d = e");
    is_int(consent_json_next_member(&sub, &key, &v), 0, "end of c");

    is_int(consent_json_next_member(&it, &key, &val), 1, "member 4");
    is_int(consent_json_string_raw(&val, &raw), CONSENT_OK, "f raw");
    is_str(raw.data, raw.len, "g", "f = g");
    is_int(consent_json_next_member(&it, &key, &val), 0, "end of object");

    is_int(consent_json_iter_value(&sub, &key), CONSENT_ETYPE,
           "iterate a string: wrong type");

    rc = consent_json_iter_document(&it, (const u_char *) "[1]", 3,
                                    CONSENT_JSON_OBJECT);
    is_int(rc, CONSENT_ETYPE, "array where an object is wanted");

    rc = consent_json_iter_document(&it, (const u_char *) "\"x\"", 3,
                                    CONSENT_JSON_OBJECT);
    is_int(rc, CONSENT_ETYPE, "string where an object is wanted");

    rc = consent_json_iter_document(&it, (const u_char *) "[1", 2,
                                    CONSENT_JSON_OBJECT);
    is_int(rc, CONSENT_EINVAL, "broken array where an object is wanted");

    rc = consent_json_iter_document(&it, (const u_char *) "{} x", 4,
                                    CONSENT_JSON_OBJECT);
    is_int(rc, CONSENT_OK, "garbage after the object: start");
    is_int(consent_json_next_member(&it, &key, &val), CONSENT_EINVAL,
           "garbage after the object: found at the end");
    is_int(consent_json_next_member(&it, &key, &val), 0,
           "nothing after an error");

    s = "{\"a\":1,\"b\":tru}";
    rc = consent_json_iter_document(&it, (const u_char *) s, strlen(s),
                                    CONSENT_JSON_OBJECT);
    is_int(consent_json_next_member(&it, &key, &val), 1,
           "a member before the error");
    is_int(consent_json_next_member(&it, &key, &val), CONSENT_EINVAL,
           "the error in the second member");

    is_int(member_count("{\"a\":1,\"a\":2}"), 2, "duplicate keys both read");
    is_int(member_count("{\"a\":1,}"), CONSENT_EINVAL,
           "iteration finds the trailing comma");
    is_int(member_count(" { } "), 0, "no members");

    /* skip */

    s = "  [1, {\"x\": [2]}, \"]\"]  , 5";
    rc = consent_json_skip((const u_char *) s, (const u_char *) s + strlen(s),
                           0, &v);
    is_int(rc, CONSENT_OK, "skip a value");
    is_int(v.end - (const u_char *) s, 22, "skip stops right after it");
    is_int(v.type, CONSENT_JSON_ARRAY, "skipped an array");

    rc = consent_json_skip((const u_char *) "[[1]]", (const u_char *) "[[1]]"
                           + 5, CONSENT_JSON_MAX_DEPTH - 1, &v);
    is_int(rc, CONSENT_EDEPTH, "skip counts the depth around the value");

    /* string comparison and decoding */

    s = "[\"analytics\",\"\\u0061nalytics\",\"an\\u0061lytics\\/x\","
        "\"\\u00e9t\\u00E9\",\"\\ud83d\\ude00\",\"analytic\",\"\"]";
    rc = consent_json_iter_document(&it, (const u_char *) s, strlen(s),
                                    CONSENT_JSON_ARRAY);
    is_int(rc, CONSENT_OK, "strings array");

    consent_json_next_element(&it, &v);
    ok(consent_json_string_eq(&v, (const u_char *) "analytics", 9),
       "plain string equal");
    ok(!v.escaped, "plain string not escaped");
    ok(!consent_json_string_eq(&v, (const u_char *) "analytic", 8),
       "prefix not equal");
    ok(!consent_json_string_eq(&v, (const u_char *) "analyticsx", 10),
       "longer not equal");
    ok(!consent_json_string_eq(&v, (const u_char *) "Analytics", 9),
       "case-sensitive");

    consent_json_next_element(&it, &v);
    ok(v.escaped, "escaped string flagged");
    ok(consent_json_string_eq(&v, (const u_char *) "analytics", 9),
       "\\u0061nalytics equals analytics");

    consent_json_next_element(&it, &v);
    ok(consent_json_string_eq(&v, (const u_char *) "analytics/x", 11),
       "escapes in the middle");
    n = consent_json_string_decode(&v, out, sizeof(out));
    is_str(out, n < 0 ? 0 : n, "analytics/x", "decoded");

    consent_json_next_element(&it, &v);
    ok(consent_json_string_eq(&v, (const u_char *) "\xc3\xa9t\xc3\xa9", 5),
       "\\u00e9 as UTF-8, either hex case");

    consent_json_next_element(&it, &v);
    ok(consent_json_string_eq(&v, (const u_char *) "\xf0\x9f\x98\x80", 4),
       "surrogate pair as 4-byte UTF-8");
    n = consent_json_string_decode(&v, out, 3);
    is_int(n, CONSENT_ETOOLONG, "decode into too small a buffer");

    consent_json_next_element(&it, &v);
    consent_json_next_element(&it, &val);
    ok(consent_json_string_eq(&val, (const u_char *) "", 0), "empty string");
    ok(!consent_json_string_eq(&val, (const u_char *) "a", 1),
       "empty is not a");

    tokens[0].data = (const u_char *) "marketing";
    tokens[0].len = 9;
    tokens[1].data = (const u_char *) "analytics";
    tokens[1].len = 9;
    tokens[2].data = (const u_char *) "analytic";
    tokens[2].len = 8;
    is_int(consent_json_token_index(&v, tokens, 3), 2, "token index plain");

    rc = consent_json_iter_document(&it, (const u_char *) s, strlen(s),
                                    CONSENT_JSON_ARRAY);
    consent_json_next_element(&it, &v);
    consent_json_next_element(&it, &v);
    is_int(consent_json_token_index(&v, tokens, 3), 1,
           "token index escaped");
    is_int(consent_json_token_index(&v, tokens, 1), -1, "token not in table");
    is_int(consent_json_token_index(&v, tokens, 0), -1, "no tokens");

    rc = consent_json_iter_document(&it, (const u_char *) "[7]", 3,
                                    CONSENT_JSON_ARRAY);
    consent_json_next_element(&it, &v);
    ok(!consent_json_string_eq(&v, (const u_char *) "7", 1),
       "a number is not a string");
    is_int(consent_json_token_index(&v, tokens, 3), -1,
           "a number is no token");
    is_int(consent_json_string_raw(&v, &raw), CONSENT_ETYPE,
           "raw of a number");
    is_int(consent_json_string_decode(&v, out, sizeof(out)), CONSENT_ETYPE,
           "decode a number");

    /* integers */

    s = "[0,-7,123456789012345678,1234567890123456789,1.0,1e3,\"1\"]";
    rc = consent_json_iter_document(&it, (const u_char *) s, strlen(s),
                                    CONSENT_JSON_ARRAY);
    consent_json_next_element(&it, &v);
    is_int(consent_json_int(&v, &num), CONSENT_OK, "int 0");
    is_int(num, 0, "0");
    consent_json_next_element(&it, &v);
    consent_json_int(&v, &num);
    is_int(num, -7, "-7");
    consent_json_next_element(&it, &v);
    is_int(consent_json_int(&v, &num), CONSENT_OK, "18 digits");
    is_int(num, 123456789012345678LL, "18 digits value");
    consent_json_next_element(&it, &v);
    is_int(consent_json_int(&v, &num), CONSENT_ETOOLONG, "19 digits");
    consent_json_next_element(&it, &v);
    is_int(consent_json_int(&v, &num), CONSENT_ETYPE, "1.0 is no integer");
    consent_json_next_element(&it, &v);
    is_int(consent_json_int(&v, &num), CONSENT_ETYPE, "1e3 is no integer");
    consent_json_next_element(&it, &v);
    is_int(consent_json_int(&v, &num), CONSENT_ETYPE, "\"1\" is no integer");

    /* a walk over everything counts every value once */

    is_int(walk("{\"a\":[1,{\"b\":[]},\"c\"],\"d\":{}}", &values), CONSENT_OK,
           "walk nested");
    is_int(values, 7, "seven values");

    /* input exactly as long as the document: no byte past the end read */

    k = strlen("{\"a\":[true]}");
    {
        char  *heap;

        heap = malloc(k);
        memcpy(heap, "{\"a\":[true]}", k);
        is_int(consent_json_document((u_char *) heap, k, &v), CONSENT_OK,
               "exact-size heap buffer");
        is_int(consent_json_document((u_char *) heap, k - 1, &v),
               CONSENT_EINVAL, "truncated by one");
        free(heap);
    }


    return done_testing();
}


static int
doc(const char *s)
{
    consent_json_value_t  v;

    return consent_json_document((const u_char *) s, strlen(s), &v);
}


static int
member_count(const char *s)
{
    int                   rc, n;
    consent_json_iter_t   it;
    consent_json_value_t  key, val;

    rc = consent_json_iter_document(&it, (const u_char *) s, strlen(s),
                                    CONSENT_JSON_OBJECT);
    if (rc != CONSENT_OK) {
        return rc;
    }

    n = 0;

    while ((rc = consent_json_next_member(&it, &key, &val)) == 1) {
        n++;
    }

    return rc < 0 ? rc : n;
}


static int
walk(const char *s, unsigned *values)
{
    int                   rc;
    unsigned              top;
    consent_json_iter_t   stack[CONSENT_JSON_MAX_DEPTH + 1];
    consent_json_value_t  v, key;

    /* visits every value with an explicit stack of iterators */

    *values = 0;

    rc = consent_json_document((const u_char *) s, strlen(s), &v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    (*values)++;

    if (v.type != CONSENT_JSON_OBJECT && v.type != CONSENT_JSON_ARRAY) {
        return CONSENT_OK;
    }

    top = 0;

    rc = consent_json_iter_value(&stack[0], &v);
    if (rc != CONSENT_OK) {
        return rc;
    }

    for ( ;; ) {
        if (stack[top].close == '}') {
            rc = consent_json_next_member(&stack[top], &key, &v);

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

        (*values)++;

        if (v.type == CONSENT_JSON_OBJECT || v.type == CONSENT_JSON_ARRAY) {
            if (top + 1 > CONSENT_JSON_MAX_DEPTH) {
                return CONSENT_EDEPTH;
            }

            rc = consent_json_iter_value(&stack[++top], &v);
            if (rc != CONSENT_OK) {
                return rc;
            }
        }
    }
}
