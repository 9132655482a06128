
/*
 * Fuzz target: the GPP string decoder.
 *
 * Properties:
 *
 * - the codes are CONSENT_OK or negative, and consent_gpp_decode() and
 *   consent_gpp_parse() return the same one;
 * - on an error the result grants nothing, refuses nothing, is not
 *   undecided and has no time, revision or id;
 * - refused has only CONSENT_REFUSED_* bits, and is exactly what the
 *   sections say: CONSENT_REFUSED_UNREADABLE when one was not read, an
 *   opt-out's bit when a read section has it at 1;
 * - a section not read says nothing; a read one has opt-outs of 0 to 2
 *   and a Gpc of 0 or 1; the IDs increase;
 * - without section 2 nothing is granted and the result is undecided;
 *   with it, it grants what consent_tcf_parse() grants for that section;
 * - a header with a byte outside base64url is never accepted, nor an
 *   input over CONSENT_GPP_MAX_LEN;
 * - a US section read has a core of at least its layout's bits, and its
 *   opt-outs and Gpc are the bits at their offsets in the specifications,
 *   read here again one character at a time from a table of offsets
 *   (not the core's table of fields).
 *
 * The input is copied into a buffer of exactly its size, so that ASan
 * catches a read past its end.
 */


#include "consent_gpp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/*
 * Per US section: the bits of its core subsection and the offsets of
 * SaleOptOut, SharingOptOut and TargetedAdvertisingOptOut (0: none);
 * usnat's first layout is 60 bits, its second 70.
 */

static const struct {
    unsigned  id;
    unsigned  bits;
    unsigned  sale;
    unsigned  sharing;
    unsigned  targeted;
} offsets[] = {
    { 7, 70, 18, 20, 22 }, { 8, 46, 12, 14, 0 }, { 9, 40, 12, 0, 14 },
    { 10, 38, 12, 0, 14 }, { 11, 42, 14, 0, 16 }, { 12, 44, 12, 0, 14 },
    { 13, 46, 12, 0, 14 }, { 14, 46, 12, 0, 14 }, { 15, 52, 12, 0, 14 },
    { 16, 42, 12, 0, 14 }, { 17, 52, 12, 0, 14 }, { 18, 42, 14, 0, 16 },
    { 19, 42, 12, 0, 14 }, { 20, 46, 12, 0, 14 }, { 21, 54, 12, 0, 14 },
    { 22, 42, 12, 0, 14 }, { 23, 42, 12, 0, 14 }, { 24, 22, 16, 0, 18 },
    { 25, 24, 16, 0, 18 }, { 26, 24, 16, 0, 18 }, { 27, 24, 16, 0, 18 }
};


static int
b64url(u_char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
           || (c >= '0' && c <= '9') || c == '-' || c == '_';
}


static unsigned
b64val(u_char c)
{
    static const char  *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "abcdefghijklmnopqrstuvwxyz0123456789-_";

    return (unsigned) (strchr(abc, c) - abc);
}


/* n bits at bit off of p[0..len), which the caller knows are there */

static unsigned
slow_bits(const u_char *p, size_t len, size_t off, size_t n)
{
    size_t    i;
    unsigned  v;

    v = 0;

    for (i = off; i < off + n; i++) {
        if (i / 6 >= len || !b64url(p[i / 6])) {
            __builtin_trap();
        }

        v = v << 1 | ((b64val(p[i / 6]) >> (5 - i % 6)) & 1);
    }

    return v;
}


/* the (k + 1)-th '~'-separated part of buf[0..size) */

static const u_char *
part(const u_char *buf, size_t size, size_t k, const u_char **last)
{
    size_t         i;
    const u_char  *p, *end, *t;

    p = buf;
    end = buf + size;

    for (i = 0; i <= k; i++) {
        p = memchr(p, '~', end - p);

        if (p == NULL) {
            __builtin_trap();
        }

        p++;
    }

    t = memchr(p, '~', end - p);
    *last = t ? t : end;

    return p;
}


static void
check_us(const u_char *p, const u_char *last, consent_gpp_section_t *s)
{
    size_t         i, n, core;
    unsigned       bits;
    const u_char  *dot;

    n = sizeof(offsets) / sizeof(offsets[0]);

    for (i = 0; i < n; i++) {
        if (offsets[i].id == s->id) {
            break;
        }
    }

    if (i == n) {
        return;
    }

    dot = memchr(p, '.', last - p);
    core = (size_t) ((dot ? dot : last) - p);
    bits = offsets[i].bits;

    if (s->id == 7 && core * 6 <= 66) {
        bits = 60;
    }

    if (core * 6 < bits) {
        __builtin_trap();
    }

    if (s->sale != slow_bits(p, core, offsets[i].sale, 2)
        || (offsets[i].sharing
            && s->sharing != slow_bits(p, core, offsets[i].sharing, 2))
        || (!offsets[i].sharing && s->sharing)
        || (offsets[i].targeted
            && s->targeted != slow_bits(p, core, offsets[i].targeted, 2))
        || (!offsets[i].targeted && s->targeted))
    {
        __builtin_trap();
    }

    if (s->has_gpc) {
        if (dot == NULL
            || slow_bits(dot + 1, last - dot - 1, 0, 2) != 1
            || slow_bits(dot + 1, last - dot - 1, 2, 1) != s->gpc)
        {
            __builtin_trap();
        }
    }
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int                     rc, prc;
    size_t                  i, k;
    u_char                 *buf;
    unsigned                want;
    const u_char           *p, *t;
    consent_gpp_t          *gpp;
    consent_result_t        res, tres;
    consent_gpp_section_t  *s;

    buf = malloc(size ? size : 1);
    gpp = malloc(sizeof(consent_gpp_t));

    if (buf == NULL || gpp == NULL) {
        free(buf);
        free(gpp);
        return 0;
    }

    memcpy(buf, data, size);

    rc = consent_gpp_decode(buf, size, gpp);
    prc = consent_gpp_parse(buf, size, &res);

    if (rc > 0 || rc != prc) {
        __builtin_trap();
    }

    if (rc != CONSENT_OK) {
        if (res.granted || res.refused || res.undecided || res.restrict_only
            || res.timestamp != -1 || res.revision != -1 || res.id.len)
        {
            __builtin_trap();
        }

        goto done;
    }

    if (size == 0 || size > CONSENT_GPP_MAX_LEN) {
        __builtin_trap();
    }

    /* the header: base64url only */

    for (i = 0; i < size && buf[i] != '~'; i++) {
        if (!b64url(buf[i])) {
            __builtin_trap();
        }
    }

    if (gpp->type != 3 || gpp->version != 1
        || gpp->nsections > CONSENT_GPP_MAX_SECTIONS)
    {
        __builtin_trap();
    }

    /* the sections and what they refuse */

    want = 0;

    for (k = 0; k < gpp->nsections; k++) {
        s = &gpp->section[k];

        if (k > 0 && s->id <= gpp->section[k - 1].id) {
            __builtin_trap();
        }

        if (s->rc > 0 || s->sale > 2 || s->sharing > 2 || s->targeted > 2
            || s->gpc > 1 || (s->gpc && !s->has_gpc))
        {
            __builtin_trap();
        }

        if (s->rc != CONSENT_OK) {
            if (s->sale || s->sharing || s->targeted || s->has_gpc) {
                __builtin_trap();
            }

            want |= CONSENT_REFUSED_UNREADABLE;
            continue;
        }

        if (s->known && s->id >= CONSENT_GPP_USNAT) {
            p = part(buf, size, k, &t);
            check_us(p, t, s);
        }

        want |= (s->sale == 1 ? CONSENT_REFUSED_SALE : 0)
                | (s->sharing == 1 ? CONSENT_REFUSED_SHARING : 0)
                | (s->targeted == 1 ? CONSENT_REFUSED_TARGETED : 0)
                | (s->gpc == 1 ? CONSENT_REFUSED_GPC : 0);
    }

    if (gpp->refused != want || res.refused != want
        || (want & ~(unsigned) 0x1f))
    {
        __builtin_trap();
    }

    if (res.restrict_only || res.revision != -1 || res.id.len) {
        __builtin_trap();
    }

    /* grants: section 2 as format=tcf, or nothing */

    for (k = 0; k < gpp->nsections; k++) {
        if (gpp->section[k].id == CONSENT_GPP_TCFEUV2) {
            break;
        }
    }

    if (k == gpp->nsections) {
        if (gpp->has_tcf || !res.undecided || res.granted
            || res.timestamp != -1)
        {
            __builtin_trap();
        }

        goto done;
    }

    p = part(buf, size, k, &t);

    if (consent_tcf_parse(p, t - p, &tres) != CONSENT_OK
        || !gpp->has_tcf || res.undecided
        || res.granted != tres.granted || res.timestamp != tres.timestamp)
    {
        __builtin_trap();
    }

done:

    free(gpp);
    free(buf);

    return 0;
}
