
/*
 * Fuzz target: Borlabs Cookie's consent cookie.
 *
 * Properties: those of fuzz_format.h (a granted group or service name
 * occurs in the percent-decoded input, or in it with JSON escapes decoded;
 * the format may carry an id and a revision, never a time, "undecided" or
 * "expired"); those of fuzz_encoded.h (the value and its percent-decoded
 * or encodeURIComponent() form say the same); and the id is at most
 * CONSENT_BORLABS_ID_MAX bytes and never "anonymous".
 */


#include "consent_borlabs.h"
#include "fuzz_format.h"
#include "fuzz_encoded.h"


static const consent_str_t  tokens[] = {
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 14, (const u_char *) "external-media" },
    { 16, (const u_char *) "google-analytics" },
    { 7, (const u_char *) "youtube" },
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

    if (fuzz_format_run(&run, consent_borlabs_parse, tokens, NTOKENS,
                        data, size, FUZZ_JSON|FUZZ_ID|FUZZ_REVISION)
        == 0)
    {
        /* fuzz_format_run() checked that the id is in the input or scratch */

        if (run.res.id.len > CONSENT_BORLABS_ID_MAX
            || (run.res.id.len == sizeof("anonymous") - 1
                && memcmp(run.res.id.data, "anonymous", run.res.id.len)
                   == 0))
        {
            __builtin_trap();
        }

        fuzz_encoded_check(&run, consent_borlabs_parse, tokens, NTOKENS);
    }

    fuzz_format_free(&run);

    return 0;
}
