#!/bin/sh
# Draws the figures of tests/bench/scale.sh: each command's cost per ballot, and its peak
# memory, against the number of ballots (needs gnuplot-nox):
#   sh tests/bench/plot.sh RESULTS.tsv OUT-DIR   (writes per-ballot.svg and memory.svg)
set -eu
results=$1
out=$2
command -v gnuplot >/dev/null || { echo "plot.sh: needs gnuplot (apt-get install gnuplot-nox)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# one file per benchmark: ballots, microseconds per ballot, floor per ballot, KiB
awk -F '\t' -v dir="$work" '$1 !~ /\(/ {
	f = dir "/" $1
	if (!(f in seen)) { seen[f] = 1; order[++n] = $1 }
	printf "%s %.4f %.4f %d\n", $2, $3 / $2, $5 / $2, $4 >f
} END { for (i = 1; i <= n; i++) print order[i] >(dir "/list") }' "$results"
plots() { # column title-suffix
	sep=
	while IFS= read -r name; do
		printf '%s"%s/%s" using 1:%s with linespoints title "%s"' "$sep" "$work" "$name" "$1" "$name"
		sep=', '
	done <"$work/list"
}
gnuplot <<GP
set terminal svg size 800,500 dynamic font "Liberation Sans,12" background "white"
set logscale x
set key outside right
set grid
set xlabel "ballots (15 members each)"
set output "$out/per-ballot.svg"
set title "Cost per ballot of each command"
set ylabel "microseconds per ballot"
set yrange [0:*]
plot $(plots 2)
set output "$out/memory.svg"
set title "Peak resident memory of each command"
set ylabel "KiB"
plot $(plots 4)
GP
echo "wrote $out/per-ballot.svg and $out/memory.svg"
