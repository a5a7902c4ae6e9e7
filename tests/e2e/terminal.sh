#!/bin/sh
# Long work shows a progress bar on a terminal and nothing elsewhere.
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "script (util-linux) not found" >&2; exit 77; }

$T init "$DEMO" v.db >/dev/null
awk 'BEGIN { for (i = 0; i < 20000; i++) print "123123123" }' >many.txt

# not a terminal: no bar
expect 0 $T enter v.db --from many.txt
[ ! -s err ] || fail "progress written when stderr is not a terminal"
ok
# a terminal: the bar
$T init "$DEMO" w.db >/dev/null
script -qec "$T enter w.db --from many.txt" /dev/null </dev/null >tty.txt 2>&1
contains tty.txt "entering ["
contains tty.txt "%"
contains tty.txt "recorded 20000 ballots"
script -qec "$T verify w.db" /dev/null </dev/null >tty.txt 2>&1
contains tty.txt "verifying ["
expect 0 $T verify w.db
[ ! -s err ] || fail "progress written when stderr is not a terminal"
ok

# line editing is a module (libedit), loaded by interactive entry: without it, entry at a
# terminal says so before it asks anything, exit 74, and the vote file is unchanged
cp v.db v.before
script -qec "TINNHIEM_MODULEDIR=$WORK/none $T enter v.db" /dev/null </dev/null >tty.txt 2>&1 &&
	fail "interactive entry went on without its line editing"
contains tty.txt "Line editing is not available: tinnhiem-edit.so not found"
lacks tty.txt "Entering pass"
same v.db v.before
ok
# (the twin, entry at a terminal with the module, is tests/pty/test_interactive.c)

# (colours at the interactive prompt, and NO_COLOR, are checked by tests/pty/test_interactive.c)
done_checks
