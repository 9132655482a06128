
/*
 * Unit tests: the native consent cookie.
 */


#include "tap.h"
#include "consent_native.h"


static const consent_str_t  cats[] = {
    { 9, (const u_char *) "necessary" },
    { 9, (const u_char *) "analytics" },
    { 9, (const u_char *) "marketing" },
    { 11, (const u_char *) "preferences" },
};

#define NCATS  (sizeof(cats) / sizeof(cats[0]))


static int
parse(const char *v, consent_result_t *res)
{
    return consent_native_parse((const u_char *) v, strlen(v), cats, NCATS,
                                res);
}


static void
bad(const char *v, int want)
{
    consent_result_t  res;

    res.granted = ~0ULL;
    res.refused = ~0U;
    res.gpc_override = 1;
    is_int(parse(v, &res), want, v);
    ok(res.granted == 0 && res.id.len == 0 && res.refused == 0
       && !res.gpc_override, "grants nothing: %s", v);
}


static void
test_gpc(void)
{
    char              buf[256];
    size_t            n;
    consent_result_t  res;

    /* a value without the record: no GPC remembered, as before */

    is_int(parse("1.1732350000.3.analytics+marketing.k3J9xQ2mPq", &res),
           CONSENT_OK, "no record");
    ok(res.refused == 0 && !res.gpc_override, "no record: nothing about GPC");

    is_int(parse("1.1732350000.3.analytics+marketing.k3J9xQ2mPq.gpc", &res),
           CONSENT_OK, "gpc");
    is_int(res.refused, CONSENT_REFUSED_GPC, "gpc: the opt-out remembered");
    ok(!res.gpc_override, "gpc: no override");
    is_int(res.granted, 2 | 4, "gpc: the categories as chosen");
    is_str(res.id.data, res.id.len, "k3J9xQ2mPq", "gpc: the id without it");

    is_int(parse("1.1732350000.3.analytics+marketing.k3J9xQ2mPq.gpc-override",
                 &res),
           CONSENT_OK, "gpc-override");
    ok(res.refused == 0 && res.gpc_override, "gpc-override: the override");
    is_int(res.granted, 2 | 4, "gpc-override: the categories as chosen");
    is_str(res.id.data, res.id.len, "k3J9xQ2mPq",
           "gpc-override: the id without it");

    is_int(parse("1.0.0.-.abcdefgh.gpc", &res), CONSENT_OK, "gpc, none");
    ok(res.granted == 0 && res.refused == CONSENT_REFUSED_GPC, "gpc, none");

    /* a malformed record makes the whole value malformed */

    bad("1.1.1.marketing.abcdefgh.", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.GPC", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gp", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpcx", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc.", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc.gpc", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc.gpc-override", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc-override.gpc", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc-overrid", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc-overridex", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.override", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.0", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh..gpc", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh.gpc ", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefgh;gpc", CONSENT_EINVAL);
    bad("1.1.1.marketing.short.gpc", CONSENT_EINVAL);
    bad("1.1.1.marketing.gpc", CONSENT_EINVAL);
    bad("1.1.1.marketing.abcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"
        "abcdefghabcdefgha.gpc", CONSENT_EINVAL);

    is_int(consent_native_parse((const u_char *) "1.1.1.-.abcdefgh.gpc\0", 21,
                                cats, NCATS, &res),
           CONSENT_EINVAL, "NUL after the record");
    is_int(consent_native_parse((const u_char *) "1.1.1.-.abcdefgh.gp\0c", 21,
                                cats, NCATS, &res),
           CONSENT_EINVAL, "NUL in the record");

    /* the writer */

    n = consent_native_write((u_char *) buf, sizeof(buf), 1732350000, 3,
                             cats, NCATS, 2 | 4, (const u_char *) "abcdefgh",
                             8, CONSENT_NATIVE_GPC_OPT_OUT);
    is_str(buf, n, "1.1732350000.3.analytics+marketing.abcdefgh.gpc",
           "write gpc");
    is_int(consent_native_parse((u_char *) buf, n, cats, NCATS, &res),
           CONSENT_OK, "gpc written parses");
    ok(res.granted == (2 | 4) && res.refused == CONSENT_REFUSED_GPC
       && !res.gpc_override, "gpc round trip");

    n = consent_native_write((u_char *) buf, sizeof(buf), 1732350000, 3,
                             cats, NCATS, 4, (const u_char *) "abcdefgh",
                             8, CONSENT_NATIVE_GPC_OVERRIDE);
    is_str(buf, n, "1.1732350000.3.marketing.abcdefgh.gpc-override",
           "write gpc-override");
    is_int(consent_native_parse((u_char *) buf, n, cats, NCATS, &res),
           CONSENT_OK, "gpc-override written parses");
    ok(res.granted == 4 && res.refused == 0 && res.gpc_override,
       "gpc-override round trip");

    is_int(consent_native_write((u_char *) buf, 47, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_OPT_OUT),
           47, "gpc: exact buffer");
    is_int(consent_native_write((u_char *) buf, 46, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_OPT_OUT),
           0, "gpc: one byte short");
    is_int(consent_native_write((u_char *) buf, 56, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_OVERRIDE),
           56, "gpc-override: exact buffer");
    is_int(consent_native_write((u_char *) buf, 55, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_OVERRIDE),
           0, "gpc-override: one byte short");
    is_int(consent_native_write((u_char *) buf, sizeof(buf), 1, 1, cats,
                                NCATS, 2, (const u_char *) "abcdefgh", 8, 3),
           0, "an unknown record");
}


int
main(void)
{
    char              buf[2048];
    size_t            n;
    consent_result_t  res;

    is_int(parse("1.1732350000.3.analytics+preferences.k3J9xQ2mPq", &res),
           CONSENT_OK, "example parses");
    is_int(res.granted, 2 | 8, "analytics and preferences");
    is_int(res.timestamp, 1732350000, "time");
    is_int(res.revision, 3, "revision");
    is_str(res.id.data, res.id.len, "k3J9xQ2mPq", "id");

    is_int(parse("1.0.0.-.abcdefgh", &res), CONSENT_OK, "none granted");
    is_int(res.granted, 0, "nothing");

    is_int(parse("1.1.1.analytics+marketing+preferences.abcdefgh", &res),
           CONSENT_OK, "all");
    is_int(res.granted, 2 | 4 | 8, "all three");

    is_int(parse("1.1.1.necessary.abcdefgh", &res), CONSENT_OK, "necessary");
    is_int(res.granted, 1, "necessary token");

    is_int(parse("1.1.1.videos+analytics.abcdefgh", &res), CONSENT_OK,
           "unknown name");
    is_int(res.granted, 2, "unknown name grants nothing");

    is_int(parse("1.1.1.analytics+analytics.ABCdef-_09", &res), CONSENT_OK,
           "repeated name");
    is_int(res.granted, 2, "repeated name");

    bad("", CONSENT_EMPTY);
    bad("2.1.1.analytics.abcdefgh", CONSENT_EVERSION);
    bad("9.1.1.analytics.abcdefgh", CONSENT_EVERSION);
    bad("x.1.1.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1", CONSENT_EINVAL);
    bad("1.", CONSENT_EINVAL);
    bad("1.1", CONSENT_EINVAL);
    bad("1.1.", CONSENT_EINVAL);
    bad("1.1.1", CONSENT_EINVAL);
    bad("1.1.1.", CONSENT_EINVAL);
    bad("1.1.1.analytics", CONSENT_EINVAL);
    bad("1.1.1.analytics.", CONSENT_EINVAL);
    bad("1.1.1.analytics.short", CONSENT_EINVAL);
    bad("1.1.1.analytics.abcdefgh.", CONSENT_EINVAL);
    bad("1.1.1.analytics.abcdefgh!", CONSENT_EINVAL);
    bad("1.1.1.Analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1.analytics+.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1.+analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1.-+analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1.analytics marketing.abcdefgh", CONSENT_EINVAL);
    bad("1.-1.1.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.-1.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.123456789012.1.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1234567890.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1..1.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1.analytics.abcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"
        "abcdefghabcdefgha", CONSENT_EINVAL);
    bad("1.1.1.a23456789012345678901234567890123.abcdefgh", CONSENT_EINVAL);
    bad(" 1.1.1.analytics.abcdefgh", CONSENT_EINVAL);
    bad("1.1.1.analytics.abcd%20fgh", CONSENT_EINVAL);

    memset(buf, '1', sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = '\0';
    bad(buf, CONSENT_ETOOLONG);

    /* embedded NUL */
    is_int(consent_native_parse((const u_char *) "1.1.1.-.abcd\0efgh", 17,
                                cats, NCATS, &res),
           CONSENT_EINVAL, "embedded NUL");

    /* writer round trip */

    n = consent_native_write((u_char *) buf, sizeof(buf), 1732350000, 3,
                             cats, NCATS, 2 | 4, (const u_char *) "abcdefgh",
                             8, CONSENT_NATIVE_GPC_NONE);
    is_str(buf, n, "1.1732350000.3.analytics+marketing.abcdefgh", "write");

    is_int(consent_native_parse((u_char *) buf, n, cats, NCATS, &res),
           CONSENT_OK, "written value parses");
    is_int(res.granted, 2 | 4, "round trip grants");

    n = consent_native_write((u_char *) buf, sizeof(buf), 0, 0, cats, NCATS,
                             0, (const u_char *) "abcdefgh", 8,
                             CONSENT_NATIVE_GPC_NONE);
    is_str(buf, n, "1.0.0.-.abcdefgh", "write none");

    is_int(consent_native_write((u_char *) buf, 20, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_NONE),
           0, "too small a buffer");
    is_int(consent_native_write((u_char *) buf, 43, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_NONE),
           43, "exact buffer");
    is_int(consent_native_write((u_char *) buf, 42, 1732350000, 3, cats,
                                NCATS, 2 | 4, (const u_char *) "abcdefgh", 8,
                                CONSENT_NATIVE_GPC_NONE),
           0, "one byte short");
    is_int(consent_native_write((u_char *) buf, sizeof(buf), 1, 1, cats,
                                NCATS, 2, (const u_char *) "abc def!", 8,
                                CONSENT_NATIVE_GPC_NONE),
           0, "bad id");

    test_gpc();

    return done_testing();
}
