
/*
 * ngx_consent_module: definitions shared by the pure C cores.
 *
 * The cores include no nginx header: they take (const u_char *p, size_t len),
 * fill plain structs, return CONSENT_OK or a negative reason code, never
 * allocate and keep no global state.  Unit tests and fuzzers call them
 * directly; the nginx glue (ngx_http_consent_*.c) calls them on the request
 * path.
 */


#ifndef _CONSENT_CORE_H_INCLUDED_
#define _CONSENT_CORE_H_INCLUDED_


#include <stddef.h>
#include <stdint.h>


#ifndef _NGX_CORE_H_INCLUDED_
typedef unsigned char  u_char;
#endif


#define CONSENT_OK             0
#define CONSENT_EMPTY         -1    /* nothing there */
#define CONSENT_EINVAL        -2    /* malformed */
#define CONSENT_ETOOLONG      -3    /* over a hard limit */
#define CONSENT_EVERSION      -4    /* unknown format version */
#define CONSENT_EENCODING     -5    /* bad percent or base64 encoding */
#define CONSENT_ETYPE         -6    /* a field of the wrong type */
#define CONSENT_EDEPTH        -7    /* nested too deep */
#define CONSENT_EMISSING      -8    /* a required field is missing */
#define CONSENT_EPOLICY       -9    /* a policy version older than the
                                       specification allows */


/*
 * Module categories are bits of a consent_cats_t: bit 0 is "necessary"
 * (always granted), then the built-in optional ones; operators may declare
 * more with "consent_category", up to CONSENT_MAX_CATEGORIES in all.
 */

typedef uint32_t  consent_cats_t;

#define CONSENT_MAX_CATEGORIES   32

#define CONSENT_CAT_NECESSARY    0
#define CONSENT_CAT_ANALYTICS    1
#define CONSENT_CAT_MARKETING    2
#define CONSENT_CAT_PREFERENCES  3
#define CONSENT_CAT_BUILTIN      4

#define CONSENT_BIT(n)           ((consent_cats_t) 1 << (n))


/*
 * Tokens: what a consent format calls the things it grants (a category name
 * of cookieconsent, a Klaro service, a OneTrust group, a TCF purpose
 * number).  The caller gives a parser the table of tokens its configuration
 * mentions; the parser reports, as bit i of a consent_tokens_t, whether
 * token i was granted.  A token the input does not mention, or mentions in a
 * way the parser does not understand, is not granted.
 *
 * For format=tcf the tokens are purposes: bit k-1 is purpose k, and no
 * token table is needed.
 */

typedef uint64_t  consent_tokens_t;

#define CONSENT_MAX_TOKENS       64


typedef struct {
    size_t           len;
    const u_char    *data;
} consent_str_t;


/*
 * A rule: a category is granted by a format when, for any one of its
 * rules, every token in "need" is granted ("tcf:1+8", "onetrust:C0004+C0005";
 * several FORMAT:ID parameters are several rules).
 */

typedef struct {
    consent_tokens_t  need;
    unsigned          category;    /* index of the module category */
} consent_rule_t;


/*
 * Opt-outs, the bits of consent_result_t.refused: what the US privacy
 * formats let a visitor refuse.  CONSENT_REFUSED_UNREADABLE is a part of
 * the value that could not be read, which may have said any of them.
 */

#define CONSENT_REFUSED_SALE        0x01   /* SaleOptOut, usprivacy's 'Y' */
#define CONSENT_REFUSED_SHARING     0x02   /* SharingOptOut */
#define CONSENT_REFUSED_TARGETED    0x04   /* TargetedAdvertisingOptOut */
#define CONSENT_REFUSED_GPC         0x08   /* a GPC subsection with Gpc 1,
                                              the native cookie's "gpc" */
#define CONSENT_REFUSED_UNREADABLE  0x10   /* a section not read */


/* what one consent cookie says, once parsed */

typedef struct {
    consent_tokens_t  granted;     /* tokens granted */
    int64_t           timestamp;   /* decision time, unix seconds; -1 if none */
    int64_t           revision;    /* policy revision; -1 if none */
    consent_str_t     id;          /* consent id, points into the input or
                                      the caller's scratch buffer */
    unsigned          refused;     /* CONSENT_REFUSED_*: the opt-outs
                                      the value says, for the formats
                                      that refuse (usprivacy, gpp) */
    unsigned          undecided:1; /* the cookie says "no decision"
                                      (Cookiebot's -1; gpp without a
                                      TCF section) */
    unsigned          outside:1;   /* with undecided: the platform says
                                      the visitor is outside every
                                      region where the site asks
                                      (Cookiebot's -1) */
    unsigned          expired:1;   /* the cookie says "ask again"
                                      (OneTrust's AwaitingReconsent):
                                      as if past consent_max_age */
    unsigned          implied:1;   /* the decision was implied, not
                                      given (Cookiebot's method other
                                      than 'explicit'): it holds only
                                      where the regime is opt-out */
    unsigned          restrict_only:1; /* a format that only refuses
                                          (usprivacy) */
    unsigned          gpc_override:1; /* the native cookie's
                                         "gpc-override": granted in
                                         spite of GPC (11 CCR
                                         7025(c)(3)) */
} consent_result_t;


/*
 * Base64, both alphabets, one table: a base64url character gives its 6-bit
 * value; '+' and '/', standard base64 only, their value (62, 63) with
 * CONSENT_B64_STD set; '.' CONSENT_B64_NOTDATA, '=' CONSENT_B64_NOTDATA | 1;
 * every other byte 0xff.  The entries of several characters ORed together
 * tell at once whether any of them is not data.
 */

#define CONSENT_B64_NOTDATA  0x40
#define CONSENT_B64_STD      0x80

extern const u_char  consent_b64[256];


const char *consent_strerror(int rc);

/* *res as a parser leaves it on error: all zero, timestamp and revision -1 */
void consent_result_reset(consent_result_t *res);

/*
 * Sets res->id to p[0..len) if that may serve as a consent id: 1 to max
 * bytes, each printable ASCII other than the space (0x21 to 0x7e);
 * otherwise leaves res->id as it was, and the consent is read without an
 * id.  p may be NULL when len is 0.
 */

void consent_result_id(consent_result_t *res, const u_char *p, size_t len,
    size_t max);

/*
 * The start of a consent format's parser: resets *res whatever follows
 * (consent_result_reset()), then looks at the value p[0..len), *p and
 * *len on entry:
 *
 *   CONSENT_EMPTY      len == 0;
 *   CONSENT_ETOOLONG   len > max;
 *   CONSENT_EENCODING  scratch is not NULL, a '%' is among the len bytes
 *                      and they do not percent-decode (consent_pct_decode()
 *                      without CONSENT_PCT_PLUS: '+' stays);
 *   CONSENT_OK         otherwise.
 *
 * With CONSENT_OK, scratch not NULL and a '%' among the bytes, the decoded
 * value is in scratch[0..n), n < len, and *p is set to scratch and *len to
 * n; in every other case *p and *len are left as they were.  scratch must
 * hold len bytes; up to len - 1 of them may be written, even on
 * CONSENT_EENCODING.  A NULL scratch decodes nothing: the format has no
 * percent-encoding, or decodes the parts of the value itself.
 */

int consent_format_start(const u_char **p, size_t *len, size_t max,
    u_char *scratch, consent_result_t *res);

consent_cats_t consent_rules_apply(const consent_rule_t *rules, size_t n,
    consent_tokens_t granted);

int consent_token_index(const consent_str_t *tokens, size_t ntokens,
    const u_char *p, size_t len);

/*
 * Percent-decodes p[0..len) into dst (at least len bytes).  With
 * CONSENT_PCT_PLUS a '+' becomes a space (form encoding); without it '+'
 * stays.  An invalid escape ("%zz", "%4") or an escaped NUL is an error.
 * Returns the decoded length or CONSENT_EENCODING.
 */

#define CONSENT_PCT_PLUS  1

long consent_pct_decode(const u_char *p, size_t len, u_char *dst,
    unsigned flags);

/*
 * The one reader of a decimal number in the cores: all of p[0..len) is 1
 * to max digits '0' to '9', max at most 18 (more is taken as 18), leading
 * zeros read as such ("007" is 7; a fixed-width field is p, n, n), no
 * sign, no space.  CONSENT_OK and *v, 0 to 10^max - 1; or CONSENT_EINVAL,
 * *v untouched, for len 0, len > max or any other byte.
 */

#define CONSENT_NUMBER_MAX_DIGITS  18

int consent_number(const u_char *p, size_t len, size_t max, int64_t *v);

/*
 * The one scanner of a number literal in the cores, JSON's grammar (RFC
 * 8259): -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, the longest that
 * starts at p and lies in [p, end).  CONSENT_OK and *last one past its
 * last byte; or CONSENT_EINVAL, *last untouched, when none starts at p
 * ("", "-", "+1", ".5", "1.", "1e+").  A leading zero ends the number:
 * "01" scans as "0" and leaves "1" to the caller, which has no use for a
 * digit there and refuses it.
 */

int consent_number_scan(const u_char *p, const u_char *end,
    const u_char **last);

/* days since 1970-01-01 of a proleptic Gregorian date, y >= 1 */
int64_t consent_days_from_civil(unsigned y, unsigned m, unsigned d);

/*
 * The seconds since 1970-01-01T00:00:00Z of a date and a time of day in
 * UTC, the fields as a format writes them; or -1 for any field out of
 * range: a year before 1970 or after 9999, a month outside 1 to 12, a day
 * the month does not have (29 February only in a Gregorian leap year), an
 * hour over 23, a minute or a second over 59 (no leap second).  A zone's
 * offset is the caller's to take away.
 */

int64_t consent_civil_time(int64_t y, int64_t mo, int64_t d, int64_t h,
    int64_t mi, int64_t s);

/*
 * The one base64 decoder to bytes in the cores (TCF and GPP read their
 * bits from the characters instead), through consent_b64: both alphabets,
 * as TCF reads them ('+' and '-' are 62, '/' and '_' 63).  The padding as
 * a browser's atob() takes it: if len is a multiple of 4, one or two '='
 * at the end are taken away; then len % 4 == 1, or any byte that is not
 * data ('=', '.', white space, ...), is an error; the bits left over at
 * the end are dropped.
 * Writes into dst (at least len * 3 / 4 bytes; dst may be p: every byte
 * is written after the bytes it comes from were read) and returns the
 * decoded length, or CONSENT_EENCODING.
 */

long consent_base64_decode(const u_char *p, size_t len, u_char *dst);


#endif /* _CONSENT_CORE_H_INCLUDED_ */
