# conf/consent-receipts.conf: one line per decision recorded by
# consent_endpoint, with the consent id of the cookie, and no raw address.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use JSON::PP;
use Time::HiRes qw(time sleep);
use GeoDB;


my $conf = do {
    open my $fh, '<', 'conf/consent-receipts.conf'
        or die "conf/consent-receipts.conf: $!";
    local $/;
    <$fh>;
};

my ($format) = $conf =~ /^(log_format consent_receipt.*?;)$/ms;
ok($format, 'the file has the consent_receipt format');

for my $raw (qw(remote_addr realip_remote_addr binary_remote_addr
                http_x_forwarded_for http_user_agent http_cookie))
{
    unlike($format, qr/\$\Q$raw\E\b/, "consent_receipt has no \$$raw");
}

my $n = start_nginx(
    name        => 'consent-receipts.conf',
    http_config => "include \$TEST_NGINX_ROOT/conf/consent-receipts.conf;\n"
                   . "consent_geoip \$TEST_NGINX_GEODB/official.mmdb;\n"
                   . "set_real_ip_from 127.0.0.1;\n"
                   . "real_ip_header X-Forwarded-For;\n",
    config      => <<'END',
location = /consent {
    consent_revision 2;
    consent_endpoint;
    access_log logs/receipts.log consent_receipt if=$consent_decision;
}
END
);

my $form = "Content-Type: application/x-www-form-urlencoded\n"
           . "User-Agent: Receipts/1.0\n";

my @ids;

for my $case ([ 'accept=all', '81.2.69.160' ],
              [ 'save=1&analytics=1', '2001:db8:1234:5678::99' ],
              [ 'reject=all', '81.2.69.161' ])
{
    my ($body, $addr) = @$case;

    my $r = $n->http("POST /consent\n$body",
                     more_headers => $form . "X-Forwarded-For: $addr\n");
    is($r->{status}, 303, "$body: recorded");

    my ($id) = (header_value($r, 'Set-Cookie') // '')
               =~ /^consent=1\.\d+\.2\.[a-z+-]+\.([A-Za-z0-9_-]{16});/;
    ok($id, "$body: the cookie carries a consent id");
    push @ids, $id;
}

# what is not a decision is not a receipt

$n->http('GET /consent');
$n->http("POST /consent\nbogus=1", more_headers => $form);
$n->http("POST /consent\naccept=all",
         more_headers => $form . "Sec-Fetch-Site: cross-site\n");
$n->http("POST /consent\naccept=all",
         more_headers => $form . "Sec-GPC: 1\nX-Forwarded-For: 81.2.69.160\n");

# nginx writes the log line after the answer has gone; under make valgrind
# it is one process, which QUIT ends at once, in the middle of that

sub receipts {
    open my $fh, '<', $n->prefix . '/logs/receipts.log' or die "$!";
    local $/;
    return scalar <$fh>;
}

my $deadline = time + 60;

sleep 0.1 while (receipts() =~ tr/\n//) < 4 && time < $deadline;

ok($n->stop, 'stopped');

my $log = receipts();

my @lines = split /\n/, $log;
is(scalar @lines, 4, 'one receipt per decision, none for the rest');

my @r = map { decode_json($_) } @lines;

is_deeply([ map { $_->{decision} } @r ],
          [ qw(accepted partial rejected accepted) ], 'decisions');
is_deeply([ map { $_->{id} } @r[0 .. 2] ], \@ids,
          'each receipt has the id of the cookie it set');
isnt($ids[0], $ids[1], 'every decision has an id of its own');
is($r[0]{granted}, 'necessary,analytics,marketing,preferences',
   'granted, all');
is($r[1]{granted}, 'necessary,analytics', 'granted, a choice');
is($r[2]{granted}, 'necessary', 'granted, rejected');
is($r[3]{granted}, 'necessary,analytics,preferences',
   'Sec-GPC vetoes marketing even when it was accepted');
is($r[3]{source}, 'signal', '... and the receipt says why');
is($r[3]{gpc}, '1', '... and that the signal was there');
is($r[3]{gpc_honoured}, '1', '... and that its opt-out was honoured');
is($r[0]{gpc_honoured}, '0', 'no signal, nothing honoured');
is($_->{revision}, '2', 'the policy revision') for @r;
is($r[0]{addr}, '81.2.69.0', 'IPv4 masked');
is($r[1]{addr}, '2001:db8:1234::', 'IPv6 masked');
is($r[0]{country}, 'GB', 'country from the local database');
like($r[0]{time}, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/,
     'time');
like($r[0]{visitor}, qr/^[0-9a-f]{16}$/, 'visitor hash');

unlike($log, qr/81\.2\.69\.16[01]|5678::99|Receipts/,
       'no raw address, no User-Agent in the receipts');

$n->finish('receipts');

done_testing();
