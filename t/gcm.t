# Google Consent Mode v2: $consent_gcm, the JSON object of the seven consent
# types that gtag('consent', 'default' | 'update', ...) takes, and
# consent_gcm, which says where each type comes from.  The bodies are
# compared byte for byte: the key order is documented, and a wrong length
# would show as missing or stray bytes.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

run_tests();

__DATA__

=== TEST 1: no decision, opt-in regime: only security_storage is granted
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- response_body
unset {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}
--- no_error_log
[error]



=== TEST 2: no decision, opt-out regime: every type is granted
--- http_config
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- response_body
unset {"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 3: no decision, opt-out regime, Sec-GPC: 1: the ad types are denied
--- http_config
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Sec-GPC: 1
--- response_body
unset {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 4: accepted: every type is granted
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
accepted {"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 5: rejected, in an opt-out regime: the decision wins over the regime
--- http_config
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq
--- response_body
rejected {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}



=== TEST 6: partial, analytics only
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
partial {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}



=== TEST 7: partial, marketing and preferences
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing+preferences.k3J9xQ2mPq
--- response_body
partial {"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"denied","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 8: accepted with Sec-GPC: 1: the ad types are denied
--- config
location /t {
    return 200 "$consent_source $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
--- response_body
signal {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 9: accepted with DNT: 1: the ad types and analytics_storage are denied
--- config
location /t {
    return 200 "$consent_source $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
DNT: 1
--- response_body
signal {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 10: signals that consent_signals turns off veto nothing here either
--- config
location /t {
    consent_signals off;
    return 200 "$consent_source $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
Sec-GPC: 1
DNT: 1
--- response_body
cookie {"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 11: a cookie that cannot be read grants nothing
--- http_config
consent_regime opt-out default;
--- config
location /t {
    return 200 "$consent_state $consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=2.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
invalid {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}



=== TEST 12: a type remapped to a declared category, another to a built-in
--- http_config
consent_category videos;
--- config
location /t {
    consent_gcm personalization_storage=videos ad_user_data=analytics;
    return 200 "$consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics+videos.k3J9xQ2mPq
--- response_body
{"ad_storage":"denied","ad_user_data":"granted","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"granted","security_storage":"granted"}



=== TEST 13: the remapped type follows its category, not its default one
--- http_config
consent_category videos;
--- config
location /t {
    consent_gcm personalization_storage=videos ad_user_data=analytics;
    return 200 "$consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing+preferences.k3J9xQ2mPq
--- response_body
{"ad_storage":"granted","ad_user_data":"denied","ad_personalization":"granted","analytics_storage":"denied","functionality_storage":"granted","personalization_storage":"denied","security_storage":"granted"}



=== TEST 14: the constants granted and denied, whatever the decision
--- config
location /t {
    consent_gcm functionality_storage=granted security_storage=denied
                ad_personalization=denied;
    return 200 "$consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
{"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"granted","personalization_storage":"denied","security_storage":"denied"}



=== TEST 15: "necessary" is always granted, as "granted" is
--- config
location /t {
    consent_gcm analytics_storage=necessary;
    return 200 "$consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq
--- response_body
{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}



=== TEST 16: inherited: http and location each name one type, the rest default
--- http_config
consent_gcm analytics_storage=marketing;
--- config
location /t {
    consent_gcm ad_storage=denied;
    return 200 "$consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing+preferences.k3J9xQ2mPq
--- response_body
{"ad_storage":"denied","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"granted","functionality_storage":"granted","personalization_storage":"granted","security_storage":"granted"}



=== TEST 17: inherited: a location that names nothing takes its server's
--- http_config
consent_gcm analytics_storage=marketing;
--- config
location /t {
    location /t/inner {
        return 200 "$consent_gcm\n";
    }
}
--- server_config
consent_gcm functionality_storage=denied;
--- request
GET /t/inner
--- more_headers
Cookie: consent=1.1732350000.0.marketing+preferences.k3J9xQ2mPq
--- response_body
{"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"granted","security_storage":"granted"}



=== TEST 18: a second server without consent_gcm takes the http level's
--- http_config
consent_gcm analytics_storage=marketing;
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        consent_gcm ad_storage=denied;
    }
}
--- config
location /t {
    return 200 "$consent_gcm\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.marketing.k3J9xQ2mPq
--- response_body
{"ad_storage":"granted","ad_user_data":"granted","ad_personalization":"granted","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}



=== TEST 19: the value is built once per request, however often it is used
--- config
location /t {
    set $gcm $consent_gcm;
    return 200 "$consent_gcm $gcm $consent_gcm\n";
}
--- request
GET /t
--- response_body eval
my $j = '{"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"denied","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"}';
"$j $j $j\n"
--- error_log eval
[qr/consent gcm: \{"ad_storage":"denied"/, qr/\A(?![\s\S]*consent gcm:[\s\S]*consent gcm:)/]



=== TEST 20: the page's Google tag gets its state through SSI
--- config
location / {
    ssi on;
}
--- user_files
>>> index.html
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('consent', 'default', <!--# echo var="consent_gcm" encoding="none" -->);
</script>
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq
Sec-GPC: 1
--- response_body
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('consent', 'default', {"ad_storage":"denied","ad_user_data":"denied","ad_personalization":"denied","analytics_storage":"granted","functionality_storage":"denied","personalization_storage":"denied","security_storage":"granted"});
</script>



=== TEST 21: consent_gcm where nothing asks for $consent_gcm evaluates nothing
--- http_config
consent_gcm ad_storage=analytics;
--- config
location /t {
    return 200 "ok\n";
}
--- request
GET /t
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
ok
--- no_error_log
consent: granted
consent gcm:



=== TEST 22: consent_gcm without parameters
--- config
location /t {
    consent_gcm;
}
--- must_die
--- error_log
invalid number of arguments in "consent_gcm" directive
--- must_die_line: config:2



=== TEST 23: an unknown consent type
--- http_config
consent_gcm ad_storage=marketing ads_storage=marketing;
--- must_die
--- error_log
unknown Consent Mode type "ads_storage"
--- must_die_line: http_config:1



=== TEST 24: an unknown category
--- config
location /t {
    consent_gcm analytics_storage=statistics;
}
--- must_die
--- error_log
unknown consent category "statistics"
--- must_die_line: config:2



=== TEST 25: a category declared after consent_gcm is unknown to it
--- http_config
consent_gcm personalization_storage=videos;
consent_category videos;
--- must_die
--- error_log
unknown consent category "videos"
--- must_die_line: http_config:1



=== TEST 26: a type given twice
--- config
location /t {
    consent_gcm ad_storage=marketing analytics_storage=analytics
                ad_storage=denied;
}
--- must_die
--- error_log
Consent Mode type "ad_storage" is duplicate
--- must_die_line: config:3



=== TEST 27: consent_gcm twice on one level
--- server_config
consent_gcm ad_storage=marketing;
consent_gcm analytics_storage=analytics;
--- must_die
--- error_log
"consent_gcm" directive is duplicate
--- must_die_line: server_config:2



=== TEST 28: a parameter without "="
--- config
location /t {
    consent_gcm ad_storage;
}
--- must_die
--- error_log
invalid parameter "ad_storage", use TYPE=CATEGORY|granted|denied
--- must_die_line: config:2



=== TEST 29: a parameter without a value
--- config
location /t {
    consent_gcm ad_storage=;
}
--- must_die
--- error_log
invalid parameter "ad_storage="
--- must_die_line: config:2



=== TEST 30: a parameter without a type
--- http_config
consent_gcm =granted;
--- must_die
--- error_log
invalid parameter "=granted"
--- must_die_line: http_config:1



=== TEST 31: a type's name is case-sensitive, as gtag's is
--- http_config
consent_gcm AD_STORAGE=denied;
--- must_die
--- error_log
unknown Consent Mode type "AD_STORAGE"
--- must_die_line: http_config:1



=== TEST 32: a category named gcm would hide $consent_gcm
--- http_config
consent_category gcm;
--- must_die
--- error_log
consent category "gcm" would hide the variable "$consent_gcm"
--- must_die_line: http_config:1
