
/*
 * Fuzz target: Axeptio's consent cookie.
 *
 * Properties: those of fuzz_format.h (a granted vendor's name occurs in
 * the percent-decoded input, or in it with JSON escapes decoded; the
 * format may carry an id, a time and "undecided", never a revision or
 * "expired"; "undecided" grants nothing); those of fuzz_encoded.h (the
 * value and its percent-decoded or encodeURIComponent() form say the
 * same); the id is at most CONSENT_AXEPTIO_ID_MAX bytes; and a name that
 * starts with "$$", Axeptio's own, is never granted.
 */


#include "consent_axeptio.h"
#include "fuzz_format.h"
#include "fuzz_encoded.h"


static const consent_str_t  tokens[] = {
    { 10, (const u_char *) "SnapEngage" },
    { 14, (const u_char *) "facebook_pixel" },
    { 16, (const u_char *) "google_analytics" },
    { 11, (const u_char *) "$$completed" },
    { 2, (const u_char *) "$$" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a+b" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))

#define DOLLARS  (CONSENT_BIT(3) | CONSENT_BIT(4))


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_t  run;

    if (fuzz_format_run(&run, consent_axeptio_parse, tokens, NTOKENS,
                        data, size,
                        FUZZ_JSON|FUZZ_ID|FUZZ_TIME|FUZZ_UNDECIDED)
        == 0)
    {
        /* fuzz_format_run() checked that the id is in the input or scratch */

        if (run.res.id.len > CONSENT_AXEPTIO_ID_MAX
            || (run.res.granted & DOLLARS))
        {
            __builtin_trap();
        }

        fuzz_encoded_check(&run, consent_axeptio_parse, tokens, NTOKENS);
    }

    fuzz_format_free(&run);

    return 0;
}
