
/*
 * Fuzz target: OneTrust's OptanonConsent cookie.
 *
 * Properties: those of fuzz_format.h (a granted group id occurs in the
 * form-decoded input, '+' as space; the format may carry an id, a time and
 * "undecided", which grants nothing, never a revision); and the id is at
 * most CONSENT_ONETRUST_ID_MAX bytes, in scratch.
 */


#include "consent_onetrust.h"
#include "fuzz_format.h"


static const consent_str_t  tokens[] = {
    { 5, (const u_char *) "C0001" },
    { 5, (const u_char *) "C0002" },
    { 5, (const u_char *) "C0003" },
    { 5, (const u_char *) "C0004" },
    { 7, (const u_char *) "STACK42" },
    { 1, (const u_char *) "2" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a b" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_t  run;

    if (fuzz_format_run(&run, consent_onetrust_parse, tokens, NTOKENS,
                        data, size,
                        FUZZ_PCT_PLUS|FUZZ_ID|FUZZ_TIME|FUZZ_UNDECIDED
                        |FUZZ_EXPIRED)
        == 0)
    {
        /* the id is copied into scratch, never left in the input */

        if (run.res.id.len
            && (run.res.id.len > CONSENT_ONETRUST_ID_MAX
                || run.res.id.data < run.scratch
                || run.res.id.data + run.res.id.len
                   > run.scratch + run.size))
        {
            __builtin_trap();
        }
    }

    fuzz_format_free(&run);

    return 0;
}
