# consent_status: the counters, across workers and across a reload.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use GeoDB;


my %sections = (
    workers     => 2,
    http_config => <<'END',
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_geoip_source $http_x_forwarded_for;
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Set-Cookie "_ga=GA1.1.1.1; Path=/";
        return 200 "$http_cookie\n";
    }
}
END
    config      => <<'END',
location /collect {
    consent_require analytics;
    alias $TEST_NGINX_HTML_DIR/page.html;
}
location /ads {
    consent_require marketing status=403;
    alias $TEST_NGINX_HTML_DIR/page.html;
}
location /app {
    consent_strip_cookies analytics _ga;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
location /page {
    default_type text/html;
    consent_html on;
    consent_banner $TEST_NGINX_HTML_DIR/banner.html;
    alias $TEST_NGINX_HTML_DIR/page.html;
}
location /country {
    return 200 "$consent_country\n";
}
location /consent {
    consent_endpoint;
}
location /metrics {
    consent_status;
}
END
    user_files  => <<'END',
>>> page.html
<html><body><p>hello</p><script data-category="analytics">a()</script><img data-category="marketing" src="/px"></body></html>
>>> banner.html
<div id="banner">choose</div>
END
);

my $n = start_nginx(%sections);

sub metrics {
    my $r = $n->http('GET /metrics');
    is($r->{status}, 200, 'metrics answered');
    my %m;
    for (split /\n/, $r->{body}) {
        next if /^#/;
        /^(\S+) (\d+)$/ or do { fail("metric line: $_"); next; };
        $m{$1} = $2;
    }
    return (\%m, $r);
}

my $form = "Content-Type: application/x-www-form-urlencoded\n";

# before anything: every series is there, at zero

my ($m, $r) = metrics();

like(header_value($r, 'Content-Type'), qr{^text/plain; version=0\.0\.4$},
     'Prometheus text format');
like($r->{body}, qr/^# HELP nginx_consent_requests_total .+\n# TYPE nginx_consent_requests_total counter\n/m,
     'HELP and TYPE lines');
is($m->{'nginx_consent_requests_total{state="unset",source="regime"}'}, 0,
   'no request evaluated yet: the status location asks nothing');
is($m->{'nginx_consent_geoip_build_epoch_seconds'}, 1577209214,
   'the build epoch of the database in use');

# traffic, on new connections, so that both workers take some

$n->http('GET /collect') for 1 .. 3;
$n->http('GET /ads') for 1 .. 2;
$n->http('GET /collect', more_headers =>
         "Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq\n");
$r = $n->http('GET /app', more_headers => "Cookie: _ga=GA1.1.9.9; s=1\n");
is($r->{body}, "s=1\n", 'the cookie was stripped');
is(header_value($r, 'Set-Cookie'), undef, 'the Set-Cookie was removed');
$r = $n->http('GET /page');
like($r->{body}, qr/choose/, 'the banner was inserted');
unlike($r->{body}, qr/data-category/, 'marked elements were removed');
$n->http('GET /country', more_headers => "X-Forwarded-For: 81.2.69.160\n");
$n->http('GET /country', more_headers => "X-Forwarded-For: 10.0.0.1\n");
$n->http("POST /consent\naccept=all", more_headers => $form);
$n->http("POST /consent\nsave=1&analytics=1", more_headers => $form);
$n->http("POST /consent\nreject=all", more_headers => $form);
$n->http("POST /consent\nwhatever=1", more_headers => $form);
$n->http("POST /consent\naccept=all",
         more_headers => $form . "Sec-Fetch-Site: cross-site\n");

($m) = metrics();

my %want = (
    'nginx_consent_refused_total{category="analytics"}'   => 3,
    'nginx_consent_refused_total{category="marketing"}'   => 2,
    'nginx_consent_refused_total{category="preferences"}' => 0,
    'nginx_consent_cookies_stripped_total'                => 1,
    'nginx_consent_set_cookies_removed_total'             => 1,
    'nginx_consent_html_elements_removed_total'           => 2,
    'nginx_consent_banners_inserted_total'                => 1,
    'nginx_consent_decisions_total{outcome="accepted"}'   => 1,
    'nginx_consent_decisions_total{outcome="partial"}'    => 1,
    'nginx_consent_decisions_total{outcome="rejected"}'   => 1,
    'nginx_consent_decisions_total{outcome="invalid"}'    => 1,
    'nginx_consent_decisions_total{outcome="cross_site"}' => 1,
    'nginx_consent_geoip_lookups_total'                   => 2,
    'nginx_consent_geoip_misses_total'                    => 1,
    'nginx_consent_requests_total{state="accepted",source="cookie"}' => 0,
    'nginx_consent_requests_total{state="partial",source="cookie"}'  => 1,
);

is($m->{$_}, $want{$_}, $_) for sort keys %want;

# every request that asked the module: /collect x4, /ads x2, /app, /page,
# and the four posts that reached a decision or were read (not the 403)

my $evaluated = 0;
$evaluated += $m->{$_} for grep { /^nginx_consent_requests_total/ } keys %$m;
is($evaluated, 11, 'requests evaluated, once each');

# a reload keeps the zone; a new category takes a new index

ok($n->reload(http_config => $sections{http_config}
                             . "consent_category research;\n"),
   'reloaded with one more category');

($m) = metrics();

is($m->{'nginx_consent_refused_total{category="analytics"}'}, 3,
   'counters survive a reload');
is($m->{'nginx_consent_refused_total{category="research"}'}, 0,
   'the new category starts at zero');
is($m->{'nginx_consent_decisions_total{outcome="accepted"}'}, 1,
   'decisions survive a reload');

$n->finish('consent_status');

done_testing();
