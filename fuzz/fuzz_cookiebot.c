
/*
 * Fuzz target: Cookiebot's CookieConsent cookie.
 *
 * Properties: those of fuzz_format.h (a granted key occurs in the
 * percent-decoded input; the format may carry an id, a time and
 * "undecided", which grants nothing, never a revision); and the id is at
 * most CONSENT_COOKIEBOT_ID_MAX bytes, in the input or scratch.
 */


#include "consent_cookiebot.h"
#include "fuzz_format.h"


static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 11, (const u_char *) "preferences" },
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 5, (const u_char *) "stamp" },
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

    if (fuzz_format_run(&run, consent_cookiebot_parse, tokens, NTOKENS,
                        data, size, FUZZ_ID|FUZZ_TIME|FUZZ_UNDECIDED)
        == 0)
    {
        /* fuzz_format_run() checked that the id is in the input or scratch */

        if (run.res.id.len > CONSENT_COOKIEBOT_ID_MAX) {
            __builtin_trap();
        }
    }

    fuzz_format_free(&run);

    return 0;
}
