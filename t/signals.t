# Privacy signals: Do Not Track and Global Privacy Control.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: DNT: 1 vetoes analytics and marketing of an accepting cookie
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted dnt=$consent_dnt gpc=$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
DNT: 1
--- response_body
accepted signal necessary,preferences dnt=1 gpc=0



=== TEST 2: X-Do-Not-Track: 1 is Do Not Track too
--- config
location /t {
    return 200 "$consent_source $consent_granted dnt=$consent_dnt\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
X-Do-Not-Track: 1
--- response_body
signal necessary,preferences dnt=1



=== TEST 3: DNT: 0 is no signal
--- config
location /t {
    return 200 "$consent_source $consent_granted dnt=$consent_dnt\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
DNT: 0
--- response_body
cookie necessary,analytics,marketing,preferences dnt=0



=== TEST 4: Sec-GPC: 1 vetoes marketing
--- config
location /t {
    return 200 "$consent_source $consent_granted gpc=$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
--- response_body
signal necessary,analytics,preferences gpc=1



=== TEST 5: Sec-GPC: 11 is no signal
--- config
location /t {
    return 200 "$consent_source $consent_granted gpc=$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 11
--- response_body
cookie necessary,analytics,marketing,preferences gpc=0



=== TEST 6: Sec-GPC: true, 0 and empty are no signal
--- config
location /t {
    return 200 "$consent_source $consent_granted gpc=$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: true
Sec-GPC: 0
Sec-GPC:
--- response_body
cookie necessary,analytics,marketing,preferences gpc=0



=== TEST 7: any of several Sec-GPC headers being 1 is the signal
--- config
location /t {
    return 200 "$consent_source $consent_granted gpc=$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 0
Sec-GPC: 1
--- response_body
signal necessary,analytics,preferences gpc=1



=== TEST 8: both signals
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_dnt$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
DNT: 1
--- response_body
accepted signal necessary,preferences 11



=== TEST 9: a signal that denies nothing more is not the source
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_dnt\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.preferences.k3J9xQ2mPq
DNT: 1
--- response_body
partial cookie necessary,preferences 1



=== TEST 10: signals never grant: no cookie, DNT: 1
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_dnt\n";
}
--- request
GET /t
--- more_headers
DNT: 1
--- response_body
unset regime necessary 1



=== TEST 11: consent_signals off: signals reported, not enforced
--- config
location /t {
    consent_signals off;
    return 200 "$consent_source $consent_granted $consent_dnt$consent_gpc\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
DNT: 1
--- response_body
cookie necessary,analytics,marketing,preferences 11



=== TEST 12: consent_signals with only gpc: DNT vetoes nothing
--- config
location /t {
    consent_signals gpc=marketing,preferences;
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
DNT: 1
--- response_body
signal necessary,analytics



=== TEST 13: consent_signals with a declared category
--- http_config
consent_category videos;
consent_signals dnt=videos;
--- config
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+videos.k3J9xQ2mPq
DNT: 1
--- response_body
signal necessary,analytics



=== TEST 14: consent_signals inherited from server into location
--- config
consent_signals dnt=preferences;
location /t {
    return 200 "$consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
DNT: 1
--- response_body
necessary,analytics,marketing
