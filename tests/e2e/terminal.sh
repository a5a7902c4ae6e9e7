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

# pass 1 names the papers voided and not typed again, which the prompt does not offer
demo_vote d.db
$T enter d.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
printf '' >none.txt
at_terminal 0 none.txt "Entering pass 1" "$T enter d.db"
lacks out "waiting to be typed again" # the twin: nothing voided
$T void d.db 9 --reason "misread" >/dev/null
$T void d.db 6 --reason "misread" >/dev/null
printf '6: 111111111\n' >six.txt
at_terminal 0 six.txt "OK paper 6" "$T enter d.db"
contains out "Voided and waiting to be typed again: papers 6, 9."
contains out "Type each as its number, a colon and the marks: 6: MARKS"
at_terminal 0 none.txt "Entering pass 1" "$T enter d.db"
contains out "Voided and waiting to be typed again: paper 9."
lacks out "papers"
# voided again after it was typed again: waiting again; the list stops at 20 (21 here: the bound)
$T void d.db 6 --reason "misread" >/dev/null
$T void d.db 10-28 --reason "misread" >/dev/null
at_terminal 0 none.txt "Entering pass 1" "$T enter d.db"
contains out "papers 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 and 1 more."
# pass 2 follows pass 1's papers itself
demo_double e.db
$T enter e.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T enter e.db --pass 2 --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T void e.db 2 --pass 2 --reason "misread" >/dev/null
at_terminal 0 none.txt "[pass 2] paper 2" "$T enter e.db --pass 2"
lacks out "waiting to be typed again"

# u records why in the journal's words; a void by command keeps the reason given
printf '222222222\nu\n' >undo.txt
at_terminal 0 undo.txt "type that paper again" "$T enter d.db"
$T journal d.db -o j.txt >/dev/null
tr '\n' ' ' <j.txt | tr -s ' ' >j-flat.txt
contains j-flat.txt "Lý do: u: hủy ngay khi vừa nhập, tại màn hình nhập phiếu"
contains j-flat.txt "Lý do: misread"

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
