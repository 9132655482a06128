# consent_endpoint: the visitor's state as JSON, and decisions posted by a
# banner's form: the cookie written, the way back, refusals.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: GET before any decision: the state, never cached
--- config
location /consent {
    consent_endpoint;
}
--- request
GET /consent
--- response_headers
Content-Type: application/json
Cache-Control: no-store
--- response_body_json
{"state":"unset","source":"regime","decided":false,
 "categories":{"necessary":true,"analytics":false,"marketing":false,
               "preferences":false},
 "country":"","regime":"opt-in","id":"","revision":null,
 "policy_revision":0,"signals":{"dnt":false,"gpc":false},
 "gpc":{"remembered":false,"overridden":false,"honoured":false}}



=== TEST 2: GET with a decision and signals
--- config
location /consent {
    consent_revision 3;
    consent_endpoint;
}
--- request
GET /consent
--- more_headers
Cookie: consent=1.1732350000.4.analytics+preferences.k3J9xQ2mPq
Sec-GPC: 1
--- response_body_json
{"state":"partial","source":"cookie","decided":true,
 "categories":{"necessary":true,"analytics":true,"marketing":false,
               "preferences":true},
 "country":"","regime":"opt-in","id":"k3J9xQ2mPq","revision":4,
 "policy_revision":3,"signals":{"dnt":false,"gpc":true},
 "gpc":{"remembered":false,"overridden":false,"honoured":true}}



=== TEST 3: GET: an id with quotes and backslashes is escaped
--- http_config
consent_cookie OptanonConsent format=onetrust;
consent_cookie consent;
--- config
location /consent {
    consent_endpoint;
}
--- request
GET /consent
--- more_headers
Cookie: OptanonConsent=consentId=a%22b%5Cc&interactionCount=1&groups=C0001%3A1%2CC0002%3A1
--- response_body_like
"id":"a\\"b\\\\c"



=== TEST 4: accept=all: the native cookie for every category, 303 to "/"
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=1\.\d{10}\.0\.analytics\+marketing\+preferences\.[A-Za-z0-9_-]{16}; Path=/; Max-Age=34128000; SameSite=Lax
Location: http://localhost(:\d+)?/
--- response_headers
Content-Length: 0
--- error_log
consent_endpoint: accepted, granted f



=== TEST 5: reject=all wins over checked boxes
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
analytics=1&marketing=on&reject=all
--- more_headers
Content-Type: application/x-www-form-urlencoded; charset=UTF-8
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=1\.\d+\.0\.-\.[A-Za-z0-9_-]{16}; .*



=== TEST 6: a choice of some categories, with the policy revision
--- config
location /consent {
    consent_revision 7;
    consent_endpoint;
}
--- request
POST /consent
save=1&analytics=1&preferences=0
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=1\.\d+\.7\.analytics\.[A-Za-z0-9_-]{16}; .*



=== TEST 7: back to the page the form was on, query kept, fragment not
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Host: shop.example
Content-Type: application/x-www-form-urlencoded
Referer: http://shop.example/cart?id=3#top
--- error_code: 303
--- response_headers_like
Location: http://shop\.example(:\d+)?/cart\?id=3



=== TEST 8: a Referer of another origin is never followed
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Host: shop.example
Content-Type: application/x-www-form-urlencoded
Referer: http://evil.example/cart
--- error_code: 303
--- response_headers_like
Location: http://shop\.example(:\d+)?/



=== TEST 9: a protocol-relative path in a same-origin Referer is not either
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Host: shop.example
Content-Type: application/x-www-form-urlencoded
Referer: http://shop.example//evil.example/
--- error_code: 303
--- response_headers_like
Location: http://shop\.example(:\d+)?/



=== TEST 10: a script that asks for JSON gets 204
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
reject=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Accept: application/json
--- error_code: 204
--- response_headers_like
Set-Cookie: consent=1\.\d+\.0\.-\..*
--- response_headers
!Location



=== TEST 11: a cross-site POST is refused and sets nothing
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Sec-Fetch-Site: cross-site
--- error_code: 403
--- response_headers
!Set-Cookie
--- error_log
consent_endpoint: a cross-site request refused
--- no_error_log
client: 127.0.0.1



=== TEST 12: same-site (a sibling subdomain) is refused too
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Sec-Fetch-Site: same-site
--- error_code: 403
--- response_headers
!Set-Cookie



=== TEST 13: same-origin, by Sec-Fetch-Site
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Sec-Fetch-Site: same-origin
--- error_code: 303



=== TEST 14: without Sec-Fetch-Site, a foreign Origin is refused
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Host: shop.example
Content-Type: application/x-www-form-urlencoded
Origin: http://evil.example
--- error_code: 403
--- response_headers
!Set-Cookie



=== TEST 15: Origin "null" (a sandboxed frame, a data: page) is refused
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Origin: null
--- error_code: 403



=== TEST 16: the same Origin is accepted
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Host: shop.example
Content-Type: application/x-www-form-urlencoded
Origin: http://shop.example
--- error_code: 303



=== TEST 17: a malformed form changes nothing
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
analytics=1&analytics=1
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 400
--- response_headers
!Set-Cookie
--- error_log
consent_endpoint: invalid form: malformed at "analytics"



=== TEST 18: an unknown category is named in the log, made printable
--- config
location /consent {
    consent_endpoint;
}
--- request eval
"POST /consent\nstat%0Aistics=1"
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 400
--- response_headers
!Set-Cookie
--- error_log
at "stat%0Aistics"



=== TEST 19: an empty form is no decision
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 400
--- response_headers
!Set-Cookie



=== TEST 20: not a form
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
{"accept":"all"}
--- more_headers
Content-Type: application/json
--- error_code: 415
--- response_headers
!Set-Cookie



=== TEST 21: a body over 4 KB is refused before it is read
--- config
location /consent {
    consent_endpoint;
}
--- request eval
"POST /consent\n" . ("analytics=1&" x 400)
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 413
--- response_headers
!Set-Cookie



=== TEST 22: a chunked body over 4 KB is refused once read
--- config
location /consent {
    consent_endpoint;
}
--- raw_request eval
my $body = "save=1" . ("&" x 4200);
"POST /consent HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
. "Content-Type: application/x-www-form-urlencoded\r\n"
. "Transfer-Encoding: chunked\r\n\r\n"
. sprintf("%x\r\n%s\r\n0\r\n\r\n", length($body), $body)
--- error_code: 413



=== TEST 23: a chunked body within the limit is read whole
--- config
location /consent {
    consent_endpoint;
}
--- raw_request eval
"POST /consent HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
. "Content-Type: application/x-www-form-urlencoded\r\n"
. "Transfer-Encoding: chunked\r\n\r\n"
. "7\r\nsave=1&\r\n" . "b\r\nmarketing=1\r\n0\r\n\r\n"
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=1\.\d+\.0\.marketing\..*



=== TEST 24: other methods
--- config
location /consent {
    consent_endpoint;
}
--- request
PUT /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 405



=== TEST 25: withdrawal deletes the cookies of what is now denied
--- http_config
consent_strip_cookies analytics _ga ~^_ga_;
consent_strip_cookies marketing _fbp;
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
save=1&marketing=1
--- more_headers
Content-Type: application/x-www-form-urlencoded
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq; _ga=GA1.1.1.1; _ga_X1=GS1; _fbp=fb.1; session=s
--- error_code: 303
--- response_headers
Set-Cookie: _ga=; Max-Age=0; Path=/
Set-Cookie: _ga_X1=; Max-Age=0; Path=/
--- raw_response_headers_like
^(?!.*_fbp=)(?!.*session=).*$



=== TEST 26: ... on the trackers' domain too, when consent_expire_cookies names it
--- http_config
consent_strip_cookies analytics _ga;
consent_expire_cookies on domain=.example.com;
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
reject=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Cookie: _ga=GA1.1.1.1
--- error_code: 303
--- response_headers
Set-Cookie: _ga=; Max-Age=0; Path=/
Set-Cookie: _ga=; Max-Age=0; Path=/; Domain=.example.com



=== TEST 27: cookie attributes
--- config
location /consent {
    consent_endpoint domain=example.com path=/shop max_age=30d samesite=strict;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=[^;]+; Path=/shop; Max-Age=2592000; SameSite=Strict; Domain=example\.com



=== TEST 28: SameSite=None gets Secure; consent_max_age shortens Max-Age
--- config
location /consent {
    consent_max_age 7d;
    consent_endpoint samesite=none;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=[^;]+; Path=/; Max-Age=604800; SameSite=None; Secure



=== TEST 29: the endpoint writes the location's native cookie
--- config
location /consent {
    consent_cookie OptanonConsent format=onetrust;
    consent_cookie my_consent;
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- error_code: 303
--- response_headers_like
Set-Cookie: my_consent=1\..*



=== TEST 30: no native cookie in the location
--- config
location /consent {
    consent_cookie euconsent-v2 format=tcf;
    consent_endpoint;
}
--- must_die
--- error_log
"consent_endpoint" writes the native consent cookie



=== TEST 31: max_age over 13 months
--- config
location /consent {
    consent_endpoint max_age=400d;
}
--- must_die
--- error_log
max_age "400d" is over 13 months
--- must_die_line: config:2



=== TEST 32: unknown parameters
--- config
location /consent {
    consent_endpoint samesite=loose;
}
--- must_die
--- error_log
invalid parameter "samesite=loose"
--- must_die_line: config:2



=== TEST 33: a cookie attribute that would break the header
--- config
location /consent {
    consent_endpoint "domain=a.com; HttpOnly";
}
--- must_die
--- error_log
invalid parameter "domain=a.com; HttpOnly"



=== TEST 34: a path must be absolute
--- config
location /consent {
    consent_endpoint path=shop;
}
--- must_die
--- error_log
invalid path "shop"



=== TEST 35: one content handler per location
--- config
location /consent {
    consent_status;
    consent_endpoint;
}
--- must_die
--- error_log
"consent_endpoint" cannot share a location with another content handler



=== TEST 36: twice
--- config
location /consent {
    consent_endpoint;
    consent_endpoint;
}
--- must_die
--- error_log
"consent_endpoint" directive is duplicate



=== TEST 37: not at server level
--- config
consent_endpoint;
--- must_die
--- error_log
"consent_endpoint" directive is not allowed here
