#!/bin/sh
# init and show: the demo; malformed definitions; never overwriting.
. "$(dirname "$0")/lib.sh"

expect 0 $T init "$DEMO" v.db
contains out "created v.db: 9 members; definition hash "
[ ! -s err ] || fail "warnings for the demo definition"
ok
# a counting-board member who is also voted on: created, with a warning
sed 's/^member = Vũ Thị Lan | Ủy viên/member = Võ Quốc Hưng | Ủy viên/' "$DEMO" >both.ini
expect 0 $T init both.ini both.db
contains err "warning: Võ Quốc Hưng is both on the counting board and on the ballot"
expect 0 $T show v.db
contains out "Nguyễn Văn An - Bí thư Đảng ủy Khối"
contains out "Bùi Văn Khánh - Bí thư Đoàn Khối"
contains out "Phan Thị Hòa - Trưởng ban"
contains out "Rules: qd96-2023"
contains out "State: open"
hash=$(sed -n 's/^Definition hash: //p' out)
[ ${#hash} = 79 ] || fail "definition hash not shown in groups: $hash"
ok

# the Ninh Thuận template is refused as it stands: its first blank is named; nothing is made
NT=$SRC/ballots/ninh-thuan-bch-khoa-vii.ini
expect 65 $T init "$NT" nt.db
contains err "ninh-thuan-bch-khoa-vii.ini:20: date: not filled in (\"…\" marks a blank of the template)"
[ ! -e nt.db ] || fail "a vote file was made from the template"
expect 65 $T init --check "$NT"
contains err "ninh-thuan-bch-khoa-vii.ini:20: date: not filled in"
[ ! -s out ] || fail "--check printed a summary for the template"
# each blank in turn, "…" or "...", is named with its line; nothing is made
ninh_thuan_filled nt.ini
blank_at() { # $1: sed expression that empties one field again; $2: the message
	sed "$1" nt.ini >blank.ini
	expect 65 $T init blank.ini blank.db
	contains err "blank.ini:$2"
	[ ! -e blank.db ] || fail "a vote file was made with a blank: $1"
	expect 65 $T init --check blank.ini
	contains err "blank.ini:$2"
}
blank_at 's/ngày 20\/4\/2023/ngày .../' '24: basis 3: not filled in ("..." marks a blank'
blank_at 's/^convened = 33/convened = …/' '35: convened: not filled in ("…" marks a blank'
blank_at 's/^member = Đặng Thị Thu/member = …/' '40: counting board member 1 name: not filled in'
blank_at 's/| Ủy viên$/| …/' '41: counting board member 2 role: not filled in'
blank_at 's/^name = Hồ Thị Mai/name = …/' '56: member 4 name: not filled in'
blank_at 's/^convened = 33/convened = 0/' '35: convened is 0: write the number of members convened'
ls | grep -q 'blank.db' && fail "a temporary file was left"
# the twin: filled in, --check says so and makes nothing; init then makes the vote
mkdir empty
(cd empty && $T init --check ../nt.ini >/dev/null)
[ -z "$(ls -A empty)" ] || fail "--check made a file"
expect 0 $T init --check nt.ini
contains out "nt.ini: complete; init will create the vote from it"
contains out "  title: Lấy phiếu tín nhiệm giữa nhiệm kỳ đối với Ủy viên Ban Thường vụ Đảng ủy khối"
contains out "  members: 4"
grep -q '^  definition hash: \([0-9a-f]\{4\} \)\{15\}[0-9a-f]\{4\}$' out ||
	fail "--check: no definition hash in groups of four"
check_hash=$(sed -n 's/^  definition hash: //p' out)
expect 2 $T init --check nt.ini nt.db
contains err "--check takes the definition alone"
expect 2 $T init nt.ini
contains err "expected a definition and a vote file"
[ ! -e nt.db ] || fail "a usage error made a vote file"
expect 0 $T init nt.ini nt.db
contains out "created nt.db: 4 members; definition hash $check_hash"
expect 0 $T show nt.db
contains out "Đặng Thị Thu - Trưởng ban"
contains out "Hồ Thị Mai - Ủy viên Ban Thường vụ Đảng ủy Khối"
contains out "Lưu Xuân Hải - Bí thư Đảng ủy Khối"
contains out "Nguyễn Trọng Cấp - Phó Bí thư Đảng ủy Khối"
contains out "Trần Văn Bắc - Phó Bí thư Đảng ủy Khối"
contains out "ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP"

# the same definition hashes the same, whatever file it lives in
cp "$DEMO" copy.ini
expect 0 $T init copy.ini w.db
expect 0 $T show w.db
contains out "Definition hash: $hash"

# refusing to overwrite: an existing vote file and any other file stay as they were
cp v.db v.before
expect 73 $T init "$DEMO" v.db
contains err "v.db: already exists; not overwriting it"
same v.db v.before
echo "precious" >notes.txt
expect 73 $T init "$DEMO" notes.txt
contains notes.txt "precious"

# the journal of an earlier file of the same name, left with content (a write cut off, then
# the file removed): refused, since SQLite would roll it into the new file; nothing is made
cp v.db old.db
cut_off_write old.db
rm old.db
cp old.db-journal kept-journal
expect 73 $T init "$DEMO" old.db
contains err "old.db-journal is there and not empty: it belongs to an earlier file"
[ ! -e old.db ] || fail "a vote file was made beside another file's journal"
same old.db-journal kept-journal
printf 'x' >new.db-wal
expect 73 $T init "$DEMO" new.db
contains err "new.db-wal is there and not empty"
[ ! -e new.db ] || fail "a vote file was made beside a WAL"
# the twin: an empty journal (what a finished write leaves) is no obstacle
rm old.db-journal && : >old.db-journal
expect 0 $T init "$DEMO" old.db
expect 0 $T verify old.db
ok

# malformed: exit 65, the message names file and line, and no file is left
sed 's/^date .*/date         = 2023-02-30/' "$DEMO" >bad.ini
expect 65 $T init bad.ini bad.db
contains err "bad.ini:9: date: 2023-02-30 is not a day of the calendar"
[ ! -e bad.db ] || fail "a vote file was left after a refused definition"
ok
ls | grep -q 'bad.db' && fail "a temporary file was left"
ok
# Look-alike names. Beside "Hoàng Văn An", a second member whose name differs only by an
# invisible, bidirectional, private-use or unassigned character, a space separator (folded to a
# space: a duplicate), a letter of another script or stacked marks is refused (65) with the
# character or the pair named, and no vote file is left. Names are given as printf escapes.
two_members() { # $1: the second member's name; $2: the file
	printf '[vote]\ntitle = T\nparent_body = P\nissuing_body = I\nplace = X\ndate = 2023-06-28\n'"\
[counting_board]\nmember = Phan Thị Hòa | Trưởng ban\n\
[member]\nname = Hoàng Văn An\nposition = Bí thư\n\
[member]\nname = $1\nposition = Phó Bí thư\n" >"$2"
}
# the accepting twin: two names that are told apart
two_members 'Hoàng Văn Ân' la.ini
expect 0 $T init la.ini la.db
contains out "created la.db: 2 members"
refused_name() { # $1: the second name; $2: the message after "la.ini:13: "
	rm -f la.ini
	two_members "$1" la.ini
	expect 65 $T init la.ini lb.db
	contains err "la.ini:13: $2"
	[ ! -e lb.db ] || fail "a vote file was left for the name $1"
	ok
}
refused_name 'Hoàng Văn\342\200\213An' "member 2 name: invisible character U+200B at character 10"
refused_name 'Hoàng Văn\342\200\214An' "member 2 name: invisible character U+200C at character 10"
refused_name 'Hoàng Văn\342\200\215An' "member 2 name: invisible character U+200D at character 10"
refused_name 'Hoàng Văn\342\201\240An' "member 2 name: invisible character U+2060 at character 10"
refused_name 'Hoàng Văn\357\273\277An' "member 2 name: invisible character U+FEFF at character 10"
refused_name 'Hoàng Văn\302\255An' "member 2 name: invisible character U+00AD at character 10"
refused_name 'Hoàng Văn \342\200\256nA' "member 2 name: bidirectional control U+202E at character 11"
refused_name 'Hoàng Văn \342\200\255An' "member 2 name: bidirectional control U+202D at character 11"
refused_name 'Hoàng Văn \342\201\246An\342\201\251' \
	"member 2 name: bidirectional control U+2066 at character 11"
refused_name 'Hoàng Văn\302\240An' 'duplicate member "Hoàng Văn An" (members 1 and 2)'
refused_name 'Hoàng Văn\343\200\200An' 'duplicate member "Hoàng Văn An" (members 1 and 2)'
refused_name 'Hoàng\342\200\207Văn An' 'duplicate member "Hoàng Văn An" (members 1 and 2)'
refused_name 'Hoàng Văn\342\200\257An' 'duplicate member "Hoàng Văn An" (members 1 and 2)'
refused_name 'Hoàng Văn \320\220n' "member 2 name: mixes scripts: Cyrillic U+0410 at character 11"
refused_name 'H\320\276àng Văn An' "member 2 name: mixes scripts: Cyrillic U+043E at character 2"
refused_name 'Hoàng Văn \316\221n' "member 2 name: mixes scripts: Greek U+0391 at character 11"
refused_name 'Hoàng Văn A\314\201\314\201\314\201n' \
	"member 2 name: more than 2 combining marks on the letter at character 11"
refused_name 'Hoàng Văn \356\200\200An' "member 2 name: private-use character U+E000 at character 11"
refused_name 'Hoàng Văn \315\270An' "member 2 name: unassigned code point U+0378 at character 11"
refused_name 'Hoàng Văn An\302\240' 'duplicate member "Hoàng Văn An" (members 1 and 2)'
# two names in one script with the same UTS #39 skeleton (U+00D0 for U+0110 Đ)
two_members 'Đặng Văn Đức' pair.ini
printf '[member]\nname = \303\220ặng Văn \303\220ức\nposition = Ủy viên\n' >>pair.ini
expect 65 $T init pair.ini pair.db
contains err 'pair.ini:16: member 3 "Ðặng Văn Ðức" looks like member 2 "Đặng Văn Đức"'
[ ! -e pair.db ] || fail "a vote file was left for a look-alike pair"
ok
# plain names (Vietnamese letters alone) are told apart without ICU; a pair of them that
# looks alike (m and rn) is still refused
two_members 'Trần Văn Nam' plain.ini
expect 0 env TINNHIEM_MODULEDIR="$WORK/none" $T init plain.ini plain.db
printf '[member]\nname = Trần Văn Narn\nposition = Ủy viên\n' >>plain.ini
expect 65 env TINNHIEM_MODULEDIR="$WORK/none" $T init plain.ini plain2.db
contains err 'plain.ini:16: member 3 "Trần Văn Narn" looks like member 2 "Trần Văn Nam"'
# the twin: a name that is not plain needs the spoof checker's module
expect 74 env TINNHIEM_MODULEDIR="$WORK/none" $T init pair.ini pair.db
contains err "pair.ini: Comparing names is not available: tinnhiem-names.so not found"
[ ! -e pair.db ] || fail "a vote file was left without the spoof checker"
ok

# the observer's side: a bundle whose definition init would refuse does not verify
V=$SRC/tests/vectors
expect 0 $T verify "$V/small.bundle" --pubkey "$V/small.pub"
sed 's/^date	2023-06-28$/date	2023-02-30/' "$V/small.bundle" >f.bundle
expect 65 $T verify f.bundle --pubkey "$V/small.pub"
contains err "f.bundle: definition line 6: date: 2023-02-30 is not a day of the calendar"
sed "s/^member	Trần Thị Bình	/member	Nguyễn Văn$(printf '\342\200\213')An	/" "$V/small.bundle" >f.bundle
expect 65 $T verify f.bundle --pubkey "$V/small.pub"
contains err "definition line 20: member 2 name: invisible character U+200B at character 11"
sed "s/^member	Trần Thị Bình	/member	Nguyễn Văn An	/" "$V/small.bundle" >f.bundle
expect 65 $T verify f.bundle --pubkey "$V/small.pub"
contains err 'definition line 20: duplicate member "Nguyễn Văn An" (members 1 and 2)'
sed 's/^present	-$/present	6/' "$V/small.bundle" >f.bundle
expect 65 $T verify f.bundle --pubkey "$V/small.pub"
contains err "definition line 13: [meeting]: present (6) exceeds convened (5)"

printf '[vote]\ntitle = T\n[member]\nname = A\nposition = B\nname = C\n' >dup.ini
expect 65 $T init dup.ini dup.db
contains err "dup.ini:6: name given twice (first at line 4)"
[ ! -e dup.db ] || fail "vote file left"
ok

# missing definition: 66
expect 66 $T init nothere.ini x.db
contains err "nothere.ini: No such file or directory"
[ ! -e x.db ] || fail "vote file left"
# a directory given as the definition: missing too, and said so without a line number
mkdir adir
expect 66 $T init adir x.db
contains err "tinnhiem: adir: Is a directory"
expect 66 $T init --check adir
contains err "tinnhiem: adir: Is a directory"
[ ! -e x.db ] || fail "vote file left"
ok

# usage errors: 2
expect 2 $T init "$DEMO"
expect 2 $T show
expect 2 $T nosuchcommand
contains err "unknown command"
expect 2 $T inti
contains err "Did you mean \"init\"?"
expect 0 $T --version
contains out "tinnhiem "

# show refuses what is not a vote file
expect 65 $T show notes.txt
contains err "not a tinnhiem vote file"
expect 66 $T show none.db
done_checks
