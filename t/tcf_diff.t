#!/usr/bin/perl

# Differential test of the TCF decoder (ngx_consent_module/consent_tcf.c)
# against the reference implementation, @iabtcf/core (pinned in
# t/tcf/package-lock.json): a few thousand random TC models, encoded by
# @iabtcf/core, decoded by both, every field class compared.
#
# Needs node and npm (make test installs them); without them it fails.
# @iabtcf/core is installed into build/tcf-node/, never into the tree.

use strict;
use warnings;

use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use JSON::PP;

use lib 't/lib';
use Test::Npm;

my $COUNT = 3000;
my $SEED = 20251123;

my $root = abs_path(dirname(__FILE__) . '/..');
my $src = "$root/t/tcf";
my $mod = "$root/ngx_consent_module";
my $dir = "$root/build/tcf-node";

sub have {
    my ($cmd) = @_;
    return grep { -x "$_/$cmd" } split /:/, ($ENV{PATH} // '');
}

for my $cmd (qw(node npm cc)) {
    ok(have($cmd), "$cmd is installed")
        or do { done_testing(); exit 1; };
}

# npm ci against the committed lock file, again only when it changed

my $installed = npm_ci($src, $dir, '@iabtcf/core');
ok($installed, '@iabtcf/core installed in build/tcf-node')
    or do { done_testing(); exit 1; };

my $version = decode_json(slurp($installed))->{version};
is($version, '1.5.6', '@iabtcf/core version as pinned');

# the C driver, with sanitizers where the compiler has them

my @srcs = ("$src/tcf_driver.c", "$mod/consent_core.c", "$mod/consent_tcf.c");
my @cc = ('cc', '-O1', '-g', '-Wall', '-Wextra', '-std=c99', "-I$mod",
    '-o', "$dir/tcf_driver", @srcs);

my $built = system(@cc[0 .. 5], '-fsanitize=address,undefined',
    '-fno-sanitize-recover=all', @cc[6 .. $#cc]) == 0
    || system(@cc) == 0;

ok($built, 'C driver built') or do { done_testing(); exit 1; };

# run

my $cmd = "node '$src/diff.js' '$dir/node_modules' '$dir/tcf_driver' "
    . "$COUNT $SEED";
my $out = `$cmd`;
is($? >> 8, 0, 'node diff.js ran') or do { done_testing(); exit 1; };

my $r = eval { decode_json($out) };
ok($r, 'diff.js printed its result') or do {
    diag($out);
    done_testing();
    exit 1;
};

is($r->{count}, $COUNT, "$COUNT random TC strings compared");

my @classes = (
    [ decode_rc => 'every string decodes' ],
    [ version => 'Version' ],
    [ created => 'Created (deciseconds)' ],
    [ last_updated => 'LastUpdated (deciseconds)' ],
    [ cmp => 'CmpId, CmpVersion, ConsentScreen' ],
    [ consent_language => 'ConsentLanguage' ],
    [ vendor_list_version => 'VendorListVersion' ],
    [ policy_version => 'TcfPolicyVersion' ],
    [ flags => 'IsServiceSpecific, UseNonStandardTexts, '
        . 'PurposeOneTreatment' ],
    [ special_feature_optins => 'SpecialFeatureOptIns' ],
    [ purposes_consent => 'PurposesConsent, every bit' ],
    [ purposes_li => 'PurposesLITransparency, every bit' ],
    [ publisher_cc => 'PublisherCC' ],
    [ publisher_tc => 'Publisher TC segment: presence, PubPurposesConsent, '
        . 'PubPurposesLITransparency, NumCustomPurposes' ],
    [ parse_rc => 'consent_tcf_parse accepts exactly the service-specific '
        . 'strings' ],
    [ granted => 'granted purposes (Publisher TC if present, else core)' ],
    [ timestamp => 'timestamp = LastUpdated in seconds' ],
    [ model => 'the encoded model: dates rounded to deciseconds, CMP id, '
        . 'purposes' ],
    [ truncated => 'truncated strings @iabtcf/core refuses are refused' ],
);

for my $c (@classes) {
    my ($name, $what) = @$c;
    my $cls = $r->{classes}{$name};

    unless ($cls) {
        fail("$what: not reported");
        next;
    }

    ok($cls->{mismatches} == 0 && $cls->{compared} == $COUNT,
        "$what: $cls->{compared} agree")
        or diag("$cls->{mismatches} mismatches of $cls->{compared}; first: "
            . ($cls->{first}{string} // '-')
            . "\n  reference: " . ($cls->{first}{reference} // '-')
            . "\n  C:         " . ($cls->{first}{c} // '-'));
}

done_testing();


sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return <$fh>;
}
