#!/bin/sh
# Scanning: a stack of generated sheets (tests/scan/gen.c) read back with scan --dry-run; no
# row may be read wrongly, no writing may go unseen, at most 1% of clear rows may go to a
# person (tests/scan/check.py). Environment: TN_SCAN_SHEETS (default 1000), TN_SCAN_SEED.
. "$(dirname "$0")/../e2e/lib.sh"
N=${TN_SCAN_SHEETS:-1000}
SEED=${TN_SCAN_SEED:-2023}
GEN=$TN_SCAN_GEN
[ -z "${TN_VALGRIND:-}" ] || exit 77 # see tests/e2e/scan.sh
cd "$WORK"
$T init "$DEMO" v.db >/dev/null
$T ballots v.db -o phieu.pdf >/dev/null
mkdir stack
half=$((N / 2))
"$GEN" v.db phieu.pdf "$SEED" 0 "$half" stack &
"$GEN" v.db phieu.pdf "$SEED" "$half" $((N - half)) stack || fail "the generator failed"
wait $! || fail "the generator failed"
cat stack/files-*.txt >files.txt
cat stack/truth-*.txt >truth.txt
t0=$(date +%s%N)
$T scan v.db --dry-run $(cat files.txt) >dry.txt 2>err.txt || fail "scan failed: $(cat err.txt)"
t1=$(date +%s%N)
python3 "$TN_SOURCE_ROOT/tests/scan/check.py" truth.txt dry.txt "$SEED" || fail "readings"
echo "read $N sheets in $(((t1 - t0) / 1000000)) ms"
echo "scan-stack: ok"
