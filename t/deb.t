# The Debian package that "make deb" builds, installed into this machine
# with dpkg and loaded by Debian's own nginx with its own nginx.conf:
# installs, loads, keeps an administrator's choice, removes and purges
# cleanly.  As Debian's libnginx-mod-* packages do, the modules-enabled link
# is made on a first install, set aside as NAME.removed on removal, put back
# on a reinstall after a removal, not put back on an upgrade once the
# administrator removed it, and deleted on purge.
#
# Runs as root only (it installs a package), and only where Debian's nginx
# is installed and the package is not: it leaves the machine as it found
# it, the package purged, even when a check fails.

use strict;
use warnings;

use Test::More;
use File::Temp qw(tempdir);


my $pkg       = 'libnginx-mod-http-consent';
my $nginx     = '/usr/sbin/nginx';
my $so        = '/usr/lib/nginx/modules/ngx_http_consent_module.so';
my $available = '/usr/share/nginx/modules-available/mod-http-consent.conf';
my $enabled   = '/etc/nginx/modules-enabled/50-mod-http-consent.conf';
my $removed   = "$enabled.removed";
my $doc       = "/usr/share/doc/$pkg";
my $load      = 'load_module modules/ngx_http_consent_module.so;';

my @files = ($so, $available, "$doc/copyright", "$doc/changelog.gz",
             "$doc/README.md.gz", map { "$doc/examples/$_" }
             map { s{.*/}{}r } glob 'conf/*.conf');


plan skip_all => 'installs a package with dpkg: run as root' if $> != 0;

plan skip_all => "Debian's nginx is not installed"
    unless -x $nginx && -f '/etc/nginx/nginx.conf'
           && -d '/etc/nginx/modules-enabled'
           && status('nginx-common') =~ /installed/;

plan skip_all => "$pkg is on this machine already (" . status($pkg)
                 . "): the test would not leave it as it found it"
    if status($pkg) ne '';

for my $left ($enabled, $removed, $so, $available,
              '/etc/nginx/modules-available/mod-http-consent.conf')
{
    plan skip_all => "$left exists without the package (\"make install\"?): "
                     . "the test would not leave the machine as it found it"
        if -l $left || -e $left;
}


my ($version) = `head -n 1 pkg/deb/changelog` =~ /\(([^)]+)\)/;
my $arch = `dpkg --print-architecture`;
chomp $arch;

my $deb = "build/${pkg}_${version}_$arch.deb";

plan skip_all => "no $deb, and the suite runs against another build "
                 . "(TEST_NGINX_BINARY, TEST_NGINX_MODULE): \"make deb\" "
                 . "packages the module built against Debian's nginx-dev"
    if !-f $deb && ($ENV{TEST_NGINX_BINARY} || $ENV{TEST_NGINX_MODULE});

if (!ok(-f $deb, "$deb is there")) {
    diag("run \"make deb\" first (\"make integration\" does)");
    done_testing();
    exit;
}


# from here on the machine is changed: put it back whatever happens

my $touched = 1;

$SIG{$_} = sub { die "killed by SIG$_[0]\n" } for qw(INT TERM HUP);

END {
    if ($touched) {
        local $?;
        dpkg('--purge', $pkg) if status($pkg) ne '';
        unlink $enabled if -l $enabled;
        unlink $removed if -l $removed;
    }
}


# a configuration that loads the modules the way Debian's nginx.conf does
# and uses one of the module's directives

my $dir = tempdir('consent-deb-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);

write_file("$dir/nginx.conf", <<"EOF");
include /etc/nginx/modules-enabled/*.conf;
pid $dir/nginx.pid;
events {
}
http {
    access_log off;
    consent_cookie consent format=native;
    server {
        listen 127.0.0.1:8;
        location /collect {
            consent_require analytics;
        }
    }
}
EOF

my @mine = ('-c', "$dir/nginx.conf", '-e', "$dir/error.log");


# before: Debian's configuration is good, the module is unknown

nginx_ok('before install');
nginx_unknown('before install');


# the package: what it declares

my %field = map { $_ => scalar `dpkg-deb -f $deb $_` }
                qw(Package Version Depends);
chomp %field;

is($field{Package}, $pkg, 'Package');
is($field{Version}, $version, 'Version: the first entry of pkg/deb/changelog');

my ($abi) = `dpkg-query -W -f '\${Provides}' nginx nginx-core 2>/dev/null`
            =~ /(nginx-abi-[^\s,]+)/;

ok($abi, "the installed nginx provides an ABI ($abi)");
like($field{Depends}, qr/(?:^|, )\Q$abi\E(?:,|$)/,
     "Depends on the installed nginx's ABI");
like($field{Depends}, qr/(?:^|, )libmaxminddb0 \(>= [^)]+\)/,
     'Depends on libmaxminddb0 with a version');
unlike(scalar `dpkg-deb --ctrl-tarfile $deb | tar -t`, qr/conffiles/,
       'no conffiles, so dpkg never prompts');


# a first install: the files, the link, the module loads

dpkg_ok('--install', $deb);

like(status($pkg), qr/^install ok installed$/, 'install: installed');
ok(-f $_, "install: $_") for @files;
is(mode($so), '0644', 'install: the .so is 0644');
is(slurp($available), "$load\n", "install: $available loads the module");
is(readlink($enabled), $available, "install: $enabled links to it");
ok(!-l $removed, "install: no $removed");

nginx_ok('install');
nginx_loaded('install');


# a reinstall (an upgrade) keeps the link as it is: there, and, once the
# administrator has removed it, gone

dpkg_ok('--install', $deb);

is(readlink($enabled), $available, 'reinstall: the link is kept');

unlink $enabled;
dpkg_ok('--install', $deb);

ok(!-l $enabled, 'reinstall: the link the administrator removed stays '
                 . 'removed');
nginx_ok('reinstall without the link');
nginx_unknown('reinstall without the link');

symlink $available, $enabled;


# a removal: the files go, the link is set aside, nginx runs without it

dpkg_ok('--remove', $pkg);

like(status($pkg), qr/config-files/, 'remove: config-files');
ok(!-e $_, "remove: no $_") for @files;
ok(!-e $doc, "remove: no $doc");
ok(!-l $enabled, "remove: no $enabled");
is(readlink($removed), $available, "remove: set aside as $removed");

nginx_ok('remove');
nginx_unknown('remove');


# a reinstall after a removal puts the link back

dpkg_ok('--install', $deb);

is(readlink($enabled), $available, 'reinstall after remove: the link is '
                                   . 'back');
ok(!-l $removed, "reinstall after remove: no $removed");
nginx_loaded('reinstall after remove');


# a purge leaves nothing

dpkg_ok('--purge', $pkg);
gone('purge');


# a fresh install after the purge links again; a purge from there too

dpkg_ok('--install', $deb);

is(readlink($enabled), $available, 'install after purge: linked');
nginx_loaded('install after purge');

dpkg_ok('--remove', $pkg);
dpkg_ok('--purge', $pkg);
gone('remove, then purge');

$touched = 0;

done_testing();


# dpkg, never asking anything; waits for the lock if another dpkg or apt
# holds it

sub dpkg {
    my @args = @_;

    local $ENV{DEBIAN_FRONTEND} = 'noninteractive';

    for my $try (1 .. 60) {
        my $out = `dpkg --force-confdef --force-confold @args </dev/null 2>&1`;
        my $rc = $?;

        return ($rc, $out) if $rc == 0 || $out !~ /dpkg .*lock/;

        sleep 2;
    }

    return (1, "dpkg: the lock stayed held\n");
}


sub dpkg_ok {
    my ($rc, $out) = dpkg(@_);

    ok($rc == 0, "dpkg @_") or diag($out);
}


sub status {
    my ($name) = @_;

    my $s = `dpkg-query -W -f '\${Status}' $name 2>/dev/null`;

    return $? == 0 && $s !~ /not-installed/ ? $s : '';
}


# Debian's nginx with Debian's nginx.conf

sub nginx_ok {
    my ($when) = @_;

    my $out = `$nginx -t 2>&1`;

    ok($? == 0, "$when: nginx -t with /etc/nginx/nginx.conf") or diag($out);
}


# the module is loaded through the modules-enabled link: nginx -T shows
# the link's load_module line, and a configuration using consent_cookie
# and consent_require passes nginx -t

sub nginx_loaded {
    my ($when) = @_;

    my $out = `$nginx -T 2>/dev/null`;

    like($out, qr/^# configuration file \Q$enabled\E:\n\Q$load\E$/m,
         "$when: nginx -T loads the module from $enabled");

    $out = `$nginx -t @mine 2>&1`;

    ok($? == 0, "$when: nginx -t with consent_cookie") or diag($out);
}


sub nginx_unknown {
    my ($when) = @_;

    my $out = `$nginx -t @mine 2>&1`;

    ok($? != 0 && $out =~ /unknown directive "consent_cookie"/,
       "$when: consent_cookie is unknown") or diag($out);
}


sub gone {
    my ($when) = @_;

    is(status($pkg), '', "$when: $pkg is not installed");
    ok(!-e $_, "$when: no $_") for @files;
    ok(!-e $doc, "$when: no $doc");
    ok(!-l $enabled, "$when: no $enabled");
    ok(!-l $removed, "$when: no $removed");

    nginx_ok($when);
    nginx_unknown($when);
}


sub mode {
    return sprintf '%04o', (stat $_[0])[2] & 07777;
}


sub slurp {
    open my $fh, '<', $_[0] or return '';
    local $/;
    return scalar <$fh>;
}


sub write_file {
    my ($name, $text) = @_;

    open my $fh, '>', $name or die "$name: $!";
    print $fh $text;
    close $fh or die "$name: $!";
}
