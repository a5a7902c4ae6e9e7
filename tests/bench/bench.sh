#!/bin/sh
# Benchmarks: each figure is printed beside its floor, measured in the same run, with the ratio,
# the target and the command's peak resident memory. They never fail on timing.
#   bench.sh entry|pass2|read|small|latency|scan
# Environment: TINNHIEM, TN_BUILD_ROOT; TN_BENCH_BALLOTS (default 1000000); TN_BENCH_DIR (the
# votes made are kept there between runs); TN_BENCH_RUNS (best of, default 3);
# TN_BENCH_RESULTS: a file to which each figure is appended as a row of
# "benchmark ballots microseconds KiB floor-microseconds" (tests/bench/plot.sh draws them).
# for scan: TN_SCAN_GEN, TN_SOURCE_ROOT, TN_BENCH_SHEETS (default 9000), TN_SCAN_SEED.
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

# pair TARGET NAME FLOOR SETUP COMMAND...: the floor (its setup and command line, quoted as for
# eval: "'SETUP' COMMAND ARG...") and the command run in turn, R times each, so that both meet the same load on a shared machine;
# prints the best of each, their ratio and the command's peak memory
# A setup that copies a vote file syncs the copy: the command's own first sync would otherwise
# write the whole copy back, timed (a million ballots: 126 MB more than its floor writes).
pair() {
	target=$1 name=$2 floor=$3 setup=$4
	shift 4
	fbest= best= peak=0
	for _ in $(seq "$R"); do
		eval "measure 1 $floor"
		[ -z "$fbest" ] || [ "$us" -lt "$fbest" ] && fbest=$us
		measure 1 "$setup" "$@"
		[ -z "$best" ] || [ "$us" -lt "$best" ] && best=$us
		[ "$kib" -le "$peak" ] || peak=$kib
	done
	figure "$name" "$best" "$peak" "$fbest" "$target"
}

# bound NAME WORK FLOOR: half of WORK's best time (its work split over two cores without loss,
# the least a program that does that work on two threads can take) against FLOOR's best
bound() {
	name=$1 work=$2 floor=$3
	fbest= best=
	for _ in $(seq "$R"); do
		eval "measure 1 $floor"
		[ -z "$fbest" ] || [ "$us" -lt "$fbest" ] && fbest=$us
		eval "measure 1 $work"
		[ -z "$best" ] || [ "$us" -lt "$best" ] && best=$us
	done
	figure "$name" $((best / 2)) 0 "$fbest" 0
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
		if (k > 0)
			printf "  peak %6d KiB %s", k, (k <= mt ? "" : "(over 16 MiB)")
		printf "\n"
	}'
}

# the data made by another build of the program is made again
made_by=$(cksum <"$T" | cut -d' ' -f1)
fresh() { [ "$(cat "$1/ready" 2>/dev/null)" = "$made_by" ]; }

# vote N: directory vN holding a vote of N ballots x M members: d.ini, b.txt, open.db (the
# ballots entered), v.db (the same, closed) and v.bundle
vote() {
	d=v$1
	if ! fresh "$d"; then
		rm -rf "$d" && mkdir "$d"
		"$B/bench_gen" $M "$1" 2023 "$d/d.ini" "$d/b.txt"
		$T init "$d/d.ini" "$d/open.db" >/dev/null
		$T enter "$d/open.db" --from "$d/b.txt" >/dev/null
		cp "$d/open.db" "$d/v.db"
		$T close "$d/v.db" >/dev/null
		$T export "$d/v.db" -o "$d/v.bundle" >/dev/null
		echo "$made_by" >"$d/ready"
	fi
	echo "$d"
}

# double N: directory dN, a double-entry vote of N ballots: dd.ini, b.txt, pass1.db (pass 1
# entered) and both.db (both passes, the same ballots)
double() {
	d=d$1
	if ! fresh "$d"; then
		rm -rf "$d" && mkdir "$d"
		"$B/bench_gen" $M "$1" 2023 "$d/d.ini" "$d/b.txt"
		sed 's/^\[vote\]$/[vote]\ndouble_entry = yes/' "$d/d.ini" >"$d/dd.ini"
		$T init "$d/dd.ini" "$d/pass1.db" >/dev/null
		$T enter "$d/pass1.db" --from "$d/b.txt" >/dev/null
		cp "$d/pass1.db" "$d/both.db"
		$T enter "$d/both.db" --pass 2 --from "$d/b.txt" >/dev/null
		cp "$d/both.db" "$d/closed.db"
		$T close "$d/closed.db" >/dev/null
		$T export "$d/closed.db" -o "$d/both.bundle" >/dev/null
		echo "$made_by" >"$d/ready"
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
	pair 1.5 "enter --from" "'rm -f f.db*' '$B/bench_floor' insert '$d/b.txt' f.db" \
		"rm -f e.db*; $T init $d/d.ini e.db >/dev/null" $T enter e.db --from "$d/b.txt"
	same_records e.db f.db
	;;
pass2)
	# pass 2 finds the pass-1 ballot of each paper through an index: the same N as pass 1
	n2=$N
	d=$(double "$n2")
	echo "double entry of $n2 ballots x $M members: pass 2 against pass 1, one transaction each"
	pair 1.2 "enter --pass 2" "'rm -f q.db*; $T init $d/dd.ini q.db >/dev/null' $T enter q.db --from $d/b.txt" \
		"rm -f p.db*; cp $d/pass1.db p.db; sync p.db" $T enter p.db --pass 2 --from "$d/b.txt"
	;;
read)
	d=$(vote "$N")
	dd=$(double "$N")
	echo "reading a vote of $N ballots x $M members ($(stat -c %s "$d/v.db") bytes; its bundle" \
		"$(stat -c %s "$d/v.bundle") bytes)"
	scan="'' '$B/bench_floor' scan '$d/v.db'"
	chain="'' '$B/bench_floor' scan-chain '$d/v.db'"
	hash="'' '$B/bench_floor' hash '$d/v.bundle'"
	echo "floors: a C scan of the records; the same with the chain hash; the chain hash over the" \
		"bundle"
	# every reader of the vote file steps its rows and checks the chain: it can take no less
	# than the scan + chain on two cores, whatever else it does
	bound "(scan + chain) / 2, vs scan" "$chain" "$scan"
	bound "(scan + chain) / 2, vs hash" "$chain" "$hash"
	pair 1.2 "tally" "$scan" "" $T tally "$d/v.db"
	pair 0 "tally (against scan + chain)" "$chain" "" $T tally "$d/v.db"
	pair 0 "show" "$chain" "" $T show "$d/v.db"
	# reconcile reads both passes: its floor is the scan + chain of the same file
	pair 0 "reconcile (double entry)" "'' '$B/bench_floor' scan-chain '$dd/both.db'" "" \
		$T reconcile "$dd/both.db"
	pair 0 "close" "$chain" "rm -f c.db*; cp $d/open.db c.db; sync c.db" $T close c.db
	pair 0 "minutes (text)" "$chain" "rm -f m.txt" $T minutes "$d/v.db" -o m.txt
	pair 1.3 "export" "$hash" "rm -f x.bundle" $T export "$d/v.db" -o x.bundle
	cmp -s x.bundle "$d/v.bundle" || { echo "export: not the same bundle" >&2; exit 1; }
	pair 0 "export (against scan + chain)" "$chain" "rm -f x.bundle" $T export "$d/v.db" -o x.bundle
	pair 1.2 "verify BUNDLE" "$hash" "" $T verify "$d/v.bundle" --no-authenticity
	# double entry: both passes, twice the records; memory must not grow with them
	pair 0 "verify BUNDLE (double entry)" "'' '$B/bench_floor' hash '$dd/both.bundle'" "" \
		$T verify "$dd/both.bundle" --no-authenticity
	pair 1.2 "verify VOTE.db" "$hash" "" $T verify "$d/v.db"
	pair 0 "verify VOTE.db (scan + chain)" "$chain" "" $T verify "$d/v.db"
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
	echo "a committee vote, $N ballots x $M members: wall time of each command, best of $R;" \
		"floor: the sqlite3 shell opening the same file and counting its records; for a command" \
		"that writes, the shell writing one row with the same durability to a copy of it"
	cp open.db w.db
	sqlite3 w.db "CREATE TABLE floor(x)"
	shell="'' sqlite3 -readonly v.db 'SELECT count(*) FROM records'"
	write="'' sqlite3 w.db 'PRAGMA synchronous = FULL; INSERT INTO floor VALUES (1)'"
	one() { # TARGET NAME SETUP COMMAND...
		target=$1 name=$2 setup=$3
		shift 3
		pair "$target" "$name" "$shell" "$setup" "$@"
	}
	wone() { # the same for a command that writes
		target=$1 name=$2 setup=$3
		shift 3
		pair "$target" "$name" "$write" "$setup" "$@"
	}
	wone 1.5 "init" "rm -f i.db*" $T init d.ini i.db
	one 1.5 "show" "" $T show v.db
	wone 1.5 "meeting" "cp open.db m.db; rm -f m.db-*; sync m.db" $T meeting m.db --present $N
	wone 1.5 "enter --from" "rm -f e.db*; $T init d.ini e.db >/dev/null" $T enter e.db --from b.txt
	wone 1.5 "enter --pass 2 --from" "cp one.db p2.db; rm -f p2.db-*; sync p2.db" \
		$T enter p2.db --pass 2 --from b.txt
	one 1.5 "tally" "" $T tally v.db
	one 1.5 "tally --format json" "" $T tally v.db --format json
	one 1.5 "reconcile" "" $T reconcile two.db
	wone 1.5 "void" "cp open.db x.db; rm -f x.db-*; sync x.db" $T void x.db $N --reason r
	wone 1.5 "close" "cp open.db c.db; rm -f c.db-*; sync c.db" $T close c.db
	wone 1.5 "minutes (text)" "rm -f m.txt" $T minutes v.db -o m.txt
	wone 1.5 "export" "rm -f o.bundle" $T export v.db -o o.bundle
	one 1.5 "verify BUNDLE" "" $T verify v.bundle --no-authenticity
	one 1.5 "verify VOTE.db" "" $T verify v.db
	echo "for reference: PDF (a module loaded on demand, with pango and cairo), and the" \
		"passphrase's key derivation (Argon2id, libsodium's moderate limits: slow on purpose)"
	one 0 "minutes (PDF)" "rm -f m.pdf" $T minutes v.db -o m.pdf
	one 0 "ballots (PDF, 50 copies)" "rm -f b.pdf" $T ballots v.db -o b.pdf --copies $N
	R=1
	wone 0 "keygen --passphrase-file" "rm -f k.key k.pub" $T keygen -o k --passphrase-file p.txt
	wone 0 "close --key" "cp open.db c.db; rm -f c.db-*; sync c.db" \
		$T close c.db --key k.key --passphrase-file p.txt
	;;
latency)
	# 9 members, as the lines bench_latency types; room for the 500 typed beyond the N held,
	# so that no ballot goes past those collected
	"$B/bench_gen" 9 "$((N + 500))" 1 l.ini l.txt
	rm -f l0.db* && $T init l.ini l0.db >/dev/null
	if [ "$(cat "l$N.ready" 2>/dev/null)" != "$made_by" ]; then
		rm -f "l$N.db"* && $T init l.ini "l$N.db" >/dev/null
		head -n "$N" l.txt | $T enter "l$N.db" --from - >/dev/null
		echo "$made_by" >"l$N.ready"
	fi
	echo "interactive entry of 500 ballots through a pseudo-terminal (durable commit included);" \
		"target: the next prompt in under 2 ms, as in an empty vote"
	echo "into an empty vote:"
	"$B/bench_latency" "$T" l0.db 500
	echo "into a vote holding $N ballots:"
	rm -f l.db* && cp "l$N.db" l.db && sync l.db
	"$B/bench_latency" "$T" l.db 500
	;;
scan)
	# accuracy on sheets 1000 to 9999 of the seed whose first 1000 the suite reads
	# (tests/scan/stack.sh): 10,000 in all; then speed on a stack at 200 dpi
	# CI's reduced run (TN_BENCH_BALLOTS=20000) reads 200 sheets
	S=${TN_BENCH_SHEETS:-$((N >= 1000000 ? 9000 : N / 100))}
	SEED=${TN_SCAN_SEED:-2023}
	rm -rf sc && mkdir sc && cd sc
	$T init "$TN_SOURCE_ROOT/ballots/demo.ini" v.db >/dev/null
	$T ballots v.db -o phieu.pdf >/dev/null
	mkdir stack fast
	half=$((S / 2))
	"$TN_SCAN_GEN" v.db phieu.pdf "$SEED" 1000 "$half" stack &
	"$TN_SCAN_GEN" v.db phieu.pdf "$SEED" $((1000 + half)) $((S - half)) stack
	wait $!
	cat stack/files-*.txt >files.txt
	cat stack/truth-*.txt >truth.txt
	$T scan v.db --dry-run $(cat files.txt) >dry.txt
	echo "readings of $S generated sheets (sheets 1000 on), against what was marked:"
	python3 "$TN_SOURCE_ROOT/tests/scan/check.py" truth.txt dry.txt "$SEED" || true
	F=${TN_BENCH_FAST:-$((S < 400 ? S : 400))}
	SCAN_GEN_DPI=200 "$TN_SCAN_GEN" v.db phieu.pdf 7 0 $((F / 2)) fast &
	SCAN_GEN_DPI=200 "$TN_SCAN_GEN" v.db phieu.pdf 7 $((F / 2)) $((F - F / 2)) fast
	wait $!
	cat fast/files-*.txt >fast.txt
	echo "$F sheets scanned at 200 dpi, grayscale PDF, on $(nproc) cores (best of $R); floor:" \
		"drawing the pages alone"
	pair 0 "tinnhiem scan --dry-run" "'' '$B/bench_scan_floor' $(nproc) $(tr '\n' ' ' <fast.txt)" "" \
		$T scan v.db --dry-run $(cat fast.txt)
	awk -v n="$F" -v t="$best" -v f="$fbest" 'BEGIN {
		printf "%-30s %9.1f sheets/s  floor %6.1f sheets/s  %s\n",
			"sheets per second", n * 1e6 / t, n * 1e6 / f,
			(n * 1e6 / t >= 10 ? "target >= 10: ok" : "target >= 10: UNDER TARGET")
	}'
	;;
*)
	echo "usage: bench.sh entry|pass2|read|small|latency|scan" >&2
	exit 2
	;;
esac
