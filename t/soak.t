# The soak test, shortened: bench/soak.pl for 60 s (a 15 s warm-up) must
# pass, and it must be able to fail: with the raw $remote_addr put into
# the first-party log format (its hidden --inject-raw-addr), a 4 s run
# exits 1 and names the raw address.  "perl bench/soak.pl" runs the full
# 10 minutes.

use strict;
use warnings;

use Test::More;
use Socket qw(AF_INET AF_INET6 inet_pton);


# runs bench/soak.pl; its exit code and its output

sub soak {
    my (@args) = @_;

    my $out = `perl bench/soak.pl @args 2>&1`;

    return ($? & 127 ? 128 + ($? & 127) : $? >> 8, $out);
}


# the address as bytes, whatever its spelling

sub packed {
    my ($a) = @_;

    return inet_pton($a =~ /:/ ? AF_INET6 : AF_INET, $a) // '';
}


# --- the soak can fail -------------------------------------------------------

my ($code, $out) = soak(qw(--seconds 4 --warmup 1 --interval 2
                           --inject-raw-addr));

is($code, 1, 'a raw address in the first-party log fails the soak (exit 1)')
    or diag($out);

my ($addr, $line) = $out =~ m{raw[ ]client[ ]address[ ](\S+)[ ]in[ ]the[ ]
                              first-party[ ]access[ ]log,[ ]line[ ]\d+:[ ]
                              (.*?)[ ]\(\d+[ ]of}x;

ok(defined $addr, 'the reason names the raw address') or diag($out);

my ($logged) = ($line // '') =~ /^\{"debug":"([^"]+)"/;

ok(length packed($addr // '') && packed($addr // '') eq packed($logged // ''),
   'the named address (' . ($addr // 'none') . ') is the one the log line '
   . 'carries ($remote_addr ' . ($logged // 'none') . ')')
    or diag($out);

like($out, qr/^  result +FAIL$/m, 'the summary says FAIL');


# --- the soak passes ---------------------------------------------------------

my $t0 = time;

($code, $out) = soak(qw(--seconds 60));

is($code, 0, 'bench/soak.pl --seconds 60 passes') or diag($out);

like($out, qr/^  result +PASS$/m, 'the summary says PASS');
like($out, qr/^\ \ requests\ +[1-9]\d*\ \(\d+\/s\),\ socket\ errors:
              \ connect\ 0,\ read\ 0,\ write\ 0,\ timeout\ 0$/mx,
     'requests were answered, no socket error');
like($out, qr/^  access log +[1-9]\d* lines, 0 with a raw client address/m,
     'the first-party log has lines, none with a raw address');

my $measured = () = $out =~ /^    worker +\d+ +\d+s .* bytes\); rss /mg;

is($measured, 2, 'the memory of both workers measured');

# the figures that matter, in prove's output too

diag(join("\n", grep { /^  requests/ || /^    worker/ }
                split /\n/, $out))
    if $code == 0;

note($out);
note(sprintf('t/soak.t: the 60 s soak took %d s', time - $t0));

done_testing();
