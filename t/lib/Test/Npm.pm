package Test::Npm;

# The reference packages of the differential and browser tests, installed
# with "npm ci" from a lock file committed under t/, into a directory of
# build/ (never into the tree), and again only when the lock file changed.
#
#   my $pkg = npm_ci("$root/t/tcf", "$root/build/tcf-node", '@iabtcf/core');
#
# copies SRC/package.json and SRC/package-lock.json into DIR, runs npm ci
# there unless DIR already holds the same two files and PACKAGE, and
# returns the path of PACKAGE's package.json, or undef (npm's output shown
# with diag) when it is not installed.

use strict;
use warnings;

use Exporter qw(import);
use File::Compare qw(compare);
use File::Copy qw(copy);
use File::Path qw(make_path);
use Test::More ();

our @EXPORT = qw(npm_ci);


sub npm_ci {
    my ($src, $dir, $package) = @_;
    my $installed = "$dir/node_modules/$package/package.json";

    make_path($dir);

    my $fresh = -f $installed
        && compare("$src/package-lock.json", "$dir/package-lock.json") == 0
        && compare("$src/package.json", "$dir/package.json") == 0;

    unless ($fresh) {
        copy("$src/package.json", "$dir/package.json") or die "copy: $!";
        copy("$src/package-lock.json", "$dir/package-lock.json")
            or die "copy: $!";

        my $cmd = "cd '$dir' && npm ci --no-audit --no-fund --loglevel=error";
        my $out = `$cmd 2>&1`;

        if ($? != 0) {
            Test::More::diag($out);
            unlink "$dir/package-lock.json";
        }
    }

    return -f $installed ? $installed : undef;
}


1;
