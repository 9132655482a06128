# consent_html against a backend that writes its page a few bytes at a
# time (1 to 7), proxied unbuffered: the marked elements straddle every
# kind of buffer boundary.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use IO::Socket::INET;
use POSIX ();
use Time::HiRes qw(usleep);

my $page = "<html><body>\n";
$page .= "<p>n$_</p><script data-category=\"analytics\" src=\"/a$_.js\">"
         . "x('</scr' + 'ipt>')</script><IMG data-category='marketing'"
         . " src=/p$_.gif><div class=\"optanon-category-C0004\">ad</div>\n"
    for 1 .. 60;
$page .= "</body></html>\n";

(my $left = $page) =~ s{<script data-category="analytics".*?</script>}{}gs;
$left =~ s{<IMG data-category='marketing' src=/p\d+\.gif>}{}g;
$left =~ s{<div class="optanon-category-C0004">ad</div>}{}g;

my $listen = IO::Socket::INET->new(Listen => 5, LocalAddr => '127.0.0.1:0',
                                   ReuseAddr => 1)
    or die "listen: $!";
my $port = $listen->sockport;

my $pid = fork() // die "fork: $!";

if ($pid == 0) {
    srand(42);
    while (my $c = $listen->accept) {
        my $req = '';
        while ($req !~ /\r\n\r\n/) {
            my $n = sysread($c, $req, 4096, length $req) or last;
        }
        syswrite($c, "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n");
        my $pos = 0;
        while ($pos < length $page) {
            my $n = 1 + int(rand(7));
            syswrite($c, substr($page, $pos, $n));
            $pos += $n;
            usleep(200) if $pos % 97 < 7;
        }
        close $c;
    }
    POSIX::_exit(0);
}

my $n = start_nginx(config => <<"EOF_CONF");
location / {
    consent_html on;
    proxy_buffering off;
    proxy_pass http://127.0.0.1:$port;
}
EOF_CONF

for my $i (1 .. 3) {
    my $r = $n->http('GET /');
    is($r->{status}, 200, "run $i: 200");
    is($r->{body}, $left, "run $i: every marked element removed, all else kept");
}

my $r = $n->http('GET /', more_headers =>
    "Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq\n");
is($r->{body}, $page, 'everything granted: the page as the backend wrote it');

$n->finish('slow backend');

kill 'TERM', $pid;
waitpid($pid, 0);

done_testing();
