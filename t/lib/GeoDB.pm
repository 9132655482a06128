package GeoDB;

# The test country databases: geoip/mkdb.pl run once per test file into a
# temporary directory of its own (readable by the workers, which may run as
# nobody), exported as $TEST_NGINX_GEODB.

use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

our $DIR;

BEGIN {
    $DIR = tempdir('consent-geodb-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
    chmod 0755, $DIR;

    my $root = dirname(dirname(dirname(abs_path(__FILE__))));
    my $out = `perl $root/geoip/mkdb.pl $DIR 2>&1`;

    die "geoip/mkdb.pl failed (is libmaxmind-db-writer-perl installed? "
        . "tools/deps.sh test installs it):\n$out"
        if $? != 0;

    $ENV{TEST_NGINX_GEODB} = $DIR;
}

1;
