# $consent_masked_addr, consent_ip_mask and $consent_visitor_hash.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;


# one location per mask, the address from X-Addr

my @masks = ([0, 0], [8, 48], [16, 64], [24, 128], [32, 48]);

my $config = join '', map {
    "location /m_$_->[0]_$_->[1] {\n"
    . "    consent_ip_mask $_->[0] $_->[1];\n"
    . "    return 200 \"[\$consent_masked_addr]\\n\";\n"
    . "}\n"
} @masks;

$config .= <<'END';
location /d {
    return 200 "[$consent_masked_addr]\n";
}
location /h {
    return 200 "[$consent_visitor_hash]\n";
}
END

my $n = start_nginx(
    name        => 'masks',
    http_config => "consent_geoip_source \$http_x_addr;\n",
    config      => $config,
    workers     => 2,
);

sub get {
    my ($uri, $headers) = @_;

    my $r = $n->http("GET $uri", more_headers => $headers);
    return $r->{body};
}

# address, then the expected value for each mask of @masks

my @cases = (
    [ '81.2.69.160',
      '0.0.0.0', '81.0.0.0', '81.2.0.0', '81.2.69.0', '81.2.69.160' ],
    [ '255.255.255.255',
      '0.0.0.0', '255.0.0.0', '255.255.0.0', '255.255.255.0',
      '255.255.255.255' ],
    [ '::ffff:81.2.69.160',
      '0.0.0.0', '81.0.0.0', '81.2.0.0', '81.2.69.0', '81.2.69.160' ],
    [ '2001:db8:1234:5678:9abc:def0:1234:5678',
      '::', '2001:db8:1234::', '2001:db8:1234:5678::',
      '2001:db8:1234:5678:9abc:def0:1234:5678', '2001:db8:1234::' ],
    [ 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      '::', 'ffff:ffff:ffff::', 'ffff:ffff:ffff:ffff::',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff::' ],
    [ '2A02:CF40:00FF::1',
      '::', '2a02:cf40:ff::', '2a02:cf40:ff::', '2a02:cf40:ff::1',
      '2a02:cf40:ff::' ],
);

# every IPv6 form that embeds an IPv4 (here 81.2.69.160) is masked as that
# IPv4 with the IPv4 prefix, written as a dotted IPv4

my @v4 = ('0.0.0.0', '81.0.0.0', '81.2.0.0', '81.2.69.0', '81.2.69.160');

for my $embedded (
    '::ffff:0:81.2.69.160',                     # SIIT, IPv4-translated
    '::FFFF:0:5102:45A0',
    '0:0:0:0:ffff:0:5102:45a0',
    '::81.2.69.160',                            # IPv4-compatible
    '::5102:45a0',
    '64:ff9b::81.2.69.160',                     # NAT64, RFC 6052
    '64:FF9B::5102:45A0',
    '2002:5102:45a0::1',                        # 6to4
    '2002:5102:45a0:1234:5678:9abc:def0:1234',
    '2001:0:4136:e378:8000:63bf:aefd:ba5f',     # Teredo, client obfuscated
    '2001::ffff:aefd:ba5f',
    'fe80::5efe:81.2.69.160',                   # ISATAP
    '2001:db8:1:2:200:5efe:5102:45a0',
    '2a02:cf40:ffff:ffff:0:5efe:81.2.69.160')
{
    push @cases, [ $embedded, @v4 ];
}

# NAT64 local-use 64:ff9b:1::/48 (RFC 8215): where the IPv4 sits depends
# on a prefix length the address does not carry, so nothing past the /48

push @cases,
    [ '64:ff9b:1:5102:45:a000:ffff:ffff',
      '::', '64:ff9b:1::', '64:ff9b:1::', '64:ff9b:1::', '64:ff9b:1::' ],
    [ '64:ff9b:1:ffff:ffff:ffff:5102:45a0',
      '::', '64:ff9b:1::', '64:ff9b:1::', '64:ff9b:1::', '64:ff9b:1::' ],
    [ '::', '::', '::', '::', '::', '::' ],
    [ '::1', '::', '::', '::', '::1', '::' ];

for my $c (@cases) {
    for my $i (0 .. $#masks) {
        my $uri = "/m_$masks[$i][0]_$masks[$i][1]";
        is(get($uri, "X-Addr: $c->[0]\n"), "[$c->[$i + 1]]\n",
           "$c->[0] masked by $masks[$i][0]/$masks[$i][1]");
    }
}

is(get('/d', "X-Addr: 81.2.69.160\n"), "[81.2.69.0]\n", 'default: 24');
is(get('/d', "X-Addr: 2001:db8:1234:5678::1\n"), "[2001:db8:1234::]\n",
   'default: 48');
is(get('/d', "X-Addr: ::ffff:10.20.30.40\n"), "[10.20.30.0]\n",
   'default: mapped as IPv4');

for my $bad ('1.2.3.4, 5.6.7.8', '[::1]', 'fe80::1%eth0', 'unix:', '',
             '1.2.3.4:80', '01.2.3.4', '1.2.3.256', 'ffff::ffff::1',
             '2001:db8::1/64', "1.2.3.4\x{1}", 'x' x 100)
{
    (my $shown = $bad) =~ s/[^ -~]/?/g;

    is(get('/d', "X-Addr: $bad\n"), "[]\n", "garbage \"$shown\": empty");
    is(get('/m_32_48', "X-Addr: $bad\n"), "[]\n",
       "garbage \"$shown\" with mask 32: empty");
    is(get('/h', "X-Addr: $bad\n"), "[]\n",
       "garbage \"$shown\": no visitor hash");
}

is(get('/d', ''), "[]\n", 'no source value: empty');


# the visitor hash: stable for one client, across the two workers

my %seen;

for (1 .. 60) {
    $seen{ get('/h', "X-Addr: 81.2.69.160\nUser-Agent: Browser/1.0\n") }++;
}

my @values = keys %seen;

is(scalar @values, 1, 'one client, one visitor hash over 60 requests');
like($values[0], qr/^\[[0-9a-f]{16}\]\n$/, 'sixteen hex digits');

my $h = $values[0];

my %workers = map { $_ => 1 }
              $n->error_log =~ /\[debug\] (\d+)#\d+: \*\d+ http request line/g;
# under make valgrind nginx is one process (master_process off)

ok(keys %workers >= ($ENV{TEST_NGINX_VALGRIND} ? 1 : 2),
   'the requests went to ' . scalar(keys %workers) . ' workers');

isnt(get('/h', "X-Addr: 81.2.69.160\nUser-Agent: Browser/1.1\n"), $h,
     'another user agent, another hash');
isnt(get('/h', "X-Addr: 81.2.69.161\nUser-Agent: Browser/1.0\n"), $h,
     'another address, another hash');
isnt(get('/h', "X-Addr: 81.2.69.160\n"), $h, 'no user agent, another hash');
is(get('/h', "X-Addr: ::ffff:81.2.69.160\nUser-Agent: Browser/1.0\n"), $h,
   'the mapped address is the same client');
isnt(get('/h', "X-Addr: ::81.2.69.160\nUser-Agent: Browser/1.0\n"), $h,
     'an IPv6 address with the same bytes is another client');

$n->finish('masks and hashes');


# a new nginx: a new master secret, another hash for the same client

my $n2 = start_nginx(
    name        => 'another secret',
    http_config => "consent_geoip_source \$http_x_addr;\n",
    config      => $config,
);

my $r = $n2->http('GET /h',
                  more_headers => "X-Addr: 81.2.69.160\nUser-Agent: Browser/1.0\n");
like($r->{body}, qr/^\[[0-9a-f]{16}\]\n$/, 'second nginx: a hash');
isnt($r->{body}, $h, 'second nginx: another key');

$n2->finish('another secret');


run_tests();

__DATA__

=== TEST 1: the default source is $remote_addr as realip sets it
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Forwarded-For: 2a02:cf40:1:2:3:4:5:6
--- response_body
2a02:cf40:1::



=== TEST 2: consent_ip_mask is inherited from the server level
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- server_config
consent_ip_mask 16 32;
--- request
GET /t
--- more_headers
X-Forwarded-For: 1.2.3.4
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
--- response_body
1.2.0.0



=== TEST 3: the loopback client without realip
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- response_body
127.0.0.0



=== TEST 4: an IPv4 prefix of 33
--- http_config
consent_ip_mask 33 48;
--- must_die
--- error_log
invalid IPv4 prefix length "33", it must be 0 to 32
--- must_die_line: http_config:1



=== TEST 5: an IPv6 prefix of 129
--- http_config
consent_ip_mask 24 129;
--- must_die
--- error_log
invalid IPv6 prefix length "129", it must be 0 to 128
--- must_die_line: http_config:1



=== TEST 6: a negative prefix
--- http_config
consent_ip_mask -1 48;
--- must_die
--- error_log
invalid IPv4 prefix length "-1"
--- must_die_line: http_config:1



=== TEST 7: a prefix that is no number
--- config
location /t {
    consent_ip_mask 24 /48;
}
--- must_die
--- error_log
invalid IPv6 prefix length "/48"
--- must_die_line: config:2



=== TEST 8: one parameter
--- http_config
consent_ip_mask 24;
--- must_die
--- error_log
invalid number of arguments in "consent_ip_mask" directive



=== TEST 9: consent_ip_mask twice
--- http_config
consent_ip_mask 24 48;
consent_ip_mask 16 32;
--- must_die
--- error_log
"consent_ip_mask" directive is duplicate
--- must_die_line: http_config:2



=== TEST 10: the new variables cannot be hidden by a category
--- http_config
consent_category masked_addr;
--- must_die
--- error_log
would hide the variable "$consent_masked_addr"



=== TEST 11: nor by a category named country
--- http_config
consent_category country;
--- must_die
--- error_log
would hide the variable "$consent_country"


=== TEST 12: realip: 6to4
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 2002:c000:0204::1
--- response_body
192.0.2.0


=== TEST 13: realip: 6to4 with a subnet and an interface
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 2002:c000:0204:abcd:1:2:3:4
--- response_body
192.0.2.0


=== TEST 14: realip: Teredo, the client's IPv4 de-obfuscated
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 2001:0:4136:e378:8000:63bf:3fff:fdfb
--- response_body
192.0.2.0


=== TEST 15: realip: NAT64 well-known prefix
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 64:ff9b::192.0.2.4
--- response_body
192.0.2.0


=== TEST 16: realip: NAT64 local-use prefix, nothing past the /48 even under /64
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
consent_ip_mask 24 64;
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 64:ff9b:1:c000:2:400::
--- response_body
64:ff9b:1::


=== TEST 17: realip: SIIT, IPv4-translated
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: ::ffff:0:192.0.2.4
--- response_body
192.0.2.0


=== TEST 18: realip: IPv4-compatible
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: ::192.0.2.4
--- response_body
192.0.2.0


=== TEST 19: realip: ISATAP, private IPv4, even under /128
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
consent_ip_mask 24 128;
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: fe80::5efe:192.0.2.4
--- response_body
192.0.2.0


=== TEST 20: realip: ISATAP, public IPv4, even under /128
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
consent_ip_mask 24 128;
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 2a02:cf40:1:2:200:5efe:c000:204
--- response_body
192.0.2.0


=== TEST 21: realip: ::1 is no IPv4 host
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: ::1
--- response_body
::



=== TEST 22: realip: 6to4 keeps no more of its IPv4 than the IPv6 prefix does
--- http_config
set_real_ip_from 127.0.0.1;
real_ip_header X-Real-IP;
--- config
consent_ip_mask 24 32;
location /t {
    return 200 "$consent_masked_addr\n";
}
--- request
GET /t
--- more_headers
X-Real-IP: 2002:5102:45a0::1
--- response_body
81.2.0.0
