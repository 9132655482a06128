package Test::Consent;

# Integration-test harness for ngx_consent_module, on core Perl only.
#
# Reads the "=== TEST N:" / "--- section" block format of openresty's
# Test::Nginx::Socket and runs every block against a real nginx the way
# nginx-tests' lib/Test/Nginx.pm does: a fresh temporary prefix, free ports,
# "nginx -p PREFIX -c CONF -e LOG", stop with QUIT.  t/README.md is the
# reference for test writers.

use strict;
use warnings;

use Cwd qw(abs_path);
use Errno qw(EAGAIN EINTR EWOULDBLOCK);
use Exporter qw(import);
use File::Basename qw(dirname);
use File::Path qw(make_path remove_tree);
use File::Spec;
use File::Temp qw(tempdir);
use IO::Select;
use IO::Socket::INET;
use JSON::PP ();
use POSIX qw(WNOHANG);
use Test::More;
use Time::HiRes qw(sleep time);

our $VERSION = '1.00';

our @EXPORT = qw(
    run_tests blocks run_block parse_blocks
    start_nginx nginx_t
    nginx_version nginx_at_least debian_module
    build_request http_request parse_responses
    header_value header_values
);

# the repository root: t/lib/Test/Consent.pm is three levels below it

our $ROOT = abs_path(dirname(abs_path(__FILE__)) . '/../../..');

my %SECTIONS = map { $_ => 1 } qw(
    main_config http_config config server_config no_module workers log_level
    user_files
    request raw_request pipelined_requests more_headers timeout wait
    error_code response_body response_body_like response_body_json
    response_headers response_headers_like raw_response_headers_like
    error_log no_error_log must_die must_die_line
);

my @ASSERTIONS = qw(
    error_code response_body response_body_like response_body_json
    response_headers response_headers_like raw_response_headers_like
    error_log no_error_log must_die
);

my @RESPONSE_CHECKS = qw(
    error_code response_body response_body_like response_body_json
    response_headers response_headers_like raw_response_headers_like
);

my %FILTERS = map { $_ => 1 } qw(eval chomp);

my %LOG_LEVELS = map { $_ => 1 } qw(debug info notice warn error crit alert
                                    emerg);

# what fails every block: nginx's own alert/crit/emerg lines (anchored, so
# that a request header echoed by the debug log cannot trigger it), crashed
# workers and sanitizer reports

our $FATAL_RE = qr{
    ^(?:\d{4}/\d\d/\d\d\ \d\d:\d\d:\d\d\ |nginx:\ )\[(?:alert|crit|emerg)\]
    | exited\ on\ signal
    | Sanitizer
    | :\ runtime\ error:[ ]
}x;

my %LIVE;          # running instances, stopped by END whatever happens
my %USED_PORTS;    # ports handed out by this process
my $BLOCKS;        # blocks of main::DATA, parsed once


sub _binary {
    return $ENV{TEST_NGINX_BINARY} || '/usr/sbin/nginx';
}


sub _module {
    my $m = $ENV{TEST_NGINX_MODULE}
            || "$ROOT/build/ngx_http_consent_module.so";

    return File::Spec->rel2abs($m);
}


# nginx reads NGINX from its environment as the list of sockets it
# inherits from an old binary: one left there by a caller would break every
# start

delete $ENV{NGINX};


# "nginx -v" or "nginx -V" of TEST_NGINX_BINARY, once per binary

my %NGINX_V;

sub _nginx_v {
    my ($flag, $binary) = @_;

    $binary //= _binary();

    return $NGINX_V{"$flag $binary"} //= do {
        my $out = -x $binary ? `'$binary' $flag 2>&1` : '';
        defined $out ? $out : '';
    };
}


# the version of TEST_NGINX_BINARY, "1.22.1"; for expectations that differ
# by nginx version (t/README.md); dies when there is no version to read,
# so that a test cannot pick an expectation by mistake

sub nginx_version {
    my ($v) = _nginx_v('-v') =~ m{^nginx version: [^/\s]+/(\d+\.\d+\.\d+)}m;

    die 'cannot read the version of ' . _binary() . " (nginx -v)\n"
        unless defined $v;

    return $v;
}


# true when TEST_NGINX_BINARY is that version or later

sub nginx_at_least {
    my ($want) = @_;
    my @have = split /\./, nginx_version();
    my @want = split /\./, $want;

    for my $i (0 .. 2) {
        return ($have[$i] // 0) > ($want[$i] // 0)
            if ($have[$i] // 0) != ($want[$i] // 0);
    }

    return 1;
}


# a module of Debian's packages (/usr/lib/nginx/modules/NAME) for a test
# that needs one: its path when it can load into TEST_NGINX_BINARY, or
# (undef, why not).  It can when the file is there and the binary is
# Debian's /usr/sbin/nginx: the same version and configure arguments
# ("nginx -V"), so that a wrapper around it (tools/asan-nginx) counts too

our $DEBIAN_NGINX = '/usr/sbin/nginx';
our $DEBIAN_MODULES = '/usr/lib/nginx/modules';

sub debian_module {
    my ($name) = @_;
    my $path = "$DEBIAN_MODULES/$name";

    return (undef, "no Debian nginx at $DEBIAN_NGINX")
        unless -x $DEBIAN_NGINX;

    my $id = sub {
        join "\n", grep { /^(?:nginx version|configure arguments):/ }
                   split /\n/, _nginx_v('-V', @_);
    };
    my $debian = $id->($DEBIAN_NGINX);

    return (undef, "$name is Debian's; " . _binary() . ' is not Debian\'s'
                   . " nginx ($DEBIAN_NGINX, nginx -V differs)")
        unless $debian ne '' && $id->() eq $debian;

    return (undef, "$path is not installed (tools/deps.sh test)")
        unless -f $path;

    return ($path, undef);
}


sub _timeout {
    return $ENV{TEST_NGINX_TIMEOUT} || (_valgrind() ? 60 : 5);
}


# TEST_NGINX_VALGRIND=1 (make valgrind): nginx runs under memcheck, in one
# process (master_process off), with a log per process in logs/

sub _valgrind {
    return $ENV{TEST_NGINX_VALGRIND} ? 1 : 0;
}


# how many times longer nginx takes to start and to check its configuration

sub _slow {
    return _valgrind() ? 8 : 1;
}


sub _valgrind_argv {
    my ($prefix) = @_;

    return () unless _valgrind();

    return ('valgrind', '--tool=memcheck', '--error-limit=no',
            '--num-callers=40', '--leak-check=full',
            '--show-leak-kinds=definite', '--errors-for-leak-kinds=definite',
            "--suppressions=$ROOT/t/valgrind.supp",
            "--log-file=$prefix/logs/valgrind.%p.log");
}


# what memcheck found: the count and the first five reports of each log

sub _valgrind_errors {
    my ($prefix) = @_;
    my @found;

    for my $log (sort glob "$prefix/logs/valgrind.*.log") {
        my $text = _slurp($log);
        my ($n) = $text =~ /ERROR SUMMARY: (\d+) errors/;

        if (!defined $n) {
            push @found, "valgrind: $log has no ERROR SUMMARY (the process"
                         . " did not exit)";
            next;
        }

        next if $n == 0;

        # the report's paragraphs; the errors are those that are not the
        # banner or a summary

        my $skip = qr/Memcheck,\ a\ memory\ error\ detector|Command:\ |SUMMARY:
                      |For\ lists\ of\ detected|For\ counts\ of\ detected/x;
        my @errors = grep { /\S/ && !/$skip/ }
                     split /^==\d+==\s*\n/m, $text;

        push @found, "valgrind: $n errors in $log:";
        push @found, map { s/^==\d+== ?//mgr } @errors[0 .. ($#errors < 4
                                                       ? $#errors : 4)];
    }

    return @found;
}


sub _keep {
    return $ENV{TEST_NGINX_KEEP} ? 1 : 0;
}


sub _slurp {
    my ($path) = @_;

    open my $fh, '<:raw', $path or return '';
    local $/;
    my $s = <$fh>;
    return defined $s ? $s : '';
}


sub _spew {
    my ($path, $content, $mode) = @_;

    make_path(dirname($path), { mode => 0755 });
    open my $fh, '>:raw', $path or die "cannot write $path: $!\n";
    print {$fh} $content;
    close $fh or die "cannot write $path: $!\n";
    chmod(defined $mode ? $mode : 0644, $path);
}


# printable form of a byte string for diagnostics

sub _esc {
    my ($s) = @_;

    return 'undef' unless defined $s;
    $s =~ s/([\\"])/\\$1/g;
    $s =~ s/\r/\\r/g;
    $s =~ s/\n/\\n/g;
    $s =~ s/\t/\\t/g;
    $s =~ s/([^\x20-\x7e])/sprintf('\\x%02x', ord $1)/ge;
    return qq{"$s"};
}


###########################################################################
# block format

sub parse_blocks {
    my ($text, %o) = @_;
    my (@blocks, $b, $sec);
    my $file = defined $o{file} ? $o{file} : '(string)';
    my $lineno = (defined $o{line} ? $o{line} : 1) - 1;

    my $close = sub {
        return unless $sec;
        _finish_section($b, $sec);
        $sec = undef;
    };

    for my $l (split /^/m, $text) {
        $lineno++;

        if ($l =~ /^===(?:\s+(.*?))?\s*$/) {
            $close->();
            $b = { name => (defined $1 && length $1 ? $1 : "block at line"
                                                          . " $lineno"),
                   _file => $file, _line => $lineno, _errors => [],
                   _order => [] };
            push @blocks, $b;
            next;
        }

        next unless $b;

        if ($l =~ /^---\s+([A-Za-z_]\w*)(.*?)\r?\n?\z/s) {
            my ($name, $rest) = ($1, $2);
            $close->();

            if (exists $b->{$name} || !$SECTIONS{$name}) {
                push @{ $b->{_errors} }, "line $lineno: "
                    . ($SECTIONS{$name} ? "section \"$name\" given twice"
                                        : "unknown section \"$name\"");
                $sec = { name => "_ignored_$name", text => '',
                         filters => [], line => $lineno };
                next;
            }

            $sec = { name => $name, text => '', filters => [],
                     line => $lineno };

            if ($rest =~ /^\s*:\s*(.*?)\s*$/) {
                $sec->{inline} = $1;
            } else {
                for my $f (split ' ', $rest) {
                    if ($FILTERS{$f}) {
                        push @{ $sec->{filters} }, $f;
                    } else {
                        push @{ $b->{_errors} },
                            "line $lineno: unknown filter \"$f\"";
                    }
                }
            }

            next;
        }

        $sec->{text} .= $l if $sec;
    }

    $close->();

    return @blocks;
}


sub _finish_section {
    my ($b, $sec) = @_;
    my $name = $sec->{name};

    return if $name =~ /^_ignored_/;

    if (defined $sec->{inline}) {
        if ($sec->{text} =~ /\S/) {
            push @{ $b->{_errors} }, "line $sec->{line}: section \"$name\""
                . " has a value after the colon and more lines";
        }
        $b->{$name} = $sec->{inline};
        push @{ $b->{_order} }, $name;
        return;
    }

    my $v = $sec->{text};
    my %f = map { $_ => 1 } @{ $sec->{filters} };

    if ($name eq 'raw_request' && !$f{eval}) {

        # verbatim, every bare LF becomes CRLF

        $v =~ s/(?<!\r)\n/\r\n/g;

    } else {

        # blank lines around the text do not count; the last line keeps
        # its newline

        $v =~ s/\A(?:[ \t]*\r?\n)+//;
        $v =~ s/(?:\r?\n[ \t]*)+\z/\n/;
        $v = '' if $v eq "\n";
    }

    for my $filter (@{ $sec->{filters} }) {
        if ($filter eq 'chomp') {
            if (ref $v) {
                push @{ $b->{_errors} }, "line $sec->{line}: \"chomp\" after"
                    . " \"eval\" in section \"$name\"";
                next;
            }
            $v =~ s/\r?\n\z//;

        } elsif ($filter eq 'eval') {
            my $code = "package main; no strict; no warnings;\n"
                       . "#line " . ($sec->{line} + 1) . " \"$b->{_file}\"\n"
                       . $v;
            my @r = eval $code;    ## no critic
            if ($@) {
                push @{ $b->{_errors} },
                    "section \"$name\": eval failed: $@";
                $v = '';
            } else {
                $v = @r == 1 ? $r[0] : [@r];
            }
        }
    }

    $b->{$name} = $v;
    push @{ $b->{_order} }, $name;
}


sub blocks {
    return @$BLOCKS if $BLOCKS;

    no strict 'refs';
    my $fh = *{'main::DATA'}{IO};
    use strict 'refs';

    my $text = '';
    if ($fh && defined fileno $fh) {
        binmode $fh;
        local $/;
        $text = <$fh>;
        $text = '' unless defined $text;
    }

    # line numbers of the test file for diagnostics

    my $first = 1;
    if (open my $src, '<', $0) {
        while (my $l = <$src>) {
            if ($l =~ /^__(?:DATA|END)__\s*$/) {
                $first = $. + 1;
                last;
            }
        }
    }

    $BLOCKS = [ parse_blocks($text, file => $0, line => $first) ];
    return @$BLOCKS;
}


sub run_tests {
    my @b = blocks();

    ok(0, 'test blocks found after __DATA__') unless @b;

    run_block($_) for @b;

    done_testing() unless Test::More->builder->has_plan;
}


sub _validate {
    my ($b) = @_;
    my @e = @{ $b->{_errors} || [] };
    my $has = sub { exists $b->{ $_[0] } };

    if (!grep { $has->($_) } @ASSERTIONS) {
        push @e, 'no assertion: a block needs at least one of '
                 . join(', ', @ASSERTIONS);
    }

    my @req = grep { $has->($_) } qw(request raw_request pipelined_requests);
    push @e, 'only one of ' . join(', ', @req) . ' per block' if @req > 1;

    if ($has->('must_die')) {
        for (@req, @RESPONSE_CHECKS, qw(more_headers wait timeout)) {
            push @e, "\"$_\" makes no sense in a must_die block"
                if $has->($_);
        }

    } else {
        push @e, '"must_die_line" without "must_die"'
            if $has->('must_die_line');

        if (!@req) {
            for (@RESPONSE_CHECKS, 'more_headers') {
                push @e, "\"$_\" needs a request" if $has->($_);
            }
        }
    }

    push @e, '"more_headers" does not apply to raw_request'
        if $has->('raw_request') && $has->('more_headers');

    push @e, "workers must be a number or \"auto\""
        if $has->('workers') && $b->{workers} !~ /^\s*(?:\d+|auto)\s*$/;

    push @e, 'error_code must be a status, or one per response: "200 404"'
        if $has->('error_code') && !ref $b->{error_code}
           && $b->{error_code} !~ /^\s*\d{3}(?:\s+\d{3})*\s*$/;

    for my $s (qw(timeout wait)) {
        push @e, "$s must be a number of seconds"
            if $has->($s) && $b->{$s} !~ /^\s*\d+(?:\.\d+)?\s*$/;
    }

    if ($has->('log_level')) {
        (my $l = $b->{log_level}) =~ s/\s+//g;
        push @e, "unknown log level \"$l\"" unless $LOG_LEVELS{$l};
    }

    if ($has->('must_die_line')
        && $b->{must_die_line} !~ /^\s*(?:\w+:)?\d+\s*$/)
    {
        push @e, 'must_die_line is N or SECTION:N';
    }

    if ($has->('pipelined_requests')
        && ref $b->{pipelined_requests} ne 'ARRAY')
    {
        push @e, 'pipelined_requests must be an eval giving a list';
    }

    for my $s (qw(config http_config main_config server_config request
                  more_headers response_body error_code))
    {
        push @e, "section \"$s\" must be text" if ref $b->{$s};
    }

    return @e;
}


sub _opts_of_block {
    my ($b) = @_;
    my %o = (name => $b->{name});

    for (qw(main_config http_config config server_config workers log_level
            user_files))
    {
        $o{$_} = $b->{$_} if exists $b->{$_};
    }

    $o{no_module} = 1 if exists $b->{no_module};
    $o{workers} =~ s/\s+//g if defined $o{workers};
    $o{log_level} =~ s/\s+//g if defined $o{log_level};

    return %o;
}


sub run_block {
    my ($b) = @_;
    my $name = $b->{name};
    my $where = "$b->{_file} line $b->{_line}";
    my $fails = 0;

    my $check = sub {
        my ($ok, $desc, @diag) = @_;
        local $Test::Builder::Level = $Test::Builder::Level + 1;
        if (!ok($ok, "$name - $desc")) {
            $fails++;
            diag($_) for @diag;
        }
        return $ok;
    };

    my @problems = _validate($b);

    if (@problems) {
        $check->(0, 'block is well-formed', map { "$where: $_" } @problems);
        return 0;
    }

    my $n = eval { Test::Consent::Nginx->_new(_opts_of_block($b)) };

    if (!$n) {
        $check->(0, 'prefix prepared', "$where: $@");
        return 0;
    }

    my $ok = eval {
        if (exists $b->{must_die}) {
            _run_must_die($b, $n, $check);
        } else {
            _run_live($b, $n, $check);
        }
        1;
    };

    my $err = $@;
    $n->stop;
    $check->(0, 'harness error', $err) unless $ok;

    if ($fails) {
        diag("$name: $where");
        $n->_diag_all;
    }

    $n->_cleanup;

    return $fails ? 0 : 1;
}


sub _run_must_die {
    my ($b, $n, $check) = @_;

    my $t = $n->nginx_t;

    if ($t->{error}) {
        $check->(0, 'nginx -t ran', $t->{error});
        return;
    }

    $check->($t->{signal} == 0 && $t->{exit} != 0
             && $t->{output} =~ /\[emerg\]/,
             'nginx -t fails with [emerg]',
             "exit code $t->{exit}, signal $t->{signal}, output:",
             $t->{output});

    $check->($t->{output} !~ /Sanitizer|: runtime error: /,
             'no sanitizer report from nginx -t')
        or diag($t->{output});

    $check->(!@{ $t->{valgrind} }, 'no memcheck error from nginx -t',
             @{ $t->{valgrind} })
        if _valgrind();

    _check_log_lines($b, $n, $check, $t->{output}, 'nginx -t output');

    if (exists $b->{must_die_line}) {
        my ($sec, $num) = $b->{must_die_line} =~ /^\s*(?:(\w+):)?(\d+)\s*$/;
        my $line = $num;

        if (defined $sec) {
            my $start = $n->{lines}{$sec};
            if (!defined $start) {
                $check->(0, "must_die_line: $sec:$num",
                         "section \"$sec\" is not in nginx.conf");
                return;
            }
            $line = $start + $num - 1;
        }

        my $want = " in $n->{conf}:$line";
        $check->(index($t->{output}, $want) >= 0,
                 "nginx -t reports the error at nginx.conf line $line",
                 "expected \"$want\" in:", $t->{output});
    }
}


sub _run_live {
    my ($b, $n, $check) = @_;

    my $started = $n->start;

    $check->($started, 'nginx started', $n->{start_error} || ());
    return unless $started;

    my $raw;

    if (exists $b->{raw_request}) {
        $raw = $n->expand($b->{raw_request});

    } elsif (exists $b->{request}) {
        $raw = build_request(request => $n->expand($b->{request}),
                             more_headers => $n->expand($b->{more_headers}));

    } elsif (exists $b->{pipelined_requests}) {
        my @r = @{ $b->{pipelined_requests} };
        my $mh = $n->expand($b->{more_headers});
        $raw = '';
        for my $i (0 .. $#r) {
            $raw .= build_request(request => $n->expand($r[$i]),
                                  more_headers => $mh,
                                  connection => $i == $#r ? 'close'
                                                          : 'keep-alive');
        }
    }

    if (defined $raw) {
        my $timeout = exists $b->{timeout} ? $b->{timeout} + 0 : undef;
        my $res = $n->request($raw, timeout => $timeout);
        _check_response($b, $n, $check, $res);
    }

    sleep($b->{wait} + 0) if exists $b->{wait};

    my $stopped = $n->stop;
    $check->($stopped, 'nginx stopped on QUIT', $n->{stop_error} || ());

    my $logs = $n->error_log . $n->stderr_output;

    _check_log_lines($b, $n, $check, $logs, 'error.log');

    my @fatal = $n->fatal_lines;
    $check->(!@fatal, 'no alert, crit, emerg, crash or sanitizer report',
             @fatal);
}


sub _check_response {
    my ($b, $n, $check, $res) = @_;
    my @all = @{ $res->{responses} };

    $check->(!defined $res->{error}, 'complete response',
             defined $res->{error} ? $res->{error} : (),
             'received: ' . _esc($res->{raw}));

    my $codes = join ' ', map { defined $_->{status} ? $_->{status} : '-' }
                          @all;
    my $want = exists $b->{error_code} ? $n->expand($b->{error_code}) : 200;
    $want =~ s/^\s+|\s+$//g;
    $want =~ s/\s+/ /g;

    $check->($codes eq $want, "status $want",
             "got status: " . (length $codes ? $codes : 'none'));

    my $body = join '', map { $_->{body} } @all;

    if (exists $b->{response_body}) {
        my $exp = $n->expand($b->{response_body});
        _check_str($check, $body, $exp, 'response body');
    }

    if (exists $b->{response_body_like}) {
        my $re = _regex($n->expand($b->{response_body_like}, 1), 's');
        $check->(scalar($body =~ $re), "response body like $re",
                 'got: ' . _esc($body));
    }

    if (exists $b->{response_body_json}) {
        my $js = JSON::PP->new->allow_nonref->canonical;
        my $exp = $b->{response_body_json};
        my $got = eval { $js->decode($body) };

        if ($@) {
            $check->(0, 'response body is JSON', $@, 'got: ' . _esc($body));
        } else {
            $exp = eval { $js->decode($n->expand($exp)) } unless ref $exp;
            if ($@) {
                $check->(0, 'response_body_json is JSON', $@);
            } else {
                _check_str($check, $js->encode($got), $js->encode($exp),
                           'response body JSON');
            }
        }
    }

    if (exists $b->{response_headers}) {
        for my $line (_lines($n->expand($b->{response_headers}))) {
            for my $r (@all) {
                my ($ok, $desc, @d) = _header_check($r, $line, 0);
                $check->($ok, $desc, @d);
            }
        }
    }

    if (exists $b->{response_headers_like}) {
        for my $line (_lines($n->expand($b->{response_headers_like}, 1))) {
            for my $r (@all) {
                my ($ok, $desc, @d) = _header_check($r, $line, 1);
                $check->($ok, $desc, @d);
            }
        }
    }

    if (exists $b->{raw_response_headers_like}) {
        my $re = _regex($n->expand($b->{raw_response_headers_like}, 1), 's');
        for my $r (@all) {
            $check->(scalar($r->{raw_headers} =~ $re),
                     "raw response headers like $re",
                     'got: ' . _esc($r->{raw_headers}));
        }
    }
}


sub _check_str {
    my ($check, $got, $exp, $what) = @_;

    if ($got eq $exp) {
        return $check->(1, $what);
    }

    my $i = 0;
    $i++ while $i < length($got) && $i < length($exp)
               && substr($got, $i, 1) eq substr($exp, $i, 1);

    return $check->(0, $what, "     got: " . _esc($got),
                    "expected: " . _esc($exp),
                    "first difference at byte $i");
}


sub _lines {
    my ($text) = @_;

    return () unless defined $text;
    return map { "$_" } @$text if ref $text eq 'ARRAY';
    return grep { /\S/ && !/^\s*#/ } split /\r?\n/, $text;
}


# a header expectation line against one response:
#   "Name: value"  some value of Name is exactly value (regex: matches whole)
#   "Name:"        some value of Name is empty
#   "!Name"        no header Name

sub _header_check {
    my ($r, $line, $like) = @_;

    if ($line =~ /^\s*!\s*([^:\s]+)\s*$/) {
        my $h = $1;
        my @v = header_values($r, $h);
        return (!@v, "no header $h",
                map { "got $h: " . _esc($_) } @v);
    }

    if ($line =~ /^\s*([^:\s]+)\s*:[ \t]*(.*?)\s*$/) {
        my ($h, $exp) = ($1, $2);
        my @v = header_values($r, $h);
        my @d = @v ? (map { "got $h: " . _esc($_) } @v)
                   : ("no header $h in response");

        if ($like) {
            my $re = eval { qr/^(?:$exp)$/ };
            return (0, "header $h like /$exp/", "bad regex: $@") unless $re;
            return ((grep { $_ =~ $re } @v) ? 1 : 0,
                    "header $h like /$exp/", @d);
        }

        return ((grep { $_ eq $exp } @v) ? 1 : 0,
                "header " . ($exp eq '' ? "$h present and empty"
                                        : "$h: $exp"), @d);
    }

    return (0, 'header expectation', 'cannot parse expectation line '
            . _esc($line) . ' (want "Name: value", "Name:" or "!Name")');
}


# "qr/.../flags" or a Regexp becomes a regex, anything else a substring

sub _pattern {
    my ($p) = @_;

    return $p if ref $p eq 'Regexp';

    if ($p =~ m{^\s*qr/(.*)/([msix]*)\s*$}s) {
        my ($re, $fl) = ($1, $2);
        $re = "(?$fl)$re" if length $fl;
        return qr/$re/;
    }

    return $p;
}


sub _regex {
    my ($p, $flags) = @_;

    return $p if ref $p eq 'Regexp';
    $p =~ s/\r?\n\z//;
    return qr/(?$flags)$p/;
}


sub _log_items {
    my ($n, $v) = @_;
    my @items;

    return () unless defined $v;

    if (ref $v eq 'Regexp') {
        @items = ($v);
    } elsif (ref $v eq 'ARRAY') {
        @items = map { ref $_ ? $_ : _lines($_) } @$v;
    } else {
        @items = _lines($v);
    }

    # qr/.../ lines and Regexps get their $TEST_NGINX_* values quoted

    return map {
        ref $_ || /^\s*qr\//
            ? _pattern($n->expand($_, 1))
            : $n->expand($_)
    } @items;
}


sub _check_log_lines {
    my ($b, $n, $check, $text, $what) = @_;

    for my $p (_log_items($n, $b->{error_log})) {
        my $ok = ref $p ? $text =~ $p : index($text, $p) >= 0;
        $check->($ok, "$what has " . (ref $p ? "$p" : _esc($p)));
    }

    for my $p (_log_items($n, $b->{no_error_log})) {
        my @hit = grep { ref $p ? $_ =~ $p : index($_, $p) >= 0 }
                  split /\n/, $text;
        $check->(!@hit, "$what has no " . (ref $p ? "$p" : _esc($p)),
                 @hit[0 .. ($#hit < 9 ? $#hit : 9)]);
    }
}


###########################################################################
# requests and responses

sub _parse_more_headers {
    my ($mh) = @_;
    my @h;

    return () unless defined $mh;
    return map { [@$_] } @$mh if ref $mh eq 'ARRAY';

    for my $line (split /\r?\n/, $mh) {
        next if $line =~ /^\s*(?:#|$)/;
        my ($k, $v) = split /:[ \t]*/, $line, 2;
        $k =~ s/^\s+|\s+$//g;
        $v = '' unless defined $v;
        $v =~ s/\s+$//;
        push @h, [$k, $v];
    }

    return @h;
}


sub build_request {
    my (%o) = @_;
    my $req = $o{request};

    die "build_request: no request line\n" unless defined $req;

    # comment lines and blank lines before the request line

    $req =~ s/\A(?:[ \t]*#[^\n]*\n|\s+)+//;

    my ($first, $body) = split /\r?\n/, $req, 2;
    $first = '' unless defined $first;

    my @t = split ' ', $first;
    die "build_request: bad request line " . _esc($first) . "\n"
        if @t < 1 || @t > 3;

    my ($method, $uri, $ver) = @t;
    $uri = '/' unless defined $uri;
    $ver = 'HTTP/1.1' unless defined $ver;

    my @h = _parse_more_headers($o{more_headers});
    my $has = sub {
        my $n = lc shift;
        return grep { lc $_->[0] eq $n } @h;
    };

    my $out = "$method $uri $ver\r\n";
    $out .= "Host: localhost\r\n" unless $has->('host');
    $out .= 'Connection: ' . (defined $o{connection} ? $o{connection}
                                                     : 'close') . "\r\n"
        unless $has->('connection');
    $out .= "$_->[0]: $_->[1]\r\n" for @h;

    $body = '' unless defined $body;

    if (!$has->('content-length') && !$has->('transfer-encoding')) {
        $body =~ s/\A\s+|\s+\z//g;
        $out .= 'Content-Length: ' . length($body) . "\r\n" if length $body;
    }

    return "$out\r\n$body";
}


# the requests in a byte string: their methods, so that responses to HEAD
# are read without a body, and whether the server will close after each

sub _request_info {
    my ($raw) = @_;
    my @info;
    my $pos = 0;
    my $len = length $raw;

    while ($pos < $len) {
        pos($raw) = $pos;
        $raw =~ /\G(?:\r?\n)*/gc;
        $pos = pos($raw);
        last if $pos >= $len;

        my $nl = index($raw, "\n", $pos);
        my $line = substr($raw, $pos, ($nl < 0 ? $len : $nl) - $pos);
        $line =~ s/\r\z//;

        my ($method, $ver) = $line =~ m{^(\S+)(?:\s+\S+(?:\s+(\S+))?)?};
        my %r = (method => defined $method ? uc $method : 'GET');
        push @info, \%r;

        if (!defined $ver) {
            $r{close} = 1;    # HTTP/0.9
            last;
        }

        pos($raw) = $pos;
        if ($raw !~ /\r?\n\r?\n/g) {
            $r{close} = 1;
            last;
        }

        my $head = substr($raw, $pos, pos($raw) - $pos);
        $pos = pos($raw);

        my @conn = map { lc } $head =~ /^Connection:[ \t]*([^\r\n]*)/mgi;
        $r{close} = (grep { /\bclose\b/ } @conn)
                    || ($ver eq 'HTTP/1.0' && !grep { /keep-alive/ } @conn)
                    ? 1 : 0;

        if ($head =~ /^Transfer-Encoding:[^\r\n]*chunked/mi) {
            while (1) {
                my $e = index($raw, "\n", $pos);
                last if $e < 0;
                my ($size) = substr($raw, $pos, $e - $pos)
                             =~ /^\s*([0-9a-fA-F]+)/;
                $pos = $e + 1;
                last unless defined $size;
                if (hex $size == 0) {
                    pos($raw) = $pos;
                    $raw =~ /\G(?:[^\r\n][^\n]*\n)*\r?\n/gc
                        or do { $pos = $len; last };
                    $pos = pos($raw);
                    last;
                }
                $pos += hex($size) + 2;
            }

        } elsif ($head =~ /^Content-Length:[ \t]*(\d+)/mi) {
            $pos += $1;
        }

        last if $r{close};
    }

    return @info ? @info : ({ method => 'GET', close => 1 });
}


sub _parse_response {
    my ($d, $pos, $method, $eof) = @_;
    my $len = length $$d;
    my %r = (status => undef, version => undef, reason => undef,
             headers => [], body => '', raw => '', raw_headers => '',
             complete => 0, error => undef, _end => $len);

    if (substr($$d, $pos, 5) ne 'HTTP/') {
        if (!$eof && $len - $pos < 5
            && index('HTTP/', substr($$d, $pos)) == 0)
        {
            $r{error} = 'incomplete status line';
            return \%r;
        }
        $r{body} = $r{raw} = substr($$d, $pos);
        $r{complete} = $eof;
        $r{close_delimited} = 1;
        $r{error} = 'no status line (HTTP/0.9 response?)';
        return \%r;
    }

    my $e1 = index($$d, "\r\n\r\n", $pos);
    my $e2 = index($$d, "\n\n", $pos);
    my ($hend, $bstart);

    if ($e1 >= 0 && ($e2 < 0 || $e1 < $e2)) {
        ($hend, $bstart) = ($e1, $e1 + 4);
    } elsif ($e2 >= 0) {
        ($hend, $bstart) = ($e2, $e2 + 2);
    } else {
        $r{raw} = substr($$d, $pos);
        $r{error} = 'incomplete response header';
        return \%r;
    }

    $r{raw_headers} = substr($$d, $pos, $bstart - $pos);

    my @lines = split /\r?\n/, substr($$d, $pos, $hend - $pos);
    my $sl = shift @lines;

    if ($sl !~ m{^HTTP/(\d+\.\d+) (\d{3})(?: (.*))?$}) {
        $r{error} = 'bad status line ' . _esc($sl);
        $r{raw} = substr($$d, $pos);
        return \%r;
    }

    @r{qw(version status reason)} = ($1, $2 + 0, defined $3 ? $3 : '');

    for my $l (@lines) {
        if ($l =~ /^[ \t]+(.*?)\s*$/ && @{ $r{headers} }) {
            $r{headers}[-1][1] .= " $1";
        } elsif ($l =~ /^([^:]+?)[ \t]*:[ \t]*(.*?)[ \t]*$/) {
            push @{ $r{headers} }, [$1, $2];
        } else {
            $r{error} = 'bad header line ' . _esc($l);
        }
    }

    my $st = $r{status};
    my $te = join ',', header_values(\%r, 'Transfer-Encoding');
    my @cl = header_values(\%r, 'Content-Length');
    my $end;

    if ($st >= 100 && $st < 200 && $st != 101) {
        $r{interim} = 1;
        $end = $bstart;

    } elsif (uc $method eq 'HEAD' || $st == 204 || $st == 304) {
        $end = $bstart;

    } elsif ($te =~ /chunked\s*$/i) {
        $r{chunked} = 1;
        my $p = $bstart;
        my @body;

        CHUNK: while (1) {
            my $nl = index($$d, "\n", $p);
            if ($nl < 0) {
                last CHUNK;
            }
            my $line = substr($$d, $p, $nl - $p);
            $line =~ s/\r\z//;
            if ($line !~ /^([0-9a-fA-F]{1,15})[ \t]*(?:;.*)?$/) {
                $r{error} = 'bad chunk size line ' . _esc($line);
                last CHUNK;
            }
            my $size = hex $1;
            $p = $nl + 1;

            if ($size == 0) {
                while (1) {
                    my $t = index($$d, "\n", $p);
                    last CHUNK if $t < 0;
                    my $tl = substr($$d, $p, $t - $p);
                    $p = $t + 1;
                    $tl =~ s/\r\z//;
                    if ($tl eq '') {
                        $end = $p;
                        last CHUNK;
                    }
                    push @{ $r{trailers} }, $tl;
                }
            }

            last CHUNK if $len < $p + $size + 1;
            push @body, substr($$d, $p, $size);
            $p += $size;

            if (substr($$d, $p, 2) eq "\r\n") {
                $p += 2;
            } elsif (substr($$d, $p, 1) eq "\n") {
                $p += 1;
            } elsif ($len - $p < 2 && substr($$d, $p) eq "\r") {
                last CHUNK;
            } else {
                $r{error} = 'chunk data not followed by CRLF';
                last CHUNK;
            }
        }

        $r{body} = join '', @body;

        if (!defined $end && !defined $r{error}) {
            $r{error} = $eof ? 'truncated chunked body'
                             : 'incomplete chunked body';
        }

    } elsif (@cl) {
        my %u = map { $_ => 1 } @cl;
        if (keys %u > 1 || $cl[0] !~ /^\d+$/) {
            $r{error} = 'bad Content-Length ' . join(', ', @cl);
        } elsif ($len - $bstart >= $cl[0]) {
            $end = $bstart + $cl[0];
        } else {
            $r{error} = ($eof ? 'truncated' : 'incomplete') . ' body: '
                        . ($len - $bstart) . " of $cl[0] bytes";
        }
        $r{body} = substr($$d, $bstart, defined $end ? $end - $bstart
                                                     : $len - $bstart);

    } else {
        $r{close_delimited} = 1;
        $r{body} = substr($$d, $bstart);
        $end = $len if $eof;
        $r{error} = 'incomplete body (waiting for the close)' unless $eof;
    }

    if (defined $end) {
        $r{complete} = 1 unless defined $r{error};
        $r{_end} = $end;
    }

    $r{raw} = substr($$d, $pos, $r{_end} - $pos);

    return \%r;
}


sub parse_responses {
    my ($data, $methods, $eof) = @_;
    my (@out, $i);
    my $pos = 0;

    $methods = [] unless $methods;
    $eof = 1 unless defined $eof;
    $i = 0;

    while ($pos < length $data) {
        my $m = defined $methods->[$i] ? $methods->[$i] : 'GET';
        my $r = _parse_response(\$data, $pos, $m, $eof);
        push @out, $r;
        last unless $r->{complete} && $r->{_end} > $pos;
        $pos = $r->{_end};
        $i++ unless $r->{interim};
    }

    delete $_->{_end} for @out;

    return @out;
}


sub _finals {
    return grep { !$_->{interim} } @_;
}


sub header_values {
    my ($r, $name) = @_;
    my $n = lc $name;

    return map { $_->[1] } grep { lc $_->[0] eq $n } @{ $r->{headers} || [] };
}


sub header_value {
    my @v = header_values(@_);
    return $v[0];
}


sub _response_summary {
    my ($in, $methods, $eof, $err) = @_;
    my @all = parse_responses($in, $methods, $eof);
    my @finals = _finals(@all);
    my @errors = grep { defined } ($err, map { $_->{error} } @all);
    my $want = @$methods;

    if (@finals < $want && !@errors) {
        push @errors, "$want requests, " . scalar(@finals) . ' responses';
    }

    my %first = %{ $finals[0] || { status => undef, headers => [],
                                   body => '', raw_headers => '' } };

    $first{raw} = $in;
    $first{responses} = \@finals;
    $first{interim} = [ grep { $_->{interim} } @all ];
    $first{error} = @errors ? join('; ', @errors) : undef;

    return \%first;
}


sub http_request {
    my ($port, $data, %o) = @_;
    my @chunks = ref $data eq 'ARRAY' ? @$data : ($data);
    my $timeout = defined $o{timeout} ? $o{timeout} : _timeout();
    my $delay = defined $o{chunk_delay} ? $o{chunk_delay} : 0.05;
    my @info = _request_info(join '', @chunks);
    my @methods = map { $_->{method} } @info;
    my $closes = $info[-1]{close};
    my $deadline = time + $timeout;

    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $port, Proto => 'tcp',
                                  Timeout => $timeout);

    return _response_summary('', \@methods, 1,
                             "connect to 127.0.0.1:$port failed: $!")
        unless $s;

    binmode $s;
    $s->blocking(0);

    local $SIG{PIPE} = 'IGNORE';

    my ($in, $out, $eof, $err, $next_at) = ('', shift(@chunks), 0, undef, 0);
    $out = '' unless defined $out;
    my $sel = IO::Select->new($s);

    while (1) {
        my $now = time;

        if ($now >= $deadline) {
            $err = "timeout after ${timeout}s";
            last;
        }

        if (!length $out && @chunks && $now >= $next_at) {
            $out = shift @chunks;
        }

        my $wait = $deadline - $now;
        if (!length $out && @chunks) {
            my $d = $next_at - $now;
            $wait = $d < 0 ? 0 : $d if $d < $wait;
        }

        my ($r, $w) = IO::Select->select($sel, length $out ? $sel : undef,
                                         undef, $wait);

        if ($w && @$w && length $out) {
            my $n = syswrite($s, $out);
            if (defined $n) {
                substr($out, 0, $n, '');
                $next_at = time + $delay if !length $out && @chunks;
            } elsif ($! != EAGAIN && $! != EWOULDBLOCK && $! != EINTR) {

                # the server may have answered and closed early

                ($out, @chunks) = ('');
            }
        }

        if ($r && @$r) {
            my $n = sysread($s, $in, 65536, length $in);

            if (!defined $n) {
                next if $! == EAGAIN || $! == EWOULDBLOCK || $! == EINTR;
                $err = "read failed: $!";
                last;
            }

            if ($n == 0) {
                $eof = 1;
                last;
            }

            if (!$closes && !length $out && !@chunks) {
                my @f = _finals(parse_responses($in, \@methods, 0));
                last if @f >= @methods && $f[-1]{complete}
                        && !grep { !$_->{complete} } @f;
            }
        }
    }

    close $s;

    if (defined $err && $err =~ /^timeout/) {
        my @f = _finals(parse_responses($in, \@methods, 0));
        $err = undef if @f >= @methods && !grep { !$_->{complete} } @f;
    }

    return _response_summary($in, \@methods, $eof, $err);
}


###########################################################################
# processes and ports

sub _alive {
    my ($pid) = @_;

    return 0 unless $pid && kill(0, $pid);

    if (open my $fh, '<', "/proc/$pid/stat") {
        my $s = <$fh>;
        return 0 if defined $s && $s =~ /.*\)\s+([ZX])/s;
    }

    return 1;
}


sub _wait_gone {
    my ($pid, $secs) = @_;
    my $deadline = time + $secs;
    my $nap = 0.002;

    while (_alive($pid)) {
        return 0 if time > $deadline;
        sleep $nap;
        $nap *= 2 if $nap < 0.02;
    }

    return 1;
}


sub _children {
    my ($ppid) = @_;
    my @kids;

    opendir my $dh, '/proc' or return ();

    for my $p (readdir $dh) {
        next unless $p =~ /^\d+$/;
        open my $fh, '<', "/proc/$p/stat" or next;
        my $s = <$fh>;
        next unless defined $s && $s =~ /.*\)\s+(\S)\s+(\d+)/s;
        push @kids, $p + 0 if $2 == $ppid && $1 ne 'Z' && $1 ne 'X';
    }

    return @kids;
}


sub _is_worker {
    my ($pid) = @_;

    return _slurp("/proc/$pid/cmdline") =~ /worker process/;
}


sub _free_port {
    for (1 .. 500) {

        # below the Linux ephemeral range, so that no client socket takes
        # the port between this check and nginx's bind()

        my $p = 10000 + int(rand(22000));
        next if $USED_PORTS{$p};

        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                      LocalPort => $p, Proto => 'tcp',
                                      Listen => 1)
            or next;
        close $s;
        $USED_PORTS{$p} = 1;
        return $p;
    }

    die "no free port found\n";
}


# fork, exec, wait: returns (exit code, signal, error)

sub _run {
    my ($argv, $outfile, $secs) = @_;

    my $pid = fork;
    return (-1, 0, "fork failed: $!") unless defined $pid;

    if ($pid == 0) {
        open STDIN, '<', '/dev/null';
        open STDOUT, '>>', $outfile or POSIX::_exit(126);
        open STDERR, '>&', \*STDOUT or POSIX::_exit(126);
        { no warnings 'exec'; exec { $argv->[0] } @$argv; }
        print STDERR "exec $argv->[0] failed: $!\n";
        POSIX::_exit(127);
    }

    my $deadline = time + $secs;
    my $nap = 0.001;

    while (1) {
        my $r = waitpid($pid, WNOHANG);
        if ($r == $pid) {
            return ($? >> 8, $? & 127, undef);
        }
        if ($r < 0) {
            return (-1, 0, "waitpid failed: $!");
        }
        if (time > $deadline) {
            kill 'KILL', $pid;
            waitpid($pid, 0);
            return (-1, 0, "@$argv did not finish within ${secs}s");
        }
        sleep $nap;
        $nap *= 2 if $nap < 0.02;
    }
}


END {
    for my $n (values %LIVE) {
        $n->stop;
        $n->_cleanup;
    }
}


###########################################################################
# public helpers for hand-written tests

sub start_nginx {
    my (%o) = @_;

    my $n = Test::Consent::Nginx->_new(%o);

    if (!$n->start) {
        my $msg = $n->{start_error};
        $n->_cleanup;
        die "start_nginx: $msg\n";
    }

    return $n;
}


sub nginx_t {
    my (%o) = @_;

    my $n = Test::Consent::Nginx->_new(%o);
    my $t = $n->nginx_t;

    die "nginx_t: $t->{error}\n" if $t->{error};

    $t->{ok} = $t->{exit} == 0 && $t->{signal} == 0 ? 1 : 0;
    $t->{conf} = $n->{conf};
    $t->{lines} = { %{ $n->{lines} } };
    $t->{line_of} = sub {
        my ($sec, $num) = @_;
        return defined $n->{lines}{$sec} ? $n->{lines}{$sec} + $num - 1
                                         : undef;
    };
    $t->{prefix} = $n->{prefix};

    $n->_cleanup;

    return $t;
}


###########################################################################

package Test::Consent::Nginx;

use strict;
use warnings;

use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use Scalar::Util qw(refaddr);
use Test::More;
use Time::HiRes qw(sleep time);


sub _new {
    my ($class, %o) = @_;

    my $base = $ENV{TEST_NGINX_TMPDIR} || '/tmp';
    my $prefix = tempdir('consent-t-XXXXXXXX', DIR => $base, CLEANUP => 0);

    my $self = bless {
        opts => { %o },
        prefix => $prefix,
        conf => "$prefix/conf/nginx.conf",
        port => Test::Consent::_free_port(),
        ports => {},
        binary => Test::Consent::_binary(),
        module => Test::Consent::_module(),
        lines => {},
        vars_missing => {},
        owner => $$,
    }, $class;

    # workers run as nobody when the tests run as root

    chmod 0755, $prefix;
    for my $d (qw(conf logs html temp)) {
        mkdir "$prefix/$d", 0755;
        chmod 0755, "$prefix/$d";
    }

    if (!eval { $self->_materialize; 1 }) {
        my $err = $@;
        $self->{cleaned} = 1;
        remove_tree($prefix);
        die $err;
    }

    return $self;
}


sub port     { $_[0]{port} }
sub port2    { $_[0]->_var('TEST_NGINX_PORT2') }
sub port3    { $_[0]->_var('TEST_NGINX_PORT3') }
sub prefix   { $_[0]{prefix} }
sub conf     { $_[0]{conf} }
sub html_dir { "$_[0]{prefix}/html" }
sub pid      { $_[0]{pid} }


sub _var {
    my ($self, $name) = @_;

    return $self->{port} if $name eq 'TEST_NGINX_SERVER_PORT';
    return $self->{ports}{$1} ||= Test::Consent::_free_port()
        if $name =~ /^TEST_NGINX_PORT([2-9])$/;
    return $self->{prefix} if $name eq 'TEST_NGINX_PREFIX';
    return "$self->{prefix}/html" if $name eq 'TEST_NGINX_HTML_DIR';
    return $Test::Consent::ROOT if $name eq 'TEST_NGINX_ROOT';
    return $ENV{$name} if defined $ENV{$name};

    $self->{vars_missing}{$name} = 1;
    return undef;
}


# $TEST_NGINX_* substitution in strings, lists and regexes; with $re the
# values are quoted for a regex

sub expand {
    my ($self, $v, $re) = @_;

    return undef unless defined $v;
    return [ map { $self->expand($_, $re) } @$v ] if ref $v eq 'ARRAY';

    if (ref $v eq 'Regexp') {
        my $s = "$v";
        return $v unless $s =~ /\$TEST_NGINX_/;
        my $x = $self->expand($s, 1);
        return qr/$x/;
    }

    return $v if ref $v;

    $v =~ s{\$(TEST_NGINX_[A-Z0-9_]+)}{
        my $name = $1;
        my $val = $self->_var($name);
        !defined $val ? "\$$name" : $re ? quotemeta($val) : $val
    }ge;

    return $v;
}


sub _materialize {
    my ($self) = @_;
    my $o = $self->{opts};
    my (@l, %at);
    my $p = $self->{prefix};

    $self->{vars_missing} = {};

    my $add = sub {
        my ($sec) = @_;
        return unless defined $o->{$sec} && length $o->{$sec};
        my $text = $self->expand($o->{$sec});
        $text .= "\n" unless $text =~ /\n\z/;
        $at{$sec} = @l + 1;
        push @l, split /\n/, $text, -1;
        pop @l;
    };

    my $workers = defined $o->{workers} ? $o->{workers} : 1;
    my $level = defined $o->{log_level} ? $o->{log_level} : 'debug';

    push @l, "load_module $self->{module};" unless $o->{no_module};
    $add->('main_config');
    push @l, "error_log logs/error.log $level;",
             'pid logs/nginx.pid;',
             "worker_processes $workers;",
             'daemon on;',
             'master_process ' . (Test::Consent::_valgrind() ? 'off;' : 'on;'),
             '',
             'events {',
             '    worker_connections 1024;',
             '}',
             '',
             'http {',
             '    access_log logs/access.log;',
             '    client_body_temp_path temp/client_body;',
             '    proxy_temp_path temp/proxy;',
             '    fastcgi_temp_path temp/fastcgi;',
             '    uwsgi_temp_path temp/uwsgi;',
             '    scgi_temp_path temp/scgi;',
             '';
    $add->('http_config');
    push @l, '',
             '    server {',
             "        listen 127.0.0.1:$self->{port};",
             '        server_name localhost;',
             '';
    $add->('config');
    push @l, '';
    $add->('server_config');
    push @l, '    }', '}';

    $self->{lines} = \%at;

    Test::Consent::_spew($self->{conf}, join("\n", @l) . "\n");

    $self->_write_user_files($o->{user_files}) if defined $o->{user_files};
}


sub _user_path {
    my ($self, $rel) = @_;
    my @parts = ('html');

    die "user file \"$rel\": absolute paths are not allowed\n"
        if $rel =~ m{^/};

    for my $c (split m{/+}, $rel) {
        next if $c eq '' || $c eq '.';
        if ($c eq '..') {
            die "user file \"$rel\" is outside the prefix\n" unless @parts;
            pop @parts;
        } else {
            push @parts, $c;
        }
    }

    die "user file \"$rel\" has no name\n" unless @parts;

    return join '/', $self->{prefix}, @parts;
}


sub _write_user_files {
    my ($self, $uf) = @_;
    my @files;

    if (ref $uf eq 'ARRAY') {
        @files = map { [ $_->[0], $_->[1] ] } @$uf;

    } else {
        my $cur;
        for my $l (split /^/m, $uf) {
            if ($l =~ /^>>>\s+(\S+)\s*$/) {
                push @files, $cur = [ $1, '' ];
                next;
            }
            if (!$cur) {
                die "user_files: text before the first \">>> path\" line\n"
                    if $l =~ /\S/;
                next;
            }
            $cur->[1] .= $l;
        }
        for (@files) {
            $_->[1] =~ s/(?:\r?\n[ \t]*)+\z/\n/;
            $_->[1] = '' if $_->[1] eq "\n";
        }
    }

    for my $f (@files) {
        my $path = $self->_user_path($self->expand($f->[0]));
        Test::Consent::_spew($path, $self->expand($f->[1]));
    }
}


sub write_file {
    my ($self, $rel, $content) = @_;
    my $path = $self->_user_path("../$rel");

    Test::Consent::_spew($path, $content);
    return $path;
}


sub _preflight {
    my ($self) = @_;

    return "nginx binary $self->{binary} not found or not executable"
           . ' (set TEST_NGINX_BINARY)'
        unless -f $self->{binary} && -x _;

    return "module $self->{module} not found: build it with \"make\" or"
           . ' set TEST_NGINX_MODULE'
        unless $self->{opts}{no_module} || -f $self->{module};

    my @missing = sort keys %{ $self->{vars_missing} };
    return 'unknown variable' . (@missing > 1 ? 's ' : ' ')
           . join(', ', map { "\$$_" } @missing) . ' (not set in the'
           . ' environment)'
        if @missing;

    return undef;
}


sub start {
    my ($self) = @_;

    for my $attempt (1 .. 3) {
        my $err = $self->_start_once;

        return 1 unless defined $err;

        if ($err =~ /Address already in use/ && $attempt < 3) {

            # somebody took a port: new ports, new files, once more

            $self->{port} = Test::Consent::_free_port();
            $self->{ports} = {};
            $self->_materialize;
            next;
        }

        $self->{start_error} = $err;
        return 0;
    }
}


sub _start_once {
    my ($self) = @_;
    my $p = $self->{prefix};

    my $pre = $self->_preflight;
    return $pre if defined $pre;

    unlink "$p/logs/nginx.pid";

    my $out = "$p/logs/stderr.log";
    my @argv = (Test::Consent::_valgrind_argv($p),
                $self->{binary}, '-p', "$p/", '-c', $self->{conf},
                '-e', "$p/logs/error.log");
    my $slow = Test::Consent::_slow();

    my ($exit, $sig, $err) = Test::Consent::_run(\@argv, $out, 15 * $slow);

    return "@argv: $err\n" . _tail(Test::Consent::_slurp($out), 50)
        if defined $err;

    if ($exit != 0 || $sig != 0) {
        return "nginx failed to start (exit code $exit"
               . ($sig ? ", signal $sig" : '') . "):\n"
               . Test::Consent::_slurp($out);
    }

    # the daemon writes the pid file once it runs

    my $deadline = time + 10 * $slow;
    my $nap = 0.001;

    while (1) {
        my $pid = Test::Consent::_slurp("$p/logs/nginx.pid");

        if ($pid =~ /^(\d+)\n?\z/) {
            $self->{pid} = $1 + 0;
            $self->{started} = 1;
            $self->{stopped} = 0;
            $LIVE{ refaddr($self) } = $self;
            _exit_on_signals();
            return undef;
        }

        return "nginx started, but $p/logs/nginx.pid did not appear"
            if time > $deadline;

        sleep $nap;
        $nap *= 2 if $nap < 0.02;
    }
}


# an interrupted test still stops its nginx: exit() runs the END block

sub _exit_on_signals {
    my %num = (HUP => 1, INT => 2, TERM => 15);

    for my $sig (keys %num) {
        next if $SIG{$sig} && $SIG{$sig} ne 'DEFAULT';
        $SIG{$sig} = sub { exit 128 + $num{$sig} };
    }
}


sub nginx_t {
    my ($self) = @_;
    my $p = $self->{prefix};

    my $pre = $self->_preflight;
    return { error => $pre } if defined $pre;

    my $out = "$p/logs/nginx-t.log";
    unlink $out;

    my ($exit, $sig, $err) = Test::Consent::_run(
        [ Test::Consent::_valgrind_argv($p),
          $self->{binary}, '-t', '-p', "$p/", '-c', $self->{conf},
          '-e', "$p/logs/error.log" ], $out, 15 * Test::Consent::_slow());

    return { error => $err } if defined $err;

    return { exit => $exit, signal => $sig,
             output => Test::Consent::_slurp($out),
             valgrind => [ Test::Consent::_valgrind_errors($p) ] };
}


sub request {
    my ($self, $raw, %o) = @_;

    return Test::Consent::http_request(
        defined $o{port} ? $o{port} : $self->{port}, $raw, %o);
}


sub http {
    my ($self, $req, %o) = @_;

    my $raw = Test::Consent::build_request(
        request => $self->expand($req),
        more_headers => $self->expand($o{more_headers}),
        connection => $o{connection});

    return $self->request($raw, %o);
}


sub reload {
    my ($self, %new) = @_;
    my $master = $self->{pid};

    return 0 unless $self->{started} && !$self->{stopped} && $master;

    if (%new) {
        $self->{opts}{$_} = $new{$_} for keys %new;
        $self->_materialize;
    }

    my %old = map { $_ => 1 } Test::Consent::_children($master);
    my $log = "$self->{prefix}/logs/error.log";
    my $size = -s $log || 0;
    my $workers = $self->{opts}{workers};
    my $want = defined $workers && $workers =~ /^(\d+)$/ ? $1 : 1;

    $self->{reload_error} = undef;

    kill 'HUP', $master or return 0;

    my $deadline = time + 10;

    while (time < $deadline) {
        my @kids = Test::Consent::_children($master);
        my @new = grep { !$old{$_} && Test::Consent::_is_worker($_) } @kids;
        my @left = grep { $old{$_} } @kids;

        return 1 if @new >= $want && !@left;

        my $tail = substr(Test::Consent::_slurp($log), $size);
        if ($tail =~ /^(.*\[emerg\].*)$/m) {
            $self->{reload_error} = $1;
            return 0;
        }

        sleep 0.005;
    }

    $self->{reload_error} = 'no new generation of workers within 10s';
    return 0;
}


sub stop {
    my ($self, $secs) = @_;

    return $self->{stop_result} if $self->{stopped} || !$self->{started};

    # a forked child of the test (a fake backend, say) leaves nginx alone

    return 1 if $self->{owner} != $$;

    $self->{stopped} = 1;
    delete $LIVE{ refaddr($self) };

    $secs = 5 unless defined $secs;

    my $pid = $self->{pid};
    my @kids = Test::Consent::_children($pid);

    kill 'QUIT', $pid;

    if (Test::Consent::_valgrind()) {

        # under valgrind nginx sees the signal once something wakes it up

        my $deadline = time + 30;

        while (Test::Consent::_alive($pid) && time < $deadline) {
            my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                          PeerPort => $self->{port},
                                          Proto => 'tcp', Timeout => 1);
            close $s if $s;
            sleep 0.1;
        }
    }

    if (Test::Consent::_wait_gone($pid, $secs)) {
        return $self->{stop_result} = 1;
    }

    # it hangs: TERM, then KILL, for the master and its workers

    push @kids, Test::Consent::_children($pid);
    kill 'TERM', $pid, @kids;

    my $how = 'TERM';
    if (!Test::Consent::_wait_gone($pid, 1)) {
        $how = 'KILL';
        kill 'KILL', $pid, Test::Consent::_children($pid), @kids;
        Test::Consent::_wait_gone($pid, 2);
    }

    kill 'KILL', grep { Test::Consent::_alive($_) } @kids;

    $self->{stop_error} = "master process $pid did not exit within ${secs}s"
                          . " of QUIT; stopped with $how";

    return $self->{stop_result} = 0;
}


sub error_log {
    return Test::Consent::_slurp("$_[0]{prefix}/logs/error.log");
}


sub access_log {
    return Test::Consent::_slurp("$_[0]{prefix}/logs/access.log");
}


sub stderr_output {
    return Test::Consent::_slurp("$_[0]{prefix}/logs/stderr.log");
}


sub fatal_lines {
    my ($self, %o) = @_;
    my @allow = @{ $o{allow} || [] };

    return (grep {
        my $l = $_;
        $l =~ $Test::Consent::FATAL_RE && !grep { $l =~ $_ } @allow
    } split /\n/, $self->error_log . "\n" . $self->stderr_output),
    Test::Consent::_valgrind_errors($self->{prefix});
}


sub finish {
    my ($self, $label, %o) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;

    $label = 'nginx' unless defined $label;

    my $stopped = ok($self->stop, "$label - stopped on QUIT")
        or diag($self->{stop_error});

    my @fatal = $self->fatal_lines(%o);
    my $clean = ok(!@fatal,
                   "$label - no alert, crit, emerg, crash or sanitizer"
                   . ' report')
        or diag(join "\n", @fatal);

    $self->_diag_all unless $stopped && $clean;
    $self->_cleanup;

    return $stopped && $clean;
}


sub _tail {
    my ($text, $n) = @_;
    my @l = split /\n/, $text;

    return $text if @l <= $n;
    return "(" . (@l - $n) . " earlier lines not shown)\n"
           . join("\n", @l[-$n .. -1]) . "\n";
}


sub _diag_all {
    my ($self) = @_;
    my $max = $ENV{TEST_NGINX_DIAG_LINES} || 200;
    my $i = 0;

    diag("nginx.conf ($self->{conf}):\n"
         . join('', map { sprintf "%4d  %s\n", ++$i, $_ }
                    split /\n/, Test::Consent::_slurp($self->{conf})));

    my $err = $self->stderr_output;
    diag("nginx stderr:\n$err") if length $err;

    diag("error.log:\n" . _tail($self->error_log, $max));

    diag(Test::Consent::_keep()
         ? "prefix kept: $self->{prefix}"
         : 'set TEST_NGINX_KEEP=1 to keep the prefix');
}


sub _cleanup {
    my ($self) = @_;

    $self->stop;

    return if $self->{cleaned} || $self->{owner} != $$;
    $self->{cleaned} = 1;

    if (Test::Consent::_keep()) {
        note("prefix kept: $self->{prefix}");
        return;
    }

    remove_tree($self->{prefix}) if $self->{prefix} =~ m{/consent-t-\w+$};
}


sub DESTROY {
    my ($self) = @_;

    local ($@, $!, $?);
    $self->_cleanup;
}


1;
