# conf/privacy-log.conf: the first-party format holds no raw address, the
# security format does.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;


my $conf = do {
    open my $fh, '<', 'conf/privacy-log.conf' or die "conf/privacy-log.conf: $!";
    local $/;
    <$fh>;
};

my ($privacy) = $conf =~ /^(log_format consent_privacy.*?;)$/ms;
ok($privacy, 'conf/privacy-log.conf has the consent_privacy format');

for my $raw (qw(remote_addr realip_remote_addr binary_remote_addr
                http_x_forwarded_for http_x_real_ip proxy_add_x_forwarded_for
                http_cookie http_forwarded))
{
    unlike($privacy, qr/\$\Q$raw\E\b/, "consent_privacy has no \$$raw");
}

my $n = start_nginx(
    name        => 'privacy-log.conf',
    http_config => "include \$TEST_NGINX_ROOT/conf/privacy-log.conf;\n"
                   . "set_real_ip_from 127.0.0.1;\n"
                   . "real_ip_header X-Forwarded-For;\n",
    config      => "access_log logs/analytics.log consent_privacy;\n"
                   . "access_log logs/security.log consent_security;\n"
                   . "location /t { return 200 \"ok\\n\"; }\n",
);

for my $addr ('81.2.69.160', '2001:db8:1234:5678::99', '::ffff:90.0.4.5') {
    my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: $addr\n"
                                               . "User-Agent: Test/1.0\n");
    is($r->{status}, 200, "request from $addr");
}

$n->stop;

my $analytics = do {
    open my $fh, '<', $n->prefix . '/logs/analytics.log' or die $!;
    local $/;
    <$fh>;
};

my $security = do {
    open my $fh, '<', $n->prefix . '/logs/security.log' or die $!;
    local $/;
    <$fh>;
};

my @lines = split /\n/, $analytics;
is(scalar @lines, 3, 'three analytics lines');

like($lines[0], qr/"addr":"81\.2\.69\.0","visitor":"[0-9a-f]{16}"/,
     'IPv4 masked, visitor hash');
like($lines[1], qr/"addr":"2001:db8:1234::"/, 'IPv6 masked');
like($lines[2], qr/"addr":"90\.0\.4\.0"/, 'mapped IPv6 masked as IPv4');
unlike($analytics, qr/81\.2\.69\.160|5678::99|90\.0\.4\.5/,
       'no raw address in the analytics log');
like($security, qr/81\.2\.69\.160/,
     'conf/privacy-log.conf: its security format does log the raw address');

$n->finish('privacy-log.conf');

done_testing();
