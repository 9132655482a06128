# consent_strip_cookies and consent_expire_cookies, through a real upstream.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: without consent, tracking cookies do not reach the upstream
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga _gid ~^_ga_;
    consent_strip_cookies marketing _fbp ~^_gcl;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=GA1.2.3; session=abc; _ga_XYZ=GS1.1; _gid=x; _fbp=fb.1; _gcl_au=1; theme=dark
--- response_body
cookie: session=abc; theme=dark



=== TEST 2: with analytics granted, only marketing's are stripped
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga _gid ~^_ga_;
    consent_strip_cookies marketing _fbp ~^_gcl;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=GA1.2.3; session=abc; _ga_XYZ=GS1.1; _fbp=fb.1; consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
cookie: _ga=GA1.2.3; session=abc; _ga_XYZ=GS1.1; consent=1.1732350000.0.analytics.k3J9xQ2mPq



=== TEST 3: names are case-sensitive, quoted values kept as they were
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga _hjSessionUser;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _GA=1; _ga="q v"; _hjSessionUser=1; _hjsessionuser="keep me"
--- response_body
cookie: _GA=1; _hjsessionuser="keep me"



=== TEST 4: every Cookie header is rewritten, an emptied one is sent empty
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: [$http_cookie]\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=1
Cookie: a=1; _ga=2
--- response_body
cookie: [; a=1]



=== TEST 5: Set-Cookie from the upstream removed while not granted
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Set-Cookie "_ga=GA1.2.3; Path=/; Domain=.example.com";
        add_header Set-Cookie "session=abc; HttpOnly";
        add_header Set-Cookie "_fbp=fb.1.2";
        add_header Set-Cookie " _ga_ABC = x";
        return 200 "ok\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga ~^_ga_;
    consent_strip_cookies marketing _fbp;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_headers
Set-Cookie: session=abc; HttpOnly
Set-Cookie: _fbp=fb.1.2
--- raw_response_headers_like
^(?!.*_ga).*$



=== TEST 6: Set-Cookie from add_header, always, on an error_page answer
--- config
location / {
    consent_strip_cookies analytics _ga;
    add_header Set-Cookie "_ga=1" always;
    add_header Set-Cookie "lang=en" always;
    error_page 404 /404.html;
}
location = /404.html {
    consent_strip_cookies analytics _ga;
    add_header Set-Cookie "_ga=2" always;
    add_header Set-Cookie "lang=en" always;
    return 404 "missing\n";
}
--- request
GET /nothing-here
--- error_code: 404
--- response_headers
Set-Cookie: lang=en
--- raw_response_headers_like
^(?!.*_ga).*$



=== TEST 7: Set-Cookie kept once granted
--- config
location / {
    consent_strip_cookies analytics _ga;
    add_header Set-Cookie "_ga=1" always;
    return 200 "ok\n";
}
--- request
GET /
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_headers
Set-Cookie: _ga=1



=== TEST 8: DNT vetoes even with consent
--- config
location / {
    consent_strip_cookies analytics _ga;
    add_header Set-Cookie "_ga=1" always;
    return 200 "ok\n";
}
--- request
GET /
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
DNT: 1
--- response_headers
!Set-Cookie



=== TEST 9: inherited from server, replaced by a location's own
--- config
consent_strip_cookies analytics _ga;
location /a {
    add_header Set-Cookie "_ga=1" always;
    add_header Set-Cookie "_fbp=1" always;
    return 200 "ok\n";
}
location /b {
    consent_strip_cookies marketing _fbp;
    add_header Set-Cookie "_ga=1" always;
    add_header Set-Cookie "_fbp=1" always;
    return 200 "ok\n";
}
--- request
GET /b
--- response_headers
Set-Cookie: _ga=1
--- raw_response_headers_like
^(?!.*_fbp).*$



=== TEST 10: consent_expire_cookies deletes what the visitor still carries
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga _gid;
    consent_expire_cookies on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=1; keep=1; _gid=2
--- response_headers
Set-Cookie: _ga=; Max-Age=0; Path=/
Set-Cookie: _gid=; Max-Age=0; Path=/
--- response_body
cookie: keep=1



=== TEST 11: a catastrophic regex against a long name does not hang, fails closed
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
large_client_header_buffers 4 32k;
location / {
    consent_strip_cookies analytics ~^(a+)+$;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- log_level: info
--- request
GET /
--- more_headers eval
"Cookie: keep=1; " . ("a" x 200) . "b=1"
--- response_body
cookie: keep=1
--- error_log
pcre2_match() failed



=== TEST 12: a regex that does not compile stops nginx -t
--- config
consent_strip_cookies analytics ~^(_ga;
--- must_die
--- error_log
pcre2_compile() failed: missing closing parenthesis



=== TEST 13: an unknown category stops nginx -t
--- config
consent_strip_cookies tracking _ga;
--- must_die
--- error_log
unknown consent category "tracking"
--- must_die_line: config:1



=== TEST 14: an invalid cookie name stops nginx -t
--- config
consent_strip_cookies analytics "a=b";
--- must_die
--- error_log
invalid cookie name "a=b"



=== TEST 15: necessary cookies are never stripped
--- config
consent_strip_cookies necessary session;
--- must_die
--- error_log
consent category "necessary" is always granted




=== TEST 16: consent_expire_cookies on the trackers' domain and path too
--- config
location / {
    consent_strip_cookies marketing _fbp;
    consent_expire_cookies on domain=.example.com path=/shop;
    return 200 "ok\n";
}
--- request
GET /
--- more_headers
Cookie: _fbp=fb.1
--- response_headers
Set-Cookie: _fbp=; Max-Age=0; Path=/
Set-Cookie: _fbp=; Max-Age=0; Path=/shop; Domain=.example.com



=== TEST 17: nothing stripped, nothing expired
--- config
location / {
    consent_strip_cookies marketing _fbp;
    consent_expire_cookies on domain=.example.com;
    return 200 "ok\n";
}
--- request
GET /
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq; _fbp=fb.1
--- response_headers
!Set-Cookie



=== TEST 18: consent_expire_cookies with a bad domain
--- config
consent_expire_cookies on "domain=a;b";
--- must_die
--- error_log
invalid parameter "domain=a;b"



=== TEST 19: consent_expire_cookies with a relative path
--- config
consent_expire_cookies on path=shop;
--- must_die
--- error_log
invalid parameter "path=shop"



=== TEST 20: consent_expire_cookies off with parameters
--- config
consent_expire_cookies off domain=.example.com;
--- must_die
--- error_log
invalid value "off", it must be "on" or "off" alone



=== TEST 21: the userid filter's cookie, named as a tracker's, is removed
--- config
location / {
    consent_strip_cookies analytics uid;
    userid on;
    userid_name uid;
    return 200 "ok\n";
}
--- request
GET /
--- response_headers
!Set-Cookie



=== TEST 22: the userid filter's cookie once granted
--- config
location / {
    consent_strip_cookies analytics uid;
    userid on;
    userid_name uid;
    return 200 "ok\n";
}
--- request
GET /
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_headers_like
Set-Cookie: uid=.*



=== TEST 23: a Set-Cookie with no name is removed while a category is denied
--- config
location / {
    consent_strip_cookies analytics _ga;
    add_header Set-Cookie "novalue" always;
    add_header Set-Cookie "=x" always;
    add_header Set-Cookie "lang=en" always;
    return 200 "ok\n";
}
--- request
GET /
--- response_headers
Set-Cookie: lang=en
--- raw_response_headers_like
^(?!.*(novalue|=x)).*$



=== TEST 24: regexes that begin with a literal: prefix, optional last character, exact
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics ~^_gax? ~^_hj ~^_cl[cs]k$;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=1; _gax=2; _gb=3; _hjSession_1=4; x_hj=5; _clck=6; _clx=7; _clckz=8; _g=9
--- response_body
cookie: _gb=3; x_hj=5; _clx=7; _clckz=8; _g=9



=== TEST 25: an alternation is never narrowed to its first branch's prefix
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics ~^ab|track ~^(?i)_GA;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: abc=1; mytracker=2; keep=3; _ga=4; a=5
--- response_body
cookie: keep=3; a=5



=== TEST 26: a name no browser sends as one stops nginx -t, as in consent_cookie
--- config
consent_strip_cookies analytics _ga "a,b";
--- must_die
--- error_log
invalid cookie name "a,b"



=== TEST 27: a name with brackets, as PHP writes them, is stripped
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics "cart[1]" _pk:id;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: cart[1]=x; session=abc; _pk:id=y
--- response_body
cookie: session=abc



=== TEST 28: names, prefixed regexes and others together, in any order
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga ~^_ga_ ~_tr$ ~^Ab Sid ~^q;
    consent_strip_cookies marketing ~^_g ~^ax ~(?i)^ad_ sid;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=1; _ga_X=2; x_tr=3; Abc=4; axe=5; _gid=6; ad_z=7; AD_y=8; a=9; b_tr=10; keep=11; _=12; AB=13; Sid=14; sid=15; SID=16; q=17; Q=18; qq=19
--- response_body
cookie: a=9; keep=11; _=12; AB=13; SID=16; Q=18



=== TEST 29: evaluated before the location that strips: its cookies read again
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
set $early $consent_analytics;
location / {
    consent_strip_cookies analytics _ga ~^_gid;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
    add_header X-Early $early;
}
--- request
GET /
--- more_headers
Cookie: _ga=1; a=2; _gid=3; b=4
--- response_headers
X-Early: 0
--- response_body
cookie: a=2; b=4



=== TEST 30: more Cookie headers and cookies than the evaluation notes
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics ~^_ga;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: a0=0; _ga0=x
Cookie: a1=1; _ga1=x
Cookie: a2=2; _ga2=x
Cookie: a3=3; _ga3=x
Cookie: a4=4; _ga4=x
Cookie: a5=5; _ga5=x
--- response_body
cookie: a0=0; a1=1; a2=2; a3=3; a4=4; a5=5



=== TEST 31: more cookies in one header than the evaluation notes
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: c0=0; c1=1; c2=2; c3=3; c4=4; c5=5; c6=6; c7=7; c8=8; c9=9; c10=10; c11=11; c12=12; c13=13; c14=14; c15=15; c16=16; c17=17; c18=18; c19=19; c20=20; c21=21; c22=22; c23=23; c24=24; c25=25; c26=26; c27=27; c28=28; c29=29; c30=30; c31=31; c32=32; c33=33; c34=34; c35=35; c36=36; c37=37; c38=38; c39=39; c40=40; c41=41; c42=42; c43=43; c44=44; c45=45; c46=46; c47=47; c48=48; c49=49; c50=50; c51=51; c52=52; c53=53; c54=54; c55=55; c56=56; c57=57; c58=58; c59=59; c60=60; c61=61; c62=62; c63=63; c64=64; c65=65; c66=66; c67=67; c68=68; c69=69; _ga=1; z=2
--- response_body
cookie: c0=0; c1=1; c2=2; c3=3; c4=4; c5=5; c6=6; c7=7; c8=8; c9=9; c10=10; c11=11; c12=12; c13=13; c14=14; c15=15; c16=16; c17=17; c18=18; c19=19; c20=20; c21=21; c22=22; c23=23; c24=24; c25=25; c26=26; c27=27; c28=28; c29=29; c30=30; c31=31; c32=32; c33=33; c34=34; c35=35; c36=36; c37=37; c38=38; c39=39; c40=40; c41=41; c42=42; c43=43; c44=44; c45=45; c46=46; c47=47; c48=48; c49=49; c50=50; c51=51; c52=52; c53=53; c54=54; c55=55; c56=56; c57=57; c58=58; c59=59; c60=60; c61=61; c62=62; c63=63; c64=64; c65=65; c66=66; c67=67; c68=68; c69=69; z=2
