# conf/privacy-log.conf: the first-party format holds no raw address, the
# security format does.  Every log format shipped in conf/ holds none
# either, and every access_log there writes one of them.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;


# Variables that carry the client's address (or an identifier) raw: nginx's
# own, any request header a proxy or a CDN puts an address in, the cookies.

my @raw = qw(remote_addr binary_remote_addr realip_remote_addr
             proxy_protocol_addr proxy_add_x_forwarded_for http_cookie
             cookie_\w+ http_forwarded http_x_forwarded_for
             http_\w*forwarded\w* http_\w*real_ip\w* http_\w*client_ip\w*
             http_\w*connecting_ip\w* http_\w*originating\w*
             http_\w*remote_addr\w* http_via);

my $raw_re = join '|', @raw;

# the formats meant to hold the raw address, kept apart (privacy-log.conf
# says so at length): everything else is first-party

my %raw_ok = (consent_security => 1);

sub statements {
    my ($file) = @_;

    open my $fh, '<', $file or die "$file: $!";
    my $text = join '', map { s/(^|\s)#.*//r } <$fh>;

    # nginx statements end with ';', quoted strings may hold one
    my @st;
    push @st, $1 while $text =~ /\G\s*((?:[^;{}'"]|'[^']*'|"[^"]*")+[;{}])/gc;
    s/[;{]\z//, s/\s+/ /g, s/^ | $//g for @st;

    return grep { length } @st;
}

my (%formats, %tainted, @access_logs);

for my $file (glob 'conf/*.conf') {
    my @st = statements($file);

    for (@st) {
        if (/^log_format (\S+)\s+(.*)/s) {
            $formats{$1} = [ $file, $2 ];

        } elsif (/^access_log\s+(.*)/) {
            push @access_logs, [ $file, $1 ];
        }

        # a variable computed from a raw one is raw too
        if (/^(?:map|geo) (?:\S+ )*\$(?:$raw_re)\b.*?\$(\w+)/
            || /^set \$(\w+) .*\$(?:$raw_re)\b/)
        {
            $tainted{$1} = $file;
        }
    }
}

my $all_re = join '|', $raw_re, map { quotemeta } keys %tainted;

ok(exists $formats{consent_privacy} && exists $formats{consent_receipt}
   && exists $formats{consent_security},
   'conf/*.conf: consent_privacy, consent_receipt and consent_security '
   . 'found (' . join(', ', sort keys %formats) . ')');

# the check itself sees a raw address where there is one

like($formats{consent_security}[1] // '', qr/\$(?:$all_re)\b/,
     'the check finds $remote_addr in consent_security');

for my $name (sort keys %formats) {
    next if $raw_ok{$name};

    my ($file, $format) = @{ $formats{$name} };
    my @found = $format =~ /\$\{?((?:$all_re))\b/g;

    is("@found", '', "$file: log_format $name has no raw-address variable");
    like($format, qr/\$consent_masked_addr\b/,
         "$file: log_format $name has the masked address");
}

for (@access_logs) {
    my ($file, $args) = @$_;

    next if $args eq 'off';

    my ($path, $format) = split ' ', $args;
    $format //= 'combined';

    ok($formats{$format} && !$raw_ok{$format},
       "$file: access_log $args writes a first-party format");
}


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

for my $addr ('81.2.69.160', '2001:db8:1234:5678::99', '::ffff:90.0.4.5',
              '2002:5102:45a0:1::99', '2001:0:4136:e378:8000:63bf:aefd:ba5f',
              '64:ff9b::90.0.4.5')
{
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
is(scalar @lines, 6, 'six analytics lines');

like($lines[0], qr/"addr":"81\.2\.69\.0","visitor":"[0-9a-f]{16}"/,
     'IPv4 masked, visitor hash');
like($lines[1], qr/"addr":"2001:db8:1234::"/, 'IPv6 masked');
like($lines[2], qr/"addr":"90\.0\.4\.0"/, 'mapped IPv6 masked as IPv4');
like($lines[3], qr/"addr":"81\.2\.69\.0"/, '6to4 masked as its IPv4');
like($lines[4], qr/"addr":"81\.2\.69\.0"/,
     'Teredo masked as the client\'s IPv4');
like($lines[5], qr/"addr":"90\.0\.4\.0"/, 'NAT64 masked as its IPv4');
unlike($analytics, qr/81\.2\.69\.160|5678::99|90\.0\.4\.5|5102:45a0|4136/i,
       'no raw address in the analytics log');
like($security, qr/81\.2\.69\.160/,
     'conf/privacy-log.conf: its security format does log the raw address');

$n->finish('privacy-log.conf');

done_testing();
