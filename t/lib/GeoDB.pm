package GeoDB;

# The test country databases: geoip/mkdb.pl run once per test file into a
# temporary directory of its own (readable by the workers, which may run as
# nobody), exported as $TEST_NGINX_GEODB.  $LIVE, in the same directory, is
# the file the tests that change a database under nginx point it at;
# install() and overwrite() change it.

use strict;
use warnings;

use Cwd qw(abs_path);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use IO::Handle;
use Time::HiRes ();

our ($DIR, $LIVE);

BEGIN {
    $DIR = tempdir('consent-geodb-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
    chmod 0755, $DIR;

    my $root = dirname(dirname(dirname(abs_path(__FILE__))));
    my $out = `perl $root/geoip/mkdb.pl $DIR 2>&1`;

    die "geoip/mkdb.pl failed (is libmaxmind-db-writer-perl installed? "
        . "tools/deps.sh test installs it):\n$out"
        if $? != 0;

    $ENV{TEST_NGINX_GEODB} = $DIR;
    $LIVE = "$DIR/live.mmdb";
}


# the bytes of one of the databases: bytes('official')

sub bytes {
    my ($name) = @_;

    open my $fh, '<:raw', "$DIR/$name.mmdb" or die "$DIR/$name.mmdb: $!";
    local $/;
    return scalar <$fh>;
}


# the live file replaced by rename, as geoipupdate does

sub install {
    my ($content) = @_;
    my $tmp = "$DIR/.live.tmp";

    open my $fh, '>:raw', $tmp or die "$tmp: $!";
    print $fh $content;
    close $fh or die "$tmp: $!";
    chmod 0644, $tmp;

    rename $tmp, $LIVE or die "rename: $!";
}


# cp over the live file in place: truncate, then write in pieces of $piece
# bytes, $pause seconds apart

sub overwrite {
    my ($content, $piece, $pause) = @_;

    open my $fh, '>:raw', $LIVE or die "$LIVE: $!";
    $fh->autoflush(1);

    for (my $off = 0; $off < length $content; $off += $piece) {
        print $fh substr($content, $off, $piece);
        Time::HiRes::sleep($pause);
    }

    close $fh or die "$LIVE: $!";
}

1;
