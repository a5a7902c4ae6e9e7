#!/bin/sh
# enter, void, reconcile: batch all-or-nothing, an independent count, concurrency, double entry.
. "$(dirname "$0")/lib.sh"

# random ballots: N lines of M marks, seeded; x lines with a reason now and then
gen() {
	awk -v n="$1" -v m="$2" -v seed="$3" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++) {
			r = rand()
			if (r < 0.03) { print "x " substr("124", int(rand() * 3) + 1, 1); continue }
			line = ""
			for (j = 0; j < m; j++) {
				k = rand()
				mark = k < 0.5 ? 1 : k < 0.8 ? 2 : k < 0.97 ? 3 : 0
				line = line (j ? " " : "") mark
			}
			print line
		}
	}'
}

# an independent count of a ballot file: per member high,medium,low,invalid under a scope
count() {
	awk -v m=9 -v scope="$2" '
	/^#/ || NF == 0 { next }
	{
		gsub(/[ \t]/, "")
		if ($0 ~ /^x/) { bad++; next }
		if (scope == "ballot" && $0 ~ /0/) { bad++; next }
		for (j = 1; j <= m; j++) c[j, substr($0, j, 1)]++
	}
	END {
		for (j = 1; j <= m; j++)
			printf "%d,%d,%d,%d\n", c[j, 1] + 0, c[j, 2] + 0, c[j, 3] + 0, c[j, 0] + bad
	}' "$1"
}

tally_counts() {
	$T tally "$1" --format csv | awk -F, 'NR > 1 { print $(NF-7) "," $(NF-6) "," $(NF-5) "," $(NF-4) }'
}

# --- a bad line in the middle: nothing is recorded
demo_vote a.db
gen 40 9 1 >batch.txt
sed -i '20s/.*/1 2 3 1 2 3 1 2/' batch.txt
expect 65 $T enter a.db --from batch.txt
contains err "batch.txt:20: 8 marks, expected 9 (one per member)"
expect 0 $T tally a.db --format json
contains out '"valid": 0,'
contains out '"invalid": 0,'
sed -i '20s/.*/1 2 3 1 2 3 1 2 7/' batch.txt
expect 65 $T enter a.db --from batch.txt
contains err "batch.txt:20: unknown mark \"7\" at position 9"
expect 65 $T enter a.db --from - <batch.txt
contains err "standard input:20:"
expect 66 $T enter a.db --from missing.txt
mkdir adir
expect 66 $T enter a.db --from adir
contains err "tinnhiem: adir: Is a directory"
expect 66 $T verify adir
contains err "tinnhiem: adir: Is a directory"

# --- 400 valid ballots: the tally equals a count made here, under both scopes
for profile in qd96-2023 nq96-2023; do
	sed "s/^rules .*/rules = $profile/" "$DEMO" >p.ini
	rm -f p.db
	$T init p.ini p.db >/dev/null
	gen 400 9 7 >b400.txt
	expect 0 $T enter p.db --from b400.txt
	contains out "recorded 400 ballots in pass 1: papers 1 to 400"
	scope=ballot
	[ $profile = nq96-2023 ] && scope=row
	count b400.txt $scope >want.csv
	tally_counts p.db >got.csv
	same want.csv got.csv
done

# --- two operators at once: 1,000 ballots, 1,000 distinct serials
$T init "$DEMO" c.db >/dev/null
gen 500 9 11 >one.txt
gen 500 9 12 >two.txt
$T enter c.db --from one.txt >one.out &
p1=$!
$T enter c.db --from two.txt >two.out &
p2=$!
wait $p1 || fail "first operator failed"
wait $p2 || fail "second operator failed"
ok
expect 0 $T show c.db
contains out "Ballots entered (pass 1, not void): 1000"
n=$(sqlite3 c.db "SELECT count(DISTINCT serial) FROM records WHERE kind = 'ballot'")
[ "$n" = 1000 ] || fail "distinct serials: $n"
ok
m=$(sqlite3 c.db "SELECT max(serial) FROM records WHERE kind = 'ballot'")
[ "$m" = 1000 ] || fail "highest serial: $m"
ok
expect 0 $T verify c.db

# --- voids
demo_vote v.db
printf '111111111\n222222222\n333333333\n' >three.txt
expect 0 $T enter v.db --from three.txt
expect 0 $T void v.db 2 --reason "nhập nhầm"
contains out "paper 2 of pass 1 is void; to enter it again, type \"2: \""
expect 65 $T void v.db 2 --reason "again"
contains err "paper 2 of pass 1 is already void"
expect 65 $T void v.db 9 --reason "no such"
contains err "there is no paper 9 in pass 1"
expect 2 $T void v.db 1
contains err "--reason TEXT is required"
expect 2 $T void v.db zero --reason r
expect 65 $T void v.db 1 --reason ""
expect 0 $T tally v.db --format csv
contains out "1,Nguyễn Văn An,Bí thư Đảng ủy Khối,1,0,1,0,"
expect 0 $T verify v.db
contains out "records: 5,"

# --- the invalid-row rule applied at entry, raw marks kept
demo_vote r.db
printf '120111111\nx 2\nx\n' >rows.txt
expect 0 $T enter r.db --from rows.txt
b1=$(sqlite3 r.db "SELECT body FROM records WHERE kind = 'ballot' AND serial = 1")
[ "$b1" = "$(printf 'ballot\t1\t1\t120111111\tinvalid:4')" ] || fail "ballot 1 stored as: $b1"
ok
b2=$(sqlite3 r.db "SELECT body FROM records WHERE kind = 'ballot' AND serial = 2")
[ "$b2" = "$(printf 'ballot\t1\t2\tx2\tinvalid:2')" ] || fail "ballot 2 stored as: $b2"
ok

# --- double entry: a planted discrepancy is reported by pass 2 and by reconcile
sed 's/^double_entry .*/double_entry = yes/' "$DEMO" >de.ini
$T init de.ini d.db >/dev/null
$T meeting d.db --present 33 --issued 12 --collected 12 >/dev/null
gen 12 9 5 | sed 's/^x.*/1 1 1 1 1 1 1 1 1/' >pass1.txt
sed '7s/^\(.\)/3/; 7s/^3 \(.*\)/3 \1/' pass1.txt >pass2.txt
sed -n 7p pass1.txt | grep -q '^3' && sed -i '7s/^3/1/' pass2.txt
cmp -s pass1.txt pass2.txt && fail "no discrepancy planted"
expect 0 $T enter d.db --from pass1.txt
expect 0 $T enter d.db --pass 2 --from pass2.txt
contains out "DIFFERENCE on paper 7: pass 1 read"
contains out "member 1 Nguyễn Văn An: pass 1"
[ "$(grep -c DIFFERENCE out)" = 1 ] || fail "more than one difference reported"
ok
expect 1 $T reconcile d.db
contains out "paper 7: pass 1 read"
contains out "1 difference. Look at each paper"
# a held paper against marks, and marks against a held paper: each difference is reported,
# and those after it too (member by member only where both are marks)
$T init de.ini h.db >/dev/null
$T meeting h.db --present 33 --issued 4 --collected 4 >/dev/null
printf '111111111\n!\n111111111\n111111111\n' | $T enter h.db --from - >/dev/null
expect 0 $T enter h.db --pass 2 --from - <<EOF2
111111111
123123123
!
222222222
EOF2
contains out "DIFFERENCE on paper 2: pass 1 read ?, pass 2 read 123123123"
contains out "DIFFERENCE on paper 3: pass 1 read 111111111, pass 2 read ?"
contains out "DIFFERENCE on paper 4: pass 1 read 111111111, pass 2 read 222222222"
contains out "member 9 "
[ "$(grep -c "member " out)" = 9 ] || fail "not one line a member for paper 4 alone: $(cat out)"
ok
expect 65 $T close d.db
contains err "double entry: 1 difference between the passes"
# correcting pass 2 as the guide says: void its reading of paper 7, type paper 7 again; the
# correction takes the place of what it corrects, so nothing else needs entering again
expect 0 $T void d.db 7 --pass 2 --reason "sai"
sed -n '7p' pass1.txt | sed 's/^/7: /' >fix.txt
expect 0 $T enter d.db --pass 2 --from fix.txt
lacks out "DIFFERENCE"
contains out "recorded 1 ballot in pass 2: paper 7"
expect 0 $T reconcile d.db
contains out "pass 1 and pass 2 agree"
# the paper numbers pass 2 assigns by itself: with paper 7's reading voided again, the next
# line of a batch is for paper 7, the lowest paper pass 2 lacks
cp d.db d2.db
expect 0 $T void d2.db 7 --pass 2 --reason "lại"
sed -n '7p' pass1.txt >again.txt
expect 0 $T enter d2.db --pass 2 --from again.txt
contains out "recorded 1 ballot in pass 2: paper 7"
expect 0 $T reconcile d2.db
# a paper pass 2 already holds is refused, nothing recorded
cp d2.db d2.before
expect 65 $T enter d2.db --pass 2 --from fix.txt
contains err "fix.txt:1: paper 7 already has a ballot in pass 2"
same d2.db d2.before
expect 0 $T close d.db

# --- a closed vote refuses entry and voids, and changes nothing
cp d.db d.before
expect 65 $T enter d.db --from three.txt
contains err "the vote is closed; nothing can be added"
expect 65 $T void d.db 1 --reason "late"
contains err "the vote is closed"
expect 65 $T meeting d.db --present 30
expect 0 $T verify d.db

# --- nothing about voters, operators or time is stored with a ballot
cols=$(sqlite3 d.db "SELECT group_concat(name, ' ') FROM (SELECT name FROM pragma_table_info('records') UNION ALL SELECT name FROM pragma_table_info('definition'))")
[ "$cols" = "seq kind pass serial body head paper id canonical hash" ] || fail "columns: $cols"
ok
tables=$(sqlite3 d.db "SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'table'")
[ "$tables" = "definition records" ] || fail "tables: $tables"
ok
sqlite3 d.db "SELECT body FROM records" >bodies.txt
grep -Ev '^(ballot	[12]	[0-9]+	([0-3]{9}|x[1-4]?)	(valid|invalid:[0-4])(	[0-9]+)?|void	[12]	[0-9]+	.+|meeting(	([0-9]+|-)){4}|seal	[0-9a-f]{64}	-	-	-)$' bodies.txt && fail "a record holds more than marks"
ok
done_checks
