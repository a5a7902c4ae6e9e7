#!/bin/sh
# Crash safety: enter --from and close are killed (SIGKILL) at random moments. After every
# kill the vote file verifies, and what it holds is exactly a prefix of what was typed
# (each batch is all or nothing); a killed close leaves the vote sealed or open, never half.
. "$(dirname "$0")/lib.sh"
want=${TN_CRASH_KILLS:-100} # kills that land while the process runs
if [ -n "${TN_VALGRIND:-}" ]; then
	echo "kills at random moments are timed for the program itself, not under valgrind" >&2
	exit 77
fi

# 1000 ballots per batch, each batch recognisable by its marks
batch() {
	awk -v k="$1" 'BEGIN { srand(k); for (i = 0; i < 1000; i++) {
		line = ""; for (j = 0; j < 9; j++) line = line int(rand() * 3 + 1); print line } }'
}

recorded() { sqlite3 v.db "SELECT body FROM records WHERE kind = 'ballot' ORDER BY seq" | cut -f4; }

$T init "$DEMO" v.db >/dev/null
# how long a batch takes here, so that the kills fall before, during and after its commit
batch 0 >b.txt
cp v.db span.db
t0=$(date +%s%N)
$T enter span.db --from b.txt >/dev/null
span=$((($(date +%s%N) - t0) / 1000000 * 3 / 2 + 1))
: >typed.txt
k=1
killed=0
done_batches=0
i=0
while [ "$killed" -lt "$want" ] && [ $i -lt $((want * 4)) ]; do
	batch $k >b.txt
	delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 7919 + 1); printf "%.3f", rand() * span / 1000 }')
	$T enter v.db --from b.txt >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	# the span follows the runs (a first one slowed by other work would put the kills after
	# most runs): shorter after a run that finished, longer after one killed, so that about a
	# third finish
	if kill -9 $pid 2>/dev/null; then
		killed=$((killed + 1))
		span=$((span * 21 / 20 + 1))
	else
		span=$((span * 9 / 10 + 1))
	fi
	wait $pid 2>/dev/null || true
	$T verify v.db >/dev/null 2>verify.err || { cat verify.err >&2; fail "kill $i: verify failed"; }
	recorded >now.txt
	n=$(wc -l <now.txt)
	have=$(wc -l <typed.txt)
	if [ "$n" = $((have + 1000)) ]; then
		cat b.txt >>typed.txt # this batch went in whole; the next one is new
		k=$((k + 1))
		done_batches=$((done_batches + 1))
	elif [ "$n" != "$have" ]; then
		fail "kill $i: $n ballots recorded, neither $have nor $((have + 1000))"
	fi
	cmp -s now.txt typed.txt || fail "kill $i: the recorded ballots are not what was typed"
	i=$((i + 1))
done
[ "$killed" -ge "$want" ] || fail "only $killed of $i runs were killed while running"
ok
echo "entry: $i runs, $killed killed while running, $done_batches batches in whole (a batch: $span ms)"

# --- close, killed at random moments: sealed or not, never half
batch $k >b.txt # one batch in whole, however the kills fell
$T enter v.db --from b.txt >/dev/null
cat b.txt >>typed.txt
n=$(wc -l <typed.txt)
$T meeting v.db --convened "$n" --present "$n" --issued "$n" --collected "$n" >/dev/null
# how long a close takes here, so that the kills fall before, during and after it
cp v.db c.db
rm -f c.db-wal c.db-shm
t0=$(date +%s%N)
$T close c.db >/dev/null
span=$((($(date +%s%N) - t0) / 1000000 * 3 / 2 + 1))
i=0
sealed=0
while [ $i -lt 30 ]; do
	cp v.db c.db
	rm -f c.db-wal c.db-shm
	delay=$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s * 104729 + 3); printf "%.3f", rand() * span / 1000 }')
	$T close c.db >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	$T verify c.db >out 2>err || { cat err >&2; fail "close kill $i: verify failed"; }
	if grep -q "sealed; tally hash" out; then
		sealed=$((sealed + 1))
	else
		contains out "not sealed: the vote is still open"
		expect 0 $T close c.db # an interrupted close can simply be run again
	fi
	i=$((i + 1))
done
ok
echo "close: 30 runs, $sealed sealed before the kill"
# --- the commit point survives a power cut, which no kill can show: the journal is truncated
# and then synced (a deletion alone is not synced, and a journal brought back would roll the
# acknowledged ballot back); the empty journal is deleted only after that, at the close
$T init "$DEMO" s.db >/dev/null
printf '123123123\n' >one.txt
# (LeakSanitizer cannot run under ptrace: the sanitized build's leak check is off for this run)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -e trace=openat,ftruncate,fdatasync,fsync,unlink -o st.txt $T enter s.db \
	--from one.txt >/dev/null || fail "enter under strace failed"
# commit-point FILE: "synced" when the journal's truncation is synced, then the journal deleted
commit_point() {
	awk '/openat\(.*s\.db-journal"/ { n = split($0, a, "= "); fd = a[n] + 0 }
		fd != "" && index($0, "ftruncate(" fd ", 0)") { cut = 1 }
		cut && (index($0, "fdatasync(" fd ")") || index($0, "fsync(" fd ")")) { synced = 1 }
		/unlink\(.*s\.db-journal"/ { deleted = 1; exit }
		END { print synced ? (deleted ? "synced" : "synced, never deleted") : "not synced" }' "$1"
}
[ "$(commit_point st.txt)" = synced ] || fail "the journal at the commit: $(commit_point st.txt)"
[ ! -e s.db-journal ] || fail "the empty journal was left beside the file"
# the twin: a trace where the truncation is not synced before the deletion is told apart
grep -v 'sync(' st.txt >nosync.txt
[ "$(commit_point nosync.txt)" = "not synced" ] || fail "commit_point does not see a missing sync"
ok
# --- a bundle is written 256 KiB a call (a million ballots: 400 calls, not 25,000 of 4 KiB)
$T init "$DEMO" w.db >/dev/null
$T meeting w.db --convened 3000 --present 3000 --issued 3000 --collected 3000 >/dev/null
awk 'BEGIN { for (i = 0; i < 3000; i++) print "1 2 3 1 2 3 1 2 3" }' >w.txt
$T enter w.db --from w.txt >/dev/null
$T close w.db >/dev/null
# (only write traced: the reading thread makes none meanwhile, so no call is cut in two)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -e trace=write -o wt.txt $T export w.db -o w.bundle >/dev/null ||
	fail "export under strace failed"
# writes FILE SIZE: "ok" when the writes to files (not to fd 0 to 2) are of 256 KiB each but
# the last, and make SIZE bytes; else the sizes
writes() {
	awk -v size="$2" 'match($0, /write\([0-9]+, /) && substr($0, RSTART + 6, RLENGTH - 8) + 0 > 2 {
			n = split($0, a, "= "); w[++k] = a[n] + 0; sum += a[n] }
		END { ok = k > 1 && sum == size
			for (i = 1; i < k; i++) if (w[i] != 262144) ok = 0
			if (ok) print "ok"; else for (i = 1; i <= k; i++) printf "%s ", w[i] }' "$1"
}
size=$(stat -c %s w.bundle)
[ "$(writes wt.txt "$size")" = ok ] ||
	fail "the bundle ($size bytes) was written as: $(writes wt.txt "$size")"
# the twin: a trace of 4 KiB writes is told apart
sed 's/262144) = 262144/4096) = 4096/' wt.txt >small.txt
[ "$(writes small.txt "$size")" != ok ] || fail "writes does not see 4 KiB writes"
ok

done_checks
