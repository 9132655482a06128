# conf/consent-trackers.conf, the drop-in list of known tracking cookies.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: every known tracker's cookie is kept from the upstream without consent
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
include $TEST_NGINX_ROOT/conf/consent-trackers.conf;
location / {
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: session=1; _ga=GA1.1.1; _ga_ABC123=GS1; _gid=1; _gcl_au=1; _pk_id.1.1fff=x; _pk_ses.1.1fff=1; _fbp=fb.1; _fbc=fb.2; _hjSessionUser_123=x; _hjSession_123=y; _clck=1; _clsk=2; MUID=3; ajs_anonymous_id=4; mp_0123abcd_mixpanel=5; ph_phc_AbC_posthog=6; theme=dark
--- response_body
cookie: session=1; theme=dark



=== TEST 2: with analytics granted, only marketing cookies are kept out
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
include $TEST_NGINX_ROOT/conf/consent-trackers.conf;
location / {
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=GA1.1.1; _fbp=fb.1; _hjSessionUser_123=x; MUID=3; consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
cookie: _ga=GA1.1.1; _hjSessionUser_123=x; consent=1.1732350000.0.analytics.k3J9xQ2mPq
