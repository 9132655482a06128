
/*
 * Fuzz target: Klaro's consent cookie.
 *
 * Properties: those of fuzz_format.h (a granted service's name occurs in
 * the percent-decoded input, or in it with JSON escapes decoded); Klaro
 * carries no id, time, revision or "undecided", which fuzz_format_run()
 * checks from the flags: nothing is left for this file.
 */


#include "consent_klaro.h"
#include "fuzz_format.h"


static const consent_str_t  tokens[] = {
    { 6, (const u_char *) "matomo" },
    { 7, (const u_char *) "youtube" },
    { 7, (const u_char *) "adsense" },
    { 16, (const u_char *) "google-analytics" },
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

    (void) fuzz_format_run(&run, consent_klaro_parse, tokens, NTOKENS,
                           data, size, FUZZ_JSON);

    fuzz_format_free(&run);

    return 0;
}
