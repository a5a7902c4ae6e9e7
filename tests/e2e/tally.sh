#!/bin/sh
# tally and meeting: the JSON of a small vote, field by field; CSV and text; the profiles.
. "$(dirname "$0")/lib.sh"

cat >small.ini <<'INI'
[vote]
title = Lấy phiếu thử
parent_body = ĐẢNG BỘ TỈNH MẪU
issuing_body = ĐẢNG ỦY KHỐI MẪU
place = Thành phố Mẫu
date = 2023-06-28
[meeting]
convened = 7
[counting_board]
member = Phan Thị Hòa | Trưởng ban
[member]
name = Nguyễn Văn An
position = Bí thư
[member]
name = Trần "Bình", Thị
position = Phó Bí thư
INI
# 6 ballots: An 3 high, 1 medium, 1 low + the crossed one; Bình 1 high, 1 medium, 3 low.
# Ballot 6 has a 0 row: under qd96-2023 the whole ballot is invalid.
printf '13\n13\n23\n33\nx 2\n10\n' >b.txt

# --- the meeting facts: refused when they do not add up, history kept
$T init small.ini s.db >/dev/null
expect 2 $T meeting s.db
contains err "give at least one fact"
expect 2 $T meeting s.db --present -1
contains err "--present: expected a whole number from 0 to 999999999999, not \"-1\""
expect 2 $T meeting s.db --present many
expect 65 $T meeting s.db --present 8
contains err "present (8) exceeds convened (7)"
expect 65 $T meeting s.db --present 6 --issued 7
contains err "issued (7) exceeds present (6)"
expect 0 $T meeting s.db --present 6 --issued 6 --collected 5
expect 65 $T meeting s.db --collected 7
contains err "collected (7) exceeds issued (6)"
expect 0 $T meeting s.db --collected 6
[ "$(sqlite3 s.db "SELECT count(*) FROM records WHERE kind = 'meeting'")" = 2 ] ||
	fail "meeting history not kept"
ok
expect 0 $T enter s.db --from b.txt

# --- JSON, field by field (an open vote: provisional)
expect 0 $T tally s.db --format json
cp out t.json
python3 - t.json <<'PY' || fail "JSON fields"
import json, sys
t = json.load(open(sys.argv[1]))
want = {"vote": "Lấy phiếu thử", "rules": "qd96-2023", "denominator": "collected",
        "base": 6, "convened": 7, "present": 6, "issued": 6, "collected": 6,
        "valid": 4, "invalid": 2, "quorum_met": True, "state": "open", "tally_hash": None}
for k, v in want.items():
    assert t[k] == v, (k, t[k], v)
assert len(t) == len(want) + 1, sorted(t)
m = t["members"]
assert [x["order"] for x in m] == [1, 2]
a, b = m
assert a == {"order": 1, "name": "Nguyễn Văn An", "position": "Bí thư", "high": 2, "medium": 1,
             "low": 1, "invalid": 2, "high_pct": 33.33, "medium_pct": 16.67, "low_pct": 16.67,
             "band": None}, a
assert b == {"order": 2, "name": 'Trần "Bình", Thị', "position": "Phó Bí thư", "high": 0,
             "medium": 0, "low": 4, "invalid": 2, "high_pct": 0.0, "medium_pct": 0.0,
             "low_pct": 66.67, "band": "two_thirds"}, b
PY
ok

# --- CSV quotes what needs quoting
expect 0 $T tally s.db --format csv
contains out "order,name,position,high,medium,low,invalid,high_pct,medium_pct,low_pct,band"
contains out '2,"Trần ""Bình"", Thị",Phó Bí thư,0,0,4,2,0.00,0.00,66.67,two_thirds'
expect 0 $T tally s.db
contains out "State: open; the figures are provisional"
contains out "66,67"
contains out "2/3 or more low confidence"
lacks out "entered exceeds collected"
# more entered than collected (a file typed twice, say): tally says why a percentage passes 100
cp s.db over.db
printf '11\n11\n' | $T enter over.db --from - --over-collected >/dev/null
expect 0 $T tally over.db
contains out "ballots entered: 8"
contains out "entered exceeds collected by 2: void the extra papers (tinnhiem void)"
contains out "or correct the facts (tinnhiem meeting); until then percentages may pass 100"
expect 0 $T void over.db 7-8 --reason "typed twice"
expect 0 $T tally over.db
lacks out "entered exceeds collected"
expect 2 $T tally s.db --format xml

# --- CSV formula injection: a name or position a spreadsheet would run as a formula gets a
# leading quote in CSV; JSON and text show it as it is; an ordinary name is not touched
cat >formula.ini <<'INI'
[vote]
title = Lấy phiếu thử
parent_body = ĐẢNG BỘ TỈNH MẪU
issuing_body = ĐẢNG ỦY KHỐI MẪU
place = Thành phố Mẫu
date = 2023-06-28
[counting_board]
member = Phan Thị Hòa | Trưởng ban
[member]
name = =HYPERLINK("http://x.example/","Xem")
position = Bí thư
[member]
name = -1+1
position = @Phó Bí thư
[member]
name = Lê Hoàng Cường
position = Ủy viên
INI
$T init formula.ini f.db >/dev/null
printf '123\n' | $T enter f.db --from - >/dev/null
expect 0 $T tally f.db --format csv
contains out '1,"'"'"'=HYPERLINK(""http://x.example/"",""Xem"")",Bí thư,1,0,0,0,100.00,0.00,0.00,'
contains out '2,"'"'"'-1+1","'"'"'@Phó Bí thư",0,1,0,0,0.00,100.00,0.00,'
contains out '3,Lê Hoàng Cường,Ủy viên,0,0,1,0,0.00,0.00,100.00,two_thirds'
lacks out "'0"
expect 0 $T tally f.db --format json
contains out '"name": "=HYPERLINK(\"http://x.example/\",\"Xem\")", "position": "Bí thư"'
contains out '"name": "-1+1", "position": "@Phó Bí thư"'
lacks out "'"
expect 0 $T tally f.db
contains out '  1  =HYPERLINK("http://x.example/","Xem")  Bí thư'
contains out '  2  -1+1'
lacks out "'"

# --- closed: state and tally hash in the JSON
expect 0 $T close s.db
hash=$(sed -n 's/^tally hash: //p' out | tr -d ' ')
expect 0 $T tally s.db --format json
contains out "\"state\": \"closed\""
contains out "\"tally_hash\": \"$hash\""

# --- nq96-2023: a 0 row invalidates only that row
sed 's/^date = .*/&\nrules = nq96-2023/' small.ini >row.ini
$T init row.ini r.db >/dev/null
$T meeting r.db --present 6 --issued 6 --collected 6 >/dev/null
$T enter r.db --from b.txt >/dev/null
expect 0 $T tally r.db --format csv
contains out "1,Nguyễn Văn An,Bí thư,3,1,1,1,50.00,16.67,16.67,"
contains out '2,"Trần ""Bình"", Thị",Phó Bí thư,0,0,4,2,0.00,0.00,66.67,two_thirds'

# --- nq85-2014: the base is everyone convened (7)
sed 's/^date = .*/&\nrules = nq85-2014/' small.ini >all.ini
$T init all.ini n.db >/dev/null
$T meeting n.db --present 6 --issued 6 --collected 6 >/dev/null
$T enter n.db --from b.txt >/dev/null
expect 0 $T tally n.db --format json
contains out '"denominator": "convened",'
contains out '"base": 7,'
contains out '"low_pct": 57.14, "band": "over_half"'

# --- no quorum: reported, and closing refused
$T init small.ini q.db >/dev/null
$T meeting q.db --present 4 --issued 4 --collected 4 >/dev/null
expect 0 $T tally q.db --format json
contains out '"quorum_met": false,'
expect 65 $T close q.db
contains err "no quorum: 4 present of 7 convened"

# --- nothing known yet: nulls, not zeros or crashes
$T init "$DEMO" e.db >/dev/null
expect 0 $T tally e.db --format json
contains out '"base": 0,'
contains out '"present": null,'
contains out '"quorum_met": null,'
contains out '"high_pct": null'
done_checks
