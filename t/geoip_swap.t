# The country database changed every second under wrk load (by rename, by
# a slow copy over the file in place, truncated to nothing, half a file, a
# valid one put back), nginx -s reload every ten seconds, 2 workers and
# auto_reload=1s: every answer comes from a valid database, no worker
# dies, and no request fails that does not also fail when the same run
# (same file changes, same reloads, same wrk) meets nginx without the
# module.
#
# GEOIP_SWAP_SECONDS (default 30) is the length of each of the two runs;
# bench/swap.lua is the wrk script that checks every answer.
#
# Failed requests, and why wrk runs in two halves of 8 connections: a
# reload ends every keep-alive connection of the old workers, which costs
# wrk one request per connection (it sends the next one into a connection
# the server closes), and one more when the new connection lands on an old
# worker that has not yet stopped accepting.  That race makes the count
# vary between two runs of the same nginx (23 and 24 read errors, 6 and 8),
# so the keep-alive half is held to the baseline for every other kind of
# failure and to what reloads can explain (8 connections x 2 old workers
# per reload) for closed connections.  The other half asks for
# "Connection: close" with every request: no connection outlives a
# request, a reload costs nothing, and its failed requests are held
# strictly to the baseline's count.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use POSIX qw(WNOHANG _exit);
use Time::HiRes qw(time sleep);
use GeoDB;


my $WRK = $ENV{TEST_NGINX_WRK} || '/usr/bin/wrk';
# Debian's module, the oracle of @ADDRS below: without it (another nginx,
# or not installed) the table alone says what the module must answer

my ($GEOIP2, $NO_GEOIP2) = debian_module('ngx_http_geoip2_module.so');
my $SECONDS = $ENV{GEOIP_SWAP_SECONDS} || 30;

die "GEOIP_SWAP_SECONDS must be a whole number of seconds, 10 or more\n"
    unless $SECONDS =~ /^\d+$/ && $SECONDS >= 10;

ok(-x $WRK, "$WRK is installed")
    or BAIL_OUT('install wrk (tools/deps.sh bench)');

my $LIVE = $GeoDB::LIVE;

# The addresses wrk sends, with the country $consent_country must give in
# official.mmdb and in official-b.mmdb (country, else registered_country;
# empty where there is neither).  An answer is acceptable if it is one of
# the two: empty is acceptable only where a database does not know the
# address (196.0.0.1 in official.mmdb; 2001:db8:4::5 and 10.1.2.3 in
# both), never for an address both know, since a broken file leaves the
# database loaded before in use.

my @ADDRS = (
    [ '81.2.69.160',         'GB', 'US' ],
    [ '46.4.1.1',            'DE', 'FR' ],
    [ '90.0.255.254',        'FR', 'BR' ],
    [ '8.8.8.8',             'US', 'DE' ],
    [ '200.160.15.1',        'BR', 'JP' ],
    [ '133.1.2.3',           'JP', 'GR' ],
    [ '62.1.1.1',            'GR', 'GB' ],
    [ '194.144.0.1',         'IS', 'CH' ],
    [ '102.35.1.1',          'RE', 'NO' ],
    [ '80.231.0.9',          'CH', 'IS' ],
    [ '185.0.0.1',           'IT', 'ES' ],   # registered_country only
    [ '196.0.0.1',           '',   'US' ],   # only official-b knows it
    [ '2001:db8:1::1',       'DE', 'US' ],
    [ '2001:db8:2::1',       'US', 'DE' ],
    [ '2a02:cf40::1',        'NO', 'SE' ],
    [ '2001:db8:3::5',       'SE', 'FR' ],   # registered_country only
    [ '2001:db8:4::5',       '',   ''   ],   # continent only, in both
    [ '10.1.2.3',            '',   ''   ],   # private, in neither
    [ '::ffff:81.2.69.161',  'GB', 'US' ],   # mapped
);


sub slurp {
    my ($path) = @_;

    open my $fh, '<:raw', $path or die "$path: $!";
    local $/;
    return scalar <$fh>;
}

my %bytes = map { $_ => GeoDB::bytes($_) } qw(official official-b);

my %other = (official => 'official-b', 'official-b' => 'official');


# the ways the live file changes

# replace by rename

sub install { GeoDB::install($bytes{ $_[0] }) }

# cp over the file in place: truncate, then write in pieces, slowly (half
# a second for a whole database in pieces of 256 bytes)

sub overwrite { GeoDB::overwrite($_[0], $_[1], 0.04) }


# the workers of a master, in pid order

sub workers {
    my ($master) = @_;

    my @w = sort { $a <=> $b } grep { Test::Consent::_is_worker($_) }
                               Test::Consent::_children($master);

    return @w;
}


# wrk, in the background: -t1 -c8, for the run and one second more

sub start_wrk {
    my ($n, $mode, $half) = @_;

    my $out = $n->prefix . "/logs/wrk-$half.out";

    my $pid = fork;
    die "fork: $!" unless defined $pid;

    if ($pid == 0) {
        $ENV{SWAP_MODE} = $mode;
        $ENV{SWAP_CLOSE} = $half eq 'close' ? 1 : 0;
        $ENV{SWAP_ADDRS} = join ';', map { join ',', @$_ } @ADDRS;

        open STDIN, '<', '/dev/null';
        open STDOUT, '>', $out or _exit(126);
        open STDERR, '>&', \*STDOUT or _exit(126);

        { no warnings 'exec';
          exec $WRK, '-t1', '-c8', '-d' . ($SECONDS + 1) . 's',
               '--timeout', '2s',
               '-s', "$Test::Consent::ROOT/bench/swap.lua",
               'http://127.0.0.1:' . $n->port . '/swap'; }
        _exit(127);
    }

    return { pid => $pid, out => $out };
}


# what a wrk said: its status, swap.lua's counters and the failed requests
# (socket errors and statuses other than 200)

sub wrk_result {
    my ($w, $deadline) = @_;

    while (waitpid($w->{pid}, WNOHANG) == 0) {
        if (time > $deadline) {
            kill 'KILL', $w->{pid};
            waitpid $w->{pid}, 0;
            last;
        }
        sleep 0.05;
    }

    my %r = (exit => $?, out => slurp($w->{out}));

    # "swap: requests N responses N ..." and "swap: errors connect N ..."

    for my $line ($r{out} =~ /^swap: ((?:requests|errors) .*)$/mg) {
        $r{$1} = $2 while $line =~ /(\w+) (\d+)/g;
    }

    if (!grep { !defined $r{$_} } qw(requests responses non200 official b
                                     both mismatch connect read write
                                     timeout))
    {
        $r{closed} = $r{read} + $r{write};
        $r{other} = $r{connect} + $r{timeout} + $r{non200};
        $r{failed} = $r{closed} + $r{other};
    }

    return \%r;
}


# One run: the two halves of wrk for $SECONDS + 1 seconds; meanwhile one
# change of the live file at every second (the five kinds in turn) and
# nginx -s reload after every tenth change, while the workers are watched.
# The live file holds official.mmdb at the start; reloads always follow the
# "valid" change, so that they never meet a broken file.

my @KINDS = qw(rename overwrite truncate half valid);

sub swap_run {
    my ($n, $mode) = @_;

    my %r = (swaps => { map { $_ => 0 } @KINDS }, reloads => 0,
             failed_reloads => [], strays => {}, late => 0,
             reload_secs => 0);

    # the first workers, once both have started

    my $ready = time + 5;
    sleep 0.01 until (() = workers($n->pid)) >= 2 || time > $ready;

    my @gen = ([ workers($n->pid) ]);
    my %known = map { $_ => 1 } @{ $gen[0] };

    my $watch = sub {
        for my $w (workers($n->pid)) {
            $r{strays}{$w} = 1 unless $known{$w};
        }
    };

    my %wrk = map { $_ => start_wrk($n, $mode, $_) } qw(keepalive close);

    my $started = time;
    my $t0 = $started + 0.5;
    my $current = 'official';

    for my $s (1 .. $SECONDS) {
        my $at = $t0 + $s - 1;
        my $now = time;

        if ($now < $at) {
            sleep $at - $now;
        } elsif ($now > $at + 0.2) {
            $r{late}++;
        }

        $watch->();

        my $kind = $KINDS[($s - 1) % @KINDS];

        if ($kind eq 'rename' || $kind eq 'valid') {
            $current = $other{$current};
            install($current);

        } elsif ($kind eq 'overwrite') {
            $current = $other{$current};
            overwrite($bytes{$current}, 256);

        } elsif ($kind eq 'truncate') {
            truncate $LIVE, 0 or die "truncate $LIVE: $!";

        } else {

            # the first half of the database not in use, in place

            my $b = $bytes{ $other{$current} };
            overwrite(substr($b, 0, int(length($b) / 2)), 1024);
        }

        $r{swaps}{$kind}++;

        next if $s % 10;

        $watch->();

        my $start = time;

        if ($n->reload) {
            $r{reloads}++;
            push @gen, [ workers($n->pid) ];
            $known{$_} = 1 for @{ $gen[-1] };

        } else {
            push @{ $r{failed_reloads} }, $n->{reload_error};
        }

        $r{reload_secs} += time - $start;
    }

    $watch->();

    # wrk stops by itself a second and a half after the last change

    for my $half (keys %wrk) {
        $r{$half} = wrk_result($wrk{$half}, $started + $SECONDS + 30);
    }

    $r{secs} = time - $started;
    $r{gen} = \@gen;
    $r{current} = $current;

    for my $k (qw(requests responses official b both mismatch closed other
                  failed))
    {
        my @v = map { $r{$_}{$k} } qw(keepalive close);
        $r{$k} = (grep { !defined } @v) ? undef : $v[0] + $v[1];
    }

    return \%r;
}


# what wrk says, checked for both runs

sub check_wrk {
    my ($label, $r) = @_;

    for my $half (qw(keepalive close)) {
        my $w = $r->{$half};

        note("$label, $half:\n$w->{out}");

        is($w->{exit}, 0, "$label, $half: wrk ran") or diag($w->{out});
        ok(defined $w->{failed}, "$label, $half: swap.lua reported")
            or diag($w->{out});
        is($w->{mismatch}, 0, "$label, $half: no wrong answer")
            or diag($w->{out});
        cmp_ok($w->{responses} // 0, '>', 100 * $SECONDS,
               "$label, $half: under load");
    }

    is($r->{reloads}, int($SECONDS / 10), "$label: every reload done")
        or diag(explain($r->{failed_reloads}));
}


# the workers: those of the start, then those of each reload, and no other;
# each generation exited with code 0 (checked after nginx stopped)

sub check_workers {
    my ($label, $log, $r) = @_;

    my @gen = @{ $r->{gen} };
    my @all = map { @$_ } @gen;

    is(scalar @gen, $r->{reloads} + 1,
       "$label: a generation of workers per reload");
    ok(!grep({ @$_ != 2 } @gen), "$label: 2 workers in each generation")
        or diag(explain(\@gen));
    is_deeply([ sort keys %{ $r->{strays} } ], [],
              "$label: no worker started but by a reload");

    my @started = $log =~ /\[notice\]\ \d+\#\d+:
                           \ start\ worker\ process\ (\d+)$/mgx;
    is_deeply([ sort { $a <=> $b } @started ],
              [ sort { $a <=> $b } @all ],
              "$label: error.log starts exactly these workers");

    my %exit = $log =~ /\[notice\]\ \d+\#\d+:\ worker\ process\ (\d+)
                        \ exited\ with\ code\ (\d+)$/mgx;
    my @bad = grep { !defined $exit{$_} || $exit{$_} != 0 } @all;
    ok(!@bad, "$label: every worker of every generation exited with code 0")
        or diag("not exited with code 0: @bad");

    unlike($log, qr/exited on signal/, "$label: no worker killed by a signal");
}


my $realip = <<'END';
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
END


# the expected countries, from an independent reader of the same files:
# ngx_http_geoip2_module

SKIP: {
    skip("geoip2 oracle: $NO_GEOIP2", scalar @ADDRS) unless $GEOIP2;

    my $n = start_nginx(
        name        => 'geoip2 oracle',
        no_module   => 1,
        main_config => "load_module $GEOIP2;\n",
        http_config => $realip . join('', map {
            (my $v = $_) =~ tr/-/_/;
            "geoip2 \$TEST_NGINX_GEODB/$_.mmdb {\n"
            . "    \$${v}_c country iso_code;\n"
            . "    \$${v}_r registered_country iso_code;\n"
            . "}\n"
        } qw(official official-b)),
        config      => "location /t {\n"
                       . "    return 200 \"\$official_c \$official_r "
                       . "\$official_b_c \$official_b_r\";\n"
                       . "}\n",
    );

    for my $a (@ADDRS) {
        my $r = $n->http('GET /t',
                         more_headers => "X-Forwarded-For: $a->[0]\n");
        my ($c, $reg, $bc, $br) = split / /, $r->{body}, -1;

        is(join(' ', $c ne '' ? $c : $reg, $bc ne '' ? $bc : $br),
           "$a->[1] $a->[2]", "geoip2 agrees: $a->[0] is \"$a->[1]\" in "
                              . "official.mmdb, \"$a->[2]\" in official-b");
    }

    $n->finish('geoip2 oracle');
}


# with the module

install('official');

my $n = start_nginx(
    name        => 'module',
    http_config => "consent_geoip \$TEST_NGINX_GEODB/live.mmdb "
                   . "auto_reload=1s;\n" . $realip,
    config      => "location /swap {\n"
                   . "    access_log off;\n"
                   . "    return 200 \"[\$consent_country] "
                   . "\$remote_addr\\n\";\n"
                   . "}\n",
    workers     => 2,
    log_level   => 'notice',
);

for my $a (@ADDRS) {
    my $r = $n->http('GET /swap',
                     more_headers => "X-Forwarded-For: $a->[0]\n");
    is($r->{body}, "[$a->[1]] $a->[0]\n",
       "before: $a->[0] from official.mmdb");
}

my $mod = swap_run($n, 'module');

check_wrk('module', $mod);

cmp_ok($mod->{official} // 0, '>', 0, 'module: answers from official.mmdb');
cmp_ok($mod->{b} // 0, '>', 0, 'module: answers from official-b.mmdb');

# after all that, each worker still follows the file: the database that is
# not in use now, then the other one, taken into use by both workers

for my $name ($other{ $mod->{current} }, $mod->{current}) {
    my @w = @{ $mod->{gen}[-1] };
    my $before = length $n->error_log;
    my $took = sub {
        my $log = substr($n->error_log, $before);
        return !grep {
            $log !~ /\[notice\]\ $_\#\d+:\ consent_geoip:\ "\Q$LIVE\E"
                     \ reloaded/x
        } @w;
    };

    install($name);

    my $end = time + 5;
    sleep 0.1 until $took->() || time > $end;

    ok($took->(), "after the run: both workers take $name.mmdb into use");

    my $want = $name eq 'official' ? 1 : 2;
    my %seen;

    for my $a (@ADDRS) {
        my $r = $n->http('GET /swap',
                         more_headers => "X-Forwarded-For: $a->[0]\n");
        my $ok = $r->{body} eq "[$a->[$want]] $a->[0]\n";
        $seen{ $ok ? 'ok' : $r->{body} }++;
    }

    is_deeply(\%seen, { ok => scalar @ADDRS },
              "after the run: $name.mmdb answers");
}

# what the workers made of the changes

my $log = $n->error_log;
my $taken = () = $log =~ /\[notice\] .*consent_geoip: "\Q$LIVE\E" reloaded/g;
my %refused;
my $refused = 0;

for my $why ($log =~ /\[error\]\ .*consent_geoip:\ (.*),
                      \ the\ database\ loaded\ before\ stays\ in\ use/gx)
{
    $refused{ $why =~ s/\Q$LIVE\E/live.mmdb/gr }++;
    $refused++;
}

ok($n->stop, 'module: nginx stopped');
check_workers('module', $n->error_log, $mod);
$n->finish('module');


# the same run against nginx without the module

install('official');

$n = start_nginx(
    name        => 'baseline',
    no_module   => 1,
    http_config => $realip,
    config      => "location /swap {\n"
                   . "    access_log off;\n"
                   . "    return 200 \"baseline\\n\";\n"
                   . "}\n",
    workers     => 2,
    log_level   => 'notice',
);

my $base = swap_run($n, 'baseline');

check_wrk('baseline', $base);

ok($n->stop, 'baseline: nginx stopped');
check_workers('baseline', $n->error_log, $base);
$n->finish('baseline');


# the figures

for my $r ([ 'module', $mod ], [ 'baseline', $base ]) {
    my ($label, $x) = @$r;

    diag(sprintf "%-8s %.0fs: %s; %d reloads (%.2fs in all)%s",
                 $label, $x->{secs},
                 join(', ', map { "$x->{swaps}{$_} $_" } @KINDS),
                 $x->{reloads}, $x->{reload_secs},
                 $x->{late} ? "; $x->{late} changes late" : '');

    for my $half (qw(keepalive close)) {
        my $w = $x->{$half};

        diag(sprintf "%-8s %-9s %d requests, %d failed (read %d, write "
                     . "%d, connect %d, timeout %d, non-200 %d)",
                     $label, $half,
                     map({ $_ // -1 } @$w{qw(requests failed read write
                                             connect timeout non200)}));
    }
}

diag(sprintf "module: answers %d from official.mmdb, %d from official-b, "
             . "%d the same in both, %d wrong; the workers took %d "
             . "databases into use and refused %d:",
             map({ $_ // -1 } @$mod{qw(official b both mismatch)}),
             $taken, $refused);
diag("    $refused{$_} $_") for sort keys %refused;

# failed requests (see the top of the file)

my $bound = 8 * 2 * $mod->{reloads};

cmp_ok($mod->{close}{failed} // 1e9, '<=', $base->{close}{failed} // -1,
       'Connection: close: no more failed requests with the module than '
       . 'without');
cmp_ok($mod->{keepalive}{other} // 1e9, '<=',
       $base->{keepalive}{other} // -1,
       'keep-alive: no more non-200, timeouts or connect errors with the '
       . 'module than without');
cmp_ok($mod->{keepalive}{closed} // 1e9, '<=',
       ($base->{keepalive}{closed} // -1) > $bound
       ? $base->{keepalive}{closed} : $bound,
       "keep-alive: connections closed no more than reloads explain "
       . "(8 connections x 2 old workers x $mod->{reloads} reloads, or the "
       . 'baseline)');

done_testing();
