
/*
 * ngx_consent_module: OneTrust's OptanonConsent cookie.
 */


#include "consent_onetrust.h"

#include <string.h>


#define CONSENT_ONETRUST_SEEN_ID    0x01
#define CONSENT_ONETRUST_SEEN_TIME  0x02


static int consent_onetrust_is(const u_char *p, size_t len,
    const char *name);
static int consent_onetrust_groups(const u_char *p, size_t len,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *set);
static int consent_onetrust_name(const u_char *p, const char *names);


int
consent_onetrust_parse(const u_char *p, size_t len, u_char *scratch,
    const consent_str_t *tokens, size_t ntokens, consent_result_t *res)
{
    int                rc;
    long               klen, vlen;
    size_t             idlen;
    int64_t            count;
    u_char            *d, *key, *val, *id;
    unsigned           have, seen, undecided, reconsent;
    const u_char      *end, *amp, *eq;
    consent_tokens_t   groups, set;

    /* decoded after the split below, not as a whole */

    rc = consent_format_start(&p, &len, CONSENT_ONETRUST_MAX_LEN, NULL, res);
    if (rc != CONSENT_OK) {
        return rc;
    }

    end = p + len;
    d = scratch;

    have = 0;
    seen = 0;
    undecided = 0;
    reconsent = 0;
    groups = ~(consent_tokens_t) 0;
    id = NULL;
    idlen = 0;

    for ( ;; ) {
        amp = memchr(p, '&', end - p);
        if (amp == NULL) {
            amp = end;
        }

        if (amp > p) {
            eq = memchr(p, '=', amp - p);
            if (eq == NULL) {
                eq = amp;
            }

            /* decoded after the split: "%26" and "%3D" stay in values */

            klen = consent_pct_decode(p, eq - p, d, CONSENT_PCT_PLUS);
            if (klen < 0) {
                rc = (int) klen;
                goto failed;
            }

            key = d;
            d += klen;

            vlen = 0;

            if (eq < amp) {
                vlen = consent_pct_decode(eq + 1, amp - eq - 1, d,
                                          CONSENT_PCT_PLUS);
                if (vlen < 0) {
                    rc = (int) vlen;
                    goto failed;
                }
            }

            val = d;
            d += vlen;

            if (consent_onetrust_is(key, klen, "groups")) {
                rc = consent_onetrust_groups(val, vlen, tokens, ntokens, &set);
                if (rc != CONSENT_OK) {
                    goto failed;
                }

                groups &= set;
                have = 1;

            } else if (consent_onetrust_is(key, klen, "consentId")) {

                /* the id and the time, given twice: no telling which */

                if (seen & CONSENT_ONETRUST_SEEN_ID) {
                    rc = CONSENT_EINVAL;
                    goto failed;
                }

                seen |= CONSENT_ONETRUST_SEEN_ID;
                id = val;
                idlen = vlen;

            } else if (consent_onetrust_is(key, klen, "datestamp")) {

                if (seen & CONSENT_ONETRUST_SEEN_TIME) {
                    rc = CONSENT_EINVAL;
                    goto failed;
                }

                seen |= CONSENT_ONETRUST_SEEN_TIME;
                res->timestamp = consent_onetrust_time(val, vlen);

            } else if (consent_onetrust_is(key, klen, "AwaitingReconsent")) {

                /*
                 * "true": the visitor is to be asked again, as if expired;
                 * any copy that says so wins.  Only "true" and "false" are
                 * written: any other value makes the cookie invalid
                 */

                if (consent_onetrust_is(val, vlen, "true")) {
                    reconsent = 1;

                } else if (!consent_onetrust_is(val, vlen, "false")) {
                    rc = CONSENT_EINVAL;
                    goto failed;
                }

            } else if (consent_onetrust_is(key, klen, "interactionCount")) {

                /*
                 * digits only; any copy that says 0 (no interaction yet:
                 * the groups are defaults, not a choice) is no decision
                 */

                if (consent_number(val, vlen, 9, &count) != CONSENT_OK) {
                    rc = CONSENT_EINVAL;
                    goto failed;
                }

                if (count == 0) {
                    undecided = 1;
                }
            }
        }

        if (amp == end) {
            break;
        }

        p = amp + 1;
    }

    if (!have) {
        rc = CONSENT_EMISSING;
        goto failed;
    }

    consent_result_id(res, id, idlen, CONSENT_ONETRUST_ID_MAX);

    if (reconsent) {
        res->expired = 1;
        return CONSENT_OK;
    }

    if (undecided) {
        res->undecided = 1;
        return CONSENT_OK;
    }

    if ((seen & CONSENT_ONETRUST_SEEN_TIME) && res->timestamp < 0) {
        /* a decision time that cannot be read would escape max age */
        rc = CONSENT_EINVAL;
        goto failed;
    }

    res->granted = groups;

    return CONSENT_OK;

failed:

    consent_result_reset(res);

    return rc;
}


int64_t
consent_onetrust_time(const u_char *p, size_t len)
{
    int64_t   t, off, y, d, h, mi, s, oh, om;
    unsigned  mo, wd;

    /*
     * "Www Mmm DD YYYY HH:MM:SS GMT+HHMM", then nothing or " (zone name)";
     * English names whatever the browser's language
     */

    if (len < 33 || p[3] != ' ' || p[7] != ' ' || p[10] != ' '
        || p[15] != ' ' || p[18] != ':' || p[21] != ':' || p[24] != ' '
        || memcmp(p + 25, "GMT", 3) != 0
        || (p[28] != '+' && p[28] != '-'))
    {
        return -1;
    }

    wd = consent_onetrust_name(p, "SunMonTueWedThuFriSat");
    mo = consent_onetrust_name(p + 4, "JanFebMarAprMayJunJulAugSepOctNovDec");

    if (wd == 0 || mo == 0
        || consent_number(p + 8, 2, 2, &d) != CONSENT_OK
        || consent_number(p + 11, 4, 4, &y) != CONSENT_OK
        || consent_number(p + 16, 2, 2, &h) != CONSENT_OK
        || consent_number(p + 19, 2, 2, &mi) != CONSENT_OK
        || consent_number(p + 22, 2, 2, &s) != CONSENT_OK
        || consent_number(p + 29, 2, 2, &oh) != CONSENT_OK
        || consent_number(p + 31, 2, 2, &om) != CONSENT_OK)
    {
        return -1;
    }

    if (len > 33
        && (len < 36 || p[33] != ' ' || p[34] != '(' || p[len - 1] != ')'))
    {
        return -1;
    }

    t = consent_civil_time(y, mo, d, h, mi, s);

    if (t < 0 || oh > 23 || om > 59) {
        return -1;
    }

    /* 1970-01-01 was a Thursday; the name must agree with the date */

    if ((unsigned) ((t / 86400 + 4) % 7) != wd - 1) {
        return -1;
    }

    off = oh * 3600 + om * 60;

    if (p[28] == '-') {
        off = -off;
    }

    t -= off;

    return t < 0 ? -1 : t;
}


static int
consent_onetrust_is(const u_char *p, size_t len, const char *name)
{
    return strlen(name) == len && memcmp(p, name, len) == 0;
}


static int
consent_onetrust_groups(const u_char *p, size_t len,
    const consent_str_t *tokens, size_t ntokens, consent_tokens_t *set)
{
    int                i;
    const u_char      *end, *comma, *colon;
    consent_tokens_t   yes, no, bit;

    /* "C0001:1,C0002:0,...": an id given twice is granted only if always 1 */

    yes = 0;
    no = 0;
    end = p + len;

    while (p < end) {
        comma = memchr(p, ',', end - p);
        if (comma == NULL) {
            comma = end;
        }

        if (comma > p) {
            colon = memchr(p, ':', comma - p);

            if (colon == NULL || colon == p || comma - colon != 2
                || (colon[1] != '0' && colon[1] != '1'))
            {
                return CONSENT_EINVAL;
            }

            i = consent_token_index(tokens, ntokens, p, colon - p);

            if (i >= 0) {
                bit = (consent_tokens_t) 1 << i;

                if (colon[1] == '1') {
                    yes |= bit;

                } else {
                    no |= bit;
                }
            }
        }

        if (comma == end) {
            break;
        }

        p = comma + 1;
    }

    *set = yes & ~no;

    return CONSENT_OK;
}


static int
consent_onetrust_name(const u_char *p, const char *names)
{
    int  i;

    /* 1 + the index of the three letters at p in names, or 0 */

    for (i = 0; names[i * 3] != '\0'; i++) {
        if (memcmp(p, names + i * 3, 3) == 0) {
            return i + 1;
        }
    }

    return 0;
}
