
/*
 * Fuzz target: consent_regions_add() and consent_regions_lookup().
 *
 * The input is read as a "consent_regime" configuration: words separated
 * by spaces or new lines; a word of digits sets the regime for the words
 * that follow, any other word is given to consent_regions_add().  A model
 * of the table kept here checks every answer:
 *   - a name is accepted exactly when it is "default", a group, a valid
 *     code (two upper-case letters) or a subdivision ("CA-QC") and the
 *     regime is in range (up to CONSENT_REGION_MAX_SUBS subdivisions);
 *   - a conflict names "default" or a country of the name, which had a
 *     different regime at the same level, and changes nothing;
 *   - a code beats a group; every lookup of all 676 slots agrees with the
 *     model, and any other string (every 0..3-byte window of the input)
 *     gets the default;
 *   - consent_regions_opt_out() of every slot and every subdivision named
 *     is every category when the model's regime is opt-out, else none.
 */


#include "consent_region.h"

#include <stdlib.h>
#include <string.h>


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_add(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime);
static int fuzz_slot(const u_char *p);


typedef struct {
    u_char    code[CONSENT_REGION_SUB_LEN];
    size_t    len;
    unsigned  regime;
} fuzz_sub_t;


static int fuzz_add_sub(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime);


static fuzz_sub_t  fuzz_subs[CONSENT_REGION_MAX_SUBS];
static size_t      fuzz_nsubs;
static u_char    fuzz_regime[CONSENT_REGION_SLOTS];
static u_char    fuzz_level[CONSENT_REGION_SLOTS];
static unsigned  fuzz_dflt;
static unsigned  fuzz_dflt_set;


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    u_char             *in, c[2];
    size_t              i, j, start;
    unsigned            regime, a, b, r, want;
    consent_regions_t  *rt;

    in = malloc(size ? size : 1);
    rt = malloc(sizeof(consent_regions_t));

    if (in == NULL || rt == NULL) {
        abort();
    }

    memcpy(in, data, size);

    consent_regions_init(rt, CONSENT_REGIME_OPT_IN);

    memset(fuzz_regime, 0, sizeof(fuzz_regime));
    memset(fuzz_level, 0, sizeof(fuzz_level));
    fuzz_dflt = CONSENT_REGIME_OPT_IN;
    fuzz_dflt_set = 0;
    fuzz_nsubs = 0;

    regime = CONSENT_REGIME_OPT_OUT;
    i = 0;

    while (i < size) {

        while (i < size && (in[i] == ' ' || in[i] == '\n')) {
            i++;
        }

        start = i;

        while (i < size && in[i] != ' ' && in[i] != '\n') {
            i++;
        }

        if (i == start) {
            break;
        }

        for (j = start; j < i && in[j] >= '0' && in[j] <= '9'; j++) {
            /* void */
        }

        if (j == i) {
            regime = 0;

            for (j = start; j < i && regime < 1000; j++) {
                regime = regime * 10 + (in[j] - '0');
            }

            continue;
        }

        /* an exactly-sized copy of the word */

        {
            u_char  *word;

            word = malloc(i - start);
            if (word == NULL) {
                abort();
            }

            memcpy(word, in + start, i - start);
            fuzz_add(rt, word, i - start, regime);
            free(word);
        }
    }

    /* every slot */

    for (a = 'A'; a <= 'Z'; a++) {
        for (b = 'A'; b <= 'Z'; b++) {
            c[0] = (u_char) a;
            c[1] = (u_char) b;

            r = consent_regions_lookup(rt, c, 2);
            want = fuzz_level[fuzz_slot(c)] ? fuzz_regime[fuzz_slot(c)]
                                            : fuzz_dflt;

            if (r != want || r > CONSENT_REGIME_MAX) {
                __builtin_trap();
            }

            if (consent_region_code_valid(c, 2) != CONSENT_OK
                && fuzz_level[fuzz_slot(c)] != 0)
            {
                __builtin_trap();
            }

            if (consent_regions_opt_out(rt, c, 2, NULL, 0)
                != ((want == CONSENT_REGIME_OPT_OUT) ? (consent_cats_t) -1
                                                      : 0))
            {
                __builtin_trap();
            }
        }
    }

    for (i = 0; i < fuzz_nsubs; i++) {
        if (consent_regions_opt_out(rt, (const u_char *) "ZZ", 2,
                                    fuzz_subs[i].code, fuzz_subs[i].len)
            != ((fuzz_subs[i].regime == CONSENT_REGIME_OPT_OUT)
                ? (consent_cats_t) -1 : 0))
        {
            __builtin_trap();
        }
    }

    /* every short window of the input */

    for (i = 0; i < size; i++) {
        for (j = 0; j <= 3 && i + j <= size; j++) {
            u_char  *w;

            w = malloc(j ? j : 1);
            if (w == NULL) {
                abort();
            }

            memcpy(w, in + i, j);
            r = consent_regions_lookup(rt, w, j);

            if (j == 2 && fuzz_slot(w) >= 0) {
                want = fuzz_level[fuzz_slot(w)] ? fuzz_regime[fuzz_slot(w)]
                                                : fuzz_dflt;
            } else {
                want = fuzz_dflt;
            }

            if (r != want) {
                __builtin_trap();
            }

            if (consent_region_code_valid(w, j) == CONSENT_OK
                && (j != 2 || fuzz_slot(w) < 0))
            {
                __builtin_trap();
            }

            free(w);
        }
    }

    free(rt);
    free(in);

    return 0;
}


static void
fuzz_add(consent_regions_t *rt, const u_char *p, size_t len, unsigned regime)
{
    int                rc, slot, is_default, found;
    size_t             i, n;
    unsigned           level;
    const u_char      *codes;
    consent_str_t      group, conflict;
    consent_regions_t  before;

    memcpy(&before, rt, sizeof(consent_regions_t));

    conflict.data = NULL;
    conflict.len = 0;

    rc = consent_regions_add(rt, p, len, regime, &conflict);

    is_default = (len == 7 && memcmp(p, "default", 7) == 0);

    if (consent_region_subdivision_valid(p, len) == CONSENT_OK) {
        if (fuzz_add_sub(rt, p, len, regime) != rc) {
            __builtin_trap();
        }

        if (rc != CONSENT_OK
            && memcmp(&before, rt, sizeof(consent_regions_t)) != 0)
        {
            __builtin_trap();
        }

        return;
    }

    if (consent_region_group(p, len, &group) == CONSENT_OK) {
        codes = group.data;
        n = group.len / 2;
        level = 1;

        if (n == 0 || group.len % 2) {
            __builtin_trap();
        }

    } else if (consent_region_code_valid(p, len) == CONSENT_OK) {
        codes = p;
        n = 1;
        level = 2;

    } else {
        codes = NULL;
        n = 0;
        level = 0;
    }

    if (regime > CONSENT_REGIME_MAX || (!is_default && level == 0)) {
        if (rc != CONSENT_EINVAL
            || memcmp(&before, rt, sizeof(consent_regions_t)) != 0)
        {
            __builtin_trap();
        }

        return;
    }

    if (is_default) {
        if (fuzz_dflt_set && fuzz_dflt != regime) {
            if (rc != CONSENT_REGION_ECONFLICT || conflict.len != 7
                || memcmp(conflict.data, "default", 7) != 0)
            {
                __builtin_trap();
            }

            return;
        }

        if (rc != CONSENT_OK) {
            __builtin_trap();
        }

        fuzz_dflt = regime;
        fuzz_dflt_set = 1;

        return;
    }

    /* the model's verdict */

    found = 0;

    for (i = 0; i < n; i++) {
        slot = fuzz_slot(codes + 2 * i);

        if (slot < 0) {
            __builtin_trap();
        }

        if (fuzz_level[slot] == level && fuzz_regime[slot] != regime) {
            found = 1;
        }
    }

    if (found) {
        if (rc != CONSENT_REGION_ECONFLICT || conflict.len != 2
            || memcmp(&before, rt, sizeof(consent_regions_t)) != 0)
        {
            __builtin_trap();
        }

        for (i = 0; i < n; i++) {
            if (memcmp(codes + 2 * i, conflict.data, 2) == 0) {
                break;
            }
        }

        slot = fuzz_slot(conflict.data);

        if (i == n || slot < 0 || fuzz_level[slot] != level
            || fuzz_regime[slot] == regime)
        {
            __builtin_trap();
        }

        return;
    }

    if (rc != CONSENT_OK) {
        __builtin_trap();
    }

    for (i = 0; i < n; i++) {
        slot = fuzz_slot(codes + 2 * i);

        if (fuzz_level[slot] <= level) {
            fuzz_level[slot] = (u_char) level;
            fuzz_regime[slot] = (u_char) regime;
        }
    }
}


static int
fuzz_slot(const u_char *p)
{
    if (p[0] < 'A' || p[0] > 'Z' || p[1] < 'A' || p[1] > 'Z') {
        return -1;
    }

    return (p[0] - 'A') * 26 + (p[1] - 'A');
}


/* the model's answer for a subdivision */

static int
fuzz_add_sub(consent_regions_t *rt, const u_char *p, size_t len,
    unsigned regime)
{
    size_t  i;

    (void) rt;

    if (regime > CONSENT_REGIME_MAX) {
        return CONSENT_EINVAL;
    }

    for (i = 0; i < fuzz_nsubs; i++) {
        if (fuzz_subs[i].len == len && memcmp(fuzz_subs[i].code, p, len) == 0)
        {
            return (fuzz_subs[i].regime == regime) ? CONSENT_OK
                                                   : CONSENT_REGION_ECONFLICT;
        }
    }

    if (fuzz_nsubs == CONSENT_REGION_MAX_SUBS) {
        return CONSENT_ETOOLONG;
    }

    memcpy(fuzz_subs[fuzz_nsubs].code, p, len);
    fuzz_subs[fuzz_nsubs].len = len;
    fuzz_subs[fuzz_nsubs].regime = regime;
    fuzz_nsubs++;

    return CONSENT_OK;
}
