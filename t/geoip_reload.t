# The country database replaced while nginx runs: auto_reload by rename, by
# cp over the file, by truncation, broken files, under concurrent requests;
# and nginx -s reload.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use POSIX qw(_exit);
use Time::HiRes qw(time sleep);
use GeoDB;


my %bytes = map { $_ => GeoDB::bytes($_) }
            qw(official official-b empty half garbage wrongtype notmap
               badfields ipv4only);

# the live file, outside the prefix so that it exists before nginx starts

my $LIVE = $GeoDB::LIVE;

sub install { GeoDB::install($bytes{ $_[0] }) }

# cp over the file in place, slowly

sub overwrite { GeoDB::overwrite($bytes{ $_[0] }, $_[1], 0.02) }

sub country {
    my ($n, $addr) = @_;

    my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: $addr\n");
    return "$r->{status} $r->{body}";
}

sub wait_for {
    my ($what, $cond) = @_;

    my $end = time + 5;

    while (time < $end) {
        return 1 if $cond->();
        sleep 0.05;
    }

    diag("timed out waiting for $what");
    return 0;
}

# requests from two children while the parent changes the file

sub under_load {
    my ($n, $change) = @_;

    my $stop = $n->prefix . '/logs/stop';
    my @kids;

    unlink $stop;

    for my $k (1 .. 2) {
        my $out = $n->prefix . "/logs/load.$k";
        my $pid = fork;
        die "fork: $!" unless defined $pid;

        if ($pid == 0) {
            my %seen;

            until (-e $stop) {
                $seen{ country($n, '81.2.69.160') }++;
            }

            open my $fh, '>', $out or _exit(1);
            print $fh map { "$seen{$_}\t$_" } sort keys %seen;
            close $fh;
            _exit(0);
        }

        push @kids, [ $pid, $out ];
    }

    sleep 0.2;
    $change->();
    sleep 0.5;

    open my $fh, '>', $stop or die "$stop: $!";
    close $fh;

    my %seen;

    for my $k (@kids) {
        waitpid $k->[0], 0;

        open my $in, '<', $k->[1] or next;
        while (<$in>) {
            my ($count, $answer) = split /\t/, $_, 2;
            $seen{$answer} += $count;
        }
    }

    return \%seen;
}

my $config = <<'END';
location /t {
    return 200 "$consent_country\n";
}
END

my $realip = <<'END';
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
END


# auto_reload

install('official');

my $n = start_nginx(
    name        => 'auto_reload',
    http_config => "consent_geoip \$TEST_NGINX_GEODB/live.mmdb "
                   . "auto_reload=100ms;\n" . $realip,
    config      => $config,
    workers     => 2,
);

is(country($n, '81.2.69.160'), "200 GB\n", 'official.mmdb: GB');

# by rename

install('official-b');

ok(wait_for('official-b.mmdb', sub {
       my %seen = map { country($n, '81.2.69.160') => 1 } 1 .. 10;
       return keys %seen == 1 && $seen{"200 US\n"};
   }), 'renamed official-b.mmdb: US in every worker');

is(country($n, '8.8.8.8'), "200 DE\n", 'official-b.mmdb: 8.8.8.8 is DE');

like($n->error_log,
     qr/\[notice\] .*consent_geoip: "\Q$LIVE\E" reloaded \(GeoIP2-Country/,
     'the swap is logged at notice, naming the file');

# broken files: the database loaded before stays, error.log says why

my %reason = (
    empty     => qr/"\Q$LIVE\E" is empty/,
    half      => qr/MMDB_open\("\Q$LIVE\E"\) failed \(The MaxMind DB file contains invalid metadata\)/,
    garbage   => qr/MMDB_open\("\Q$LIVE\E"\) failed/,
    wrongtype => qr/"\Q$LIVE\E" is not a usable country database: no record names a country/,
    notmap    => qr/"\Q$LIVE\E" is not a usable country database: a record is not a map/,
    badfields => qr/"\Q$LIVE\E" is not a usable country database: a record/,
);

for my $bad (qw(empty half garbage wrongtype notmap badfields)) {
    my $before = length $n->error_log;

    install($bad);

    ok(wait_for("the error for $bad.mmdb", sub {
           substr($n->error_log, $before) =~ /\[error\] .*consent_geoip: /;
       }), "$bad.mmdb: an error is logged");

    sleep 0.4;

    my $log = substr($n->error_log, $before);
    like($log, qr/\[error\] .*consent_geoip: $reason{$bad}.*the database loaded before stays in use/,
         "$bad.mmdb: error.log names the file and the reason");

    my @errors = $log =~ /\[error\] (\d+)#/g;
    my %per_worker;
    $per_worker{$_}++ for @errors;
    ok(!grep({ $_ > 1 } values %per_worker),
       "$bad.mmdb: logged once per worker, not on every check");

    my %seen = map { country($n, '81.2.69.160') => 1 } 1 .. 10;
    is_deeply(\%seen, { "200 US\n" => 1 },
              "$bad.mmdb: the old database keeps answering");
}

# a file that disappears

{
    my $before = length $n->error_log;

    unlink $LIVE;

    ok(wait_for('the error for a missing file', sub {
           substr($n->error_log, $before) =~ /\[error\] .*consent_geoip: stat\(\) "\Q$LIVE\E" failed/;
       }), 'a missing file is logged');

    is(country($n, '81.2.69.160'), "200 US\n",
       'missing file: the old database keeps answering');
}

# back to official.mmdb

install('official');

ok(wait_for('official.mmdb', sub {
       my %seen = map { country($n, '81.2.69.160') => 1 } 1 .. 10;
       return keys %seen == 1 && $seen{"200 GB\n"};
   }), 'official.mmdb again: GB');

# cp over the file in place, under load

my $seen = under_load($n, sub { overwrite('official-b', 512) });

ok(scalar(grep { /^200 / } keys %$seen),
   'cp over in place: requests answered with a country');
note(explain($seen));
ok(!grep({ $_ ne "200 GB\n" && $_ ne "200 US\n" } keys %$seen),
   'cp over in place: every answer from a valid database')
    or diag(explain($seen));

ok(wait_for('official-b.mmdb after cp', sub {
       country($n, '81.2.69.160') eq "200 US\n"
   }), 'cp over in place: the complete new file is served');

# truncation, under load

$seen = under_load($n, sub {
    open my $fh, '+<', $LIVE or die "$LIVE: $!";
    truncate $fh, int(length($bytes{'official-b'}) / 3);
    sleep 0.3;
    truncate $fh, 0;
    close $fh;
});

ok(!grep({ $_ ne "200 US\n" } keys %$seen),
   'truncation: every answer still from the old database')
    or diag(explain($seen));

# cp official.mmdb over the truncated file, under load, in large pieces

$seen = under_load($n, sub { overwrite('official', 1024) });

ok(!grep({ $_ ne "200 GB\n" && $_ ne "200 US\n" } keys %$seen),
   'cp over a truncated file: every answer from a valid database')
    or diag(explain($seen));

ok(wait_for('official.mmdb after cp', sub {
       country($n, '81.2.69.160') eq "200 GB\n"
   }), 'cp over a truncated file: the new file is served');

unlike($n->error_log, qr/exited on signal/, 'no worker crashed');

$n->finish('auto_reload');


# nginx -s reload opens the file again

install('official');

$n = start_nginx(
    name        => 'nginx -s reload',
    http_config => "consent_geoip \$TEST_NGINX_GEODB/live.mmdb;\n" . $realip,
    config      => $config,
);

is(country($n, '81.2.69.160'), "200 GB\n", 'reload: before');

# without auto_reload, the file changed in place under load reaches nothing

$seen = under_load($n, sub {
    overwrite('official-b', 512);
    truncate $LIVE, 100;
    sleep 0.1;
    truncate $LIVE, 0;
});

is_deeply([ keys %$seen ], [ "200 GB\n" ],
          'cp over and truncation without auto_reload: the snapshot answers')
    or diag(explain($seen));

install('official-b');
sleep 0.3;

is(country($n, '81.2.69.160'), "200 GB\n",
   'without auto_reload the file is read only at (re)load');

ok($n->reload, 'nginx -s reload');
is(country($n, '81.2.69.160'), "200 US\n", 'reload: the new file');

# a broken file on nginx -s reload: the old configuration keeps serving

install('half');

ok(!$n->reload, 'nginx -s reload with a broken file is refused');
like($n->{reload_error} // '', qr/MMDB_open\("\Q$LIVE\E"\) failed/,
     'the reload error names the file');
is(country($n, '81.2.69.160'), "200 US\n",
   'the old configuration keeps answering');

$n->finish('nginx -s reload', allow => [ qr/\[emerg\].*MMDB_open/ ]);

done_testing();
