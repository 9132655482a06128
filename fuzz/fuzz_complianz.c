
/*
 * Fuzz target: Complianz's family of consent cookies, as the glue hands
 * it to the core.
 *
 * Properties: those of fuzz_format.h (a granted category or service
 * occurs in the percent-decoded input, or in it with JSON escapes
 * decoded; the family may say "undecided", which grants nothing, and
 * carries no id, time or revision); and split invariance: the order of
 * the cookies in the Cookie header says nothing, so an input cut at one
 * of its ';', "A;B", reads as "B;A" does: an error for both, or the same
 * grants and "undecided" for both.
 */


#include "consent_complianz.h"
#include "fuzz_format.h"


static const consent_str_t  tokens[] = {
    { 11, (const u_char *) "preferences" },
    { 10, (const u_char *) "statistics" },
    { 9, (const u_char *) "marketing" },
    { 10, (const u_char *) "functional" },
    { 7, (const u_char *) "youtube" },
    { 11, (const u_char *) "google-maps" },
    { 18, (const u_char *) "consented_services" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a+b" },
    { 0, (const u_char *) "" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


static void fuzz_complianz_swap(fuzz_run_t *run);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_run_t  run;

    if (fuzz_format_run(&run, consent_complianz_parse, tokens, NTOKENS,
                        data, size, FUZZ_JSON|FUZZ_UNDECIDED)
        == 0)
    {
        fuzz_complianz_swap(&run);
    }

    fuzz_format_free(&run);

    return 0;
}


static void
fuzz_complianz_swap(fuzz_run_t *run)
{
    int                rc;
    size_t             i, cut, a, nsemis;
    u_char            *swapped, *scratch;
    consent_result_t   res;

    /* the ';' to cut at: the input's own length picks one */

    nsemis = 0;

    for (i = 0; i < run->size; i++) {
        nsemis += (run->in[i] == ';');
    }

    if (nsemis == 0) {
        return;
    }

    a = run->size % nsemis;
    cut = 0;

    for (i = 0; i < run->size; i++) {
        if (run->in[i] == ';' && a-- == 0) {
            cut = i;
            break;
        }
    }

    swapped = malloc(run->size);
    scratch = malloc(run->size);

    if (swapped == NULL || scratch == NULL) {
        goto done;
    }

    /* "A;B" as "B;A" */

    memcpy(swapped, run->in + cut + 1, run->size - cut - 1);
    swapped[run->size - cut - 1] = ';';
    memcpy(swapped + run->size - cut, run->in, cut);

    rc = consent_complianz_parse(swapped, run->size, scratch, tokens,
                                 NTOKENS, &res);

    if ((rc == CONSENT_OK) != (run->rc == CONSENT_OK)
        || res.granted != run->res.granted
        || res.undecided != run->res.undecided)
    {
        __builtin_trap();
    }

done:

    free(swapped);
    free(scratch);
}
