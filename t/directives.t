# Configuration mistakes stop nginx -t with the reason, the file and the line.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: consent_cookie without a name
--- config
consent_cookie;
--- must_die
--- error_log
invalid number of arguments in "consent_cookie" directive



=== TEST 2: consent_cookie with an invalid name
--- config
consent_cookie "a;b";
--- must_die
--- error_log
invalid cookie name "a;b"



=== TEST 3: consent_cookie with a space in the name
--- config
consent_cookie "a b";
--- must_die
--- error_log
invalid cookie name "a b"



=== TEST 4: consent_cookie with an unknown format
--- config
consent_cookie consent format=foo;
--- must_die
--- error_log
unknown consent format "foo"



=== TEST 5: consent_cookie with an empty format
--- config
consent_cookie consent format=;
--- must_die
--- error_log
invalid parameter "format="



=== TEST 6: consent_cookie with a stray parameter
--- config
consent_cookie consent native;
--- must_die
--- error_log
invalid parameter "native"



=== TEST 7: consent_cookie twice with one name
--- config
consent_cookie a;
consent_cookie a;
--- must_die
--- error_log
consent cookie "a" is duplicate



=== TEST 8: consent_cookie too many
--- config
consent_cookie c0;
consent_cookie c1;
consent_cookie c2;
consent_cookie c3;
consent_cookie c4;
consent_cookie c5;
consent_cookie c6;
consent_cookie c7;
consent_cookie c8;
consent_cookie c9;
consent_cookie c10;
consent_cookie c11;
consent_cookie c12;
consent_cookie c13;
consent_cookie c14;
consent_cookie c15;
consent_cookie c16;
--- must_die
--- error_log
too many consent cookies, at most 16



=== TEST 9: consent_category in a server
--- config
consent_category videos;
--- must_die
--- error_log
"consent_category" directive is not allowed here



=== TEST 10: consent_category with an upper-case name
--- http_config
consent_category Videos;
--- must_die
--- error_log
invalid consent category name "Videos"



=== TEST 11: consent_category with a long name
--- http_config
consent_category aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;
--- must_die
--- error_log
invalid consent category name



=== TEST 12: consent_category necessary
--- http_config
consent_category necessary;
--- must_die
--- error_log
consent category "necessary" is always granted



=== TEST 13: consent_category hiding a variable
--- http_config
consent_category state;
--- must_die
--- error_log
consent category "state" would hide the variable "$consent_state"



=== TEST 14: consent_category too many
--- http_config
consent_category c0;
consent_category c1;
consent_category c2;
consent_category c3;
consent_category c4;
consent_category c5;
consent_category c6;
consent_category c7;
consent_category c8;
consent_category c9;
consent_category c10;
consent_category c11;
consent_category c12;
consent_category c13;
consent_category c14;
consent_category c15;
consent_category c16;
consent_category c17;
consent_category c18;
consent_category c19;
consent_category c20;
consent_category c21;
consent_category c22;
consent_category c23;
consent_category c24;
consent_category c25;
consent_category c26;
consent_category c27;
consent_category c28;
--- must_die
--- error_log
too many consent categories, at most 32



=== TEST 15: consent_category with a bad mapping
--- http_config
consent_category videos nocolon;
--- must_die
--- error_log
invalid mapping "nocolon"



=== TEST 16: consent_category with an unknown format
--- http_config
consent_category videos foo:bar;
--- must_die
--- error_log
unknown consent format in "foo:bar"



=== TEST 17: consent_category mapping the native format
--- http_config
consent_category videos native:videos;
--- must_die
--- error_log
unknown consent format in "native:videos"



=== TEST 18: consent_signals with an unknown signal
--- config
consent_signals foo=analytics;
--- must_die
--- error_log
invalid parameter "foo=analytics"



=== TEST 19: consent_signals with an unknown category
--- config
consent_signals dnt=videos;
--- must_die
--- error_log
unknown consent category "videos"



=== TEST 20: consent_signals with an empty list
--- config
consent_signals dnt=;
--- must_die
--- error_log
invalid category list ""



=== TEST 21: consent_signals with an empty list item
--- config
consent_signals dnt=analytics,,marketing;
--- must_die
--- error_log
invalid category list "analytics,,marketing"



=== TEST 22: consent_signals vetoing necessary
--- config
consent_signals dnt=necessary;
--- must_die
--- error_log
consent category "necessary" is always granted



=== TEST 23: consent_signals with a signal twice
--- config
consent_signals dnt=analytics dnt=marketing;
--- must_die
--- error_log
duplicate parameter "dnt=marketing"



=== TEST 24: consent_signals twice
--- config
consent_signals off;
consent_signals off;
--- must_die
--- error_log
"consent_signals" directive is duplicate



=== TEST 25: consent_signals with off and more
--- config
consent_signals off dnt=analytics;
--- must_die
--- error_log
invalid parameter "off"



=== TEST 26: consent_revision negative
--- config
consent_revision -1;
--- must_die
--- error_log
invalid revision "-1"



=== TEST 27: consent_revision not a number
--- config
consent_revision three;
--- must_die
--- error_log
invalid revision "three"



=== TEST 28: consent_revision too large
--- config
consent_revision 1234567890;
--- must_die
--- error_log
invalid revision "1234567890"



=== TEST 29: consent_revision twice
--- config
consent_revision 1;
consent_revision 2;
--- must_die
--- error_log
"consent_revision" directive is duplicate



=== TEST 30: consent_max_age not a time
--- config
consent_max_age soon;
--- must_die
--- error_log
invalid max age "soon"



=== TEST 31: consent_max_age zero
--- config
consent_max_age 0;
--- must_die
--- error_log
invalid max age "0"



=== TEST 32: consent_max_age twice
--- config
consent_max_age 1d;
consent_max_age 2d;
--- must_die
--- error_log
"consent_max_age" directive is duplicate



=== TEST 33: consent_require in a server
--- config
consent_require analytics;
--- must_die
--- error_log
"consent_require" directive is not allowed here



=== TEST 34: consent_require with an unknown category
--- config
location /x {
    consent_require videos;
}
--- must_die
--- error_log
unknown consent category "videos"



=== TEST 35: consent_require necessary
--- config
location /x {
    consent_require necessary;
}
--- must_die
--- error_log
consent category "necessary" is always granted



=== TEST 36: consent_require with status 200
--- config
location /x {
    consent_require analytics status=200;
}
--- must_die
--- error_log
invalid status "200", use 204 or 400 to 599



=== TEST 37: consent_require with status 302
--- config
location /x {
    consent_require analytics status=302;
}
--- must_die
--- error_log
invalid status "302"



=== TEST 38: consent_require with status 600
--- config
location /x {
    consent_require analytics status=600;
}
--- must_die
--- error_log
invalid status "600"



=== TEST 39: consent_require with status abc
--- config
location /x {
    consent_require analytics status=abc;
}
--- must_die
--- error_log
invalid status "abc"



=== TEST 40: consent_require with a stray parameter
--- config
location /x {
    consent_require analytics 403;
}
--- must_die
--- error_log
invalid parameter "403"



=== TEST 41: consent_require twice
--- config
location /x {
    consent_require analytics;
    consent_require marketing;
}
--- must_die
--- error_log
"consent_require" directive is duplicate



=== TEST 42: consent_category declared after its use
--- config
location /x {
    consent_require videos;
}
--- must_die
--- error_log
unknown consent category "videos"



=== TEST 43: every directive with valid values
--- http_config
consent_category videos;
consent_category analytics;
consent_cookie consent format=native;
consent_cookie legacy;
consent_signals dnt=analytics gpc=marketing,videos;
consent_revision 2;
consent_max_age 395d;
--- config
location /x {
    consent_require videos status=403;
    alias $TEST_NGINX_HTML_DIR/x.txt;
}
location /t {
    return 200 "$consent_granted $consent_videos\n";
}
--- user_files
>>> x.txt
x
--- request
GET /t
--- more_headers eval
"Cookie: legacy=1." . time() . ".2.videos+analytics.k3J9xQ2mPq"
--- response_body
necessary,analytics,videos 1



=== TEST 44: a category cannot take a name of the endpoint's form
--- http_config
consent_category save;
--- must_die
--- error_log
consent category name "save" is reserved
--- must_die_line: http_config:1



=== TEST 45: consent_cookie with a name longer than 256 bytes
--- config
consent_cookie ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc;
--- must_die
--- error_log
invalid cookie name "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"



=== TEST 46: consent_regime: a subdivision of another shape
--- http_config
consent_regime opt-in CA-quebec;
--- must_die
--- error_log
invalid subdivision "CA-quebec", it must be a country code, "-" and 1 to 3 upper-case letters or digits
--- must_die_line: http_config:1



=== TEST 47: consent_regime: a subdivision of no known country
--- http_config
consent_regime opt-out CA;
consent_regime opt-in UK-ENG;
--- must_die
--- error_log
invalid subdivision "UK-ENG"
--- must_die_line: http_config:2



=== TEST 48: consent_regime: an undeclared category, found at the end of the http block
--- http_config
consent_regime opt-out GB categories=analytics,video;
consent_category videos;
--- must_die
--- error_log
unknown consent category "video"
--- must_die_line: http_config:1



=== TEST 49: consent_regime: "necessary" takes no regime
--- http_config
consent_regime opt-out GB categories=necessary;
--- must_die
--- error_log
consent category "necessary" is always granted
--- must_die_line: http_config:1



=== TEST 50: consent_regime: one place and category given both regimes
--- http_config
consent_regime opt-out GB categories=analytics;
consent_regime opt-in EEA GB categories=marketing,analytics;
--- must_die
--- error_log
"GB" gives a category of "GB" a second regime
--- must_die_line: http_config:2



=== TEST 51: consent_regime: one subdivision given both regimes
--- http_config
consent_regime opt-in CA-QC;
consent_regime opt-out CA CA-QC;
--- must_die
--- error_log
"CA-QC" gives "CA-QC" a second regime
--- must_die_line: http_config:2



=== TEST 52: consent_regime: an empty category list, a list without places
--- http_config
consent_regime opt-out GB categories=;
--- must_die
--- error_log
invalid category list ""
--- must_die_line: http_config:1



=== TEST 53: consent_regime: categories= alone
--- http_config
consent_regime opt-out categories=analytics;
--- must_die
--- error_log
no country, subdivision, group or "default" in "consent_regime"
--- must_die_line: http_config:1



=== TEST 54: consent_regime: an unknown parameter
--- http_config
consent_regime opt-out GB foo=bar;
--- must_die
--- error_log
invalid parameter "foo=bar"
--- must_die_line: http_config:1



=== TEST 55: consent_regime: a category declared after the rule that names it
--- http_config
consent_regime opt-out GB default categories=videos;
consent_category videos cookieconsent:videos;
--- config
location /t {
    return 200 "$consent_regime $consent_granted\n";
}
--- request
GET /t
--- response_body
mixed necessary,videos



=== TEST 56: consent_cookie outside= is only for format=cookiebot
--- http_config
consent_cookie euconsent-v2 format=tcf outside=opt-out;
--- must_die
--- error_log
"outside=opt-out" is only for format=cookiebot
--- must_die_line: http_config:1



=== TEST 57: consent_cookie outside= takes regime or opt-out
--- http_config
consent_cookie CookieConsent format=cookiebot outside=granted;
--- must_die
--- error_log
invalid value "granted" in "outside=granted": use regime or opt-out
--- must_die_line: http_config:1



=== TEST 58: consent_cookie outside= given twice
--- http_config
consent_cookie CookieConsent outside=regime outside=opt-out;
--- must_die
--- error_log
duplicate parameter "outside=opt-out"



=== TEST 59: consent_category with an empty Borlabs service
--- http_config
consent_category videos borlabs:youtube++vimeo;
--- must_die
--- error_log
invalid mapping "borlabs:youtube++vimeo", use FORMAT:ID[+ID...]
--- must_die_line: http_config:1



=== TEST 60: consent_category with an empty Axeptio vendor
--- http_config
consent_category chat axeptio:+SnapEngage;
--- must_die
--- error_log
invalid mapping "axeptio:+SnapEngage", use FORMAT:ID[+ID...]
--- must_die_line: http_config:1



=== TEST 61: consent_category with an empty CookieYes slug
--- http_config
consent_category performance cookieyes:;
--- must_die
--- error_log
invalid mapping "cookieyes:", use FORMAT:ID[+ID...]
--- must_die_line: http_config:1



=== TEST 62: consent_category with an empty Complianz service
--- http_config
consent_category videos complianz:youtube+;
--- must_die
--- error_log
invalid mapping "complianz:youtube+", use FORMAT:ID[+ID...]
--- must_die_line: http_config:1



=== TEST 63: consent_category with a Didomi vendor not prefixed with "vendor:"
--- http_config
consent_category videos didomi:c:googleana-h7Kc3e7Y;
--- must_die
--- error_log
invalid Didomi ID "c:googleana-h7Kc3e7Y" in "didomi:c:googleana-h7Kc3e7Y": a purpose has no ":", a vendor is "vendor:ID"
--- must_die_line: http_config:1



=== TEST 64: consent_category with an empty Didomi vendor
--- http_config
consent_category videos didomi:cookies+vendor:;
--- must_die
--- error_log
invalid Didomi ID "vendor:" in "didomi:cookies+vendor:"



=== TEST 65: consent_visitor_key with a missing file
--- http_config
consent_visitor_key missing.key;
--- must_die
--- error_log
open() "$TEST_NGINX_PREFIX/conf/missing.key" failed (2: No such file or directory)
--- must_die_line: http_config:1



=== TEST 66: consent_visitor_key with an empty file
--- http_config
consent_visitor_key visitor.key;
--- user_files eval
[[ "../conf/visitor.key", "" ]]
--- must_die
--- error_log
"consent_visitor_key" file "$TEST_NGINX_PREFIX/conf/visitor.key" is empty
--- must_die_line: http_config:1



=== TEST 67: consent_visitor_key with a file of 62 digits (synthetic)
--- http_config
consent_visitor_key visitor.key;
--- user_files eval
[[ "../conf/visitor.key", "0123456789abcdef" x 3 . "0123456789abcd\n" ]]
--- must_die
--- error_log
"consent_visitor_key" file "$TEST_NGINX_PREFIX/conf/visitor.key" is too short, it must hold 64 hexadecimal digits
--- must_die_line: http_config:1



=== TEST 68: consent_visitor_key with a file of 66 digits (synthetic)
--- http_config
consent_visitor_key visitor.key;
--- user_files eval
[[ "../conf/visitor.key", "0123456789abcdef" x 4 . "01\n" ]]
--- must_die
--- error_log
"consent_visitor_key" file "$TEST_NGINX_PREFIX/conf/visitor.key" is too long, it must hold 64 hexadecimal digits
--- must_die_line: http_config:1



=== TEST 69: consent_visitor_key with a base64 secret instead of hex
--- http_config
consent_visitor_key visitor.key;
--- user_files eval
[[ "../conf/visitor.key", "q3J9xQ2mPqk3J9xQ2mPqk3J9xQ2mPqk3J9xQ2mPqk3E=\n" ]]
--- must_die
--- error_log
"consent_visitor_key" file "$TEST_NGINX_PREFIX/conf/visitor.key" holds something other than 64 hexadecimal digits and a line ending
--- no_error_log
q3J9xQ2m
--- must_die_line: http_config:1



=== TEST 70: consent_visitor_key with a directory
--- http_config
consent_visitor_key ../html;
--- must_die
--- error_log
"consent_visitor_key" file "$TEST_NGINX_PREFIX/conf/../html" is not a regular file
--- must_die_line: http_config:1



=== TEST 71: consent_visitor_key with a world-readable file (synthetic key)
--- http_config
consent_visitor_key visitor.key;
--- user_files eval
[[ "../conf/visitor.key", "0123456789abcdef" x 4 . "\n" ]]
--- must_die
--- error_log
"consent_visitor_key" file "$TEST_NGINX_PREFIX/conf/visitor.key" is accessible by others (mode 0644), it must not be
--- no_error_log
0123456789abcdef
--- must_die_line: http_config:1



=== TEST 72: consent_visitor_key is not allowed in a server
--- config
consent_visitor_key visitor.key;
--- must_die
--- error_log
"consent_visitor_key" directive is not allowed here
--- must_die_line: config:1
