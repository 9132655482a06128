# The smoke run of "make bench": one short scenario of bench/bench.pl, so
# that the benchmark keeps working; its figures are not judged here.

use strict;
use warnings;

use lib 't/lib';
use Test::Consent;
use Test::More;
use GeoDB;

# the stock server of the benchmark loads ngx_http_geoip2_module: Debian's,
# which loads only into Debian's nginx, unless GEOIP2_MODULE names another

unless ($ENV{GEOIP2_MODULE}) {
    my (undef, $why) = debian_module('ngx_http_geoip2_module.so');

    plan(skip_all => "bench/bench.pl needs ngx_http_geoip2_module: $why"
                     . ' (or GEOIP2_MODULE)')
        if defined $why;
}

my $out = `BENCH_DB=$GeoDB::DIR/official.mmdb perl bench/bench.pl --quick 2>&1`;

is($? >> 8, 0, 'bench/bench.pl --quick ran') or diag($out);

my ($a, $b, $c) = $out =~ /^vars, no cookie\s+(\d+)\s+(\d+)\s+(\d+)\s/m;

ok(defined $c, 'the table has the three servers of "vars, no cookie"')
    or diag($out);
cmp_ok($a, '>', 1000, 'a bare request costs instructions');
cmp_ok($b, '>', $a, 'stock parts cost more than nothing');
cmp_ok($c, '>', $a, 'the module costs more than nothing');

done_testing();
