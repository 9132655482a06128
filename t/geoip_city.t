# A City-layout database: $consent_subdivision, regimes by subdivision and
# by category (the UK, Quebec, the EEA), and what reads the regime.
#
# city.mmdb is geoip/mkdb.pl's synthetic GeoLite2-City layout: CA-QC,
# CA-ON, CA-BC, US-CA, US-TX, GB-ENG, GB-SCT, DE without a subdivision, FR
# with an iso_code that is not a subdivision code ("idf"), IT from
# registered_country only.  TEST 7's Cookiebot cookie is the implied-consent
# value of t/formats.t TEST 44, encoded as Cookiebot's script writes it.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use GeoDB;


my $realip = <<'END';
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
END

my $config = <<'END';
location /t {
    return 200 "[$consent_country] [$consent_subdivision] $consent_regime\n";
}
END

# address, then what city.mmdb and official.mmdb give:
# country, subdivision

my @cases = (
    [ '24.48.1.1',          'CA', 'CA-QC',  '',   ''   ],
    [ '99.224.0.9',         'CA', 'CA-ON',  '',   ''   ],
    [ '154.5.3.4',          'CA', 'CA-BC',  '',   ''   ],
    [ '8.8.8.8',            'US', 'US-CA',  'US', ''   ],
    [ '24.28.200.1',        'US', 'US-TX',  '',   ''   ],
    [ '81.2.69.160',        'GB', 'GB-ENG', 'GB', ''   ],
    [ '51.148.1.1',         'GB', 'GB-SCT', '',   ''   ],
    [ '46.4.1.1',           'DE', '',       'DE', ''   ],  # no subdivisions
    [ '90.0.1.1',           'FR', '',       'FR', ''   ],  # iso_code "idf"
    [ '185.0.0.1',          'IT', '',       'IT', ''   ],  # registered only
    [ '10.1.2.3',           '',   '',       '',   ''   ],
    [ '::ffff:24.48.1.1',   'CA', 'CA-QC',  '',   ''   ],
    [ '2001:db8:5::1',      'CA', 'CA-QC',  '',   ''   ],
    [ '2001:db8:6::1',      'US', 'US-CA',  '',   ''   ],
);

for my $db ('city', 'official') {
    my $n = start_nginx(
        name        => "subdivisions from $db.mmdb",
        http_config => "consent_geoip \$TEST_NGINX_GEODB/$db.mmdb;\n"
                       . $realip,
        config      => $config,
    );

    for my $c (@cases) {
        my ($country, $sub) = $db eq 'city' ? @$c[1, 2] : @$c[3, 4];

        my $r = $n->http('GET /t',
                         more_headers => "X-Forwarded-For: $c->[0]\n");
        is($r->{body}, "[$country] [$sub] opt-in\n", "$db.mmdb: $c->[0]");
    }

    $n->finish("$db.mmdb");
}


# a subdivision's rule beats its country's, which beats a group's, which
# beats default; per category, the most specific place covering it decides

my $regimes = <<'END';
consent_regime opt-out default;
consent_regime opt-in EEA GB;
consent_regime opt-out GB categories=analytics;
consent_regime opt-out CA;
consent_regime opt-in CA-QC;
consent_regime opt-in US-CA categories=marketing;
consent_regime opt-in GB-SCT;
END

my $vars = <<'END';
location /t {
    return 200 "$consent_country $consent_subdivision $consent_regime $consent_granted\n";
}
END

my @regimes = (
    # address          answer
    [ '24.48.1.1',   'CA CA-QC opt-in necessary' ],
    [ '99.224.0.9',  'CA CA-ON opt-out '
                     . 'necessary,analytics,marketing,preferences' ],
    [ '2001:db8:5::1', 'CA CA-QC opt-in necessary' ],
    [ '8.8.8.8',     'US US-CA mixed necessary,analytics,preferences' ],
    [ '24.28.200.1', 'US US-TX opt-out '
                     . 'necessary,analytics,marketing,preferences' ],
    [ '81.2.69.160', 'GB GB-ENG mixed necessary,analytics' ],
    [ '51.148.1.1',  'GB GB-SCT opt-in necessary' ],
    [ '46.4.1.1',    'DE  opt-in necessary' ],
    [ '185.0.0.1',   'IT  opt-in necessary' ],
    [ '10.1.2.3',    '  opt-out necessary,analytics,marketing,preferences' ],
);

{
    my $n = start_nginx(
        name        => 'regimes by subdivision and category',
        http_config => "consent_geoip \$TEST_NGINX_GEODB/city.mmdb;\n"
                       . $regimes . $realip,
        config      => $vars,
    );

    for my $c (@regimes) {
        my $r = $n->http('GET /t',
                         more_headers => "X-Forwarded-For: $c->[0]\n");
        is($r->{body}, "$c->[1]\n", "regimes: $c->[0]");
    }

    $n->finish('regimes');
}


# a subdivision's rule for all categories beats its country's category
# rule; a category rule of the subdivision beats its country's rule

{
    my $n = start_nginx(
        name        => 'subdivision beats country per category',
        http_config => "consent_geoip \$TEST_NGINX_GEODB/city.mmdb;\n"
                       . "consent_regime opt-out CA categories=analytics;\n"
                       . "consent_regime opt-in CA-QC;\n"
                       . "consent_regime opt-out CA-ON categories=marketing;\n"
                       . $realip,
        config      => $vars,
    );

    for my $c ([ '24.48.1.1',  'CA CA-QC opt-in necessary' ],
               [ '99.224.0.9', 'CA CA-ON mixed necessary,analytics,marketing' ],
               [ '154.5.3.4',  'CA CA-BC mixed necessary,analytics' ])
    {
        my $r = $n->http('GET /t',
                         more_headers => "X-Forwarded-For: $c->[0]\n");
        is($r->{body}, "$c->[1]\n", "per category: $c->[0]");
    }

    $n->finish('subdivision beats country per category');
}


# without $consent_subdivision anywhere, a rule naming a subdivision still
# reads it (the lookup is decided when the configuration is read)

{
    my $n = start_nginx(
        name        => 'subdivision rule without the variable',
        http_config => "consent_geoip \$TEST_NGINX_GEODB/city.mmdb;\n"
                       . "consent_regime opt-out CA;\n"
                       . "consent_regime opt-in CA-QC;\n" . $realip,
        config      => "location /t {\n"
                       . "    return 200 \"\$consent_regime\\n\";\n"
                       . "}\n",
    );

    my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: 24.48.1.1\n");
    is($r->{body}, "opt-in\n", 'CA-QC rule without the variable');

    $r = $n->http('GET /t', more_headers => "X-Forwarded-For: 99.224.0.9\n");
    is($r->{body}, "opt-out\n", 'CA-ON gets CA without the variable');

    $n->finish('subdivision rule without the variable');
}


# auto_reload to another City database: the subdivision follows

{
    GeoDB::install(GeoDB::bytes('city'));

    my $n = start_nginx(
        name        => 'city auto_reload',
        http_config => "consent_geoip $GeoDB::LIVE auto_reload=100ms;\n"
                       . "consent_regime opt-out CA;\n"
                       . "consent_regime opt-in CA-QC;\n" . $realip,
        config      => $vars,
    );

    my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: 24.48.1.1\n");
    is($r->{body}, "CA CA-QC opt-in necessary\n", 'before the reload');

    GeoDB::install(GeoDB::bytes('city-b'));

    my $body = '';

    for (1 .. 100) {
        $r = $n->http('GET /t',
                      more_headers => "X-Forwarded-For: 24.48.1.1\n");
        $body = $r->{body};
        last if $body =~ /CA-ON/;
        select undef, undef, undef, 0.05;
    }

    is($body, "CA CA-ON opt-out necessary,analytics,marketing,preferences\n",
       'after the reload: the new subdivision and its regime');

    $n->finish('city auto_reload');
}


run_tests();

__DATA__

=== TEST 1: the UK (DUAA 2025 s.112): analytics exempt, marketing not
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-in EEA GB;
consent_regime opt-out GB categories=analytics;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_regime $consent_source $consent_analytics $consent_marketing $consent_preferences\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 81.2.69.160
--- response_body
mixed regime 1 0 0



=== TEST 2: the UK rule leaves the EEA opt-in
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-in EEA GB;
consent_regime opt-out GB categories=analytics;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_regime $consent_analytics $consent_marketing\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 46.4.1.1
--- response_body
opt-in 0 0



=== TEST 3: a cookie still decides over a per-category regime
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-out GB categories=analytics;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_regime $consent_source $consent_analytics $consent_marketing\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 81.2.69.160
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
mixed cookie 0 1



=== TEST 4: a category rule wins over the rule for all at the same place
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-in GB categories=marketing;
consent_regime opt-out GB;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_regime $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 81.2.69.160
--- response_body
mixed necessary,analytics,preferences



=== TEST 5: consent_category after the consent_regime that names it
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-out default categories=video;
consent_category video cookieconsent:video;
--- config
location /t {
    return 200 "$consent_regime $consent_granted\n";
}
--- request
GET /t
--- response_body
mixed necessary,video



=== TEST 6: the endpoint reports the mixed regime
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-out GB categories=analytics;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /consent {
    consent_endpoint;
}
--- request
GET /consent
--- more_headers
X-Forwarded-For: 81.2.69.160
--- response_body_like
"categories":\{"necessary":true,"analytics":true,"marketing":false,"preferences":false\},"country":"GB","regime":"mixed"



=== TEST 7: Cookiebot's implied consent grants only the opt-out categories
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
consent_regime opt-out GB categories=analytics;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
consent_cookie CookieConsent format=cookiebot;
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 81.2.69.160
Cookie: CookieConsent=%7Bstamp%3A%27Yk2%2B%2F8Q~a%3D%27%2Cnecessary%3Atrue%2Cpreferences%3Atrue%2Cstatistics%3Atrue%2Cmarketing%3Atrue%2Cmethod%3A%27implied%27%2Cver%3A1%2Cutc%3A1741015397474%2Cregion%3A%27de%27%7D
--- response_body
cookie necessary,analytics



=== TEST 8: $consent_subdivision asked for by name only (SSI), with a country variable
--- http_config
consent_geoip $TEST_NGINX_GEODB/city.mmdb;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /page.html {
    ssi on;
    set $c $consent_country;
}
--- user_files
>>> page.html
<!--# echo var="consent_country" --> <!--# echo var="consent_subdivision" -->
--- request
GET /page.html
--- more_headers
X-Forwarded-For: 24.48.1.1
--- response_body
CA CA-QC
