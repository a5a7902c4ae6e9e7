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
lacks out "not entered again" # the twin: nothing voided
expect 0 $T show d.db
lacks out "not entered again"
$T void d.db 9 --reason "misread" >/dev/null
$T void d.db 6 --reason "misread" >/dev/null
printf '6: 111111111\n' >six.txt
at_terminal 0 six.txt "OK paper 6" "$T enter d.db"
contains out "Voided and not entered again: papers 6, 9."
contains out "To correct one, type its number, a colon and the marks: 6: MARKS (a ballot entered twice by mistake is not typed again)"
at_terminal 0 none.txt "Entering pass 1" "$T enter d.db"
contains out "Voided and not entered again: paper 9."
lacks out "papers"
expect 0 $T show d.db # show names them too (the twin, with none waiting, is the vote above)
contains out "Voided in pass 1 and not entered again: paper 9"
# voided again after it was typed again: waiting again; the list stops at 20 (21 here: the bound)
$T void d.db 6 --reason "misread" >/dev/null
$T void d.db 10-28 --reason "misread" >/dev/null
at_terminal 0 none.txt "Entering pass 1" "$T enter d.db"
contains out "papers 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 and 1 more."
expect 0 $T show d.db
contains out "papers 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 and 1 more"
# pass 2 follows pass 1's papers itself: its own voids are not listed (the twin), and those of
# pass 1 are, at the terminal and before a batch, since pass 2 skips them
demo_double e.db
$T enter e.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T enter e.db --pass 2 --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T void e.db 2 --pass 2 --reason "misread" >/dev/null
at_terminal 0 none.txt "[pass 2] paper 2" "$T enter e.db --pass 2"
lacks out "not entered again"
demo_double f.db
$T enter f.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T void f.db 6 --reason "misread" >/dev/null
expect 0 $T enter f.db --pass 2 --from "$SRC/ballots/demo-ballots.txt"
contains err "Pass 1 has a paper voided and not entered again: 6."
contains err "Pass 2 follows the papers pass 1 has now: enter the corrections in pass 1 first."
at_terminal 0 none.txt "Entering pass 2" "$T enter f.db --pass 2"
contains out "Pass 1 has a paper voided and not entered again: 6."
expect 0 $T enter e.db --pass 2 --from none.txt
[ ! -s err ] || fail "a warning with nothing voided in pass 1: $(cat err)"
ok
# a paper that has its ballot is refused at once, with no question about the count first
# (the twin, a new paper past the count asked about, is in tests/pty/test_interactive.c)
printf '1: 111111111\n' >one.txt
at_terminal 0 one.txt "paper 1 already has a ballot in pass 2" "$T enter f.db --pass 2"
contains out "(all 33 collected entered)"
lacks out "Record this ballot all the same"
# so is a paper pass 1 does not have, typed with its number at a full count; the twin, a
# voided paper typed again there, is one ballot more, asked about
demo_vote g.db
$T enter g.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
printf '34: 111111111\n' >new.txt
at_terminal 0 new.txt "there is no paper 34 in pass 1 to enter again" "$T enter g.db"
lacks out "Record this ballot all the same"
$T void g.db 5 --reason "misread" >/dev/null
printf '111111111\n5: 111111111\nyes\n' >again.txt
at_terminal 0 again.txt "OK paper 5" "$T enter g.db"
contains out "OK paper 34"
contains out "Record this ballot all the same"

# u records why in the journal's words; a void by command keeps the reason given
printf '222222222\nu\n' >undo.txt
at_terminal 0 undo.txt "type that paper again" "$T enter d.db"
$T journal d.db -o j.txt >/dev/null
tr '\n' ' ' <j.txt | tr -s ' ' >j-flat.txt
contains j-flat.txt "Lý do: u: hủy ngay khi vừa nhập, tại màn hình nhập phiếu"
contains j-flat.txt "Lý do: misread"

# u voids only the ballot this session entered: not the paper's ballot typed again by another
# operator after a void, nor anything after it was refused (two sessions at once)
# session COMMAND: a session at a terminal, typed into through descriptor 3, its screen in
# screen.txt, while other commands run beside it; session_end types Ctrl-D only at a prompt,
# where the line editor holds the terminal (see at_terminal), and checks it ended well
session() {
	rm -f keys.fifo screen.txt
	mkfifo keys.fifo
	timeout 300 script -qec "$1" /dev/null <keys.fifo >screen.txt 2>&1 &
	pid=$!
	exec 3>keys.fifo
}
session_end() {
	while kill -0 $pid 2>/dev/null; do
		if [ "$(tail -c 2 screen.txt)" = "> " ]; then
			(printf '\004' >&3) 2>/dev/null || true
			sleep 2
		fi
		sleep 0.1
	done
	exec 3>&-
	wait $pid || fail "the session ended with $?"
}
# on_screen PATTERN: waits until the extended regular expression is on the session's screen
on_screen() {
	i=0
	until grep -qE -- "$1" screen.txt; do
		i=$((i + 1))
		[ $i -lt 1200 ] || fail "no \"$1\" on the screen: $(cat screen.txt)"
		sleep 0.1
	done
}
$T init "$DEMO" c.db >/dev/null
$T meeting c.db --present 33 --issued 33 --collected 33 >/dev/null
session "$T enter c.db"
printf '111111111\n222222222\n' >&3
on_screen "OK paper 2"
$T void c.db 2 --reason "misread" >/dev/null
echo "2: 333333333" | $T enter c.db --from - >/dev/null
printf 'u\n' >&3
on_screen "entered again elsewhere|type that paper again"
contains screen.txt "paper 2 was voided and entered again elsewhere since this session entered it"
session_end
expect 0 $T journal c.db -o c.txt
[ "$(grep -c "Hủy" c.txt)" = 1 ] || fail "u voided a ballot it had not entered: $(cat c.txt)"
expect 0 $T tally c.db --format json
contains out '"valid": 2,'
contains out '"high": 1, "medium": 0, "low": 1,' # papers 1 and 2 as typed again
# a paper undone in one session and entered again in another waits no more in the first: its
# marks typed there are not recorded (that paper has its ballot), the prompt moves to a new
# paper, and u has nothing of this session's to undo
$T init "$DEMO" s.db >/dev/null
$T meeting s.db --present 33 --issued 33 --collected 33 >/dev/null
session "$T enter s.db"
printf '111111111\n222222222\nu\n' >&3
on_screen "type that paper again"
echo "2: 333333333" | $T enter s.db --from - >/dev/null
printf '222222222\n' >&3
on_screen "undone here, has been entered again elsewhere"
printf 'u\n' >&3
on_screen "nothing to undo"
session_end
contains screen.txt "this ballot is not recorded: that paper has its ballot"
lacks screen.txt "void it first" # which would void the other operator's ballot
contains screen.txt "paper 2, undone here, has been entered again elsewhere"
sed -n '/undone here/,$p' screen.txt >after.txt
contains after.txt "[pass 1] paper 3 (2 of 33 entered)>"
lacks after.txt "[pass 1] paper 2 "
lacks screen.txt "void already and waits"
expect 0 $T tally s.db --format json
contains out '"valid": 2,'
contains out '"high": 1, "medium": 0, "low": 1,' # papers 1 and 2 as entered elsewhere
# in pass 2 the prompt moves on from that paper to the next after it, not back to the first
# paper pass 2 lacks (paper 2 here)
demo_double p.db
$T enter p.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
session "$T enter p.db --pass 2"
printf '1: 132111111\n3: 221331313\n121222313\nu\n' >&3
on_screen "type that paper again"
echo "4: 121222313" | $T enter p.db --pass 2 --from - >/dev/null
printf '121222313\n' >&3
on_screen "this ballot is not recorded"
session_end
sed -n '/undone here/,$p' screen.txt >after.txt
contains after.txt "paper 4, undone here, has been entered again elsewhere"
contains after.txt "[pass 2] paper 5 "
lacks after.txt "[pass 2] paper 2 "
# the twin: with no one else at work, u voids the ballot the session entered
printf '111111111\nu\n' >undo2.txt
at_terminal 0 undo2.txt "type that paper again" "$T enter c.db"
contains out "the ballot of paper 3 is void"

# a paper undone keeps its number while another paper's correction is typed first
demo_vote k.db
printf '111111111\n222222222\n333333333\n' | $T enter k.db --from - >/dev/null
$T void k.db 1 --reason "misread" >/dev/null
printf '121212121\nu\n1: 111111111\n313131313\n' >keep.txt
at_terminal 0 keep.txt "OK paper 4: 31313 1313" "$T enter k.db"
contains out "[pass 1] paper 4 (3 of 33 entered)> 313131313"
contains out "[pass 1] paper 5 (4 of 33 entered)>"

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
