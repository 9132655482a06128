
/*
 * Differential fuzz target: every format core of the tree against the same
 * core of an older commit (make fuzz-diff; FUZZ_DIFF_BASE names the
 * commit).  A rewrite for speed must not change what a core says.
 *
 * The first byte of the input picks the format, the second the flags of
 * consent_pct_decode(); the rest is the cookie value.  Each side parses
 * its own exact-size copy (ASan sees any read outside it) into its own
 * scratch, with the same token table, and the two results must agree: the
 * code, the tokens granted, time, revision, the id's bytes, the opt-outs
 * and every flag.  consent_pct_decode() is compared directly too: the
 * same code and the same bytes.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_table.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void diff_fail(const char *name, const char *what);
static void diff_same(const char *name, int rc1, const consent_result_t *r1,
    int rc2, const consent_result_t *r2);


/* the names every format's tests use, and a few short ones */

static const consent_str_t  tokens[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
    { 10, (const u_char *) "statistics" },
    { 10, (const u_char *) "functional" },
    { 13, (const u_char *) "advertisement" },
    { 13, (const u_char *) "functionality" },
    { 11, (const u_char *) "performance" },
    { 5, (const u_char *) "C0001" },
    { 5, (const u_char *) "C0002" },
    { 5, (const u_char *) "C0004" },
    { 7, (const u_char *) "STACK42" },
    { 6, (const u_char *) "matomo" },
    { 7, (const u_char *) "youtube" },
    { 16, (const u_char *) "google-analytics" },
    { 16, (const u_char *) "google_analytics" },
    { 14, (const u_char *) "external-media" },
    { 9, (const u_char *) "essential" },
    { 7, (const u_char *) "$$token" },
    { 1, (const u_char *) "a" },
    { 2, (const u_char *) "ab" },
    { 3, (const u_char *) "a+b" },
    { 3, (const u_char *) "a b" },
    { 1, (const u_char *) "2" },
    { 8, (const u_char *) "p4em9a8m" },
    { 7, (const u_char *) "cookies" },
    { 13, (const u_char *) "vendor:google" },
    { 27, (const u_char *) "vendor:c:googleana-h7Kc3e7Y" },
    { 8, (const u_char *) "vendor:a" },
};

#define NTOKENS  (sizeof(tokens) / sizeof(tokens[0]))


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                rc1, rc2;
    long               n1, n2;
    size_t             nformats, f, len;
    u_char            *in1, *in2, *s1, *s2;
    unsigned           flags;
    consent_result_t   r1, r2;

    if (size < 2) {
        return 0;
    }

    for (nformats = 0; diff_new.formats[nformats].name; nformats++) {
        if (diff_old.formats[nformats].name == NULL
            || strcmp(diff_old.formats[nformats].name,
                      diff_new.formats[nformats].name) != 0)
        {
            diff_fail(diff_new.formats[nformats].name, "the two tables");
        }
    }

    f = data[0] % nformats;
    flags = data[1] & CONSENT_PCT_PLUS;
    data += 2;
    len = size - 2;

    in1 = malloc(len ? len : 1);
    in2 = malloc(len ? len : 1);
    s1 = malloc(len ? len : 1);
    s2 = malloc(len ? len : 1);

    if (in1 == NULL || in2 == NULL || s1 == NULL || s2 == NULL) {
        free(in1);
        free(in2);
        free(s1);
        free(s2);
        return 0;
    }

    memcpy(in1, data, len);
    memcpy(in2, data, len);

    n1 = diff_new.pct_decode(in1, len, s1, flags);
    n2 = diff_old.pct_decode(in2, len, s2, flags);

    if (n1 != n2 || (n1 > 0 && memcmp(s1, s2, n1) != 0)) {
        diff_fail("consent_pct_decode", "the decoded bytes");
    }

    memset(&r1, 0xa5, sizeof(r1));
    memset(&r2, 0xa5, sizeof(r2));

    rc1 = diff_new.formats[f].parse(in1, len, s1, tokens, NTOKENS, &r1);
    rc2 = diff_old.formats[f].parse(in2, len, s2, tokens, NTOKENS, &r2);

    diff_same(diff_new.formats[f].name, rc1, &r1, rc2, &r2);

    if (memcmp(in1, data, len) != 0 || memcmp(in2, data, len) != 0) {
        diff_fail(diff_new.formats[f].name, "the input, written to");
    }

    free(in1);
    free(in2);
    free(s1);
    free(s2);

    return 0;
}


static void
diff_same(const char *name, int rc1, const consent_result_t *r1, int rc2,
    const consent_result_t *r2)
{
    if (rc1 != rc2) {
        fprintf(stderr, "rc: new %d, old %d\n", rc1, rc2);
        diff_fail(name, "the code");
    }

    if (r1->granted != r2->granted) {
        diff_fail(name, "the tokens granted");
    }

    if (r1->timestamp != r2->timestamp || r1->revision != r2->revision) {
        diff_fail(name, "the time or the revision");
    }

    if (r1->id.len != r2->id.len
        || (r1->id.len && memcmp(r1->id.data, r2->id.data, r1->id.len) != 0))
    {
        diff_fail(name, "the id");
    }

    if (r1->refused != r2->refused
        || r1->undecided != r2->undecided
        || r1->outside != r2->outside
        || r1->expired != r2->expired
        || r1->implied != r2->implied
        || r1->restrict_only != r2->restrict_only
        || r1->gpc_override != r2->gpc_override)
    {
        diff_fail(name, "a flag or the opt-outs");
    }
}


static void
diff_fail(const char *name, const char *what)
{
    fprintf(stderr, "fuzz-diff: %s: the old and the new core differ in %s\n",
            name, what);
    __builtin_trap();
}
