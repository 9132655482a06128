
/*
 * Unit tests: the GPP string (consent_gpp.c).
 */


#include "tap.h"
#include "consent_gpp.h"

#include <stdlib.h>


typedef struct {
    const char  *s;
    unsigned     id;
    unsigned     version;
    unsigned     sale;
    unsigned     sharing;
    unsigned     targeted;
    unsigned     has_gpc;
    unsigned     gpc;
} vector_t;


/*
 * Encoded by IAB's reference implementation, npm @iabgpp/cmpapi 3.2.0
 * (GppModel.setFieldValue() then encode(), in node): each section with
 * its defaults, then with each opt-out it has at 1 and at 2 (its notice
 * at 1), then (all opt-outs 2, MspaCoveredTransaction 2) with a GPC
 * subsection, Gpc true and false, or for usin, usky and usri with the
 * sensitive data subsection; the fields are those the same library
 * decodes from the string.  The model of each line is in its values.
 */

static const vector_t  ref[] = {
    /* usnat */
    { "DBABLA~CAAAAAAAAABA.QA", 7, 2, 0, 0, 0, 1, 0 },
    { "DBABLA~CEAQAAAAAABA.QA", 7, 2, 1, 0, 0, 1, 0 },
    { "DBABLA~CBAEAAAAAABA.QA", 7, 2, 0, 1, 0, 1, 0 },
    { "DBABLA~CAQBAAAAAABA.QA", 7, 2, 0, 0, 1, 1, 0 },
    { "DBABLA~CEAgAAAAAABA.QA", 7, 2, 2, 0, 0, 1, 0 },
    { "DBABLA~CBAIAAAAAABA.QA", 7, 2, 0, 2, 0, 1, 0 },
    { "DBABLA~CAQCAAAAAABA.QA", 7, 2, 0, 0, 2, 1, 0 },
    { "DBABLA~CAAqAAAAAACA.YA", 7, 2, 2, 2, 2, 1, 1 },
    { "DBABLA~CAAqAAAAAACA.QA", 7, 2, 2, 2, 2, 1, 0 },
    /* usca */
    { "DBABBg~BAAAAABA.QA", 8, 1, 0, 0, 0, 1, 0 },
    { "DBABBg~BQQAAABA.QA", 8, 1, 1, 0, 0, 1, 0 },
    { "DBABBg~BEEAAABA.QA", 8, 1, 0, 1, 0, 1, 0 },
    { "DBABBg~BQgAAABA.QA", 8, 1, 2, 0, 0, 1, 0 },
    { "DBABBg~BEIAAABA.QA", 8, 1, 0, 2, 0, 1, 0 },
    { "DBABBg~BAoAAACA.YA", 8, 1, 2, 2, 0, 1, 1 },
    { "DBABBg~BAoAAACA.QA", 8, 1, 2, 2, 0, 1, 0 },
    /* usva */
    { "DBABRg~BAAAABA", 9, 1, 0, 0, 0, 0, 0 },
    { "DBABRg~BEQAABA", 9, 1, 1, 0, 0, 0, 0 },
    { "DBABRg~BBEAABA", 9, 1, 0, 0, 1, 0, 0 },
    { "DBABRg~BEgAABA", 9, 1, 2, 0, 0, 0, 0 },
    { "DBABRg~BBIAABA", 9, 1, 0, 0, 2, 0, 0 },
    /* usco */
    { "DBABJg~BAAAAEA.QA", 10, 1, 0, 0, 0, 1, 0 },
    { "DBABJg~BEQAAEA.QA", 10, 1, 1, 0, 0, 1, 0 },
    { "DBABJg~BBEAAEA.QA", 10, 1, 0, 0, 1, 1, 0 },
    { "DBABJg~BEgAAEA.QA", 10, 1, 2, 0, 0, 1, 0 },
    { "DBABJg~BBIAAEA.QA", 10, 1, 0, 0, 2, 1, 0 },
    { "DBABJg~BAoAAIA.YA", 10, 1, 2, 0, 2, 1, 1 },
    { "DBABJg~BAoAAIA.QA", 10, 1, 2, 0, 2, 1, 0 },
    /* usut */
    { "DBABFg~BAAAAAQA", 11, 1, 0, 0, 0, 0, 0 },
    { "DBABFg~BEEAAAQA", 11, 1, 1, 0, 0, 0, 0 },
    { "DBABFg~BBBAAAQA", 11, 1, 0, 0, 1, 0, 0 },
    { "DBABFg~BEIAAAQA", 11, 1, 2, 0, 0, 0, 0 },
    { "DBABFg~BBCAAAQA", 11, 1, 0, 0, 2, 0, 0 },
    /* usct */
    { "DBABVg~BAAAAAEA.QA", 12, 1, 0, 0, 0, 1, 0 },
    { "DBABVg~BEQAAAEA.QA", 12, 1, 1, 0, 0, 1, 0 },
    { "DBABVg~BBEAAAEA.QA", 12, 1, 0, 0, 1, 1, 0 },
    { "DBABVg~BEgAAAEA.QA", 12, 1, 2, 0, 0, 1, 0 },
    { "DBABVg~BBIAAAEA.QA", 12, 1, 0, 0, 2, 1, 0 },
    { "DBABVg~BAoAAAIA.YA", 12, 1, 2, 0, 2, 1, 1 },
    { "DBABVg~BAoAAAIA.QA", 12, 1, 2, 0, 2, 1, 0 },
    /* usfl */
    { "DBABAw~BAAAAABA", 13, 1, 0, 0, 0, 0, 0 },
    { "DBABAw~BEQAAABA", 13, 1, 1, 0, 0, 0, 0 },
    { "DBABAw~BBEAAABA", 13, 1, 0, 0, 1, 0, 0 },
    { "DBABAw~BEgAAABA", 13, 1, 2, 0, 0, 0, 0 },
    { "DBABAw~BBIAAABA", 13, 1, 0, 0, 2, 0, 0 },
    /* usmt */
    { "DBABQw~BAAAAABA.QA", 14, 1, 0, 0, 0, 1, 0 },
    { "DBABQw~BEQAAABA.QA", 14, 1, 1, 0, 0, 1, 0 },
    { "DBABQw~BBEAAABA.QA", 14, 1, 0, 0, 1, 1, 0 },
    { "DBABQw~BEgAAABA.QA", 14, 1, 2, 0, 0, 1, 0 },
    { "DBABQw~BBIAAABA.QA", 14, 1, 0, 0, 2, 1, 0 },
    { "DBABQw~BAoAAACA.YA", 14, 1, 2, 0, 2, 1, 1 },
    { "DBABQw~BAoAAACA.QA", 14, 1, 2, 0, 2, 1, 0 },
    /* usor */
    { "DBABIw~BAAAAAABAA.QA", 15, 1, 0, 0, 0, 1, 0 },
    { "DBABIw~BEQAAAABAA.QA", 15, 1, 1, 0, 0, 1, 0 },
    { "DBABIw~BBEAAAABAA.QA", 15, 1, 0, 0, 1, 1, 0 },
    { "DBABIw~BEgAAAABAA.QA", 15, 1, 2, 0, 0, 1, 0 },
    { "DBABIw~BBIAAAABAA.QA", 15, 1, 0, 0, 2, 1, 0 },
    { "DBABIw~BAoAAAACAA.YA", 15, 1, 2, 0, 2, 1, 1 },
    { "DBABIw~BAoAAAACAA.QA", 15, 1, 2, 0, 2, 1, 0 },
    /* ustx */
    { "DBABEw~BAAAAAQA.QA", 16, 1, 0, 0, 0, 1, 0 },
    { "DBABEw~BEQAAAQA.QA", 16, 1, 1, 0, 0, 1, 0 },
    { "DBABEw~BBEAAAQA.QA", 16, 1, 0, 0, 1, 1, 0 },
    { "DBABEw~BEgAAAQA.QA", 16, 1, 2, 0, 0, 1, 0 },
    { "DBABEw~BBIAAAQA.QA", 16, 1, 0, 0, 2, 1, 0 },
    { "DBABEw~BAoAAAgA.YA", 16, 1, 2, 0, 2, 1, 1 },
    { "DBABEw~BAoAAAgA.QA", 16, 1, 2, 0, 2, 1, 0 },
    /* usde */
    { "DBABUw~BAAAAAABAA.QA", 17, 1, 0, 0, 0, 1, 0 },
    { "DBABUw~BEQAAAABAA.QA", 17, 1, 1, 0, 0, 1, 0 },
    { "DBABUw~BBEAAAABAA.QA", 17, 1, 0, 0, 1, 1, 0 },
    { "DBABUw~BEgAAAABAA.QA", 17, 1, 2, 0, 0, 1, 0 },
    { "DBABUw~BBIAAAABAA.QA", 17, 1, 0, 0, 2, 1, 0 },
    { "DBABUw~BAoAAAACAA.YA", 17, 1, 2, 0, 2, 1, 1 },
    { "DBABUw~BAoAAAACAA.QA", 17, 1, 2, 0, 2, 1, 0 },
    /* usia */
    { "DBABCw~BAAAAAQA.QA", 18, 1, 0, 0, 0, 1, 0 },
    { "DBABCw~BEEAAAQA.QA", 18, 1, 1, 0, 0, 1, 0 },
    { "DBABCw~BBBAAAQA.QA", 18, 1, 0, 0, 1, 1, 0 },
    { "DBABCw~BEIAAAQA.QA", 18, 1, 2, 0, 0, 1, 0 },
    { "DBABCw~BBCAAAQA.QA", 18, 1, 0, 0, 2, 1, 0 },
    { "DBABCw~BAKAAAgA.YA", 18, 1, 2, 0, 2, 1, 1 },
    { "DBABCw~BAKAAAgA.QA", 18, 1, 2, 0, 2, 1, 0 },
    /* usne */
    { "DBABSw~BAAAAAQA.QA", 19, 1, 0, 0, 0, 1, 0 },
    { "DBABSw~BEQAAAQA.QA", 19, 1, 1, 0, 0, 1, 0 },
    { "DBABSw~BBEAAAQA.QA", 19, 1, 0, 0, 1, 1, 0 },
    { "DBABSw~BEgAAAQA.QA", 19, 1, 2, 0, 0, 1, 0 },
    { "DBABSw~BBIAAAQA.QA", 19, 1, 0, 0, 2, 1, 0 },
    { "DBABSw~BAoAAAgA.YA", 19, 1, 2, 0, 2, 1, 1 },
    { "DBABSw~BAoAAAgA.QA", 19, 1, 2, 0, 2, 1, 0 },
    /* usnh */
    { "DBABKw~BAAAAABA.QA", 20, 1, 0, 0, 0, 1, 0 },
    { "DBABKw~BEQAAABA.QA", 20, 1, 1, 0, 0, 1, 0 },
    { "DBABKw~BBEAAABA.QA", 20, 1, 0, 0, 1, 1, 0 },
    { "DBABKw~BEgAAABA.QA", 20, 1, 2, 0, 0, 1, 0 },
    { "DBABKw~BBIAAABA.QA", 20, 1, 0, 0, 2, 1, 0 },
    { "DBABKw~BAoAAACA.YA", 20, 1, 2, 0, 2, 1, 1 },
    { "DBABKw~BAoAAACA.QA", 20, 1, 2, 0, 2, 1, 0 },
    /* usnj */
    { "DBABAYA~BAAAAAAAQA.QA", 21, 1, 0, 0, 0, 1, 0 },
    { "DBABAYA~BEQAAAAAQA.QA", 21, 1, 1, 0, 0, 1, 0 },
    { "DBABAYA~BBEAAAAAQA.QA", 21, 1, 0, 0, 1, 1, 0 },
    { "DBABAYA~BEgAAAAAQA.QA", 21, 1, 2, 0, 0, 1, 0 },
    { "DBABAYA~BBIAAAAAQA.QA", 21, 1, 0, 0, 2, 1, 0 },
    { "DBABAYA~BAoAAAAAgA.YA", 21, 1, 2, 0, 2, 1, 1 },
    { "DBABAYA~BAoAAAAAgA.QA", 21, 1, 2, 0, 2, 1, 0 },
    /* ustn */
    { "DBABQYA~BAAAAAQA.QA", 22, 1, 0, 0, 0, 1, 0 },
    { "DBABQYA~BEQAAAQA.QA", 22, 1, 1, 0, 0, 1, 0 },
    { "DBABQYA~BBEAAAQA.QA", 22, 1, 0, 0, 1, 1, 0 },
    { "DBABQYA~BEgAAAQA.QA", 22, 1, 2, 0, 0, 1, 0 },
    { "DBABQYA~BBIAAAQA.QA", 22, 1, 0, 0, 2, 1, 0 },
    { "DBABQYA~BAoAAAgA.YA", 22, 1, 2, 0, 2, 1, 1 },
    { "DBABQYA~BAoAAAgA.QA", 22, 1, 2, 0, 2, 1, 0 },
    /* usmn */
    { "DBABIYA~BAAAAAQA.QA", 23, 1, 0, 0, 0, 1, 0 },
    { "DBABIYA~BEQAAAQA.QA", 23, 1, 1, 0, 0, 1, 0 },
    { "DBABIYA~BBEAAAQA.QA", 23, 1, 0, 0, 1, 1, 0 },
    { "DBABIYA~BEgAAAQA.QA", 23, 1, 2, 0, 0, 1, 0 },
    { "DBABIYA~BBIAAAQA.QA", 23, 1, 0, 0, 2, 1, 0 },
    { "DBABIYA~BAoAAAgA.YA", 23, 1, 2, 0, 2, 1, 1 },
    { "DBABIYA~BAoAAAgA.QA", 23, 1, 2, 0, 2, 1, 0 },
    /* usmd */
    { "DBABEYA~BQAA.QA", 24, 1, 0, 0, 0, 1, 0 },
    { "DBABEYA~BQRA.QA", 24, 1, 1, 0, 0, 1, 0 },
    { "DBABEYA~BQEQ.QA", 24, 1, 0, 0, 1, 1, 0 },
    { "DBABEYA~BQSA.QA", 24, 1, 2, 0, 0, 1, 0 },
    { "DBABEYA~BQEg.QA", 24, 1, 0, 0, 2, 1, 0 },
    { "DBABEYA~BgCg.YA", 24, 1, 2, 0, 2, 1, 1 },
    { "DBABEYA~BgCg.QA", 24, 1, 2, 0, 2, 1, 0 },
    /* usin */
    { "DBABUYA~BQAA.AAA", 25, 1, 0, 0, 0, 0, 0 },
    { "DBABUYA~BQRA.AAA", 25, 1, 1, 0, 0, 0, 0 },
    { "DBABUYA~BQEQ.AAA", 25, 1, 0, 0, 1, 0, 0 },
    { "DBABUYA~BQSA.AAA", 25, 1, 2, 0, 0, 0, 0 },
    { "DBABUYA~BQEg.AAA", 25, 1, 0, 0, 2, 0, 0 },
    { "DBABUYA~BgCg.kkk", 25, 1, 2, 0, 2, 0, 0 },
    /* usky */
    { "DBABCYA~BQAA.AAA", 26, 1, 0, 0, 0, 0, 0 },
    { "DBABCYA~BQRA.AAA", 26, 1, 1, 0, 0, 0, 0 },
    { "DBABCYA~BQEQ.AAA", 26, 1, 0, 0, 1, 0, 0 },
    { "DBABCYA~BQSA.AAA", 26, 1, 2, 0, 0, 0, 0 },
    { "DBABCYA~BQEg.AAA", 26, 1, 0, 0, 2, 0, 0 },
    { "DBABCYA~BgCg.kkk", 26, 1, 2, 0, 2, 0, 0 },
    /* usri */
    { "DBABSYA~BQAA.AAA", 27, 1, 0, 0, 0, 0, 0 },
    { "DBABSYA~BQRA.AAA", 27, 1, 1, 0, 0, 0, 0 },
    { "DBABSYA~BQEQ.AAA", 27, 1, 0, 0, 1, 0, 0 },
    { "DBABSYA~BQSA.AAA", 27, 1, 2, 0, 0, 0, 0 },
    { "DBABSYA~BQEg.AAA", 27, 1, 0, 0, 2, 0, 0 },
    { "DBABSYA~BgCg.kkk", 27, 1, 2, 0, 2, 0, 0 },
    /* usnat version 1 (the 60-bit layout) */
    { "DBABLA~BAAaAAAAAQA.QA", 7, 1, 1, 2, 2, 1, 0 },
    { "DBABLA~BAApAAAAAQA.YA", 7, 1, 2, 2, 1, 1, 1 },

    /*
     * one model per section with every field random in its range (usnat
     * in Version 1, then 2), with its GPC or sensitive data subsection
     */

    { "DBABLA~BIEUWRahQUA.YA", 7, 1, 1, 1, 0, 1, 1 },
    { "DBABLA~CJJFClpIoQFo.YA", 7, 2, 0, 1, 1, 1, 1 },
    { "DBABBg~BkJSRiRA.YA", 8, 1, 0, 2, 0, 1, 1 },
    { "DBABRg~BiWmlmk", 9, 1, 1, 0, 1, 0, 0 },
    { "DBABJg~BiGaAoA.YA", 10, 1, 0, 0, 1, 1, 1 },
    { "DBABFg~BmkqmmmA", 11, 1, 1, 0, 0, 0, 0 },
    { "DBABVg~BkQVmZkA.QA", 12, 1, 1, 0, 0, 1, 0 },
    { "DBABAw~BlKpliGA", 13, 1, 0, 0, 2, 0, 0 },
    { "DBABQw~BWFRWhJE.QA", 14, 1, 0, 0, 1, 1, 0 },
    { "DBABIw~BoWaEBgKYA.YA", 15, 1, 1, 0, 1, 1, 1 },
    { "DBABEw~BFSRUQUA.QA", 16, 1, 1, 0, 0, 1, 0 },
    { "DBABUw~BUaYpKpaQA.QA", 17, 1, 1, 0, 2, 1, 0 },
    { "DBABCw~BIgRCRaA.YA", 18, 1, 0, 0, 0, 1, 1 },
    { "DBABSw~BalURSoA.YA", 19, 1, 2, 0, 1, 1, 1 },
    { "DBABKw~BACACJiI.QA", 20, 1, 0, 0, 0, 1, 0 },
    { "DBABAYA~BglAalmlSA.YA", 21, 1, 2, 0, 1, 1, 1 },
    { "DBABQYA~BYkgYEoA.QA", 22, 1, 2, 0, 1, 1, 0 },
    { "DBABIYA~BAVpRSVA.YA", 23, 1, 1, 0, 1, 1, 1 },
    { "DBABEYA~BgAk.YA", 24, 1, 0, 0, 2, 1, 1 },
    { "DBABUYA~Biqq.GGA", 25, 1, 2, 0, 2, 0, 0 },
    { "DBABCYA~BmUE.BAo", 26, 1, 0, 0, 0, 0, 0 },
    { "DBABSYA~BqlG.mkQ", 27, 1, 1, 0, 0, 0, 0 },
};


/* the bits of each US core subsection, from the specifications */

static const struct {
    unsigned  id;
    size_t    bits;
} core_bits[] = {
    { 8, 46 }, { 9, 40 }, { 10, 38 }, { 11, 42 }, { 12, 44 }, { 13, 46 },
    { 14, 46 }, { 15, 52 }, { 16, 42 }, { 17, 52 }, { 18, 42 }, { 19, 42 },
    { 20, 46 }, { 21, 54 }, { 22, 42 }, { 23, 42 }, { 24, 22 }, { 25, 24 },
    { 26, 24 }, { 27, 24 }
};


static int
decode(const char *s, consent_gpp_t *gpp)
{
    int      rc;
    size_t   len;
    u_char  *buf;

    /* an exact-size copy, so that ASan sees a read past the end */

    len = strlen(s);
    buf = malloc(len ? len : 1);
    memcpy(buf, s, len);

    rc = consent_gpp_decode(buf, len, gpp);

    free(buf);

    return rc;
}


static int
parse(const char *s, size_t len, consent_result_t *res)
{
    int      rc;
    u_char  *buf;

    buf = malloc(len ? len : 1);
    memcpy(buf, s, len);

    rc = consent_gpp_parse(buf, len, res);

    free(buf);

    return rc;
}


static unsigned
refused_of(unsigned sale, unsigned sharing, unsigned targeted, unsigned gpc)
{
    return (sale == 1 ? CONSENT_REFUSED_SALE : 0)
           | (sharing == 1 ? CONSENT_REFUSED_SHARING : 0)
           | (targeted == 1 ? CONSENT_REFUSED_TARGETED : 0)
           | (gpc == 1 ? CONSENT_REFUSED_GPC : 0);
}


/* one section's string, read as the vector says */

static void
check_vector(const vector_t *v)
{
    unsigned                want;
    consent_gpp_t           gpp;
    consent_result_t        res;
    consent_gpp_section_t  *s;

    if (!is_int(decode(v->s, &gpp), CONSENT_OK, v->s)) {
        return;
    }

    s = &gpp.section[0];
    want = refused_of(v->sale, v->sharing, v->targeted, v->gpc);

    ok(gpp.type == 3 && gpp.version == 1 && gpp.nsections == 1
       && !gpp.has_tcf, "%s: header", v->s);
    ok(s->id == v->id && s->rc == CONSENT_OK && s->known
       && s->version == v->version, "%s: section %u version %u",
       v->s, v->id, v->version);
    ok(s->sale == v->sale && s->sharing == v->sharing
       && s->targeted == v->targeted, "%s: opt-outs %u %u %u", v->s,
       v->sale, v->sharing, v->targeted);
    ok(s->has_gpc == v->has_gpc && s->gpc == v->gpc, "%s: gpc %u %u",
       v->s, v->has_gpc, v->gpc);
    ok(gpp.refused == want, "%s: refused 0x%x", v->s, want);

    memset(&res, 0xff, sizeof(res));

    is_int(parse(v->s, strlen(v->s), &res), CONSENT_OK, "parse");
    ok(res.granted == 0 && res.undecided && !res.restrict_only
       && res.refused == want && res.timestamp == -1 && res.revision == -1
       && res.id.len == 0, "%s: refuses only, grants nothing", v->s);
}


/*
 * A string and what it says: the section IDs in order and the refused
 * bits; granted is checked against format=tcf where it has section 2.
 */

static void
check_string(const char *name, const char *s, const unsigned *ids,
    size_t nids, unsigned refused)
{
    int                rc;
    size_t             i;
    const char        *t, *e;
    consent_gpp_t      gpp;
    consent_result_t   res, tres;

    if (!is_int(decode(s, &gpp), CONSENT_OK, name)) {
        return;
    }

    ok(gpp.nsections == nids, "%s: %zu sections", name, nids);

    for (i = 0; i < nids && i < gpp.nsections; i++) {
        ok(gpp.section[i].id == ids[i], "%s: section %zu is %u", name, i,
           ids[i]);
    }

    ok(gpp.refused == refused, "%s: refused 0x%x (0x%x)", name, refused,
       gpp.refused);

    is_int(parse(s, strlen(s), &res), CONSENT_OK, name);
    ok(res.refused == refused, "%s: parse refuses the same", name);

    /* section 2 grants as format=tcf does */

    t = s;

    for (i = 0; i < nids; i++) {
        t = strchr(t, '~') + 1;

        if (ids[i] == CONSENT_GPP_TCFEUV2) {
            break;
        }
    }

    if (i == nids) {
        ok(!gpp.has_tcf && res.undecided && res.granted == 0
           && res.timestamp == -1, "%s: no TCF section: undecided", name);
        return;
    }

    e = strchr(t, '~');
    rc = consent_tcf_parse((const u_char *) t, e ? (size_t) (e - t)
                                                 : strlen(t), &tres);

    ok(rc == CONSENT_OK && gpp.has_tcf && !res.undecided
       && res.granted == tres.granted && res.timestamp == tres.timestamp
       && res.revision == -1, "%s: grants as format=tcf (0x%llx)", name,
       (unsigned long long) tres.granted);
}


/* a string that fails whole: the code, and nothing said */

static void
bad(const char *name, const char *s, int want)
{
    consent_gpp_t     gpp;
    consent_result_t  res;

    is_int(decode(s, &gpp), want, name);

    memset(&res, 0xff, sizeof(res));

    is_int(parse(s, strlen(s), &res), want, name);
    ok(res.granted == 0 && res.refused == 0 && res.undecided == 0
       && res.timestamp == -1 && res.revision == -1 && res.id.len == 0,
       "%s: says nothing", name);
}


/* a string whose one section cannot be read: marketing refused */

static void
unreadable(const char *name, const char *s, int want)
{
    consent_gpp_t     gpp;
    consent_result_t  res;

    if (!is_int(decode(s, &gpp), CONSENT_OK, name)) {
        return;
    }

    is_int(gpp.section[0].rc, want, name);
    ok(gpp.refused == CONSENT_REFUSED_UNREADABLE
       && gpp.section[0].sale == 0 && gpp.section[0].has_gpc == 0,
       "%s: refused as unreadable", name);

    is_int(parse(s, strlen(s), &res), CONSENT_OK, name);
    ok(res.refused == CONSENT_REFUSED_UNREADABLE && res.granted == 0,
       "%s: parse refuses it too", name);
}


/*
 * Bits to base64url: s is '0' and '1' (anything else skipped), padded
 * with zeros to a multiple of 6.
 */

static const char  b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *
bits(char *dst, const char *s)
{
    char      *d;
    unsigned   v, n;

    d = dst;
    v = 0;
    n = 0;

    for ( /* void */ ; *s; s++) {
        if (*s != '0' && *s != '1') {
            continue;
        }

        v = v << 1 | (unsigned) (*s - '0');

        if (++n == 6) {
            *d++ = b64url[v];
            v = 0;
            n = 0;
        }
    }

    if (n) {
        *d++ = b64url[v << (6 - n)];
    }

    *d = '\0';

    return dst;
}


/* every prefix of a good string: an error, or less */

static void
truncations(const char *s)
{
    int                rc, prc, cut_in_header, cut_before_last;
    size_t             len, k, i, j, bits_needed, core;
    u_char            *buf;
    unsigned           bad_rc, bad_refused, bad_grant, bad_core;
    const char        *last, *dot;
    consent_gpp_t      gpp, full;
    consent_result_t   res, fres;

    len = strlen(s);
    last = strrchr(s, '~');

    (void) decode(s, &full);
    (void) parse(s, len, &fres);

    bad_rc = 0;
    bad_refused = 0;
    bad_grant = 0;
    bad_core = 0;

    for (k = 0; k < len; k++) {
        buf = malloc(k ? k : 1);
        memcpy(buf, s, k);

        rc = consent_gpp_decode(buf, k, &gpp);
        prc = consent_gpp_parse(buf, k, &res);

        free(buf);

        cut_in_header = (k <= (size_t) (strchr(s, '~') - s));
        cut_before_last = (last != NULL && k <= (size_t) (last - s));

        if (rc > 0 || rc != prc
            || ((cut_in_header || cut_before_last) && rc == CONSENT_OK))
        {
            bad_rc++;
        }

        if (prc != CONSENT_OK) {
            if (res.granted || res.refused || res.undecided) {
                bad_rc++;
            }

            continue;
        }

        if (res.refused & ~(unsigned) 0x1f) {
            bad_refused++;
        }

        if (res.granted & ~fres.granted) {
            bad_grant++;
        }

        /* cut inside the last section's core, before its last field */

        i = gpp.nsections - 1;
        bits_needed = 0;

        for (j = 0; j < sizeof(core_bits) / sizeof(core_bits[0]); j++) {
            if (core_bits[j].id == gpp.section[i].id) {
                bits_needed = core_bits[j].bits;
            }
        }

        dot = memchr(last + 1, '.', k - (size_t) (last + 1 - s));
        core = dot ? (size_t) (dot - (last + 1)) : k - (size_t) (last + 1 - s);

        if (bits_needed && core * 6 < bits_needed
            && gpp.section[i].rc == CONSENT_OK)
        {
            bad_core++;
        }
    }

    ok(bad_rc == 0, "%s: every prefix: a defined code", s);
    ok(bad_refused == 0, "%s: every prefix: only CONSENT_REFUSED_*", s);
    ok(bad_grant == 0, "%s: every prefix: grants no more", s);
    ok(bad_core == 0, "%s: every prefix: a short core is unreadable", s);
}


#define TCF_CORE  "DBABMA~CQu26YAQu26YAAfAAAENAAFgALIAAAAAAAAAAAAAAAAA"


int
main(void)
{
    size_t             i;
    char               b[256], t[512];
    consent_gpp_t      gpp;
    consent_result_t   res;

    static const unsigned  tcf[] = { 2 };
    static const unsigned  tcf_usp[] = { 2, 6 };
    static const unsigned  tcfca_usp[] = { 5, 6 };
    static const unsigned  usnat[] = { 7 };
    static const unsigned  usca[] = { 8 };
    static const unsigned  usct[] = { 12 };
    static const unsigned  usva[] = { 9 };
    static const unsigned  tcf_usnat_usca[] = { 2, 7, 8 };
    static const unsigned  usca_usco[] = { 8, 10 };
    static const unsigned  many[] = { 7, 9, 10, 11, 12, 16, 27 };

    /* @iabgpp/cmpapi 3.2.0, each section alone */

    for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
        check_vector(&ref[i]);
    }

    /*
     * The GPP string specification's examples (Core/Consent String
     * Specification.md, "GPP String Examples"): EU TCF v2; EU TCF v2 and
     * US Privacy; Canadian TCF and US Privacy.  The TC string is
     * service-specific and grants no purpose.
     */

    check_string("spec example 1",
                 "DBABM~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
                 tcf, 1, 0);
    check_string("spec example 2",
                 "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN",
                 tcf_usp, 2, 0);
    check_string("spec example 3: tcfcav1 skipped",
                 "DBABjw~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN",
                 tcfca_usp, 2, 0);

    /* the same header as the reference pads it (the specification's text) */

    check_string("spec example 2, header padded to 36 bits",
                 "DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YNN",
                 tcf_usp, 2, 0);

    check_string("spec example 2 opted out of sale",
                 "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YYN",
                 tcf_usp, 2, CONSENT_REFUSED_SALE);

    /*
     * OTGPPConsent cookies as OneTrust's CMP writes them (OneTrust
     * documents the cookie, not its values; these were recorded from
     * live sites in public repositories' cookie fixtures): usnat with a
     * GPC subsection.  "BVQqAAAAAAJY" has Version 1 and 72 bits, the
     * layout of version 2, which @iabgpp/cmpapi 3.2.0 decodes as such;
     * "BVQqAAAACWA" and "BAQCAAAACZA" have 66 bits, the layout of version
     * 1.  Every opt-out of the first four is 2 (did not opt out) or 0;
     * the others opted out.
     */

    check_string("OneTrust usnat v1 in the v2 layout",
                 "DBABLA~BVQqAAAAAAJY.QA", usnat, 1, 0);
    check_string("OneTrust usnat v1 in the v2 layout, GPC",
                 "DBABLA~BVQqAAAAAAJY.YA", usnat, 1, CONSENT_REFUSED_GPC);
    check_string("OneTrust usnat v1", "DBABLA~BVQqAAAACWA.QA", usnat, 1, 0);
    check_string("OneTrust usnat v1, no notices",
                 "DBABLA~BAQCAAAACZA.QA", usnat, 1, 0);
    check_string("OneTrust usnat v1, opted out of all three",
                 "DBABLA~BVQVAAAABgA.QA", usnat, 1,
                 CONSENT_REFUSED_SALE | CONSENT_REFUSED_SHARING
                 | CONSENT_REFUSED_TARGETED);
    check_string("OneTrust usnat, not an MSPA covered transaction",
                 "DBABLA~BVQqAAAAAAKA.QA", usnat, 1, 0);
    check_string("OneTrust usnat v1, not covered", "DBABLA~BVQqAAAACgA.QA",
                 usnat, 1, 0);
    check_string("OneTrust usca, opted out of sale and sharing",
                 "DBABBg~BUUAAAGA.QA", usca, 1,
                 CONSENT_REFUSED_SALE | CONSENT_REFUSED_SHARING);

    if (is_int(decode("DBABLA~BVQqAAAAAAJY.QA", &gpp), CONSENT_OK,
               "OneTrust usnat fields"))
    {
        ok(gpp.section[0].version == 1 && gpp.section[0].sale == 2
           && gpp.section[0].sharing == 2 && gpp.section[0].targeted == 2
           && gpp.section[0].has_gpc && gpp.section[0].gpc == 0,
           "OneTrust usnat: did not opt out, GPC 0");
    }

    /*
     * The test data of the Rust decoder iab_gpp 0.1.2 (docs.rs,
     * tests/data/usca_with_gpc.json, usct_with_gpc.json,
     * usct_not_applicable.json, usva_not_applicable.json)
     */

    check_string("iab_gpp usca with GPC", "DBABBg~BVqqqqpY.YA", usca, 1,
                 CONSENT_REFUSED_GPC);
    check_string("iab_gpp usct with GPC", "DBABVg~BVVVVVVg.YA", usct, 1,
                 CONSENT_REFUSED_SALE | CONSENT_REFUSED_TARGETED
                 | CONSENT_REFUSED_GPC);
    check_string("iab_gpp usct not applicable", "DBABVg~BAAAAAEA", usct, 1,
                 0);
    check_string("iab_gpp usva not applicable", "DBABRg~BAAAABA", usva, 1,
                 0);

    /* @iabgpp/cmpapi 3.2.0, several sections in one string */

    check_string("reference: usnat all opted out, GPC",
                 "DBABLA~CAAVAAAAAABA.YA", usnat, 1,
                 CONSENT_REFUSED_SALE | CONSENT_REFUSED_SHARING
                 | CONSENT_REFUSED_TARGETED | CONSENT_REFUSED_GPC);
    check_string("reference: usca and usco",
                 "DBACBmA~BAUAAABA.YA~BAEAAEA.QA", usca_usco, 2,
                 CONSENT_REFUSED_SALE | CONSENT_REFUSED_SHARING
                 | CONSENT_REFUSED_GPC | CONSENT_REFUSED_TARGETED);

    /* purposes 1, 3, 4 and 7 in the core, a Publisher TC segment of none */

    check_string("reference: tcfeuv2 and uspv1 opted out",
                 "DBACNYA~CQu26YAQu26YAAfAAAENAAFgALIAAAAAAAAAAAAAAAAA.IAAA"
                 ".YAAAAAAAAAAA~1YYN", tcf_usp, 2, CONSENT_REFUSED_SALE);
    check_string("reference: tcfeuv2, usnat, usca",
                 "DBACOPA~CQu26YAQu26YAAAAAAENAAFgALIAAAAAAAAAAAAAAAAA.IAAA"
                 ".YAAAAAAAAAAA~CAAhAAAAAABA.QA~BAQAAABA.YA", tcf_usnat_usca,
                 3, CONSENT_REFUSED_TARGETED | CONSENT_REFUSED_SALE
                    | CONSENT_REFUSED_GPC);
    check_string("reference: seven sections, a range in the header",
                 "DBAELs1iwA~CAAqAAAAAABA.QA~BAgAABA~BAgAAEA.QA~BAIAAAQA"
                 "~BAgAAAEA.QA~BAEAAAQA.QA~BQCA.AAA", many, 7,
                 CONSENT_REFUSED_TARGETED);

    /* the TC string of section 2 without its Publisher TC segment grants */

    check_string("tcfeuv2 core only: purposes 1 3 4 7", TCF_CORE, tcf, 1, 0);

    if (is_int(parse(TCF_CORE, strlen(TCF_CORE), &res), CONSENT_OK,
               "tcfeuv2 grants"))
    {
        ok(res.granted == (1 | 4 | 8 | 64) && !res.undecided
           && res.timestamp > 0, "tcfeuv2 grants purposes 1 3 4 7");
    }

    /* no section at all (the reference's empty string) */

    check_string("no sections", "DBAA", NULL, 0, 0);

    /* header errors */

    bad("empty", "", CONSENT_EMPTY);
    bad("a TC string", "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
        CONSENT_EVERSION);
    bad("Type 3, Version 2", bits(b, "000011 000010 000000000000"),
        CONSENT_EVERSION);
    bad("Type 4", bits(b, "000100 000001 000000000000"), CONSENT_EVERSION);
    bad("one character", "D", CONSENT_EINVAL);
    bad("no version", "DA", CONSENT_EVERSION);
    bad("no NumEntries", "DBA", CONSENT_EINVAL);
    bad("header empty", "~1YNN", CONSENT_EINVAL);
    bad("header standard base64", "DBACN+~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAA"
        "AAYgAAAAAAAA~1YNN", CONSENT_EENCODING);
    bad("header '='", "DBABM=", CONSENT_EENCODING);
    bad("header space", "DBA BM", CONSENT_EENCODING);
    bad("no NumEntries, two characters", "DB", CONSENT_EINVAL);
    bad("an entry not there", bits(b, "000011 000001 000000000001"),
        CONSENT_EINVAL);
    bad("a Fibonacci code not ended",
        bits(b, "000011 000001 000000000001 0 0101"), CONSENT_EINVAL);
    bad("a group without its length",
        bits(b, "000011 000001 000000000001 1 011"), CONSENT_EINVAL);
    bad("a set bit in the padding", "DBABMB~CPXxRfAPXxRfAAfKABENB-CgAAAAAA"
        "AAAAYgAAAAAAAA", CONSENT_EINVAL);

    /* an overlong code: 24 bits without "11", then "11" */

    bad("Fibonacci code over 24 bits",
        bits(b, "000011 000001 000000000001 0 0101010101010101010101010 11"),
        CONSENT_EINVAL);

    /* the longest accepted: 23 digits and the end, ID 28656 + 17711 */

    snprintf(t, sizeof(t), "%s~A",
             bits(b, "000011 000001 000000000001 0 01010101010101010101011"));
    is_int(decode(t, &gpp), CONSENT_OK, "a 23-digit Fibonacci code");
    ok(gpp.nsections == 1 && gpp.section[0].id == 46367
       && gpp.section[0].rc == CONSENT_EVERSION
       && gpp.refused == CONSENT_REFUSED_UNREADABLE,
       "ID 46367: a section without a layout, unreadable");

    bad("an ID over 65535",
        bits(b, "000011 000001 000000000010 0 01010101010101010101011"
             " 0 01010101010101010101011"), CONSENT_EINVAL);

    bad("33 sections (1..33)", bits(b, "000011 000001 000000000001 1 11"
                                       " 00101011"), CONSENT_ETOOLONG);
    bad("a range of 4095 entries", bits(b, "000011 000001 111111111111 0 11"
                                           " 0 11 0 11"), CONSENT_EINVAL);

    /* 32 sections (IDs 1..32) are the most: all 32 there */

    t[0] = '\0';
    strcat(t, bits(b, "000011 000001 000000000001 1 11 01001011"));

    for (i = 0; i < 32; i++) {
        strcat(t, i == 1 ? "~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
                         : "~A");
    }

    is_int(decode(t, &gpp), CONSENT_OK, "32 sections");
    ok(gpp.nsections == 32 && gpp.section[31].id == 32
       && gpp.section[0].rc == CONSENT_OK && !gpp.section[0].known
       && gpp.section[4].rc == CONSENT_OK && !gpp.section[4].known
       && gpp.section[2].rc == CONSENT_EVERSION
       && gpp.section[3].rc == CONSENT_EVERSION
       && gpp.has_tcf && gpp.section[5].rc == CONSENT_EINVAL
       && gpp.refused == CONSENT_REFUSED_UNREADABLE, "32 sections: 1 and 5 "
       "skipped, 3 and 4 have no layout, the rest unreadable");

    /* section 2 there but not a TC string for format=tcf */

    bad("fewer sections than IDs", "DBACNY~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAA"
        "AAYgAAAAAAAA", CONSENT_EINVAL);
    bad("more sections than IDs", "DBABLA~CAAAAAAAAABA.QA~1YNN",
        CONSENT_EINVAL);
    bad("an empty section", "DBACNY~~1YNN", CONSENT_EINVAL);
    bad("an empty last section", "DBABLA~", CONSENT_EINVAL);
    bad("no sections and a '~'", "DBAA~", CONSENT_EINVAL);
    bad("tcfeuv2 not a TC string", "DBABM~1YNN", CONSENT_EINVAL);
    bad("tcfeuv2 of version 1", "DBABM~BOEFEAyOEFEAyAHABDENAI4AAAB9vABAAA",
        CONSENT_EINVAL);
    /* the TCF specification's global-scope example (see test_tcf.c) */

    bad("tcfeuv2 not service-specific",
        "DBABM~COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA",
        CONSENT_EINVAL);

    (void) decode("DBABM~COvFyGBOvFyGBAbAAAENAPCAAOAAAAAAAAAAAEEUACCKAAA",
                  &gpp);
    ok(gpp.section[0].rc == CONSENT_EINVAL && gpp.tcf.version == 2
       && !gpp.tcf.is_service_specific && !gpp.has_tcf,
       "tcfeuv2 not service-specific: decoded, refused by format=tcf");

    /*
     * policy version 2 in a TC string created in June 2025 (the TCF
     * example of test_tcf.c): TCF 2.2 requires policy 4 since
     * 2023-11-20, so format=tcf refuses it, and so does the section
     */

    bad("tcfeuv2 of an old policy",
        "DBABMA~CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA",
        CONSENT_EINVAL);

    (void) decode("DBABMA~CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA",
                  &gpp);
    ok(gpp.section[0].rc == CONSENT_EPOLICY && gpp.tcf.policy_version == 2
       && !gpp.has_tcf,
       "tcfeuv2 of an old policy: decoded, refused as by format=tcf");

    (void) decode("DBABM~BOEFEAyOEFEAyAHABDENAI4AAAB9vABAAA", &gpp);
    ok(gpp.section[0].rc == CONSENT_EVERSION,
       "tcfeuv2 of version 1: CONSENT_EVERSION");

    /* too long */

    {
        char  *big;

        big = malloc(CONSENT_GPP_MAX_LEN + 2);
        memset(big, 'A', CONSENT_GPP_MAX_LEN + 1);
        memcpy(big, "DBABLA~", 7);
        big[CONSENT_GPP_MAX_LEN + 1] = '\0';
        bad("over CONSENT_GPP_MAX_LEN", big, CONSENT_ETOOLONG);
        big[CONSENT_GPP_MAX_LEN] = '\0';

        /* usnat of zeros: Version 0 */
        is_int(decode(big, &gpp), CONSENT_OK, "CONSENT_GPP_MAX_LEN");
        is_int(gpp.section[0].rc, CONSENT_EVERSION, "a Version 0 usnat");
        free(big);
    }

    /*
     * Sections that cannot be read.  Base: "DBABBg~BQQAAABA.QA" (usca,
     * SaleOptOut 1) and "DBABRg~BEgAABA" (usva, SaleOptOut 2).
     */

    unreadable("usca SaleOptOut 3", "DBABBg~BQwAAABA.QA", CONSENT_EINVAL);
    unreadable("usca SaleOptOutNotice 3", "DBABBg~B8QAAABA.QA",
               CONSENT_EINVAL);
    unreadable("usca MspaCoveredTransaction 0", "DBABBg~BQQAAAAA.QA",
               CONSENT_EINVAL);
    unreadable("usca MspaCoveredTransaction 3", "DBABBg~BQQAAADA.QA",
               CONSENT_EINVAL);
    unreadable("usca a SensitiveDataProcessing of 3", "DBABBg~BQQwAABA.QA",
               CONSENT_EINVAL);
    unreadable("usca Version 2", "DBABBg~CQQAAABA.QA", CONSENT_EVERSION);
    unreadable("usca Version 0", "DBABBg~AQQAAABA.QA", CONSENT_EVERSION);
    unreadable("usca a set bit after the last field",
               "DBABBg~BQQAAABB.QA", CONSENT_EINVAL);
    unreadable("usca too short", "DBABBg~BQQAAAB.QA", CONSENT_EINVAL);
    unreadable("usca one character", "DBABBg~B", CONSENT_EINVAL);
    unreadable("usca standard base64", "DBABBg~BQQAAA+A.QA",
               CONSENT_EENCODING);
    unreadable("usca '='", "DBABBg~BQQAAABA=.QA", CONSENT_EENCODING);
    unreadable("usca an empty core", "DBABBg~.QA", CONSENT_EINVAL);
    unreadable("usca an empty GPC subsection", "DBABBg~BQQAAABA.",
               CONSENT_EINVAL);
    unreadable("usca GPC SubsectionType 0", "DBABBg~BQQAAABA.IA",
               CONSENT_EINVAL);
    unreadable("usca GPC SubsectionType 2", "DBABBg~BQQAAABA.gA",
               CONSENT_EINVAL);
    unreadable("usca GPC a set bit after Gpc", "DBABBg~BQQAAABA.QB",
               CONSENT_EINVAL);
    unreadable("usca a third subsection", "DBABBg~BQQAAABA.QA.QA",
               CONSENT_EINVAL);
    unreadable("usva a GPC subsection it has none of",
               "DBABRg~BEgAABA.QA", CONSENT_EINVAL);
    unreadable("usin a sensitive data item of 3",
               "DBABUYA~BQAA.wAA", CONSENT_EINVAL);
    unreadable("usin a sensitive data subsection too short",
               "DBABUYA~BQAA.AA", CONSENT_EINVAL);
    unreadable("usnat too short for either layout", "DBABLA~CAAAAAAAA.QA",
               CONSENT_EINVAL);
    unreadable("uspv1 not a US Privacy string", "DBABTA~1YN",
               CONSENT_EINVAL);
    unreadable("uspv1 version 2", "DBABTA~2YNN", CONSENT_EVERSION);
    /* section 28, which no specification defines yet */

    snprintf(t, sizeof(t), "%s~BAAA",
             bits(b, "000011 000001 000000000001 0 01010011"));
    unreadable("an unknown section (28)", t, CONSENT_EVERSION);

    /* one unreadable section among good ones: the others still count */

    if (is_int(decode("DBACBmA~BAUAAABA.YA~BAEAAEA.QB", &gpp), CONSENT_OK,
               "usca good, usco bad"))
    {
        ok(gpp.refused == (CONSENT_REFUSED_SALE | CONSENT_REFUSED_SHARING
                           | CONSENT_REFUSED_GPC | CONSENT_REFUSED_UNREADABLE)
           && gpp.section[0].rc == CONSENT_OK
           && gpp.section[1].rc == CONSENT_EINVAL,
           "usca good, usco bad: both count");
    }

    /* truncations at every length */

    for (i = 0; i < sizeof(ref) / sizeof(ref[0]); i++) {
        truncations(ref[i].s);
    }

    truncations("DBACOPA~CQu26YAQu26YAAAAAAENAAFgALIAAAAAAAAAAAAAAAAA.IAAA"
                ".YAAAAAAAAAAA~CAAhAAAAAABA.QA~BAQAAABA.YA");
    truncations("DBAELs1iwA~CAAqAAAAAABA.QA~BAgAABA~BAgAAEA.QA~BAIAAAQA"
                "~BAgAAAEA.QA~BAEAAAQA.QA~BQCA.AAA");
    truncations("DBABLA~BVQqAAAAAAJY.YA");

    printf("1..%d\n", tap_run);

    return tap_failed ? 1 : 0;
}
