#!/bin/sh
# The benchmarks at several sizes, their figures gathered for tests/bench/plot.sh:
#   sh tests/bench/scale.sh BUILD_DIR RESULTS.tsv [BALLOTS...]   (default 10000 100000 1000000)
# A million ballots take about half an hour on two cores, most of it making the votes (kept in
# TN_BENCH_DIR, default /tmp/tinnhiem-bench, for the next run).
set -eu
build=$(cd "$1" && pwd)
results=$2
shift 2
[ $# -gt 0 ] || set -- 10000 100000 1000000
here=$(cd "$(dirname "$0")" && pwd)
: >"$results"
export TINNHIEM="$build/src/tinnhiem" TN_BUILD_ROOT="$build" TN_BENCH_RESULTS="$results"
for n in "$@"; do
	for b in entry read; do
		TN_BENCH_BALLOTS=$n sh "$here/bench.sh" $b
	done
done
