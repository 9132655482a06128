
/*
 * Fuzz target: CookieYes's cookieyes-consent cookie.
 *
 * Properties: those of fuzz_format.h (a granted slug occurs in the
 * percent-decoded input; the format may carry an id and "undecided",
 * which grants nothing, never a time or a revision); the id is at most
 * CONSENT_COOKIEYES_ID_MAX bytes; and split invariance: the pairs are
 * independent, so an input without '%' cut at one of its commas, "A,B",
 * reads as "B,A" does: the same code, grants, "undecided" and id.
 */


#include "consent_cookieyes.h"
#include "fuzz_format.h"


static const consent_str_t  tokens[] = {
    { 10, (const u_char *) "functional" },
    { 9, (const u_char *) "analytics" },
    { 11, (const u_char *) "performance" },
    { 13, (const u_char *) "advertisement" },
    { 5, (const u_char *) "other" },
    { 6, (const u_char *) "action" },
    { 9, (const u_char *) "consentid" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a+b" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


static void fuzz_cookieyes_swap(fuzz_run_t *run);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_t  run;

    if (fuzz_format_run(&run, consent_cookieyes_parse, tokens, NTOKENS,
                        data, size, FUZZ_ID|FUZZ_UNDECIDED)
        == 0)
    {
        if (run.res.id.len > CONSENT_COOKIEYES_ID_MAX) {
            __builtin_trap();
        }

        fuzz_cookieyes_swap(&run);
    }

    fuzz_format_free(&run);

    return 0;
}


static void
fuzz_cookieyes_swap(fuzz_run_t *run)
{
    int                rc;
    size_t             i, cut, a, ncommas;
    u_char            *swapped, *scratch;
    consent_result_t   res;

    if (memchr(run->in, '%', run->size) != NULL) {
        return;
    }

    /* the comma to cut at: the input's own length picks one */

    ncommas = 0;

    for (i = 0; i < run->size; i++) {
        ncommas += (run->in[i] == ',');
    }

    if (ncommas == 0) {
        return;
    }

    a = run->size % ncommas;
    cut = 0;

    for (i = 0; i < run->size; i++) {
        if (run->in[i] == ',' && a-- == 0) {
            cut = i;
            break;
        }
    }

    swapped = malloc(run->size);
    scratch = malloc(run->size);

    if (swapped == NULL || scratch == NULL) {
        goto done;
    }

    /* "A,B" as "B,A" */

    memcpy(swapped, run->in + cut + 1, run->size - cut - 1);
    swapped[run->size - cut - 1] = ',';
    memcpy(swapped + run->size - cut, run->in, cut);

    rc = consent_cookieyes_parse(swapped, run->size, scratch, tokens, NTOKENS,
                                 &res);

    if (rc != run->rc || res.granted != run->res.granted
        || res.undecided != run->res.undecided
        || res.id.len != run->res.id.len
        || (res.id.len
            && memcmp(res.id.data, run->res.id.data, res.id.len) != 0))
    {
        __builtin_trap();
    }

done:

    free(swapped);
    free(scratch);
}
