# $consent_country (and $consent_subdivision of a City database) against
# an independent reader of the same file: nginx's ngx_http_geoip2_module
# (Debian's libnginx-mod-http-geoip2), for many addresses, IPv4, IPv6 and
# mapped.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use GeoDB;


# Debian's module: it loads only into Debian's nginx

my ($geoip2, $why) = debian_module('ngx_http_geoip2_module.so');

plan(skip_all => "the oracle is ngx_http_geoip2_module: $why") unless $geoip2;

srand(20191224);

my @addrs;

for my $net (qw(81.2.69 46.4.0 90.0.1 8.8.8 200.160.3 133.1.200 62.1.9
                194.144.5 102.35.6 80.231.0 185.0.0 196.0.0 80.231.1 185.0.1
                196.0.1 10.0.0 127.0.0))
{
    push @addrs, map { "$net." . int(rand(256)) } 1 .. 6;
}

push @addrs, map { join '.', map { int(rand(256)) } 1 .. 4 } 1 .. 150;

for my $net (qw(2001:db8:1 2001:db8:2 2001:db8:3 2001:db8:4 2001:db8:5
                2a02:cf40 2a02:cf47 2a02:cf48))
{
    push @addrs, map { sprintf "$net\::%x:%x", int(rand(65536)),
                                 int(rand(65536)) } 1 .. 6;
}

push @addrs, map { "::ffff:$_" } @addrs[0 .. 40];

for my $db (qw(official.mmdb official-b.mmdb country_code.mmdb
               ipv4only.mmdb))
{
    my $fields = $db eq 'country_code.mmdb'
                 ? "    \$o_c source=\$http_x_addr country_code;\n"
                   . "    \$o_r source=\$http_x_addr country_code;\n"
                 : "    \$o_c source=\$http_x_addr country iso_code;\n"
                   . "    \$o_r source=\$http_x_addr registered_country "
                   . "iso_code;\n";

    my $n = start_nginx(
        name        => "oracle $db",
        main_config => "load_module $geoip2;\n",
        http_config => "consent_geoip \$TEST_NGINX_GEODB/$db;\n"
                       . "consent_geoip_source \$http_x_addr;\n"
                       . "geoip2 \$TEST_NGINX_GEODB/$db {\n$fields}\n",
        config      => "location /t {\n"
                       . "    return 200 \"\$consent_country|\$o_c|\$o_r\";\n"
                       . "}\n",
    );

    my ($same, @diff) = (0);

    for my $a (@addrs) {
        my $r = $n->http('GET /t', more_headers => "X-Addr: $a\n");
        my ($ours, $c, $reg) = split /\|/, $r->{body}, -1;

        my $want = $c ne '' ? $c : $reg;
        $want = '' if $want eq 'ZZ';

        # the geoip2 module looks mapped addresses up as IPv6: only
        # official databases alias ::ffff:0:0/96 to IPv4

        if ($a =~ /^::ffff:(.*)/ && $db ne 'official.mmdb'
            && $db ne 'official-b.mmdb')
        {
            my $v4 = $n->http('GET /t', more_headers => "X-Addr: $1\n");
            ($ours) = split /\|/, $r->{body}, -1;
            my (undef, $c4, $r4) = split /\|/, $v4->{body}, -1;
            $want = $c4 ne '' ? $c4 : $r4;
            $want = '' if $want eq 'ZZ';
        }

        if ($ours eq $want) {
            $same++;
        } else {
            push @diff, "$a: consent \"$ours\", geoip2 \"$want\"";
        }
    }

    is(scalar @diff, 0, "$db: $same of " . scalar(@addrs)
                        . ' addresses agree with ngx_http_geoip2_module')
        or diag(join "\n", @diff[0 .. ($#diff > 20 ? 20 : $#diff)]);

    $n->finish("oracle $db");
}


# city.mmdb: $consent_subdivision against the geoip2 module's country and
# subdivisions/0/iso_code (a subdivision only with country/iso_code and a
# code of 1 to 3 upper-case letters or digits)

my @city = @addrs;

for my $net (qw(24.48.7 99.224.3 154.5.9 24.28.1 51.148.2 2001:db8:5::
                2001:db8:6::))
{
    push @city, map { $net =~ /:$/ ? "$net$_" : "$net.$_" } 1 .. 6;
}

push @city, map { "::ffff:24.48.1.$_" } 1 .. 6;

{
    my $n = start_nginx(
        name        => 'oracle city.mmdb',
        main_config => "load_module $geoip2;\n",
        http_config => "consent_geoip \$TEST_NGINX_GEODB/city.mmdb;\n"
                       . "consent_geoip_source \$http_x_addr;\n"
                       . "geoip2 \$TEST_NGINX_GEODB/city.mmdb {\n"
                       . "    \$o_c source=\$http_x_addr country iso_code;\n"
                       . "    \$o_r source=\$http_x_addr registered_country "
                       . "iso_code;\n"
                       . "    \$o_s source=\$http_x_addr subdivisions 0 "
                       . "iso_code;\n"
                       . "}\n",
        config      => "location /t {\n"
                       . "    return 200 \"\$consent_country|"
                       . "\$consent_subdivision|\$o_c|\$o_r|\$o_s\";\n"
                       . "}\n",
    );

    my ($same, @diff) = (0);

    for my $a (@city) {
        my $r = $n->http('GET /t', more_headers => "X-Addr: $a\n");
        my ($country, $sub, $c, $reg, $s) = split /\|/, $r->{body}, -1;

        my $want = ($c ne '' ? $c : $reg) . '|'
                   . ($c ne '' && $s =~ /^[A-Z0-9]{1,3}$/ ? "$c-$s" : '');

        if ("$country|$sub" eq $want) {
            $same++;
        } else {
            push @diff, "$a: consent \"$country|$sub\", geoip2 \"$want\"";
        }
    }

    is(scalar @diff, 0, "city.mmdb: $same of " . scalar(@city)
                        . ' subdivisions agree with ngx_http_geoip2_module')
        or diag(join "\n", @diff[0 .. ($#diff > 20 ? 20 : $#diff)]);

    $n->finish('oracle city.mmdb');
}

done_testing();
