# Helpers for the end-to-end tests: each test runs the built binary in a fresh directory.
set -eu
: "${TINNHIEM:?built binary}" "${TN_SOURCE_ROOT:?source tree}"
T=$TINNHIEM
SRC=$TN_SOURCE_ROOT
if [ -n "${TN_VALGRIND:-}" ]; then
	# meson test --setup valgrind: every run of the program under memcheck
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$TN_VALGRIND" "$TINNHIEM" >"${TMPDIR:-/tmp}/tn-vg.$$"
	chmod +x "${TMPDIR:-/tmp}/tn-vg.$$"
	T=${TMPDIR:-/tmp}/tn-vg.$$
fi
DEMO=$SRC/ballots/demo.ini
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tn-e2e.XXXXXX")
trap 'rm -rf "$WORK" "${TMPDIR:-/tmp}/tn-vg.$$"' EXIT
cd "$WORK"
export LC_ALL=C.UTF-8 LANGUAGE=
checks=0

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ok() {
	checks=$((checks + 1))
}

# expect STATUS COMMAND...: runs the command, which must exit with STATUS; its output is in
# $WORK/out and $WORK/err (out and err while in $WORK)
expect() {
	want=$1
	shift
	set +e
	"$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	# Under ASan, LeakSanitizer's own tracer can crash at the exit of a program that ran
	# threads (it stops them with ptrace); that says nothing of the program: run it again,
	# once. Any other status, and a second such crash, fail as usual.
	if [ "$got" = 134 ] && grep -q "LeakSanitizer has encountered a fatal error" "$WORK/err"; then
		echo "(LeakSanitizer's tracer crashed; running again: $*)" >&2
		"$@" >"$WORK/out" 2>"$WORK/err"
		got=$?
	fi
	set -e
	if [ "$got" != "$want" ]; then
		echo "--- stdout" >&2
		cat "$WORK/out" >&2
		echo "--- stderr" >&2
		cat "$WORK/err" >&2
		fail "expected status $want, got $got: $*"
	fi
	ok
}

# at_terminal STATUS KEYS LAST COMMAND: runs COMMAND (one string) at a pseudo-terminal
# (script(1)), types the lines of the file KEYS, and once LAST is on the screen, Ctrl-D at each
# prompt until it ends, which must be with STATUS; the screen is in $WORK/out. The Ctrl-D is
# typed only while a prompt ("> ") ends the screen, when the line editor holds the terminal:
# one typed before is kept by the kernel as a NUL, which the editor takes as a character of
# the line, so that no Ctrl-D after it ends the session; and script's own at the end of its
# input is not sent at all while input is still unread, as under valgrind it may be.
at_terminal() {
	rm -f "$WORK/keys.fifo"
	mkfifo "$WORK/keys.fifo"
	timeout 600 script -qec "$4" /dev/null <"$WORK/keys.fifo" >"$WORK/out" 2>"$WORK/err" &
	pid=$!
	exec 3>"$WORK/keys.fifo"
	cat "$2" >&3
	i=0
	until grep -qF -- "$3" "$WORK/out"; do
		i=$((i + 1))
		kill -0 $pid 2>/dev/null || break
		[ $i -lt 1200 ] || fail "at the terminal, no \"$3\" after 120 s: $4"
		sleep 0.1
	done
	i=0
	while kill -0 $pid 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 1200 ] || fail "at the terminal, $4 did not end after 120 s: $(cat "$WORK/out")"
		if [ "$(tail -c 2 "$WORK/out")" = "> " ]; then
			(printf '\004' >&3) 2>/dev/null || true # in a subshell: it may have ended just now
			j=0
			while [ $j -lt 50 ] && kill -0 $pid 2>/dev/null &&
				[ "$(tail -c 2 "$WORK/out")" = "> " ]; do
				j=$((j + 1))
				sleep 0.1
			done
		fi
		sleep 0.1
	done
	exec 3>&-
	wait $pid && got=0 || got=$?
	[ "$got" = "$1" ] || fail "at the terminal, $4 ended with status $got, not $1: $(cat "$WORK/out")"
	grep -qF -- "$3" "$WORK/out" || fail "at the terminal, no \"$3\": $(cat "$WORK/out")"
	ok
}

# contains FILE TEXT: the file holds the text
contains() {
	grep -qF -- "$2" "$1" || {
		cat "$1" >&2
		fail "$1 lacks: $2"
	}
	ok
}

lacks() {
	if grep -qF -- "$2" "$1"; then
		cat "$1" >&2
		fail "$1 should not hold: $2"
	fi
	ok
}

same() {
	cmp -s "$1" "$2" || {
		diff "$1" "$2" >&2 || true
		fail "$1 and $2 differ"
	}
	ok
}

# a demo vote with meeting facts recorded; $1 is the file name
demo_vote() {
	$T init "$DEMO" "$1" >/dev/null
	$T meeting "$1" --present 33 --issued 33 --collected 33 >/dev/null
}

# rewrite VOTE.db CHANGE: "UPDATE records SET CHANGE" run behind the program's back, the
# append-only guard set aside and put back byte for byte, so that the schema is still the
# program's own: what someone holding the file can do
rewrite() {
	python3 - "$1" "$2" <<'PY' || fail "could not rewrite $1"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
guard = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'records_no_update'").fetchone()[0]
db.execute('PRAGMA ignore_check_constraints = ON') # a forger is bound by no CHECK
db.execute('BEGIN')
db.execute('DROP TRIGGER records_no_update')
db.execute('UPDATE records SET ' + sys.argv[2])
db.execute(guard)
db.execute('COMMIT')
PY
}

# demo_double VOTE.db: the demo vote with double entry
demo_double() {
	sed 's/^double_entry = no$/double_entry = yes/' "$DEMO" >"$WORK/demo-double.ini"
	$T init "$WORK/demo-double.ini" "$1" >/dev/null
	$T meeting "$1" --present 33 --issued 33 --collected 33 >/dev/null
}

# cut_off_write DB: a write into DB stopped in the middle, as if killed (a table half made,
# spilled to the file before any commit): DB changed, its journal holding what DB was
cut_off_write() {
	python3 - "$1" <<'PY'
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute('PRAGMA cache_size = 2')
db.execute('BEGIN IMMEDIATE')
db.execute('CREATE TABLE junk AS SELECT zeroblob(1000) AS x FROM (WITH RECURSIVE c(n) AS '
           '(SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200) SELECT n FROM c)')
os._exit(0)
PY
	[ -s "$1-journal" ] || fail "the cut-off write left no journal beside $1"
}

passfile() {
	printf 'mat khau thu nghiem\n' >pass.txt
}

# vector_key: a copy of the vectors' secret key with mode 0600, printing its path; git checks
# the committed file out readable by all, and a secret key open to others is refused
vector_key() {
	cp "$SRC/tests/vectors/small.key" "$WORK/small.key"
	chmod 600 "$WORK/small.key"
	echo "$WORK/small.key"
}

done_checks() {
	echo "ok: $checks checks"
}

# the Ninh Thuận template (ballots/) with every blank "…" filled in; $1 is the file to write
ninh_thuan_filled() {
	sh "$SRC/tests/e2e/ninh-thuan-filled.sh" "$SRC" "$1" || fail "cannot fill in the template"
}
