#!/usr/bin/perl

# The soak test: Debian's nginx with the module, every feature of the
# module in use at once, under a seeded mix of valid and hostile requests
# for a long time (10 minutes by default).  It passes when, over the run:
#
#   - no worker's memory grows by more than 1 MB after the warm-up
#     (Private_Dirty of /proc/PID/smaps_rollup; VmRSS where there is none)
#     and no worker dies or changes its pid;
#   - every response has a status the configuration produces for its
#     location, and the answers agree with the decision the module reports
#     (bench/soak.lua checks them: a gated beacon, a filtered page, a
#     masked address);
#   - wrk sees no socket error (connect, read, write, timeout);
#   - error.log has no [alert], [crit], [emerg], signal or sanitizer line;
#   - the first-party access log (conf/privacy-log.conf's consent_privacy)
#     holds none of the client addresses the clients sent.
#
# One nginx (worker_processes 2, master and daemon on) in a new temporary
# prefix, loading a copy of build/ngx_http_consent_module.so (so that a
# rebuild during the run cannot pull the code from under it), with two
# servers: the site, which uses every directive and variable of the
# module, and behind it on another port "the application", which knows
# nothing about consent and tells when a cookie that should have been
# stripped reaches it.
#
# usage: perl bench/soak.pl [--seconds N] [--interval S] [--warmup S]
#                           [--db FILE] [--keep DIR]
#
#   --seconds N   how long wrk runs, default 600
#   --interval S  seconds between two memory samples, default 10
#   --warmup S    seconds before memory is measured, default a quarter of
#                 the run, at most 60
#   --db FILE     the country database, default official.mmdb made by
#                 geoip/mkdb.pl into the prefix (soak.lua then checks the
#                 countries of its networks too)
#   --keep DIR    the prefix (conf, logs, pages) goes there and stays
#
# Exits 0 when it passes, 1 when it fails, 2 when it cannot run.  Needs
# Debian's nginx and wrk (tools/deps.sh bench), libmaxmind-db-writer-perl
# for the default database (tools/deps.sh test), and the module (make).
#
# TEST_NGINX_BINARY and TEST_NGINX_MODULE name the nginx and the module, as
# for the tests (default /usr/sbin/nginx, build/ngx_http_consent_module.so).
#
# --inject-raw-addr, not for operators: adds $remote_addr to the
# first-party log format, so that t/soak.t can see the soak fail.

use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Copy qw(copy);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Getopt::Long;
use IO::Socket::INET;
use JSON::PP;
use POSIX qw(WNOHANG);
use Socket qw(AF_INET AF_INET6 inet_pton);
use Time::HiRes qw(sleep time);


my $ROOT = abs_path(dirname(abs_path(__FILE__)) . '/..');

# the binary and the module as the test suite takes them (t/README.md);
# never from NGINX, which nginx itself reads as its inherited sockets: an
# NGINX left in the environment would break its start, so it is dropped

my $NGINX = $ENV{TEST_NGINX_BINARY} || '/usr/sbin/nginx';
my $SO = $ENV{TEST_NGINX_MODULE} || "$ROOT/build/ngx_http_consent_module.so";

delete $ENV{NGINX};
my $WRK = $ENV{WRK} // '/usr/bin/wrk';

my $LIMIT = 1_048_576;             # bytes a worker may grow after warm-up
my $THREADS = 2;
my $CONNECTIONS = 32;
my $SEED = 20251123;

my $PARENT = $$;
my $master;                        # nginx's master process, once started
my ($wrk_done, $wrk_status);
my $wrk;                           # wrk, while it runs

my ($seconds, $interval, $warmup, $db, $keep, $inject) =
    (600, 10, undef, undef, undef, 0);

GetOptions('seconds=i' => \$seconds, 'interval=i' => \$interval,
           'warmup=i' => \$warmup, 'db=s' => \$db, 'keep=s' => \$keep,
           'inject-raw-addr' => \$inject)
    or usage();

usage() if @ARGV || $seconds < 3 || $interval < 1;

$warmup //= $seconds / 4 < 60 ? int($seconds / 4) : 60;

usage("the warm-up must end before the last second of the run")
    if $warmup < 0 || $warmup >= $seconds - 1;

for ([ $NGINX, 'nginx (TEST_NGINX_BINARY; Debian\'s: tools/deps.sh bench)' ],
     [ $SO, 'the module (make)' ],
     [ $WRK, 'wrk (tools/deps.sh bench)' ])
{
    -e $_->[0] or cannot("$_->[0] is missing: $_->[1]");
}

$| = 1;

$SIG{INT} = $SIG{TERM} = $SIG{HUP} = sub {
    print STDERR "soak: interrupted\n";
    exit 2;
};


# --- the prefix --------------------------------------------------------------

my $tmp = tempdir('consent-soak-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $tmp;

my $prefix = $tmp;

if (defined $keep) {
    make_path($keep);
    $prefix = abs_path($keep);
    chmod 0755, $prefix;
}

for my $d (qw(conf logs modules html html/static html/app html/app/page
               temp))
{
    mkdir "$prefix/$d", 0755;
    chmod 0755, "$prefix/$d";
    unlink glob "$prefix/$d/*.log";
}

my $test_db = defined $db ? 0 : 1;      # soak.lua knows its countries

if (!defined $db) {
    my $dir = "$prefix/geodb";
    my $out = `perl $ROOT/geoip/mkdb.pl $dir 2>&1`;

    cannot("geoip/mkdb.pl failed (libmaxmind-db-writer-perl, "
           . "tools/deps.sh test):\n$out")
        if $? != 0;

    chmod 0755, $dir;
    $db = "$dir/official.mmdb";
}

-r $db or cannot("$db: cannot read it");
$db = abs_path($db);


# --- the clients' addresses --------------------------------------------------

# The X-Forwarded-For values the clients send, and every address in them,
# packed (inet_pton), which must never appear in the first-party log.

my (@XFF, %RAW, %ADDRS);

make_addresses();

spew("$prefix/conf/xff.txt", join('', map { "$_\n" } @XFF));

my %PORT;
@PORT{qw(site app)} = free_ports(2);

write_files();

$master = start_nginx();
my @workers;

for (1 .. 100) {
    @workers = workers($master);
    last if @workers == 2;
    sleep 0.05;
}

cannot("nginx runs " . scalar(@workers) . " workers, not 2")
    unless @workers == 2;

printf "soak: nginx %d, workers %s, %d s of wrk -t%d -c%d, warm-up %d s, "
       . "%d client addresses, database %s\n", $master, "@workers", $seconds,
       $THREADS, $CONNECTIONS, $warmup, scalar(keys %ADDRS), $db;


# --- the run -----------------------------------------------------------------

my @fail;           # the reasons the soak fails
my %mem;            # worker => [ [ t, rss, pss, private_dirty ], ... ]
my $metric = -e "/proc/$workers[0]/smaps_rollup" ? 'private_dirty' : 'rss';

my $log = { path => "$prefix/logs/access.log", offset => 0, rest => '',
            lines => 0, leaks => 0, first => undef, addrs => {} };

my $wrk_out = "$prefix/logs/wrk.out";
my $t0 = time;
$wrk = start_wrk();

my %due = map { $_ * $interval => 1 } 0 .. int(($seconds - 1) / $interval);
$due{$warmup} = 1;
$due{ $seconds - 1 } = 1;


for my $at (sort { $a <=> $b } keys %due) {
    while (time < $t0 + $at) {
        sleep 0.1 if !($wrk_done //= reap($wrk));
        last if $wrk_done;
    }

    last if $wrk_done;

    sample($at);
}

$wrk_done //= wait_wrk($wrk, $t0 + $seconds + 60);

my $elapsed = time - $t0;

push @fail, sprintf('wrk stopped after %.1f s of %d', $elapsed, $seconds)
    if $elapsed < $seconds - 2;
sample(sprintf('%.0f', $elapsed), 'after');      # idle: for information

my $metrics = fetch_metrics();

stop_nginx($master);
scan_log($log, 1);


# --- the verdict -------------------------------------------------------------

my $res = wrk_result();
my $errlog = check_error_log();
my $growth = check_memory();

check_log_leaks();

summary();

exit(@fail ? 1 : 0);


# a usage error: exit 2

sub usage {
    my ($why) = @_;

    print STDERR "soak: $why\n" if defined $why;
    print STDERR "usage: perl bench/soak.pl [--seconds N] [--interval S] "
                 . "[--warmup S] [--db FILE] [--keep DIR]\n";
    exit 2;
}


# the soak cannot run (not a verdict on the module): exit 2

sub cannot {
    my ($why) = @_;

    print STDERR "soak: cannot run: $why\n";
    exit 2;
}


# whatever ends the soak (a failure to run, an interrupt, a bug here)
# stops what it started

END {
    if ($$ == $PARENT) {
        my $code = $?;

        if ($wrk && !$wrk_done) {
            kill 'TERM', $wrk;
            waitpid($wrk, 0);
        }

        if ($master && alive($master)) {
            kill 'QUIT', $master;
            sleep 0.1 for grep { alive($master) } 1 .. 50;
        }

        $? = $code;
    }
}


# --- addresses ---------------------------------------------------------------

# 24,000 X-Forwarded-For values from a seeded generator: addresses in the
# test database's networks (IPv4 and IPv6), any public IPv4 and IPv6,
# IPv4-mapped IPv6, private and documentation ranges, lists ("a, b": realip
# takes the last), an address with a port, and values realip refuses (the
# connection's own 127.0.0.1 is then the client).  No address ends in a
# zero host part, so that none of them equals a masked address.

sub make_addresses {
    srand($SEED);

    my @v4net = ([81, 2, 69], [46, 4], [90, 0], [8, 8, 8], [200, 160],
                 [133, 1], [62, 1], [194, 144], [102, 35], [80, 231, 0],
                 [185, 0, 0], [196, 0, 0]);
    my @v6net = ('2001:db8:1', '2001:db8:2', '2a02:cf40', '2001:db8:3',
                 '2001:db8:4');

    my $octet = sub { 1 + int(rand(254)) };
    my $group = sub { sprintf('%x', 1 + int(rand(65535))) };

    my $v4 = sub {
        my $r = rand();

        if ($r < 0.4) {
            my @n = @{ $v4net[ int(rand(@v4net)) ] };
            push @n, $n[0] == 200 ? int(rand(16)) : $octet->() while @n < 3;
            return join('.', @n, $octet->());
        }

        return join('.', 10, map { $octet->() } 1 .. 3) if $r < 0.45;
        return join('.', 192, 168, map { $octet->() } 1 .. 2) if $r < 0.5;

        return join('.', 1 + int(rand(222)), map { $octet->() } 1 .. 3);
    };

    my $v6 = sub {
        my $r = rand();

        if ($r < 0.4) {
            my $net = $v6net[ int(rand(@v6net)) ];
            my @g = split /:/, $net;

            $g[1] = sprintf('%x', 0xcf40 + int(rand(8)))
                if $net eq '2a02:cf40';
            push @g, '0' while @g < 3;

            return join(':', @g, map { $group->() } 1 .. 5) if rand() < 0.5;
            return join(':', @g, $group->()) . '::' . $group->();
        }

        return 'fd' . sprintf('%02x', int(rand(256))) . ':'
               . join(':', map { $group->() } 1 .. 7) if $r < 0.45;

        my $top = sprintf('%x', 0x2000 + int(rand(0x1000)));

        return join(':', $top, map { $group->() } 1 .. 7) if $r < 0.8;
        return join(':', $top, map { $group->() } 1 .. 2) . '::'
               . $group->();
    };

    for my $i (1 .. 24000) {
        my $r = rand();
        my $x;

        if ($r < 0.60) {
            $x = $v4->();
        } elsif ($r < 0.88) {
            $x = $v6->();
            $x = uc $x if rand() < 0.1;
        } elsif ($r < 0.93) {
            $x = '::ffff:' . $v4->();
        } elsif ($r < 0.97) {
            $x = join(', ', rand() < 0.5 ? $v4->() : $v6->(),
                      rand() < 0.5 ? $v4->() : $v6->());
        } elsif ($r < 0.98) {
            $x = $v4->() . ':' . (1024 + int(rand(60000)));
        } else {
            my @bad = ('unknown', '[' . $v6->() . ']', $v4->() . '.1',
                       'fe80::' . $group->() . '%eth0', '_hidden',
                       $v4->() . 'x');
            $x = $bad[ int(rand(@bad)) ];
        }

        push @XFF, $x;
    }

    # every address-like piece of what is sent, and the connection's own
    # address, which realip leaves when it refuses the header

    for my $x (@XFF, '127.0.0.1') {
        for my $piece (split /[\s,\[\]%]+/, $x) {
            raw_add($piece);
            raw_add($1) if $piece =~ /^([\d.]+):\d+$/;
            raw_add($1) if $piece =~ /^(\d+\.\d+\.\d+\.\d+)/;
        }
    }
}


# adds an address to the raw set, packed, in both IPv4 forms

sub raw_add {
    my ($a) = @_;

    if (defined(my $p = inet_pton(AF_INET, $a))) {
        $ADDRS{$a} = 1;
        $RAW{$p} = $a;
        $RAW{ "\0" x 10 . "\xff\xff" . $p } = $a;
        return;
    }

    if (defined(my $p = inet_pton(AF_INET6, $a))) {
        $ADDRS{$a} = 1;
        $RAW{$p} = $a;
        $RAW{ substr($p, 12) } = $a
            if substr($p, 0, 12) eq "\0" x 10 . "\xff\xff";
    }
}


# --- the access log ----------------------------------------------------------

# Reads what the first-party log gained since the last call (up to the
# offset $upto, if given, so as not to chase nginx) and looks for
# any raw client address in it: every run of address characters that has
# a '.' or a ':' is parsed as an address (so is the run without a trailing
# ':' or '.', and every dotted quad in it) and compared packed, so that
# any spelling of a sent address is found.

sub scan_log {
    my ($l, $final, $upto) = @_;

    open my $fh, '<', $l->{path} or return;
    seek $fh, $l->{offset}, 0;

    my $buf;

    while (!defined $upto || $l->{offset} < $upto) {
        my $n = read($fh, $buf, 4 << 20) or last;

        $l->{offset} += $n;
        $buf = $l->{rest} . $buf;

        my $end = rindex($buf, "\n");

        if ($end < 0) {
            $l->{rest} = $buf;
            next;
        }

        $l->{rest} = substr($buf, $end + 1);
        scan_chunk($l, substr($buf, 0, $end + 1));
    }

    if ($final && length $l->{rest}) {
        scan_chunk($l, $l->{rest} . "\n");
        $l->{rest} = '';
    }
}


# whole lines of the log: counts them and the lines with a raw address

sub scan_chunk {
    my ($l, $chunk) = @_;

    my $before = $l->{lines};
    my $last = -1;                  # the start of the last line with a hit

    $l->{lines} += ($chunk =~ tr/\n//);

    while ($chunk =~ /([0-9A-Fa-f:.]{7,})/g) {
        my $run = $1;

        next unless $run =~ /[:.]/;

        my $hit = leak_of($run);

        next unless defined $hit;

        my $pos = pos($chunk);
        my $start = rindex($chunk, "\n", $pos - 1) + 1;

        next if $start == $last;

        $last = $start;
        $l->{leaks}++;
        $l->{addrs}{$hit}++;

        next if $l->{first};

        my $line = substr($chunk, $start, index($chunk, "\n", $pos) - $start);
        my $no = $before + (substr($chunk, 0, $start) =~ tr/\n//) + 1;

        $l->{first} = [ $no, $line, $hit ];
    }
}


# the raw client address a run of address characters is, as it was sent,
# or undef

sub leak_of {
    my ($run) = @_;

    my @try = ($run);

    push @try, $1 if $run =~ /^(.*[^:.])[:.]$/;
    push @try, $run =~ /(\d{1,3}(?:\.\d{1,3}){3})/g if $run =~ /\./;

    for my $t (@try) {
        my $p = $t =~ /:/ ? inet_pton(AF_INET6, $t) : inet_pton(AF_INET, $t);
        return $RAW{$p} if defined $p && exists $RAW{$p};
    }

    return undef;
}


# the verdict on the first-party log: it must have lines, and none with a
# raw address; the reason names the first one found, as sent

sub check_log_leaks {
    if ($log->{lines} == 0) {
        push @fail, "the first-party access log $log->{path} is empty";
        return;
    }

    return unless $log->{leaks};

    my @top = sort { $log->{addrs}{$b} <=> $log->{addrs}{$a} || $a cmp $b }
              keys %{ $log->{addrs} };
    my $n = @top;

    splice @top, 5 if @top > 5;

    (my $line = substr($log->{first}[1], 0, 300))
        =~ s/([^\x20-\x7e])/sprintf('\\x%02x', ord $1)/ge;

    push @fail, sprintf('raw client address %s in the first-party access '
                        . 'log, line %d: %s (%d of %d lines have one, %d '
                        . 'distinct addresses, most often %s)',
                        $log->{first}[2], $log->{first}[0],
                        $line, $log->{leaks},
                        $log->{lines}, $n, join(' ', @top));
}


# --- nginx -------------------------------------------------------------------

# the prefix: the module's copy, the configuration and what it includes,
# the banner, the pages

sub write_files {
    my $p = $prefix;

    # nginx maps the module: a "make" that rewrites build/*.so in place
    # while the soak runs would kill the workers with SIGBUS, so the soak
    # loads a copy of it

    copy($SO, "$p/modules/ngx_http_consent_module.so")
        or cannot("$SO: $!");
    chmod 0644, "$p/modules/ngx_http_consent_module.so";

    copy("$ROOT/conf/privacy-log.conf", "$p/conf/privacy-log.conf")
        or cannot("conf/privacy-log.conf: $!");
    copy("$ROOT/conf/consent-trackers.conf", "$p/conf/consent-trackers.conf")
        or cannot("conf/consent-trackers.conf: $!");

    spew("$p/conf/banner.html", <<'END');
<div id="soak-banner" class="banner">
<form method="post" action="/consent">
<button name="accept" value="all">Accept</button>
<button name="reject" value="all">Reject</button>
<label><input type="checkbox" name="analytics" value="1"> Analytics</label>
<button name="save" value="1">Save</button>
</form>
</div>
END

    spew("$p/html/plain.html", "<p>plain, nothing asked of the module</p>\n");

    my $page = page();
    spew("$p/html/static/index.html", $page);
    spew("$p/html/app/page/index.html", $page);

    chmod 0644, glob "$p/conf/* $p/html/*.html $p/html/*/*.html "
                     . "$p/html/*/*/*.html";

    spew("$p/conf/nginx.conf", conf());
    chmod 0644, "$p/conf/nginx.conf";
}


# A page of about 20 KB with marked elements of every category, in every
# form the filter knows: data-category (one and several), Cookiebot's
# data-cookieconsent, OneTrust's classes, <noscript> pixels, iframes, upper
# case, "</scr"+"ipt>" inside a script, type="text/plain".  The texts
# soak_tag_CATEGORY mark the elements of a single data-category, which
# bench/soak.lua looks for; soak-end-of-page must always arrive.

sub page {
    my $p = "<!DOCTYPE html>\n<html><head><title>soak</title>\n"
            . "<script>var s = \"</scr\" + \"ipt>\"; var a = 1 > 0;</script>\n"
            . "</head><body>\n";

    for my $i (1 .. 40) {
        $p .= "<p>Paragraph $i of the soak page, with a few words.</p>\n";
        $p .= "<script data-category=\"analytics\">soak_tag_analytics($i)"
              . "</script>\n" if $i % 4 == 1;
        $p .= "<script type=\"text/plain\" data-category='marketing'>"
              . "soak_tag_marketing($i)</script>\n" if $i % 4 == 2;
        $p .= "<div data-category=preferences><p>soak_tag_preferences $i"
              . "</p><span>nested</span></div>\n" if $i % 4 == 3;
        $p .= "<noscript><img data-category=\"marketing\" "
              . "src=\"/px/p.gif?i=$i\" alt=\"a > b\"></noscript>\n"
            if $i % 5 == 0;
        $p .= "<script data-cookieconsent=\"statistics,marketing\">"
              . "cb($i)</script>\n" if $i % 6 == 0;
        $p .= "<div class=\"x optanon-category-C0002\">ot $i</div>\n"
            if $i % 7 == 0;
        $p .= "<iframe data-category=\"analytics marketing\" "
              . "src=\"https://example.com/v$i\"></iframe>\n" if $i % 8 == 0;
        $p .= "<SCRIPT DATA-CATEGORY=\"analytics\">upper($i)</SCRIPT >\n"
            if $i % 9 == 0;
        $p .= "<script data-category=\"unknown_category\">u($i)</script>\n"
            if $i % 10 == 0;
    }

    $p .= ('<p>' . ('filler text ' x 20) . "</p>\n") x 40;
    $p .= "<p>soak-end-of-page</p>\n</body></html>\n";

    return $p;
}


# nginx.conf: the site with every feature, the application behind it

sub conf {
    my $log_format = '';
    my $first_party = 'consent_privacy';

    if ($inject) {
        (my $f = slurp("$ROOT/conf/privacy-log.conf"))
            =~ /^log_format consent_privacy escape=json\n(.*?);\n/ms
            or cannot("no consent_privacy in conf/privacy-log.conf");

        my $body = $1;
        $body =~ s/'\{"time"/'{"debug":"\$remote_addr","time"/
            or cannot("cannot inject into consent_privacy");

        $log_format = "log_format soak_injected escape=json\n$body;\n";
        $first_party = 'soak_injected';
    }

    my $x = <<'END';
            add_header X-Soak-Kind $http_x_soak_kind always;
            add_header X-Soak-Granted $consent_granted always;
            add_header X-Soak-State $consent_state always;
END

    my $vars = join(' ', map { "$_=\$consent_$_" }
        qw(necessary analytics marketing preferences state source granted
           cache_key country regime dnt gpc id revision decision
           masked_addr visitor_hash));

    return <<"END";
# bench/soak.pl: every feature of ngx_consent_module at once

load_module $prefix/modules/ngx_http_consent_module.so;    # a copy of $SO

worker_processes 2;
master_process on;
daemon on;
pid logs/nginx.pid;
error_log logs/error.log warn;

events {
    worker_connections 1024;
}

http {
    types {
        text/html html;
    }

    default_type application/octet-stream;

    access_log off;
    keepalive_requests 10000;

    client_header_buffer_size 4k;
    large_client_header_buffers 8 64k;

    client_body_temp_path temp/client_body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;

    # the clients' address, as a proxy in front would give it

    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;

    # consent: every format, revision, age, regimes by country

    consent_category analytics klaro:matomo;
    consent_category marketing klaro:adsense+facebook;

    consent_cookie consent;
    consent_cookie cc_cookie format=cookieconsent;
    consent_cookie klaro format=klaro;
    consent_cookie CookieConsent format=cookiebot;
    consent_cookie OptanonConsent format=onetrust;
    consent_cookie euconsent-v2 format=tcf;
    consent_cookie usprivacy format=usprivacy;

    consent_revision 2;
    consent_max_age 395d;
    consent_signals dnt=analytics,marketing gpc=marketing;

    consent_geoip $db;
    consent_regime opt-out default;
    consent_regime opt-in EEA GB CH;
    consent_ip_mask 24 48;

    include privacy-log.conf;
$log_format
    upstream app {
        server 127.0.0.1:$PORT{app};
        keepalive 16;
    }

    # the application: knows nothing of consent, sets trackers' cookies,
    # and answers 555 when a cookie the site must strip reaches it

    map \$http_cookie \$soak_has_a {
        "~(?:^|;)[ \\t]*(?:_ga|_gid|_ga_[^=;]*|_hjSessionUser_[^=;]*)="  1;
        default                                                      0;
    }

    map \$http_cookie \$soak_has_m {
        "~(?:^|;)[ \\t]*(?:_fbp|_fbc)="  1;
        default                       0;
    }

    map "\$http_x_soak_a\$soak_has_a\$http_x_soak_m\$soak_has_m" \$soak_leak {
        "~^01"     1;
        "~^..01\$"  1;
        default    0;
    }

    server {
        listen 127.0.0.1:$PORT{app};
        server_name app;

        location /app/ {
            if (\$soak_leak) {
                return 555 "a stripped cookie reached the application\\n";
            }

            add_header Set-Cookie "_ga=GA1.1.1.1700000000; Path=/";
            add_header Set-Cookie "_fbp=fb.1.1700000000.1; Path=/";
            add_header Set-Cookie "session=s3cr3t; Path=/; HttpOnly";
            return 200 "application\\n";
        }

        location /page/ {
            root html/app;
            add_header Set-Cookie "_ga=GA1.1.1.1700000000; Path=/";
        }

        location = /collect {
            return 200 "collected\\n";
        }
    }

    # the site

    server {
        listen 127.0.0.1:$PORT{site};
        server_name soak.test;

        access_log logs/access.log $first_party buffer=64k flush=1s;

        include consent-trackers.conf;
        consent_expire_cookies on;

        add_header X-Soak-Kind \$http_x_soak_kind always;

        # every variable

        location = /vars {
            return 200 "$vars remote=\$remote_addr\\n";
        }

        # a beacon: 204 until analytics is granted

        location = /collect {
            consent_require analytics;
$x
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Cookie "";
        }

        # a pixel: 403 until marketing is granted

        location /px/ {
            consent_require marketing status=403;
$x
            empty_gif;
        }

        # the application: trackers' cookies stripped both ways

        location /app/ {
            include consent-trackers.conf;
            consent_strip_cookies analytics ~^(a+)+\$ ~^_hjSessionUser_;
$x
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host app;
            proxy_set_header X-Soak-A \$consent_analytics;
            proxy_set_header X-Soak-M \$consent_marketing;
        }

        # pages: filtered, the banner while undecided

        location /page/ {
            consent_html on;
            consent_banner $prefix/conf/banner.html;
$x
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host app;
            proxy_set_header Accept-Encoding "";
        }

        location /static/ {
            consent_html activate;
            root html;
$x
        }

        location = /consent {
            consent_endpoint;
        }

        location = /metrics {
            allow 127.0.0.1;
            deny all;
            consent_status;
        }

        # nothing asked of the module

        location = /plain.html {
            root html;
        }
    }
}
END
}


# starts the daemon; returns the master's pid

sub start_nginx {
    my @cmd = ($NGINX, '-p', "$prefix/", '-c', "$prefix/conf/nginx.conf",
               '-e', "$prefix/logs/error.log");

    unlink "$prefix/logs/nginx.pid";

    my $out = `@cmd 2>&1`;

    cannot("nginx did not start:\n$out" . slurp("$prefix/logs/error.log"))
        if $? != 0;

    for (1 .. 200) {
        my $pid = slurp("$prefix/logs/nginx.pid");

        if ($pid =~ /^(\d+)$/m) {
            my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$PORT{site}");

            if ($s) {
                close $s;
                return $1;
            }
        }

        sleep 0.05;
    }

    cannot("nginx started but does not answer:\n"
           . slurp("$prefix/logs/error.log"));
}


# QUIT, and the master's exit within 15 s

sub stop_nginx {
    my ($pid) = @_;

    my @kids = children($pid);

    kill 'QUIT', $pid;

    my $deadline = time + 15;

    while (alive($pid)) {
        if (time > $deadline) {
            push @fail, "nginx did not stop within 15 s of QUIT (killed)";
            kill 'KILL', $pid, grep { alive($_) } @kids;
            last;
        }

        sleep 0.05;
    }
}


# the worker processes of a master, by pid

sub workers {
    my ($pid) = @_;

    return sort { $a <=> $b }
           grep { slurp("/proc/$_/cmdline") =~ /worker process/ }
           children($pid);
}


sub children {
    my ($ppid) = @_;

    return grep {
        my $s = slurp("/proc/$_/stat");
        $s =~ /.*\)\s+(\S)\s+(\d+)/s && $2 == $ppid && $1 !~ /[ZX]/;
    } map { m{/proc/(\d+)$} ? $1 : () } glob '/proc/[0-9]*';
}


sub alive {
    my ($pid) = @_;

    my $s = slurp("/proc/$pid/stat");

    return $s ne '' && $s !~ /.*\)\s+[ZX]/s;
}


# the module's counters, at the end

sub fetch_metrics {
    my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$PORT{site}",
                                  Timeout => 5)
        or return '';

    print $s "GET /metrics HTTP/1.0\r\nHost: soak.test\r\n\r\n";

    local $/;
    my $r = <$s> // '';

    return $r =~ m{^HTTP/1\.\d 200} ? $r =~ s/^.*?\r\n\r\n//sr : '';
}


# --- wrk ---------------------------------------------------------------------

# wrk in the background, its output into logs/wrk.out; soak.lua reads
# the addresses and the seed from the environment

sub start_wrk {
    my $pid = fork() // cannot("fork: $!");

    if ($pid == 0) {
        $ENV{SOAK_XFF} = "$prefix/conf/xff.txt";
        $ENV{SOAK_SEED} = $SEED;
        $ENV{SOAK_HOST} = 'soak.test';
        $ENV{SOAK_TEST_DB} = $test_db;

        open STDOUT, '>', $wrk_out or die "$wrk_out: $!";
        open STDERR, '>&', \*STDOUT;
        exec $WRK, "-t$THREADS", "-c$CONNECTIONS", "-d${seconds}s",
             '--timeout', '10s', '-s', "$ROOT/bench/soak.lua",
             "http://127.0.0.1:$PORT{site}/"
            or die "exec $WRK: $!";
    }

    return $pid;
}


# true once wrk has exited (its status in $wrk_status)

sub reap {
    my ($pid) = @_;

    return undef unless waitpid($pid, WNOHANG) == $pid;

    $wrk_status = $?;
    return 1;
}


# waits for wrk until the deadline, then kills it (a failure)

sub wait_wrk {
    my ($pid, $deadline) = @_;

    until (reap($pid)) {
        if (time > $deadline) {
            push @fail, 'wrk did not finish in time (killed)';
            kill 'KILL', $pid;
            waitpid($pid, 0);
            return 1;
        }

        sleep 0.1;
    }

    return 1;
}


# wrk's output: its own figures, and the JSON line of soak.lua's done()

sub wrk_result {
    my $out = slurp($wrk_out);

    my ($json) = $out =~ /^SOAK-JSON (\{.*\})$/m;

    if (!defined $json) {
        my $st = $wrk_status // 0;

        push @fail, "wrk gave no results ("
                    . ($st & 127 ? 'killed by signal ' . ($st & 127)
                                 : 'exit status ' . ($st >> 8)) . "):\n"
                    . substr($out, 0, 2000);
        return undef;
    }

    my $r = decode_json($json);

    # the statuses each kind of request may get, as the configuration
    # answers them (soak.lua names the kinds)

    my %allowed = (
        vars           => [200],
        beacon         => [200, 204],
        pixel          => [200, 403],
        app            => [200],
        page           => [200],
        static         => [200],
        consent_get    => [200],
        consent_post   => [204, 303],
        consent_bad    => [400],
        consent_big    => [413],
        consent_type   => [415],
        consent_method => [405],
        consent_xsite  => [403],
        metrics        => [200],
        metrics_denied => [403],
        plain          => [200],
    );

    for my $kind (sort keys %{ $r->{counts} }) {
        my $ok = $allowed{$kind};

        if (!$ok) {
            push @fail, "responses without a known kind ($kind): "
                        . statuses($r->{counts}{$kind});
            next;
        }

        my %ok = map { $_ => 1 } @$ok;
        my @bad = grep { !$ok{$_} } keys %{ $r->{counts}{$kind} };

        push @fail, "$kind: status " . join(', ', map {
                        "$_ ($r->{counts}{$kind}{$_} times)" } sort @bad)
                    . ', allowed ' . join(' ', @$ok)
            if @bad;
    }

    for my $kind (sort keys %allowed) {
        push @fail, "no response of kind $kind"
            unless $r->{counts}{$kind} || $seconds < 20;
    }

    for my $v (sort keys %{ $r->{violations} }) {
        push @fail, "$v: $r->{violations}{$v} times; first: "
                    . ($r->{examples}{$v} // '');
    }

    my $e = $r->{errors};
    my $sock = join(', ', map { "$_ $e->{$_}" }
                          grep { $e->{$_} } qw(connect read write timeout));

    push @fail, "wrk socket errors: $sock" if $sock ne '';

    ($r->{rate}) = $out =~ /Requests\/sec:\s+([\d.]+)/;
    $r->{rate} //= $r->{requests} / ($r->{duration} / 1e6 || 1);

    return $r;
}


# "200:12 204:3"

sub statuses {
    my ($h) = @_;

    return join(' ', map { "$_:$h->{$_}" } sort keys %$h);
}


# --- memory ------------------------------------------------------------------

# one sample of every worker, printed as one line

sub sample {
    my ($at, $label) = @_;

    my @now = workers($master);
    my %now = map { $_ => 1 } @now;
    my @gone = grep { !$now{$_} } @workers;
    my %was = map { $_ => 1 } @workers;
    my @new = grep { !$was{$_} } @now;

    if (@gone || @new) {
        push @fail, "workers changed at ${at}s: gone @gone, new @new"
            unless grep { /workers changed/ } @fail;
    }

    my @parts;

    for my $w (@workers) {
        my $m = memory($w);

        if (!$m) {
            push @parts, "$w gone";
            next;
        }

        push @{ $mem{$w} }, [ $at, @$m{qw(rss pss private_dirty)} ]
            unless $label;

        push @parts, sprintf('%d rss %s pss %s dirty %s', $w,
                             mb($m->{rss}), mb($m->{pss}),
                             mb($m->{private_dirty}));
    }

    # the log after the memory, whose time matters: what was written
    # until now

    scan_log($log, 0, -s $log->{path}) unless $label;

    printf "soak: %5ss %-6s %s | log %d lines%s\n", $at,
           $label // ($at == $warmup ? 'warm' : ''), join(' | ', @parts),
           $log->{lines}, $log->{leaks} ? ", $log->{leaks} RAW ADDRESSES"
                                        : '';
}


# VmRSS, and Pss and Private_Dirty where smaps_rollup exists, in bytes

sub memory {
    my ($pid) = @_;

    my $status = slurp("/proc/$pid/status");
    my ($rss) = $status =~ /^VmRSS:\s+(\d+) kB/m or return undef;
    my %m = (rss => $rss * 1024);

    my $roll = slurp("/proc/$pid/smaps_rollup");
    my ($pss) = $roll =~ /^Pss:\s+(\d+) kB/m;
    my ($dirty) = $roll =~ /^Private_Dirty:\s+(\d+) kB/m;

    $m{pss} = defined $pss ? $pss * 1024 : undef;
    $m{private_dirty} = defined $dirty ? $dirty * 1024 : undef;

    return \%m;
}


# growth of each worker from its first sample after the warm-up to its
# last, by $metric

sub check_memory {
    my %g;
    my $i = { rss => 1, pss => 2, private_dirty => 3 }->{$metric};

    for my $w (@workers) {
        my @s = grep { $_->[0] >= $warmup } @{ $mem{$w} || [] };

        if (@s < 2) {
            push @fail, "worker $w: fewer than two samples after the warm-up";
            next;
        }

        my ($first, $last) = ($s[0], $s[-1]);

        $g{$w} = { first => $first, last => $last,
                   growth => $last->[$i] - $first->[$i] };

        push @fail, sprintf('worker %d grew by %d bytes (%s) of %s from '
                            . '%ss to %ss, more than %d',
                            $w, $g{$w}{growth}, mb($g{$w}{growth}), $metric,
                            $first->[0], $last->[0], $LIMIT)
            if $g{$w}{growth} > $LIMIT;
    }

    return \%g;
}


# --- error.log ---------------------------------------------------------------

# Fails on the lines that mean a bug; counts the others ([error], [warn])
# by message, without the time, the process and the client

sub check_error_log {
    my (%count, %msg);
    my @fatal;

    for my $line (split /\n/, slurp("$prefix/logs/error.log")) {
        if ($line =~ /\[(alert|crit|emerg)\]|signal|Sanitizer|runtime error/) {
            push @fatal, $line;
        } elsif ($line =~ /\[(\w+)\][ ]\d+\#\d+:[ ](?:\*\d+[ ])?(.*?)
                            (?:,[ ]client:[ ].*)?$/x)
        {
            $count{$1}++;
            $msg{"[$1] $2"}++;
        }
    }

    my @other = map { "$msg{$_} x $_" }
                sort { $msg{$b} <=> $msg{$a} || $a cmp $b } keys %msg;
    splice @other, 5 if @other > 5;

    if (@fatal) {
        push @fail, scalar(@fatal) . " fatal lines in error.log, the first: "
                    . join("\n    ", @fatal[0 .. ($#fatal < 4 ? $#fatal : 4)]);
    }

    return { fatal => scalar(@fatal), count => \%count, other => \@other };
}


# --- the summary -------------------------------------------------------------

sub summary {
    print "\nsoak: summary\n";
    printf "  duration      %.1f s of wrk -t%d -c%d (warm-up %d s, a sample "
           . "every %d s)\n", $res ? $res->{duration} / 1e6 : $elapsed,
           $THREADS, $CONNECTIONS, $warmup, $interval;

    if ($res) {
        my %all;

        for my $k (keys %{ $res->{counts} }) {
            $all{$_} += $res->{counts}{$k}{$_} for keys %{ $res->{counts}{$k} };
        }

        my $e = $res->{errors};

        printf "  requests      %d (%.0f/s), socket errors: connect %d, "
               . "read %d, write %d, timeout %d\n", $res->{requests},
               $res->{rate}, map { $e->{$_} } qw(connect read write timeout);
        printf "  statuses      %s\n", statuses(\%all);

        for my $k (sort keys %{ $res->{counts} }) {
            printf "    %-15s %s\n", $k, statuses($res->{counts}{$k});
        }

        printf "  checks        %s\n",
               %{ $res->{violations} }
               ? join(', ', map { "$_ $res->{violations}{$_}" }
                                sort keys %{ $res->{violations} })
               : 'every answer agreed with the decision the module reported';
    }

    printf "  memory        %s, after the warm-up (limit %s):\n", $metric,
           mb($LIMIT);

    for my $w (sort { $a <=> $b } keys %$growth) {
        my $g = $growth->{$w};
        my $i = { rss => 1, pss => 2, private_dirty => 3 }->{$metric};

        printf "    worker %-7d %5ss %s -> %5ss %s: %s (%+d bytes); "
               . "rss %s -> %s\n", $w, $g->{first}[0], mb($g->{first}[$i]),
               $g->{last}[0], mb($g->{last}[$i]), mb($g->{growth}),
               $g->{growth}, mb($g->{first}[1]), mb($g->{last}[1]);
    }

    printf "  error.log     %d alert/crit/emerg/signal lines; %s\n",
           $errlog->{fatal},
           join(', ', map { "$errlog->{count}{$_} [$_]" }
                          sort keys %{ $errlog->{count} }) || 'nothing else';
    print "    $_\n" for map { substr($_, 0, 200) } @{ $errlog->{other} };

    printf "  access log    %d lines, %d with a raw client address "
           . "(%d addresses checked)\n", $log->{lines}, $log->{leaks},
           scalar(keys %ADDRS);

    if ($metrics ne '') {
        my %sum;

        for (split /\n/, $metrics) {
            next unless /^nginx_consent_(\w+?)(?:\{[^}]*\})?\s+(\d+)/;
            $sum{$1} += $2;
        }

        printf "  module        %s\n", join(', ', map { "$_ $sum{$_}" } grep {
            defined $sum{$_} } qw(requests_total refused_total decisions_total
            cookies_stripped_total set_cookies_removed_total
            html_elements_removed_total banners_inserted_total
            geoip_lookups_total geoip_misses_total));
    }

    print "  prefix        $prefix (kept)\n" if defined $keep;

    if (@fail) {
        print "  result        FAIL\n";
        print "    - $_\n" for @fail;
    } else {
        print "  result        PASS\n";
    }
}


# --- small things ------------------------------------------------------------

sub mb {
    my ($b) = @_;

    return '-' unless defined $b;
    return sprintf('%.2f MB', $b / 1048576);
}


sub free_ports {
    my ($n) = @_;

    my @s = map {
        IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1:0',
                              ReuseAddr => 1) or cannot("a free port: $!")
    } 1 .. $n;

    return map { $_->sockport } @s;
}


sub slurp {
    my ($path) = @_;

    open my $fh, '<', $path or return '';
    local $/;
    return scalar(<$fh>) // '';
}


sub spew {
    my ($path, $content) = @_;

    open my $fh, '>', $path or cannot("$path: $!");
    print $fh $content;
    close $fh or cannot("$path: $!");
    chmod 0644, $path;
}
