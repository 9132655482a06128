#!/usr/bin/perl

# The instructions one consent format's core takes to parse one value,
# without nginx: bench/core_cost.c parses it N1 and N2 times under
# callgrind, and the difference divided by N2 - N1 cancels start-up.
# What "make bench-core FORMAT=... VALUE=..." runs; the figure is the
# part of a request's cost that belongs to the core.
#
# usage: bench/core_cost.pl BINARY FORMAT VALUE

use strict;
use warnings;

my ($bin, $format, $value) = @ARGV;

die "usage: bench/core_cost.pl BINARY FORMAT VALUE\n"
    unless defined $value && length $format;

my ($N1, $N2) = (1000, 3000);

sub instructions {
    my ($n) = @_;

    my $out = qx(valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
                 '$bin' '$format' \Q$value\E $n 2>&1);

    die "core_cost: $out" if $? != 0;
    my ($count) = $out =~ /Collected\s*:\s*(\d+)/;
    my ($result) = $out =~ /^(\Q$format\E: .*)$/m;

    die "core_cost: no count from callgrind:\n$out" unless defined $count;

    return ($count, $result);
}

my ($i1) = instructions($N1);
my ($i2, $result) = instructions($N2);

printf "%s, %d bytes: %.0f instructions a parse (%s; callgrind, %d against "
       . "%d parses)\n", $format, length $value, ($i2 - $i1) / ($N2 - $N1),
       $result // '?', $N2, $N1;
