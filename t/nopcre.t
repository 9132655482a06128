# The module in an nginx built without PCRE ("make check-nopcre NGX_SRC=a
# whole nginx tree": nginx and the module, --without-pcre
# --without-http_rewrite_module, in build/nopcre/).  A ~REGEX rule of
# consent_strip_cookies is refused when nginx reads its configuration, with
# the reason and the line; a rule of plain names still works.  Skipped when
# there is no such nginx: Debian's nginx-dev, all that "make test" has,
# builds the module only.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;

my $DIR = "$Test::Consent::ROOT/build/nopcre";

plan(skip_all => "no nginx without PCRE in $DIR: make check-nopcre"
                 . ' NGX_SRC=<an nginx release or git tree> builds one'
                 . " (from Debian's nginx-dev, the module only)")
    unless -x "$DIR/nginx" && -f "$DIR/ngx_http_consent_module.so";

$ENV{TEST_NGINX_BINARY} = "$DIR/nginx";
$ENV{TEST_NGINX_MODULE} = "$DIR/ngx_http_consent_module.so";

like(`'$DIR/nginx' -V 2>&1`, qr/ --without-pcre /,
     "$DIR/nginx is built --without-pcre");

run_tests();

__DATA__

=== TEST 1: a ~REGEX strip rule is refused, with the reason and the line
--- config
location / {
    consent_strip_cookies analytics _ga ~^_ga;
    empty_gif;
}
--- must_die
--- error_log
using regex "~^_ga" requires PCRE library
--- must_die_line: config:2



=== TEST 2: plain names are still stripped (no "return": it is rewrite's)
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header X-Upstream-Cookie "$http_cookie";
        empty_gif;
    }
}
--- config
location / {
    consent_strip_cookies analytics _ga _gid;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- more_headers
Cookie: _ga=GA1.2.3; session=abc; _gid=x; theme=dark
--- response_headers
X-Upstream-Cookie: session=abc; theme=dark
--- no_error_log
[error]



=== TEST 3: the consent state is read as with PCRE
--- config
location /t {
    add_header X-State "$consent_state";
    empty_gif;
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_headers
X-State: accepted
