# consent_require: refusing a location until a category is granted.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: no consent: 204 with no body
--- config
location /collect {
    consent_require analytics;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /collect
--- error_code: 204
--- response_body
--- response_headers
!Content-Length
!Content-Type



=== TEST 2: consent granted: the request goes through
--- config
location /collect {
    consent_require analytics;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /collect
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- error_code: 200
--- response_body
collected



=== TEST 3: another category granted does not help
--- config
location /collect {
    consent_require analytics;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /collect
--- more_headers
Cookie: consent=1.1732350000.0.marketing+preferences.k3J9xQ2mPq
--- error_code: 204
--- response_body



=== TEST 4: status=451
--- config
location /pixel {
    consent_require marketing status=451;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /pixel
--- error_code: 451



=== TEST 5: status=403 with error_page
--- config
location /pixel {
    consent_require marketing status=403;
    error_page 403 =200 /refused.txt;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
location = /refused.txt {
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> beacon.txt
collected
>>> refused.txt
refused
--- request
GET /pixel
--- error_code: 200
--- response_body
refused



=== TEST 6: a signal vetoes what the cookie grants
--- config
location /pixel {
    consent_require marketing;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /pixel
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq
Sec-GPC: 1
--- error_code: 204



=== TEST 7: a malformed cookie is refused
--- config
location /collect {
    consent_require analytics;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /collect
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J
--- error_code: 204



=== TEST 8: a declared category
--- http_config
consent_category videos;
--- config
location /embed {
    consent_require videos status=404;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /embed
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- error_code: 404



=== TEST 9: consent_require is not inherited by a nested location
--- config
location /a/ {
    consent_require analytics;
    location /a/open {
        alias $TEST_NGINX_HTML_DIR/beacon.txt;
    }
}
--- user_files
>>> beacon.txt
collected
--- request
GET /a/open
--- error_code: 200
--- response_body
collected



=== TEST 10: the evaluation survives an internal redirect and is done once
--- config
location /t {
    set $before $consent_analytics;
    rewrite ^ /u last;
}
location /u {
    consent_cookie other;
    consent_require analytics;
    alias $TEST_NGINX_HTML_DIR/beacon.txt;
}
--- user_files
>>> beacon.txt
collected
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- error_code: 200
--- response_body
collected

