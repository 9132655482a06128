
/*
 * Fuzz target: orestbida/cookieconsent's cc_cookie.
 *
 * Properties: those of fuzz_format.h (a granted token's name occurs in the
 * percent-decoded input, or in it with JSON escapes decoded, or in the raw
 * input if that is JSON; the format may carry an id, a time and a
 * revision, never "undecided"); and the id is at most
 * CONSENT_COOKIECONSENT_ID_MAX bytes, in the input or scratch.
 */


#include "consent_cookieconsent.h"
#include "fuzz_format.h"


static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a+b" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_t  run;

    if (fuzz_format_run(&run, consent_cookieconsent_parse, tokens, NTOKENS,
                        data, size,
                        FUZZ_JSON|FUZZ_RAW_JSON|FUZZ_ID|FUZZ_TIME
                        |FUZZ_REVISION)
        == 0)
    {
        /* fuzz_format_run() checked that the id is in the input or scratch */

        if (run.res.id.len > CONSENT_COOKIECONSENT_ID_MAX) {
            __builtin_trap();
        }
    }

    fuzz_format_free(&run);

    return 0;
}
