# consent_html streams: a 30 MB page read slowly by the client does not
# grow the worker by the size of the page, and the first bytes leave
# before the last are read.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use IO::Socket::INET;
use Socket qw(SOL_SOCKET SO_RCVBUF);
use Time::HiRes qw(usleep);

my $unit = "<p>paragraph</p><script data-category=\"analytics\">t()</script>\n";
my $count = int(30_000_000 / length $unit);
my $page = "<html><body>\n" . ($unit x $count) . "</body></html>\n";

my $n = start_nginx(config => <<'EOF_CONF');
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
EOF_CONF

$n->write_file('html/big.html', $page);

my $master = $n->pid;
my ($worker) = `pgrep -P $master` =~ /(\d+)/;

sub rss {
    open my $f, '<', "/proc/$worker/status" or return 0;
    local $/;
    my ($kb) = <$f> =~ /VmRSS:\s+(\d+)/;
    return $kb;
}

my $before = rss();

my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1:' . $n->port)
    or die "connect: $!";
$s->setsockopt(SOL_SOCKET, SO_RCVBUF, 65536);
print $s "GET /big.html HTTP/1.0\r\nHost: localhost\r\n\r\n";

my ($got, $max, $buf) = (0, 0, '');
my $first = '';

while (1) {
    my $r = sysread($s, $buf, 65536);
    last unless $r;
    $first .= $buf if length $first < 200;
    $got += $r;
    if ($got < 4_000_000) {
        usleep(2000);
        my $now = rss();
        $max = $now if $now > $max;
    }
}

(my $left = $unit) =~ s{<script.*?</script>}{};
my $want = length("<html><body>\n</body></html>\n") + $count * length $left;

like($first, qr/^HTTP\/1\.1 200 OK/, 'answered');
ok($got > $want && $got < $want + 1024,
   "every script removed: $got bytes with headers, $want of body");
ok($max - $before < 8192,
   "worker grew by " . ($max - $before) . " KB while streaming, "
   . "not by the page's size");

$n->finish('html memory');

done_testing();
