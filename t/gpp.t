# IAB's Global Privacy Platform strings (format=gpp) read through nginx:
# OneTrust's OTGPPConsent and the __gpp cookie of IAB's CMP API.  The US
# sections only refuse; the TCF section grants as format=tcf would.
#
# The OneTrust values are cookies OneTrust wrote on real sites.  The
# __gpp values were encoded once by IAB's reference, @iabgpp/cmpapi
# 3.2.0 (GppModel.encode()), from the model named in each test.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

# a GPP header (Type 3, Version 1) listing the one section $id: its
# Fibonacci code is the Zeckendorf bits of $id over 1, 2, 3, 5, 8, ...,
# lowest first, then a 1; padded with zeros to whole bytes, then to whole
# characters, as the reference encoder pads ("DBABLA" for section 7)
sub main::gpp_header {
    my ($id) = @_;
    my @fib = (1, 2);
    push @fib, $fib[-1] + $fib[-2] while $fib[-1] <= $id;
    my @code = (0) x @fib;
    for (my $i = $#fib, my $n = $id; $i >= 0; $i--) {
        if ($fib[$i] <= $n) { $code[$i] = 1; $n -= $fib[$i]; }
    }
    pop @code while !$code[-1];
    my $bits = '000011' . '000001' . sprintf('%012b', 1) . '0'
               . join('', @code) . '1';
    $bits .= '0' x ((8 - length($bits) % 8) % 8);
    $bits .= '0' x ((6 - length($bits) % 6) % 6);
    my @a = ('A' .. 'Z', 'a' .. 'z', '0' .. '9', '-', '_');
    return join '', map { $a[oct "0b$_"] } $bits =~ /(.{6})/g;
}

run_tests();

__DATA__

=== TEST 1: OneTrust usnat v1, opted out of sale, sharing and targeted advertising: marketing denied
--- http_config
consent_cookie OTGPPConsent format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: _ga=GA1.1.1004982678.1726987624; OTGPPConsent=DBABLA~BVQVAAAAAgA.QA
--- response_body
unset signal necessary,analytics,preferences



=== TEST 2: OneTrust usnat v1, not opted out (2 everywhere): no effect, and it never grants
--- http_config
consent_cookie OTGPPConsent format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBABLA~BVQqAAAACZA.QA
--- response_body
unset regime necessary



=== TEST 3: OneTrust usnat v1, opt-outs not applicable (0): no effect
--- http_config
consent_cookie OTGPPConsent format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBABLA~BAQCAAAACZA.QA
--- response_body
regime necessary,analytics,marketing,preferences



=== TEST 4: OneTrust usca, not opted out, on top of the module's own cookie
--- http_config
consent_cookie consent;
consent_cookie OTGPPConsent format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBABBg~BUoAAAKA.QA; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted cookie necessary,analytics,marketing,preferences



=== TEST 5: GPP listed first without a TCF section: the next cookie decides, the opt-out still refuses
--- http_config
consent_cookie OTGPPConsent format=gpp;
consent_cookie consent;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBABLA~BVQVAAAAAgA.QA; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted signal necessary,analytics,preferences



=== TEST 6: __gpp with tcfeuv2 (purposes 1-11, publisher 1-11) and usnat v2 (2 everywhere, Gpc 0): the TCF section grants
--- http_config
consent_cookie __gpp format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBACMMA~CQtBohAQtBohANwABAENBkEgAP_gAAAAAAAAAAAAAAAA.IAAA.f_wAAAAAAAAA~CVQqAAAAAACA.QA; __gpp_sid=2,7
--- response_body
accepted cookie necessary,analytics,marketing,preferences



=== TEST 7: the same with usnat SaleOptOut 1: the TCF section grants, the sale opt-out refuses marketing
--- http_config
consent_cookie __gpp format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBACMMA~CQtBohAQtBohANwABAENBkEgAP_gAAAAAAAAAAAAAAAA.IAAA.f_wAAAAAAAAA~CVQaAAAAAACA.QA; __gpp_sid=2,7
--- response_body
accepted signal necessary,analytics,preferences



=== TEST 8: __gpp with tcfeuv2 only, purposes 1 and 8: analytics, as format=tcf grants it
--- http_config
consent_cookie __gpp format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABMA~CQtBohAQtBohANwABAENBkEgAIEAAAAAAAAAAAAAAAAA.IAAA.cCAAAAAAAAAA
--- response_body
partial cookie necessary,analytics



=== TEST 9: usnat v2 with a GPC subsection saying Gpc 1: marketing denied
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_source $consent_granted $consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABLA~CVQqAAAAAACA.YA
--- response_body
signal necessary,analytics,preferences 0



=== TEST 10: usnat v2 TargetedAdvertisingOptOut 1 alone: marketing denied
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABLA~CVQpAAAAAACA
--- response_body
necessary,analytics,preferences



=== TEST 11: usca SharingOptOut 1: marketing denied
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABBg~BAkAAABA.QA
--- response_body
necessary,analytics,preferences



=== TEST 12: usva TargetedAdvertisingOptOut 1: marketing denied
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABRg~BAEAABA
--- response_body
necessary,analytics,preferences



=== TEST 13: uspv1 section "1YYN": marketing denied
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABTA~1YYN
--- response_body
necessary,analytics,preferences



=== TEST 14: consent_category maps an opt-out to another category as well
--- http_config
consent_category analytics gpp:SharingOptOut;
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABLA~CVQmAAAAAACA
--- response_body
necessary,preferences



=== TEST 15: ... and only that opt-out: a targeted advertising opt-out leaves analytics
--- http_config
consent_category analytics gpp:SharingOptOut;
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABLA~CVQpAAAAAACA
--- response_body
necessary,analytics,preferences



=== TEST 16: a string that cannot be read, listed first: nothing granted, and logged
--- http_config
consent_cookie OTGPPConsent format=gpp;
consent_cookie consent;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBABLA~BVQVAAAAAgA.QA~BVQVAAAAAgA.QA; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
invalid invalid necessary
--- error_log
consent cookie "OTGPPConsent" ignored:



=== TEST 17: a string that cannot be read, after the cookie that decided: marketing denied
--- http_config
consent_cookie consent;
consent_cookie OTGPPConsent format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBAB; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted signal necessary,analytics,preferences
--- error_log
consent cookie "OTGPPConsent" ignored:



=== TEST 18: a section that cannot be read (usnat cut short): marketing denied, and so is what the operator mapped
--- http_config
consent_category analytics gpp:SharingOptOut;
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABLA~CVQ
--- response_body
signal necessary,preferences



=== TEST 19: a section the module has no layout for: marketing denied
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers eval
# the header of IAB's Fibonacci coding for one section, ID 99
"Cookie: __gpp=" . main::gpp_header(99) . "~BAAAAAAA"
--- response_body
necessary,analytics,preferences



=== TEST 20: a TCF section that cannot be read makes the string unreadable: nothing granted
--- http_config
consent_cookie __gpp format=gpp;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABMA~CQtBohAQtBohANwABAENBkEgAP_g
--- response_body
invalid necessary
--- error_log
consent cookie "__gpp" ignored:



=== TEST 21: two copies that disagree: the opt-out of either refuses
--- http_config
consent_cookie consent;
consent_cookie OTGPPConsent format=gpp;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OTGPPConsent=DBABLA~BVQqAAAACZA.QA; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Cookie: OTGPPConsent=DBABLA~BVQVAAAAAgA.QA
--- response_body
necessary,analytics,preferences



=== TEST 22: mapping errors stop nginx -t
--- http_config
consent_category videos gpp:SaleOptout;
--- must_die
--- error_log
unknown opt-out "SaleOptout" in "gpp:SaleOptout": use SaleOptOut, SharingOptOut, TargetedAdvertisingOptOut or Gpc
--- must_die_line: http_config:1



=== TEST 23: a TCF section of an older policy than its date allows: nothing granted
--- http_config
consent_cookie __gpp format=gpp;
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: __gpp=DBABMA~CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA
--- response_body
invalid necessary
--- error_log
consent cookie "__gpp" ignored:
