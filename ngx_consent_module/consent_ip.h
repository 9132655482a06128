
/*
 * ngx_consent_module: client addresses, strictly parsed, masked to a prefix
 * and formatted for first-party logs.
 *
 * An address comes either as text from an nginx variable ($remote_addr or
 * the one "consent_geoip_source" names) or as the bytes of a sockaddr.
 * IPv4-mapped IPv6 (::ffff:0:0/96) is always unmapped to IPv4, so that
 * "::ffff:1.2.3.4" is masked, looked up and formatted as 1.2.3.4.  Every
 * other IPv6 form that embeds an IPv4 stays IPv6 (the country database has
 * its own aliases for them) but is masked as its IPv4: a masked address
 * never carries more of an embedded IPv4 than the IPv4 prefix.
 */


#ifndef _CONSENT_IP_H_INCLUDED_
#define _CONSENT_IP_H_INCLUDED_


#include "consent_core.h"


#define CONSENT_IP_V4       4
#define CONSENT_IP_V6       6


/* the forms of consent_ip_embedded() */

#define CONSENT_IP_NATIVE       0   /* no IPv4 inside */
#define CONSENT_IP_MAPPED       1   /* ::ffff:0:0/96 */
#define CONSENT_IP_TRANSLATED   2   /* ::ffff:0:0:0/96, SIIT */
#define CONSENT_IP_COMPATIBLE   3   /* ::/96 but "::" and "::1" */
#define CONSENT_IP_NAT64        4   /* 64:ff9b::/96, RFC 6052 */
#define CONSENT_IP_NAT64_LOCAL  5   /* 64:ff9b:1::/48, RFC 8215 */
#define CONSENT_IP_6TO4         6   /* 2002::/16 */
#define CONSENT_IP_TEREDO       7   /* 2001::/32 */
#define CONSENT_IP_ISATAP       8   /* ::{0,200}:5efe:a.b.c.d, any /64 */

/*
 * The longest text consent_ip_parse() accepts and the most bytes
 * consent_ip_format() writes: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"
 * (no terminating NUL, like NGX_INET6_ADDRSTRLEN).
 */

#define CONSENT_IP_STRLEN   45


/*
 * An IPv4 address is kept in addr[0..3], network byte order, with
 * addr[4..15] zero; an IPv6 address fills addr[0..15].
 */

typedef struct {
    int      family;           /* CONSENT_IP_V4 or CONSENT_IP_V6 */
    u_char   addr[16];
} consent_ip_t;

#define consent_ip_len(ip)  ((ip)->family == CONSENT_IP_V4 ? 4 : 16)


/*
 * Parses exactly one address, the whole of p[0..len):
 *
 *   IPv4   four decimal octets 0..255 separated by dots; an octet with a
 *          leading zero ("01.2.3.4", "1.2.3.010") is rejected, because
 *          inet_aton() would read it as octal and nginx never writes one;
 *   IPv6   RFC 4291 section 2.2 text: one to eight groups of one to four
 *          hex digits (either case), at most one "::", and an optional
 *          dotted IPv4 tail in the last 32 bits ("::ffff:1.2.3.4",
 *          "64:ff9b::192.0.2.1").
 *
 * Anything else is CONSENT_EINVAL: an empty string, spaces anywhere, a
 * list ("1.2.3.4, 5.6.7.8"), brackets ("[::1]"), a port, a zone index
 * ("fe80::1%eth0"), a prefix length, "unix:", text longer than
 * CONSENT_IP_STRLEN.  ::ffff:0:0/96 is unmapped to IPv4; other embedded
 * forms (SIIT, IPv4-compatible ::1.2.3.4, NAT64, 6to4, Teredo, ISATAP)
 * stay IPv6 here and become IPv4 when masked.
 * On error *ip is zeroed (family 0).
 */

int consent_ip_parse(const u_char *p, size_t len, consent_ip_t *ip);

/*
 * Builds an address from the bytes of a sockaddr: family CONSENT_IP_V4
 * with 4 bytes (sin_addr), CONSENT_IP_V6 with 16 bytes (sin6_addr), which
 * is unmapped when it is in ::ffff:0:0/96.  Any other family (AF_UNIX)
 * is CONSENT_EINVAL and *ip is zeroed.
 */

int consent_ip_from_bytes(int family, const u_char *bytes, consent_ip_t *ip);

/*
 * Tells whether an IPv6 address embeds an IPv4 and in which form, and
 * copies that IPv4 into v4[0..3]:
 *
 *   CONSENT_IP_MAPPED       ::ffff:a.b.c.d (only in an address built by
 *                           hand: parsing unmaps it);
 *   CONSENT_IP_TRANSLATED   ::ffff:0:a.b.c.d, SIIT (RFC 7915);
 *   CONSENT_IP_COMPATIBLE   ::a.b.c.d (RFC 4291, deprecated); "::" and
 *                           "::1" are not IPv4 hosts and are NATIVE;
 *   CONSENT_IP_NAT64        64:ff9b::a.b.c.d (RFC 6052);
 *   CONSENT_IP_6TO4         2002:AABB:CCDD::/48, the IPv4 in bits 16..47;
 *   CONSENT_IP_TEREDO       2001:0:S:S:F:P:C:C, the client's IPv4 C:C
 *                           XORed with 0xffffffff (RFC 4380); the server
 *                           S:S, the flags and the port are not copied;
 *   CONSENT_IP_ISATAP       an interface identifier 0:5efe:a.b.c.d or
 *                           200:5efe:a.b.c.d under any /64 (RFC 5214).
 *
 * CONSENT_IP_NAT64_LOCAL, 64:ff9b:1::/48 (RFC 8215), embeds an IPv4 at a
 * place that depends on a prefix length (48 to 96, RFC 6052 section 2.2)
 * which the address does not carry: v4 is zeroed.  The forms are tried in
 * the order above; an IPv4 address, an address of no known family and an
 * IPv6 address of none of these forms are CONSENT_IP_NATIVE, v4 zeroed.
 */

int consent_ip_embedded(const consent_ip_t *ip, u_char *v4);

/*
 * Keeps the first v4bits (at most 32) of an IPv4 address or the first
 * v6bits (at most 128) of an IPv6 address and zeroes the rest; larger
 * values count as the whole address.
 *
 * An IPv6 address that embeds an IPv4 (consent_ip_embedded()) becomes
 * that IPv4, family CONSENT_IP_V4, masked with v4bits: nothing else of it
 * is kept (no 6to4 subnet, no Teredo server or port, no ISATAP prefix).
 * A 6to4 address, whose IPv4 is in bits 16..47, keeps no more of it than
 * v6bits would either: at most v6bits - 16 bits.
 * An address in 64:ff9b:1::/48 keeps at most its first 48 bits (fewer if
 * v6bits is smaller), since where its IPv4 lies cannot be known.
 * An address of no known family is zeroed whole.
 */

void consent_ip_mask(consent_ip_t *ip, unsigned v4bits, unsigned v6bits);

/*
 * Writes the address into buf (at least CONSENT_IP_STRLEN bytes, no NUL
 * is added) and returns the length: IPv4 dotted decimal, IPv6 in RFC 5952
 * canonical form (lower case, no leading zeros, the longest run of two or
 * more zero groups, the first one on a tie, shortened to "::"; an address
 * in ::ffff:0:0/96 as "::ffff:a.b.c.d").  An address of no known family
 * writes nothing and returns 0.
 */

size_t consent_ip_format(const consent_ip_t *ip, u_char *buf);


#endif /* _CONSENT_IP_H_INCLUDED_ */
