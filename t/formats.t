# The consent platforms' cookies, read through nginx: cookieconsent, Klaro,
# Cookiebot, OneTrust, IAB TCF v2.2 and US Privacy (GPP: t/gpp.t).

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

# encodeURIComponent
sub main::uri {
    my ($s) = @_;
    $s =~ s/([^A-Za-z0-9\-_.!~*'()])/sprintf('%%%02X', ord $1)/ge;
    return $s;
}

# Cookiebot's wire form: encodeURIComponent, and ' as %27 too
sub main::cb {
    my $s = main::uri($_[0]);
    $s =~ s/'/%27/g;
    return $s;
}

# a TC string: core segment with the given purposes consented (list of
# numbers), LastUpdated = $time, and an optional Publisher TC segment
sub main::tcf {
    my (%a) = @_;
    my $bits = '';
    my $put = sub { my ($v, $n) = @_; $bits .= substr(unpack('B64', pack('Q>', $v)), 64 - $n); };
    my $mask = sub { my $m = 0; $m |= 1 << (24 - $_) for @_; $m };
    my $ds = ($a{time} // time()) * 10;

    $put->(2, 6);                       # Version
    $put->($ds, 36);                    # Created
    $put->($ds, 36);                    # LastUpdated
    $put->(880, 12);                    # CmpId
    $put->(1, 12);                      # CmpVersion
    $put->(1, 6);                       # ConsentScreen
    $put->(4, 6); $put->(13, 6);        # ConsentLanguage "EN"
    $put->(100, 12);                    # VendorListVersion
    $put->($a{policy} // 4, 6);         # TcfPolicyVersion
    $put->($a{service} // 1, 1);        # IsServiceSpecific
    $put->(0, 1);                       # UseNonStandardTexts
    $put->(0, 12);                      # SpecialFeatureOptIns
    $put->($mask->(@{ $a{purposes} }), 24);
    $put->(0, 24);                      # PurposesLITransparency
    $put->(0, 1);                       # PurposeOneTreatment
    $put->(4, 6); $put->(4, 6);         # PublisherCC "EE"
    $put->(0, 16); $put->(0, 1);        # vendor consents: none
    $put->(0, 16); $put->(0, 1);        # vendor LI: none
    $put->(0, 12);                      # no publisher restrictions

    my $s = main::b64($bits);

    if ($a{publisher}) {
        $bits = '';
        $put->(3, 3);
        $put->($mask->(@{ $a{publisher} }), 24);
        $put->(0, 24);
        $put->(0, 6);
        $s .= '.' . main::b64($bits);
    }

    return $s;
}

sub main::b64 {
    my ($bits) = @_;
    $bits .= '0' x ((6 - length($bits) % 6) % 6);
    my @a = ('A' .. 'Z', 'a' .. 'z', '0' .. '9', '-', '_');
    return join '', map { $a[oct "0b$_"] } $bits =~ /(.{6})/g;
}

run_tests();

__DATA__

=== TEST 1: cookieconsent v3, percent-encoded: analytics, and its consent id
--- http_config
consent_cookie cc_cookie format=cookieconsent;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: cc_cookie=" . main::uri('{"categories":["necessary","analytics"],"revision":0,"data":null,"consentTimestamp":"2025-06-01T10:00:00.000Z","consentId":"14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10","services":{"necessary":[],"analytics":[]},"languageCode":"en","lastConsentTimestamp":"2025-06-01T10:00:00.000Z","expirationTime":1764410400000}')
--- response_body
partial cookie necessary,analytics [14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10]



=== TEST 2: cookieconsent v3, raw JSON, every category by the site's names
--- http_config
consent_cookie cc_cookie format=cookieconsent;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cc_cookie={"categories":["necessary","analytics","advertisement","functionality"],"revision":0,"consentId":"x-1","consentTimestamp":"2025-06-01T10:00:00Z","lastConsentTimestamp":"2025-06-01T10:00:00Z"}
--- response_body
accepted necessary,analytics,marketing,preferences



=== TEST 3: cookieconsent without consentId is invalid
--- http_config
consent_cookie cc_cookie format=cookieconsent;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: cc_cookie=" . main::uri('{"categories":["analytics"],"revision":0,"consentTimestamp":"2025-06-01T10:00:00.000Z","lastConsentTimestamp":"2025-06-01T10:00:00.000Z"}')
--- response_body
invalid invalid necessary
--- error_log
consent cookie "cc_cookie" ignored: required field missing



=== TEST 4: cookieconsent v2 "level", raw
--- http_config
consent_cookie cc_cookie format=cookieconsent;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cc_cookie={"level":["necessary","analytics"],"revision":0,"data":null,"rfc_cookie":false}
--- response_body
partial necessary,analytics



=== TEST 5: cookieconsent of an older revision
--- http_config
consent_cookie cc_cookie format=cookieconsent;
consent_revision 2;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: cc_cookie=" . main::uri('{"categories":["analytics"],"revision":1,"consentId":"a","consentTimestamp":"2025-06-01T10:00:00.000Z","lastConsentTimestamp":"2025-06-01T10:00:00.000Z"}')
--- response_body
invalid expired necessary



=== TEST 6: cookieconsent v2 without a revision counts as revision 0
--- http_config
consent_cookie cc_cookie format=cookieconsent;
consent_revision 1;
--- config
location /t {
    return 200 "$consent_state $consent_source\n";
}
--- request
GET /t
--- more_headers
Cookie: cc_cookie={"level":["necessary","analytics"]}
--- response_body
invalid expired



=== TEST 7: cookieconsent: a site category mapped with consent_category
--- http_config
consent_category videos cookieconsent:youtube;
consent_cookie cc_cookie format=cookieconsent;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cc_cookie={"level":["youtube"]}
--- response_body
necessary,videos



=== TEST 8: Klaro: services mapped to categories
--- http_config
consent_category analytics klaro:matomo;
consent_category videos klaro:youtube;
consent_category marketing klaro:adsense;
consent_cookie klaro format=klaro;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: klaro=" . main::uri('{"matomo":true,"youtube":false,"adsense":false}')
--- response_body
partial necessary,analytics



=== TEST 9: Klaro: a service absent from the cookie is not granted
--- http_config
consent_category analytics klaro:matomo+plausible;
consent_cookie klaro format=klaro;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: klaro=" . main::uri('{"matomo":true}')
--- response_body
necessary



=== TEST 10: Cookiebot on the wire: statistics and preferences
--- http_config
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: CookieConsent=" . main::cb(q{{stamp:'Yk2+/8Q~a=',necessary:true,preferences:true,statistics:true,marketing:false,method:'explicit',ver:1,utc:1741015397474,region:'de'}})
--- response_body
partial necessary,analytics,preferences [Yk2+/8Q~a=]



=== TEST 11: Cookiebot: 0 is necessary only
--- http_config
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: CookieConsent=0
--- response_body
rejected cookie necessary



=== TEST 12: Cookiebot: -1 (outside any consent region) is no decision
--- http_config
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: CookieConsent=-1
--- response_body
unset regime necessary



=== TEST 13: Cookiebot: a case-sensitive name
--- http_config
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state\n";
}
--- request
GET /t
--- more_headers
Cookie: cookieconsent=0
--- response_body
unset



=== TEST 14: OneTrust: groups, consent id
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_state $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=isGpcEnabled=0&datestamp=Thu+Nov+21+2024+10%3A00%3A00+GMT%2B0100&version=202209.1.0&consentId=7f3c2a10-aaaa-bbbb-cccc-0123456789ab&interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1%2CC0005%3A1&geolocation=AT%3B9&AwaitingReconsent=false
--- response_body
partial necessary,analytics,marketing [7f3c2a10-aaaa-bbbb-cccc-0123456789ab]



=== TEST 15: OneTrust: marketing needs C0004 and C0005
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&interactionCount=1&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A1%2CC0004%3A1%2CC0005%3A0
--- response_body
necessary,preferences



=== TEST 16: OneTrust: a tenant group mapped by the operator, unknown groups ignored
--- http_config
consent_category videos onetrust:C0009;
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&interactionCount=1&groups=C0001%3A1%2CC0009%3A1%2CSTACK42%3A1
--- response_body
necessary,videos



=== TEST 17: TCF: purposes 1 and 8 grant analytics
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1, 8])
--- response_body
partial cookie necessary,analytics



=== TEST 18: TCF: every purpose
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11])
--- response_body
accepted necessary,analytics,marketing,preferences



=== TEST 19: TCF: without purpose 1 nothing is granted
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [2 .. 11])
--- response_body
rejected necessary



=== TEST 20: TCF: the Publisher TC segment is preferred
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11], publisher => [1, 11])
--- response_body
necessary,preferences



=== TEST 21: TCF: an example of June 2025 with policy version 2 is invalid
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: euconsent-v2=CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA.YAAAAAAAAAAA
--- response_body
invalid invalid necessary



=== TEST 22: TCF: older than consent_max_age
--- http_config
consent_cookie euconsent-v2 format=tcf;
consent_max_age 30d;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11], time => time() - 40 * 86400)
--- response_body
invalid expired necessary



=== TEST 23: TCF: a global-scope string is invalid
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11], service => 0)
--- response_body
invalid necessary



=== TEST 24: TCF: truncated
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . substr(main::tcf(purposes => [1 .. 11]), 0, 30)
--- response_body
invalid necessary



=== TEST 25: TCF: a mapping of the operator's own
--- http_config
consent_category research tcf:1+9+10;
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1, 9, 10])
--- response_body
necessary,research



=== TEST 26: US Privacy opted out of sale: marketing denied on top of the cookie
--- http_config
consent_cookie consent;
consent_cookie usprivacy format=usprivacy;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: usprivacy=1YYN; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted signal necessary,analytics,preferences



=== TEST 27: US Privacy not opted out: no effect, and it never grants
--- http_config
consent_cookie consent;
consent_cookie usprivacy format=usprivacy;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: usprivacy=1YNN
--- response_body
unset regime necessary



=== TEST 28: US Privacy malformed: fail closed, marketing denied
--- http_config
consent_cookie consent;
consent_cookie us_privacy format=usprivacy;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: us_privacy=1YYYY; consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq
--- response_body
necessary,analytics
--- error_log
consent cookie "us_privacy" ignored: malformed



=== TEST 29: several formats: the first configured that is present decides
--- http_config
consent_cookie cc_cookie format=cookieconsent;
consent_cookie euconsent-v2 format=tcf;
consent_cookie consent;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: consent=1.1732350000.0.preferences.k3J9xQ2mPq; euconsent-v2=" . main::tcf(purposes => [1, 8])
--- response_body
necessary,analytics



=== TEST 30: mapping errors stop nginx -t
--- http_config
consent_category videos tcf:1+25;
--- must_die
--- error_log
invalid purpose "25" in "tcf:1+25": use 1 to 24
--- must_die_line: http_config:1



=== TEST 31: a format that only refuses takes opt-outs, not names
--- http_config
consent_category videos usprivacy:x;
--- must_die
--- error_log
unknown opt-out "x" in "usprivacy:x": use SaleOptOut, SharingOptOut, TargetedAdvertisingOptOut or Gpc
--- must_die_line: http_config:1



=== TEST 32: US Privacy: an opt-out of sale mapped to analytics denies it too
--- http_config
consent_category analytics usprivacy:SaleOptOut;
consent_cookie consent;
consent_cookie usprivacy format=usprivacy;
--- config
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: usprivacy=1YYN; consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
necessary,preferences



=== TEST 33: an empty id in a mapping
--- http_config
consent_category videos onetrust:C0001+;
--- must_die
--- error_log
invalid mapping "onetrust:C0001+"



=== TEST 34: too many names for one format
--- http_config eval
"consent_category videos " . join(" ", map { "klaro:s$_" } 1 .. 65) . ";"
--- must_die
--- error_log
too many names for format "klaro", at most 64



=== TEST 35: OneTrust: interactionCount given twice, one copy 0: no decision
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&interactionCount=0&interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A1%2CC0004%3A1%2CC0005%3A1
--- response_body
unset necessary



=== TEST 36: OneTrust: a signed interactionCount is malformed
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&interactionCount=%2B1&groups=C0001%3A1%2CC0002%3A1
--- response_body
invalid necessary
--- error_log
consent cookie "OptanonConsent" ignored: malformed



=== TEST 37: Cookiebot: stamp given twice, one copy -1: no decision
--- http_config
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: CookieConsent=" . main::cb(q{{stamp:'-1',necessary:true,preferences:true,statistics:true,marketing:true,utc:1741015397474,stamp:'Yk2+/8Q~a='}})
--- response_body
unset necessary



=== TEST 38: cookieconsent: a revision given twice makes the cookie invalid
--- http_config
consent_cookie cc_cookie format=cookieconsent;
consent_revision 2;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: cc_cookie={"categories":["necessary","analytics"],"revision":1,"consentId":"id-1","consentTimestamp":"2025-06-01T10:00:00Z","lastConsentTimestamp":"2025-06-01T10:00:00Z","revision":2}
--- response_body
invalid necessary
--- error_log
consent cookie "cc_cookie" ignored: malformed



=== TEST 39: Cookiebot: a utc that cannot be read does not escape consent_max_age
--- http_config
consent_cookie CookieConsent format=cookiebot;
consent_max_age 30d;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: CookieConsent=" . main::cb(q{{stamp:'Yk2+/8Q~a=',necessary:true,preferences:true,statistics:true,marketing:true,utc:-1741015397474}})
--- response_body
invalid necessary
--- error_log
consent cookie "CookieConsent" ignored: malformed



=== TEST 40: OneTrust: a datestamp that cannot be read does not escape consent_max_age
--- http_config
consent_cookie OptanonConsent format=onetrust;
consent_max_age 30d;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&datestamp=Thu+Nov+21+1024+10%3A00%3A00+GMT%2B0100&interactionCount=1&groups=C0001%3A1%2CC0002%3A1
--- response_body
invalid necessary
--- error_log
consent cookie "OptanonConsent" ignored: malformed



=== TEST 41: OneTrust: AwaitingReconsent=true asks again: expired, without consent_max_age
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=isGpcEnabled=0&datestamp=Thu+Nov+21+2024+10%3A00%3A00+GMT%2B0100&version=202209.1.0&consentId=7f3c2a10-aaaa-bbbb-cccc-0123456789ab&interactionCount=1&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1%2CC0005%3A1&geolocation=AT%3B9&AwaitingReconsent=true
--- response_body
invalid expired necessary []
--- error_log
consent cookie "OptanonConsent" ignored: awaiting reconsent



=== TEST 42: OneTrust: AwaitingReconsent=true in one copy of two: expired
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&interactionCount=1&groups=C0002%3A1&AwaitingReconsent=false
Cookie: OptanonConsent=consentId=abc&interactionCount=1&groups=C0002%3A1&AwaitingReconsent=true
--- response_body
invalid expired necessary



=== TEST 43: OneTrust: an AwaitingReconsent other than true or false is malformed
--- http_config
consent_cookie OptanonConsent format=onetrust;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: OptanonConsent=consentId=abc&interactionCount=1&groups=C0001%3A1%2CC0002%3A1&AwaitingReconsent=yes
--- response_body
invalid invalid necessary
--- error_log
consent cookie "OptanonConsent" ignored: malformed



=== TEST 44: TCF: policy version 2 in a string created today grants nothing
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11], policy => 2)
--- response_body
invalid invalid necessary
--- error_log
consent cookie "euconsent-v2" ignored: policy version too old



=== TEST 45: TCF: policy version 2 in a string created before 20 November 2023 still reads
--- http_config
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1, 8], policy => 2, time => 1700438399)
--- response_body
partial cookie necessary,analytics



=== TEST 46: Cookiebot: implied consent in an opt-in regime is no decision
--- http_config
consent_regime opt-in default;
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: CookieConsent=" . main::cb(q{{stamp:'Yk2+/8Q~a=',necessary:true,preferences:true,statistics:true,marketing:true,method:'implied',ver:1,utc:1741015397474,region:'de'}})
--- response_body
unset regime necessary []
--- error_log
consent cookie "CookieConsent" ignored: implied consent in an opt-in regime



=== TEST 47: Cookiebot: implied consent in an opt-out regime grants what it says
--- http_config
consent_regime opt-out default;
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: CookieConsent=" . main::cb(q{{stamp:'Yk2+/8Q~a=',necessary:true,preferences:true,statistics:true,marketing:false,method:'implied',ver:1,utc:1741015397474,region:'us-06'}})
--- response_body
partial cookie necessary,analytics,preferences [Yk2+/8Q~a=]



=== TEST 48: Cookiebot: explicit consent in an opt-in regime grants
--- http_config
consent_regime opt-in default;
consent_cookie CookieConsent format=cookiebot;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: CookieConsent=" . main::cb(q{{stamp:'Yk2+/8Q~a=',necessary:true,preferences:true,statistics:true,marketing:true,method:'explicit',ver:1,utc:1741015397474,region:'de'}})
--- response_body
accepted cookie necessary,analytics,marketing,preferences



=== TEST 49: Cookiebot: -1 with outside=opt-out grants as the opt-out regime where the module's regime is opt-in
--- http_config
consent_cookie CookieConsent format=cookiebot outside=opt-out;
consent_regime opt-in default;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_regime\n";
}
--- request
GET /t
--- more_headers
Cookie: CookieConsent=-1
--- response_body
unset regime necessary,analytics,marketing,preferences opt-in



=== TEST 50: Cookiebot: outside=opt-out, stamp '-1' in the object too; Global Privacy Control still vetoes
--- http_config
consent_cookie CookieConsent format=cookiebot outside=opt-out;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Sec-GPC: 1\r\nCookie: CookieConsent=" . main::cb(q{{stamp:'-1',necessary:true,preferences:true,statistics:true,marketing:true,method:'explicit',ver:1,utc:1741015397474,region:'us-06'}})
--- response_body
unset signal necessary,analytics,preferences



=== TEST 51: Cookiebot: outside=opt-out changes only -1: a decision still decides
--- http_config
consent_cookie CookieConsent format=cookiebot outside=opt-out;
consent_regime opt-in default;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: CookieConsent=0
--- response_body
rejected cookie necessary



=== TEST 52: Cookiebot: outside=regime, the default, leaves -1 to the module's regime
--- http_config
consent_cookie CookieConsent format=cookiebot outside=regime;
consent_regime opt-in default;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: CookieConsent=-1
--- response_body
unset regime necessary



=== TEST 53: Borlabs Cookie 2 on the wire: every group, the uid
--- http_config
consent_cookie borlabs-cookie format=borlabs;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: borlabs-cookie=%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%2C%22statistics%22%3A%5B%22google-analytics%22%5D%2C%22marketing%22%3A%5B%22google-adsense%22%2C%22facebook-pixel%22%5D%2C%22external-media%22%3A%5B%22facebook%22%2C%22googlemaps%22%2C%22youtube%22%5D%7D%2C%22domainPath%22%3A%22kreativ-welt.crnd.de%2F%22%2C%22expires%22%3A%22Sat%2C%2018%20Feb%202023%2009%3A06%3A19%20GMT%22%2C%22uid%22%3A%22mnep763s-rd6x72ar-cp4vilgp-78z4hijv%22%2C%22version%22%3A%222%22%7D
--- response_body
accepted cookie necessary,analytics,marketing,preferences [mnep763s-rd6x72ar-cp4vilgp-78z4hijv]



=== TEST 54: Borlabs Cookie 3 on the wire: essential only, uid "anonymous" is no id
--- http_config
consent_regime opt-out default;
consent_cookie borlabs-cookie format=borlabs;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: borlabs-cookie=%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%2C%22wpml%22%5D%7D%2C%22domainPath%22%3A%22donkeydreamland.com%2F%22%2C%22expires%22%3A%22Sat%2C%2007%20Sep%202024%2002%3A24%3A51%20GMT%22%2C%22uid%22%3A%22anonymous%22%2C%22v3%22%3Atrue%2C%22version%22%3A1%7D
--- response_body
rejected cookie necessary []



=== TEST 55: Borlabs Cookie: external media, and a service mapped by the site
--- http_config
consent_category videos borlabs:youtube;
consent_category maps borlabs:googlemaps+openstreetmap;
consent_category analytics borlabs:matomo;
consent_cookie borlabs-cookie format=borlabs;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: borlabs-cookie=%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%2C%22external-media%22%3A%5B%22facebook%22%2C%22googlemaps%22%2C%22instagram%22%2C%22openstreetmap%22%2C%22twitter%22%2C%22vimeo%22%2C%22youtube%22%5D%7D%2C%22domainPath%22%3A%22www.hwwi-rohindex.de%2F%22%2C%22expires%22%3A%22Tue%2C%2026%20Sep%202023%2005%3A40%3A13%20GMT%22%2C%22uid%22%3A%22naja8nfj-wbsm78w5-5nkkatff-gs4iyycz%22%2C%22version%22%3A%221%22%7D
--- response_body
partial necessary,preferences,videos,maps



=== TEST 56: Borlabs Cookie: a cookie version older than consent_revision
--- http_config
consent_cookie borlabs-cookie format=borlabs;
consent_revision 2;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: borlabs-cookie=" . main::uri('{"consents":{"essential":["borlabs-cookie"],"statistics":["google-analytics"]},"domainPath":"example.com/","expires":"Sat, 07 Sep 2024 02:24:51 GMT","uid":"anonymous","v3":true,"version":1}')
--- response_body
invalid expired necessary
--- error_log
consent cookie "borlabs-cookie" ignored: older policy revision



=== TEST 57: Borlabs Cookie: a group given twice is malformed
--- http_config
consent_regime opt-out default;
consent_cookie borlabs-cookie format=borlabs;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: borlabs-cookie=" . main::uri('{"consents":{"essential":["borlabs-cookie"],"statistics":[],"statistics":["google-analytics"]},"uid":"anonymous","version":1}')
--- response_body
invalid invalid necessary
--- error_log
consent cookie "borlabs-cookie" ignored: malformed



=== TEST 58: Axeptio on the wire, the older SDK's encoding: vendors mapped by the site
--- http_config
consent_category analytics axeptio:ShinyStat;
consent_category marketing axeptio:Double_Click+facebook_pixel;
consent_category chat axeptio:SnapEngage;
consent_cookie axeptio_cookies format=axeptio;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: axeptio_cookies={%22$$token%22:%22l8j48y0r1honj87phub8o%22%2C%22$$date%22:%222022-12-01T08:20:26.864Z%22%2C%22SnapEngage%22:true%2C%22Double_Click%22:true%2C%22facebook_pixel%22:true%2C%22ShinyStat%22:true%2C%22$$completed%22:true}; axeptio_authorized_vendors=%2CSnapEngage%2CDouble_Click%2Cfacebook_pixel%2CShinyStat%2C
--- response_body
partial cookie necessary,analytics,marketing,chat [l8j48y0r1honj87phub8o]



=== TEST 59: Axeptio on the wire, encodeURIComponent: no built-in mapping
--- http_config
consent_category analytics axeptio:google_analytics;
consent_cookie axeptio_cookies format=axeptio;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: axeptio_cookies=%7B%22%24%24token%22%3A%22JGM06qQmvM.z2y2adAv5K3KjUJ%22%2C%22%24%24date%22%3A%222025-11-30T10%3A43%3A27.182Z%22%2C%22%24%24cookiesVersion%22%3A%7B%22name%22%3A%22en%22%2C%22identifier%22%3A%2266f42241ea82808f5cae18a6%22%7D%2C%22%24%24scope%22%3A%22persistent%22%2C%22%24%24duration%22%3A190%2C%22%24%24completed%22%3Atrue%2C%22facebook_pixel%22%3Atrue%2C%22cloudflare%22%3Atrue%2C%22CloudFlare%22%3Atrue%2C%22vimeo%22%3Atrue%2C%22google_analytics%22%3Atrue%2C%22effinity%22%3Atrue%2C%22optomaton_ug%22%3Atrue%2C%22sojern%22%3Atrue%2C%22spotad%22%3Atrue%2C%22mediamath%22%3Atrue%2C%22widespace%22%3Atrue%2C%22adsense%22%3Atrue%2C%22getquanty%22%3Atrue%2C%22GetQuanty%22%3Atrue%2C%22oct8ne%22%3Atrue%2C%22snapengage%22%3Atrue%2C%22fastbase%22%3Atrue%2C%22shiny_stat%22%3Atrue%7D
--- response_body
partial cookie necessary,analytics [JGM06qQmvM.z2y2adAv5K3KjUJ]



=== TEST 60: Axeptio: every vendor refused
--- http_config
consent_category analytics axeptio:google_analytics;
consent_category marketing axeptio:Criteo axeptio:Google_Ads;
consent_cookie axeptio_cookies format=axeptio;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: axeptio_cookies={%22$$token%22:%22h1gr263utwgrlqk71r2ii%22%2C%22$$date%22:%222021-08-08T10:41:59.523Z%22%2C%22$$completed%22:true%2C%22ContentSquare%22:false%2C%22google_analytics%22:false%2C%22Bing%22:false%2C%22Criteo%22:false%2C%22effiliation%22:false%2C%22Google_Ads%22:false%2C%22IDE%22:false%2C%22Google_Conversion_Linker%22:false%2C%22Linkedin%22:false%2C%22vimeo%22:false%2C%22Idealo%22:false%2C%22Teads%22:false}
--- response_body
rejected cookie necessary [h1gr263utwgrlqk71r2ii]



=== TEST 61: Axeptio: $$completed false is no decision, the regime decides
--- http_config
consent_regime opt-out default;
consent_category analytics axeptio:google_analytics;
consent_cookie axeptio_cookies format=axeptio;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: axeptio_cookies={%22$$token%22:%22t1v1w821zpyn4r5rvtwdd%22%2C%22$$date%22:%222024-06-16T05:19:22.179Z%22%2C%22$$cookiesVersion%22:{}%2C%22$$completed%22:false}
--- response_body
unset regime necessary,analytics,marketing,preferences []



=== TEST 62: Axeptio: $$date older than consent_max_age
--- http_config
consent_category analytics axeptio:google_analytics;
consent_cookie axeptio_cookies format=axeptio;
consent_max_age 180d;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: axeptio_cookies={%22$$token%22:%22l8j48y0r1honj87phub8o%22%2C%22$$date%22:%222022-12-01T08:20:26.864Z%22%2C%22google_analytics%22:true%2C%22$$completed%22:true}
--- response_body
invalid expired necessary
--- error_log
consent cookie "axeptio_cookies" ignored: expired by consent_max_age



=== TEST 63: Axeptio: a $$completed that is not a boolean is malformed
--- http_config
consent_regime opt-out default;
consent_category analytics axeptio:google_analytics;
consent_cookie axeptio_cookies format=axeptio;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: axeptio_cookies=" . main::uri('{"$$token":"abc","google_analytics":true,"$$completed":"true"}')
--- response_body
invalid invalid necessary
--- error_log
consent cookie "axeptio_cookies" ignored: wrong type



=== TEST 64: CookieYes: accept all, a real cookie
# albionmarket.gg's cookieyes-consent after "accept all", as a public scraper
# script on GitHub sends it; the shape is that of CookieYes's banner script
# (_ckySetInStore(): "key:value" pairs joined with ',', not encoded)
--- http_config
consent_cookie cookieyes-consent format=cookieyes;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: cookieyes-consent=consentid:OHNOck5kY2gzQjJ6UFlmN2dPUGFkZjVNM2hWRm9lZU4,consent:yes,action:yes,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes
--- response_body
accepted cookie necessary,analytics,marketing,preferences [OHNOck5kY2gzQjJ6UFlmN2dPUGFkZjVNM2hWRm9lZU4]



=== TEST 65: CookieYes: reject all, the documented consent id
# the consent id of CookieYes's getCkyConsent() documentation example
# (necessary only), in the value the banner script writes for it
--- http_config
consent_regime opt-out default;
consent_cookie cookieyes-consent format=cookieyes;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: cookieyes-consent=consentid:bFl2eFJBN05VS21WNWk5enpRNTNEZ3hxR0dDc3VmcFM,consent:no,action:yes,necessary:yes,functional:no,analytics:no,performance:no,advertisement:no
--- response_body
rejected cookie necessary [bFl2eFJBN05VS21WNWk5enpRNTNEZ3hxR0dDc3VmcFM]



=== TEST 66: CookieYes: analytics only, performance not mapped unless the operator does
# a custom choice as _ckyAcceptCookies() writes it, with the
# lastRenewedDate that CookieYes's hosted script appends
--- http_config
consent_category performance cookieyes:performance;
consent_cookie cookieyes-consent format=cookieyes;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cookieyes-consent=consentid:bFl2eFJBN05VS21WNWk5enpRNTNEZ3hxR0dDc3VmcFM,consent:yes,action:yes,necessary:yes,functional:no,analytics:yes,performance:yes,advertisement:no,other:no,lastRenewedDate:1734509533000
--- response_body
partial necessary,analytics,performance



=== TEST 67: CookieYes: before the visitor acts, no decision: the regime decides
# what _ckySetInitialState() writes under a CCPA banner: every category yes,
# action empty
--- http_config
consent_regime opt-in default;
consent_cookie cookieyes-consent format=cookieyes;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: cookieyes-consent=consentid:bFl2eFJBN05VS21WNWk5enpRNTNEZ3hxR0dDc3VmcFM,consent:no,action:,necessary:yes,functional:yes,analytics:yes,performance:yes,advertisement:yes,other:yes
--- response_body
unset regime necessary []



=== TEST 68: CookieYes: a key given twice is malformed
# synthetic
--- http_config
consent_regime opt-out default;
consent_cookie cookieyes-consent format=cookieyes;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: cookieyes-consent=consentid:x,consent:yes,action:yes,analytics:no,analytics:yes
--- response_body
invalid invalid necessary
--- error_log
consent cookie "cookieyes-consent" ignored: malformed



=== TEST 69: CookieYes: a decision without consentid is invalid
# synthetic
--- http_config
consent_regime opt-out default;
consent_cookie cookieyes-consent format=cookieyes;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: cookieyes-consent=consent:yes,action:yes,necessary:yes,analytics:yes,advertisement:yes
--- response_body
invalid invalid necessary
--- error_log
consent cookie "cookieyes-consent" ignored: required field missing



=== TEST 70: Complianz: accept all, the family read from its prefix
# what Complianz's banner script (cookiebanner/js/complianz.js,
# cmplz_accept_all()) writes: consented_services cleared, every category
# allow; banner-status and policy_id are not consent and are not read
--- http_config
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_banner-status=dismissed; cmplz_consented_services=; cmplz_policy_id=14; cmplz_functional=allow; cmplz_preferences=allow; cmplz_statistics=allow; cmplz_marketing=allow
--- response_body
accepted cookie necessary,analytics,marketing,preferences []



=== TEST 71: Complianz: deny all, the family across two Cookie headers
# cmplz_deny_all(): functional stays allow
--- http_config
consent_regime opt-out default;
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_functional=allow; cmplz_preferences=deny
Cookie: cmplz_statistics=deny; cmplz_marketing=deny
--- response_body
rejected cookie necessary



=== TEST 72: Complianz: a service of consented_services mapped by the operator
# cmplz_set_service_consent('youtube', true): JSON.stringify() unencoded
--- http_config
consent_category videos complianz:youtube;
consent_category maps complianz:google-maps;
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_functional=allow; cmplz_preferences=deny; cmplz_statistics=allow; cmplz_marketing=deny; cmplz_consented_services={"youtube":true,"google-maps":false}
--- response_body
partial necessary,analytics,videos



=== TEST 73: Complianz: before the visitor answers, no decision: the regime decides
# nothing but functional and the banner's status (dismissed on scroll
# under an opt-out banner): no category was answered
--- http_config
consent_regime opt-out default;
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_banner-status=dismissed; cmplz_functional=allow
--- response_body
unset regime necessary,analytics,marketing,preferences



=== TEST 74: Complianz: a service refused before the banner is answered is a decision
# synthetic: cmplz_set_service_consent('youtube', false) with the banner
# unanswered; the opt-out regime's default must not grant the service
--- http_config
consent_regime opt-out default;
consent_category videos complianz:youtube;
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_functional=allow; cmplz_consented_services={"youtube":false}
--- response_body
rejected cookie necessary



=== TEST 75: Complianz: a member given twice, the more restrictive wins
# synthetic: the host's and the parent domain's copies disagree
--- http_config
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_statistics=allow; cmplz_marketing=allow; cmplz_preferences=allow; cmplz_statistics=deny
--- response_body
partial necessary,marketing,preferences



=== TEST 76: Complianz: a value other than allow or deny is malformed
# synthetic
--- http_config
consent_regime opt-out default;
consent_cookie cmplz_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: cmplz_statistics=allow; cmplz_marketing=yes
--- response_body
invalid invalid necessary
--- error_log
consent cookie "cmplz_" ignored: malformed



=== TEST 77: Complianz: another prefix, and the default one's cookies are not read
# cmplz_rt_ is the prefix Complianz uses on a multisite's main site
# (class-banner-loader.php, get_cookie_prefix())
--- http_config
consent_cookie cmplz_rt_ format=complianz;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: cmplz_statistics=allow; cmplz_marketing=allow; cmplz_rt_statistics=allow; cmplz_rt_marketing=deny; cmplz_rt_preferences=deny
--- response_body
partial necessary,analytics



=== TEST 78: Didomi: the example of Didomi's help centre, custom purpose and vendor mapped
--- http_config
consent_category analytics didomi:p4em9a8m;
consent_category videos didomi:vendor:c:googleana-h7Kc3e7Y;
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: didomi_token=eyJ1c2VyX2lkIjoiMTc4NDExNGMtZjhiMy02NTkwLWE2ZGYtYjlmYjI0MGJkZWE1IiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYW1hem9uIiwiZ29vZ2xlIiwiYzpyZXNlYXV4c28tVkZlcEtyTFIiLCJjOnBhcnRlbmFpcmUtWDlTRFdrZzIiLCJjOnBlcnNvbm5hbGktWDNWY3h6UkQiLCJjOmdvb2dsZWFuYS1oN0tjM2U3WSIsImM6cHVibGljaXRlLXRGUkY0ZDM5Il19LCJwdXJwb3NlcyI6eyJlbmFibGVkIjpbInA0ZW05YThtIiwicGFydGVuYWlyZS1jQXNEZThqQyIsIkNMLVQxUmdtNyIsIk05TlJISmUzRyIsInE0emxKcWRjRCJdfSwidmVuZG9yc19saSI6eyJlbmFibGVkIjpbImdvb2dsZSJdfSwidmVyc2lvbiI6Mn0=
--- response_body
partial cookie necessary,analytics,videos [1784114c-f8b3-6590-a6df-b9fb240bdea5]



=== TEST 79: Didomi: the same example with its '=' escaped, and a purpose absent from it
--- http_config
consent_category analytics didomi:p4em9a8m;
consent_category videos didomi:youtube;
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: didomi_token=eyJ1c2VyX2lkIjoiMTc4NDExNGMtZjhiMy02NTkwLWE2ZGYtYjlmYjI0MGJkZWE1IiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYW1hem9uIiwiZ29vZ2xlIiwiYzpyZXNlYXV4c28tVkZlcEtyTFIiLCJjOnBhcnRlbmFpcmUtWDlTRFdrZzIiLCJjOnBlcnNvbm5hbGktWDNWY3h6UkQiLCJjOmdvb2dsZWFuYS1oN0tjM2U3WSIsImM6cHVibGljaXRlLXRGUkY0ZDM5Il19LCJwdXJwb3NlcyI6eyJlbmFibGVkIjpbInA0ZW05YThtIiwicGFydGVuYWlyZS1jQXNEZThqQyIsIkNMLVQxUmdtNyIsIk05TlJISmUzRyIsInE0emxKcWRjRCJdfSwidmVuZG9yc19saSI6eyJlbmFibGVkIjpbImdvb2dsZSJdfSwidmVyc2lvbiI6Mn0%3D
--- response_body
partial necessary,analytics



=== TEST 80: Didomi: leboncoin.fr's token after "refuse all" (real, from a public repository)
--- http_config
consent_category analytics didomi:mesureaudience;
consent_category marketing didomi:personnalisationmarketing didomi:vendor:google;
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: didomi_token=eyJ1c2VyX2lkIjoiMTkxYmM0NTgtNTNmNS02NmM2LWIzMTMtODk1NTZkMjZmMWQ0IiwiY3JlYXRlZCI6IjIwMjQtMDktMDRUMDk6MDI6MzguMzk5WiIsInVwZGF0ZWQiOiIyMDI0LTA5LTA0VDA5OjAyOjM5Ljc1M1oiLCJ2ZW5kb3JzIjp7ImRpc2FibGVkIjpbImdvb2dsZSIsImM6bGJjZnJhbmNlIiwiYzpyZXZsaWZ0ZXItY1JwTW5wNXgiLCJjOnB1cnBvc2VsYS0zdzRaZktLRCIsImM6aW5mZWN0aW91cy1tZWRpYSIsImM6dHVyYm8iLCJjOmFkaW1vLVBoVVZtNkZFIiwiYzpnb29nbGVhbmEtNFRYbkppZ1IiLCJjOnVuZGVydG9uZS1UTGpxZFRwZiIsImM6bTZwdWJsaWNpLXRYVFlETkFjIiwiYzpyb2NrZXJib3gtZlRNOEVKOVAiLCJjOmFmZmlsaW5ldCIsImM6c3BvbmdlY2VsbC1ueXliQUtIMiIsImM6dGFpbHRhcmdlLW5HV1VuYXk3IiwiYzp0aWt0b2stcktBWURnYkgiLCJjOnphbm94LWFZWXo2elc0IiwiYzpwaW50ZXJlc3QiLCJjOmlnbml0aW9uby1MVkFNWmRuaiIsImM6ZGlkb21pIiwiYzpsYmNmcmFuY2UtSHkza1lNOUYiXX0sInB1cnBvc2VzIjp7ImRpc2FibGVkIjpbImV4cGVyaWVuY2V1dGlsaXNhdGV1ciIsIm1lc3VyZWF1ZGllbmNlIiwicGVyc29ubmFsaXNhdGlvbm1hcmtldGluZyIsInByaXgiLCJkZXZpY2VfY2hhcmFjdGVyaXN0aWNzIiwiY29tcGFyYWlzby1ZM1p5M1VFeCJdfSwidmVuZG9yc19saSI6eyJkaXNhYmxlZCI6WyJnb29nbGUiLCJjOnB1cnBvc2VsYS0zdzRaZktLRCIsImM6dHVyYm8iXX0sInZlcnNpb24iOjIsImFjIjoiQUFBQS5BQUFBIn0=
--- response_body
rejected cookie necessary [191bc458-53f5-66c6-b313-89556d26f1d4]



=== TEST 81: Didomi: the built-in mappings of Didomi's IDs of the IAB purposes (synthetic token)
--- http_config
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
require MIME::Base64;
"Cookie: didomi_token=" . MIME::Base64::encode_base64('{"user_id":"17a4d2c0-0000-6000-8000-000000000001","created":"2025-06-01T10:00:00.000Z","updated":"2025-06-01T10:00:00.000Z","purposes":{"enabled":["cookies","measure_content_performance","create_content_profile","select_personalized_content"],"disabled":["select_basic_ads","create_ads_profile","select_personalized_ads","measure_ad_performance"]},"version":2}', '')
--- response_body
partial necessary,analytics,preferences



=== TEST 82: Didomi: consent on a purpose that is disabled too, or given on legitimate interest only, grants nothing (synthetic token)
--- http_config
consent_category analytics didomi:audience;
consent_category videos didomi:vendor:c:youtube;
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
require MIME::Base64;
"Cookie: didomi_token=" . MIME::Base64::encode_base64('{"user_id":"17a4d2c0-0000-6000-8000-000000000001","updated":"2025-06-01T10:00:00.000Z","purposes":{"enabled":["audience"],"disabled":["audience"]},"vendors_li":{"enabled":["c:youtube"]},"version":2}', '')
--- response_body
rejected necessary



=== TEST 83: Didomi: older than consent_max_age
--- http_config
consent_category analytics didomi:p4em9a8m;
consent_cookie didomi_token format=didomi;
consent_max_age 30d;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: didomi_token=eyJ1c2VyX2lkIjoiMTc4NDExNGMtZjhiMy02NTkwLWE2ZGYtYjlmYjI0MGJkZWE1IiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYW1hem9uIiwiZ29vZ2xlIiwiYzpyZXNlYXV4c28tVkZlcEtyTFIiLCJjOnBhcnRlbmFpcmUtWDlTRFdrZzIiLCJjOnBlcnNvbm5hbGktWDNWY3h6UkQiLCJjOmdvb2dsZWFuYS1oN0tjM2U3WSIsImM6cHVibGljaXRlLXRGUkY0ZDM5Il19LCJwdXJwb3NlcyI6eyJlbmFibGVkIjpbInA0ZW05YThtIiwicGFydGVuYWlyZS1jQXNEZThqQyIsIkNMLVQxUmdtNyIsIk05TlJISmUzRyIsInE0emxKcWRjRCJdfSwidmVuZG9yc19saSI6eyJlbmFibGVkIjpbImdvb2dsZSJdfSwidmVyc2lvbiI6Mn0=
--- response_body
invalid expired necessary
--- error_log
consent cookie "didomi_token" ignored: expired by consent_max_age



=== TEST 84: Didomi: a value that is not base64 is malformed
--- http_config
consent_category analytics didomi:p4em9a8m;
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: didomi_token={"updated":"2025-06-01T10:00:00.000Z","purposes":{"enabled":["p4em9a8m"]}}
--- response_body
invalid invalid necessary
--- error_log
consent cookie "didomi_token" ignored: bad encoding



=== TEST 85: Didomi with euconsent-v2: the first consent_cookie present decides
--- http_config
consent_category analytics didomi:mesureaudience;
consent_cookie didomi_token format=didomi;
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11]) . "; didomi_token=eyJ1c2VyX2lkIjoiMTkxYmM0NTgtNTNmNS02NmM2LWIzMTMtODk1NTZkMjZmMWQ0IiwiY3JlYXRlZCI6IjIwMjQtMDktMDRUMDk6MDI6MzguMzk5WiIsInVwZGF0ZWQiOiIyMDI0LTA5LTA0VDA5OjAyOjM5Ljc1M1oiLCJ2ZW5kb3JzIjp7ImRpc2FibGVkIjpbImdvb2dsZSIsImM6bGJjZnJhbmNlIiwiYzpyZXZsaWZ0ZXItY1JwTW5wNXgiLCJjOnB1cnBvc2VsYS0zdzRaZktLRCIsImM6aW5mZWN0aW91cy1tZWRpYSIsImM6dHVyYm8iLCJjOmFkaW1vLVBoVVZtNkZFIiwiYzpnb29nbGVhbmEtNFRYbkppZ1IiLCJjOnVuZGVydG9uZS1UTGpxZFRwZiIsImM6bTZwdWJsaWNpLXRYVFlETkFjIiwiYzpyb2NrZXJib3gtZlRNOEVKOVAiLCJjOmFmZmlsaW5ldCIsImM6c3BvbmdlY2VsbC1ueXliQUtIMiIsImM6dGFpbHRhcmdlLW5HV1VuYXk3IiwiYzp0aWt0b2stcktBWURnYkgiLCJjOnphbm94LWFZWXo2elc0IiwiYzpwaW50ZXJlc3QiLCJjOmlnbml0aW9uby1MVkFNWmRuaiIsImM6ZGlkb21pIiwiYzpsYmNmcmFuY2UtSHkza1lNOUYiXX0sInB1cnBvc2VzIjp7ImRpc2FibGVkIjpbImV4cGVyaWVuY2V1dGlsaXNhdGV1ciIsIm1lc3VyZWF1ZGllbmNlIiwicGVyc29ubmFsaXNhdGlvbm1hcmtldGluZyIsInByaXgiLCJkZXZpY2VfY2hhcmFjdGVyaXN0aWNzIiwiY29tcGFyYWlzby1ZM1p5M1VFeCJdfSwidmVuZG9yc19saSI6eyJkaXNhYmxlZCI6WyJnb29nbGUiLCJjOnB1cnBvc2VsYS0zdzRaZktLRCIsImM6dHVyYm8iXX0sInZlcnNpb24iOjIsImFjIjoiQUFBQS5BQUFBIn0="
--- response_body
rejected necessary



=== TEST 86: Didomi with euconsent-v2: without didomi_token, the TC string decides
--- http_config
consent_category analytics didomi:mesureaudience;
consent_cookie didomi_token format=didomi;
consent_cookie euconsent-v2 format=tcf;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: euconsent-v2=" . main::tcf(purposes => [1 .. 11])
--- response_body
accepted necessary,analytics,marketing,preferences



=== TEST 87: Didomi: two copies (host and parent domain), the more restrictive wins (the second synthetic)
--- http_config
consent_category analytics didomi:p4em9a8m;
consent_category videos didomi:vendor:c:googleana-h7Kc3e7Y;
consent_cookie didomi_token format=didomi;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
require MIME::Base64;
"Cookie: didomi_token=eyJ1c2VyX2lkIjoiMTc4NDExNGMtZjhiMy02NTkwLWE2ZGYtYjlmYjI0MGJkZWE1IiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMzQ0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3JzIjp7ImVuYWJsZWQiOlsiYW1hem9uIiwiZ29vZ2xlIiwiYzpyZXNlYXV4c28tVkZlcEtyTFIiLCJjOnBhcnRlbmFpcmUtWDlTRFdrZzIiLCJjOnBlcnNvbm5hbGktWDNWY3h6UkQiLCJjOmdvb2dsZWFuYS1oN0tjM2U3WSIsImM6cHVibGljaXRlLXRGUkY0ZDM5Il19LCJwdXJwb3NlcyI6eyJlbmFibGVkIjpbInA0ZW05YThtIiwicGFydGVuYWlyZS1jQXNEZThqQyIsIkNMLVQxUmdtNyIsIk05TlJISmUzRyIsInE0emxKcWRjRCJdfSwidmVuZG9yc19saSI6eyJlbmFibGVkIjpbImdvb2dsZSJdfSwidmVyc2lvbiI6Mn0=; didomi_token="
. MIME::Base64::encode_base64('{"user_id":"1784114c-f8b3-6590-a6df-b9fb240bdea5","created":"2021-03-17T16:46:32.344Z","updated":"2021-03-18T09:00:00.000Z","vendors":{"enabled":["c:googleana-h7Kc3e7Y"]},"purposes":{"disabled":["p4em9a8m"]},"version":2}', '')
--- response_body
partial necessary,videos
