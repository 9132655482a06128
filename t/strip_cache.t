# A response cached with a tracking Set-Cookie (for a visitor who
# consented) loses it when served from the cache to one who did not.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;

my $n = start_nginx(
    http_config => <<'EOF_HTTP',
proxy_cache_path $TEST_NGINX_PREFIX/cache keys_zone=c:1m;
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Set-Cookie "_ga=GA1.2.3";
        add_header Cache-Control "max-age=60";
        return 200 "page\n";
    }
}
EOF_HTTP
    config => <<'EOF_CONF',
location / {
    consent_strip_cookies analytics _ga;
    proxy_cache c;
    proxy_cache_key $uri;
    proxy_ignore_headers Set-Cookie;
    add_header X-Cache $upstream_cache_status always;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
EOF_CONF
);

my $r = $n->http('GET /p', more_headers =>
                 "Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq\n");
is(header_value($r, 'X-Cache'), 'MISS', 'first: from the upstream');
is(header_value($r, 'Set-Cookie'), '_ga=GA1.2.3', 'consented: _ga set');

$r = $n->http('GET /p');
is(header_value($r, 'X-Cache'), 'HIT', 'second: from the cache');
is($r->{body}, "page\n", 'same page');
is(scalar header_values($r, 'Set-Cookie'), 0, 'not consented: no _ga');

$n->finish('proxy cache');

done_testing();
