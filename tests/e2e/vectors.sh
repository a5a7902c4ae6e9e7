#!/bin/sh
# The test vectors: rebuilt from their inputs byte for byte, checked by the independent
# verifier in docs/examples, and quoted in docs/formats.md so the documentation cannot drift.
. "$(dirname "$0")/lib.sh"
V=$SRC/tests/vectors
VB=$SRC/docs/examples/verify-bundle.py

# tests/forge.py recomputes every hash of an edited bundle, so that a forgery passes every
# check but the one it is aimed at
FORGE="python3 $SRC/tests/forge.py"

# --expect: spaces and case do not matter; a wrong hash is refused, naming both
expected_tests() {
	grouped="9212 9E00 AEDD C0EE 774b 74ff 1717 2a45 b182 93ce 08e8 ad71 d7e3 47e1 b6ce 453a"
	expect 0 python3 "$VB" "$V/small.bundle" "$V/small.pub" --expect "$grouped"
	contains out "expected tally hash: matches"
	expect 0 $T verify "$V/small.bundle" --expect "$grouped"
	wrong="9212 9e00 aedd c0ee 774b 74ff 1717 2a45 b182 93ce 08e8 ad71 d7e3 47e1 b6ce 453b"
	expect 1 python3 "$VB" "$V/small.bundle" "$V/small.pub" --expect "$wrong"
	contains err "MISMATCH: the tally hash is not the expected one"
	contains err "  expected:      $wrong"
	contains err "  in the bundle: 9212 9e00 aedd c0ee 774b 74ff 1717 2a45 b182 93ce 08e8 ad71 d7e3 47e1 b6ce 453a"
	contains err "The bundle may be of another vote"
	lacks out "OK"
	expect 1 $T verify "$V/small.bundle" --expect "$wrong"
	contains err "the tally hash is not the expected one"
	expect 2 python3 "$VB" "$V/small.bundle" --expect "9212 9e00"
	contains err "--expect: not a tally hash"
}

# the long form of the meeting record in d.bundle: forgeries of its times and hall, every hash
# recomputed, are refused by both verifiers; the bundle itself passes both (above)
meeting_tests() {
	contains d.bundle "meeting	-	-	-	-	14:05	-	Hội trường tầng 3	"
	contains d.bundle "meeting	-	-	-	-	-	16:40	-	"
	$FORGE d.bundle same.bundle
	same same.bundle d.bundle
	# the minutes finished before the count began
	sed 's/^\(meeting	-	-	-	-	-	\)16:40	/\114:04	/' d.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: record 3: meeting facts inconsistent: ended (14:04) is before started (14:05)"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 3: meeting facts inconsistent: ended (14:04) is before started (14:05)"
	# its twin: ended at the minute the count started
	sed 's/^\(meeting	-	-	-	-	-	\)16:40	/\114:05	/' d.bundle >g.bundle
	$FORGE g.bundle g.bundle
	expect 0 python3 "$VB" g.bundle
	expect 0 $T verify g.bundle --no-authenticity
	# a time that is none; the long form that says nothing; an empty hall; a hall not clean
	for forged in 's/	14:05	-	Hội/	24:00	-	Hội/' 's/	14:05	-	Hội trường tầng 3	/	-	-	-	/' \
		's/	14:05	-	Hội trường tầng 3	/	14:05	-		/' \
		's/	14:05	-	Hội trường tầng 3	/	14:05	-	Hội  trường	/'; do
		sed "$forged" d.bundle >f.bundle
		cmp -s f.bundle d.bundle && fail "the forgery $forged changed nothing"
		$FORGE f.bundle f.bundle
		expect 1 python3 "$VB" f.bundle
		contains err "MISMATCH: record 2: "
		expect 1 $T verify f.bundle --no-authenticity
		contains err "record 2: malformed meeting record"
	done
	# convened 0, in the definition or in a meeting record: refused by both verifiers
	$FORGE d.bundle f.bundle --def "convened	35" "convened	0"
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: definition line 14: meeting facts inconsistent: convened is 0"
	expect 65 $T verify f.bundle --no-authenticity
	contains err "convened is 0"
	sed 's/^meeting	-	34	34	34	/meeting	0	-	-	-	/' d.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: record 1: meeting facts inconsistent: convened is 0"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 1: meeting facts inconsistent: convened is 0"
	# the fixed vector of the long form: its chain head after the definition of small.ini
	$T init "$V/small.ini" m.db >/dev/null
	$T meeting m.db --started 14:05 --ended 16:40 --venue "Hội trường A" >/dev/null
	expect 0 $T show m.db
	contains out "chain head: 20e6 7f5b 0055 df8a ebe6 fdcb 4114 f7c9 92dc 66c9 31cf a42b d4e2 cc1f ab97 5c52"
	contains "$SRC/docs/formats.md" 20e67f5b0055df8aebe6fdcb4114f7c992dc66c931cfa42bd4e2cc1fab975c52
}

# double entry: a sealed bundle whose definition says double_entry yes must have pass 1 and
# pass 2 (ballots not void, paired by paper number) reading the same
double_entry_tests() {
	cat >de.ini <<'INI'
[vote]
title = Nhập hai lượt
parent_body = ĐẢNG BỘ TỈNH MẪU
issuing_body = ĐẢNG ỦY KHỐI MẪU
place = Thành phố Mẫu
date = 2024-02-29
double_entry = yes
[meeting]
convened = 4
present = 4
issued = 4
collected = 3
[counting_board]
member = Phan Thị Hòa | Trưởng ban
[member]
name = Nguyễn Văn An
position = Bí thư
[member]
name = Trần Thị Bình
position = Phó Bí thư
INI
	$T init de.ini e.db >/dev/null
	printf '12\nx 2\n30\n' | $T enter e.db --from - >/dev/null
	printf '12\n33\n30\n' | $T enter e.db --pass 2 --from - >/dev/null
	expect 65 $T close e.db
	contains err "double entry: 1 difference between the passes"
	# the correction: pass 2's reading of paper 2 voided, the paper typed again in its place
	$T void e.db 2 --pass 2 --reason "nhập nhầm" >/dev/null
	printf '2: x 2\n' | $T enter e.db --pass 2 --from - >/dev/null
	expect 0 $T close e.db
	expect 0 $T export e.db -o e.bundle
	contains e.bundle "$(printf 'ballot\t2\t4\tx2\tinvalid:2\t2')"
	expect 0 python3 "$VB" e.bundle
	$FORGE e.bundle same.bundle
	same same.bundle e.bundle

	# forged: pass 2 reads the last paper differently; every hash recomputed
	sed 's/^ballot	2	3	30	invalid:4	/ballot	2	3	31	valid	/' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: seal: double entry: paper 3: pass 1 read 30, pass 2 read 31"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "double entry: 1 difference"
	# the same records under double_entry no: a vote without double entry has no pass 2
	sed 's/^double_entry	yes$/double_entry	no/' f.bundle >g.bundle
	$FORGE g.bundle g.bundle
	expect 1 python3 "$VB" g.bundle
	contains err "pass 2, but the definition does not ask for double entry"
	expect 1 $T verify g.bundle --no-authenticity
	contains err "record 4: pass 2, but the definition does not ask for double entry"
	# its twin without the records of pass 2 passes every check of both verifiers
	grep -v '^ballot	2	\|^void	2	' g.bundle >h.bundle
	$FORGE h.bundle h.bundle
	expect 0 python3 "$VB" h.bundle
	expect 0 $T verify h.bundle --no-authenticity
	# forged: the void of pass 2 removed, so two live readings claim paper 2
	grep -v '^void	2	2	' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "ballot 2/4 is for paper 2, which ballot 2/2 holds and is not void"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "ballot 2/4 is for paper 2, which ballot 2/2 holds and is not void"
	# forged: the correction removed: paper 2 is then only in pass 1
	grep -v '^ballot	2	4	' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: seal: double entry: paper 2: only in pass 1 (read x2)"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "double entry: 1 difference"
	# forged: a correction of pass 1 names a paper that has no ballot (4 of 3), or one whose
	# ballot is not void (the void of pass 2 moved to pass 1 makes paper 2 of pass 1 void,
	# so there the same line is accepted)
	sed 's/^ballot	2	4	x2	invalid:2	2	/ballot	1	4	x2	invalid:2	5	/' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "malformed ballot record"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "malformed ballot record"
	sed 's/^ballot	2	4	x2	invalid:2	2	/ballot	1	4	x2	invalid:2	2	/' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "ballot 1/4 is for paper 2, which ballot 1/2 holds and is not void"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "ballot 1/4 is for paper 2, which ballot 1/2 holds and is not void"
	# a PAPER field equal to SERIAL is not canonical
	sed 's/^ballot	2	3	30	invalid:4	/ballot	2	3	30	invalid:4	3	/' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "malformed ballot record"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "malformed ballot record"

	# a calendar date: 2024-02-29 is one (above), 2023-02-29 is not
	sed 's/^date	2024-02-29$/date	2023-02-29/' e.bundle >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: definition line 6: not a date"
	expect 65 $T verify f.bundle --no-authenticity
	contains err "2023-02-29"

	# a signature by a key of small order: refused as libsodium refuses it
	$FORGE e.bundle f.bundle --small-order
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: seal: bad signature"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "seal: bad signature"
}

# held ballots decided by the board, and every member of the board signing: the vector
# board.bundle rebuilt byte for byte (the Trưởng ban and the second member sign at close, the
# third with cosign), both verifiers with every key, some keys, a key not on the board, and
# forgeries each refused by both
board_tests() {
	for k in small board2 board3; do
		cp "$V/$k.key" "$k.key"
		chmod 600 "$k.key"
	done
	P=$V/small.pass
	$T init "$V/board.ini" b.db >/dev/null
	$T meeting b.db --present 5 --issued 5 --collected 5 >/dev/null
	$T enter b.db --from "$V/board.ballots" >/dev/null
	expect 65 $T close b.db
	contains err "held ballots not decided yet: 2 (tinnhiem decide)"
	expect 0 $T decide b.db 2 "1 1 3" --reason "dấu ở hàng 3 nằm trong ô tín nhiệm thấp"
	expect 0 $T decide b.db 4 "x 4" --reason "hàng 2 đánh dấu hai ô"
	expect 0 $T close b.db --key small.key --key board2.key --passphrase-file "$P" \
		--passphrase-file "$P"
	expect 0 $T cosign b.db --member 3 --key board3.key --passphrase-file "$P"
	expect 0 $T export b.db -o b.bundle
	same b.bundle "$V/board.bundle"
	expect 0 $T verify "$V/board.bundle" --pubkey "$V/small.pub" --pubkey "$V/board2.pub" \
		--pubkey "$V/board3.pub"
	contains out "signatures: 3 of the 3 members of the board"
	contains out "3. Vũ Thị Lan (Ủy viên): good, key 4819 b19a 0c98 ef96 (a given public key)"
	contains out "held ballots decided by the board: 2"
	expect 0 python3 "$VB" "$V/board.bundle" "$V/small.pub" "$V/board2.pub" "$V/board3.pub"
	contains out "signature of board member 3: good, key id 4819 b19a 0c98 ef96"
	# two keys of three: good, and the third signature is named as not checked by a key
	expect 0 $T verify "$V/board.bundle" --pubkey "$V/small.pub" --pubkey "$V/board2.pub"
	contains out "3. Vũ Thị Lan (Ủy viên): good, key 4819 b19a 0c98 ef96 (not among the public keys given)"
	# a key that is not on the board: refused by both
	$T keygen -o other --passphrase-file "$P" >/dev/null 2>&1
	expect 1 $T verify "$V/board.bundle" --pubkey "$V/small.pub" --pubkey other.pub
	contains err "other.pub: key $(cut -d' ' -f3 other.pub | sed 's/..../& /g; s/ $//') has not signed this seal"
	expect 1 python3 "$VB" "$V/board.bundle" "$V/small.pub" other.pub
	contains err "MISMATCH: the seal is not signed by the given key"

	# forged: a decision left out (every hash recomputed, the seal unsigned, the tally block
	# the tally of the records left: x4 no longer counted)
	grep -v '^decision	4	' "$V/board.bundle" | sed 's/^ballots	5	3	2	0$/ballots	4	3	1	0/;
		s/^reasons	0	0	1	0	1$/reasons	0	0	1	0	0/;
		s/^\(member	[0-9]	[0-9]	[0-9]	[0-9]\)	2	/\1	1	/' >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "MISMATCH: seal: the vote could not have been closed: held ballots not decided yet: 1"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "seal: the vote could not have been closed: held ballots not decided yet: 1"
	# its twin: the same bundle, forged likewise with the decision kept, passes both
	$FORGE "$V/board.bundle" g.bundle
	expect 0 python3 "$VB" g.bundle
	expect 0 $T verify g.bundle --no-authenticity
	# forged: a decision on a ballot that was not held; one given twice; one after a void
	sed 's/^decision	4	/decision	3	/' "$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "record 8: decision on ballot 1/3, which is not a held ballot"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 8: decision on ballot 1/3, which is not a held ballot"
	sed 's/^decision	4	/decision	2	/' "$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "record 8: ballot 1/2 decided twice"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 8: ballot 1/2 decided twice"
	awk '/^decision	4	/ { print "void	1	4	nhầm	0" } { print }' "$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle
	expect 1 python3 "$VB" f.bundle
	contains err "record 9: decision on ballot 1/4, which is void"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 9: decision on ballot 1/4, which is void"
	# forged: the signatures of members 2 and 3 swapped (each signs its member's number)
	sed 's/^signature	2	/signature	X	/; s/^signature	3	/signature	2	/; s/^signature	X	/signature	3	/' \
		"$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle --keep-seal
	expect 1 python3 "$VB" f.bundle
	contains err "record 10: signature of board member 3: bad signature"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 10: signature of board member 3: bad signature"
	# forged: a member signing twice; a member not on the board; a ballot after a signature
	sed 's/^signature	3	/signature	1	/' "$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle --keep-seal
	expect 1 python3 "$VB" f.bundle
	contains err "record 11: board member 1 signed twice"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 11: board member 1 signed twice"
	sed 's/^signature	3	/signature	4	/' "$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle --keep-seal
	expect 1 python3 "$VB" f.bundle
	contains err "record 11: signature of board member 4, but the board has 3"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 11: signature of board member 4, but the board has 3"
	awk '{ print } /^signature	3	/ { print "ballot	1	6	111	valid	0" }' "$V/board.bundle" >f.bundle
	$FORGE f.bundle f.bundle --keep-seal
	expect 1 python3 "$VB" f.bundle
	contains err "record 12: found after the seal"
	expect 1 $T verify f.bundle --no-authenticity
	contains err "record 12: found after the seal"
	# its twin: the signature records alone, chained again, are what the vector holds
	$FORGE "$V/board.bundle" g.bundle --keep-seal
	same g.bundle "$V/board.bundle"
}

# a vote file of schema 1 (written by the version before paper numbers, held ballots and
# signature records, holding the records of small.bundle before its seal): read-only commands
# read it as it is; the first command that writes upgrades it; it then seals into small.bundle
# byte for byte
old_schema_tests() {
	cp "$V/v1-small.db" old.db
	chmod 644 old.db
	expect 0 $T verify old.db
	contains out "not sealed"
	[ "$(sqlite3 old.db 'PRAGMA user_version')" = 1 ] || fail "a reader upgraded old.db"
	ok
	expect 0 $T close old.db --key "$(vector_key)" --passphrase-file "$V/small.pass"
	[ "$(sqlite3 old.db 'PRAGMA user_version')" = 2 ] || fail "old.db was not upgraded"
	ok
	expect 0 $T export old.db -o old.bundle
	same old.bundle "$V/small.bundle"
}
old_schema_tests

expect 0 $T init "$V/small.ini" s.db
contains out "definition hash $(cat "$V/small.definition-hash" | sed 's/\(....\)/\1 /g; s/ $//')"
$T meeting s.db --present 5 --issued 5 --collected 5 >/dev/null
$T enter s.db --from "$V/small.ballots" --over-collected >/dev/null
$T void s.db 6 --reason "nhập nhầm" >/dev/null
expect 0 $T close s.db --key "$(vector_key)" --passphrase-file "$V/small.pass"
expect 0 $T export s.db -o s.bundle
same s.bundle "$V/small.bundle"
expect 0 $T verify "$V/small.bundle" --pubkey "$V/small.pub"

# the observer's own verifier, written from the format documentation alone
if command -v python3 >/dev/null; then
	expect 0 python3 "$SRC/docs/examples/verify-bundle.py" "$V/small.bundle" "$V/small.pub"
	contains out "tally hash: 9212 9e00 aedd c0ee 774b 74ff 1717 2a45 b182 93ce 08e8 ad71 d7e3 47e1 b6ce 453a"
	contains out "signature of board member 1: good, key id bbb2 f8d6 2a4d 47f4"
	sed 's/^ballot	1	2	113/ballot	1	2	133/' "$V/small.bundle" >forged.bundle
	expect 1 python3 "$SRC/docs/examples/verify-bundle.py" forged.bundle
	expect 1 python3 "$SRC/docs/examples/verify-bundle.py" "$V/small.bundle" \
		0000000000000000000000000000000000000000000000000000000000000000
	# and a bigger vote with voids, and the times and hall of its meeting (the long form of
	# the meeting record), through both verifiers
	$T init "$DEMO" d.db >/dev/null
	$T meeting d.db --present 34 --issued 34 --collected 34 >/dev/null
	$T meeting d.db --started 14:05 --venue "Hội trường tầng 3" >/dev/null
	$T meeting d.db --ended 16:40 >/dev/null
	$T enter d.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
	printf '111111111\n' | $T enter d.db --from - >/dev/null
	$T void d.db 5 --reason "sai" >/dev/null
	printf '1 1 1 1 1 1 1 1 1\n' | $T enter d.db --from - >/dev/null
	expect 0 $T close d.db
	expect 0 $T export d.db -o d.bundle
	expect 0 python3 "$SRC/docs/examples/verify-bundle.py" d.bundle
	tally=$(sed -n 's/^tally hash: //p' out)
	expect 0 $T verify d.bundle --expect "$tally"
	meeting_tests
	expected_tests
	double_entry_tests
	board_tests
else
	echo "python3 not found: the independent verifier was not run" >&2
	exit 77
fi

# every vector value is quoted in the format documentation
for value in "$(cat "$V/small.definition-hash")" \
	92129e00aeddc0ee774b74ff17172a45b18293ce08e8ad71d7e347e1b6ce453a \
	"$(cut -d' ' -f4 "$V/small.pub")"; do
	contains "$SRC/docs/formats.md" "$value"
done
grep -h '	[0-9a-f]\{64\}$' "$V/small.bundle" "$V/board.bundle" | sed 's/.*	//' | while read -r head; do
	grep -qF "$head" "$SRC/docs/formats.md" || fail "docs/formats.md lacks the chain head $head"
done
ok
done_checks
