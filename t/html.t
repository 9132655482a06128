# consent_html and consent_banner: marked elements out of HTML pages.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;

# a page with a marked script at every few bytes, and what is left of it
sub main::page {
    my $p = "<html><body>\n";
    $p .= "<p>text $_</p><script data-category=\"analytics\">track($_)</script>\n" for 1 .. 400;
    return $p . "</body></html>\n";
}

sub main::page_left {
    (my $p = main::page()) =~ s{<script data-category="analytics">.*?</script>}{}g;
    return $p;
}

run_tests();

__DATA__

=== TEST 1: without consent, a marked script is removed
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<html><head><script src="/app.js"></script><script data-category="analytics" src="/ga.js"></script></head>
<body><img data-category="marketing" src="/pixel.gif"><p>hello</p></body></html>
--- request
GET /index.html
--- response_body
<html><head><script src="/app.js"></script></head>
<body><p>hello</p></body></html>
--- response_headers
!Content-Length



=== TEST 2: with consent the page is untouched and the filter steps aside
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<html><head><script data-category="analytics" src="/ga.js"></script></head><body></body></html>
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing+preferences.k3J9xQ2mPq
--- response_body
<html><head><script data-category="analytics" src="/ga.js"></script></head><body></body></html>
--- response_headers_like
Content-Length: \d+



=== TEST 3: Cookiebot and OneTrust markers
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<div data-cookieconsent="statistics">S</div><div data-cookieconsent="preferences">P</div><div class="x optanon-category-C0004">M</div><div class="optanon-category-C0003">F</div>
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.preferences.k3J9xQ2mPq
--- response_body
<div data-cookieconsent="preferences">P</div><div class="optanon-category-C0003">F</div>



=== TEST 4: an unknown marker is removed (fail closed)
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script data-category="mystery">x()</script>ok
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics+marketing.k3J9xQ2mPq
--- response_body
ok



=== TEST 5: the banner goes before </body> while the visitor has not decided
--- config
location / {
    consent_html on;
    consent_banner $TEST_NGINX_HTML_DIR/banner.inc;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<html><body><p>hi</p></body></html>
>>> banner.inc
<form id="banner"></form>
--- request
GET /index.html
--- response_body
<html><body><p>hi</p><form id="banner"></form>
</body></html>



=== TEST 6: no banner once decided
--- config
location / {
    consent_html on;
    consent_banner $TEST_NGINX_HTML_DIR/banner.inc;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<html><body><p>hi</p><script data-category="analytics">t()</script></body></html>
>>> banner.inc
<form id="banner"></form>
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.-.k3J9xQ2mPq
--- response_body
<html><body><p>hi</p></body></html>



=== TEST 7: activate makes a granted text/plain script executable
--- config
location / {
    consent_html activate;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script type="text/plain" data-category="analytics">a()</script><script type="text/plain" data-category="marketing">m()</script>
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body_like
^<script +data-category="analytics">a\(\)</script>$



=== TEST 8: a large page through tiny output buffers
--- config
location / {
    consent_html on;
    output_buffers 2 64;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files eval
">>> big.html\n" . main::page()
--- request
GET /big.html
--- response_body eval
main::page_left()



=== TEST 9: proxied, 1 byte at a time, unbuffered
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        root $TEST_NGINX_HTML_DIR;
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
">>> big.html\n" . main::page()
--- request
GET /big.html
--- response_body eval
main::page_left()



=== TEST 10: a compressed upstream body is refused, never passed
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        add_header Content-Encoding gzip;
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



=== TEST 11: HEAD gets the headers of the filtered page, not the file's length
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script data-category="analytics">t()</script>
--- request
HEAD /index.html
--- response_body
--- response_headers
!Content-Length
!Accept-Ranges



=== TEST 12: not HTML: untouched
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> a.txt
<script data-category="analytics">t()</script>
--- request
GET /a.txt
--- response_body
<script data-category="analytics">t()</script>



=== TEST 13: a missing banner file stops nginx -t
--- config
consent_banner /nonexistent/banner.inc;
--- must_die
--- error_log
open() "/nonexistent/banner.inc" failed



=== TEST 14: an unknown mode stops nginx -t
--- config
consent_html maybe;
--- must_die
--- error_log
invalid value "maybe"



=== TEST 15: SSI subrequests are filtered too
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



=== TEST 16: HTTP/1.0 client, close-delimited
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<p>x</p><script data-category="analytics">a()</script>
--- raw_request eval
"GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n"
--- response_body
<p>x</p>



=== TEST 17: a partial (206) HTML answer is refused, never passed
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_PORT2;
    location / {
        default_type text/html;
        return 206 "<script data-category=\"analytics\">";
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
consent_html: a partial HTML response cannot be filtered



=== TEST 18: a removal ends only where the browser closes the element
The browser ignores "</span>" while a p is open in it, "</div>" while a
table is: what follows is still inside the marked element.
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<span data-category="marketing"><p>x</span><iframe src="/t1"></iframe></p></span>A
<div data-category="marketing"><table><tr><td></div><img src="/t2.gif"></td></tr></table></div>B
<ul><li data-category="marketing">x<li>y</ul>C
--- request
GET /index.html
--- response_body
A
B
<ul><li>y</ul>C



=== TEST 19: a formatting element stays open where the browser keeps it
The browser ignores "</b>" while an object is open in the b.
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<div><b data-category="marketing"><object></b><img src="/t.gif"></object></b>Z</div>
--- request
GET /index.html
--- response_body
<div>Z</div>



=== TEST 20: an iframe whose srcdoc holds a denied element is removed
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<iframe srcdoc="&lt;script data-category=&quot;marketing&quot; src=/t.js&gt;&lt;/script&gt;"></iframe>A
<iframe srcdoc='<img data-category="marketing" src="/t.gif">'></iframe>B
<iframe srcdoc="<p>fine</p>"></iframe>C
--- request
GET /index.html
--- response_body
A
B
<iframe srcdoc="<p>fine</p>"></iframe>C



=== TEST 21: what stays open in a removed element, and copies of it
The browser re-opens a denied b left open by "</address>", a span closes
a math, and it keeps what is open in a form after "</form>" (with
formatting elements it may re-open from before the form, which the filter
cannot see): a removed form runs to the end of the page.
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<address data-category="marketing"><b data-cookieconsent="statistics"></address>]]><p id="b">x</p></b>B
<math data-category="analytics"><span data-category="analytics"></math><b id="m"></b></span>C
<div data-category="marketing"><ul><marquee></ul><table id="q"></table></marquee></ul></div>D
<form data-cookieconsent="statistics"><div></form><span id="f"></span></div></form>A
--- request
GET /index.html
--- response_body
B
C
D



=== TEST 22: a tag that may close the removed element around it
What is open around a removed element is not followed: "</div>" may close
the unclosed p, an a or a table may close a marked div (an a or a table
around it).  The removal goes on as if they did not, and ends where that
ends it.
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<div><p data-category="marketing">x</div><div>y</div>B
<div data-category="marketing"><a href="/t">x</a><table><tr><td>y</table></div>C
--- request
GET /index.html
--- response_body
<div><div>y</div>B
C



=== TEST 23: a marked element opened after it could outlast the removal
"<div>" closes the p around the removed span, and the span with it; the
q opened next is a marked element of its own, which "</span>" does not
close: the removal runs to the end of the page.
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<p><span data-category="marketing">x<div></div><q data-category="marketing"><img src="/t.gif"></span>z</p>A
--- request
GET /index.html
--- response_body chomp
<p>



=== TEST 24: a removed element after a breakout, in select, in an mi
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<select><div data-cookieconsent="preferences"><table></div><code id="c">a</code></table></div></select>A
<math><mi data-category="marketing"><div></mi><img src="/t.gif"></div></mi></math>B
--- request
GET /index.html
--- response_body
<select></select>A
<math></math>B



=== TEST 25: CookieYes markers, by the categories their words map to
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script data-cookieyes="cookieyes-analytics">a()</script><script data-cookieyes="cookieyes-performance">p()</script><i data-cookieyes="cookieyes-necessary">n</i><script data-cookieyes="cookieyes-advertisement">m()</script><iframe data-cookieyes="cookieyes-functional" src="/f"></iframe><script data-cookieyes="cookieyes-other">o()</script>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
<script data-cookieyes="cookieyes-analytics">a()</script><script data-cookieyes="cookieyes-performance">p()</script><i data-cookieyes="cookieyes-necessary">n</i>A



=== TEST 26: activate makes a granted CookieYes script executable
--- config
location / {
    consent_html activate;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script type="text/plain" data-cookieyes="cookieyes-functional">f()</script><script type="text/plain" data-cookieyes="cookieyes-advertisement">m()</script>
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.preferences.k3J9xQ2mPq
--- response_body_like
^<script +data-cookieyes="cookieyes-functional">f\(\)</script>$



=== TEST 27: Complianz's category words, activated when granted
--- config
location / {
    consent_html activate;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script type="text/plain" data-category="statistics" class="cmplz-script">s()</script><script type="text/plain" data-category="marketing">m()</script><script type="text/plain" data-category="preferences">p()</script><iframe data-category="functional" src="/f"></iframe>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body_like
^<script +data-category="statistics" class="cmplz-script">s\(\)</script>A$



=== TEST 28: Complianz's functional and preferences need preferences
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script type="text/plain" data-category="statistics">s()</script><script type="text/plain" data-category="preferences">p()</script><iframe data-category="functional" src="/f"></iframe>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.preferences.k3J9xQ2mPq
--- response_body
<script type="text/plain" data-category="preferences">p()</script><iframe data-category="functional" src="/f"></iframe>A



=== TEST 29: Klaro's data-name with type="text/plain", by the klaro: mappings
--- http_config
consent_category analytics klaro:matomo;
consent_category marketing klaro:facebook;
--- config
location / {
    consent_html activate;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<script type="text/plain" data-name="matomo">t()</script><script type="text/plain" data-name="facebook">f()</script><script type="text/plain" data-name="hotjar">h()</script><script data-name="facebook">x()</script>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body_like
^<script +data-name="matomo">t\(\)</script><script data-name="facebook">x\(\)</script>A$



=== TEST 30: a type spelt with a character reference is no way past Klaro's marker
--- http_config
consent_category analytics klaro:matomo;
--- config
location / {
    consent_html activate;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<embed type="text/pl&#97;in" data-name="youtube" src="/v"><span data-name="matomo" type="&#x74;ext/plain">m</span><script type="text/pl&#97;in" data-name="matomo">t()</script><embed type="text/html" data-name="youtube" src="/w">A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
<embed type="text/html" data-name="youtube" src="/w">A



=== TEST 31: an end tag the browser ignores in svg does not end foreign content
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<svg></script foo="bar"><textarea class="optanon-category-C0002"><img data-category="marketing"></svg><p>x</p><svg></img><style><b data-category="marketing">y</b></style></svg>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
<svg></script foo="bar"><textarea class="optanon-category-C0002"></svg><p>x</p><svg></img><style></style></svg>A



=== TEST 32: </body> in svg does not end foreign content
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<svg></body><textarea class="optanon-category-C0002"><img data-category="marketing"></svg>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
<svg></body><textarea class="optanon-category-C0002"></svg>A



=== TEST 33: an end tag of no element open around svg does not end foreign content
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<svg></div><textarea class="optanon-category-C0002"><img data-category="marketing"></textarea></svg><p>x</p><textarea>t</textarea>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
<svg></div></svg><p>x</p><textarea>t</textarea>A



=== TEST 34: the same in a g, with a div open around the svg
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<div><svg><g></span><style><img data-category="marketing"></style></g></svg></div><style>s</style>A
--- request
GET /index.html
--- response_body
<div><svg><g></span></g></svg></div><style>s</style>A



=== TEST 35: a font without color, face or size in svg is an SVG element
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<svg><font><textarea class="optanon-category-C0002"><img data-category="marketing"></textarea></font></svg><p>x</p>A
--- request
GET /index.html
--- more_headers
Cookie: consent=1.1732350000.0.analytics.k3J9xQ2mPq
--- response_body
<svg><font></font></svg><p>x</p>A



=== TEST 36: after HTML in a foreignObject, a textarea in the svg is removed whole
# chromium reads the textarea as an SVG element, and the img in it, which
# breaks out, as an HTML element that loads; the scanner had read the
# textarea as HTML, its content as text
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<svg><foreignObject><div>a</div></foreignObject><textarea><img src="/p.gif" data-category="marketing"></textarea></svg><p>x</p><textarea>t</textarea>A
--- request
GET /index.html
--- response_body
<svg><foreignObject><div>a</div></foreignObject></svg><p>x</p><textarea>t</textarea>A



=== TEST 37: the same with an svg nested after the foreignObject, until the root's end tag
# chromium: the nested svg closes, the style is an SVG element, the img in
# it an HTML element; after the outer </svg>, HTML again in both readings
--- config
location / {
    consent_html on;
    root $TEST_NGINX_HTML_DIR;
}
--- user_files
>>> index.html
<svg><foreignObject><div>a</div></foreignObject><svg></svg><style><img src="/p.gif" data-category="marketing"></style></svg><textarea>t</textarea><script>var a="<img>";</script>
--- request
GET /index.html
--- response_body
<svg><foreignObject><div>a</div></foreignObject><svg></svg></svg><textarea>t</textarea><script>var a="<img>";</script>
