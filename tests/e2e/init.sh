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

# the Ninh Thuận definition (to be completed by the Board) is valid as it stands
expect 0 $T init "$SRC/ballots/ninh-thuan-bch-khoa-vii.ini" nt.db
expect 0 $T show nt.db
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

# malformed: exit 65, the message names file and line, and no file is left
sed 's/^date .*/date         = 2023-02-30/' "$DEMO" >bad.ini
expect 65 $T init bad.ini bad.db
contains err "bad.ini:9: date: bad value \"2023-02-30\" (expected YYYY-MM-DD)"
[ ! -e bad.db ] || fail "a vote file was left after a refused definition"
ok
ls | grep -q 'bad.db' && fail "a temporary file was left"
ok
printf '[vote]\ntitle = T\n[member]\nname = A\nposition = B\nname = C\n' >dup.ini
expect 65 $T init dup.ini dup.db
contains err "dup.ini:6: name given twice (first at line 4)"
[ ! -e dup.db ] || fail "vote file left"
ok

# missing definition: 66
expect 66 $T init nothere.ini x.db
contains err "nothere.ini: No such file or directory"
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
