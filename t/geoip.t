# consent_geoip: countries from both layouts, IPv4, IPv6, mapped and unknown
# addresses, consent_geoip_source, and databases refused at start.

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
    return 200 "[$consent_country] $consent_regime\n";
}
END

my $src_server = <<'END';
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    consent_geoip_source $http_x_addr;
    location /src {
        return 200 "[$consent_country]\n";
    }
}
END

sub src {
    my ($n, $addr) = @_;

    return $n->request(build_request(request => 'GET /src',
                                     more_headers => defined $addr
                                                     ? "X-Addr: $addr\n"
                                                     : ''),
                       port => $n->port2);
}

# address, then the country in official.mmdb, country_code.mmdb and
# ipv4only.mmdb

my @cases = (
    [ '81.2.69.160',          'GB', 'GB', 'GB' ],
    [ '46.4.1.1',             'DE', 'DE', 'DE' ],
    [ '90.0.255.254',         'FR', 'FR', 'FR' ],
    [ '8.8.8.8',              'US', 'US', 'US' ],
    [ '200.160.15.1',         'BR', 'BR', 'BR' ],
    [ '133.1.2.3',            'JP', 'JP', 'JP' ],
    [ '62.1.1.1',             'GR', 'GR', 'GR' ],
    [ '102.35.1.1',           'RE', 'RE', 'RE' ],   # country over registered
    [ '80.231.0.9',           'CH', 'CH', 'CH' ],
    [ '185.0.0.1',            'IT', 'IT', 'IT' ],   # registered_country only
    [ '196.0.0.1',            '',   '',   ''   ],   # continent only; ZZ
    [ '10.1.2.3',             '',   '',   ''   ],   # private
    [ '127.0.0.2',            '',   '',   ''   ],
    [ '203.0.113.7',          '',   '',   ''   ],   # not in the database
    [ '::ffff:81.2.69.160',   'GB', 'GB', 'GB' ],   # mapped, unmapped
    [ '::FFFF:8.8.8.8',       'US', 'US', 'US' ],
    [ '2001:db8:1::1',        'DE', 'DE', ''   ],   # IPv6 in an IPv4 db
    [ '2001:db8:2:ffff::1',   'US', 'US', ''   ],
    [ '2a02:cf47::1',         'NO', 'NO', ''   ],
    [ '2001:db8:3::5',        'SE', 'SE', ''   ],   # registered only
    [ '2001:db8:4::5',        '',   '',   ''   ],   # continent only
    [ '2001:db8:5::5',        '',   '',   ''   ],
    [ 'fe80::1',              '',   '',   ''   ],
    [ '::1',                  '',   '',   ''   ],
);

my @dbs = ('official.mmdb', 'country_code.mmdb', 'ipv4only.mmdb');

for my $i (0 .. $#dbs) {
    my $n = start_nginx(
        name        => "countries from $dbs[$i]",
        http_config => "consent_geoip \$TEST_NGINX_GEODB/$dbs[$i];\n"
                       . $realip . $src_server,
        config      => $config,
    );

    for my $c (@cases) {
        my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: $c->[0]\n");
        is($r->{body}, "[$c->[$i + 1]] opt-in\n", "$dbs[$i]: $c->[0]");

        # the same through consent_geoip_source

        $r = src($n, $c->[0]);
        is($r->{body}, "[$c->[$i + 1]]\n",
           "$dbs[$i]: consent_geoip_source $c->[0]");
    }

    # garbage in the source variable: unknown, and nothing logged above debug

    for my $bad ('1.2.3.4, 5.6.7.8', '[::1]', 'fe80::1%eth0', 'unix:',
                 '081.2.69.160', '81.2.69.160 x', '::ffff:1.2.3.4.5',
                 '1.2.3', ':::1', 'x' x 300)
    {
        my $r = src($n, $bad);
        is($r->{body}, "[]\n", "$dbs[$i]: garbage \"" . substr($bad, 0, 20)
                               . '" is no country');
    }

    my $r = src($n);
    is($r->{body}, "[]\n", "$dbs[$i]: no source value, no country");

    # no address from realip: the connection's own, 127.0.0.1

    $r = $n->http('GET /t');
    is($r->{body}, "[] opt-in\n", "$dbs[$i]: loopback, no country");

    my $log = $n->error_log;
    unlike($log, qr/\[(?:error|warn|info|notice)\][^\n]*consent(?!-t-|-geodb-)/,
           "$dbs[$i]: unknown addresses log nothing above debug");

    $n->finish($dbs[$i]);
}


# a Unix-socket client: unknown country, the default regime

{
    my $n = start_nginx(
        name        => 'unix socket',
        http_config => "consent_geoip \$TEST_NGINX_GEODB/official.mmdb;\n"
                       . "consent_regime opt-out default;\n"
                       . "server {\n"
                       . "    listen unix:\$TEST_NGINX_PREFIX/logs/s.sock;\n"
                       . "    location / {\n"
                       . "        return 200 \"[\$consent_country] "
                       . "\$consent_regime [\$consent_masked_addr] "
                       . "[\$consent_visitor_hash]\\n\";\n"
                       . "    }\n"
                       . "}\n",
        config      => "location /t {\n"
                       . "    proxy_pass http://unix:\$TEST_NGINX_PREFIX"
                       . "/logs/s.sock:/;\n"
                       . "}\n",
    );

    my $r = $n->http('GET /t');
    is($r->{body}, "[] opt-out [] []\n", 'unix socket: no address at all');

    $n->finish('unix socket');
}


run_tests();

__DATA__

=== TEST 1: the database's country decides the regime
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out US;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime $consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 8.8.8.8
--- response_body
US opt-out unset regime necessary,analytics,marketing,preferences
--- no_error_log
[error]



=== TEST 2: an opt-in country grants nothing without a cookie
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out US;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 46.4.1.1
--- response_body
DE opt-in regime necessary



=== TEST 3: signals still veto in an opt-out country
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out US;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_regime $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 8.8.8.8
DNT: 1
--- response_body
opt-out signal necessary,preferences



=== TEST 4: a cookie still decides in an opt-out country
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out US;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_regime $consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 8.8.8.8
Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq
--- response_body
opt-out rejected cookie necessary



=== TEST 5: consent_require lets an opt-out visitor through
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out US;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /collect {
    consent_require analytics;
}
--- user_files
>>> collect
collected
--- request
GET /collect
--- more_headers
X-Forwarded-For: 8.8.8.8
--- response_body
collected



=== TEST 6: consent_require refuses an opt-in visitor
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out US;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /collect {
    consent_require analytics;
}
--- user_files
>>> collect
collected
--- request
GET /collect
--- more_headers
X-Forwarded-For: 81.2.69.160
--- error_code: 204



=== TEST 7: opt-out default, opt-in for the EEA
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out default;
consent_regime opt-in EEA;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime\n";
}
--- pipelined_requests eval
["GET /t", "GET /t", "GET /t", "GET /t", "GET /t"]
--- more_headers
X-Forwarded-For: 194.144.1.1
--- response_body
IS opt-in
IS opt-in
IS opt-in
IS opt-in
IS opt-in
--- error_code: 200 200 200 200 200



=== TEST 8: the EU group does not contain Iceland
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out default;
consent_regime opt-in EU;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 194.144.1.1
--- response_body
IS opt-out



=== TEST 9: Greece (GR) is in the EU group
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out default;
consent_regime opt-in EU;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime\n";
}
location /r {
    return 200 "$consent_country $consent_regime\n";
}
--- pipelined_requests eval
["GET /t", "GET /r"]
--- more_headers
X-Forwarded-For: 62.1.1.1
--- response_body
GR opt-in
GR opt-in
--- error_code: 200 200



=== TEST 10: an unknown country gets the default regime
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out default;
consent_regime opt-in EEA;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "[$consent_country] $consent_regime $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 196.0.0.1
--- response_body
[] opt-out necessary,analytics,marketing,preferences



=== TEST 11: a country named by its code wins over its group
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_regime opt-out DE;
consent_regime opt-in EU;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 46.4.1.1
--- response_body
DE opt-out



=== TEST 12: without a database, the regime is the default one
--- http_config
consent_regime opt-out default;
--- config
location /t {
    return 200 "[$consent_country] $consent_regime\n";
}
--- request
GET /t
--- response_body
[] opt-out



=== TEST 13: the default regime is opt-in
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_country $consent_regime $consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 8.8.8.8
--- response_body
US opt-in necessary



=== TEST 14: the country is not looked up when a cookie decides
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 8.8.8.8
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
necessary,analytics
--- no_error_log
consent: country



=== TEST 15: realip inside a location is seen (the country is lazy)
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
--- config
location /t {
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    add_header X-Country $consent_country;
}
--- user_files
>>> t
page
--- request
GET /t
--- more_headers
X-Forwarded-For: 81.2.69.160
--- response_headers
X-Country: GB



=== TEST 16: consent_geoip_source at server level
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
--- config
location /t {
    return 200 "$consent_country\n";
}
--- server_config
consent_geoip_source $http_x_client;
--- request
GET /t
--- more_headers
X-Client: 2001:db8:2::1
--- response_body
US



=== TEST 17: a missing file stops nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB/missing.mmdb;
--- must_die
--- error_log
qr/open\(\) ".*missing.mmdb" failed \(2: No such file or directory\)/
--- must_die_line: http_config:1



=== TEST 18: an empty file stops nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB/empty.mmdb;
--- must_die
--- error_log
empty.mmdb" is empty
--- must_die_line: http_config:1



=== TEST 19: half a database stops nginx -t with MMDB's reason
--- http_config
consent_geoip $TEST_NGINX_GEODB/half.mmdb;
--- must_die
--- error_log
qr/MMDB_open\(".*half.mmdb"\) failed \(The MaxMind DB file contains invalid metadata\)/
--- must_die_line: http_config:1



=== TEST 20: random bytes stop nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB/garbage.mmdb;
--- must_die
--- error_log
qr/MMDB_open\(".*garbage.mmdb"\) failed/
--- must_die_line: http_config:1



=== TEST 21: a database without countries stops nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB/wrongtype.mmdb;
--- must_die
--- error_log
qr/"[^"]*wrongtype.mmdb" is not a usable country database: no record names a country/
--- must_die_line: http_config:1



=== TEST 22: records that are not maps stop nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB/notmap.mmdb;
--- must_die
--- error_log
qr/"[^"]*notmap.mmdb" is not a usable country database: a record/
--- must_die_line: http_config:1



=== TEST 23: country fields of the wrong types stop nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB/badfields.mmdb;
--- must_die
--- error_log
qr/"[^"]*badfields.mmdb" is not a usable country database: a record/
--- must_die_line: http_config:1



=== TEST 24: a directory stops nginx -t
--- http_config
consent_geoip $TEST_NGINX_GEODB;
--- must_die
--- error_log
is not a regular file
--- must_die_line: http_config:1



=== TEST 25: consent_geoip twice
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
consent_geoip $TEST_NGINX_GEODB/official-b.mmdb;
--- must_die
--- error_log
"consent_geoip" directive is duplicate
--- must_die_line: http_config:2



=== TEST 26: an unknown parameter
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb reload=1s;
--- must_die
--- error_log
invalid parameter "reload=1s"
--- must_die_line: http_config:1



=== TEST 27: a bad auto_reload time
--- http_config
consent_geoip $TEST_NGINX_GEODB/official.mmdb auto_reload=soon;
--- must_die
--- error_log
invalid auto_reload "soon"
--- must_die_line: http_config:1



=== TEST 28: consent_geoip in a server block
--- config
consent_geoip $TEST_NGINX_GEODB/official.mmdb;
--- must_die
--- error_log
"consent_geoip" directive is not allowed here



=== TEST 29: consent_geoip_source needs a variable
--- http_config
consent_geoip_source remote_addr;
--- must_die
--- error_log
invalid variable name "remote_addr"
--- must_die_line: http_config:1



=== TEST 30: consent_geoip_source twice
--- http_config
consent_geoip_source $remote_addr;
consent_geoip_source $http_x_real_ip;
--- must_die
--- error_log
"consent_geoip_source" directive is duplicate
--- must_die_line: http_config:2



=== TEST 31: consent_geoip_source in a location
--- config
location /t {
    consent_geoip_source $remote_addr;
}
--- must_die
--- error_log
"consent_geoip_source" directive is not allowed here



=== TEST 32: an unknown regime
--- http_config
consent_regime maybe DE;
--- must_die
--- error_log
invalid regime "maybe"
--- must_die_line: http_config:1



=== TEST 33: an unknown country code
--- http_config
consent_regime opt-out US UK;
--- must_die
--- error_log
unknown country or group "UK"
--- must_die_line: http_config:1



=== TEST 34: lower case is no country code
--- http_config
consent_regime opt-out de;
--- must_die
--- error_log
unknown country or group "de"
--- must_die_line: http_config:1



=== TEST 35: a country given two regimes
--- http_config
consent_regime opt-out DE;
consent_regime opt-in FR DE;
--- must_die
--- error_log
"DE" gives "DE" a second regime
--- must_die_line: http_config:2



=== TEST 36: two groups that overlap with different regimes
--- http_config
consent_regime opt-out EU;
consent_regime opt-in EEA;
--- must_die
--- error_log
qr/"EEA" gives "[A-Z][A-Z]" a second regime/
--- must_die_line: http_config:2



=== TEST 37: the default given two regimes
--- http_config
consent_regime opt-out default;
consent_regime opt-in default;
--- must_die
--- error_log
"default" gives "default" a second regime
--- must_die_line: http_config:2



=== TEST 38: consent_regime needs a country
--- http_config
consent_regime opt-out;
--- must_die
--- error_log
invalid number of arguments in "consent_regime" directive
