#!/usr/bin/perl

# Builds the small country databases the tests use, deterministically, with
# Debian's libmaxmind-db-writer-perl.
#
# usage: geoip/mkdb.pl DIR
#
# Writes into DIR (created if missing), each file by rename so that a
# running nginx never sees half of one:
#
#   official.mmdb       GeoLite2-Country layout, IPv6 tree, IPv4 aliased
#   official-b.mmdb     the same networks in other countries (a reload test)
#   city.mmdb           GeoLite2-City layout (city, continent, country,
#                       location, registered_country, subdivisions)
#   city-b.mmdb         the same networks in other subdivisions (a reload)
#   country_code.mmdb   the one-field {country_code} layout, no IPv4 aliases
#   ipv4only.mmdb       GeoLite2-Country layout, ip_version 4
#   wrongtype.mmdb      a valid GeoLite2-ASN database: no country at all
#   notmap.mmdb         claims GeoLite2-Country, records are plain strings
#   badfields.mmdb      claims GeoLite2-Country, country fields of wrong types
#   empty.mmdb          0 bytes
#   half.mmdb           the first half of official.mmdb
#   garbage.mmdb        4096 pseudo-random bytes (fixed seed)
#
# and prints what it wrote.  Two runs write byte-identical files.

use strict;
use warnings;

use Digest::SHA qw(sha256 sha256_hex);
use File::Path qw(make_path);
use MaxMind::DB::Writer::Tree;


# A fixed build epoch (2019-12-24 17:40:14 UTC, that of the GeoLite2 build
# install-default.sh installs): the files must not change between runs.

my $EPOCH = 1577209214;

my %CONTINENT = (
    AF => [ 6255146, 'Africa' ],
    AS => [ 6255147, 'Asia' ],
    EU => [ 6255148, 'Europe' ],
    NA => [ 6255149, 'North America' ],
    SA => [ 6255150, 'South America' ],
);

my %COUNTRY = (
    BR => [ 3469034, 'Brazil' ],
    CA => [ 6251999, 'Canada' ],
    CH => [ 2658434, 'Switzerland' ],
    DE => [ 2921044, 'Germany' ],
    ES => [ 2510769, 'Spain' ],
    FR => [ 3017382, 'France' ],
    GB => [ 2635167, 'United Kingdom' ],
    GR => [ 390903,  'Greece' ],
    IS => [ 2629691, 'Iceland' ],
    IT => [ 3175395, 'Italy' ],
    JP => [ 1861060, 'Japan' ],
    NO => [ 3144096, 'Norway' ],
    RE => [ 935317,  'Reunion' ],
    SE => [ 2661886, 'Sweden' ],
    US => [ 6252001, 'United States' ],
);

my %SUBDIVISION = (
    'CA-QC'  => [ 6115047, 'Quebec' ],
    'CA-ON'  => [ 6093943, 'Ontario' ],
    'CA-BC'  => [ 5909050, 'British Columbia' ],
    'US-CA'  => [ 5332921, 'California' ],
    'US-TX'  => [ 4736286, 'Texas' ],
    'GB-ENG' => [ 6269131, 'England' ],
    'GB-SCT' => [ 2638360, 'Scotland' ],
    'FR-IDF' => [ 3012874, 'Ile-de-France' ],
);

my %EU = map { $_ => 1 } qw(AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV
                            LT LU MT NL PL PT RO SK SI ES SE
                            AX GF GP MF MQ RE YT);


# The test networks.  Columns: network; official.mmdb's country,
# registered_country and continent; official-b.mmdb's country and
# registered_country ("-": no such field).  country_code.mmdb gives each
# network the code a lookup is expected to find in official.mmdb (country,
# else registered_country; "ZZ" where there is neither, as DB-IP writes
# for unknown).

my @NETWORKS = (
    # network             country reg  cont  b-country b-reg
    [ '81.2.69.0/24',       'GB', 'GB', 'EU', 'US', 'US' ],
    [ '46.4.0.0/16',        'DE', 'DE', 'EU', 'FR', 'FR' ],
    [ '90.0.0.0/16',        'FR', 'FR', 'EU', 'BR', 'BR' ],
    [ '8.8.8.0/24',         'US', 'US', 'NA', 'DE', 'DE' ],
    [ '200.160.0.0/20',     'BR', 'BR', 'SA', 'JP', 'JP' ],
    [ '133.1.0.0/16',       'JP', 'JP', 'AS', 'GR', 'GR' ],
    [ '62.1.0.0/16',        'GR', 'GR', 'EU', 'GB', 'GB' ],
    [ '194.144.0.0/16',     'IS', 'IS', 'EU', 'CH', 'CH' ],
    [ '102.35.0.0/16',      'RE', 'FR', 'AF', 'NO', 'NO' ],
    [ '80.231.0.0/24',      'CH', 'DE', 'EU', 'IS', 'IS' ],
    [ '185.0.0.0/24',       '-',  'IT', 'EU', '-',  'ES' ],
    [ '196.0.0.0/24',       '-',  '-',  'AF', 'US', 'US' ],
    [ '2001:db8:1::/48',    'DE', 'DE', 'EU', 'US', 'US' ],
    [ '2001:db8:2::/48',    'US', 'US', 'NA', 'DE', 'DE' ],
    [ '2a02:cf40::/29',     'NO', 'NO', 'EU', 'SE', 'SE' ],
    [ '2001:db8:3::/48',    '-',  'SE', 'EU', '-',  'FR' ],
    [ '2001:db8:4::/48',    '-',  '-',  'EU', '-',  '-' ],
);


# The City test networks.  Columns: network; city.mmdb's country,
# registered_country, continent, subdivision ("-": none), city and time
# zone; city-b.mmdb's subdivision.  An iso_code that is not a subdivision
# code ("idf", lower case) is written as is: it must read as none.

my @CITY_NETWORKS = (
    # network, country, registered, continent, subdivision, city,
    # time zone, city-b.mmdb's subdivision
    [ '24.48.0.0/16', 'CA', 'CA', 'NA', 'CA-QC',
      'Montreal', 'America/Toronto', 'CA-ON' ],
    [ '99.224.0.0/16', 'CA', 'CA', 'NA', 'CA-ON',
      'Toronto', 'America/Toronto', 'CA-QC' ],
    [ '154.5.0.0/16', 'CA', 'CA', 'NA', 'CA-BC',
      'Vancouver', 'America/Vancouver', 'CA-BC' ],
    [ '8.8.8.0/24', 'US', 'US', 'NA', 'US-CA',
      'Mountain View', 'America/Los_Angeles', 'US-TX' ],
    [ '24.28.0.0/16', 'US', 'US', 'NA', 'US-TX',
      'Austin', 'America/Chicago', 'US-CA' ],
    [ '81.2.69.0/24', 'GB', 'GB', 'EU', 'GB-ENG',
      'London', 'Europe/London', 'GB-SCT' ],
    [ '51.148.0.0/16', 'GB', 'GB', 'EU', 'GB-SCT',
      'Edinburgh', 'Europe/London', 'GB-ENG' ],
    [ '46.4.0.0/16', 'DE', 'DE', 'EU', '-',
      '-', 'Europe/Berlin', '-' ],
    [ '90.0.0.0/16', 'FR', 'FR', 'EU', 'idf',
      'Paris', 'Europe/Paris', 'FR-IDF' ],
    [ '185.0.0.0/24', '-', 'IT', 'EU', '-',
      '-', 'Europe/Rome', '-' ],
    [ '2001:db8:5::/48', 'CA', 'CA', 'NA', 'CA-QC',
      'Montreal', 'America/Toronto', 'CA-ON' ],
    [ '2001:db8:6::/48', 'US', 'US', 'NA', 'US-CA',
      'Los Angeles', 'America/Los_Angeles', 'US-TX' ],
);


my $dir = shift @ARGV;

if (!defined $dir || @ARGV) {
    die "usage: $0 DIR\n";
}

make_path($dir);

my @written;

write_tree('official.mmdb', country_tree('GeoLite2-Country', 6, 1, 0));
write_tree('official-b.mmdb', country_tree('GeoIP2-Country', 6, 1, 1));
write_tree('city.mmdb', city_tree('GeoLite2-City', 0));
write_tree('city-b.mmdb', city_tree('GeoIP2-City', 1));
write_tree('country_code.mmdb', country_code_tree());
write_tree('ipv4only.mmdb', country_tree('GeoLite2-Country', 4, 0, 0));
write_tree('wrongtype.mmdb', asn_tree());
write_tree('notmap.mmdb', notmap_tree());
write_tree('badfields.mmdb', badfields_tree());

write_file('empty.mmdb', '', 'broken: 0 bytes');

my $official = slurp("$dir/official.mmdb");
write_file('half.mmdb', substr($official, 0, int(length($official) / 2)),
           'broken: first half of official.mmdb');

my $garbage = '';
for (my $i = 0; length($garbage) < 4096; $i++) {
    $garbage .= sha256("consent garbage $i");
}
write_file('garbage.mmdb', $garbage, 'broken: pseudo-random bytes');

print_report();

exit 0;


sub names {
    my ($name) = @_;

    return { en => $name };
}


sub place {
    my ($code, $table, $key) = @_;

    my $p = {
        geoname_id => $table->{$code}[0],
        $key       => $code,
        names      => names($table->{$code}[1]),
    };

    if ($key eq 'iso_code' && $EU{$code}) {
        $p->{is_in_european_union} = 1;
    }

    return $p;
}


sub country_record {
    my ($country, $registered, $continent) = @_;

    my %r;

    $r{continent} = place($continent, \%CONTINENT, 'code')
        if $continent ne '-';
    $r{country} = place($country, \%COUNTRY, 'iso_code')
        if $country ne '-';
    $r{registered_country} = place($registered, \%COUNTRY, 'iso_code')
        if $registered ne '-';

    return \%r;
}


sub country_types {
    my %types = (
        continent            => 'map',
        country              => 'map',
        registered_country   => 'map',
        names                => 'map',
        geoname_id           => 'uint32',
        is_in_european_union => 'boolean',
    );

    return sub { $types{ $_[0] } // 'utf8_string' };
}


sub new_tree {
    my (%args) = @_;

    my $tree = MaxMind::DB::Writer::Tree->new(
        record_size              => 24,
        remove_reserved_networks => 0,
        languages                => ['en'],
        %args,
    );

    $tree->_set_build_epoch($EPOCH);

    return $tree;
}


sub country_tree {
    my ($type, $ip_version, $alias, $b) = @_;

    my $tree = new_tree(
        database_type         => $type,
        ip_version            => $ip_version,
        alias_ipv6_to_ipv4    => $alias,
        description           => { en => "ngx_consent_module test $type" },
        map_key_type_callback => country_types(),
    );

    my $n = 0;

    for my $net (@NETWORKS) {
        my ($network, $c, $r, $cont, $bc, $br) = @$net;

        next if $ip_version == 4 && $network =~ /:/;

        $tree->insert_network($network,
            $b ? country_record($bc, $br, $cont)
               : country_record($c, $r, $cont));
        $n++;
    }

    return ($tree, $n,
            "$type layout"
            . ($alias ? ', ::ffff:0:0/96 aliased to IPv4' : '')
            . ($b ? ', other countries' : ''));
}


sub city_record {
    my ($country, $registered, $continent, $sub, $city, $tz) = @_;

    my $r = country_record($country, $registered, $continent);

    $r->{location} = {
        accuracy_radius => 100,
        latitude        => 0.5,
        longitude       => 0.5,
        time_zone       => $tz,
    };

    $r->{city} = { geoname_id => 1, names => names($city) }
        if $city ne '-';

    if ($sub ne '-') {
        my ($code, $s) = $sub =~ /^([A-Z]{2})-(.*)$/ ? ($sub, $2)
                                                      : ($sub, $sub);
        my $known = $SUBDIVISION{$code} // [ 1, $code ];

        $r->{subdivisions} = [ {
            geoname_id => $known->[0],
            iso_code   => $s,
            names      => names($known->[1]),
        } ];
    }

    return $r;
}


sub city_tree {
    my ($type, $b) = @_;

    my %types = (
        city                 => 'map',
        continent            => 'map',
        country              => 'map',
        location             => 'map',
        registered_country   => 'map',
        subdivisions         => [ 'array', 'map' ],
        names                => 'map',
        geoname_id           => 'uint32',
        accuracy_radius      => 'uint16',
        latitude             => 'double',
        longitude            => 'double',
        is_in_european_union => 'boolean',
    );

    my $tree = new_tree(
        database_type         => $type,
        ip_version            => 6,
        alias_ipv6_to_ipv4    => 1,
        description           => { en => "ngx_consent_module test $type" },
        map_key_type_callback => sub { $types{ $_[0] } // 'utf8_string' },
    );

    for my $net (@CITY_NETWORKS) {
        my ($network, $c, $r, $cont, $sub, $city, $tz, $bsub) = @$net;

        $tree->insert_network($network,
            city_record($c, $r, $cont, $b ? $bsub : $sub, $city, $tz));
    }

    return ($tree, scalar @CITY_NETWORKS,
            "$type layout, subdivisions"
            . ($b ? ', other subdivisions' : ''));
}


sub country_code_tree {
    my $tree = new_tree(
        database_type         => 'Consent-Test-Country-Code',
        ip_version            => 6,
        alias_ipv6_to_ipv4    => 0,
        description           => { en => 'ngx_consent_module test, '
                                         . 'country_code layout' },
        map_key_type_callback => sub { 'utf8_string' },
    );

    for my $net (@NETWORKS) {
        my ($network, $c, $r) = @$net;

        my $code = $c ne '-' ? $c : $r ne '-' ? $r : 'ZZ';

        $tree->insert_network($network, { country_code => $code });
    }

    return ($tree, scalar @NETWORKS,
            '{country_code} only, no IPv4 aliases');
}


sub asn_tree {
    my $tree = new_tree(
        database_type         => 'GeoLite2-ASN',
        ip_version            => 6,
        alias_ipv6_to_ipv4    => 1,
        description           => { en => 'ngx_consent_module test, ASN' },
        map_key_type_callback => sub {
            $_[0] eq 'autonomous_system_number' ? 'uint32' : 'utf8_string';
        },
    );

    my $asn = 64496;                    # RFC 5398 documentation ASNs

    for my $net (@NETWORKS) {
        $tree->insert_network($net->[0], {
            autonomous_system_number       => $asn,
            autonomous_system_organization => "Example AS$asn",
        });
        $asn++;
    }

    return ($tree, scalar @NETWORKS, 'ASN records, no country field');
}


sub notmap_tree {
    my $tree = new_tree(
        database_type         => 'GeoLite2-Country',
        ip_version            => 6,
        alias_ipv6_to_ipv4    => 1,
        root_data_type        => 'utf8_string',
        description           => { en => 'ngx_consent_module test, '
                                         . 'records that are not maps' },
        map_key_type_callback => sub { 'utf8_string' },
    );

    for my $net (@NETWORKS) {
        my ($network, $c, $r) = @$net;

        $tree->insert_network($network, $c ne '-' ? $c : $r);
    }

    return ($tree, scalar @NETWORKS, 'each record a bare string ("GB")');
}


sub badfields_tree {
    my %types = (
        country            => 'utf8_string',
        registered_country => 'map',
        iso_code           => 'uint32',
    );

    my $tree = new_tree(
        database_type         => 'GeoLite2-Country',
        ip_version            => 6,
        alias_ipv6_to_ipv4    => 1,
        description           => { en => 'ngx_consent_module test, '
                                         . 'country fields of wrong types' },
        map_key_type_callback => sub { $types{ $_[0] } // 'utf8_string' },
    );

    my $i = 0;

    for my $net (@NETWORKS) {
        my ($network, $c, $r) = @$net;

        $tree->insert_network($network, {
            country            => $c ne '-' ? $c : $r,
            registered_country => { iso_code => 276 + $i++ },
        });
    }

    return ($tree, scalar @NETWORKS,
            'country a string, registered_country.iso_code a number');
}


sub write_tree {
    my ($name, $tree, $n, $what) = @_;

    my $tmp = "$dir/.$name.tmp";

    open my $fh, '>:raw', $tmp or die "$0: $tmp: $!\n";
    $tree->write_tree($fh);
    close $fh or die "$0: $tmp: $!\n";

    rename $tmp, "$dir/$name" or die "$0: rename $tmp: $!\n";

    push @written, [ $name, $tree->database_type(), $tree->ip_version(),
                     $n, $what ];
}


sub write_file {
    my ($name, $bytes, $what) = @_;

    my $tmp = "$dir/.$name.tmp";

    open my $fh, '>:raw', $tmp or die "$0: $tmp: $!\n";
    print $fh $bytes;
    close $fh or die "$0: $tmp: $!\n";

    rename $tmp, "$dir/$name" or die "$0: rename $tmp: $!\n";

    push @written, [ $name, '-', '-', '-', $what ];
}


sub slurp {
    my ($path) = @_;

    open my $fh, '<:raw', $path or die "$0: $path: $!\n";
    local $/;
    my $bytes = <$fh>;
    close $fh;

    return $bytes;
}


sub print_report {
    printf "%-18s %-26s %-3s %-4s %7s %-12s %s\n",
           'file', 'database_type', 'ip', 'nets', 'bytes', 'sha256',
           'contents';

    for my $w (@written) {
        my $bytes = slurp("$dir/$w->[0]");

        printf "%-18s %-26s %-3s %-4s %7d %-12s %s\n",
               $w->[0], $w->[1], $w->[2], $w->[3], length($bytes),
               substr(sha256_hex($bytes), 0, 12), $w->[4];
    }

    print "\n";
    printf "%-18s %-26s %-12s %s\n", 'network', 'official.mmdb',
           'country_code', 'official-b.mmdb';
    printf "%-18s %-26s %-12s %s\n", '', 'country/registered/cont.',
           '', 'country/registered';

    for my $net (@NETWORKS) {
        my ($network, $c, $r, $cont, $bc, $br) = @$net;

        printf "%-18s %-26s %-12s %s\n", $network, "$c / $r / $cont",
               $c ne '-' ? $c : $r ne '-' ? $r : 'ZZ', "$bc / $br";
    }
}
