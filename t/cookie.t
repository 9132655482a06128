# The native consent cookie and the Cookie header scanner, through nginx.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: no cookie: opt-in regime, nothing optional granted
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_analytics$consent_marketing$consent_preferences$consent_necessary [$consent_id] $consent_cache_key\n";
}
--- request
GET /t
--- response_body
unset regime necessary 0001 [] 1u



=== TEST 2: native cookie granting analytics only
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_analytics$consent_marketing$consent_preferences [$consent_id] $consent_cache_key\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
partial cookie necessary,analytics 100 [k3J9xQ2mPq] 3



=== TEST 3: native cookie granting marketing only
--- config
location /t {
    return 200 "$consent_granted $consent_analytics$consent_marketing$consent_preferences\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
necessary,marketing 010



=== TEST 4: native cookie granting preferences only
--- config
location /t {
    return 200 "$consent_granted $consent_analytics$consent_marketing$consent_preferences\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.preferences.k3J9xQ2mPq
--- response_body
necessary,preferences 001



=== TEST 5: native cookie accepting everything
--- config
location /t {
    return 200 "$consent_state $consent_granted $consent_cache_key\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted necessary,analytics,marketing,preferences f



=== TEST 6: native cookie rejecting everything
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted $consent_cache_key [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq
--- response_body
rejected cookie necessary 1 [k3J9xQ2mPq]



=== TEST 7: a declared category, granted by its own name
--- http_config
consent_category videos;
--- config
location /t {
    return 200 "$consent_state $consent_granted $consent_videos\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
partial necessary,analytics,marketing,preferences 0



=== TEST 8: a declared category, accepted with everything else
--- http_config
consent_category videos;
--- config
location /t {
    return 200 "$consent_state $consent_granted $consent_videos\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.videos+analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted necessary,analytics,marketing,preferences,videos 1



=== TEST 9: an unknown name in the cookie grants nothing and is no error
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.videos+analytics.k3J9xQ2mPq
--- response_body
partial necessary,analytics
--- no_error_log
ignored



=== TEST 10: malformed cookie grants nothing, logged at info with name and reason, never the value
--- config
location /t {
    return 200 "$consent_state $consent_source $consent_granted [$consent_id]\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ!
--- response_body
invalid invalid necessary []
--- error_log
consent cookie "consent" ignored: malformed
--- no_error_log
k3J9xQ
client: 127.0.0.1



=== TEST 11: unknown cookie version grants nothing
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers
Cookie: consent=2.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
invalid necessary
--- error_log
consent cookie "consent" ignored: unknown version



=== TEST 12: truncated cookie grants nothing
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics
--- response_body
invalid necessary



=== TEST 13: empty cookie value is malformed
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=
--- response_body
invalid necessary



=== TEST 14: oversized cookie grants nothing
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: consent=1.1732350000.0." . ("analytics+" x 120) . "analytics.k3J9xQ2mPq"
--- response_body
invalid necessary
--- error_log
consent cookie "consent" ignored: too long



=== TEST 15: quoted cookie value
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent="1.1732350000.0.analytics.k3J9xQ2mPq"
--- response_body
partial necessary,analytics



=== TEST 16: the consent cookie in the second of two Cookie headers
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: a=1; b=2
Cookie: c=3; consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
partial necessary,marketing



=== TEST 17: a comma does not separate cookies
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: note=x,consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
unset necessary



=== TEST 18: cookie names are case-sensitive
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: Consent=1.1732350000.0.analytics.k3J9xQ2mPq; CONSENT=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
unset necessary



=== TEST 19: two copies that disagree: the more restrictive wins
--- config
location /t {
    return 200 "$consent_state $consent_granted [$consent_id]\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq; consent=1.1732350000.0.marketing+preferences.AAAAAAAAAA
--- response_body
partial necessary,marketing [k3J9xQ2mPq]



=== TEST 20: two copies in two headers, one rejecting everything
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq
--- response_body
rejected necessary



=== TEST 21: one malformed copy makes the cookie invalid
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq; consent=junk
--- response_body
invalid necessary



=== TEST 22: more than 8 copies: invalid
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: " . join("; ", ("consent=1.1732350000.0.analytics.k3J9xQ2mPq") x 9)
--- response_body
invalid necessary
--- error_log
consent cookie "consent" ignored: too many copies



=== TEST 23: 1,000 other cookies before the consent cookie
--- config
large_client_header_buffers 4 64k;
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers eval
"Cookie: " . join("; ", map { "c$_=$_" } 1 .. 1000) . "; consent=1.1732350000.0.analytics.k3J9xQ2mPq"
--- response_body
partial necessary,analytics



=== TEST 24: more cookies in one header than the scanner reads: fail closed
--- config
large_client_header_buffers 4 64k;
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- log_level: info
--- request
GET /t
--- more_headers eval
"Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq; " . join(";", ("a=") x 1100)
--- response_body
invalid necessary
--- error_log
consent: a Cookie header with more than 1024 cookies, consent ignored



=== TEST 25: junk around the cookie: empty names, bare words, ;;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: ;;=x; bare; name=; consent=1.1732350000.0.preferences.k3J9xQ2mPq;;
--- response_body
partial necessary,preferences



=== TEST 26: percent escapes are not part of the native grammar
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics%2Bmarketing.k3J9xQ2mPq
--- response_body
invalid necessary



=== TEST 27: consent_cookie with another name
--- config
consent_cookie my_consent;
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq; my_consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
partial necessary,marketing



=== TEST 28: several consent cookies: the first configured that is present decides
--- config
consent_cookie first;
consent_cookie second;
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: second=1.1732350000.0.marketing.k3J9xQ2mPq; first=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
partial necessary,analytics



=== TEST 29: several consent cookies: a later one decides when the first is absent
--- config
consent_cookie first;
consent_cookie second;
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: second=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
partial necessary,marketing



=== TEST 30: several consent cookies: a malformed first one is not skipped
--- config
consent_cookie first;
consent_cookie second;
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: first=x; second=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
invalid necessary



=== TEST 31: consent_cookie in a location replaces the inherited list
--- http_config
consent_cookie outer;
--- config
location /t {
    consent_cookie inner;
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: outer=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
unset necessary



=== TEST 32: consent_cookie inherited from http
--- http_config
consent_cookie outer;
--- config
location /t {
    return 200 "$consent_state $consent_granted\n";
}
--- request
GET /t
--- more_headers
Cookie: outer=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
partial necessary,analytics
