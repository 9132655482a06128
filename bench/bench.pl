#!/usr/bin/perl

# The benchmark behind "make bench": what the module costs per request,
# against the same nginx doing nothing (a) and against stock nginx parts
# doing the same job (b: Debian's geoip2 module, regex maps on the Cookie
# header and the address, sub_filter).
#
# One nginx, three servers that share the process and the time window:
#
#   a  bare      return 200, static pages, a plain proxy
#   b  stock     the same answers from geoip2 + maps + sub_filter
#   c  module    the same answers from ngx_consent_module
#
# Figures:
#
#   instr/req    callgrind: nginx (master_process off) answers N1 and then
#                N2 requests on one keep-alive connection; the difference
#                divided by N2 - N1 cancels start-up.  Deterministic: this
#                is the figure that decides.
#   instr/byte   the same for the HTML pages, over the bare static file
#   req/s, CPU   wrk, median of 5 runs, and the worker's CPU time per
#                request from /proc; supporting figures only (noisy)
#
# usage: bench/bench.pl [--quick] [--no-wrk] [--only REGEX] [--keep DIR]
#
#   --quick      one short scenario, no wrk: the smoke run of "make test"
#   --no-wrk     callgrind only
#   --only RE    the rows whose name matches RE
#   --keep DIR   keep the callgrind outputs there, for callgrind_annotate
#
# TEST_NGINX_BINARY and TEST_NGINX_MODULE name the nginx and the module, as
# for the tests (default /usr/sbin/nginx, build/ngx_http_consent_module.so).
#
# Needs valgrind, wrk, Debian's libnginx-mod-http-geoip2 and a country
# database (geoip/GeoLite2-Country.mmdb; "make bench" installs them all).

use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Path qw(make_path);
use File::Temp qw(tempdir);
use Getopt::Long;
use IO::Socket::INET;
use POSIX qw(WNOHANG);
use Time::HiRes qw(sleep time);


my $ROOT = abs_path(dirname(abs_path(__FILE__)) . '/..');

# the binary and the module as the test suite takes them (t/README.md);
# never from NGINX, which nginx itself reads as its inherited sockets: an
# NGINX left in the environment would break its start, so it is dropped

my $NGINX = $ENV{TEST_NGINX_BINARY} || '/usr/sbin/nginx';
my $SO = $ENV{TEST_NGINX_MODULE} || "$ROOT/build/ngx_http_consent_module.so";

delete $ENV{NGINX};
my $GEOIP2 = $ENV{GEOIP2_MODULE}
             // '/usr/lib/nginx/modules/ngx_http_geoip2_module.so';
my $DB = $ENV{BENCH_DB} // "$ROOT/geoip/GeoLite2-Country.mmdb";

my ($quick, $no_wrk, $only, $keep) = (0, 0, undef, undef);

GetOptions('quick' => \$quick, 'no-wrk' => \$no_wrk, 'only=s' => \$only,
           'keep=s' => \$keep)
    or die "usage: bench/bench.pl [--quick] [--no-wrk] [--only REGEX] "
           . "[--keep DIR]\n";

make_path($keep) if defined $keep;

$no_wrk = 1 if $quick;

my ($N1, $N2) = $quick ? (20, 60) : (1000, 3000);
my ($H1, $H2) = $quick ? (4, 12) : (40, 120);      # HTML pages, 100 KB each
my $WRK_RUNS = 5;
my $WRK_SECONDS = 3;

for ([ $NGINX, 'nginx' ], [ $SO, 'the module (make)' ],
     [ $GEOIP2, 'libnginx-mod-http-geoip2' ], [ $DB, 'the database' ])
{
    -e $_->[0] or die "bench: $_->[0] is missing ($_->[1])\n";
}


my $tmp = tempdir('consent-bench-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $tmp;
make_path(map { "$tmp/$_" } qw(conf logs html));


# --- what the clients send -------------------------------------------------

# 10,000 client addresses, seeded: 90% IPv4, 10% IPv6

srand(20251123);

my @ADDR = map {
    rand() < 0.1
        ? sprintf('2a%02x:%x:%x:%x::%x', int(rand(16)), int(rand(65536)),
                  int(rand(65536)), int(rand(65536)), int(rand(65536)))
        : join('.', 1 + int(rand(222)), map { int(rand(256)) } 1 .. 3)
} 1 .. 10000;

# a TC string of 305 characters: 8 purposes, about 170 vendors with consent
# and 60 with legitimate interest, encoded by @iabtcf/core 1.5.6

my $TC = 'CQSU_AAQSU_AAAKACBENEsFgAPPAAEPAAAYgFxkCjhCAKEEAQSBMm0JgoFACBBBGMCBB'
    . 'eIpUkawGAIAAAAAYwAHACAKDEZIAECAgAMCrxECJHBgBjAEwBUcpCAACAkCQKIYLCwIA'
    . 'ASIJVNEAAAaBcMEBAFIYAAZIk4FxgCBAAQAAAAQQAJkAAAAAAAAAAAAAQAAAABAY8EBA'
    . 'CAAAAAAABAAACEIBAAACQAEgAAAAABABgAgAAAAACAACCQAAAAAAAIAAAIAgAoKBEAAA'
    . 'CAQAAAEgIAAAAEAIAAAA.YAAAAAAAAAAA';

my $NATIVE = 'consent=1.' . (int(time()) - 86400) . '.0.analytics.k3J9xQ2mPq';

# 20 cookies of about 1.5 KB: trackers, a session, preferences; no consent

my @TWENTY = (
    '_ga=GA1.1.1234567890.1732350000',
    '_ga_ABC123DEF4=GS1.1.1732350000.4.1.1732350300.0.0.0',
    '_gid=GA1.1.987654321.1732350000',
    '_gcl_au=1.1.1234567890.1732350000',
    '_fbp=fb.1.1732350000000.1234567890',
    '_hjSessionUser_1234567=' . ('eyJpZCI6IjEyMzQ1Njc4OTAiLCJjcmVhdGVkIjoxNzMyMzUwMDAwfQ' x 2),
    '_hjSession_1234567=' . ('eyJpZCI6ImFiY2RlZiIsImMiOjE3MzIzNTAwMDB9' x 2),
    '_clck=abcdefgh%7C2%7Cfqx%7C0%7C1790',
    '_clsk=xyz123%7C1732350300%7C1%7C1%7Cz.clarity.ms%2Fcollect',
    'ajs_anonymous_id=%22' . ('a1b2c3d4-' x 4) . '%22',
    'mp_0123456789abcdef_mixpanel=' . ('%7B%22distinct_id%22%3A%22x%22%7D' x 3),
    'session=' . ('s3cr3tS3ssion' x 8),
    'csrftoken=' . ('Tok3n' x 12),
    'lang=en-GB',
    'theme=dark',
    'cart=' . ('item%3D42%26qty%3D1%7C' x 6),
    'recently_viewed=' . ('1234%2C' x 20),
    'tz=Europe%2FLondon',
    'ab_test=variant_b_' . ('x' x 40),
    'last_visit=1732350000',
);

my $TWENTY = join('; ', @TWENTY);

# the consent platforms' own cookies, each beside _ga, as the fixtures of
# t/ have them (where each comes from is said beside it); the rows "fmt ..."
# evaluate $consent_analytics from one of them

my $GA = '_ga=GA1.1.1004982678.1726987624';

my %PLATFORM = (

    # t/unit/test_cookieconsent.c, V3: the example of cookieconsent v3's
    # cookie, encodeURIComponent'd as v3 writes it

    cookieconsent => 'cc_cookie=' . uri('{"categories":["necessary",'
        . '"analytics"],"revision":0,"data":null,"consentTimestamp":'
        . '"2025-06-01T10:00:00.000Z","consentId":'
        . '"14b6c0a2-9f0e-4c1b-9a51-6f7d3c2e8a10","services":{"necessary":'
        . '[],"analytics":[]},"languageCode":"en","lastConsentTimestamp":'
        . '"2025-06-01T10:00:00.000Z","expirationTime":1764410400000}'),

    # t/formats.t, TEST 8: Klaro's shape (encodeURIComponent of an object
    # of services), services of the test's own (synthetic names)

    klaro => 'klaro='
        . uri('{"matomo":true,"youtube":false,"adsense":false}'),

    # t/unit/test_cookiebot.c, EXAMPLE, in the wire form of that test
    # (as Cookiebot writes it: ', ", comma, space and \ escaped)

    cookiebot => 'CookieConsent=' . cbwire("{stamp:'k3J9xQ2mPq+/AbCdEfGh"
        . "1234567890ZyXwVuTsRqPoNmLkJiHg==',necessary:true,preferences:"
        . "false,statistics:true,marketing:false,method:'explicit',ver:1,"
        . "utc:1741015397474,region:'de'}"),

    # t/formats.t, TEST 14: OptanonConsent as OneTrust writes it

    onetrust => 'OptanonConsent=isGpcEnabled=0&datestamp=Thu+Nov+21+2024+'
        . '10%3A00%3A00+GMT%2B0100&version=202209.1.0&consentId=7f3c2a10-'
        . 'aaaa-bbbb-cccc-0123456789ab&interactionCount=1&groups=C0001%3A1'
        . '%2CC0002%3A1%2CC0003%3A0%2CC0004%3A1%2CC0005%3A1&geolocation='
        . 'AT%3B9&AwaitingReconsent=false',

    # the 305-character TC string of this bench and of t/unit/test_tcf.c
    # (LONG), written by @iabtcf/core 1.5.6

    tcf => "euconsent-v2=$TC",

    # t/unit/test_usprivacy.c: the specification's example

    usprivacy => 'usprivacy=1YNN',

    # t/unit/test_gpp.c: OTGPPConsent as OneTrust's CMP writes it

    gpp => 'OTGPPConsent=DBABLA~BVQVAAAAAgA.QA',

    # t/formats.t, TEST 53: Borlabs Cookie 2 on kreativ-welt.crnd.de

    borlabs => 'borlabs-cookie=%7B%22consents%22%3A%7B%22essential%22%3A%5B'
        . '%22borlabs-cookie%22%5D%2C%22statistics%22%3A%5B%22google-'
        . 'analytics%22%5D%2C%22marketing%22%3A%5B%22google-adsense%22%2C'
        . '%22facebook-pixel%22%5D%2C%22external-media%22%3A%5B%22facebook'
        . '%22%2C%22googlemaps%22%2C%22youtube%22%5D%7D%2C%22domainPath%22'
        . '%3A%22kreativ-welt.crnd.de%2F%22%2C%22expires%22%3A%22Sat%2C%20'
        . '18%20Feb%202023%2009%3A06%3A19%20GMT%22%2C%22uid%22%3A%22mnep763s'
        . '-rd6x72ar-cp4vilgp-78z4hijv%22%2C%22version%22%3A%222%22%7D',

    # t/formats.t, TEST 59: Axeptio's SDK, encodeURIComponent

    axeptio => 'axeptio_cookies=%7B%22%24%24token%22%3A%22JGM06qQmvM.z2y2adAv'
        . '5K3KjUJ%22%2C%22%24%24date%22%3A%222025-11-30T10%3A43%3A27.182Z'
        . '%22%2C%22%24%24cookiesVersion%22%3A%7B%22name%22%3A%22en%22%2C%22'
        . 'identifier%22%3A%2266f42241ea82808f5cae18a6%22%7D%2C%22%24%24scope'
        . '%22%3A%22persistent%22%2C%22%24%24duration%22%3A190%2C%22%24%24'
        . 'completed%22%3Atrue%2C%22facebook_pixel%22%3Atrue%2C%22cloudflare'
        . '%22%3Atrue%2C%22CloudFlare%22%3Atrue%2C%22vimeo%22%3Atrue%2C%22'
        . 'google_analytics%22%3Atrue%2C%22effinity%22%3Atrue%2C%22optomaton'
        . '_ug%22%3Atrue%2C%22sojern%22%3Atrue%2C%22spotad%22%3Atrue%2C%22'
        . 'mediamath%22%3Atrue%2C%22widespace%22%3Atrue%2C%22adsense%22%3A'
        . 'true%2C%22getquanty%22%3Atrue%2C%22GetQuanty%22%3Atrue%2C%22'
        . 'oct8ne%22%3Atrue%2C%22snapengage%22%3Atrue%2C%22fastbase%22%3A'
        . 'true%2C%22shiny_stat%22%3Atrue%7D',

    # t/formats.t, TEST 64: albionmarket.gg's cookieyes-consent

    cookieyes => 'cookieyes-consent=consentid:OHNOck5kY2gzQjJ6UFlmN2dPUGFk'
        . 'ZjVNM2hWRm9lZU4,consent:yes,action:yes,necessary:yes,functional:'
        . 'yes,analytics:yes,performance:yes,advertisement:yes',

    # t/formats.t, TEST 70: Complianz's cmplz_accept_all()

    complianz => 'cmplz_banner-status=dismissed; cmplz_consented_services=; '
        . 'cmplz_policy_id=14; cmplz_functional=allow; cmplz_preferences='
        . 'allow; cmplz_statistics=allow; cmplz_marketing=allow',

    # t/formats.t, TEST 77: the example of Didomi's help centre, btoa()'d
    # as Didomi's SDK writes it

    didomi => 'didomi_token=eyJ1c2VyX2lkIjoiMTc4NDExNGMtZjhiMy02NTkwLWE2ZG'
        . 'YtYjlmYjI0MGJkZWE1IiwiY3JlYXRlZCI6IjIwMjEtMDMtMTdUMTY6NDY6MzIuMz'
        . 'Q0WiIsInVwZGF0ZWQiOiIyMDIxLTAzLTE3VDE2OjQ2OjMyLjM0NFoiLCJ2ZW5kb3'
        . 'JzIjp7ImVuYWJsZWQiOlsiYW1hem9uIiwiZ29vZ2xlIiwiYzpyZXNlYXV4c28tVk'
        . 'ZlcEtyTFIiLCJjOnBhcnRlbmFpcmUtWDlTRFdrZzIiLCJjOnBlcnNvbm5hbGktWD'
        . 'NWY3h6UkQiLCJjOmdvb2dsZWFuYS1oN0tjM2U3WSIsImM6cHVibGljaXRlLXRGUk'
        . 'Y0ZDM5Il19LCJwdXJwb3NlcyI6eyJlbmFibGVkIjpbInA0ZW05YThtIiwicGFydG'
        . 'VuYWlyZS1jQXNEZThqQyIsIkNMLVQxUmdtNyIsIk05TlJISmUzRyIsInE0emxKcW'
        . 'RjRCJdfSwidmVuZG9yc19saSI6eyJlbmFibGVkIjpbImdvb2dsZSJdfSwidmVyc2'
        . 'lvbiI6Mn0=',
);

# the name each format's cookie has, as consent_cookie takes it

my %PLATFORM_NAME = (
    native => 'consent', cookieconsent => 'cc_cookie', klaro => 'klaro',
    cookiebot => 'CookieConsent', onetrust => 'OptanonConsent',
    tcf => 'euconsent-v2', usprivacy => 'usprivacy', gpp => 'OTGPPConsent',
    borlabs => 'borlabs-cookie', axeptio => 'axeptio_cookies',
    cookieyes => 'cookieyes-consent', complianz => 'cmplz_',
    didomi => 'didomi_token',
);

my @FORMATS = qw(native cookieconsent klaro cookiebot onetrust tcf usprivacy
                 gpp borlabs axeptio cookieyes complianz didomi);

$PLATFORM{native} = $NATIVE;

my %COOKIES = (
    none   => '',
    native => $NATIVE,
    tcf    => "euconsent-v2=$TC",
    gpp    => '_ga=GA1.1.1004982678.1726987624; '
              . 'OTGPPConsent=DBABLA~BVQVAAAAAgA.QA',
    twenty => $TWENTY,
    all    => 'consent=1.' . (int(time()) - 86400)
              . '.0.analytics+marketing+preferences.k3J9xQ2mPq',
    (map { ("fmt-$_" => "$GA; $PLATFORM{$_}") } @FORMATS),
);


# --- the rows ----------------------------------------------------------------

# name, path, cookie mix, servers; "html" rows count per byte

my @ROWS = (
    [ 'vars, no cookie',         '/vars',      'none',   'abc' ],
    [ 'vars, native cookie',     '/vars',      'native', 'abc' ],
    [ 'vars, 305-char TCF',      '/vars',      'tcf',    'ac'  ],
    [ 'vars, OneTrust GPP, _ga', '/vars-gpp',  'gpp',    'ac'  ],
    [ 'vars, 20 cookies 1.5 KB', '/vars',      'twenty', 'abc' ],
    [ 'vars, real cc_cookie, _ga', '/vars-real', 'fmt-cookieconsent', 'abc' ],
    [ 'loaded, unused',          '/static/p1k.html', 'twenty', 'ac' ],
    [ 'consent_require refuses', '/require',   'none',   'abc' ],
    [ 'strip 20 cookies x 10',   '/strip',     'twenty', 'ac'  ],
    [ 'html 100 KB, denied',     '/page/p100k.html', 'none', 'abc', 'html' ],
    [ 'html 100 KB, all granted', '/page/p100k.html', 'all', 'ac', 'html' ],
    [ 'html 10 KB, denied',      '/page/p10k.html', 'none', 'abc', 'html' ],
    [ 'html 100 KB attrs, denied', '/page/p100k-attrs.html', 'none', 'abc',
      'html' ],
    (map { [ "fmt $_, _ga", "/fmt/$_", "fmt-$_", 'ac' ] } @FORMATS),
    [ 'strip _ga, real cc_cookie', '/strip-real', 'fmt-cookieconsent', 'ac' ],
);

@ROWS = ($ROWS[0]) if $quick;
@ROWS = grep { $_->[0] =~ /$only/ } @ROWS if defined $only;


# --- the nginx under test ----------------------------------------------------


my %PORT;
@PORT{qw(a b c up)} = free_ports(4);

write_pages("$tmp/html");
write_conf("$tmp/conf");


# --- callgrind -----------------------------------------------------------------

my %instr;     # "$row/$server" => instructions per request
my %bytes;     # path => bytes of the page

for my $row (@ROWS) {
    my ($name, $path, $mix, $servers, $html) = @$row;

    for my $s (split //, $servers) {
        my ($n1, $n2) = $html ? ($H1, $H2) : ($N1, $N2);

        my $t1 = callgrind($s, $path, $mix, $n1);
        my $t2 = callgrind($s, $path, $mix, $n2);

        $instr{"$name/$s"} = ($t2 - $t1) / ($n2 - $n1);

        printf STDERR "bench: %-26s %s %10.0f instr/req\n", $name, $s,
               $instr{"$name/$s"};
    }
}


# --- wrk -----------------------------------------------------------------------

my %rps;       # "$row/$server" => median requests per second
my %cpu;       # "$row/$server" => microseconds of worker CPU per request

unless ($no_wrk) {
    my $n = start_nginx(0);

    for my $row (@ROWS) {
        my ($name, $path, $mix, $servers) = @$row;

        for my $s (split //, $servers) {
            my (@r, @c);

            for (1 .. $WRK_RUNS) {
                my ($rate, $us) = wrk($n, $s, $path, $mix);
                push @r, $rate;
                push @c, $us;
            }

            $rps{"$name/$s"} = median(@r);
            $cpu{"$name/$s"} = median(@c);

            printf STDERR "bench: %-26s %s %10.0f req/s %6.1f us CPU\n",
                   $name, $s, $rps{"$name/$s"}, $cpu{"$name/$s"};
        }
    }

    stop_nginx($n);
}


# --- the table -----------------------------------------------------------------

report();

exit 0;


sub report {
    print "\n";
    print "instructions per request (callgrind, nginx answering N=$N2 "
          . "against N=$N1 requests on one keep-alive connection)\n\n";
    printf "%-26s %9s %9s %9s %9s %9s  %s\n",
           'scenario', 'a bare', 'b stock', 'c module', 'b - a', 'c - a',
           'target';

    for my $row (grep { !$_->[4] } @ROWS) {
        my ($name) = @$row;
        my ($a, $b, $c) = map { $instr{"$name/$_"} } qw(a b c);

        printf "%-26s %9s %9s %9s %9s %9s  %s\n", $name, num($a), num($b),
               num($c), num(defined $b ? $b - $a : undef),
               num(defined $c ? $c - $a : undef), target($name, $a, $b, $c);
    }

    my @html = grep { $_->[4] } @ROWS;

    if (@html) {
        print "\ninstructions per byte over the bare static page "
              . "(N=$H2 against N=$H1 pages)\n\n";
        printf "%-26s %9s %9s %9s  %s\n", 'page', 'bytes', 'b stock',
               'c module', 'target';

        for my $row (@html) {
            my ($name, $path) = @$row;
            my $a = $instr{"$name/a"};
            my $len = $bytes{$path};
            my ($b, $c) = map {
                defined $instr{"$name/$_"}
                    ? sprintf('%.2f', ($instr{"$name/$_"} - $a) / $len) : '-'
            } qw(b c);

            printf "%-26s %9d %9s %9s  %s\n", $name, $len, $b, $c,
                   $c eq '-' ? ''
                   : $name =~ /granted/
                   ? '~ 0 (steps aside): ' . ($c <= 0.05 ? 'met' : 'MISSED')
                   : $name =~ /attrs/
                   ? '<= 3: ' . ($c <= 3 ? 'met' : 'MISSED')
                   : '<= 1.5: ' . ($c <= 1.5 ? 'met' : 'MISSED');
        }
    }

    return if $no_wrk;

    print "\nwrk: requests per second (median of $WRK_RUNS runs of "
          . "${WRK_SECONDS}s, 1 thread, 16 connections) and worker CPU "
          . "per request\n\n";
    printf "%-26s %9s %9s %9s %9s %9s %9s\n", 'scenario', 'a req/s',
           'b req/s', 'c req/s', 'a us', 'b us', 'c us';

    for my $row (@ROWS) {
        my ($name) = @$row;

        printf "%-26s %9s %9s %9s %9s %9s %9s\n", $name,
               (map { num($rps{"$name/$_"}) } qw(a b c)),
               (map { defined $cpu{"$name/$_"}
                      ? sprintf('%.1f', $cpu{"$name/$_"}) : '-' } qw(a b c));
    }
}


# DESIGN's budget for a row, and whether it is met

sub target {
    my ($name, $a, $b, $c) = @_;

    return '' unless defined $a && defined $c;

    my $d = $c - $a;

    if ($name =~ /(TCF|GPP)/) {
        my $format = $1;
        my $none = $instr{'vars, no cookie/c'} && $instr{'vars, no cookie/a'}
                   ? $instr{'vars, no cookie/c'} - $instr{'vars, no cookie/a'}
                   : undef;

        return '' unless defined $none;

        return sprintf('%s adds %.0f, <= 3000: %s', $format, $d - $none,
                       $d - $none <= 3000 ? 'met' : 'MISSED');
    }

    if ($name =~ /^vars/) {
        my $met = $d <= 3000 && (!defined $b || $d <= ($b - $a) / 3);

        return sprintf('<= 3000%s: %s',
                       defined $b ? sprintf(', <= %.0f', ($b - $a) / 3) : '',
                       $met ? 'met' : 'MISSED');
    }

    return sprintf('<= 2000: %s', $d <= 2000 ? 'met' : 'MISSED')
        if $name =~ /^fmt/;

    return sprintf('~ 0: %s', abs($d) <= 200 ? 'met' : 'MISSED')
        if $name =~ /^loaded/;

    return sprintf('<= 3000: %s', $d <= 3000 ? 'met' : 'MISSED')
        if $name =~ /^strip.*real/;

    return sprintf('<= 2000: %s', $d <= 2000 ? 'met' : 'MISSED')
        if $name =~ /^strip/;

    return '';
}


# encodeURIComponent, and Cookiebot's wire form (t/unit/test_cookiebot.c)

sub uri {
    my ($s) = @_;
    $s =~ s/([^A-Za-z0-9\-_.!~*'()])/sprintf('%%%02X', ord $1)/ge;
    return $s;
}


sub cbwire {
    my ($s) = @_;
    $s =~ s/(['", \\])/sprintf('%%%02X', ord $1)/ge;
    return $s;
}


sub num {
    my ($n) = @_;
    return defined $n ? sprintf('%.0f', $n) : '-';
}


sub median {
    my @s = sort { $a <=> $b } @_;
    return $s[$#s / 2];
}


# --- nginx -----------------------------------------------------------------------

sub write_pages {
    my ($dir) = @_;

    # a paragraph every 80 bytes and a marked script every 20 paragraphs,
    # as bench/html-cost.sh does

    for my $size (10_000, 100_000) {
        my ($p, $i) = ("<html><body>\n", 0);

        while (length($p) < $size) {
            $i++;
            $p .= "<p>Some paragraph text number $i with a few words in it, "
                  . "like a page has.</p>\n";
            $p .= "<script data-category=\"analytics\">track($i)</script>\n"
                if $i % 20 == 0;
        }

        $p .= "</body></html>\n";

        my $name = $size == 10_000 ? 'p10k.html' : 'p100k.html';
        spew("$dir/$name", $p);
        $bytes{"/page/$name"} = length $p;
    }

    # attribute-heavy: a product grid as a shop's listing has it, five
    # elements with three to seven attributes each per item (classes,
    # ids, data-*, aria-*, links, lazy images) and little text, and a
    # marked script every 20 items

    my ($p, $i) = ("<html><body>\n", 0);

    while (length($p) < 100_000) {
        $i++;
        $p .= "<div class=\"card card--product col-md-4\" id=\"item-$i\" "
              . "data-id=\"$i\" data-list=\"home\" role=\"listitem\">"
              . "<a href=\"/products/$i?ref=home\" class=\"card__link\" "
              . "title=\"Product $i\" aria-label=\"Open product $i\">"
              . "<img src=\"/img/p/$i.jpg\" alt=\"Product $i\" "
              . "width=\"320\" height=\"240\" loading=\"lazy\" "
              . "decoding=\"async\"></a>"
              . "<span class=\"price\" data-currency=\"EUR\" "
              . "itemprop=\"price\">$i.00</span>"
              . "<button type=\"button\" class=\"btn btn-cart\" "
              . "data-sku=\"SKU-$i\">Add</button></div>\n";
        $p .= "<script data-category=\"analytics\">track($i)</script>\n"
            if $i % 20 == 0;
    }

    $p .= "</body></html>\n";

    spew("$dir/p100k-attrs.html", $p);
    $bytes{'/page/p100k-attrs.html'} = length $p;

    spew("$dir/p1k.html", "<p>" . ('x' x 1000) . "</p>\n");
}


sub write_conf {
    my ($dir) = @_;

    my @eu = qw(AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT
                NL PL PT RO SE SI SK IS LI NO);
    my $eu = join('|', @eu);

    my $vars_c = '$consent_analytics $consent_marketing $consent_country '
                 . '$consent_regime $consent_masked_addr $consent_dnt '
                 . '$consent_gpc';
    my $vars_b = '$bench_analytics $bench_marketing $bench_country '
                 . '$bench_regime $bench_masked $bench_dnt $bench_gpc';

    # c: one location a format, its cookie only, $consent_analytics

    my $fmt_c = join '', map {
        "        location /fmt/$_ {\n"
        . "            consent_cookie $PLATFORM_NAME{$_}"
        . ($_ eq 'native' ? '' : " format=$_") . ";\n"
        . "            return 200 \"\$consent_analytics\\n\";\n"
        . "        }\n\n"
    } @FORMATS;

    spew("$dir/nginx.conf", <<"END");
load_module $GEOIP2;
load_module $SO;

worker_processes 1;
error_log logs/error.log error;
pid logs/nginx.pid;

events {
    worker_connections 1024;
}

http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 60s;

    types {
        text/html html;
    }

    default_type application/octet-stream;

    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;

    # b: stock parts

    geoip2 $DB {
        \$bench_country country iso_code;
    }

    map \$http_cookie \$bench_cats {
        "~(?:^|;\\s*)consent=1\\.\\d+\\.\\d+\\.(?<c>[a-z0-9_+-]+)\\.[A-Za-z0-9_-]+"  \$c;
        default "";
    }

    map \$bench_country \$bench_regime {
        "~^(?:$eu)?\$"  opt-in;
        default         opt-out;
    }

    map \$http_dnt \$bench_dnt {
        1        1;
        default  0;
    }

    map \$http_sec_gpc \$bench_gpc {
        1        1;
        default  0;
    }

    map "\$bench_cats:\$bench_regime:\$bench_dnt" \$bench_analytics {
        "~:1\$"                                 0;
        "~^(?:[^:]*\\+)?analytics(?:\\+[^:]*)?:" 1;
        "~^:opt-out:"                           1;
        default                                 0;
    }

    map "\$bench_cats:\$bench_regime:\$bench_dnt\$bench_gpc" \$bench_marketing {
        "~:(?:1.|.1)\$"                         0;
        "~^(?:[^:]*\\+)?marketing(?:\\+[^:]*)?:" 1;
        "~^:opt-out:"                           1;
        default                                 0;
    }

    map \$remote_addr \$bench_masked {
        "~^(?<v4>\\d+\\.\\d+\\.\\d+)\\.\\d+\$"                   "\$v4.0";
        "~^(?<v6>[0-9a-f]{0,4}:[0-9a-f]{0,4}:[0-9a-f]{0,4})"   "\$v6::";
        default                                              "";
    }

    # c: the module

    consent_geoip $DB;
    consent_cookie consent;
    consent_cookie euconsent-v2 format=tcf;

    # the services of the Klaro and Axeptio rows (no built-in mapping)

    consent_category analytics klaro:matomo;
    consent_category analytics axeptio:google_analytics;

    upstream backend {
        server 127.0.0.1:$PORT{up};
        keepalive 8;
    }

    server {
        listen 127.0.0.1:$PORT{up};

        location / {
            add_header Set-Cookie "_ga=GA1.1.1.1; Path=/";
            add_header Set-Cookie "session=abc; Path=/; HttpOnly";
            return 200 "ok\\n";
        }
    }

    server {
        listen 127.0.0.1:$PORT{a};

        location /vars {
            return 200 "1 0 GB opt-in 81.2.69.0 0 0\\n";
        }

        location /vars-real {
            return 200 "1 0 GB opt-in 81.2.69.0 0 0\\n";
        }

        location /fmt/ {
            return 200 "1\\n";
        }

        location /static/ {
            alias html/;
        }

        location /require {
            alias html/p1k.html;
        }

        location /strip {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }

        location /strip-real {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }

        location /page/ {
            alias html/;
        }
    }

    server {
        listen 127.0.0.1:$PORT{b};

        location /vars {
            return 200 "$vars_b\\n";
        }

        location /vars-real {
            return 200 "$vars_b\\n";
        }

        location /require {
            if (\$bench_analytics = 0) {
                return 204;
            }

            alias html/p1k.html;
        }

        location /page/ {
            alias html/;
            sub_filter 'data-category="analytics"' 'data-x';
            sub_filter_once off;
        }
    }

    server {
        listen 127.0.0.1:$PORT{c};

        location /vars {
            return 200 "$vars_c\\n";
        }

        # OneTrust's GPP cookie beside its TC string (server a answers
        # /vars-gpp from its /vars)

        # all variables, the real cc_cookie of the "fmt cookieconsent" row

        location /vars-real {
            consent_cookie cc_cookie format=cookieconsent;
            return 200 "$vars_c\\n";
        }

$fmt_c        location /vars-gpp {
            consent_cookie consent;
            consent_cookie euconsent-v2 format=tcf;
            consent_cookie OTGPPConsent format=gpp;
            return 200 "$vars_c\\n";
        }

        location /static/ {
            alias html/;
        }

        location /require {
            consent_require analytics;
            alias html/p1k.html;
        }

        location /strip {
            consent_strip_cookies analytics _ga _gid _gcl_au ~^_ga_
                                  ~^_hjSession ~^_cl[cs]k\$;
            consent_strip_cookies marketing _fbp ~^ajs_ ~^mp_ ~^_uet;
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }

        # one name, with the real cc_cookie of the "fmt cookieconsent" row

        location /strip-real {
            consent_cookie cc_cookie format=cookieconsent;
            consent_strip_cookies analytics _ga;
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }

        location /page/ {
            alias html/;
            consent_html on;
        }
    }
}
END
}


sub start_nginx {
    my ($callgrind, $out) = @_;

    unlink "$tmp/logs/nginx.pid";

    my @cmd = ($NGINX, '-p', "$tmp/", '-c', 'conf/nginx.conf',
               '-e', 'logs/error.log');

    if ($callgrind) {
        push @cmd, '-g', 'daemon off; master_process off;';
        unshift @cmd, 'valgrind', '--tool=callgrind', '--quiet',
                      "--callgrind-out-file=$out";
    } else {
        push @cmd, '-g', 'daemon off;';
    }

    my $pid = fork() // die "fork: $!";

    if ($pid == 0) {
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', "$tmp/logs/stderr.log";
        exec @cmd or die "exec: $!";
    }

    for (1 .. 600) {
        my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$PORT{c}");

        if ($s) {
            close $s;
            return $pid;
        }

        die "bench: nginx exited:\n" . slurp("$tmp/logs/stderr.log")
              . slurp("$tmp/logs/error.log")
            if waitpid($pid, WNOHANG) == $pid;

        sleep 0.1;
    }

    die "bench: nginx did not start\n";
}


sub stop_nginx {
    my ($pid) = @_;

    kill 'QUIT', $pid;

    # valgrind notices a signal only when nginx wakes up: a connection
    # wakes it while it waits on epoll for a timer a minute away

    while (waitpid($pid, WNOHANG) != $pid) {
        my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$PORT{up}",
                                      Timeout => 1);
        close $s if $s;
        sleep 0.2;
    }

    my $err = slurp("$tmp/logs/error.log");
    die "bench: nginx logged errors:\n$err" if $err =~ /\[(alert|crit|emerg)\]/;
}


# total instructions of an nginx that answers N requests of one row

sub callgrind {
    my ($server, $path, $mix, $n) = @_;

    my $out = "$tmp/callgrind.out";
    unlink $out;

    my $pid = start_nginx(1, $out);

    my $sock = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$PORT{$server}")
        or die "bench: connect: $!";

    for my $i (0 .. $n - 1) {
        my $r = request($sock, $path, $mix, $i);

        die "bench: $server $path: $r->{status}\n"
            unless $r->{status} =~ /^(200|204)$/;
    }

    close $sock;

    stop_nginx($pid);

    my ($total) = slurp($out) =~ /^summary:\s+(\d+)/m
        or die "bench: no summary in the callgrind output\n";

    if (defined $keep) {
        (my $name = "$server$path.$mix.$n") =~ tr{/}{_};
        rename $out, "$keep/callgrind.$name" or die "bench: $keep: $!";
    }

    return $total;
}


sub request {
    my ($sock, $path, $mix, $i) = @_;

    my $req = "GET $path HTTP/1.1\r\nHost: bench\r\n"
              . "User-Agent: bench/1.0\r\n"
              . "X-Forwarded-For: $ADDR[$i % @ADDR]\r\n";

    $req .= "Cookie: $COOKIES{$mix}\r\n" if length $COOKIES{$mix};
    $req .= "\r\n";

    print $sock $req or die "bench: write: $!";

    return read_response($sock);
}


# one response on a keep-alive connection: Content-Length or chunked

sub read_response {
    my ($sock) = @_;

    my $buf = '';

    until ($buf =~ /\r\n\r\n/) {
        sysread($sock, $buf, 65536, length $buf) or die "bench: read: $!";
    }

    my ($head, $rest) = split /\r\n\r\n/, $buf, 2;
    my ($status) = $head =~ m{^HTTP/1\.1 (\d+)};

    if ($status == 204 || $status == 304) {
        return { status => $status, body => '' };
    }

    if ($head =~ /^Content-Length:\s*(\d+)/mi) {
        my $len = $1;

        while (length $rest < $len) {
            sysread($sock, $rest, 65536, length $rest)
                or die "bench: read: $!";
        }

        return { status => $status, body => $rest };
    }

    if ($head =~ /^Transfer-Encoding:\s*chunked/mi) {
        my $body = '';

        for ( ;; ) {
            my $hex;

            until (($hex) = $rest =~ /^([0-9a-fA-F]+)\r\n/) {
                sysread($sock, $rest, 65536, length $rest)
                    or die "bench: read: $!";
            }

            my $size = hex $hex;
            my $need = length($hex) + 2 + $size + 2;

            while (length $rest < $need) {
                sysread($sock, $rest, 65536, length $rest)
                    or die "bench: read: $!";
            }

            $body .= substr($rest, length($hex) + 2, $size);
            $rest = substr($rest, $need);

            return { status => $status, body => $body } if $size == 0;
        }
    }

    die "bench: a response without a length:\n$head\n";
}


# --- wrk -----------------------------------------------------------------------

sub wrk {
    my ($pid, $server, $path, $mix) = @_;

    my $worker = (grep { $_ != $pid } children($pid))[0]
        or die "bench: no worker\n";

    my $before = cpu_ticks($worker);

    local $ENV{BENCH_COOKIE} = $COOKIES{$mix};

    my $cmd = "wrk -t1 -c16 -d${WRK_SECONDS}s -s $ROOT/bench/wrk.lua "
              . "http://127.0.0.1:$PORT{$server}$path 2>&1";
    my $out = `$cmd`;

    die "bench: wrk failed:\n$out" if $? != 0;

    my $ticks = cpu_ticks($worker) - $before;

    my ($requests) = $out =~ /(\d+) requests in/
        or die "bench: wrk said:\n$out";
    my ($rate) = $out =~ /Requests\/sec:\s+([\d.]+)/;

    die "bench: wrk saw errors on $path:\n$out"
        if $out =~ /Non-2xx or 3xx responses|Socket errors/;

    return ($rate, $ticks / POSIX::sysconf(POSIX::_SC_CLK_TCK()) * 1e6
                   / $requests);
}


sub children {
    my ($pid) = @_;

    return grep {
        (split ' ', slurp("/proc/$_/stat") =~ s/^.*\)//sr)[1] == $pid
    } map { m{/proc/(\d+)$} ? $1 : () } glob '/proc/[0-9]*';
}


sub cpu_ticks {
    my ($pid) = @_;

    my @f = split ' ', slurp("/proc/$pid/stat") =~ s/^.*\)//sr;

    return $f[11] + $f[12];          # utime, stime
}


# --- small things --------------------------------------------------------------

sub free_ports {
    my ($n) = @_;
    my @s = map {
        IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1:0',
                              ReuseAddr => 1) or die "bench: $!"
    } 1 .. $n;

    return map { $_->sockport } @s;
}


sub slurp {
    my ($path) = @_;

    open my $fh, '<', $path or return '';
    local $/;
    return scalar <$fh>;
}


sub spew {
    my ($path, $content) = @_;

    open my $fh, '>', $path or die "bench: $path: $!";
    print $fh $content;
    close $fh or die "bench: $path: $!";
}
