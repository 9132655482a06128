#!/usr/bin/perl

# Differential test of the GPP decoder (ngx_consent_module/consent_gpp.c)
# against IAB's reference implementation, @iabgpp/cmpapi 3.2.0 (pinned in
# t/gpp/package-lock.json): random GPP models, none, one, several or all
# of the sections the reference writes (tcfeuv2, tcfcav1, uspv1, usnat v1
# and v2, usca and every US state section), every field at a random legal
# value, GPC subsections present and absent, are encoded by @iabgpp/cmpapi
# and decoded by both; every field the module uses is compared, and
# consent_gpp_parse() with what the string must decide.  Every string is
# also mutated once (cut, a character or bits changed, sections put under
# other IDs, a section dropped or doubled, junk appended) and the
# properties of any decode are checked.
#
# 3,000 strings by default, from a fixed seed.  A longer run, about four
# minutes on one core:
#
#   GPP_DIFF_COUNT=100000 prove t/gpp_diff.t
#
# and GPP_DIFF_SEED=N for other strings than those of every run.
#
# Needs node and npm (make test installs them); without them it fails.
# @iabgpp/cmpapi is installed into build/gpp-node/, never into the tree.

use strict;
use warnings;

use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use JSON::PP;

use lib 't/lib';
use Test::Npm;

my $COUNT = $ENV{GPP_DIFF_COUNT} // 3000;
my $SEED = $ENV{GPP_DIFF_SEED} // 20261207;

my $root = abs_path(dirname(__FILE__) . '/..');
my $src = "$root/t/gpp";
my $mod = "$root/ngx_consent_module";
my $dir = "$root/build/gpp-node";

sub have {
    my ($cmd) = @_;
    return grep { -x "$_/$cmd" } split /:/, ($ENV{PATH} // '');
}

for my $cmd (qw(node npm cc)) {
    ok(have($cmd), "$cmd is installed")
        or do { done_testing(); exit 1; };
}

ok($COUNT =~ /^[0-9]+$/ && $COUNT >= 1, "GPP_DIFF_COUNT=$COUNT")
    or do { done_testing(); exit 1; };

# npm ci against the committed lock file, again only when it changed

my $installed = npm_ci($src, $dir, '@iabgpp/cmpapi');
ok($installed, '@iabgpp/cmpapi installed in build/gpp-node')
    or do { done_testing(); exit 1; };

my $version = decode_json(slurp($installed))->{version};
is($version, '3.2.0', '@iabgpp/cmpapi version as pinned');

# the C driver, with sanitizers where the compiler has them

my @srcs = ("$src/gpp_driver.c", map { "$mod/consent_$_.c" }
    qw(core tcf usprivacy gpp));
my @cc = ('cc', '-O1', '-g', '-Wall', '-Wextra', '-std=c99', "-I$mod",
    '-o', "$dir/gpp_driver", @srcs);

my $built = system(@cc[0 .. 5], '-fsanitize=address,undefined',
    '-fno-sanitize-recover=all', @cc[6 .. $#cc]) == 0
    || system(@cc) == 0;

ok($built, 'C driver built') or do { done_testing(); exit 1; };

# run

my $cmd = "node '$src/diff.js' '$dir/node_modules' '$dir/gpp_driver' "
    . "$COUNT $SEED";
my $out = `$cmd`;
is($? >> 8, 0, 'node diff.js ran') or do { done_testing(); exit 1; };

my $r = eval { decode_json($out) };
ok($r, 'diff.js printed its result') or do {
    diag($out);
    done_testing();
    exit 1;
};

is($r->{count}, $COUNT, "$COUNT random GPP strings compared");
is($r->{encode_errors}, 0, '@iabgpp/cmpapi encodes every random model')
    or diag($r->{encode_error});

ok(!$r->{driver_failure}, 'the C driver never crashed')
    or diag(encode_json($r->{driver_failure}));

my $all = $r->{count} + $r->{fixed};

# about one string in seven has section 2
my $tcf = int($COUNT / 20);

# [ class, what, how many strings it must have compared at least ]

my @classes = (
    [ reference_decodes => '@iabgpp/cmpapi decodes what it encoded', $all ],
    [ model => '@iabgpp/cmpapi reads back every field of the model',
        $r->{count} ],
    [ decode_rc => 'every string decodes', $all ],
    [ header => 'header: Type, Version, section IDs', $all ],
    [ section_known => 'every section ID, known but tcfeuv1 and tcfcav1',
        $all ],
    [ section_rc => 'every section read, but malformed uspv1', $all ],
    [ section_version => 'Version of every section read', $all ],
    [ opt_outs => 'SaleOptOut, SharingOptOut, TargetedAdvertisingOptOut',
        $all ],
    [ gpc => 'GPC subsection: presence and Gpc', $all ],
    [ refused => 'refused bits of the decode', $all ],
    [ parse => 'consent_gpp_parse: rc, granted purposes, timestamp, '
        . 'refused bits, undecided', $all ],
    [ tcf_version => 'tcfeuv2 Version', $tcf ],
    [ tcf_created => 'tcfeuv2 Created (deciseconds)', $tcf ],
    [ tcf_last_updated => 'tcfeuv2 LastUpdated (deciseconds)', $tcf ],
    [ tcf_cmp => 'tcfeuv2 CmpId, CmpVersion, ConsentScreen', $tcf ],
    [ tcf_consent_language => 'tcfeuv2 ConsentLanguage', $tcf ],
    [ tcf_vendor_list_version => 'tcfeuv2 VendorListVersion', $tcf ],
    [ tcf_policy_version => 'tcfeuv2 TcfPolicyVersion', $tcf ],
    [ tcf_flags => 'tcfeuv2 IsServiceSpecific, UseNonStandardTexts, '
        . 'PurposeOneTreatment', $tcf ],
    [ tcf_special_feature_optins => 'tcfeuv2 SpecialFeatureOptIns',
        $tcf ],
    [ tcf_purposes_consent => 'tcfeuv2 PurposesConsent, every bit',
        $tcf ],
    [ tcf_purposes_li => 'tcfeuv2 PurposesLITransparency, every bit',
        $tcf ],
    [ tcf_publisher_cc => 'tcfeuv2 PublisherCC', $tcf ],
    [ tcf_publisher_tc => 'tcfeuv2 Publisher TC segment: presence, '
        . 'PubPurposesConsent, PubPurposesLITransparency, '
        . 'NumCustomPurposes', $tcf ],
    [ consistent => 'every decode consistent with itself', $all ],
    [ mutated => 'mutated strings: no crash, a failed decode grants and '
        . 'refuses nothing, a decode is consistent, what the reference '
        . 'cannot decode is not read cleanly', $all ],
    [ mutated_agree => 'mutated strings both sides read: the same section '
        . 'IDs and fields', int($COUNT / 10) ],
);

for my $c (@classes) {
    my ($name, $what, $min) = @$c;
    my $cls = $r->{classes}{$name};

    unless ($cls) {
        fail("$what: not reported");
        next;
    }

    ok($cls->{mismatches} == 0 && $cls->{compared} >= $min,
        "$what: $cls->{compared} agree")
        or diag("$cls->{mismatches} mismatches of $cls->{compared}"
            . " (at least $min wanted); first: "
            . ($cls->{first}{string} // '-')
            . "\n  reference: " . ($cls->{first}{reference} // '-')
            . "\n  C:         " . ($cls->{first}{c} // '-'));
}

my $kinds = $r->{classes}{mutated}{kinds} // {};

for my $kind (qw(cut flip bits ids drop dup junk)) {
    ok(($kinds->{$kind} // 0) > 0, "mutation \"$kind\" tried")
        or diag(encode_json($kinds));
}

is_deeply($r->{coverage}{missing}, [],
    "coverage: $r->{coverage}{wanted} section.field=value pairs, "
    . "usnat v1 and v2, 0 to all sections in a string");

done_testing();


sub slurp {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return <$fh>;
}
