#!/usr/bin/perl

# The demo in a real browser.  tools/demo.sh starts conf/demo.conf (the
# site in demo/) from a prefix of its own, on a free port, and
# t/browser/e2e.mjs plays six visitors in Debian's chromium, headless,
# driven by playwright-core: before any decision, accepting analytics,
# after withdrawing, with Global Privacy Control, the same browser later
# without it (remembered, then overridden), and without JavaScript.
# The test checks what the browser saw (the JSON e2e.mjs prints, with the
# Google Consent Mode state each page gave gtag) and what the server
# logged.
#
# Installs what it needs: chromium (tools/deps.sh browser), node and npm
# (tools/deps.sh node), and playwright-core, pinned in
# t/browser/package-lock.json, with npm ci into build/browser-node/, never
# into the tree.  Without chromium, node, or a running nginx it fails.
#
# SCREENSHOT_DIR=docs prove t/browser.t   also writes the README's
# docs/banner.png and docs/consented.png.

use strict;
use warnings;

use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Path qw(remove_tree);
use File::Spec;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use JSON::PP;
use Time::HiRes qw(sleep time);

use lib 't/lib';
use Test::Npm;

my $started = time;
my $BUDGET = 58;                # seconds, for the whole file

my $root = abs_path(dirname(__FILE__) . '/..');
my $src = "$root/t/browser";
my $dir = "$root/build/browser-node";
my $chromium = $ENV{CHROMIUM} || '/usr/bin/chromium';
my $nginx = $ENV{TEST_NGINX_BINARY} || '/usr/sbin/nginx';
my $module = File::Spec->rel2abs($ENV{TEST_NGINX_MODULE}
                                 || "$root/build/ngx_http_consent_module.so");
my $PLAYWRIGHT = '1.65.1';

my ($prefix, $master);

$SIG{$_} = sub { exit 1 } for qw(INT TERM HUP);

END {
    my $rc = $?;
    stop_nginx();
    $? = $rc;
}


# 1. chromium, node, playwright-core

my $deps = run(120, "$root/tools/deps.sh", 'browser', 'node');
is($deps->{rc}, 0, 'tools/deps.sh browser node')
    or diag($deps->{out});

ok(-x $chromium, "chromium is installed ($chromium)") or bail();
ok(have($_), "$_ is installed") or bail() for qw(node npm);

my $installed = npm_ci($src, $dir, 'playwright-core');
ok($installed, 'playwright-core installed in build/browser-node')
    or bail();
is(decode_json(slurp($installed))->{version}, $PLAYWRIGHT,
   'playwright-core version as pinned');


# 2. the demo, as tools/demo.sh runs it, in a prefix of its own

$prefix = tempdir('consent-demo-XXXXXXXX',
                  DIR => $ENV{TEST_NGINX_TMPDIR} || '/tmp', CLEANUP => 0);
chmod 0755, $prefix;

my $port = free_port();

# the browser says "localhost" (chromium tries ::1, refused at once, then
# 127.0.0.1): so that no page address in a Referer holds 127.0.0.1, and
# the logs can be searched for the raw client address as a plain string

my $base = "http://localhost:$port";

my $demo = run(60, "$root/tools/demo.sh", '--prefix', $prefix,
               '--port', $port, '--background', '--module', $module,
               '--nginx', $nginx);

is($demo->{rc}, 0, "tools/demo.sh --background on port $port")
    or diag($demo->{out});

my $pidfile = "$prefix/logs/nginx.pid";
($master) = slurp($pidfile) =~ /^(\d+)/;

ok($master && kill(0, $master), 'nginx runs (master pid in '
   . 'logs/nginx.pid)')
    or do {
        diag(slurp("$prefix/logs/error.log"));
        $master = undef;
        bail();
    };

my $r = http_get($port, '/');
is($r->{status}, 200, 'GET / answers 200') or diag($r->{raw});


# 3. six visitors in chromium

my $node = run(left(10), 'node', "$src/e2e.mjs", $base,
               "$dir/node_modules");
my $res = eval { decode_json($node->{stdout}) };

is($node->{rc}, 0, 'e2e.mjs ran every step')
    or diag(($res && $res->{error}) || $node->{out});
ok($res && $res->{scenarios}, 'e2e.mjs printed its result')
    or bail();

note("chromium $res->{chromium}, playwright-core $res->{playwright}");

my %s = %{ $res->{scenarios} };

for my $name (qw(before accept withdraw gpc gpclater nojs)) {
    ok($s{$name}, "visitor \"$name\" reported") or bail();
    is_deeply($s{$name}{page_errors}, [], "$name: no JavaScript errors");
    ok(!$s{$name}{foreign}, "$name: no request left the demo's origin")
        or diag(explain($s{$name}{foreign}));
    ok((grep { ($_->{status} // 0) != 200 } @{ $s{$name}{pages} }) == 0,
       "$name: every page answered 200")
        or diag(explain($s{$name}{pages}));
}


# before any decision: nothing reaches /collect, no _ga, the banner shows

my $v = $s{before};

is(scalar @{ $v->{collect} }, 0,
   'before any decision no request reaches /collect')
    or diag(explain($v->{collect}));

for my $step (qw(index about)) {
    my $st = $v->{steps}{$step};

    ok(!ga($st->{cookie}), "before, $st->{path}: no _ga in document.cookie")
        or diag($st->{cookie});
    ok($st->{banner}, "before, $st->{path}: the banner is visible");
    is($st->{tags}{analytics}, 0,
       "before, $st->{path}: the analytics script is not in the page");
    is($st->{tags}{marketing}, 0,
       "before, $st->{path}: the marketing pixel is not in the page");
    is($st->{state}{state}, 'unset', "before, $st->{path}: GET /consent "
       . 'says unset');
}

is(scalar @{ $v->{pixel} }, 0, 'before any decision the pixel never loads');


# "Analytics" ticked and saved: the beacon goes out, _ga exists

$v = $s{accept};

ok($v->{steps}{first}{banner}, 'accept: the banner shows on the first page');

my @posts = grep { $_->{method} eq 'POST' } @{ $v->{consent} };

is(scalar @posts, 2, 'accept: two decisions posted (save, then reject)');
is($posts[0]{status}, 204, 'accept: consent.js posts the form, 204');

my $st = $v->{steps}{consented};

ok(!$st->{banner}, 'accept: no banner after the decision');
is($st->{state}{state}, 'partial', 'accept: GET /consent says partial');
ok($st->{state}{categories}{analytics}, 'accept: analytics granted');
ok(!$st->{state}{categories}{marketing}, 'accept: marketing not granted');
ok(ga($st->{cookie}), 'accept: _ga in document.cookie after consent')
    or diag($st->{cookie});
is($st->{tags}{analytics}, 1, 'accept: the analytics script is in the page');
is($st->{tags}{marketing}, 0, 'accept: the pixel is still not in the page');

my @beacons = @{ $v->{collect} }[0 .. $v->{collect_before_withdrawal} - 1];

cmp_ok(scalar @beacons, '>=', 2,
       'accept: a beacon to /collect from each page after consent')
    or diag(explain($v->{collect}));
ok((grep { ($_->{status} // 0) != 204 } @beacons) == 0,
   'accept: /collect answers the beacons 204')
    or diag(explain(\@beacons));
ok((grep { $_->{path} !~ m{^/collect\?p=%2F} } @beacons) == 0,
   'accept: each beacon names its page')
    or diag(explain(\@beacons));
is(scalar @{ $v->{pixel} }, 0, 'accept: the pixel never loads');


# withdrawn on /privacy.html: _ga goes, beacons stop

is($posts[1]{status}, 204, 'withdraw: the privacy page\'s form, 204');
ok((grep { /^_ga=;.*Max-Age=0/i } @{ $posts[1]{set_cookie} || [] }) == 1,
   'withdraw: the endpoint deletes _ga')
    or diag(explain($posts[1]));

$st = $v->{steps}{withdrawn};

is($st->{state}{state}, 'rejected', 'withdraw: GET /consent says rejected');
ok(!ga($st->{cookie}), 'withdraw: _ga gone from document.cookie')
    or diag($st->{cookie});
is($v->{collect_after_withdrawal}, 0,
   'withdraw: no beacon from the reloaded page');

$v = $s{withdraw};

is(scalar @{ $v->{collect} }, 0,
   'after withdrawal no request reaches /collect')
    or diag(explain($v->{collect}));

for my $step (qw(index about)) {
    my $st = $v->{steps}{$step};

    ok(!ga($st->{cookie}),
       "after withdrawal, $st->{path}: no _ga in document.cookie")
        or diag($st->{cookie});
    ok(!$st->{banner}, "after withdrawal, $st->{path}: no banner (decided)");
    is($st->{tags}{analytics}, 0,
       "after withdrawal, $st->{path}: no analytics script");
}


# Sec-GPC: 1 and "Accept all": the pixel never loads

$v = $s{gpc};
$st = $v->{steps}{consented};

is(scalar @{ $v->{pixel} }, 0, 'gpc: the marketing pixel never loads')
    or diag(explain($v->{pixel}));
ok($st->{state}{signals}{gpc}, 'gpc: GET /consent sees the signal');
is($st->{state}{state}, 'accepted', 'gpc: the visitor accepted all');
ok(!$st->{state}{categories}{marketing}, 'gpc: marketing vetoed');
ok($st->{state}{categories}{analytics}, 'gpc: analytics granted');
is($v->{steps}{about}{tags}{marketing}, 0, 'gpc: no pixel in the page');
cmp_ok(scalar @{ $v->{collect} }, '>=', 1,
       'gpc: the analytics beacon is sent');
like($st->{cookie}, qr/(?:^|;\s*)consent=[^;]*\.gpc(?:;|$)/,
     'gpc: the consent cookie records the opt-out')
    or diag($st->{cookie});
like($v->{steps}{privacy}{gpc_status} // '',
     qr/^Global Privacy Control honoured:/,
     'gpc: the privacy page says "Global Privacy Control honoured"')
    or diag(explain($v->{steps}{privacy}));


# the same browser, GPC off: still opted out; the override grants

$v = $s{gpclater};
$st = $v->{steps}{index};

ok(!$st->{state}{signals}{gpc}, 'gpc later: no Sec-GPC sent');
ok($st->{state}{gpc}{remembered}, 'gpc later: the opt-out remembered')
    or diag(explain($st->{state}));
is($st->{state}{source}, 'signal', 'gpc later: source signal');
ok(!$st->{state}{categories}{marketing}, 'gpc later: marketing vetoed');
ok($st->{state}{categories}{analytics}, 'gpc later: analytics granted');
ok(!$st->{banner}, 'gpc later: no banner (decided)');
is($_->{tags}{marketing}, 0, "gpc later, $_->{path}: no pixel in the page")
    for @{ $v->{steps} }{qw(index about)};
is($v->{pixel_before_override}, 0,
   'gpc later: the pixel never loads before the override')
    or diag(explain($v->{pixel}));
like($v->{steps}{privacy}{gpc_status} // '',
     qr/^Global Privacy Control honoured:/,
     'gpc later: the privacy page says "Global Privacy Control honoured"')
    or diag(explain($v->{steps}{privacy}));
is($v->{steps}{privacy}{override}, 1,
   'gpc later: the privacy page offers the override');

@posts = grep { $_->{method} eq 'POST' } @{ $v->{consent} };

is(scalar @posts, 1, 'gpc later: one decision posted');
is($posts[0]{status}, 204, 'gpc later: the override posted, 204');

$st = $v->{steps}{overridden};

is($st->{state}{state}, 'accepted', 'override: accepted');
ok($st->{state}{categories}{marketing}, 'override: marketing granted');
ok($st->{state}{gpc}{overridden}, 'override: GET /consent says so');
like($st->{cookie}, qr/(?:^|;\s*)consent=[^;]*\.gpc-override(?:;|$)/,
     'override: the cookie records it')
    or diag($st->{cookie});
unlike($st->{gpc_status} // '', qr/honoured/,
       'override: the privacy page no longer says "honoured"');
is($v->{steps}{after}{tags}{marketing}, 1, 'override: the pixel is in '
   . 'the page');
ok((grep { ($_->{status} // 0) == 200 } @{ $v->{pixel} }),
   'override: the pixel loads, 200')
    or diag(explain($v->{pixel}));


# JavaScript off: the plain form works; the pixel loads (control for gpc)

$v = $s{nojs};
$st = $v->{steps}{consented};

ok($v->{steps}{first}{banner}, 'nojs: the banner shows');
is((grep { $_->{method} eq 'POST' } @{ $v->{consent} })[0]{status}, 303,
   'nojs: the form posts, 303 back to the page');
ok(!$st->{banner}, 'nojs: no banner after the decision');
ok((grep { $_ eq 'consent' } @{ $st->{cookies} }), 'nojs: consent cookie');
ok($st->{ga}, 'nojs: _ga set after accepting');
ok((grep { ($_->{status} // 0) == 200 } @{ $v->{pixel} }),
   'nojs: with marketing granted the pixel loads, 200')
    or diag(explain($v->{pixel}));
is(scalar @{ $v->{collect} }, 0, 'nojs: no beacon without JavaScript');


# Google Consent Mode v2: the state each page gave gtag('consent',
# 'default', ...), as window.dataLayer holds it, printed by nginx from
# $consent_gcm through SSI

my @denied_all = qw(security_storage);
my @analytics_only = qw(analytics_storage security_storage);
my @all_but_ads = qw(analytics_storage functionality_storage
                     personalization_storage security_storage);

for my $check (
    [ before => index => \@denied_all, 'no decision' ],
    [ before => about => \@denied_all, 'no decision' ],
    [ accept => first => \@denied_all, 'before the decision' ],
    [ accept => consented => \@analytics_only, 'analytics accepted' ],
    [ accept => about => \@analytics_only, 'analytics accepted' ],
    [ accept => withdrawn => \@denied_all, 'withdrawn' ],
    [ withdraw => index => \@denied_all, 'after the withdrawal' ],
    [ withdraw => about => \@denied_all, 'after the withdrawal' ],
    [ gpc => first => \@denied_all, 'GPC, no decision' ],
    [ gpc => consented => \@all_but_ads, 'GPC, all accepted' ],
    [ gpc => about => \@all_but_ads, 'GPC, all accepted' ],
    )
{
    my ($who, $step, $granted, $what) = @$check;
    my $st = $s{$who}{steps}{$step};

    is_deeply($st->{gcm}, gcm(@$granted),
              "$who, $st->{path}: the Google tag's consent default "
              . "($what) grants " . join(', ', @$granted))
        or diag(explain($st->{gcm}));
}

if ($ENV{SCREENSHOT_DIR}) {
    is(scalar @{ $res->{screenshots} }, 2, 'screenshots written')
        or diag(explain($res->{screenshots}));
}


# /.well-known/gpc.json, as the GPC specification describes it

$r = http_get($port, '/.well-known/gpc.json');
is($r->{status}, 200, 'GET /.well-known/gpc.json answers 200');
like($r->{raw}, qr{\r\nContent-Type: application/json\r\n}i,
     '... as application/json');

my $gpcjson = eval { decode_json($r->{body}) } || {};

ok(JSON::PP::is_bool($gpcjson->{gpc}) && $gpcjson->{gpc},
   '... "gpc": true')
    or diag($r->{body});
like($gpcjson->{lastUpdate} // '', qr/^\d{4}-\d\d-\d\d$/,
     '... "lastUpdate": a full-date');


# 4. the server's side: counters, then the logs once nginx has stopped

$r = http_get($port, '/metrics');
is($r->{status}, 200, 'GET /metrics answers 200');

my %decisions = $r->{body} =~
    /^nginx_consent_decisions_total\{outcome="(\w+)"\} (\d+)$/mg;

is_deeply({ map { $_ => $decisions{$_} // 0 } qw(accepted rejected partial) },
          { accepted => 3, rejected => 1, partial => 1 },
          '/metrics counts the decisions')
    or diag($r->{body});

ok(stop_nginx(), 'nginx stopped (QUIT)');

my @access = log_lines("$prefix/logs/access.log");
my @analytics = log_lines("$prefix/logs/analytics.log");

ok(@access > 0, 'logs/access.log written');

my %hits;

for my $l (@analytics) {
    $hits{$l->{who}}{collect}++ if $l->{uri} eq '/collect';
}

for my $l (@access) {
    $hits{$l->{who}}{pixel}++ if $l->{uri} =~ m{^/px/};
    $hits{$l->{who}}{pixel200}++ if $l->{uri} =~ m{^/px/}
                                    && $l->{status} == 200;
}

is($hits{before}{collect} // 0, 0, 'server: no /collect hit before consent');
is($hits{accept}{collect} // 0, scalar @{ $s{accept}{collect} },
   'server: every beacon after consent logged in logs/analytics.log');
ok((grep { $_->{who} eq 'accept' && $_->{consent} !~ /\banalytics\b/ }
    @analytics) == 0,
   'server: every logged beacon had analytics granted');
is($hits{withdraw}{collect} // 0, 0, 'server: no /collect hit after '
   . 'withdrawal');
is($hits{gpc}{pixel} // 0, 0, 'server: no /px/ hit with Sec-GPC: 1');
cmp_ok($hits{gpclater}{pixel200} // 0, '>=', 1,
       'server: /px/ served to the later visit after the override');
is($hits{gpclater}{pixel200} // 0, $hits{gpclater}{pixel} // 0,
   'server: the later visit never asked /px/ in vain (no pixel before)');
cmp_ok($hits{nojs}{pixel200} // 0, '>=', 1,
       'server: /px/ served once marketing was granted');

my $raw = join '', slurp("$prefix/logs/access.log"),
                   slurp("$prefix/logs/analytics.log");

unlike($raw, qr/127\.0\.0\.1/, 'server: no raw 127.0.0.1 in the '
       . 'first-party logs');
ok(@analytics > 0 && (grep { $_->{addr} ne '127.0.0.0' } @analytics) == 0,
   'server: logs/analytics.log holds the masked address 127.0.0.0');

my @fatal = grep { /\[(?:alert|crit|emerg)\]|exited on signal|Sanitizer/ }
            split /\n/, slurp("$prefix/logs/error.log");

is_deeply(\@fatal, [], 'error.log: no alert, crit, emerg or crash');

if (Test::More->builder->is_passing && !$ENV{TEST_NGINX_KEEP}) {
    remove_tree($prefix);
} else {
    diag("the demo's prefix is kept: $prefix");
}

note(sprintf 'took %.1f s', time - $started);

done_testing();


# --- helpers ---------------------------------------------------------------

sub bail {
    diag("the demo's prefix is kept: $prefix") if $prefix;
    done_testing();
    exit 1;
}


sub have {
    my ($cmd) = @_;
    return grep { -x "$_/$cmd" } split /:/, ($ENV{PATH} // '');
}


sub left {
    my ($min) = @_;
    my $s = int($BUDGET - (time - $started));
    return $s > $min ? $s : $min;
}


# usage: run(TIMEOUT, COMMAND...); stdout apart, everything in {out}

sub run {
    my ($timeout, @cmd) = @_;
    my $tmp = tempdir('consent-run-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);

    my $pid = fork // die "fork: $!";

    if ($pid == 0) {
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', "$tmp/stdout";
        open STDERR, '>', "$tmp/stderr";
        exec @cmd or exit 127;
    }

    my $deadline = time + $timeout;
    my $rc;

    while (1) {
        my $w = waitpid($pid, 1);   # WNOHANG

        if ($w == $pid) {
            $rc = $? >> 8;
            last;
        }

        if (time > $deadline) {
            kill 'KILL', $pid;
            waitpid($pid, 0);
            $rc = -1;
            last;
        }

        sleep 0.05;
    }

    my $stdout = slurp("$tmp/stdout");
    my $stderr = slurp("$tmp/stderr");
    my $out = "\$ @cmd\n$stdout$stderr";

    $out .= "(killed after $timeout s)\n" if $rc == -1;

    return { rc => $rc, stdout => $stdout, out => $out };
}


sub free_port {
    for (1 .. 200) {

        # below the Linux ephemeral range, as the harness does

        my $p = 10000 + int(rand(22000));
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                      LocalPort => $p, Proto => 'tcp',
                                      Listen => 1)
            or next;
        close $s;
        return $p;
    }

    die "no free port found\n";
}


sub http_get {
    my ($port, $path) = @_;

    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $port, Proto => 'tcp',
                                  Timeout => 5)
        or return { status => 0, raw => "connect: $!" };

    print $s "GET $path HTTP/1.0\r\nHost: localhost\r\n\r\n";

    local $/;
    my $raw = <$s> // '';
    my ($status) = $raw =~ m{^HTTP/1\.\d (\d{3})};
    my (undef, $body) = split /\r\n\r\n/, $raw, 2;

    return { status => $status // 0, body => $body // '', raw => $raw };
}


sub stop_nginx {
    return 1 unless $master;

    my $pid = $master;
    $master = undef;

    for my $sig (qw(QUIT TERM KILL)) {
        kill $sig, $pid or return 1;

        my $deadline = time + 5;

        while (time < $deadline) {
            return $sig eq 'QUIT' ? 1 : 0 unless kill 0, $pid;
            sleep 0.05;
        }
    }

    return 0;
}


# the JSON lines of the consent_privacy format, with the visitor's name
# from the User-Agent e2e.mjs sets

sub log_lines {
    my ($file) = @_;
    my @lines;

    for my $line (split /\n/, slurp($file)) {
        my $l = eval { decode_json($line) } or next;
        ($l->{who}) = ($l->{ua} // '') =~ m{consent-e2e/(\w+)};
        $l->{who} //= '';
        push @lines, $l;
    }

    return @lines;
}


# what gtag('consent', 'default', ...) gets: the seven types, those named
# granted

sub gcm {
    my %granted = map { $_ => 1 } @_;

    return { map { $_ => $granted{$_} ? 'granted' : 'denied' }
             qw(ad_storage ad_user_data ad_personalization analytics_storage
                functionality_storage personalization_storage
                security_storage) };
}


sub ga {
    my ($cookie) = @_;
    return ($cookie // '') =~ /(?:^|;\s*)_ga=/;
}


sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return <$fh> // '';
}
