# consent_strip_cookies and consent_expire_cookies against hostile
# requests: many copies of a cookie, many names, a catastrophic regex.
# A request must not be able to amplify the answer nor the work, and what
# the module logs about it carries no client address.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use Time::HiRes qw(time);


sub cookie_lines {
    my ($copies, $per_line, @names) = @_;
    my (@pairs, $lines);

    for my $i (1 .. $copies) {
        push @pairs, map { "$_=$i" } @names;
    }

    while (my @line = splice @pairs, 0, $per_line) {
        $lines .= 'Cookie: ' . join('; ', @line) . "\n";
    }

    return $lines;
}


my $n = start_nginx(
    name        => 'strip_hostile',
    log_level   => 'info',
    http_config => <<'EOF',
large_client_header_buffers 8 64k;
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "cookie: $http_cookie\n";
    }
}
EOF
    config      => <<'EOF',
location /host {
    consent_strip_cookies analytics _ga _gid ~^_ga_;
    consent_expire_cookies on;
    return 200 "ok\n";
}

location /domain {
    consent_strip_cookies analytics _ga _gid;
    consent_expire_cookies on domain=.example.com path=/shop;
    return 200 "ok\n";
}

location /budget {
    consent_strip_cookies analytics ~_x$;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}

location /regex {
    consent_strip_cookies analytics ~^(a+)+$;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
EOF
);


# 3,000 copies of one cookie: one deletion

my $r = $n->http('GET /host', more_headers => cookie_lines(3000, 1000, '_ga'));
is($r->{status}, 200, '3,000 copies of _ga answered');
is_deeply([ header_values($r, 'Set-Cookie') ], [ '_ga=; Max-Age=0; Path=/' ],
          '3,000 copies of _ga: one deletion');

# the same in one line, as far as the scanner reads it

$r = $n->http('GET /host', more_headers => cookie_lines(1000, 1000, '_ga'));
is_deeply([ header_values($r, 'Set-Cookie') ], [ '_ga=; Max-Age=0; Path=/' ],
          '1,000 copies of _ga in one line: one deletion');

# two names, interleaved copies: two deletions

$r = $n->http('GET /host',
              more_headers => cookie_lines(1500, 1000, '_ga', '_gid'));
is_deeply([ sort(header_values($r, 'Set-Cookie')) ],
          [ '_ga=; Max-Age=0; Path=/', '_gid=; Max-Age=0; Path=/' ],
          '1,500 copies each of _ga and _gid: two deletions');

# with the trackers' domain and path: one deletion per name and place

$r = $n->http('GET /domain',
              more_headers => cookie_lines(1500, 1000, '_ga', '_gid'));
is_deeply([ sort(header_values($r, 'Set-Cookie')) ],
          [ '_ga=; Max-Age=0; Path=/',
            '_ga=; Max-Age=0; Path=/shop; Domain=.example.com',
            '_gid=; Max-Age=0; Path=/',
            '_gid=; Max-Age=0; Path=/shop; Domain=.example.com' ],
          'on the host and on the domain: one deletion each');

# many distinct names: the deletions are bounded

$r = $n->http('GET /host',
              more_headers => cookie_lines(1, 1000,
                                           map { "_ga_$_" } 1 .. 3000));
is($r->{status}, 200, '3,000 distinct tracker names answered');
my @deleted = header_values($r, 'Set-Cookie');
cmp_ok(scalar @deleted, '<=', 100, 'at most 100 deletions at once');
cmp_ok(scalar @deleted, '>', 0, 'some deletions still');
my %seen;
is(scalar(grep { $seen{$_}++ } @deleted), 0, 'no deletion twice');


# a catastrophic regex against many long names

my $t = time;
$r = $n->http('GET /regex',
              more_headers => cookie_lines(1, 100, "keep",
                                           map { ("a" x 200) . "b$_" }
                                               1 .. 300),
              timeout => 30);
my $spent = time - $t;

is($r->{status}, 200, 'catastrophic regex: answered');
like($r->{body}, qr/^cookie: keep=1[; ]*\n\z/,
     'every name the regex could not decide on is stripped');
cmp_ok($spent, '<', 2, 'and promptly');


# the regex budget is the request's: past 100 runs, names are stripped

$r = $n->http('GET /budget',
              more_headers => cookie_lines(1, 1000, map { "n$_" } 1 .. 150));
is($r->{status}, 200, '150 names for a regex: answered');
my @kept = $r->{body} =~ /\bn(\d+)=1/g;
is_deeply(\@kept, [ 1 .. 100 ], 'the first 100 names kept, the rest stripped');

$n->stop;

my @lines = grep { /consent|pcre/ } split /\n/, $n->error_log;
my @regex = grep { /pcre2_match\(\) failed|regex/ } @lines;

cmp_ok(scalar @regex, '>', 0, 'the failing regex is logged');
cmp_ok(scalar @regex, '<=', 2, 'once for the request, not once per name');
is(scalar(grep { /100 regex runs spent on cookie names/ } @regex), 1,
   'the budget spent is logged once');
is(scalar(grep { /client:|127\.0\.0\.1/ } @regex), 0,
   'without the client address');

$n->finish('strip_hostile');

done_testing();
