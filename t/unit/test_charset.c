
/*
 * Unit tests: charset labels and Content-Type charset parameters.
 */


#include "tap.h"
#include "consent_charset.h"

#include <ctype.h>


typedef struct {
    const char  *label;
    int          class;
} label_t;


/* the WHATWG table, as the Encoding Standard lists it */

static const label_t  labels[] = {
    { "unicode-1-1-utf-8", CONSENT_CHARSET_ASCII },
    { "unicode11utf8", CONSENT_CHARSET_ASCII },
    { "unicode20utf8", CONSENT_CHARSET_ASCII },
    { "utf-8", CONSENT_CHARSET_ASCII },
    { "utf8", CONSENT_CHARSET_ASCII },
    { "x-unicode20utf8", CONSENT_CHARSET_ASCII },
    { "866", CONSENT_CHARSET_ASCII },
    { "cp866", CONSENT_CHARSET_ASCII },
    { "csibm866", CONSENT_CHARSET_ASCII },
    { "ibm866", CONSENT_CHARSET_ASCII },
    { "csisolatin2", CONSENT_CHARSET_ASCII },
    { "iso-8859-2", CONSENT_CHARSET_ASCII },
    { "iso-ir-101", CONSENT_CHARSET_ASCII },
    { "iso8859-2", CONSENT_CHARSET_ASCII },
    { "iso88592", CONSENT_CHARSET_ASCII },
    { "iso_8859-2", CONSENT_CHARSET_ASCII },
    { "iso_8859-2:1987", CONSENT_CHARSET_ASCII },
    { "l2", CONSENT_CHARSET_ASCII },
    { "latin2", CONSENT_CHARSET_ASCII },
    { "csisolatin3", CONSENT_CHARSET_ASCII },
    { "iso-8859-3", CONSENT_CHARSET_ASCII },
    { "iso-ir-109", CONSENT_CHARSET_ASCII },
    { "iso8859-3", CONSENT_CHARSET_ASCII },
    { "iso88593", CONSENT_CHARSET_ASCII },
    { "iso_8859-3", CONSENT_CHARSET_ASCII },
    { "iso_8859-3:1988", CONSENT_CHARSET_ASCII },
    { "l3", CONSENT_CHARSET_ASCII },
    { "latin3", CONSENT_CHARSET_ASCII },
    { "csisolatin4", CONSENT_CHARSET_ASCII },
    { "iso-8859-4", CONSENT_CHARSET_ASCII },
    { "iso-ir-110", CONSENT_CHARSET_ASCII },
    { "iso8859-4", CONSENT_CHARSET_ASCII },
    { "iso88594", CONSENT_CHARSET_ASCII },
    { "iso_8859-4", CONSENT_CHARSET_ASCII },
    { "iso_8859-4:1988", CONSENT_CHARSET_ASCII },
    { "l4", CONSENT_CHARSET_ASCII },
    { "latin4", CONSENT_CHARSET_ASCII },
    { "csisolatincyrillic", CONSENT_CHARSET_ASCII },
    { "cyrillic", CONSENT_CHARSET_ASCII },
    { "iso-8859-5", CONSENT_CHARSET_ASCII },
    { "iso-ir-144", CONSENT_CHARSET_ASCII },
    { "iso8859-5", CONSENT_CHARSET_ASCII },
    { "iso88595", CONSENT_CHARSET_ASCII },
    { "iso_8859-5", CONSENT_CHARSET_ASCII },
    { "iso_8859-5:1988", CONSENT_CHARSET_ASCII },
    { "arabic", CONSENT_CHARSET_ASCII },
    { "asmo-708", CONSENT_CHARSET_ASCII },
    { "csiso88596e", CONSENT_CHARSET_ASCII },
    { "csiso88596i", CONSENT_CHARSET_ASCII },
    { "csisolatinarabic", CONSENT_CHARSET_ASCII },
    { "ecma-114", CONSENT_CHARSET_ASCII },
    { "iso-8859-6", CONSENT_CHARSET_ASCII },
    { "iso-8859-6-e", CONSENT_CHARSET_ASCII },
    { "iso-8859-6-i", CONSENT_CHARSET_ASCII },
    { "iso-ir-127", CONSENT_CHARSET_ASCII },
    { "iso8859-6", CONSENT_CHARSET_ASCII },
    { "iso88596", CONSENT_CHARSET_ASCII },
    { "iso_8859-6", CONSENT_CHARSET_ASCII },
    { "iso_8859-6:1987", CONSENT_CHARSET_ASCII },
    { "csisolatingreek", CONSENT_CHARSET_ASCII },
    { "ecma-118", CONSENT_CHARSET_ASCII },
    { "elot_928", CONSENT_CHARSET_ASCII },
    { "greek", CONSENT_CHARSET_ASCII },
    { "greek8", CONSENT_CHARSET_ASCII },
    { "iso-8859-7", CONSENT_CHARSET_ASCII },
    { "iso-ir-126", CONSENT_CHARSET_ASCII },
    { "iso8859-7", CONSENT_CHARSET_ASCII },
    { "iso88597", CONSENT_CHARSET_ASCII },
    { "iso_8859-7", CONSENT_CHARSET_ASCII },
    { "iso_8859-7:1987", CONSENT_CHARSET_ASCII },
    { "sun_eu_greek", CONSENT_CHARSET_ASCII },
    { "csiso88598e", CONSENT_CHARSET_ASCII },
    { "csisolatinhebrew", CONSENT_CHARSET_ASCII },
    { "hebrew", CONSENT_CHARSET_ASCII },
    { "iso-8859-8", CONSENT_CHARSET_ASCII },
    { "iso-8859-8-e", CONSENT_CHARSET_ASCII },
    { "iso-ir-138", CONSENT_CHARSET_ASCII },
    { "iso8859-8", CONSENT_CHARSET_ASCII },
    { "iso88598", CONSENT_CHARSET_ASCII },
    { "iso_8859-8", CONSENT_CHARSET_ASCII },
    { "iso_8859-8:1988", CONSENT_CHARSET_ASCII },
    { "visual", CONSENT_CHARSET_ASCII },
    { "csiso88598i", CONSENT_CHARSET_ASCII },
    { "iso-8859-8-i", CONSENT_CHARSET_ASCII },
    { "logical", CONSENT_CHARSET_ASCII },
    { "csisolatin6", CONSENT_CHARSET_ASCII },
    { "iso-8859-10", CONSENT_CHARSET_ASCII },
    { "iso-ir-157", CONSENT_CHARSET_ASCII },
    { "iso8859-10", CONSENT_CHARSET_ASCII },
    { "iso885910", CONSENT_CHARSET_ASCII },
    { "l6", CONSENT_CHARSET_ASCII },
    { "latin6", CONSENT_CHARSET_ASCII },
    { "iso-8859-13", CONSENT_CHARSET_ASCII },
    { "iso8859-13", CONSENT_CHARSET_ASCII },
    { "iso885913", CONSENT_CHARSET_ASCII },
    { "iso-8859-14", CONSENT_CHARSET_ASCII },
    { "iso8859-14", CONSENT_CHARSET_ASCII },
    { "iso885914", CONSENT_CHARSET_ASCII },
    { "csisolatin9", CONSENT_CHARSET_ASCII },
    { "iso-8859-15", CONSENT_CHARSET_ASCII },
    { "iso8859-15", CONSENT_CHARSET_ASCII },
    { "iso885915", CONSENT_CHARSET_ASCII },
    { "iso_8859-15", CONSENT_CHARSET_ASCII },
    { "l9", CONSENT_CHARSET_ASCII },
    { "iso-8859-16", CONSENT_CHARSET_ASCII },
    { "cskoi8r", CONSENT_CHARSET_ASCII },
    { "koi", CONSENT_CHARSET_ASCII },
    { "koi8", CONSENT_CHARSET_ASCII },
    { "koi8-r", CONSENT_CHARSET_ASCII },
    { "koi8_r", CONSENT_CHARSET_ASCII },
    { "koi8-ru", CONSENT_CHARSET_ASCII },
    { "koi8-u", CONSENT_CHARSET_ASCII },
    { "csmacintosh", CONSENT_CHARSET_ASCII },
    { "mac", CONSENT_CHARSET_ASCII },
    { "macintosh", CONSENT_CHARSET_ASCII },
    { "x-mac-roman", CONSENT_CHARSET_ASCII },
    { "dos-874", CONSENT_CHARSET_ASCII },
    { "iso-8859-11", CONSENT_CHARSET_ASCII },
    { "iso8859-11", CONSENT_CHARSET_ASCII },
    { "iso885911", CONSENT_CHARSET_ASCII },
    { "tis-620", CONSENT_CHARSET_ASCII },
    { "windows-874", CONSENT_CHARSET_ASCII },
    { "cp1250", CONSENT_CHARSET_ASCII },
    { "windows-1250", CONSENT_CHARSET_ASCII },
    { "x-cp1250", CONSENT_CHARSET_ASCII },
    { "cp1251", CONSENT_CHARSET_ASCII },
    { "windows-1251", CONSENT_CHARSET_ASCII },
    { "x-cp1251", CONSENT_CHARSET_ASCII },
    { "ansi_x3.4-1968", CONSENT_CHARSET_ASCII },
    { "ascii", CONSENT_CHARSET_ASCII },
    { "cp1252", CONSENT_CHARSET_ASCII },
    { "cp819", CONSENT_CHARSET_ASCII },
    { "csisolatin1", CONSENT_CHARSET_ASCII },
    { "ibm819", CONSENT_CHARSET_ASCII },
    { "iso-8859-1", CONSENT_CHARSET_ASCII },
    { "iso-ir-100", CONSENT_CHARSET_ASCII },
    { "iso8859-1", CONSENT_CHARSET_ASCII },
    { "iso88591", CONSENT_CHARSET_ASCII },
    { "iso_8859-1", CONSENT_CHARSET_ASCII },
    { "iso_8859-1:1987", CONSENT_CHARSET_ASCII },
    { "l1", CONSENT_CHARSET_ASCII },
    { "latin1", CONSENT_CHARSET_ASCII },
    { "us-ascii", CONSENT_CHARSET_ASCII },
    { "windows-1252", CONSENT_CHARSET_ASCII },
    { "x-cp1252", CONSENT_CHARSET_ASCII },
    { "cp1253", CONSENT_CHARSET_ASCII },
    { "windows-1253", CONSENT_CHARSET_ASCII },
    { "x-cp1253", CONSENT_CHARSET_ASCII },
    { "cp1254", CONSENT_CHARSET_ASCII },
    { "csisolatin5", CONSENT_CHARSET_ASCII },
    { "iso-8859-9", CONSENT_CHARSET_ASCII },
    { "iso-ir-148", CONSENT_CHARSET_ASCII },
    { "iso8859-9", CONSENT_CHARSET_ASCII },
    { "iso88599", CONSENT_CHARSET_ASCII },
    { "iso_8859-9", CONSENT_CHARSET_ASCII },
    { "iso_8859-9:1989", CONSENT_CHARSET_ASCII },
    { "l5", CONSENT_CHARSET_ASCII },
    { "latin5", CONSENT_CHARSET_ASCII },
    { "windows-1254", CONSENT_CHARSET_ASCII },
    { "x-cp1254", CONSENT_CHARSET_ASCII },
    { "cp1255", CONSENT_CHARSET_ASCII },
    { "windows-1255", CONSENT_CHARSET_ASCII },
    { "x-cp1255", CONSENT_CHARSET_ASCII },
    { "cp1256", CONSENT_CHARSET_ASCII },
    { "windows-1256", CONSENT_CHARSET_ASCII },
    { "x-cp1256", CONSENT_CHARSET_ASCII },
    { "cp1257", CONSENT_CHARSET_ASCII },
    { "windows-1257", CONSENT_CHARSET_ASCII },
    { "x-cp1257", CONSENT_CHARSET_ASCII },
    { "cp1258", CONSENT_CHARSET_ASCII },
    { "windows-1258", CONSENT_CHARSET_ASCII },
    { "x-cp1258", CONSENT_CHARSET_ASCII },
    { "x-mac-cyrillic", CONSENT_CHARSET_ASCII },
    { "x-mac-ukrainian", CONSENT_CHARSET_ASCII },
    { "chinese", CONSENT_CHARSET_ASCII },
    { "csgb2312", CONSENT_CHARSET_ASCII },
    { "csiso58gb231280", CONSENT_CHARSET_ASCII },
    { "gb2312", CONSENT_CHARSET_ASCII },
    { "gb_2312", CONSENT_CHARSET_ASCII },
    { "gb_2312-80", CONSENT_CHARSET_ASCII },
    { "gbk", CONSENT_CHARSET_ASCII },
    { "iso-ir-58", CONSENT_CHARSET_ASCII },
    { "x-gbk", CONSENT_CHARSET_ASCII },
    { "gb18030", CONSENT_CHARSET_ASCII },
    { "big5", CONSENT_CHARSET_ASCII },
    { "big5-hkscs", CONSENT_CHARSET_ASCII },
    { "cn-big5", CONSENT_CHARSET_ASCII },
    { "csbig5", CONSENT_CHARSET_ASCII },
    { "x-x-big5", CONSENT_CHARSET_ASCII },
    { "cseucpkdfmtjapanese", CONSENT_CHARSET_ASCII },
    { "euc-jp", CONSENT_CHARSET_ASCII },
    { "x-euc-jp", CONSENT_CHARSET_ASCII },
    { "csshiftjis", CONSENT_CHARSET_ASCII },
    { "ms932", CONSENT_CHARSET_ASCII },
    { "ms_kanji", CONSENT_CHARSET_ASCII },
    { "shift-jis", CONSENT_CHARSET_ASCII },
    { "shift_jis", CONSENT_CHARSET_ASCII },
    { "sjis", CONSENT_CHARSET_ASCII },
    { "windows-31j", CONSENT_CHARSET_ASCII },
    { "x-sjis", CONSENT_CHARSET_ASCII },
    { "cseuckr", CONSENT_CHARSET_ASCII },
    { "csksc56011987", CONSENT_CHARSET_ASCII },
    { "euc-kr", CONSENT_CHARSET_ASCII },
    { "iso-ir-149", CONSENT_CHARSET_ASCII },
    { "korean", CONSENT_CHARSET_ASCII },
    { "ks_c_5601-1987", CONSENT_CHARSET_ASCII },
    { "ks_c_5601-1989", CONSENT_CHARSET_ASCII },
    { "ksc5601", CONSENT_CHARSET_ASCII },
    { "ksc_5601", CONSENT_CHARSET_ASCII },
    { "windows-949", CONSENT_CHARSET_ASCII },
    { "x-user-defined", CONSENT_CHARSET_ASCII },
    { "unicodefffe", CONSENT_CHARSET_UTF16 },
    { "utf-16be", CONSENT_CHARSET_UTF16 },
    { "csunicode", CONSENT_CHARSET_UTF16 },
    { "iso-10646-ucs-2", CONSENT_CHARSET_UTF16 },
    { "ucs-2", CONSENT_CHARSET_UTF16 },
    { "unicode", CONSENT_CHARSET_UTF16 },
    { "unicodefeff", CONSENT_CHARSET_UTF16 },
    { "utf-16", CONSENT_CHARSET_UTF16 },
    { "utf-16le", CONSENT_CHARSET_UTF16 },
    { "csiso2022jp", CONSENT_CHARSET_ISO2022JP },
    { "iso-2022-jp", CONSENT_CHARSET_ISO2022JP },
    { "csiso2022kr", CONSENT_CHARSET_REPLACEMENT },
    { "hz-gb-2312", CONSENT_CHARSET_REPLACEMENT },
    { "iso-2022-cn", CONSENT_CHARSET_REPLACEMENT },
    { "iso-2022-cn-ext", CONSENT_CHARSET_REPLACEMENT },
    { "iso-2022-kr", CONSENT_CHARSET_REPLACEMENT },
    { "replacement", CONSENT_CHARSET_REPLACEMENT },
};


static int in_table(const char *s);


static int
label(const char *s)
{
    return consent_charset_label((const u_char *) s, strlen(s));
}


static int
ct(const char *s)
{
    return consent_charset_content_type((const u_char *) s, strlen(s));
}


/* the class of a string that is in the table, or "unknown" */

static int
in_table(const char *s)
{
    size_t  i;

    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        if (strcmp(labels[i].label, s) == 0) {
            return labels[i].class;
        }
    }

    return CONSENT_CHARSET_UNKNOWN;
}


int
main(void)
{
    char    buf[64];
    size_t  i, j, n, fails;

    /* every label, as written, upper-case, and with whitespace around */

    fails = 0;
    n = sizeof(labels) / sizeof(labels[0]);

    for (i = 0; i < n; i++) {

        if (label(labels[i].label) != labels[i].class) {
            ok(0, "%s", labels[i].label);
            fails++;
        }

        for (j = 0; labels[i].label[j]; j++) {
            buf[j] = (char) toupper((unsigned char) labels[i].label[j]);
        }

        buf[j] = '\0';

        if (label(buf) != labels[i].class) {
            ok(0, "%s", buf);
            fails++;
        }

        snprintf(buf, sizeof(buf), " \t%s\r\n\f", labels[i].label);

        if (label(buf) != labels[i].class) {
            ok(0, "whitespace around %s", labels[i].label);
            fails++;
        }

        snprintf(buf, sizeof(buf), "\"%s\"", labels[i].label);

        if (label(buf) != labels[i].class) {
            ok(0, "quoted %s", labels[i].label);
            fails++;
        }

        snprintf(buf, sizeof(buf), "text/html; charset=%s", labels[i].label);

        if (ct(buf) != labels[i].class) {
            ok(0, "%s", buf);
            fails++;
        }

        /* one character more or less is no label */

        snprintf(buf, sizeof(buf), "%sx", labels[i].label);

        if (label(buf) != CONSENT_CHARSET_UNKNOWN) {
            ok(0, "%s is no label", buf);
            fails++;
        }

        snprintf(buf, sizeof(buf), "%.*s", (int) strlen(labels[i].label) - 1,
                 labels[i].label);

        if (buf[0] && label(buf) != in_table(buf)) {
            ok(0, "%s is no label", buf);
            fails++;
        }
    }

    is_int(fails, 0, "every label: class, case, whitespace, quotes");
    ok(n == 228, "228 labels in the table (%zu)", n);

    /* not labels: a browser ignores them */

    is_int(label("utf-32"), CONSENT_CHARSET_UNKNOWN, "utf-32");
    is_int(label("utf-32le"), CONSENT_CHARSET_UNKNOWN, "utf-32le");
    is_int(label("ucs-4"), CONSENT_CHARSET_UNKNOWN, "ucs-4");
    is_int(label("utf-7"), CONSENT_CHARSET_UNKNOWN, "utf-7");
    is_int(label("x-foo"), CONSENT_CHARSET_UNKNOWN, "x-foo");
    is_int(label("utf 8"), CONSENT_CHARSET_UNKNOWN, "utf 8");
    is_int(label("utf-8\v"), CONSENT_CHARSET_UNKNOWN, "VT is no whitespace");
    is_int(consent_charset_label((const u_char *) "utf-8\0", 6),
           CONSENT_CHARSET_UNKNOWN, "NUL inside");
    is_int(label(""), CONSENT_CHARSET_UNKNOWN, "empty");
    is_int(label("\"\""), CONSENT_CHARSET_UNKNOWN, "empty quotes");
    is_int(label("\""), CONSENT_CHARSET_UNKNOWN, "a lone quote");
    is_int(label("\"utf-16"), CONSENT_CHARSET_UTF16, "an unclosed quote");
    is_int(label("iso-8859-1 iso-8859-1 iso-8859-1 x"),
           CONSENT_CHARSET_UNKNOWN, "longer than any label");

    /* Content-Type values */

    is_int(ct("text/html"), CONSENT_CHARSET_UNKNOWN, "no parameter");
    is_int(ct(""), CONSENT_CHARSET_UNKNOWN, "empty");
    is_int(ct("text/html;"), CONSENT_CHARSET_UNKNOWN, "empty parameters");
    is_int(ct("text/html; charset="), CONSENT_CHARSET_UNKNOWN,
           "empty charset");
    is_int(ct("text/html; charset=UTF-8"), CONSENT_CHARSET_ASCII, "UTF-8");
    is_int(ct("text/html;charset=unicode"), CONSENT_CHARSET_UTF16,
           "unicode, no space");
    is_int(ct("text/html; CharSet=\"ucs-2\""), CONSENT_CHARSET_UTF16,
           "quoted ucs-2");
    is_int(ct("text/html; charset=\"utf\\-16le\""), CONSENT_CHARSET_UTF16,
           "escape inside quotes");
    is_int(ct("text/html; charset=\"utf-16"), CONSENT_CHARSET_UTF16,
           "unclosed quoted string");
    is_int(ct("text/html; charset=\"utf-8\" ; x=1"), CONSENT_CHARSET_ASCII,
           "quoted, then another parameter");
    is_int(ct("text/html; charset=\"a;b\"; charset=utf-16be"),
           CONSENT_CHARSET_UTF16, "';' inside quotes is no end");
    is_int(ct("text/html; q=1; charset=iso-2022-jp"),
           CONSENT_CHARSET_ISO2022JP, "second parameter");
    is_int(ct("text/html; charset=hz-gb-2312"), CONSENT_CHARSET_REPLACEMENT,
           "replacement");
    is_int(ct("text/html; charset=utf-8 "), CONSENT_CHARSET_ASCII,
           "trailing space");
    is_int(ct("text/html; charset=utf-32"), CONSENT_CHARSET_UNKNOWN,
           "utf-32 is ignored");
    is_int(ct("text/html; charsets=utf-16"), CONSENT_CHARSET_UNKNOWN,
           "another name");
    is_int(ct("text/html; xcharset=utf-16"), CONSENT_CHARSET_UNKNOWN,
           "another name ending in charset");
    is_int(ct("text/html; charset"), CONSENT_CHARSET_UNKNOWN, "no value");
    is_int(ct("text/html; charset=utf-8; charset=utf-16"),
           CONSENT_CHARSET_UTF16, "two: the refused one");
    is_int(ct("text/html; charset=utf-16; charset=utf-8"),
           CONSENT_CHARSET_UTF16, "two, the other order");
    is_int(ct("text/html; charset=utf-8; charset=x-foo"),
           CONSENT_CHARSET_UNKNOWN, "two: the ignored one");
    is_int(ct("text/html; charset=latin1; charset=utf-8"),
           CONSENT_CHARSET_ASCII, "two readable ones");
    is_int(ct("text/html; charset=utf-16; charset=x-foo"),
           CONSENT_CHARSET_UTF16, "refused before ignored");
    is_int(ct("text/html; charset=\"iso-8859-1 iso-8859-1 iso-8859-1 x\""),
           CONSENT_CHARSET_UNKNOWN, "a quoted value longer than a label");

    return done_testing();
}
