
/*
 * Unit tests: the helpers every consent format shares (consent_core.c).
 */


#include "tap.h"
#include "consent_core.h"


static int number(const char *s, size_t max, int64_t *v);
static long scan(const char *s);
static int start(const char *s, size_t max, int decode, size_t *len);


static u_char  scratch[64];


int
main(void)
{
    size_t            len;
    int64_t           v;
    const u_char     *p;
    consent_result_t  res;

    /* consent_number(): all of the bytes, 1 to max digits, no sign */

    v = -7;
    is_int(number("0", 18, &v), CONSENT_OK, "number 0");
    is_int(v, 0, "  is 0");
    is_int(number("007", 3, &v), CONSENT_OK, "number 007");
    is_int(v, 7, "  is 7");
    is_int(number("999999999999999999", 18, &v), CONSENT_OK,
           "number of 18 digits");
    is_int(v, 999999999999999999LL, "  its value");

    v = -7;
    is_int(number("", 18, &v), CONSENT_EINVAL, "empty number");
    is_int(v, -7, "  value untouched");
    is_int(number("1234", 3, &v), CONSENT_EINVAL, "one digit over max");
    is_int(number("1000000000000000000", 19, &v), CONSENT_EINVAL,
           "19 digits with max 19");
    is_int(number("-1", 18, &v), CONSENT_EINVAL, "a sign");
    is_int(number("+1", 18, &v), CONSENT_EINVAL, "a plus");
    is_int(number(" 1", 18, &v), CONSENT_EINVAL, "a space before");
    is_int(number("1 ", 18, &v), CONSENT_EINVAL, "a space after");
    is_int(number("1.0", 18, &v), CONSENT_EINVAL, "a fraction");
    is_int(v, -7, "  value untouched");

    /* consent_number_scan(): JSON's grammar, the longest number */

    is_int(scan("0"), 1, "scan 0");
    is_int(scan("-0"), 2, "scan -0");
    is_int(scan("01"), 1, "scan 01 stops after the 0");
    is_int(scan("-01"), 2, "scan -01 stops after the 0");
    is_int(scan("120,"), 3, "scan 120,");
    is_int(scan("1.25e+3}"), 7, "scan 1.25e+3");
    is_int(scan("1E-0"), 4, "scan 1E-0");
    is_int(scan(""), CONSENT_EINVAL, "scan empty");
    is_int(scan("-"), CONSENT_EINVAL, "scan -");
    is_int(scan("+1"), CONSENT_EINVAL, "scan +1");
    is_int(scan(".5"), CONSENT_EINVAL, "scan .5");
    is_int(scan("1."), CONSENT_EINVAL, "scan 1.");
    is_int(scan("1e"), CONSENT_EINVAL, "scan 1e");
    is_int(scan("1e+"), CONSENT_EINVAL, "scan 1e+");

    /* consent_format_start() */

    is_int(start("", 8, 1, &len), CONSENT_EMPTY, "start: empty");
    is_int(start("123456789", 8, 1, &len), CONSENT_ETOOLONG,
           "start: one byte over max");
    is_int(start("12345678", 8, 1, &len), CONSENT_OK, "start: max bytes");
    is_int(len, 8, "  not decoded, no '%'");
    is_int(start("a%2Cb+c", 8, 1, &len), CONSENT_OK, "start: decoded");
    is_int(len, 5, "  decoded length, '+' kept");
    is_int(start("a%2Cb", 8, 0, &len), CONSENT_OK, "start: no scratch");
    is_int(len, 5, "  not decoded");
    is_int(start("a%zzb", 8, 1, &len), CONSENT_EENCODING,
           "start: a bad escape");
    is_int(len, 5, "  length as it was");
    is_int(start("a%00b", 8, 1, &len), CONSENT_EENCODING,
           "start: an escaped NUL");

    p = scratch;
    len = 0;
    memset(&res, 0xff, sizeof(res));
    (void) consent_format_start(&p, &len, 8, scratch, &res);
    ok(res.granted == 0 && res.timestamp == -1 && res.revision == -1
       && res.id.len == 0 && !res.undecided && !res.restrict_only
       && !res.refused, "start: the result reset even when empty");

    /* consent_result_id() */

    consent_result_reset(&res);
    consent_result_id(&res, (const u_char *) "a!~z", 4, 4);
    is_str((const char *) res.id.data, res.id.len, "a!~z", "id: printable");

    consent_result_reset(&res);
    consent_result_id(&res, (const u_char *) "abcde", 5, 4);
    is_int(res.id.len, 0, "id: one byte over max");
    consent_result_id(&res, (const u_char *) "a b", 3, 4);
    is_int(res.id.len, 0, "id: a space");
    consent_result_id(&res, (const u_char *) "a\x7f", 2, 4);
    is_int(res.id.len, 0, "id: DEL");
    consent_result_id(&res, NULL, 0, 4);
    is_int(res.id.len, 0, "id: empty");

    /* consent_civil_time() */

    is_int(consent_civil_time(1970, 1, 1, 0, 0, 0), 0, "civil: the epoch");
    is_int(consent_civil_time(2024, 2, 29, 23, 59, 59), 1709251199,
           "civil: 29 February of a leap year");
    is_int(consent_civil_time(2023, 2, 29, 0, 0, 0), -1,
           "civil: 29 February of another year");
    is_int(consent_civil_time(2100, 2, 29, 0, 0, 0), -1,
           "civil: 2100 is no leap year");
    is_int(consent_civil_time(2000, 2, 29, 0, 0, 0), 951782400,
           "civil: 2000 is one");
    is_int(consent_civil_time(1969, 12, 31, 23, 59, 59), -1,
           "civil: before 1970");
    is_int(consent_civil_time(10000, 1, 1, 0, 0, 0), -1, "civil: year 10000");
    is_int(consent_civil_time(2024, 13, 1, 0, 0, 0), -1, "civil: month 13");
    is_int(consent_civil_time(2024, 0, 1, 0, 0, 0), -1, "civil: month 0");
    is_int(consent_civil_time(2024, 4, 31, 0, 0, 0), -1, "civil: 31 April");
    is_int(consent_civil_time(2024, 4, 0, 0, 0, 0), -1, "civil: day 0");
    is_int(consent_civil_time(2024, 4, 1, 24, 0, 0), -1, "civil: hour 24");
    is_int(consent_civil_time(2024, 4, 1, 0, 60, 0), -1, "civil: minute 60");
    is_int(consent_civil_time(2024, 4, 1, 0, 0, 60), -1, "civil: second 60");

    return done_testing();
}


static int
number(const char *s, size_t max, int64_t *v)
{
    return consent_number((const u_char *) s, strlen(s), max, v);
}


static long
scan(const char *s)
{
    int            rc;
    const u_char  *last;

    rc = consent_number_scan((const u_char *) s, (const u_char *) s
                             + strlen(s), &last);

    return rc == CONSENT_OK ? (long) (last - (const u_char *) s) : rc;
}


static int
start(const char *s, size_t max, int decode, size_t *len)
{
    int               rc;
    const u_char     *p;
    consent_result_t  res;

    p = (const u_char *) s;
    *len = strlen(s);

    rc = consent_format_start(&p, len, max, decode ? scratch : NULL, &res);

    if (rc == CONSENT_OK && decode && memchr(s, '%', strlen(s)) != NULL) {
        ok(p == scratch, "  points to scratch");

    } else {
        ok(p == (const u_char *) s, "  points to the input");
    }

    return rc;
}
