#!/bin/sh
# Fuzzes every parser of outside input with libFuzzer (clang, AddressSanitizer and
# UndefinedBehaviorSanitizer), each for FUZZ_SECONDS (default 60), starting from the seed
# corpus. An input that crashes is kept as tests/fuzz/regress/TARGET-crash-...: the ordinary
# test suite then replays it for ever (add it to git). Prints executions, coverage and time.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${FUZZ_SECONDS:-60}
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dc_args=-fsanitize=fuzzer-no-link \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C build-fuzz >/dev/null
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# the names module (ICU), which the definition's checks load
export TINNHIEM_MODULEDIR=$top/build-fuzz/src
export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
status=0
for target in definition line bundle keys; do
	work=$(mktemp -d)
	cp tests/fuzz/corpus/$target/* "$work"/
	log=$(mktemp)
	if build-fuzz/tests/fuzz_$target -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="tests/fuzz/regress/$target-" -max_len=65536 "$work" >"$log" 2>&1; then
		result=ok
	else
		result=CRASH
		status=1
		tail -40 "$log"
	fi
	awk -v t="$target" -v r="$result" '
		/^stat::number_of_executed_units/ { runs = $2 }
		/^stat::average_exec_per_sec/ { rate = $2 }
		/cov: / { for (i = 1; i < NF; i++) { if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1) } }
		END { printf "fuzz %-10s %10d runs  %7d/s  cov %5d  ft %6d  %s\n", t, runs, rate, cov, ft, r }
	' "$log"
	sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/  (\1 runs in \2 s)/p' "$log"
	rm -rf "$work" "$log"
done
exit $status
