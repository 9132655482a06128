#!/usr/bin/perl

# consent_html against Debian's chromium: a short run of the comparison
# that "make html-diff" runs at length (tools/html-diff/run.mjs says what
# a leak is).  400 random pages of a fixed seed, each served unfiltered
# and filtered by the real module and loaded in chromium, headless; the
# test fails on any leak, on any page that could not be compared, on an
# [alert], [crit] or crash in nginx's error.log, on a granted blocked
# script that consent_html activate left blocked (or a script it made run
# that it should not have), and when a kind of marker never came up (the
# other platforms' too: data-cookieyes, Complianz's words, Klaro's
# data-name with type="text/plain").  The leaking pages,
# shrunk, are in build/html-diff-t/.
#
# Installs what it needs as t/browser.t does: chromium and node
# (tools/deps.sh), playwright-core pinned in t/browser/package-lock.json,
# with npm ci into build/browser-node/.  HTML_DIFF_PAGES and
# HTML_DIFF_SEED change the run.

use strict;
use warnings;

use Test::More;
use Cwd qw(abs_path);
use File::Basename qw(dirname);
use JSON::PP;

use lib 't/lib';
use Test::Npm;

my $root = abs_path(dirname(__FILE__) . '/..');
my $src = "$root/t/browser";
my $dir = "$root/build/browser-node";
my $out = "$root/build/html-diff-t";
my $chromium = $ENV{CHROMIUM} || '/usr/bin/chromium';
my $pages = $ENV{HTML_DIFF_PAGES} || 400;
my $seed = $ENV{HTML_DIFF_SEED} || 13;

is(system("$root/tools/deps.sh", 'browser', 'node'), 0,
   'tools/deps.sh browser node');
ok(-x $chromium, "chromium is installed ($chromium)") or bail();

my $installed = npm_ci($src, $dir, 'playwright-core');
ok($installed, 'playwright-core installed in build/browser-node')
    or bail();

unlink "$out/summary.json";

my $cmd = "node '$root/tools/html-diff/run.mjs' --pages $pages "
          . "--seed $seed --out '$out' --minimize 5 2>&1";
my $log = `$cmd`;
my $rc = $? >> 8;

my $sum = eval { decode_json(slurp("$out/summary.json")) };

ok($sum, 'run.mjs wrote its summary') or do { diag($log); bail() };

note("chromium $sum->{chromium}, $sum->{seconds} s");

is($sum->{pages}, $pages, "$pages pages compared (seed $seed)");
is($sum->{errors}, 0, 'every unfiltered page loaded')
    or diag(explain($sum->{error_list}));
cmp_ok($sum->{granted_pages}, '>', 0,
       'some pages compared with analytics granted');
my @leaks = grep { /^leak:/ } split /\n/, $log;

is($sum->{leaks}, 0, 'no marked element survives the filter')
    or diag(join "\n", @leaks[0 .. ($#leaks < 29 ? $#leaks : 29)],
            @leaks > 30 ? ('...') : ());
is($sum->{inactive}, 0, 'activate: every granted blocked script ran')
    or diag(explain($sum->{activation_pages}));
is($sum->{wrongly_activated}, 0, 'no other script ran than unfiltered')
    or diag(explain($sum->{activation_pages}));
cmp_ok($sum->{activated}, '>', 0, 'some scripts were activated');
is_deeply($sum->{coverage_missing}, [],
          'every kind of marker came up, denied and granted')
    or diag(explain($sum->{kinds}, $sum->{granted_kinds}));
is($sum->{fatal}, 0, 'error.log: no alert, crit, emerg or crash')
    or diag(explain($sum->{fatal_lines}));
is($rc, 0, 'run.mjs exits 0')
    or diag(join "\n", grep { !/^leak:/ } split /\n/, $log);

done_testing();


sub bail {
    done_testing();
    exit 1;
}


sub slurp {
    my ($f) = @_;
    open my $fh, '<', $f or return '';
    local $/;
    return <$fh>;
}
