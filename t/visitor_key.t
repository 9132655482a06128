# consent_visitor_key: a fleet of servers with the same key file agrees on
# $consent_visitor_hash, a reload keeps it, another file changes it, and a
# new file takes effect at the next reload (the rotation the README's
# recipe does).  The day boundary is tested in t/unit/test_siphash.c with
# explicit day numbers; the refusals of nginx -t are in t/directives.t and
# below, where a file mode or another user is needed.
#
# Every key file here is synthetic: 64 random hexadecimal digits, as
# "openssl rand -hex 32" writes them.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use File::Temp qw(tempdir);
use POSIX qw(_exit);


my $dir = tempdir('consent-key-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $dir;

sub random_hex {
    open my $fh, '<:raw', '/dev/urandom' or die "/dev/urandom: $!";
    read($fh, my $b, 32) == 32 or die "/dev/urandom: short read";
    close $fh;
    return unpack('H*', $b);
}

# written as the README's recipe does: a new file, then a rename

sub write_key {
    my ($name, $content, $mode) = @_;
    my $path = "$dir/$name";

    open my $fh, '>', "$path.tmp" or die "$path.tmp: $!";
    chmod defined $mode ? $mode : 0600, "$path.tmp";
    print $fh $content;
    close $fh or die "$path.tmp: $!";
    rename "$path.tmp", $path or die "rename $path: $!";

    return $path;
}

my %key = (a => random_hex(), b => random_hex());


# SipHash-2-4, written here again from the paper, and the derivation the
# README documents: the hash a server must give is computed independently
# (Perl builds with -fwrapv, so "use integer" wraps as uint64_t would)

sub siphash_rotl {
    use integer;
    my ($x, $b) = @_;
    return ($x << $b) | (($x >> (64 - $b)) & ((1 << $b) - 1));
}

sub siphash {
    my ($key, $msg) = @_;
    use integer;
    no warnings 'portable';

    my ($k0, $k1) = unpack('q<q<', $key);
    my @v = ($k0 ^ 0x736f6d6570736575, $k1 ^ 0x646f72616e646f6d,
             $k0 ^ 0x6c7967656e657261, $k1 ^ 0x7465646279746573);
    my $len = length $msg;

    my $round = sub {
        $v[0] += $v[1]; $v[1] = siphash_rotl($v[1], 13); $v[1] ^= $v[0];
        $v[0] = siphash_rotl($v[0], 32);
        $v[2] += $v[3]; $v[3] = siphash_rotl($v[3], 16); $v[3] ^= $v[2];
        $v[0] += $v[3]; $v[3] = siphash_rotl($v[3], 21); $v[3] ^= $v[0];
        $v[2] += $v[1]; $v[1] = siphash_rotl($v[1], 17); $v[1] ^= $v[2];
        $v[2] = siphash_rotl($v[2], 32);
    };

    # the last word: the leftover bytes, zeros, the length modulo 256

    $msg .= "\0" x ((7 - $len % 8) % 8) . chr($len % 256);

    for my $m (unpack('q<*', $msg)) {
        $v[3] ^= $m;
        $round->() for 1 .. 2;
        $v[0] ^= $m;
    }

    $v[2] ^= 0xff;
    $round->() for 1 .. 4;

    return $v[0] ^ $v[1] ^ $v[2] ^ $v[3];
}

# the visitor hash of an IPv4 address under a key file's digits on a UTC day

sub expected {
    my ($hex, $day, $addr, $ua) = @_;

    my $secret = pack('H*', $hex);
    my $day_key = pack('q<q<', map {
        siphash(substr($secret, 0, 16),
                substr($secret, 16) . pack('Q<', $day) . chr($_))
    } 0, 1);

    my $msg = chr(4) . pack('C4', split /\./, $addr) . "\0" . $ua;

    return sprintf('%016x', siphash($day_key, $msg));
}

is(sprintf('%016x', siphash(pack('C*', 0 .. 15), pack('C*', 0 .. 14))),
   'a129ca6149be45e5', 'the SipHash of this test: the paper\'s vector');

my $a_key = write_key('a.key', "$key{a}\n");
my $b_key = write_key('b.key', "$key{b}\n");

my $config = <<'END';
location /t {
    return 200 "$consent_visitor_hash\n";
}
END

sub http_config {
    my ($file) = @_;
    my $c = "consent_geoip_source \$http_x_addr;\n";
    $c .= "consent_visitor_key $file;\n" if defined $file;
    return $c;
}

my $UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 '
         . 'Firefox/128.0';

sub hash {
    my ($n, $addr, $ua) = @_;

    my $r = $n->http('GET /t', more_headers => "X-Addr: $addr\n"
                                               . 'User-Agent: '
                                               . ($ua // $UA) . "\n");
    return "status $r->{status}" unless $r->{status} == 200;

    (my $h = $r->{body}) =~ s/\n\z//;
    return $h;
}

# one hash over several requests (every worker answers), or a mismatch

sub stable_hash {
    my ($n, $addr) = @_;
    my %seen = map { hash($n, $addr) => 1 } 1 .. 8;
    return keys %seen == 1 ? (keys %seen)[0] : join(' ', sort keys %seen);
}


# two servers of a fleet with the same file

my $n1 = start_nginx(name => 'fleet-1', http_config => http_config($a_key),
                     config => $config, workers => 2);
my $n2 = start_nginx(name => 'fleet-2', http_config => http_config($a_key),
                     config => $config, workers => 2);

my $h1 = stable_hash($n1, '81.2.69.160');
my $h2 = stable_hash($n2, '81.2.69.160');

like($h1, qr/^[0-9a-f]{16}$/, 'a hash of 16 hexadecimal digits');

{
    # the UTC day before and after the request, in case it was midnight

    my $before = int(time / 86400);
    my $h = hash($n1, '81.2.69.160');
    my $after = int(time / 86400);

    ok($h eq expected($key{a}, $before, '81.2.69.160', $UA)
       || $h eq expected($key{a}, $after, '81.2.69.160', $UA),
       'the hash is the one the README documents, under the UTC day')
        or diag("got $h, want " . expected($key{a}, $after, '81.2.69.160',
                                           $UA));
}
is($h2, $h1, 'two instances with the same key file agree');

isnt(hash($n1, '81.2.69.161'), $h1, 'another address, another hash');
isnt(hash($n1, '81.2.69.160', 'curl/7.88.1'), $h1,
     'another User-Agent, another hash');
is(hash($n2, '81.2.69.161'), hash($n1, '81.2.69.161'),
   'the two instances agree on another address too');
is(hash($n2, '2001:db8::1'), hash($n1, '2001:db8::1'),
   'and on an IPv6 address');

# a reload keeps it

ok($n1->reload, 'nginx -s reload');
is(stable_hash($n1, '81.2.69.160'), $h1, 'the hash survives a reload');

# another file, another hash

my $n3 = start_nginx(name => 'other-key', http_config => http_config($b_key),
                     config => $config);

my $h3 = stable_hash($n3, '81.2.69.160');
like($h3, qr/^[0-9a-f]{16}$/, 'another key file: a hash');
isnt($h3, $h1, 'another key file gives another hash');

# without the directive: a key per configuration load, as before (one
# server's hash differs from another's, and changes with a reload)

my $n4 = start_nginx(name => 'no-key-1', http_config => http_config(),
                     config => $config, workers => 2);
my $n5 = start_nginx(name => 'no-key-2', http_config => http_config(),
                     config => $config);

my $h4 = stable_hash($n4, '81.2.69.160');
like($h4, qr/^[0-9a-f]{16}$/, 'without consent_visitor_key: a hash, '
                               . 'the same from every worker');
isnt(stable_hash($n5, '81.2.69.160'), $h4,
     'without consent_visitor_key two instances disagree');
ok($n4->reload, 'nginx -s reload without consent_visitor_key');
isnt(stable_hash($n4, '81.2.69.160'), $h4,
     'without consent_visitor_key a reload changes the hash');

# rotation: a new file is read at the next reload, not before

$key{a2} = random_hex();
write_key('a.key', "$key{a2}\n");

is(stable_hash($n1, '81.2.69.160'), $h1,
   'a new file changes nothing before the reload (no file I/O per request)');

ok($n1->reload, 'nginx -s reload with the rotated file');
my $h1r = stable_hash($n1, '81.2.69.160');
like($h1r, qr/^[0-9a-f]{16}$/, 'rotated: a hash');
ok(grep({ $h1r eq expected($key{a2}, int(time / 86400) + $_, '81.2.69.160',
                           $UA) } -1, 0),
   'rotated: the hash of the new file');
isnt($h1r, $h1, 'the rotated file gives another hash');
is(stable_hash($n2, '81.2.69.160'), $h1,
   'a server not reloaded yet keeps the old one');
ok($n2->reload, 'the second server reloads');
is(stable_hash($n2, '81.2.69.160'), $h1r,
   'after the rotation both servers agree again');

# a reload with a file that nginx -t refuses keeps the running key

write_key('a.key', "$key{a2}\n", 0644);

ok(!$n1->reload, 'a reload with a world-readable key file is refused');
like($n1->{reload_error} // '',
     qr/"consent_visitor_key" file "\Q$a_key\E" is accessible by others/,
     'the reload error names the file and the reason');
is(stable_hash($n1, '81.2.69.160'), $h1r,
   'the old configuration keeps its key');

write_key('a.key', "$key{a2}\n");

# the key is in no log, at the debug level

for my $n ($n1, $n2, $n3) {
    my $log = $n->error_log . $n->stderr_output . $n->access_log;
    my $found = grep { $log =~ /\Q$_\E/i } values %key;
    is($found, 0, "$n->{opts}{name}: no key file's content in the logs");
}

$n1->finish('fleet-1', allow => [ qr/\[emerg\].*consent_visitor_key/ ]);
$n2->finish('fleet-2');
$n3->finish('other-key');
$n4->finish('no-key-1');
$n5->finish('no-key-2');


# refusals that need a mode or a user that t/directives.t cannot give

sub refused {
    my ($name, $http_config, $line, $want) = @_;

    my $t = nginx_t(name => $name, http_config => $http_config,
                    config => $config);

    ok(!$t->{ok} && $t->{signal} == 0, "$name: nginx -t fails")
        or diag($t->{output});
    like($t->{output}, qr/\Q$want\E/, "$name: the reason");
    my $at = $t->{conf} . ':' . $t->{line_of}->('http_config', $line);
    like($t->{output}, qr/ in \Q$at\E$/m, "$name: the file and the line");
    unlike($t->{output}, qr/\Q$key{a2}\E/i, "$name: the key is not shown");
}

my $g = write_key('group.key', "$key{a2}\n", 0620);

refused('group-writable', http_config($g), 2,
        qq{[emerg] "consent_visitor_key" file "$g" is writable by its }
        . 'group (mode 0620), it must not be in ');

my $o = write_key('other.key', "$key{a2}\n", 0602);

refused('world-writable', http_config($o), 2,
        qq{"consent_visitor_key" file "$o" is accessible by others }
        . '(mode 0602), it must not be in ');

refused('duplicate', http_config($a_key) . "consent_visitor_key $b_key;\n",
        3, '"consent_visitor_key" directive is duplicate in ');

# an unreadable file: root reads any file, so nginx -t runs as nobody

SKIP: {
    my $nobody = getpwnam('nobody');
    skip('not root: nginx -t cannot be run as another user', 3)
        unless $> == 0 && defined $nobody;

    my $p = tempdir('consent-key-t-XXXXXXXX', TMPDIR => 1, CLEANUP => 1);
    chmod 0755, $p;
    mkdir "$p/$_", 0777 for qw(conf logs);
    chmod 0777, "$p/$_" for qw(conf logs);

    my $module = Test::Consent::_module();

    open my $fh, '>', "$p/conf/nginx.conf" or die $!;
    print $fh "load_module $module;\n",
              "error_log logs/error.log;\n",
              "events { }\n",
              "http {\n",
              "    consent_visitor_key $a_key;\n",
              "}\n";
    close $fh;
    chmod 0644, "$p/conf/nginx.conf";

    my $out = "$p/logs/out";
    my $pid = fork;
    die "fork: $!" unless defined $pid;

    if ($pid == 0) {
        open STDOUT, '>', $out or _exit(2);
        open STDERR, '>&', \*STDOUT or _exit(2);
        my $gid = (getpwnam('nobody'))[3];
        $) = "$gid $gid";                   # no supplementary root group
        POSIX::setgid($gid);
        POSIX::setuid($nobody);
        _exit(2) if $> == 0;
        { exec Test::Consent::_binary(), '-t',
               '-p', "$p/", '-c', "$p/conf/nginx.conf",
               '-e', "$p/logs/error.log" };
        _exit(2);
    }

    waitpid $pid, 0;
    my $status = $?;
    my $output = do { local (@ARGV, $/) = $out; <> } // '';

    is($status >> 8, 1, 'unreadable: nginx -t as nobody fails')
        or diag($output);
    my $want = qq{[emerg] open() "$a_key" failed (13: Permission denied)};
    like($output, qr/\Q$want\E/,
         'unreadable: the reason');
    unlike($output, qr/\Q$key{a2}\E/i, 'unreadable: the key is not shown');
}

done_testing();
