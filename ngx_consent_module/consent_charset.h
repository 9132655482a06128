
/*
 * ngx_consent_module: the charset of an HTML response, as a browser reads
 * it (the WHATWG Encoding Standard's table of labels).
 *
 * The HTML filter reads markup byte by byte.  That is right for every
 * encoding whose bytes below 0x80 that make markup (< > / = " ' ! - ?,
 * space, ASCII letters opening a name) are ASCII: UTF-8, the legacy
 * single-byte encodings, GBK, gb18030, Big5, EUC-JP, Shift_JIS, EUC-KR
 * and x-user-defined.  It is wrong for UTF-16 (two bytes a character),
 * for ISO-2022-JP (ESC sequences switch ASCII off) and meaningless for
 * the replacement encoding (the page decodes to one U+FFFD).  A charset
 * that is not a label of the table is ignored by a browser, which then
 * decides from the byte order mark, <meta charset> and sniffing.
 */


#ifndef _CONSENT_CHARSET_H_INCLUDED_
#define _CONSENT_CHARSET_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_CHARSET_UNKNOWN      0  /* not a label, or none: ignored */
#define CONSENT_CHARSET_ASCII        1  /* markup is ASCII: read byte-wise */
#define CONSENT_CHARSET_UTF16        2  /* UTF-16LE, UTF-16BE: refused */
#define CONSENT_CHARSET_ISO2022JP    3  /* refused */
#define CONSENT_CHARSET_REPLACEMENT  4  /* refused */

#define CONSENT_CHARSET_MAX_LABEL    32  /* longer is never a label */


/*
 * The class of one label, as the Encoding Standard's "get an encoding":
 * leading and trailing ASCII whitespace ignored, ASCII case-insensitive.
 * A label in double quotes (the charset parameter's quoted-string form,
 * as nginx keeps it) is unquoted first.
 */

int consent_charset_label(const u_char *p, size_t len);

/*
 * The class of a Content-Type value's charset parameters ("text/html;
 * charset=utf-8"): names case-insensitive, values as tokens or quoted
 * strings with backslash escapes.  No charset parameter is
 * CONSENT_CHARSET_UNKNOWN.  Several of them (a browser reads one of them,
 * which one depends on the browser): the most restrictive, a refused
 * class before CONSENT_CHARSET_UNKNOWN before CONSENT_CHARSET_ASCII.
 */

int consent_charset_content_type(const u_char *p, size_t len);


#endif /* _CONSENT_CHARSET_H_INCLUDED_ */
