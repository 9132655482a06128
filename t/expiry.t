# consent_revision and consent_max_age.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: a cookie of the current revision
--- config
consent_revision 3;
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.3.analytics.k3J9xQ2mPq
--- response_body
partial cookie necessary,analytics



=== TEST 2: a cookie of a newer revision still counts
--- config
consent_revision 3;
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.4.analytics.k3J9xQ2mPq
--- response_body
partial cookie necessary,analytics



=== TEST 3: a cookie of an older revision grants nothing
--- config
consent_revision 3;
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id] $consent_cache_key\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.2.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
invalid expired necessary [] 1u
--- error_log
consent cookie "consent" ignored: older policy revision



=== TEST 4: consent_revision in a location overrides http
--- http_config
consent_revision 5;
--- config
location /t {
    consent_revision 1;
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.2.analytics.k3J9xQ2mPq
--- response_body
cookie necessary,analytics



=== TEST 5: consent_max_age: a fresh decision counts
--- config
consent_max_age 1h;
location /t {
    return 200 "$consent_source $consent_granted\n";
}
--- request eval
"GET /t"
--- more_headers eval
"Cookie: consent=1." . (time() - 60) . ".0.analytics.k3J9xQ2mPq"
--- response_body
cookie necessary,analytics



=== TEST 6: consent_max_age: an old decision grants nothing
--- config
consent_max_age 1h;
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- more_headers eval
"Cookie: consent=1." . (time() - 7200) . ".0.analytics.k3J9xQ2mPq"
--- request
GET /t
--- response_body
invalid expired necessary
--- error_log
consent cookie "consent" ignored: expired by consent_max_age



=== TEST 7: consent_max_age: a decision from the future is invalid
--- config
consent_max_age 1h;
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- log_level: info
--- more_headers eval
"Cookie: consent=1." . (time() + 3 * 86400) . ".0.analytics.k3J9xQ2mPq"
--- request
GET /t
--- response_body
invalid invalid necessary
--- error_log
consent cookie "consent" ignored: decision time in the future



=== TEST 8: consent_max_age off: any age counts
--- http_config
consent_max_age 1h;
--- config
location /t {
    consent_max_age off;
    return 200 "$consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1000000000.0.analytics.k3J9xQ2mPq
--- response_body
cookie necessary,analytics



=== TEST 9: an expired copy beside a fresh one: expired
--- config
consent_max_age 1d;
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: consent=1." . (time() - 60) . ".0.analytics.k3J9xQ2mPq; consent=1.1000000000.0.analytics.k3J9xQ2mPq"
--- response_body
invalid expired necessary



=== TEST 10: expired consent and DNT: source stays expired, nothing more to veto
--- config
consent_revision 9;
location /t {
    return 200 "$consent_state $consent_source $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.2.analytics.k3J9xQ2mPq
DNT: 1
--- response_body
invalid expired necessary
