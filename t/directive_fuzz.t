# Every directive of the module gets random and mutated arguments through
# "nginx -t": it must never die on a signal, and must either accept the
# line or stop with an [emerg] that names the file and the line.
#
# The cases are seeded (DIRECTIVE_FUZZ_SEED, default 20251123) and
# DIRECTIVE_FUZZ_CASES of them are run (default 400).

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use GeoDB;


my $SEED = $ENV{DIRECTIVE_FUZZ_SEED} // 20251123;
my $CASES = $ENV{DIRECTIVE_FUZZ_CASES} // 400;

srand($SEED);

my $DB = "$GeoDB::DIR/official.mmdb";
my $BANNER = "$GeoDB::DIR/banner.html";

open my $fh, '>', $BANNER or die "$BANNER: $!";
print $fh "<p>banner</p>\n";
close $fh;
chmod 0644, $BANNER;

# a synthetic visitor key, readable by its owner only

my $KEY = "$GeoDB::DIR/visitor.key";

open $fh, '>', $KEY or die "$KEY: $!";
chmod 0600, $KEY;
print $fh "0123456789abcdef" x 4, "\n";
close $fh;

# directive => [ level, valid examples to mutate ]

my %DIRECTIVES = (
    consent_cookie         => [ 'http', 'consent', 'cc format=cookieconsent',
                                'euconsent-v2 format=tcf',
                                'usprivacy format=usprivacy',
                                'OTGPPConsent format=gpp',
                                'didomi_token format=didomi' ],
    consent_category       => [ 'http', 'videos', 'analytics tcf:1+8',
                                'research cookiebot:statistics klaro:x',
                                'marketing gpp:SaleOptOut+Gpc',
                                'videos didomi:p4em9a8m+vendor:c:x-1' ],
    consent_signals        => [ 'http', 'off', 'dnt=analytics,marketing',
                                'gpc=marketing dnt=analytics' ],
    consent_revision       => [ 'http', '3', '0' ],
    consent_max_age        => [ 'http', '395d', 'off', '13M' ],
    consent_geoip          => [ 'http', $DB, "$DB auto_reload=1s" ],
    consent_geoip_source   => [ 'http', '$http_x_forwarded_for',
                                '$remote_addr' ],
    consent_regime         => [ 'http', 'opt-out US CA', 'opt-in EU EEA',
                                'opt-out default', 'opt-in CA-QC GB-ENG',
                                'opt-out GB categories=analytics' ],
    consent_ip_mask        => [ 'http', '24 48', '16 32', '0 0' ],
    consent_strip_cookies  => [ 'http', 'analytics _ga ~^_ga_',
                                'marketing _fbp ~^_gcl' ],
    consent_expire_cookies => [ 'http', 'on', 'off',
                                'on domain=.example.com path=/' ],
    consent_html           => [ 'http', 'on', 'off', 'activate' ],
    consent_html_types     => [ 'http', 'text/html', 'text/plain text/x-y', '*' ],
    consent_banner         => [ 'http', $BANNER ],
    consent_require        => [ 'location', 'analytics',
                                'marketing status=403', 'analytics status=444' ],
    consent_endpoint       => [ 'location', '', 'samesite=strict',
                                'domain=example.com path=/ max_age=30d' ],
    consent_status         => [ 'location', '' ],
    consent_gcm            => [ 'http', 'ad_storage=marketing',
                                'analytics_storage=denied '
                                . 'security_storage=granted',
                                'personalization_storage=preferences' ],
    consent_visitor_key    => [ 'http', $KEY ],
);

# what arguments are made of

my @WORDS = (
    qw(analytics marketing preferences necessary videos on off activate
       default EU EEA US DE opt-in opt-out 0 1 -1 24 48 128 129 33 999
       99999999999999999999 0x10 1e3 395d 13M 14M 1s 0s 1h 1y),
    'format=', 'format=native', 'format=tcf', 'format=nope', 'status=',
    'status=204', 'status=99', 'status=600', 'status=abc', 'dnt=', 'gpc=',
    'dnt=analytics,', 'gpc=,marketing', 'dnt=nope', 'auto_reload=',
    'auto_reload=0', 'auto_reload=x', 'domain=', 'path=', 'path=x',
    'max_age=', 'max_age=0', 'max_age=400d', 'samesite=', 'samesite=lax',
    'samesite=x', 'tcf:', 'tcf:0', 'tcf:25', 'tcf:1+', 'tcf:+', ':x',
    'cookiebot:', 'onetrust:C0002', 'klaro:', 'nope:x', '~', '~(', '~[',
    '~^_ga_', '~(?<x>', '~(*LIMIT_MATCH=1)a', '~a{99999}', '_ga', 'a=b',
    'a;b', '$', '$nope', '$remote_addr', '${x}', '/nonexistent',
    '/dev/null', '/etc', '%00', '=', ',', '+', '"', "'", '\\', ' ', '',
    'ad_storage=', 'ad_storage=granted', 'security_storage=denied',
    'analytics_storage=nope', 'nope=granted', 'ad_storage==',
    'x' x 300, 'a' x 5000, "\x{e9}", "\x01", "\t",
    'didomi:', 'didomi:vendor:', 'didomi:c:x', 'didomi:a+vendor:google',
    'vendor:', 'format=didomi',
);

sub quote {
    my ($w) = @_;

    $w =~ s/\\/\\\\/g;
    $w =~ s/'/\\'/g;

    return "'$w'";
}

sub args {
    my ($examples) = @_;

    my @a = split ' ', $examples->[int rand @$examples];

    for (0 .. int rand 3) {
        my $what = rand;
        my $w = $WORDS[int rand @WORDS];

        if ($what < 0.3 && @a) {
            $a[int rand @a] = $w;                         # replace
        } elsif ($what < 0.5 && @a) {
            splice @a, int rand @a, 1;                    # drop
        } elsif ($what < 0.6 && @a) {
            my $i = int rand @a;                          # cut one short
            $a[$i] = substr($a[$i], 0, int rand(length $a[$i]));
        } elsif ($what < 0.7 && @a) {
            my $i = int rand @a;                          # a random byte
            substr($a[$i], int rand(length($a[$i]) + 1), 0,
                   chr(32 + int rand 95));
        } else {
            splice @a, int rand(@a + 1), 0, $w;           # insert
        }
    }

    return @a;
}

my @names = sort keys %DIRECTIVES;
my %seen;

for my $case (1 .. $CASES) {
    my $name = $names[($case - 1) % @names];
    my ($level, @examples) = @{ $DIRECTIVES{$name} };

    my $line = join(' ', $name, map { quote($_) } args(\@examples)) . ';';

    my %sections;

    if ($level eq 'http') {
        $sections{http_config} = $line;
        $sections{config} = 'location / { return 204; }';
    } else {
        $sections{config} = "location /t {\n    $line\n}";
    }

    my $t = nginx_t(%sections);
    my $label = "case $case: $line";

    $label = substr($label, 0, 200) . '...' if length $label > 200;
    $label =~ s/[^\x20-\x7e]/?/g;

    if ($t->{signal}) {
        fail("$label: nginx -t died on signal $t->{signal}");
        diag($t->{output});
        next;
    }

    if ($t->{exit} == 0) {
        $seen{accepted}++;
        like($t->{output}, qr/test is successful/, "$label: accepted");
        next;
    }

    $seen{refused}++;

    my $lineno = $sections{http_config} ? $t->{line_of}->('http_config', 1)
                                         : $t->{line_of}->('config', 2);

    # an unknown variable is found after the whole file is read, and
    # nginx names no line for it, for its own modules as for this one

    ok($t->{exit} == 1
       && ($t->{output} =~ /\[emerg\] .* in \S+nginx\.conf:$lineno\b/
           || $t->{output} =~ /\[emerg\] unknown "[^"]*" variable/),
       "$label: refused with [emerg] at line $lineno")
        or diag($t->{output});
}

# a fuzzer that only ever hit one side would prove little

cmp_ok($seen{accepted} // 0, '>=', $CASES / 20, 'some lines were accepted');
cmp_ok($seen{refused} // 0, '>=', $CASES / 5, 'many lines were refused');

done_testing();
