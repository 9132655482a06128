# A loaded module that a location does not use changes nothing: the same
# bytes as nginx without the module.  And consent_require status=444 closes
# the connection without an answer.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;

my %site = (
    http_config => 'consent_category videos;',
    config      => <<'EOF_CONF',
location = /static.html {
    root $TEST_NGINX_HTML_DIR;
}
location = /ret {
    return 200 "plain $request_method\n";
}
location = /hdr {
    add_header Set-Cookie "_ga=GA1.2.3" always;
    add_header X-Test "1";
    return 204;
}
location = /beacon {
    consent_require analytics status=444;
    root $TEST_NGINX_HTML_DIR;
}
EOF_CONF
    user_files  => ">>> static.html\n<html><body>hello</body></html>\n"
                   . ">>> beacon\nb\n",
);

my @requests = (
    "GET /static.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    . "Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq\r\nDNT: 1\r\n\r\n",
    "HEAD /static.html HTTP/1.0\r\n\r\n",
    "GET /ret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    . "Cookie: consent=junk; _ga=1\r\nSec-GPC: 1\r\n\r\n",
    "GET /hdr HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    "GET /missing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
);

my $with = start_nginx(%site);
my $without = start_nginx(%site, no_module => 1,
                          http_config => '',
                          config => $site{config} =~ s/consent_require[^\n]*//r);

# the two copies of a file, written a second apart, would differ in
# Last-Modified and ETag

for my $n ($with, $without) {
    utime 1732350000, 1732350000, map { $n->html_dir . "/$_" }
                                      qw(static.html beacon);
}

for my $req (@requests) {
    my ($line) = $req =~ /^(\S+ \S+)/;
    my $a = $with->request($req);
    my $b = $without->request($req);

    # the Date header is the only thing allowed to differ
    s/^Date: [^\r]*\r\n//m for $a->{raw}, $b->{raw};

    ok(length $a->{raw} > 0, "$line: an answer");
    is($a->{raw}, $b->{raw}, "$line: byte for byte as without the module");
}

my $r = $with->request("GET /beacon HTTP/1.1\r\nHost: localhost\r\n"
                       . "Connection: close\r\n\r\n");
is($r->{raw}, '', 'status=444 closes the connection without an answer');

$r = $with->request("GET /beacon HTTP/1.1\r\nHost: localhost\r\n"
                    . "Connection: close\r\n"
                    . "Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq"
                    . "\r\n\r\n");
is($r->{status}, 200, 'status=444: granted, answered');

$with->finish('with the module');
$without->finish('without the module');

done_testing();
