# Self-tests of the test harness (t/lib/Test/Consent.pm) against Debian's
# plain nginx: the blocks below use "--- no_module", so they hold whatever
# state the module is in.  Run from the repository root: prove t/harness.t

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;

use File::Temp qw(tempdir);
use IO::Socket::INET;
use POSIX ();
use Time::HiRes qw(sleep time);


# 1. every block of __DATA__, against plain nginx

my @blocks = blocks();
ok(@blocks >= 20, 'blocks read from __DATA__');

run_block($_) for @blocks;


ok(-f "$Test::Consent::ROOT/t/lib/Test/Consent.pm",
   '$TEST_NGINX_ROOT is the repository root');


# 2. the block parser

{
    my @b = parse_blocks(<<'EOT', file => 'x.t', line => 10);
text before the first block is ignored
=== TEST 1: one
a description line is ignored

--- config

location / {}


--- error_code: 204
--- raw_request
GET / HTTP/1.0
Host: x

--- response_body chomp
abc
--- must_die_line: config:2
--- more_headers
A: 1

=== TEST 2: two
--- reponse_body
x
--- config
a
--- config
b
--- response_body eval
"a" x 3
--- more_headers eval
die "boom\n"
--- request foo
GET /
===
--- raw_request eval chomp
[ "x\r\n" ]
EOT

    is(scalar @b, 3, 'parser: three blocks');
    is($b[0]{name}, 'TEST 1: one', 'parser: name');
    is($b[0]{_line}, 11, 'parser: line of the block in the file');
    is($b[0]{config}, "location / {}\n", 'parser: blank lines trimmed');
    is($b[0]{error_code}, '204', 'parser: inline value');
    is($b[0]{raw_request}, "GET / HTTP/1.0\r\nHost: x\r\n\r\n",
       'parser: raw_request verbatim with CRLF');
    is($b[0]{response_body}, 'abc', 'parser: chomp');
    is($b[0]{must_die_line}, 'config:2', 'parser: must_die_line');
    is($b[0]{more_headers}, "A: 1\n", 'parser: last section');
    is_deeply($b[0]{_errors}, [], 'parser: no errors in a good block');

    is($b[1]{response_body}, 'aaa', 'parser: eval');
    my $e = join "\n", @{ $b[1]{_errors} };
    like($e, qr/unknown section "reponse_body"/, 'parser: unknown section');
    like($e, qr/section "config" given twice/, 'parser: duplicate');
    like($e, qr/eval failed: boom/, 'parser: eval error');
    like($e, qr/unknown filter "foo"/, 'parser: unknown filter');
    is($b[1]{config}, "a\n", 'parser: first of duplicates kept');

    like($b[2]{name}, qr/^block at line \d+$/, 'parser: unnamed block');
    like(join("\n", @{ $b[2]{_errors} }), qr/"chomp" after "eval"/,
         'parser: chomp after eval refused');

    my @v = map { [ Test::Consent::_validate($_) ] } parse_blocks(<<'EOT');
=== no assertion
--- request
GET /
=== must_die with a request
--- must_die
--- request
GET /
=== checks without a request
--- response_body
x
=== bad workers
--- workers: many
--- error_log
x
=== bad error_code
--- request
GET /
--- error_code: 2OO
=== fine
--- config
location / {}
--- request
GET /
--- error_code: 200
EOT

    like("@{$v[0]}", qr/no assertion/, 'validate: no assertion');
    like("@{$v[1]}", qr/"request" makes no sense in a must_die block/,
         'validate: must_die with a request');
    like("@{$v[2]}", qr/"response_body" needs a request/,
         'validate: check without a request');
    like("@{$v[3]}", qr/workers must be/, 'validate: workers');
    like("@{$v[4]}", qr/error_code must be a status/, 'validate: status');
    is_deeply($v[5], [], 'validate: good block');
}


# 3. requests

is(build_request(request => 'GET /t'),
   "GET /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
   'request: defaults');

is(build_request(request => "# comment\nGET /t HTTP/1.0\n",
                 more_headers => "Cookie: a=1\n# not sent\nCookie: b=2\n"
                                 . "Host: example.com\nX-Empty:\n"),
   "GET /t HTTP/1.0\r\nConnection: close\r\nCookie: a=1\r\nCookie: b=2\r\n"
   . "Host: example.com\r\nX-Empty: \r\n\r\n",
   'request: repeated headers in order, Host replaced, comments skipped');

is(build_request(request => "POST /p\n  hello world\n\n"),
   "POST /p HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
   . "Content-Length: 11\r\n\r\nhello world",
   'request: body trimmed, Content-Length added');

is(build_request(request => "POST /p\n5\r\nhello\r\n0\r\n\r\n",
                 more_headers => 'Transfer-Encoding: chunked',
                 connection => 'keep-alive'),
   "POST /p HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n"
   . "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
   'request: chunked body sent as given');

is_deeply([ map { [ $_->{method}, $_->{close} ] } Test::Consent::_request_info(
              "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
              . "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
              . "GET /x HTTP/1.0\r\n\r\n"
              . "GET /never HTTP/1.1\r\n\r\n") ],
          [ [ 'HEAD', 0 ], [ 'POST', 0 ], [ 'GET', 1 ] ],
          'request: pipelined requests recognised, up to the close');


# 4. responses

{
    my @r = parse_responses(
        "HTTP/1.1 100 Continue\r\n\r\n"
        . "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n"
        . "Transfer-Encoding: chunked\r\n\r\n"
        . "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-T: 1\r\n\r\n"
        . "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n"
        . "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n"
        . "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
        . "HTTP/1.0 200 OK\r\nX-Folded: a\r\n b\r\n\r\nuntil the close",
        [ 'POST', 'HEAD', 'GET', 'GET', 'GET' ]);

    is(scalar @r, 6, 'response: six responses');
    ok($r[0]{interim} && $r[0]{status} == 100, 'response: 100 is interim');
    is($r[1]{body}, 'hello world', 'response: chunked body decoded');
    ok($r[1]{chunked} && $r[1]{complete}, 'response: chunked, complete');
    is_deeply([ header_values($r[1], 'Set-Cookie') ], [ 'a=1', 'b=2' ],
              'response: repeated headers kept, names case-insensitive');
    is_deeply($r[1]{trailers}, [ 'X-T: 1' ], 'response: trailer');
    is($r[2]{body}, '', 'response: no body after HEAD');
    is(header_value($r[2], 'content-length'), 12, 'response: HEAD length');
    is($r[3]{status}, 204, 'response: 204 without a body');
    is($r[4]{body}, 'abc', 'response: Content-Length body');
    is($r[5]{body}, 'until the close', 'response: close-delimited body');
    ok($r[5]{close_delimited}, 'response: close-delimited flag');
    is(header_value($r[5], 'X-Folded'), 'a b', 'response: folded header');
    ok(!grep({ defined $_->{error} } @r), 'response: no errors');

    my ($t) = parse_responses("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                              . "chunked\r\n\r\n5\r\nhello\r\n");
    like($t->{error}, qr/truncated chunked body/, 'response: truncated');
    ok(!$t->{complete}, 'response: truncated is not complete');

    ($t) = parse_responses("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
                           . 'abc');
    like($t->{error}, qr/truncated body: 3 of 10 bytes/,
         'response: short Content-Length body');

    ($t) = parse_responses("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"
                           . "Content-Length: 4\r\n\r\nabcd");
    like($t->{error}, qr/bad Content-Length/, 'response: two lengths');

    ($t) = parse_responses("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                           . "chunked\r\n\r\nzz\r\n");
    like($t->{error}, qr/bad chunk size line/, 'response: bad chunk');

    my $h = { headers => [ [ 'X-Empty', '' ], [ 'Set-Cookie', 'a=1' ],
                           [ 'Set-Cookie', 'b=2' ] ] };
    my $hc = sub { (Test::Consent::_header_check($h, @_))[0] ? 1 : 0 };

    is($hc->('X-Empty:', 0), 1, 'header check: present and empty');
    is($hc->('Set-Cookie:', 0), 0, 'header check: not empty');
    is($hc->('!X-Empty', 0), 0, 'header check: absent fails');
    is($hc->('!X-None', 0), 1, 'header check: absent');
    is($hc->('Set-Cookie: b=2', 0), 1, 'header check: second value');
    is($hc->('set-cookie: a=1', 0), 1, 'header check: name case');
    is($hc->('Set-Cookie: a=', 0), 0, 'header check: exact value');
    is($hc->('Set-Cookie: [ab]=\d', 1), 1, 'header check: regex');
    is($hc->('Set-Cookie: a', 1), 0, 'header check: regex anchored');
    is($hc->('X-None: .*', 1), 0, 'header check: regex needs the header');
    is($hc->('garbage', 0), 0, 'header check: bad line');
}


# 5. http_request against a server that is not nginx

sub fake_server {
    my ($answer, $hold) = @_;

    my $l = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Listen => 5, Proto => 'tcp', ReuseAddr => 1)
        or die "listen: $!";
    my $pid = fork;
    die "fork: $!" unless defined $pid;

    if ($pid == 0) {
        my $c = $l->accept;
        my $req = '';
        while ($req !~ /\r\n\r\n/) {
            sysread($c, $req, 4096, length $req) or last;
        }
        syswrite($c, $answer) if defined $answer;
        sleep($hold) if $hold;
        close $c;
        POSIX::_exit(0);
    }

    my $port = $l->sockport;
    close $l;
    return ($pid, $port);
}

{
    my ($pid, $port) = fake_server("HTTP/1.1 200 OK\r\nX-Empty:\r\n"
                                   . "Transfer-Encoding: chunked\r\n\r\n"
                                   . "3\r\nabc\r\n0\r\n\r\n", 5);
    my $t = time;
    my $r = http_request($port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                         timeout => 3);
    ok(time - $t < 1, 'client: keep-alive response ends without the close');
    is($r->{status}, 200, 'client: status');
    is($r->{body}, 'abc', 'client: chunked body');
    is_deeply([ header_values($r, 'X-Empty') ], [''], 'client: empty value');
    ok(!defined $r->{error}, 'client: no error');
    kill 'TERM', $pid;
    waitpid $pid, 0;

    ($pid, $port) = fake_server(undef, 2);
    $t = time;
    $r = http_request($port, "GET / HTTP/1.0\r\n\r\n", timeout => 0.3);
    like($r->{error}, qr/^timeout after 0.3s/, 'client: timeout reported');
    ok(time - $t < 1, 'client: timeout honoured');
    kill 'TERM', $pid;
    waitpid $pid, 0;

    ($pid, $port) = fake_server("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n"
                                . "\r\nabc");
    $r = http_request($port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    like($r->{error}, qr/truncated body/, 'client: early close reported');
    waitpid $pid, 0;

    $r = http_request($port, "GET / HTTP/1.0\r\n\r\n");
    like($r->{error}, qr/connect to 127.0.0.1:$port failed/,
         'client: refused connection reported');
}


# 6. the API for hand-written tests

{
    my $n = start_nginx(no_module => 1, workers => 2,
                        config => 'location /t { return 200 "gen1\n"; }',
                        user_files => ">>> x.txt\nx\n");

    ok($n->port > 0 && $n->port2 > 0 && $n->port != $n->port2,
       'api: ports');
    ok(-f $n->prefix . '/html/x.txt', 'api: prefix and user files');

    my $r = $n->http('GET /t');
    is($r->{status}, 200, 'api: http() status');
    is($r->{body}, "gen1\n", 'api: http() body');
    is_deeply([ map { $_->[0] } @{ $r->{headers} } ],
              [ qw(Server Date Content-Type Content-Length Connection) ],
              'api: headers in order');

    $r = $n->request("GET /x.txt HTTP/1.0\r\n\r\n");
    is($r->{body}, "x\n", 'api: request() with raw bytes');

    my $t = time;
    $r = $n->request("GET /t HTTP/1.1\r\nHost: x\r\n\r\n", timeout => 3);
    ok($r->{status} == 200 && time - $t < 1,
       'api: keep-alive request returns when the response is complete');

    my @old = grep { Test::Consent::_is_worker($_) }
              Test::Consent::_children($n->pid);
    is(scalar @old, 2, 'api: two workers');

    ok($n->reload(config => 'location /t { return 200 "gen2\n"; }'),
       'api: reload with a new config');
    is($n->http('GET /t')->{body}, "gen2\n", 'api: new config answers');
    my @new = grep { Test::Consent::_is_worker($_) }
              Test::Consent::_children($n->pid);
    ok(@new == 2 && !grep({ my $o = $_; grep { $_ == $o } @new } @old),
       'api: a new generation of workers');

    ok(!$n->reload(config => 'location /t { retrun 200; }'),
       'api: reload with a broken config fails');
    like($n->{reload_error}, qr/unknown directive "retrun"/,
         'api: reload error');
    is($n->http('GET /t')->{body}, "gen2\n", 'api: old config still serves');

    # a crashing worker is what the harness exists to catch

    kill 'SEGV', $new[0];
    my $deadline = time + 5;
    sleep 0.01 while time < $deadline
                     && $n->error_log !~ /exited on signal 11/;

    ok($n->stop, 'api: stop');
    ok(!Test::Consent::_alive($n->pid), 'api: master gone after stop');
    my @fatal = $n->fatal_lines;
    ok((grep { /exited on signal 11/ } @fatal), 'api: crash is fatal');
    ok((grep { /\[emerg\].*retrun/ } @fatal), 'api: emerg is fatal');
    is(scalar $n->fatal_lines(allow => [ qr/retrun|signal 11/ ]), 0,
       'api: fatal_lines(allow => ...)');
    like($n->access_log, qr{"GET /t HTTP/1.1" 200}, 'api: access_log');

    my $prefix = $n->prefix;
    undef $n;
    ok(!-d $prefix, 'api: prefix removed');

    $n = start_nginx(no_module => 1, config => 'location / { return 204; }');
    is($n->http('GET /')->{status}, 204, 'api: second instance');
    $n->finish('api: finish');

    my $e = eval { start_nginx(no_module => 1, config => 'bogus_xyz;'); 1 }
            ? '' : $@;
    like($e, qr/^start_nginx: nginx failed to start.*"bogus_xyz"/s,
         'api: start_nginx dies when nginx fails');

    my $c = nginx_t(no_module => 1,
                    config => "location / {\n    retrun 200;\n}\n");
    ok(!$c->{ok} && $c->{exit} == 1, 'api: nginx_t fails');
    like($c->{output}, qr/unknown directive "retrun" in \Q$c->{conf}\E:(\d+)/,
         'api: nginx_t output');
    my ($line) = $c->{output} =~ /\Q$c->{conf}\E:(\d+)/;
    is($line, $c->{line_of}->('config', 2), 'api: nginx_t line_of');
    ok(!-d $c->{prefix}, 'api: nginx_t prefix removed');

    ok(nginx_t(no_module => 1, config => 'location / {}')->{ok},
       'api: nginx_t passes a good config');

    # a master that does not exit on QUIT is killed, and that is a failure

    $n = start_nginx(no_module => 1, config => 'location / { return 204; }');
    my @w = Test::Consent::_children($n->pid);
    kill 'STOP', $n->pid;
    $t = time;
    ok(!$n->stop(0.2), 'api: stop of a hanging master fails');
    ok(time - $t < 3, 'api: ... within the time given');
    like($n->{stop_error}, qr/did not exit within 0.2s of QUIT; stopped with/,
         'api: ... and says why');
    ok(!Test::Consent::_alive($n->pid) && !grep({ Test::Consent::_alive($_) }
                                                @w),
       'api: ... and no process is left');
    $n->_cleanup;
}


# 7. load_module of TEST_NGINX_MODULE, with a stock dynamic module standing
#    in for ours

SKIP: {
    my ($stock, $why) = debian_module('ngx_stream_module.so');

    skip("load_module TEST_NGINX_MODULE: $why", 1) unless $stock;

    local $ENV{TEST_NGINX_MODULE} = $stock;
    my ($b) = parse_blocks(<<'EOT', file => __FILE__);
=== load_module TEST_NGINX_MODULE
--- main_config
stream { }
--- config
location /t { return 200 "loaded\n"; }
--- request
GET /t
--- response_body
loaded
EOT
    run_block($b);
}


# 8. what must fail fails, and nothing is skipped

sub run_sub {
    my ($text, %env) = @_;

    my $dir = tempdir(CLEANUP => 1);
    open my $fh, '>', "$dir/sub.t" or die;
    print {$fh} "use lib 't/lib';\nuse Test::Consent;\nrun_tests();\n"
                . "__DATA__\n$text";
    close $fh;

    local @ENV{ keys %env } = values %env;
    my $out = `$^X $dir/sub.t 2>&1`;
    return ($? >> 8, $out);
}

{
    my $tmp = tempdir(CLEANUP => 1);
    chmod 0755, $tmp;

    my ($rc, $out) = run_sub(<<'EOT', TEST_NGINX_TMPDIR => $tmp);
=== TEST 1: no assertion
--- no_module
--- config
location /t { return 200; }
--- request
GET /t

=== TEST 2: nginx does not start
--- no_module
--- config
location /t { bogus_directive_xyz; }
--- request
GET /t
--- error_code: 200

=== TEST 3: wrong body
--- no_module
--- config
location /t { return 200 "a\n"; }
--- request
GET /t
--- response_body
b

=== TEST 4: must_die on a valid config
--- no_module
--- config
location /t { return 200; }
--- must_die

=== TEST 5: alert in error.log
--- no_module
--- user_files
>>> ../logs/error.log
2024/01/01 00:00:00 [alert] 1#1: planted alert
--- config
location /t { return 200; }
--- request
GET /t
--- error_code: 200

=== TEST 6: unknown section
--- no_module
--- reponse_body
x
--- request
GET /t
--- error_code: 200

=== TEST 7: wrong must_die_line
--- no_module
--- config
location /t {
    retrun 200;
}
--- must_die
--- error_log
unknown directive "retrun"
--- must_die_line: config:1

=== TEST 8: no_error_log hit
--- no_module
--- config
location /t { return 200; }
--- request
GET /t
--- error_code: 200
--- no_error_log
[notice]

=== TEST 9: unknown variable
--- no_module
--- config
location /t { return 200 "$TEST_NGINX_HARNESS_NOT_SET"; }
--- request
GET /t
--- error_code: 200

=== TEST 10: response timeout
--- no_module
--- config
location /t { limit_rate 1; return 200 "0123456789"; }
--- request
GET /t
--- timeout: 0.3
--- error_code: 200

=== TEST 11: wrong status
--- no_module
--- config
location /t { return 204; }
--- request
GET /t
--- error_code: 200

=== TEST 12: missing header
--- no_module
--- config
location /t { return 200; }
--- request
GET /t
--- response_headers
X-Missing: 1
EOT

    my %why = (
        1 => 'block is well-formed',
        2 => 'nginx started',
        3 => 'response body',
        4 => 'nginx -t fails with [emerg]',
        5 => 'no alert, crit, emerg, crash or sanitizer report',
        6 => 'block is well-formed',
        7 => 'nginx -t reports the error at nginx.conf line',
        8 => 'error.log has no "[notice]"',
        9 => 'nginx started',
        10 => 'complete response',
        11 => 'status 200',
        12 => 'header X-Missing: 1',
    );

    isnt($rc, 0, 'failures: the test file fails');
    unlike($out, qr/#\s*skip/i, 'failures: nothing is skipped');
    like($out, qr/^1\.\.\d+$/m, 'failures: the plan is printed');

    for my $i (sort { $a <=> $b } keys %why) {
        like($out, qr/^not ok \d+ - TEST $i: .* - \Q$why{$i}\E/m,
             "failures: TEST $i fails on \"$why{$i}\"");
    }

    like($out, qr/no assertion: a block needs/, 'failures: why no assertion');
    like($out, qr/unknown directive "bogus_directive_xyz"/,
         'failures: nginx output shown when it does not start');
    like($out, qr/planted alert/, 'failures: the alert is shown');
    like($out, qr/unknown variable \$TEST_NGINX_HARNESS_NOT_SET/,
         'failures: unknown variable named');
    like($out, qr/timeout after 0.3s/, 'failures: timeout shown');
    like($out, qr/error\.log:\n#\s+\d{4}\/\d\d\/\d\d/,
         'failures: error.log printed');
    like($out, qr/nginx\.conf \(.*\):\n#\s+1  /, 'failures: config printed');

    opendir my $dh, $tmp or die;
    is_deeply([ grep { !/^\.\.?$/ } readdir $dh ], [],
              'failures: every prefix removed');

    ($rc, $out) = run_sub(<<'EOT', TEST_NGINX_TMPDIR => $tmp,
=== TEST 1: kept
--- no_module
--- config
location /t { return 200; }
--- request
GET /t
--- error_code: 200
EOT
                          TEST_NGINX_KEEP => 1);
    is($rc, 0, 'keep: the file passes');
    opendir $dh, $tmp or die;
    my @kept = grep { /^consent-t-/ } readdir $dh;
    is(scalar @kept, 1, 'keep: TEST_NGINX_KEEP=1 keeps the prefix');
    ok(-f "$tmp/$kept[0]/conf/nginx.conf", 'keep: with its nginx.conf');

    my $missing = <<'EOT';
=== TEST 1: live block
--- config
location /t { return 200; }
--- request
GET /t
--- error_code: 200

=== TEST 2: must_die block
--- config
location /t { retrun 200; }
--- must_die
--- error_log
unknown directive
EOT

    ($rc, $out) = run_sub($missing, TEST_NGINX_MODULE => '/nonexistent/m.so');
    isnt($rc, 0, 'no module: the test file fails');
    unlike($out, qr/#\s*skip/i, 'no module: nothing is skipped');
    like($out, qr/^not ok \d+ - TEST 1: live block - nginx started/m,
         'no module: a live block fails');
    like($out, qr/^not ok \d+ - TEST 2: must_die block - nginx -t ran/m,
         'no module: a must_die block fails');
    like($out, qr{module /nonexistent/m\.so not found},
         'no module: the reason is given');

    ($rc, $out) = run_sub($missing, TEST_NGINX_MODULE => '/dev/null',
                          TEST_NGINX_BINARY => '/nonexistent/nginx');
    isnt($rc, 0, 'no binary: the test file fails');
    like($out, qr{^not ok \d+ - TEST 1: live block - nginx started}m,
         'no binary: a live block fails');
    like($out, qr{nginx binary /nonexistent/nginx not found},
         'no binary: the reason is given');

    ($rc, $out) = run_sub('');
    isnt($rc, 0, 'no blocks: the test file fails');
}

done_testing();

__DATA__

=== TEST 1: return 200
--- no_module
--- config
location /t {
    return 200 "port $server_port\n";
}
--- request
GET /t
--- error_code: 200
--- response_body
port $TEST_NGINX_SERVER_PORT
--- no_error_log
[error]
[warn]



=== TEST 2: add_header, repeated response headers
--- no_module
--- config
location /t {
    add_header X-One 1;
    add_header Set-Cookie "a=1; Path=/";
    add_header Set-Cookie "b=2; Path=/";
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-One: 1
Set-Cookie: a=1; Path=/
Set-Cookie: b=2; Path=/
Content-Length: 3
!X-Two
--- response_headers_like
Set-Cookie: b=\d; Path=/
Server: nginx/[\d.]+
--- raw_response_headers_like
Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; Path=/\r\n



=== TEST 3: repeated request headers, in order
--- no_module
--- config
location /t {
    return 200 "$http_cookie|$http_x_a\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.3.analytics.k3J9xQ
Cookie: other=1
X-A: first
X-A: second
DNT: 1
--- response_body_like
^consent=1\.1732350000\.3\.analytics\.k3J9xQ; other=1\|first(, second)?$
--- error_log
qr/http header: "X-A: first".*http header: "X-A: second"/s
http header: "DNT: 1"



=== TEST 4: must_die: a typo, at its line in the config section
--- no_module
--- config
location /t {
    retrun 200;
}
--- must_die
--- error_log
unknown directive "retrun"
--- must_die_line: config:2



=== TEST 5: must_die: an absolute line of nginx.conf
--- no_module
--- http_config
consent_no_such_directive on;
--- must_die
--- error_log
qr/\[emerg\] unknown directive "consent_no_such_directive"/
--- must_die_line: 19



=== TEST 6: must_die: a bad value
--- no_module
--- main_config
worker_rlimit_nofile lots;
--- must_die
--- error_log
"worker_rlimit_nofile" directive invalid number
--- must_die_line: main_config:1



=== TEST 7: a chunked response
--- no_module
--- user_files
>>> page.html
<p>hello world</p>
--- config
location = /page.html {
    sub_filter world nginx;
}
--- request
GET /page.html
--- raw_response_headers_like
Transfer-Encoding: chunked\r\n
--- response_headers
!Content-Length
Content-Type: text/html
--- response_body
<p>hello nginx</p>



=== TEST 8: user_files served by root, in a subdirectory
--- no_module
--- user_files
>>> a/b.txt
file in a subdirectory

>>> c.txt
second file
--- config
location / { }
--- request
GET /a/b.txt
--- response_body
file in a subdirectory
--- response_headers
Content-Type: text/plain



=== TEST 9: user_files outside html/, included by the config
--- no_module
--- user_files
>>> ../conf/extra.conf
location = /extra {
    return 200 "included from $TEST_NGINX_PREFIX\n";
}
--- config
include extra.conf;
--- request
GET /extra
--- response_body
included from $TEST_NGINX_PREFIX



=== TEST 10: a request body, echoed through a second server
--- no_module
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        return 200 "$http_x_body|$request_method|$content_length";
    }
}
--- config
location /echo {
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
    proxy_set_header X-Body $request_body;
}
--- request
POST /echo
consent=1&categories=analytics
--- response_body chomp
consent=1&categories=analytics|POST|30



=== TEST 11: raw_request, pipelined, CRLF added
--- no_module
--- config
location /a { return 200 "a\n"; }
location /b { return 404; }
--- raw_request
GET /a HTTP/1.1
Host: localhost

GET /b HTTP/1.1
Host: localhost
Connection: close

--- error_code: 200 404
--- response_body_like
^a\n<html>.*404 Not Found
--- response_headers_like
Server: nginx/[\d.]+



=== TEST 12: raw_request eval in two pieces, HTTP/1.0, close-delimited
--- no_module
--- user_files
>>> p.html
<b>one</b>
--- config
location = /p.html {
    sub_filter one two;
}
--- raw_request eval
["GET /p.html HTTP/1.0\r\nHo", "st: localhost\r\n\r\n"]
--- response_body
<b>two</b>
--- response_headers
!Content-Length
!Transfer-Encoding



=== TEST 13: HEAD: headers only
--- no_module
--- config
location /t {
    return 200 "twelve bytes";
}
--- request
HEAD /t
--- response_headers
Content-Length: 12
--- response_body



=== TEST 14: pipelined_requests
--- no_module
--- config
location /t {
    return 200 "$request_uri $http_connection\n";
}
--- pipelined_requests eval
["GET /t?1", "GET /t?2"]
--- error_code: 200 200
--- response_body
/t?1 keep-alive
/t?2 close



=== TEST 15: response_body_json
--- no_module
--- config
location /j {
    default_type application/json;
    return 200 '{"state":"unset","granted":["necessary"],"n":1}';
}
--- request
GET /j
--- response_body_json
{ "n": 1, "granted": [ "necessary" ], "state": "unset" }
--- response_headers
Content-Type: application/json



=== TEST 16: no request: start-up messages, workers, log_level
--- no_module
--- workers: 2
--- log_level: warn
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    server_name localhost;
}
--- error_log
conflicting server name "localhost" on 127.0.0.1:$TEST_NGINX_SERVER_PORT,
--- no_error_log
[notice]
[debug]



=== TEST 17: error_log substrings and regexes, with wait
--- no_module
--- config
location / { }
--- request
GET /nope.html
--- error_code: 404
--- wait: 0.05
--- error_log
open() "$TEST_NGINX_HTML_DIR/nope.html" failed (2: No such file or directory)
qr/\[error\] \d+#\d+: \*\d+ open\(\) "$TEST_NGINX_HTML_DIR/
--- no_error_log
[crit]



=== TEST 18: main_config and server_config
--- no_module
--- main_config
env TEST_NGINX_HARNESS;
--- config
location = /c { return 200 "config\n"; }
--- server_config
location = /s { return 200 "server_config\n"; }
--- request
GET /s
--- response_body
server_config



=== TEST 19: substitution in expected headers
--- no_module
--- config
location /r {
    return 302 http://localhost:$server_port/x;
}
--- request
GET /r
--- error_code: 302
--- response_headers
Location: http://localhost:$TEST_NGINX_SERVER_PORT/x
--- response_headers_like
Location: http://localhost:$TEST_NGINX_SERVER_PORT/.*



=== TEST 20: a big body read in many pieces
--- no_module
--- user_files eval
[ [ "big.txt", "0123456789" x 50000 ] ]
--- config
location / { }
--- request
GET /big.txt
--- response_headers
Content-Length: 500000
--- response_body_like
^(?:0123456789){50000}$



=== TEST 21: $TEST_NGINX_ROOT
--- no_module
--- config
location /t {
    return 200 "$TEST_NGINX_ROOT\n";
}
--- request
GET /t
--- response_body_like
^/\S+\n$
