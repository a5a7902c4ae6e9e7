#!/bin/sh
# Benchmarks: each figure is printed beside its floor, measured in the same run, with the ratio,
# the target and the command's peak resident memory. They never fail on timing.
#   bench.sh entry|pass2|read|small|latency
# Environment: TINNHIEM, TN_BUILD_ROOT; TN_BENCH_BALLOTS (default 1000000); TN_BENCH_DIR (the
# votes made are kept there between runs); TN_BENCH_RUNS (best of, default 3);
# TN_BENCH_RESULTS: a file to which each figure is appended as a row of
# "benchmark ballots microseconds KiB floor-microseconds" (tests/bench/plot.sh draws them).
set -eu
what=$1
N=${TN_BENCH_BALLOTS:-1000000}
R=${TN_BENCH_RUNS:-3}
M=15 # members
T=$TINNHIEM
B=$TN_BUILD_ROOT/tests
W=${TN_BENCH_DIR:-${TMPDIR:-/tmp}/tinnhiem-bench}
MEM_TARGET=16384 # KiB
mkdir -p "$W"
cd "$W"

# measure RUNS SETUP COMMAND...: sets us (best wall time, microseconds) and kib (peak memory)
measure() {
	out=$("$B/bench_run" "$@") || exit 1
	us=${out% *} kib=${out#* }
}

# figure NAME US KIB FLOOR_US TARGET: one line; TARGET 0 is for reference only
figure() {
	[ -z "${TN_BENCH_RESULTS:-}" ] ||
		printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$N" "$2" "$3" "$4" >>"$TN_BENCH_RESULTS"
	awk -v n="$1" -v f="$2" -v k="$3" -v l="$4" -v t="$5" -v mt="$MEM_TARGET" 'BEGIN {
		r = l > 0 ? f / l : 0
		printf "%-30s %10.1f ms  floor %10.1f ms  ratio %5.2f  ", n, f / 1000, l / 1000, r
		if (t > 0)
			printf "target <= %.1f %-11s", t, (r <= t ? "ok" : "OVER TARGET")
		else
			printf "%-26s", "(for reference)"
		printf "  peak %6d KiB %s\n", k, (k <= mt ? "" : "(over 16 MiB)")
	}'
}

# vote N: directory vN holding a vote of N ballots x M members: d.ini, b.txt, open.db (the
# ballots entered), v.db (the same, closed) and v.bundle
vote() {
	d=v$1
	if [ ! -f "$d/ready" ]; then
		rm -rf "$d" && mkdir "$d"
		"$B/bench_gen" $M "$1" 2023 "$d/d.ini" "$d/b.txt"
		$T init "$d/d.ini" "$d/open.db" >/dev/null
		$T enter "$d/open.db" --from "$d/b.txt" >/dev/null
		cp "$d/open.db" "$d/v.db"
		$T close "$d/v.db" >/dev/null
		$T export "$d/v.db" -o "$d/v.bundle" >/dev/null
		touch "$d/ready"
	fi
	echo "$d"
}

# double N: directory dN, a double-entry vote of N ballots: dd.ini, b.txt, pass1.db (pass 1
# entered) and both.db (both passes, the same ballots)
double() {
	d=d$1
	if [ ! -f "$d/ready" ]; then
		rm -rf "$d" && mkdir "$d"
		"$B/bench_gen" $M "$1" 2023 "$d/d.ini" "$d/b.txt"
		sed 's/^\[vote\]$/[vote]\ndouble_entry = yes/' "$d/d.ini" >"$d/dd.ini"
		$T init "$d/dd.ini" "$d/pass1.db" >/dev/null
		$T enter "$d/pass1.db" --from "$d/b.txt" >/dev/null
		# pass 2 first: each of its ballots then has no pass-1 twin to look up
		$T init "$d/dd.ini" "$d/both.db" >/dev/null
		$T enter "$d/both.db" --pass 2 --from "$d/b.txt" >/dev/null
		$T enter "$d/both.db" --from "$d/b.txt" >/dev/null
		touch "$d/ready"
	fi
	echo "$d"
}

# the same record lines in both files: the floor holds the bytes tinnhiem holds
same_records() {
	a=$(sqlite3 "$1" "SELECT count(*), sum(length(body)) FROM records WHERE kind = 'ballot'")
	b=$(sqlite3 "$2" "SELECT count(*), sum(length(body)) FROM records")
	[ "$a" = "$b" ] || { echo "the floor does not hold the same records: $a against $b" >&2; exit 1; }
}

case $what in
entry)
	d=$(vote "$N")
	echo "batch entry of $N ballots x $M members, one transaction"
	measure "$R" "rm -f f.db*" "$B/bench_floor" insert "$d/b.txt" f.db
	floor=$us
	measure "$R" "rm -f e.db*; $T init $d/d.ini e.db >/dev/null" $T enter e.db --from "$d/b.txt"
	same_records e.db f.db
	figure "enter --from" "$us" "$kib" "$floor" 1.5
	;;
pass2)
	# quadratic until pass 2 finds its twins without walking the index: measured at most at
	# 5,000 ballots (TN_BENCH_PASS2_BALLOTS) so that the benchmark ends
	n2=${TN_BENCH_PASS2_BALLOTS:-$((N < 5000 ? N : 5000))}
	N=$n2
	d=$(double "$n2")
	echo "double entry of $n2 ballots x $M members: pass 2 against pass 1, one transaction each"
	measure "$R" "rm -f p.db*; $T init $d/dd.ini p.db >/dev/null" $T enter p.db --from "$d/b.txt"
	floor=$us
	figure "enter (pass 1)" "$us" "$kib" 0 0
	measure "$R" "rm -f p.db*; cp $d/pass1.db p.db" $T enter p.db --pass 2 --from "$d/b.txt"
	figure "enter --pass 2" "$us" "$kib" "$floor" 1.2
	;;
read)
	d=$(vote "$N")
	dd=$(double "$N")
	echo "reading a vote of $N ballots x $M members ($(stat -c %s "$d/v.db") bytes; its bundle" \
		"$(stat -c %s "$d/v.bundle") bytes)"
	measure "$R" "" "$B/bench_floor" scan "$d/v.db"
	scan=$us
	measure "$R" "" "$B/bench_floor" scan-chain "$d/v.db"
	chain=$us
	measure "$R" "" "$B/bench_floor" hash "$d/v.bundle"
	hash=$us
	echo "floors: C scan of the records $((scan / 1000)) ms; with the chain hash $((chain / 1000))" \
		"ms; the chain hash over the bundle $((hash / 1000)) ms"
	measure "$R" "" $T tally "$d/v.db"
	figure "tally" "$us" "$kib" "$scan" 1.2
	figure "tally (against scan + chain)" "$us" "$kib" "$chain" 0
	measure "$R" "" $T show "$d/v.db"
	figure "show" "$us" "$kib" "$scan" 0
	measure "$R" "" $T reconcile "$dd/both.db"
	figure "reconcile (double entry)" "$us" "$kib" "$scan" 0
	measure "$R" "rm -f c.db*; cp $d/open.db c.db" $T close c.db
	figure "close" "$us" "$kib" "$scan" 0
	measure "$R" "rm -f m.txt" $T minutes "$d/v.db" -o m.txt
	figure "minutes (text)" "$us" "$kib" "$scan" 0
	measure "$R" "rm -f x.bundle" $T export "$d/v.db" -o x.bundle
	cmp -s x.bundle "$d/v.bundle" || { echo "export: not the same bundle" >&2; exit 1; }
	figure "export" "$us" "$kib" "$hash" 1.3
	measure "$R" "" $T verify "$d/v.bundle" --no-authenticity
	figure "verify BUNDLE" "$us" "$kib" "$hash" 1.2
	measure "$R" "" $T verify "$d/v.db"
	figure "verify VOTE.db" "$us" "$kib" "$hash" 1.2
	figure "verify VOTE.db (scan + chain)" "$us" "$kib" "$chain" 0
	;;
small)
	# a committee: 15 members, 50 ballots; each command against the sqlite3 shell opening
	# the same file (the process floor), best of 20
	R=${TN_BENCH_RUNS_SMALL:-20}
	N=50
	rm -rf s && mkdir s && cd s
	"$B/bench_gen" $M $N 7 d.ini b.txt
	sed 's/^\[vote\]$/[vote]\ndouble_entry = yes/' d.ini >dd.ini
	printf 'benchmark passphrase\n' >p.txt
	$T init d.ini v.db >/dev/null
	$T enter v.db --from b.txt >/dev/null
	cp v.db open.db
	$T close v.db >/dev/null
	$T export v.db -o v.bundle >/dev/null
	$T init dd.ini one.db >/dev/null
	$T enter one.db --from b.txt >/dev/null
	cp one.db two.db
	$T enter two.db --pass 2 --from b.txt >/dev/null
	measure "$R" "" sqlite3 -readonly v.db "SELECT count(*) FROM records"
	floor=$us
	echo "a committee vote, $N ballots x $M members: wall time of each command, best of $R;" \
		"floor: the sqlite3 shell opening the same file and counting its records"
	one() { # TARGET NAME SETUP COMMAND...
		target=$1 name=$2 setup=$3
		shift 3
		measure "$R" "$setup" "$@"
		figure "$name" "$us" "$kib" "$floor" "$target"
	}
	one 1.5 "init" "rm -f i.db*" $T init d.ini i.db
	one 1.5 "show" "" $T show v.db
	one 1.5 "meeting" "cp open.db m.db; rm -f m.db-*" $T meeting m.db --present $N
	one 1.5 "enter --from" "rm -f e.db*; $T init d.ini e.db >/dev/null" $T enter e.db --from b.txt
	one 1.5 "enter --pass 2 --from" "cp one.db w.db; rm -f w.db-*" \
		$T enter w.db --pass 2 --from b.txt
	one 1.5 "tally" "" $T tally v.db
	one 1.5 "tally --format json" "" $T tally v.db --format json
	one 1.5 "reconcile" "" $T reconcile two.db
	one 1.5 "void" "cp open.db x.db; rm -f x.db-*" $T void x.db $N --reason r
	one 1.5 "close" "cp open.db c.db; rm -f c.db-*" $T close c.db
	one 1.5 "minutes (text)" "rm -f m.txt" $T minutes v.db -o m.txt
	one 1.5 "export" "rm -f o.bundle" $T export v.db -o o.bundle
	one 1.5 "verify BUNDLE" "" $T verify v.bundle --no-authenticity
	one 1.5 "verify VOTE.db" "" $T verify v.db
	echo "for reference: PDF (a module loaded on demand, with pango and cairo), and the" \
		"passphrase's key derivation (Argon2id, libsodium's moderate limits: slow on purpose)"
	one 0 "minutes (PDF)" "rm -f m.pdf" $T minutes v.db -o m.pdf
	one 0 "ballots (PDF, 50 copies)" "rm -f b.pdf" $T ballots v.db -o b.pdf --copies $N
	R=1
	one 0 "keygen --passphrase-file" "rm -f k.key k.pub" $T keygen -o k --passphrase-file p.txt
	one 0 "close --key" "cp open.db c.db; rm -f c.db-*" \
		$T close c.db --key k.key --passphrase-file p.txt
	;;
latency)
	# 9 members, as the lines bench_latency types
	"$B/bench_gen" 9 "$N" 1 l.ini l.txt
	rm -f l0.db* && $T init l.ini l0.db >/dev/null
	if [ ! -f "l$N.ready" ]; then
		rm -f "l$N.db"* && $T init l.ini "l$N.db" >/dev/null
		$T enter "l$N.db" --from l.txt >/dev/null
		touch "l$N.ready"
	fi
	echo "interactive entry of 500 ballots through a pseudo-terminal (durable commit included);" \
		"target: the next prompt in under 2 ms, as in an empty vote"
	echo "into an empty vote:"
	"$B/bench_latency" "$T" l0.db 500
	echo "into a vote holding $N ballots:"
	rm -f l.db* && cp "l$N.db" l.db
	"$B/bench_latency" "$T" l.db 500
	;;
*)
	echo "usage: bench.sh entry|pass2|read|small|latency" >&2
	exit 2
	;;
esac
