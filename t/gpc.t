# Global Privacy Control remembered and shown: a decision posted to
# consent_endpoint with Sec-GPC: 1 records the opt-out in the native
# cookie (".gpc"), so that later requests without the header stay opted
# out (11 CCR 7025(c)(5), 4 CCR 904-3 Rule 5.09(B)); a form that confirms
# gpc_override=1 grants what GPC vetoes (".gpc-override", 7025(c)(3));
# $consent_gpc_honoured and the demo's privacy page say whether the signal
# was processed (7025(c)(6)); conf/gpc.conf serves /.well-known/gpc.json.
#
# First one visitor's journey against one nginx, each step with the
# cookie the previous one set; then single blocks.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use JSON::PP;


my $privacy = do {
    open my $fh, '<', 'demo/privacy.html' or die "demo/privacy.html: $!";
    local $/;
    <$fh>;
};

my $n = start_nginx(
    name       => 'journey',
    config     => <<'END',
location = /t {
    return 200 "$consent_state $consent_source $consent_granted gpc=$consent_gpc honoured=$consent_gpc_honoured\n";
}

location /px/ {
    consent_require marketing;
    empty_gif;
}

location = /consent {
    consent_endpoint;
}

location = /privacy.html {
    ssi on;
}
END
    user_files => [ [ 'privacy.html', $privacy ] ],
);

my $FORM = "Content-Type: application/x-www-form-urlencoded\n";
my $ID = '[A-Za-z0-9_-]{16}';


# POST a form; the consent cookie it sets, "name=value", or undef

sub post {
    my ($body, $headers, $name) = @_;

    my $r = $n->http("POST /consent\n$body",
                     more_headers => $FORM . ($headers // ''));

    is($r->{status}, 303, "$name: recorded (303)");

    my ($c) = (header_value($r, 'Set-Cookie') // '') =~ /^(consent=[^;]+);/;
    ok($c, "$name: a consent cookie") or diag($r->{raw});

    return $c // 'consent=none';
}


sub get {
    my ($path, $headers) = @_;
    return $n->http("GET $path", more_headers => $headers // '');
}


sub state {
    my ($cookie, $headers) = @_;
    return get('/t', "Cookie: $cookie\n" . ($headers // ''))->{body};
}


# 1. "Accept all" with Sec-GPC: 1 records the opt-out

my $c1 = post('accept=all', "Sec-GPC: 1\n", 'accept all with GPC');

like($c1, qr/^consent=1\.\d+\.0\.analytics\+marketing\+preferences\.$ID\.gpc$/,
     'accept all with GPC: the cookie records the opt-out (".gpc")');

is(state($c1), "accepted signal necessary,analytics,preferences gpc=0 "
   . "honoured=1\n",
   'a later request without the header: marketing still vetoed, '
   . 'source signal, honoured');
is(state($c1, "Sec-GPC: 0\n"), "accepted signal necessary,analytics,"
   . "preferences gpc=0 honoured=1\n",
   'with Sec-GPC: 0: still opted out');
is(state($c1, "Sec-GPC: 1\n"), "accepted signal necessary,analytics,"
   . "preferences gpc=1 honoured=1\n",
   'with Sec-GPC: 1: as before');

is(get('/px/m.gif', "Cookie: $c1\n")->{status}, 204,
   'consent_require marketing: refused without the header');

my $old = 'consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq';

is(get('/px/m.gif', "Cookie: $old\n")->{status}, 200,
   'consent_require marketing: a cookie without the record grants '
   . '(control)');

my $j = eval { decode_json(get('/consent', "Cookie: $c1\n")->{body}) } || {};

is_deeply([ $j->{source}, $j->{categories}{marketing},
            $j->{signals}{gpc}, $j->{gpc} ],
          [ 'signal', JSON::PP::false, JSON::PP::false,
            { remembered => JSON::PP::true, overridden => JSON::PP::false,
              honoured => JSON::PP::true } ],
          'GET /consent: the opt-out remembered and honoured')
    or diag(explain($j));


# 2. later posts without the signal do not opt back in

my $c2 = post('accept=all', "Cookie: $c1\n", 'accept all, GPC remembered');

like($c2, qr/\.$ID\.gpc$/, 'accept all without the header: the opt-out '
     . 'is kept');
isnt($c2, $c1, 'a new decision, a new cookie');
is(state($c2), "accepted signal necessary,analytics,preferences gpc=0 "
   . "honoured=1\n", '... and marketing stays vetoed');

my $c2b = post('save=1&marketing=1', "Cookie: $c1\nSec-GPC: 0\n",
               'marketing asked, Sec-GPC: 0, GPC remembered');

like($c2b, qr/\.0\.marketing\.$ID\.gpc$/, 'Sec-GPC: 0 is no opt-in either');
is(state($c2b), "partial signal necessary gpc=0 honoured=1\n",
   '... marketing not granted');


# 3. asking for marketing under GPC without the confirmation grants nothing

my $c3 = post('save=1&marketing=1&analytics=1', "Sec-GPC: 1\n",
              'marketing asked with GPC');

like($c3, qr/\.analytics\+marketing\.$ID\.gpc$/,
     'marketing asked with GPC, no override: the opt-out recorded');
is(state($c3), "partial signal necessary,analytics gpc=0 honoured=1\n",
   '... marketing not granted');
is(get('/px/m.gif', "Cookie: $c3\n")->{status}, 204,
   '... and refused by consent_require');


# 4. the explicit override grants, with or without the header

my $c4 = post('accept=all&gpc_override=1', "Cookie: $c2\n",
              'accept all, override confirmed');

like($c4, qr/^consent=1\.\d+\.0\.analytics\+marketing\+preferences\.$ID\.gpc-override$/,
     'override: recorded as ".gpc-override"');
is(state($c4, "Sec-GPC: 1\n"), "accepted cookie necessary,analytics,"
   . "marketing,preferences gpc=1 honoured=0\n",
   'override: marketing granted in spite of Sec-GPC: 1, not honoured');
is(state($c4), "accepted cookie necessary,analytics,marketing,preferences "
   . "gpc=0 honoured=0\n", 'override: granted without the header');
is(get('/px/m.gif', "Cookie: $c4\nSec-GPC: 1\n")->{status}, 200,
   'override: consent_require marketing lets it through');

$j = eval { decode_json(get('/consent', "Cookie: $c4\nSec-GPC: 1\n")->{body})
          } || {};

is_deeply($j->{gpc}, { remembered => JSON::PP::false,
                       overridden => JSON::PP::true,
                       honoured => JSON::PP::false },
          'GET /consent: overridden')
    or diag(explain($j));

my $c4b = post('save=1&marketing=1&gpc_override=1', "Sec-GPC: 1\n",
               'marketing with the override, checkboxes');

like($c4b, qr/\.0\.marketing\.$ID\.gpc-override$/,
     'override with the checkboxes');
is(state($c4b, "Sec-GPC: 1\n"), "partial cookie necessary,marketing gpc=1 "
   . "honoured=0\n", '... grants marketing');


# 5. a new decision without the confirmation ends the override

my $c5 = post('save=1&analytics=1&marketing=1', "Cookie: $c4\nSec-GPC: 1\n",
              'a new choice with GPC, no override');

like($c5, qr/\.$ID\.gpc$/, 'the opt-out recorded again');
is(state($c5), "partial signal necessary,analytics gpc=0 honoured=1\n",
   '... marketing vetoed again');


# 6. an override that grants nothing GPC vetoes, or with no GPC at all

my $c6 = post('save=1&analytics=1&gpc_override=1', "Sec-GPC: 1\n",
              'override granting only analytics');

like($c6, qr/\.0\.analytics\.$ID\.gpc$/,
     'an override of nothing GPC vetoes is no override');

my $c7 = post('accept=all&gpc_override=1', '', 'override without GPC');

like($c7, qr/\.0\.analytics\+marketing\+preferences\.$ID$/,
     'no GPC, no record: a later Sec-GPC: 1 still vetoes');
is(state($c7, "Sec-GPC: 1\n"), "accepted signal necessary,analytics,"
   . "preferences gpc=1 honoured=1\n", '... as it does');

my $c8 = post('accept=all', '', 'accept all without GPC');

like($c8, qr/\.$ID$/, 'no GPC: the cookie as it always was');


# 7. the demo's privacy page says whether the signal was processed

my $page = get('/privacy.html', "Cookie: $c1\n");

is($page->{status}, 200, 'privacy page, GPC remembered: 200');
like($page->{body}, qr/Global Privacy Control\s+honoured/,
     'privacy page, GPC remembered: "Global Privacy Control honoured"');
like($page->{body}, qr/name="gpc_override"/,
     'privacy page: the override offered when GPC is honoured');

$page = get('/privacy.html', "Sec-GPC: 1\n");
like($page->{body}, qr/Global Privacy Control\s+honoured/,
     'privacy page, Sec-GPC: 1 and no cookie: honoured');

$page = get('/privacy.html', "Cookie: $c8\n");
unlike($page->{body}, qr/Global Privacy Control\s+honoured/,
       'privacy page without GPC: not said');
unlike($page->{body}, qr/name="gpc_override"/,
       'privacy page without GPC: no override offered');

$page = get('/privacy.html', "Cookie: $c4\nSec-GPC: 1\n");
unlike($page->{body}, qr/Global Privacy Control\s+honoured/,
       'privacy page, overridden: not honoured');
like($page->{body}, qr/chose to allow marketing all the same/,
     'privacy page, overridden: says so');

$n->finish('journey');


run_tests();

__DATA__

=== TEST 1: a cookie written before the record: no GPC remembered
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted cookie necessary,analytics,marketing,preferences honoured=0



=== TEST 2: ... and Sec-GPC: 1 vetoes it as before
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
--- response_body
accepted signal necessary,analytics,preferences honoured=1



=== TEST 3: a malformed record makes the cookie invalid: nothing granted
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq.gpcx
--- response_body
invalid invalid necessary honoured=0
--- error_log
consent cookie "consent" ignored: malformed



=== TEST 4: ... in the opt-out regime too
--- http_config
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq.GPC
--- response_body
invalid invalid necessary



=== TEST 5: two records
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq.gpc.gpc-override
--- response_body
invalid necessary



=== TEST 6: an empty record
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq.
--- response_body
invalid necessary



=== TEST 7: a malformed record is refused by consent_require
--- config
location /px/ {
    consent_require marketing;
    empty_gif;
}
--- request
GET /px/m.gif
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq.gpc-overrid
--- error_code: 204



=== TEST 8: the remembered opt-out follows consent_signals: gpc= vetoes more
--- config
location /t {
    consent_signals gpc=marketing,preferences;
    return 200 "$consent_source $consent_granted honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq.gpc
--- response_body
signal necessary,analytics honoured=1



=== TEST 9: ... and "consent_signals off" ignores it as it ignores the header
--- config
location /t {
    consent_signals off;
    return 200 "$consent_source $consent_granted honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq.gpc
Sec-GPC: 1
--- response_body
cookie necessary,analytics,marketing,preferences honoured=0



=== TEST 10: DNT still vetoes an override
--- config
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq.gpc-override
DNT: 1
Sec-GPC: 1
--- response_body
signal necessary,preferences



=== TEST 11: two copies, one remembers GPC: the opt-out wins
--- config
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq; consent=1.1732350000.0.analytics+marketing.abcdefghij.gpc
--- response_body
signal necessary,analytics



=== TEST 12: two copies, one overrides: no override
--- config
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing.abcdefghij.gpc-override
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq
Sec-GPC: 1
--- response_body
signal necessary,analytics



=== TEST 13: an expired decision still remembers the opt-out for the next
--- config
location /consent {
    consent_max_age 1d;
    consent_endpoint;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq.gpc
--- error_code: 303
--- response_headers_like
Set-Cookie: consent=1\.\d+\.0\.analytics\+marketing\+preferences\.[A-Za-z0-9_-]{16}\.gpc; .*



=== TEST 14: the variables of the endpoint's request describe the decision
--- config
location /consent {
    consent_endpoint;
    add_header X-Consent "$consent_granted $consent_source honoured=$consent_gpc_honoured" always;
}
--- request
POST /consent
accept=all
--- more_headers
Content-Type: application/x-www-form-urlencoded
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq.gpc
--- error_code: 303
--- response_headers
X-Consent: necessary,analytics,preferences signal honoured=1



=== TEST 15: ... and of an override
--- config
location /consent {
    consent_endpoint;
    add_header X-Consent "$consent_granted $consent_source honoured=$consent_gpc_honoured" always;
}
--- request
POST /consent
accept=all&gpc_override=on
--- more_headers
Content-Type: application/x-www-form-urlencoded
Sec-GPC: 1
--- error_code: 303
--- response_headers
X-Consent: necessary,analytics,marketing,preferences cookie honoured=0



=== TEST 16: gpc_override sent twice is a bad form
--- config
location /consent {
    consent_endpoint;
}
--- request
POST /consent
accept=all&gpc_override=1&gpc_override=1
--- more_headers
Content-Type: application/x-www-form-urlencoded
Sec-GPC: 1
--- error_code: 400
--- response_headers
!Set-Cookie
--- error_log
consent_endpoint: invalid form: malformed at "gpc_override"



=== TEST 17: $consent_gpc_honoured: the header alone
--- config
location /t {
    return 200 "gpc=$consent_gpc honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Sec-GPC: 1
--- response_body
gpc=1 honoured=1



=== TEST 18: $consent_gpc_honoured: nothing
--- config
location /t {
    return 200 "gpc=$consent_gpc honoured=$consent_gpc_honoured\n";
}
--- request
GET /t
--- more_headers
Sec-GPC: 0
--- response_body
gpc=0 honoured=0



=== TEST 19: "gpc_override" cannot name a category
--- http_config
consent_category gpc_override;
--- must_die
--- error_log
consent category name "gpc_override" is reserved
--- must_die_line: http_config:1



=== TEST 20: conf/gpc.conf serves /.well-known/gpc.json as the GPC spec says
--- server_config
include $TEST_NGINX_ROOT/conf/gpc.conf;
--- request
GET /.well-known/gpc.json
--- response_headers
Content-Type: application/json
--- response_body_like
^\{"gpc": true, "lastUpdate": "\d{4}-\d\d-\d\d"\}\n$



=== TEST 21: ... whose body is the JSON object the spec asks for
--- server_config
include $TEST_NGINX_ROOT/conf/gpc.conf;
--- request
GET /.well-known/gpc.json
--- response_body_json
{"gpc": true, "lastUpdate": "2026-12-07"}
