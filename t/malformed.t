# A corpus of malformed input, each case with its expected outcome, read
# from t/malformed/*.txt (the format is in t/malformed/README): consent
# cookies, TC strings, client addresses, HTML pages, country databases and
# configuration lines.  One nginx per kind answers every case of it: what
# is malformed grants nothing, leaks no address, crashes nothing, and
# nginx says clearly what it refused.  A case marked "# BUG:" in its data
# file is a known failure of the module, reported as TODO.
#
# MALFORMED_KINDS=cookies,html runs only those kinds.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use GeoDB;

use Fcntl qw(O_WRONLY O_NONBLOCK);
use File::Path qw(make_path remove_tree);
use File::Temp ();
use MIME::Base64 ();
use POSIX qw(mkfifo _exit);
use Storable ();
use Time::HiRes qw(time sleep);

our ($TODO, $BUG);

my $DATA = "$Test::Consent::ROOT/t/malformed";
my $GEO = $GeoDB::DIR;
my (%ran, %bugs);


###########################################################################
# for "eval:" fields of the data files (package main)

# encodeURIComponent
sub uri {
    my ($s) = @_;

    $s =~ s/([^A-Za-z0-9\-_.!~*'()])/sprintf('%%%02X', ord $1)/ge;
    return $s;
}

# Cookiebot's wire form: encodeURIComponent, and ' as %27 too
sub cb {
    my $s = uri($_[0]);

    $s =~ s/'/%27/g;
    return $s;
}

# the native cookie, decided $ago seconds ago
sub native {
    my ($ago, $cats) = @_;

    return '1.' . int(time() - $ago) . ".0.$cats.k3J9xQ2mPq";
}

# n bits of v, big-endian, as a string of 0 and 1
sub bits {
    my ($v, $n) = @_;

    return substr(unpack('B64', pack('Q>', $v)), 64 - $n);
}

# a bit string as base64url, padded with zero bits to whole characters
sub b64 {
    my ($b) = @_;
    my @a = ('A' .. 'Z', 'a' .. 'z', '0' .. '9', '-', '_');

    $b .= '0' x ((6 - length($b) % 6) % 6);
    return join '', map { $a[oct "0b$_"] } $b =~ /(.{6})/g;
}

# an n-bit field with bit k-1 set for each number k
sub mask {
    my ($n, @k) = @_;
    my $b = '0' x $n;

    substr($b, $_ - 1, 1, '1') for @k;
    return $b;
}

# a TCF vendor section: { max => N, bits => '0101' } as a bit field, or
# { max => N, ranges => [[id], [from, to]], entries => N } range-encoded;
# every field may lie
sub vendors {
    my ($v) = @_;

    $v ||= { max => 0, bits => '' };

    return bits($v->{max}, 16) . '0' . ($v->{bits} // '')
        unless $v->{ranges};

    return bits($v->{max}, 16) . '1'
           . bits($v->{entries} // scalar @{ $v->{ranges} }, 12)
           . join '', map {
                 @$_ == 1 ? '0' . bits($_->[0], 16)
                          : '1' . bits($_->[0], 16) . bits($_->[1], 16)
             } @{ $v->{ranges} };
}

# a TC string with every field of the core segment settable (time, or
# created and updated in deciseconds, version, lang and cc as two letter
# numbers, service, purposes, li, vendors, vendors_li, restrictions as
# bits, core_bits to cut the core short); segments => [ bit strings ]
# adds segments as they are, pub => [ purposes ] a Publisher TC segment
sub tcf {
    my (%a) = @_;
    my $ds = exists $a{time} ? $a{time} * 10 : 17323500000;
    my $lang = $a{lang} // [4, 13];
    my $cc = $a{cc} // [3, 4];

    my $b = bits($a{version} // 2, 6)
            . bits($a{created} // $ds, 36) . bits($a{updated} // $ds, 36)
            . bits(10, 12) . bits(2, 12) . bits(1, 6)
            . bits($lang->[0], 6) . bits($lang->[1], 6)
            . bits(150, 12) . bits(4, 6)
            . bits($a{service} // 1, 1) . '0' . bits(0, 12)
            . mask(24, @{ $a{purposes} // [] })
            . mask(24, @{ $a{li} // [] })
            . '0' . bits($cc->[0], 6) . bits($cc->[1], 6)
            . vendors($a{vendors}) . vendors($a{vendors_li})
            . ($a{restrictions} // bits(0, 12));

    my $s = b64(substr($b, 0, $a{core_bits} // length $b));

    $s .= '.' . b64($_) for @{ $a{segments} // [] };

    $s .= '.' . b64('011' . mask(24, @{ $a{pub} }) . mask(24) . '000000')
        if $a{pub};

    return $s;
}


###########################################################################
# the data files

# A field: "eval:EXPR" is Perl (a list gives several values), anything
# else is taken as it is.

sub field {
    my ($s, $where) = @_;

    return $s unless $s =~ /^eval:(.*)\z/s;

    my @v = eval "package main; no strict; no warnings;\n$1";

    die "$where: eval failed: $@" if $@;

    return @v == 1 ? $v[0] : [@v];
}

# The cases of one file: one a line, fields separated by tabs.  The "#"
# lines right before a case say why it is there; "# BUG: ..." among them
# marks it as a known bug of the module, "# BUG(tag,...): ..." only the
# assertions of those tags.

sub cases {
    my ($name, $min, $max) = @_;
    my $file = "$DATA/$name";
    my (@cases, @why, $bug);

    open my $fh, '<:raw', $file or die "$file: $!";

    while (my $l = <$fh>) {
        $l =~ s/\r?\n\z//;

        if ($l =~ /^\s*#\s?(.*)$/) {
            my $c = $1;

            if ($c =~ /^BUG(?:\(([\w,-]+)\))?:\s*(.*)$/) {
                $bug = { text => $2,
                         tags => $1 ? { map { $_ => 1 } split /,/, $1 }
                                    : undef };
            } elsif ($c =~ /\S/) {
                push @why, $c;
            }

            next;
        }

        if ($l !~ /\S/) {
            die "$name:$.: a BUG marker not right before a case\n" if $bug;
            @why = ();
            next;
        }

        my $where = "$name:$.";
        my @raw = split /\t+/, $l;

        die "$where: " . @raw . " fields, want $min to $max\n"
            if @raw < $min || @raw > $max;

        push @cases, { where => $where, raw => \@raw,
                       f => [ map { field($_, $where) } @raw ],
                       why => join(' ', @why), bug => $bug };

        @why = ();
        $bug = undef;
    }

    die "$file: no cases\n" unless @cases;

    return @cases;
}

# a field, short and printable, for test names

sub shown {
    my ($s) = @_;

    $s = join ' | ', @$s if ref $s eq 'ARRAY';
    $s = substr($s, 0, 60) . '...(' . length($s) . ' bytes)'
        if length $s > 70;
    $s =~ s/([^\x20-\x7e])/sprintf('\\x%02x', ord $1)/ge;

    return $s;
}

# runs the assertions of one case, named after its file and line

sub check_case {
    my ($kind, $c, $code) = @_;

    $ran{$kind}{ $c->{where} } = 1;
    $bugs{$kind}{ $c->{where} } = 1 if $c->{bug};

    local $BUG = $c->{bug};
    local $TODO;

    tag('all');
    note("$c->{where}: $c->{why}") if length $c->{why};

    $code->("$kind $c->{where}: " . shown($c->{raw}[0])
            . ($kind =~ /^(?:cookies|tcf)$/ ? ' ' . shown($c->{raw}[1])
                                            : ''));
}

# the assertions that follow are of this tag: TODO when the case is a
# known bug of all its assertions, or of this tag

sub tag {
    my ($t) = @_;

    $TODO = $BUG && (!$BUG->{tags} || $BUG->{tags}{$t})
            ? "BUG: $BUG->{text}" : undef;
}

sub slurp {
    my ($path) = @_;

    open my $fh, '<:raw', $path or return '';
    local $/;
    return scalar <$fh>;
}

sub spew {
    my ($path, $bytes) = @_;

    open my $fh, '>:raw', $path or die "$path: $!";
    print $fh $bytes;
    close $fh or die "$path: $!";
    chmod 0644, $path;
}

sub wait_for {
    my ($secs, $cond) = @_;
    my $end = time + $secs;

    while (time < $end) {
        return 1 if $cond->();
        sleep 0.02;
    }

    return $cond->();
}


###########################################################################
# cookies and TC strings: one nginx each, a location per format

my $ECHO = 'return 200 "$consent_state $consent_source $consent_granted'
           . ' [$consent_id]\n";';

my $COOKIE_HTTP = <<'END';
consent_category analytics klaro:matomo;
consent_category marketing klaro:adsense;
consent_category preferences klaro:youtube;
consent_category analytics axeptio:google_analytics;
consent_category marketing axeptio:facebook_pixel;
END

my $COOKIE_CONFIG = <<"END";
large_client_header_buffers 4 64k;

location /native {
    $ECHO
}
location /native_age {
    consent_max_age 30d;
    $ECHO
}
location /native_rev {
    consent_revision 5;
    $ECHO
}
location /cc {
    consent_cookie cc_cookie format=cookieconsent;
    $ECHO
}
location /cc_rev {
    consent_cookie cc_cookie format=cookieconsent;
    consent_revision 1;
    $ECHO
}
location /klaro {
    consent_cookie klaro format=klaro;
    $ECHO
}
location /cookiebot {
    consent_cookie CookieConsent format=cookiebot;
    $ECHO
}
location /onetrust {
    consent_cookie OptanonConsent format=onetrust;
    $ECHO
}
location /usp {
    consent_cookie consent;
    consent_cookie usprivacy format=usprivacy;
    $ECHO
}
location /multi {
    consent_cookie cc_cookie format=cookieconsent;
    consent_cookie consent;
    $ECHO
}
location /tcf {
    consent_cookie euconsent-v2 format=tcf;
    $ECHO
}
location /tcf_age {
    consent_cookie euconsent-v2 format=tcf;
    consent_max_age 395d;
    $ECHO
}
location /borlabs {
    consent_cookie borlabs-cookie format=borlabs;
    $ECHO
}
location /axeptio {
    consent_cookie axeptio_cookies format=axeptio;
    $ECHO
}
location /cookieyes {
    consent_cookie cookieyes-consent format=cookieyes;
    $ECHO
}
location /complianz {
    consent_cookie cmplz_ format=complianz;
    $ECHO
}
location /didomi {
    consent_cookie didomi_token format=didomi;
    $ECHO
}
END

# A case: LOCATION, the Cookie header value ("-": none; several values:
# several headers), the expected "$consent_state $consent_source
# $consent_granted [$consent_id]" ("status N" when nginx refuses the
# request, "~REGEX" to match), and optionally what error.log must have
# ("-": no line of the module).  $wrap makes a header value of a field.

sub run_cookies {
    my ($kind, $wrap) = @_;
    my @cases = cases("$kind.txt", 3, 4);

    my $n = start_nginx(name => $kind, log_level => 'info',
                        http_config => $COOKIE_HTTP,
                        config => $COOKIE_CONFIG);

    for my $c (@cases) {
        my ($loc, $cookie, $want, $log) = @{ $c->{f} };
        my @values = ref $cookie ? @$cookie
                   : $cookie eq '-' ? () : ($cookie);

        @values = map { $wrap->($_) } @values if $wrap;

        my $from = length $n->error_log;

        my $r = $n->request("GET /$loc HTTP/1.1\r\nHost: localhost\r\n"
                            . "Connection: close\r\n"
                            . join('', map { "Cookie: $_\r\n" } @values)
                            . "\r\n");

        my $got = defined $r->{error} ? "error: $r->{error}"
                : $r->{status} == 200 ? $r->{body}
                : "status $r->{status}";
        $got =~ s/\n\z//;

        my $lines = substr($n->error_log, $from);
        my @mine = grep { /consent(?: cookie "|: )/ } split /\n/, $lines;

        check_case($kind, $c, sub {
            my ($name) = @_;

            tag('result');

            if ($want =~ /^~(.*)/) {
                like($got, qr/$1/, "$name: $want");
            } else {
                is($got, $want, "$name: $want");
            }

            tag('log');

            if (defined $log && $log eq '-') {
                is(join("\n", @mine), '', "$name: nothing logged");

            } elsif (defined $log) {
                ok(index($lines, $log) >= 0, "$name: error.log has \"$log\"")
                    or diag("error.log:\n$lines");

            } elsif ($want =~ /^\S+ (?:invalid|expired) /) {
                like($lines, qr/\[info\] .*consent cookie "[^"]+" ignored: /,
                     "$name: error.log says why")
                    or diag("error.log:\n$lines");
            }

            # the module's lines: never the value, nor the client's address

            tag('leak');

            my @leak = grep {
                my $l = $_;
                $l =~ /client: /
                || grep { length $_ >= 8 && index($l, $_) >= 0 } @values
            } @mine;

            ok(!@leak, "$name: no value or address in error.log")
                or diag(join "\n", @leak);
        });
    }

    $n->finish($kind);
}


###########################################################################
# client addresses: through realip, and read by consent_geoip_source from
# the header itself on a second server

sub run_addresses {
    my @cases = cases('addresses.txt', 3, 3);

    my $echo = 'return 200 "[$consent_masked_addr] [$consent_country]'
               . ' [$consent_visitor_hash]\n";';

    my $n = start_nginx(
        name        => 'addresses',
        log_level   => 'info',
        http_config => <<"END",
consent_geoip \$TEST_NGINX_GEODB/official.mmdb;
log_format masked '\$consent_masked_addr \$consent_country';
large_client_header_buffers 4 64k;

server {
    listen 127.0.0.1:\$TEST_NGINX_PORT2;
    consent_geoip_source \$http_x_forwarded_for;
    access_log logs/source.log masked;

    location / {
        $echo
    }
}
END
        config => <<"END",
set_real_ip_from 127.0.0.1;
real_ip_header X-Forwarded-For;
access_log logs/realip.log masked;

location / {
    $echo
}
END
    );

    my @raw;

    for my $c (@cases) {
        my ($xff, @want) = @{ $c->{f} };
        my @xff = ref $xff ? @$xff : $xff eq '-' ? () : ($xff);

        # the full addresses in it, looked for in the logs at the end

        my %masked = map { (split / /)[0] => 1 } @want;

        push @raw, grep { /^(?:\d+(?:\.\d+){3}|.*:.*:.*\d.*)$/
                          && !$masked{$_} }
                   map { split /[\s,]+/ } @xff;

        my $req = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  . join('', map { "X-Forwarded-For: $_\r\n" } @xff)
                  . "\r\n";

        check_case('addresses', $c, sub {
            my ($name) = @_;

            for my $i (0, 1) {
                my $via = $i ? 'consent_geoip_source' : 'realip';
                my $r = $n->request($req, $i ? (port => $n->port2) : ());
                my $got;

                if (defined $r->{error} || $r->{status} != 200) {
                    $got = 'status ' . ($r->{status} // 'none');

                } elsif ($r->{body} =~ /^\[(.*?)\] \[(.*?)\] \[(.*?)\]\n\z/) {
                    my ($m, $cc, $h) = ($1, $2, $3);

                    tag('hash');
                    ok(length $m ? $h =~ /^[0-9a-f]{16}\z/ : $h eq '',
                       "$name: $via: a visitor hash only with an address");

                    $got = (length $m ? $m : '-') . ' '
                           . (length $cc ? $cc : '-');

                } else {
                    $got = "body $r->{body}";
                }

                tag($via);
                is($got, $want[$i], "$name: $via: $want[$i]");
            }
        });
    }

    # no full address in a log, but in nginx's own [info] line about a
    # header line it refuses, which quotes the line

    my $logs = join("\n", grep { !/client sent invalid header line/ }
                          split /\n/, $n->error_log)
               . slurp($n->prefix . '/logs/realip.log')
               . slurp($n->prefix . '/logs/source.log');

    my %seen;
    my @leaks = grep { !$seen{$_}++ && index($logs, $_) >= 0 } @raw;

    ok(!@leaks, 'addresses: no raw address in error.log or the access logs')
        or diag("found: @leaks");

    $n->finish('addresses');
}


###########################################################################
# HTML pages through consent_html: each from a file, and proxied from a
# server that sends it one byte at a time; both answers the same

sub run_html {
    my @cases = cases('html.txt', 3, 3);

    my $n = start_nginx(
        name        => 'html',
        log_level   => 'info',
        user_files  => [ map { [ "c$_.html", $cases[$_]{f}[1] ] }
                         0 .. $#cases ],
        http_config => <<'END',
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;

    location / {
        root $TEST_NGINX_HTML_DIR;
        types { }
        default_type "text/html; charset=utf-8";
        output_buffers 1 1;
        postpone_output 0;
        sendfile off;
    }
}
END
        # a declared charset: a page without one that holds a NUL is
        # refused (t/html_edges.t), and the NUL cases test the scanner
        config => <<'END',
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=utf-8";
    root $TEST_NGINX_HTML_DIR;
}

location /p/ {
    consent_html on;
    proxy_buffering off;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2/;
}
END
    );

    for my $i (0 .. $#cases) {
        my $c = $cases[$i];
        my ($granted, $page, $want) = @{ $c->{f} };

        $want = $page if !ref $want && $want eq '=';

        my $cookie = $granted eq '-' ? ''
                     : "Cookie: consent=1.1732350000.0.$granted.k3J9xQ2mPq\n";

        check_case('html', $c, sub {
            my ($name) = @_;

            for my $uri ("/c$i.html", "/p/c$i.html") {
                my $how = $uri =~ m{^/p/} ? 'proxied' : 'file';
                my $r = $n->http("GET $uri", more_headers => $cookie);
                my $got = defined $r->{error} ? "error: $r->{error}"
                        : $r->{status} == 200 ? $r->{body}
                        : "status $r->{status}";

                if (ref $want eq 'Regexp') {
                    ok($got =~ $want, "$name: $how")
                        or diag('     got: ' . shown($got));
                    next;
                }

                is(shown($got), shown($want), "$name: $how");

                is($got, $want, "$name: $how: exact bytes")
                    if $got ne $want && shown($got) eq shown($want);
            }
        });
    }

    $n->finish('html');
}


###########################################################################
# country databases: nginx -t on each file, then each file swapped in
# under auto_reload

my $OFFICIAL = slurp("$GEO/official.mmdb");
my $META = rindex($OFFICIAL, "\xAB\xCD\xEFMaxMind.com");

# the size of the search tree, from the metadata: node_count (uint32) and
# record_size (uint16), each a control byte and up to 4 bytes of value

sub meta_uint {
    my ($key) = @_;
    my $at = index($OFFICIAL, $key, $META) + length $key;
    my $size = ord(substr($OFFICIAL, $at, 1)) & 0x1f;

    return unpack('N', ("\0" x (4 - $size))
                       . substr($OFFICIAL, $at + 1, $size));
}

my $TREE = meta_uint('node_count') * meta_uint('record_size') / 4;

# an offset in official.mmdb: N; tree+N or tree-N from the end of the
# search tree; meta+N from the start of the metadata marker; KEY+N from
# the control byte of the value of metadata KEY; text:STRING+N from the
# first STRING after the tree

sub offset {
    my ($o) = @_;

    return $o + 0 if $o =~ /^\d+$/;
    return $TREE + $1 if $o =~ /^tree([+-]\d+)$/;
    return $META + $1 if $o =~ /^meta\+(\d+)$/;

    if ($o =~ /^text:(\w+)\+(\d+)$/) {
        my $at = index($OFFICIAL, $1, $TREE);
        return $at + $2 if $at >= 0;
    }

    if ($o =~ /^([a-z_]+)\+(\d+)$/) {
        my $at = index($OFFICIAL, $1, $META);
        return $at + length($1) + $2 if $at >= 0;
    }

    die "bad offset \"$o\"\n";
}

# makes the file of a spec at $path, which is to be used as $final
# (symlink:self points to that name)

sub make_db {
    my ($spec, $path, $final) = @_;
    my $bytes = $OFFICIAL;

    if ($spec =~ /^geodb:(\S+)$/) {
        $bytes = slurp("$GEO/$1");

    } elsif ($spec =~ /^truncate:(\S+)$/) {
        $bytes = substr($bytes, 0, offset($1));

    } elsif ($spec =~ /^flip:(\S+):(0x[0-9a-f]+)$/) {
        my $o = offset($1);
        substr($bytes, $o, 1, chr(ord(substr($bytes, $o, 1)) ^ hex $2));

    } elsif ($spec =~ /^set:(\S+):(0x[0-9a-f]+)$/) {
        substr($bytes, offset($1), 1, chr hex $2);

    } elsif ($spec =~ /^zero:(\S+)-(\S+)$/) {
        my ($from, $to) = (offset($1), offset($2));
        substr($bytes, $from, $to - $from, "\0" x ($to - $from));

    } elsif ($spec =~ /^append:(\d+)$/) {
        $bytes .= "\0" x $1;

    } elsif ($spec eq 'missing') {
        return;

    } elsif ($spec eq 'dir') {
        mkdir $path or die "$path: $!";
        return;

    } elsif ($spec eq 'fifo') {
        mkfifo($path, 0644) or die "$path: $!";
        return;

    } elsif ($spec =~ /^symlink:(\S+)$/) {
        my $to = $1;
        ($to = $final // $path) =~ s{.*/}{} if $to eq 'self';
        symlink $to, $path or die "$path: $!";
        return;

    } elsif ($spec =~ /^sparse:(\d+)$/) {
        open my $fh, '>', $path or die "$path: $!";
        truncate $fh, $1 or die "$path: $!";
        close $fh;
        chmod 0644, $path;
        return;

    } elsif ($spec ne 'official') {
        die "unknown database \"$spec\"\n";
    }

    spew($path, $bytes);
}

# the file of a spec in the place of $live, by rename

sub install_db {
    my ($spec, $next, $live) = @_;

    remove_tree($next);
    unlink $next;

    make_db($spec, $next, $live);

    remove_tree($live) if -d $live && !-l $live;
    unlink $live if $spec eq 'missing' || -d $next && !-l $next;

    rename $next, $live or die "rename $next: $!" if $spec ne 'missing';
}

# opens a FIFO for writing if a reader waits on it, which releases the
# reader; returns whether there was one

sub release_fifo {
    my ($path) = @_;

    sysopen(my $fh, $path, O_WRONLY | O_NONBLOCK) or return 0;
    close $fh;
    return 1;
}

# a child that releases the readers of a FIFO from $after seconds on,
# until it is killed (or for 20 s), and creates $marker if there was one

sub fifo_releaser {
    my ($path, $after, $marker) = @_;

    my $pid = fork;
    die "fork: $!" unless defined $pid;

    return $pid if $pid;

    my $end = time + 20;

    sleep $after;

    while (time < $end) {
        if (release_fifo($path) && open my $fh, '>', $marker) {
            close $fh;
        }
        sleep 0.05;
    }

    _exit(0);
}

# nginx_t() of every job, six at a time, each in a child.  A job: the
# sections of nginx_t(), and fifo => PATH for a FIFO the configuration
# reads (released after half a second; "blocked" is then set in the
# result if nginx waited on it).  The results, in order.

sub nginx_t_all {
    my (@jobs) = @_;
    my $dir = File::Temp::tempdir('consent-malformed-XXXXXXXX',
                                  TMPDIR => 1, CLEANUP => 1);
    my (%running, @results);
    my $next = 0;

    while ($next < @jobs || %running) {

        while ($next < @jobs && keys %running < 6) {
            my $k = $next++;
            my $pid = fork;
            die "fork: $!" unless defined $pid;

            if ($pid == 0) {
                my %o = %{ $jobs[$k] };
                my $fifo = delete $o{fifo};
                my $rel = $fifo ? fifo_releaser($fifo, 0.5, "$dir/$k.b") : 0;

                my $t = eval { nginx_t(%o) } || { error => "$@" };

                if ($rel) {
                    kill 'KILL', $rel;
                    waitpid $rel, 0;
                }

                delete $t->{line_of};
                $t->{blocked} = -e "$dir/$k.b" ? 1 : 0;
                Storable::nstore($t, "$dir/$k");
                _exit(0);
            }

            $running{$pid} = $k;
        }

        my $pid = waitpid(-1, 0);
        my $k = delete $running{$pid};

        next unless defined $k;

        $results[$k] = eval { Storable::retrieve("$dir/$k") }
                       || { error => "nginx -t job $k failed: $?" };
    }

    return @results;
}

# "ADDR=CC,..." as nginx answers for each ADDR of a list ("-": no
# country); after a timeout, every other answer is "timeout" too

sub answers {
    my ($n, $list) = @_;
    my @got;

    for my $pair (split /,/, $list) {
        my ($addr) = split /=/, $pair;

        if (grep { /=timeout$/ } @got) {
            push @got, "$addr=timeout";
            next;
        }

        my $r = $n->http('GET /t', more_headers => "X-Forwarded-For: $addr\n",
                         timeout => 2);

        my $cc = defined $r->{error} ? 'timeout'
               : $r->{status} != 200 ? "status $r->{status}"
               : $r->{body} =~ /^\[(\w*)\]\n\z/ ? ($1 eq '' ? '-' : $1)
               : "body $r->{body}";

        push @got, "$addr=$cc";
    }

    return join ',', @got;
}

my $GEO_T = 'location /t { return 200 "[$consent_country]\n"; }';
my $REALIP = "set_real_ip_from 127.0.0.1;\nreal_ip_header X-Forwarded-For;\n";

sub run_databases {
    my @cases = cases('databases.txt', 4, 4);
    my $work = "$GEO/malformed";

    make_path($work);
    chmod 0755, $work;

    # nginx -t

    my @paths = map { "$work/t$_.mmdb" } 0 .. $#cases;

    make_db($cases[$_]{f}[1], $paths[$_]) for 0 .. $#cases;

    my @t = nginx_t_all(map {
        { http_config => "consent_geoip $paths[$_];\n$REALIP",
          config => $GEO_T,
          $cases[$_]{f}[1] eq 'fifo' ? (fifo => $paths[$_]) : () }
    } 0 .. $#cases);

    for my $i (0 .. $#cases) {
        my ($c, $t, $path) = ($cases[$i], $t[$i], $paths[$i]);
        my ($spec, $want) = @{ $c->{f} }[1, 2];

        check_case('databases', $c, sub {
            my ($name) = @_;

            tag('nginx-t');

            if ($t->{error}) {
                fail("$name: nginx -t ran");
                diag($t->{error});
                return;
            }

            my $line = $t->{lines}{http_config};

            ok(!$t->{signal}, "$name: nginx -t not killed by a signal");

            if ($spec eq 'fifo') {
                tag('block');
                ok(!$t->{blocked}, "$name: nginx -t never waits on the file");
                tag('nginx-t');
            }

            if ($want =~ /^emerg:(.*)$/) {
                (my $msg = $1) =~ s/\$FILE/$path/g;

                ok($t->{exit} == 1 && $t->{output} =~ /\[emerg\]/,
                   "$name: nginx -t fails with [emerg]")
                    or diag($t->{output});
                ok(index($t->{output}, $msg) >= 0, "$name: the reason: $msg")
                    or diag($t->{output});
                like($t->{output}, qr/ in \Q$t->{conf}\E:$line\n/,
                     "$name: names nginx.conf:$line");

            } elsif ($want eq 'ok') {
                ok($t->{ok}, "$name: nginx -t accepts it")
                    or diag($t->{output});

            } else {
                fail("$name: bad expectation \"$want\"");
            }
        });

        remove_tree($path) if -d $path && !-l $path;
        unlink $path;
    }

    # auto_reload: each file replaces the one in use by rename; one that
    # is refused leaves the database loaded before answering

    my $live = "$work/live.mmdb";
    my $next = "$work/next.mmdb";
    my $base = '81.2.69.160=GB,2001:db8:1::1=DE';

    make_db('official', $live);

    my $n = start_nginx(
        name        => 'databases: auto_reload',
        log_level   => 'info',
        http_config => "consent_geoip $live auto_reload=20ms;\n$REALIP",
        config      => $GEO_T,
    );

    is(answers($n, $base), $base, 'databases: auto_reload: official.mmdb');

    for my $c (@cases) {
        my ($spec, $want) = @{ $c->{f} }[1, 3];
        my $from = length $n->error_log;
        my $log = sub { substr($n->error_log, $from) };

        install_db($spec, $next, $live);

        check_case('databases', $c, sub {
            my ($name) = @_;

            tag('reload');

            if ($want =~ /^kept:(.*)$/) {
                (my $msg = $1) =~ s/\$FILE/$live/g;
                my $seen = sub { index($log->(), $msg) >= 0 };

                # once the worker has looked at the file, or could have,
                # the old answers; then a FIFO is opened for writing,
                # which releases a worker that waits on it

                wait_for(0.5, $seen);

                my $got = answers($n, $base);
                my $blocked = $spec eq 'fifo' && release_fifo($live);

                tag('reload-log');
                ok(wait_for(2, $seen),
                   "$name: auto_reload: error.log has \"$msg\"")
                    or diag($log->());
                like($log->(), qr/\[error\] .*, the database loaded before/,
                     "$name: auto_reload: the old database stays");

                tag('reload-block');
                ok(!$blocked,
                   "$name: auto_reload: the worker never waits on the file");

                tag('reload');
                is($got, $base, "$name: auto_reload: the old answers");

            } elsif ($want =~ /^reloaded:(.*)$/) {
                my $list = $1;

                ok(wait_for(2, sub { $log->() =~ /\[notice\] .*reloaded/ }),
                   "$name: auto_reload: reloaded") or diag($log->());
                is(answers($n, $list), $list,
                   "$name: auto_reload: answers $list");

            } else {
                fail("$name: bad expectation \"$want\"");
            }
        });

        release_fifo($live) if $spec eq 'fifo';

        # official.mmdb again before the next case

        $from = length $n->error_log;
        install_db('official', $next, $live);

        ok(wait_for(2, sub { $log->() =~ /\[notice\] .*reloaded/ })
           && answers($n, $base) eq $base,
           "databases $c->{where}: auto_reload: official.mmdb again")
            or diag($log->());
    }

    $n->finish('databases: auto_reload');

    remove_tree($work);
}


###########################################################################
# configuration lines: nginx -t refuses each one, naming its line

# where a line goes: the section, and its line in the section

my %CONTEXT = (
    main     => [ 'main_config', 1 ],
    http     => [ 'http_config', 1 ],
    server   => [ 'config', 1 ],
    location => [ 'config', 2 ],
);

sub run_config {
    my @cases = cases('config.txt', 3, 3);
    my $banner = "$GEO/banner.html";
    my $big = "$GEO/big-banner.html";
    my $fifo = "$GEO/banner.fifo";
    my (@jobs, @at);

    spew($banner, "<p>banner</p>\n");
    spew($big, 'x' x (64 * 1024 + 1));
    unlink $fifo;
    mkfifo($fifo, 0644) or die "$fifo: $!";

    local $ENV{TEST_NGINX_BANNER} = $banner;
    local $ENV{TEST_NGINX_BIG_BANNER} = $big;
    local $ENV{TEST_NGINX_FIFO} = $fifo;

    for my $c (@cases) {
        my ($ctx, $line) = @{ $c->{f} };
        my ($sec, $num) = @{ $CONTEXT{$ctx} || die "$c->{where}: $ctx?\n" };
        my %o = (config => 'location / { return 204; }');

        if ($ctx eq 'location') {
            $o{config} = "location /t {\n    $line\n}";
        } else {
            $o{$sec} = $line;
        }

        $o{fifo} = $fifo if index($line, 'TEST_NGINX_FIFO') >= 0;

        push @jobs, \%o;
        push @at, [ $sec, $num ];
    }

    my @t = nginx_t_all(@jobs);

    for my $i (0 .. $#cases) {
        my ($c, $t) = ($cases[$i], $t[$i]);
        my $want = $c->{f}[2];

        check_case('config', $c, sub {
            my ($name) = @_;

            if ($t->{error}) {
                fail("$name: nginx -t ran");
                diag($t->{error});
                return;
            }

            my $at = $t->{lines}{ $at[$i][0] } + $at[$i][1] - 1;

            ok(!$t->{signal}, "$name: nginx -t not killed by a signal");

            if ($jobs[$i]{fifo}) {
                tag('block');
                ok(!$t->{blocked}, "$name: nginx -t never waits on a file");
            }

            tag('emerg');
            ok($t->{exit} == 1 && $t->{output} =~ /\[emerg\]/,
               "$name: nginx -t fails with [emerg]") or diag($t->{output});
            ok(index($t->{output}, $want) >= 0, "$name: says \"$want\"")
                or diag($t->{output});

            tag('line');
            like($t->{output}, qr/\[emerg\] .* in \Q$t->{conf}\E:$at\n/,
                 "$name: names nginx.conf:$at") or diag($t->{output});
        });
    }

    unlink $banner, $big, $fifo;
}


###########################################################################

my %only = map { $_ => 1 } split /,/, $ENV{MALFORMED_KINDS} // '';
my $start = time;

my @kinds = (
    [ cookies   => sub { run_cookies('cookies') } ],
    [ tcf       => sub { run_cookies('tcf', sub { "euconsent-v2=$_[0]" }) } ],
    [ addresses => \&run_addresses ],
    [ html      => \&run_html ],
    [ databases => \&run_databases ],
    [ config    => \&run_config ],
);

for my $k (@kinds) {
    $k->[1]->() if !%only || $only{ $k->[0] };
}

my ($total, $known) = (0, 0);

$total += keys %$_ for values %ran;
$known += keys %$_ for values %bugs;

diag(sprintf '%d cases: %s; %d of them known bugs (TODO); %.1f s', $total,
     join(', ', map { "$_->[0] " . keys %{ $ran{ $_->[0] } || {} } } @kinds),
     $known, time - $start);

cmp_ok($total, '>=', 220, 'at least 220 cases') unless %only;

done_testing();
