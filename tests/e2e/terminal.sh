#!/bin/sh
# Long work shows a progress bar on a terminal and nothing elsewhere; colours obey NO_COLOR.
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

# colours at an interactive terminal, unless NO_COLOR is set
printf '123123123\n12\n' >keys.txt
TERM=xterm script -qec "$T enter v.db" /dev/null <keys.txt >color.txt 2>&1 || true
grep -q "$(printf '\033\\[32m')" color.txt || fail "no colour at a terminal"
ok
NO_COLOR=1 TERM=xterm script -qec "$T enter v.db" /dev/null <keys.txt >plain.txt 2>&1 || true
contains plain.txt "OK ballot"
contains plain.txt "not recorded: 2 marks, expected 9"
grep -q "$(printf '\033\\[3[12]m')" plain.txt && fail "colour despite NO_COLOR"
ok
done_checks
