
/*
 * ngx_consent_module: charset labels (WHATWG Encoding Standard).
 */


#include "consent_charset.h"

#include <string.h>


typedef struct {
    const char  *label;
    size_t       len;
    int          class;
} consent_charset_entry_t;


#define consent_charset_entry(s, c)                                           \
    { s, sizeof(s) - 1, CONSENT_CHARSET_ ## c }


static size_t consent_charset_trim(const u_char **p, size_t len);
static size_t consent_charset_value(const u_char *p, const u_char *end,
    u_char *buf, size_t *n);
static int consent_charset_is_charset(const u_char *p, size_t len);
static int consent_charset_worse(int a, int b);


/* every label of https://encoding.spec.whatwg.org/encodings.json */

static const consent_charset_entry_t  consent_charset_labels[] = {

    /* UTF-8 */
    consent_charset_entry("unicode-1-1-utf-8", ASCII),
    consent_charset_entry("unicode11utf8", ASCII),
    consent_charset_entry("unicode20utf8", ASCII),
    consent_charset_entry("utf-8", ASCII),
    consent_charset_entry("utf8", ASCII),
    consent_charset_entry("x-unicode20utf8", ASCII),

    /* IBM866 */
    consent_charset_entry("866", ASCII),
    consent_charset_entry("cp866", ASCII),
    consent_charset_entry("csibm866", ASCII),
    consent_charset_entry("ibm866", ASCII),

    /* ISO-8859-2 */
    consent_charset_entry("csisolatin2", ASCII),
    consent_charset_entry("iso-8859-2", ASCII),
    consent_charset_entry("iso-ir-101", ASCII),
    consent_charset_entry("iso8859-2", ASCII),
    consent_charset_entry("iso88592", ASCII),
    consent_charset_entry("iso_8859-2", ASCII),
    consent_charset_entry("iso_8859-2:1987", ASCII),
    consent_charset_entry("l2", ASCII),
    consent_charset_entry("latin2", ASCII),

    /* ISO-8859-3 */
    consent_charset_entry("csisolatin3", ASCII),
    consent_charset_entry("iso-8859-3", ASCII),
    consent_charset_entry("iso-ir-109", ASCII),
    consent_charset_entry("iso8859-3", ASCII),
    consent_charset_entry("iso88593", ASCII),
    consent_charset_entry("iso_8859-3", ASCII),
    consent_charset_entry("iso_8859-3:1988", ASCII),
    consent_charset_entry("l3", ASCII),
    consent_charset_entry("latin3", ASCII),

    /* ISO-8859-4 */
    consent_charset_entry("csisolatin4", ASCII),
    consent_charset_entry("iso-8859-4", ASCII),
    consent_charset_entry("iso-ir-110", ASCII),
    consent_charset_entry("iso8859-4", ASCII),
    consent_charset_entry("iso88594", ASCII),
    consent_charset_entry("iso_8859-4", ASCII),
    consent_charset_entry("iso_8859-4:1988", ASCII),
    consent_charset_entry("l4", ASCII),
    consent_charset_entry("latin4", ASCII),

    /* ISO-8859-5 */
    consent_charset_entry("csisolatincyrillic", ASCII),
    consent_charset_entry("cyrillic", ASCII),
    consent_charset_entry("iso-8859-5", ASCII),
    consent_charset_entry("iso-ir-144", ASCII),
    consent_charset_entry("iso8859-5", ASCII),
    consent_charset_entry("iso88595", ASCII),
    consent_charset_entry("iso_8859-5", ASCII),
    consent_charset_entry("iso_8859-5:1988", ASCII),

    /* ISO-8859-6 */
    consent_charset_entry("arabic", ASCII),
    consent_charset_entry("asmo-708", ASCII),
    consent_charset_entry("csiso88596e", ASCII),
    consent_charset_entry("csiso88596i", ASCII),
    consent_charset_entry("csisolatinarabic", ASCII),
    consent_charset_entry("ecma-114", ASCII),
    consent_charset_entry("iso-8859-6", ASCII),
    consent_charset_entry("iso-8859-6-e", ASCII),
    consent_charset_entry("iso-8859-6-i", ASCII),
    consent_charset_entry("iso-ir-127", ASCII),
    consent_charset_entry("iso8859-6", ASCII),
    consent_charset_entry("iso88596", ASCII),
    consent_charset_entry("iso_8859-6", ASCII),
    consent_charset_entry("iso_8859-6:1987", ASCII),

    /* ISO-8859-7 */
    consent_charset_entry("csisolatingreek", ASCII),
    consent_charset_entry("ecma-118", ASCII),
    consent_charset_entry("elot_928", ASCII),
    consent_charset_entry("greek", ASCII),
    consent_charset_entry("greek8", ASCII),
    consent_charset_entry("iso-8859-7", ASCII),
    consent_charset_entry("iso-ir-126", ASCII),
    consent_charset_entry("iso8859-7", ASCII),
    consent_charset_entry("iso88597", ASCII),
    consent_charset_entry("iso_8859-7", ASCII),
    consent_charset_entry("iso_8859-7:1987", ASCII),
    consent_charset_entry("sun_eu_greek", ASCII),

    /* ISO-8859-8 */
    consent_charset_entry("csiso88598e", ASCII),
    consent_charset_entry("csisolatinhebrew", ASCII),
    consent_charset_entry("hebrew", ASCII),
    consent_charset_entry("iso-8859-8", ASCII),
    consent_charset_entry("iso-8859-8-e", ASCII),
    consent_charset_entry("iso-ir-138", ASCII),
    consent_charset_entry("iso8859-8", ASCII),
    consent_charset_entry("iso88598", ASCII),
    consent_charset_entry("iso_8859-8", ASCII),
    consent_charset_entry("iso_8859-8:1988", ASCII),
    consent_charset_entry("visual", ASCII),

    /* ISO-8859-8-I */
    consent_charset_entry("csiso88598i", ASCII),
    consent_charset_entry("iso-8859-8-i", ASCII),
    consent_charset_entry("logical", ASCII),

    /* ISO-8859-10 */
    consent_charset_entry("csisolatin6", ASCII),
    consent_charset_entry("iso-8859-10", ASCII),
    consent_charset_entry("iso-ir-157", ASCII),
    consent_charset_entry("iso8859-10", ASCII),
    consent_charset_entry("iso885910", ASCII),
    consent_charset_entry("l6", ASCII),
    consent_charset_entry("latin6", ASCII),

    /* ISO-8859-13 */
    consent_charset_entry("iso-8859-13", ASCII),
    consent_charset_entry("iso8859-13", ASCII),
    consent_charset_entry("iso885913", ASCII),

    /* ISO-8859-14 */
    consent_charset_entry("iso-8859-14", ASCII),
    consent_charset_entry("iso8859-14", ASCII),
    consent_charset_entry("iso885914", ASCII),

    /* ISO-8859-15 */
    consent_charset_entry("csisolatin9", ASCII),
    consent_charset_entry("iso-8859-15", ASCII),
    consent_charset_entry("iso8859-15", ASCII),
    consent_charset_entry("iso885915", ASCII),
    consent_charset_entry("iso_8859-15", ASCII),
    consent_charset_entry("l9", ASCII),

    /* ISO-8859-16 */
    consent_charset_entry("iso-8859-16", ASCII),

    /* KOI8-R */
    consent_charset_entry("cskoi8r", ASCII),
    consent_charset_entry("koi", ASCII),
    consent_charset_entry("koi8", ASCII),
    consent_charset_entry("koi8-r", ASCII),
    consent_charset_entry("koi8_r", ASCII),

    /* KOI8-U */
    consent_charset_entry("koi8-ru", ASCII),
    consent_charset_entry("koi8-u", ASCII),

    /* macintosh */
    consent_charset_entry("csmacintosh", ASCII),
    consent_charset_entry("mac", ASCII),
    consent_charset_entry("macintosh", ASCII),
    consent_charset_entry("x-mac-roman", ASCII),

    /* windows-874 */
    consent_charset_entry("dos-874", ASCII),
    consent_charset_entry("iso-8859-11", ASCII),
    consent_charset_entry("iso8859-11", ASCII),
    consent_charset_entry("iso885911", ASCII),
    consent_charset_entry("tis-620", ASCII),
    consent_charset_entry("windows-874", ASCII),

    /* windows-1250 */
    consent_charset_entry("cp1250", ASCII),
    consent_charset_entry("windows-1250", ASCII),
    consent_charset_entry("x-cp1250", ASCII),

    /* windows-1251 */
    consent_charset_entry("cp1251", ASCII),
    consent_charset_entry("windows-1251", ASCII),
    consent_charset_entry("x-cp1251", ASCII),

    /* windows-1252 */
    consent_charset_entry("ansi_x3.4-1968", ASCII),
    consent_charset_entry("ascii", ASCII),
    consent_charset_entry("cp1252", ASCII),
    consent_charset_entry("cp819", ASCII),
    consent_charset_entry("csisolatin1", ASCII),
    consent_charset_entry("ibm819", ASCII),
    consent_charset_entry("iso-8859-1", ASCII),
    consent_charset_entry("iso-ir-100", ASCII),
    consent_charset_entry("iso8859-1", ASCII),
    consent_charset_entry("iso88591", ASCII),
    consent_charset_entry("iso_8859-1", ASCII),
    consent_charset_entry("iso_8859-1:1987", ASCII),
    consent_charset_entry("l1", ASCII),
    consent_charset_entry("latin1", ASCII),
    consent_charset_entry("us-ascii", ASCII),
    consent_charset_entry("windows-1252", ASCII),
    consent_charset_entry("x-cp1252", ASCII),

    /* windows-1253 */
    consent_charset_entry("cp1253", ASCII),
    consent_charset_entry("windows-1253", ASCII),
    consent_charset_entry("x-cp1253", ASCII),

    /* windows-1254 */
    consent_charset_entry("cp1254", ASCII),
    consent_charset_entry("csisolatin5", ASCII),
    consent_charset_entry("iso-8859-9", ASCII),
    consent_charset_entry("iso-ir-148", ASCII),
    consent_charset_entry("iso8859-9", ASCII),
    consent_charset_entry("iso88599", ASCII),
    consent_charset_entry("iso_8859-9", ASCII),
    consent_charset_entry("iso_8859-9:1989", ASCII),
    consent_charset_entry("l5", ASCII),
    consent_charset_entry("latin5", ASCII),
    consent_charset_entry("windows-1254", ASCII),
    consent_charset_entry("x-cp1254", ASCII),

    /* windows-1255 */
    consent_charset_entry("cp1255", ASCII),
    consent_charset_entry("windows-1255", ASCII),
    consent_charset_entry("x-cp1255", ASCII),

    /* windows-1256 */
    consent_charset_entry("cp1256", ASCII),
    consent_charset_entry("windows-1256", ASCII),
    consent_charset_entry("x-cp1256", ASCII),

    /* windows-1257 */
    consent_charset_entry("cp1257", ASCII),
    consent_charset_entry("windows-1257", ASCII),
    consent_charset_entry("x-cp1257", ASCII),

    /* windows-1258 */
    consent_charset_entry("cp1258", ASCII),
    consent_charset_entry("windows-1258", ASCII),
    consent_charset_entry("x-cp1258", ASCII),

    /* x-mac-cyrillic */
    consent_charset_entry("x-mac-cyrillic", ASCII),
    consent_charset_entry("x-mac-ukrainian", ASCII),

    /* GBK */
    consent_charset_entry("chinese", ASCII),
    consent_charset_entry("csgb2312", ASCII),
    consent_charset_entry("csiso58gb231280", ASCII),
    consent_charset_entry("gb2312", ASCII),
    consent_charset_entry("gb_2312", ASCII),
    consent_charset_entry("gb_2312-80", ASCII),
    consent_charset_entry("gbk", ASCII),
    consent_charset_entry("iso-ir-58", ASCII),
    consent_charset_entry("x-gbk", ASCII),

    /* gb18030 */
    consent_charset_entry("gb18030", ASCII),

    /* Big5 */
    consent_charset_entry("big5", ASCII),
    consent_charset_entry("big5-hkscs", ASCII),
    consent_charset_entry("cn-big5", ASCII),
    consent_charset_entry("csbig5", ASCII),
    consent_charset_entry("x-x-big5", ASCII),

    /* EUC-JP */
    consent_charset_entry("cseucpkdfmtjapanese", ASCII),
    consent_charset_entry("euc-jp", ASCII),
    consent_charset_entry("x-euc-jp", ASCII),

    /* Shift_JIS */
    consent_charset_entry("csshiftjis", ASCII),
    consent_charset_entry("ms932", ASCII),
    consent_charset_entry("ms_kanji", ASCII),
    consent_charset_entry("shift-jis", ASCII),
    consent_charset_entry("shift_jis", ASCII),
    consent_charset_entry("sjis", ASCII),
    consent_charset_entry("windows-31j", ASCII),
    consent_charset_entry("x-sjis", ASCII),

    /* EUC-KR */
    consent_charset_entry("cseuckr", ASCII),
    consent_charset_entry("csksc56011987", ASCII),
    consent_charset_entry("euc-kr", ASCII),
    consent_charset_entry("iso-ir-149", ASCII),
    consent_charset_entry("korean", ASCII),
    consent_charset_entry("ks_c_5601-1987", ASCII),
    consent_charset_entry("ks_c_5601-1989", ASCII),
    consent_charset_entry("ksc5601", ASCII),
    consent_charset_entry("ksc_5601", ASCII),
    consent_charset_entry("windows-949", ASCII),

    /* x-user-defined */
    consent_charset_entry("x-user-defined", ASCII),

    /* UTF-16BE */
    consent_charset_entry("unicodefffe", UTF16),
    consent_charset_entry("utf-16be", UTF16),

    /* UTF-16LE */
    consent_charset_entry("csunicode", UTF16),
    consent_charset_entry("iso-10646-ucs-2", UTF16),
    consent_charset_entry("ucs-2", UTF16),
    consent_charset_entry("unicode", UTF16),
    consent_charset_entry("unicodefeff", UTF16),
    consent_charset_entry("utf-16", UTF16),
    consent_charset_entry("utf-16le", UTF16),

    /* ISO-2022-JP */
    consent_charset_entry("csiso2022jp", ISO2022JP),
    consent_charset_entry("iso-2022-jp", ISO2022JP),

    /* replacement */
    consent_charset_entry("csiso2022kr", REPLACEMENT),
    consent_charset_entry("hz-gb-2312", REPLACEMENT),
    consent_charset_entry("iso-2022-cn", REPLACEMENT),
    consent_charset_entry("iso-2022-cn-ext", REPLACEMENT),
    consent_charset_entry("iso-2022-kr", REPLACEMENT),
    consent_charset_entry("replacement", REPLACEMENT),
};


#define CONSENT_CHARSET_NLABELS                                               \
    (sizeof(consent_charset_labels) / sizeof(consent_charset_labels[0]))

#define consent_charset_space(c)                                              \
    ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\f' || (c) == '\r')


int
consent_charset_label(const u_char *p, size_t len)
{
    size_t   i;
    u_char   c, buf[CONSENT_CHARSET_MAX_LABEL];

    len = consent_charset_trim(&p, len);

    if (len && p[0] == '"') {
        p++;
        len--;

        if (len && p[len - 1] == '"') {
            len--;
        }

        len = consent_charset_trim(&p, len);
    }

    if (len == 0 || len > CONSENT_CHARSET_MAX_LABEL) {
        return CONSENT_CHARSET_UNKNOWN;
    }

    for (i = 0; i < len; i++) {
        c = p[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? (u_char) (c | 0x20) : c;
    }

    for (i = 0; i < CONSENT_CHARSET_NLABELS; i++) {
        if (consent_charset_labels[i].len == len
            && memcmp(consent_charset_labels[i].label, buf, len) == 0)
        {
            return consent_charset_labels[i].class;
        }
    }

    return CONSENT_CHARSET_UNKNOWN;
}


int
consent_charset_content_type(const u_char *p, size_t len)
{
    int            class, found;
    size_t         n, vlen;
    u_char         buf[CONSENT_CHARSET_MAX_LABEL + 1];
    const u_char  *end, *name;

    if (len == 0) {
        return CONSENT_CHARSET_UNKNOWN;
    }

    end = p + len;
    found = -1;

    /* the type, up to the first ';' (a quoted string is a parameter's) */

    p = memchr(p, ';', len);

    while (p && p < end) {

        /* p is at a ';' */

        p++;

        while (p < end && consent_charset_space(*p)) {
            p++;
        }

        name = p;

        while (p < end && *p != ';' && *p != '=') {
            p++;
        }

        n = p - name;

        if (p == end || *p == ';') {
            continue;
        }

        /* p is at '=' */

        p++;
        p += consent_charset_value(p, end, buf, &vlen);

        if (!consent_charset_is_charset(name, n)) {
            continue;
        }

        class = (vlen > CONSENT_CHARSET_MAX_LABEL)
                ? CONSENT_CHARSET_UNKNOWN : consent_charset_label(buf, vlen);

        found = (found < 0) ? class : consent_charset_worse(found, class);
    }

    return (found < 0) ? CONSENT_CHARSET_UNKNOWN : found;
}


/*
 * A parameter value from p: a token up to ';', or a quoted string with
 * backslash escapes, then anything up to ';'.  Copies at most
 * CONSENT_CHARSET_MAX_LABEL + 1 bytes of it into buf, without the ASCII
 * whitespace around it (which no label has), sets *n to the length of
 * that, and returns how many bytes of the input it took.
 */

static size_t
consent_charset_value(const u_char *p, const u_char *end, u_char *buf,
    size_t *n)
{
    u_char         c;
    size_t         len, used;
    unsigned       quoted;
    const u_char  *start;

    start = p;
    len = 0;
    used = 0;
    quoted = (p < end && *p == '"');

    if (quoted) {
        p++;
    }

    for ( /* void */ ; p < end; p++) {

        c = *p;

        if (quoted) {
            if (c == '"') {
                break;
            }

            if (c == '\\' && p + 1 < end) {
                c = *++p;
            }

        } else if (c == ';') {
            break;
        }

        if (len == 0 && consent_charset_space(c)) {
            continue;
        }

        if (len <= CONSENT_CHARSET_MAX_LABEL) {
            buf[len] = c;
        }

        len++;

        if (!consent_charset_space(c)) {
            used = len;
        }
    }

    while (p < end && *p != ';') {
        p++;
    }

    *n = used;

    return p - start;
}


static size_t
consent_charset_trim(const u_char **p, size_t len)
{
    while (len && consent_charset_space((*p)[0])) {
        (*p)++;
        len--;
    }

    while (len && consent_charset_space((*p)[len - 1])) {
        len--;
    }

    return len;
}


static int
consent_charset_is_charset(const u_char *p, size_t len)
{
    size_t  i;

    if (len != sizeof("charset") - 1) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        if ((p[i] | 0x20) != (u_char) "charset"[i]) {
            return 0;
        }
    }

    return 1;
}


/* refused before ignored before ASCII; the first refusal found stays */

static int
consent_charset_worse(int a, int b)
{
    if (a >= CONSENT_CHARSET_UTF16) {
        return a;
    }

    if (b >= CONSENT_CHARSET_UTF16) {
        return b;
    }

    return (a == CONSENT_CHARSET_UNKNOWN || b == CONSENT_CHARSET_UNKNOWN)
           ? CONSENT_CHARSET_UNKNOWN : CONSENT_CHARSET_ASCII;
}
