# consent_html at the edges of what a browser renders as markup: charsets
# (the WHATWG table of labels, an undeclared charset), byte order marks,
# types, Content-Encoding, Range.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;

# the same page in UTF-16LE, without a byte order mark: "<" is "<\0"
sub main::utf16 {
    my $s = shift;
    (my $w = $s) =~ s/(.)/$1\0/gs;
    return $w;
}

for my $b (blocks()) {
    run_block($b);
}

# a NUL far into a page without a charset: the response stops before it

my $head = "<html><body>\n"
           . ("<p>text</p><script data-category=\"analytics\">t()</script>\n"
              x 2000);
my $tail = "<p>\0<\0s\0c\0r\0i\0p\0t\0>\0" . ("after " x 100) . "</body>\n";

my $n = start_nginx(config => <<'EOF_CONF');
location / {
    consent_html on;
    output_buffers 1 4k;
    root $TEST_NGINX_HTML_DIR;
}
EOF_CONF

$n->write_file('html/late.html', $head . $tail);

my $r = $n->http('GET /late.html');
is($r->{status}, 200, 'late NUL: the headers went before it');
ok(!$r->{complete}, 'late NUL: the response is cut, not completed');
ok(index($r->{body}, "\0") < 0 && index($r->{body}, 'after') < 0,
   'late NUL: no byte from the NUL on');
like($r->{body}, qr/^<html><body>\n<p>text<\/p>/, 'late NUL: the start went');
like($n->error_log, qr/consent_html: .*without a charset.* aborted/,
     'late NUL: error.log says why');

$n->finish('late NUL');

done_testing();

__DATA__

=== TEST 1: a UTF-16 alias (charset=unicode) is refused
--- config
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=unicode";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.html
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.html
--- error_code: 502
--- error_log
consent_html: an HTML response in UTF-16 cannot be filtered



=== TEST 2: ISO-2022-JP and the replacement encoding are refused
--- config
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=\"CSISO2022JP\"";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.html
<p>x</p>
--- request
GET /a.html
--- error_code: 502
--- error_log
consent_html: an HTML response in ISO-2022-JP cannot be filtered



=== TEST 3: utf-32 is no label: a browser ignores it, the page is read
--- config
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=utf-32";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.html
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.html
--- response_body
<p>x</p>



=== TEST 4: no charset and UTF-16 markup (NUL bytes): 502, nothing of it
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
[[ "a.html", main::utf16("<p>x</p><script data-category=\"analytics\">t()</script>") ]]
--- request
GET /a.html
--- error_code: 502
--- response_body_like
^(?!.*data-category).*$
--- error_log
without a charset



=== TEST 5: no charset and ISO-2022-JP (ESC): refused
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
[[ "a.html", "<p>\x1b\$B<!--\x1b(B x</p><script data-category=\"analytics\">t()</script>" ]]
--- request
GET /a.html
--- error_code: 502



=== TEST 6: a declared UTF-8 page may hold a NUL: read
--- config
location / {
    consent_html on;
    charset utf-8;
    types { }
    default_type "text/html; charset=utf-8";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
[[ "a.html", "<p>\0</p><script data-category=\"analytics\">t()</script>" ]]
--- request
GET /a.html
--- response_body eval
"<p>\0</p>"



=== TEST 7: a UTF-16 byte order mark wins over charset=utf-8: a clean 502
--- config
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=utf-8";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
[[ "a.html", "\xfe\xff" . main::utf16("<script data-category=\"analytics\">t()</script>") ]]
--- request
GET /a.html
--- error_code: 502
--- error_log
consent_html: an HTML response with a UTF-16 byte order mark



=== TEST 8: a UTF-8 byte order mark wins over charset=utf-16: read
--- config
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=utf-16";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
[[ "a.html", "\xef\xbb\xbf<p>x</p><script data-category=\"analytics\">t()</script>" ]]
--- request
GET /a.html
--- response_body eval
"\xef\xbb\xbf<p>x</p>"



=== TEST 9: a UTF-8 byte order mark one byte at a time, proxied unbuffered
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        root $TEST_NGINX_HTML_DIR;
        types { }
        default_type "text/html; charset=utf-16";
        output_buffers 1 1;
        postpone_output 0;
        sendfile off;
    }
}
--- config
location / {
    consent_html on;
    proxy_buffering off;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- user_files eval
[[ "a.html", "\xef\xbb\xbf<p>x</p><script data-category=\"analytics\">t()</script>" ]]
--- request
GET /a.html
--- response_body eval
"\xef\xbb\xbf<p>x</p>"



=== TEST 10: charset=utf-16 one byte at a time without a byte order mark: 502
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        root $TEST_NGINX_HTML_DIR;
        types { }
        default_type "text/html; charset=utf-16";
        output_buffers 1 1;
        postpone_output 0;
        sendfile off;
    }
}
--- config
location / {
    consent_html on;
    proxy_buffering off;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- user_files eval
[[ "a.html", "\xef\xbb<p>x</p>" ]]
--- request
GET /a.html
--- error_code: 502



=== TEST 11: consent_html_types adds a type
--- config
location / {
    consent_html on;
    consent_html_types text/plain;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.txt
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.txt
--- response_body
<p>x</p>



=== TEST 12: a response without Content-Type is sniffed, so read
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        root $TEST_NGINX_HTML_DIR;
        types { }
        default_type "";
    }
}
--- config
location / {
    consent_html on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- user_files
>>> a
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a
--- response_body
<p>x</p>
--- response_headers
!Content-Type



=== TEST 13: unknown/unknown is sniffed too
--- config
location / {
    consent_html on;
    types { }
    default_type unknown/unknown;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a
--- response_body
<p>x</p>



=== TEST 14: XHTML is refused while something is denied
--- config
location / {
    consent_html on;
    types { application/xhtml+xml xhtml; }
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.xhtml
<html xmlns="http://www.w3.org/1999/xhtml"><body><script data-category="analytics">t()</script></body></html>
--- request
GET /a.xhtml
--- error_code: 502
--- error_log
consent_html: an "application/xhtml+xml" response is parsed as XML



=== TEST 15: SVG is refused while something is denied
--- config
location / {
    consent_html on;
    types { image/svg+xml svg; }
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.svg
<svg xmlns="http://www.w3.org/2000/svg"><script data-category="analytics">t()</script></svg>
--- request
GET /a.svg
--- error_code: 502



=== TEST 16: any +xml type is refused
--- config
location / {
    consent_html on;
    types { }
    default_type application/vnd.x+xml;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a
<x/>
--- request
GET /a
--- error_code: 502



=== TEST 17: XML passes when everything is granted and no banner is due
--- config
location / {
    consent_html on;
    types { image/svg+xml svg; }
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.svg
<svg xmlns="http://www.w3.org/2000/svg"><script data-category="analytics">t()</script></svg>
--- request
GET /a.svg
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
<svg xmlns="http://www.w3.org/2000/svg"><script data-category="analytics">t()</script></svg>



=== TEST 18: an XML type in consent_html_types stops nginx -t
--- config
location / {
    consent_html on;
    consent_html_types text/plain image/svg+xml;
}
--- must_die
--- error_log
"image/svg+xml" is parsed as XML
--- must_die_line: config:3



=== TEST 19: Content-Encoding gzip, then identity: refused
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Content-Encoding gzip;
        add_header Content-Encoding identity;
        default_type text/html;
        return 200 "\x1f\x8b binary";
    }
}
--- config
location / {
    consent_html on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- error_code: 502
--- error_log
consent_html: a compressed HTML response cannot be filtered



=== TEST 20: Content-Encoding "identity, br": refused
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Content-Encoding "identity, br";
        default_type text/html;
        return 200 "binary";
    }
}
--- config
location / {
    consent_html on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- error_code: 502



=== TEST 21: Content-Encoding identity, twice: read
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Content-Encoding identity;
        add_header Content-Encoding " Identity ";
        default_type text/html;
        return 200 "<p>x</p><script data-category=\"analytics\">t()</script>";
    }
}
--- config
location / {
    consent_html on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- request
GET /
--- response_body chomp
<p>x</p>



=== TEST 22: Range on a static page: the whole filtered page
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.html
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.html
--- more_headers
Range: bytes=0-3
If-Range: "x"
--- response_body
<p>x</p>



=== TEST 23: Range on a proxied page: the upstream never sees it
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header X-Range "r=$http_range";
        add_header X-If-Range "r=$http_if_range";
        root $TEST_NGINX_HTML_DIR;
    }
}
--- config
location / {
    consent_html on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- user_files
>>> a.html
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.html
--- more_headers
Range: bytes=0-3
--- response_body
<p>x</p>
--- response_headers
X-Range: r=



=== TEST 23a: If-Range never reaches the upstream either
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header X-Range "r=$http_range";
        add_header X-If-Range "r=$http_if_range";
        root $TEST_NGINX_HTML_DIR;
    }
}
--- config
location / {
    consent_html on;
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- user_files
>>> a.html
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.html
--- more_headers
X-A: 1
If-Range: Thu, 01 Jan 1970 00:00:01 GMT
X-B: 2
Range: bytes=0-3
Range: bytes=4-5
X-C: 3
--- response_body
<p>x</p>
--- response_headers
X-Range: r=
X-If-Range: r=



=== TEST 24: Range where consent_html is off is left alone
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header X-Range "r=$http_range";
        root $TEST_NGINX_HTML_DIR;
    }
}
--- config
location / {
    proxy_pass http://127.0.0.1:$TEST_NGINX_PORT2;
}
--- user_files
>>> a.html
<p>x</p>
--- request
GET /a.html
--- more_headers
Range: bytes=0-3
--- error_code: 206
--- response_headers
X-Range: r=bytes=0-3



=== TEST 25: HEAD of a page in a refused charset
--- config
location / {
    consent_html on;
    types { }
    default_type "text/html; charset=utf-16be";
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.html
<p>x</p>
--- request
HEAD /a.html
--- error_code: 502



=== TEST 26: SSI with an undeclared page still works, a part's NUL refused
--- config
location / {
    ssi on;
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<p>main</p><!--# include virtual="/part.html" --><script data-category="analytics">a()</script>
>>> part.html
<p>part</p><img data-category="marketing" src="/px.gif">
--- request
GET /index.html
--- response_body eval
"<p>main</p><p>part</p>\n\n"



=== TEST 27: If-None-Match with the filtered page's ETag: 304, no body
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.html
<p>x</p><script data-category="analytics">t()</script>
--- request
GET /a.html
--- more_headers
If-None-Match: *
--- error_code: 304
--- response_body




=== TEST 28: an SSI part is read in the charset of its page
--- config
location / {
    ssi on;
    ssi_types *;
    consent_html on;
    types { }
    default_type "text/html; charset=utf-8";
    root $TEST_NGINX_HTML_DIR;
}
location /parts/ {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
[[ "index.html", "<p>main</p><!--# include virtual=\"/parts/p.html\" --><p>end</p>" ],
 [ "parts/p.html", "<p>a\0b</p><img data-category=\"marketing\" src=\"/px.gif\">" ]]
--- request
GET /index.html
--- response_body eval
"<p>main</p><p>a\0b</p><p>end</p>"
