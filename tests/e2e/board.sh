#!/bin/sh
# The Board's path off the demo: a batch file entered twice, a batch meant for another vote,
# voids of a range in one go, and entry that stops where the paper stops.
. "$(dirname "$0")/lib.sh"

demo_vote v.db
expect 0 $T enter v.db --from "$SRC/ballots/demo-ballots.txt"
# --- the same batch again: it would go past the 33 collected, so nothing is recorded
cp v.db before.db
expect 65 $T enter v.db --from "$SRC/ballots/demo-ballots.txt"
contains err "demo-ballots.txt: pass 1 would hold 66 ballots, more than the 33 collected"
contains err "nothing was recorded"
same v.db before.db
# recorded on purpose, then undone with one void of the range, all in one transaction
expect 0 $T enter v.db --from "$SRC/ballots/demo-ballots.txt" --over-collected
contains out "papers 34 to 66"
expect 0 $T void v.db 34-66 --reason "tệp nhập hai lần"
contains out "33 papers of pass 1 are void: 34-66"
expect 0 $T show v.db
contains out "Ballots entered (pass 1, not void): 33 of 33"
expect 0 $T verify v.db
# a list, and all or nothing: one paper that cannot be voided leaves every other as it was
cp v.db before.db
expect 65 $T void v.db 1,2,40 --reason "x"
contains err "paper 40 of pass 1 is already void"
same v.db before.db
expect 2 $T void v.db 3,3 --reason "x"
contains err '"3,3": paper 3 is named twice'
expect 2 $T void v.db 1-4,2 --reason "x"
contains err '"1-4,2": paper 2 is named twice'
same v.db before.db
expect 65 $T void v.db 67 --reason "x"
contains err "there is no paper 67 in pass 1"
same v.db before.db
for bad in 0 5-3 1-2-3 ,1 1, 1,,2 a 1-x 01 "1 2"; do
	expect 2 $T void v.db "$bad" --reason "x"
	contains err "not paper numbers"
done
expect 2 $T void v.db --reason "x" -- -5
contains err "not paper numbers"
expect 2 $T void v.db 1-200000 --reason "x"
contains err "more than 100000 papers at once"
same v.db before.db
expect 0 $T void v.db 1,3-4 --reason "kiểm tra"
contains out "3 papers of pass 1 are void: 1,3-4"

# --- a batch file tied to its vote by "# vote:"; another vote's file is refused
hash=$($T show v.db | sed -n 's/^Definition hash: //p')
prefix=$(echo "$hash" | cut -c1-9) # "8721 f07c": two groups, as on the minutes
$T init "$DEMO" w.db >/dev/null
sed 's/^title .*/title = Một cuộc khác/' "$DEMO" >other.ini
$T init other.ini o.db >/dev/null
printf '# vote: %s\n123123123\n' "$prefix" >tied.txt
expect 0 $T enter w.db --from tied.txt
contains out "recorded 1 ballot in pass 1: paper 1"
contains out "Vote: Lấy phiếu tín nhiệm"
cp o.db o.before
expect 65 $T enter o.db --from tied.txt
contains err "tied.txt:1: this file is for the vote whose definition hash begins"
same o.db o.before
printf '# vote: 12\n123123123\n' >short.txt
expect 65 $T enter w.db --from short.txt
contains err "at least 8 hex digits"
# eight digits at least, and every digit given must match, the ninth as the first
printf '# vote: %s\n123123123\n' "$(echo "$hash" | tr -d ' ' | cut -c1-7)" >short.txt
expect 65 $T enter w.db --from short.txt
contains err "short.txt:1: \"# vote:\" is followed by the first groups of the definition hash (at least 8 hex digits)"
last=$(echo "$hash" | tr -d ' ' | cut -c64)
other=$(echo "$last" | tr '0-9a-f' '1-9a-f0')
printf '# vote: %s%s\n123123123\n' "$(echo "$hash" | tr -d ' ' | cut -c1-63)" "$other" >long.txt
expect 65 $T enter w.db --from long.txt
contains err "long.txt:1: this file is for the vote whose definition hash begins"
printf '# vote: %s\n123123123\n' "$hash" >long.txt
expect 0 $T enter w.db --from long.txt
printf '# vote: %s 0\n123123123\n' "$hash" >long.txt
expect 65 $T enter w.db --from long.txt
contains err "at least 8 hex digits"
printf '# vote: zzzz zzzz\n123123123\n' >notHex.txt
expect 65 $T enter w.db --from notHex.txt
# the tie however it is typed: no slip of case or spacing makes it a comment that ties nothing
for tie in "#vote:" "# Vote:" "#  VOTE :" "	# vote	:"; do
	printf '%s %s\n123123123\n' "$tie" "$prefix" >tied2.txt
	expect 65 $T enter o.db --from tied2.txt
	contains err "tied2.txt:1: this file is for the vote whose definition hash begins"
	expect 0 $T enter w.db --from tied2.txt
done
same o.db o.before
# an ordinary comment is no tie
for comment in "# votes counted by Lan" "# vote of the morning" "#voter: Lan" "## vote: x"; do
	printf '%s\n123123123\n' "$comment" >comment.txt
	expect 0 $T enter w.db --from comment.txt
done
done_checks
