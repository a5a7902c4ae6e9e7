#!/bin/sh
# Minutes and ballots signable as printed, for committees of 3 to 60 with names of up to 30
# characters and positions of up to 80, read back with poppler (pdfcheck.py): every full name
# on one line, positions on at most two, the table's heading on every page that has rows and
# never with fewer than two, the signatures on the page of "Biên bản lập xong", the page
# counts; the ballot of 25 on one page, longer ones saying "trang 2/2"; text within 80 columns.
. "$(dirname "$0")/lib.sh"
CHECK=$SRC/tests/e2e/pdfcheck.py

# definition N: N members, a board of five, three long bases (the size of the Ninh Thuận vote)
definition() {
	python3 - "$1" <<'PY'
import itertools, sys
n = int(sys.argv[1])
fam = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
       "Ngô", "Dương", "Lý", "Tôn Nữ", "Châu", "Quách", "Văn"]
mid = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quốc", "Ngọc", "Thanh", "Hoàng", "Xuân", "Phương"]
giv = ["An", "Bình", "Cường", "Dung", "Em", "Giang", "Hưng", "Ích", "Khánh", "Lan", "Mạnh",
       "Nga", "Oanh", "Phúc", "Quyên", "Sơn", "Tâm", "Uyên", "Vinh", "Xuyến", "Yến", "Thảo",
       "Trường", "Hướng", "Nguyệt", "Thường"]
# positions of 80, 79 and 78 characters among short ones
positions = [
    "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức kiêm Chánh Văn phòng Đảng ủy Khối tỉnh",
    "Bí thư Đảng ủy Khối",
    "Phó Bí thư Thường trực Đảng ủy Khối, Chủ tịch Công đoàn Viên chức tỉnh Mẫu Sơn",
    "Ủy viên Ban Thường vụ",
    "Bí thư Đảng ủy Công ty Trách nhiệm hữu hạn Một thành viên Xổ số kiến thiết tỉnh",
    "Trưởng Ban Tuyên giáo Đảng ủy Khối",
    "Ủy viên Ban Thường vụ, Bí thư Đảng ủy, Giám đốc Sở Kế hoạch và Đầu tư tỉnh Mẫu"]
names, seen, i = [], set(), 0
while len(names) < n:
    f, g = fam[i % len(fam)], giv[(i * 7) % len(giv)]
    if i % 3 == 0:  # long: as many middle names as fit in 30 characters
        words = [f]
        for m in itertools.islice(itertools.cycle(mid[i % 5:] + mid[:i % 5]), 8):
            if len(" ".join(words + [m, g])) <= 30:
                words.append(m)
        name = " ".join(words + [g])
    else:
        name = f"{f} {mid[i % len(mid)]} {g}"
    i += 1
    if name not in seen:
        seen.add(name)
        names.append(name)
assert max(len(x) for x in names) == 30 or n < 3
print(f"""[vote]
title = Lấy phiếu tín nhiệm giữa nhiệm kỳ đối với Ủy viên Ban Thường vụ Đảng ủy Khối Cơ quan mẫu, nhiệm kỳ 2020-2025 ({n} người)
parent_body = ĐẢNG BỘ TỈNH MẪU
issuing_body = ĐẢNG ỦY KHỐI CƠ QUAN - DOANH NGHIỆP
place = Thành phố Mẫu
date = 2023-06-28
basis = Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị về lấy phiếu tín nhiệm đối với chức vụ lãnh đạo, quản lý trong hệ thống chính trị
basis = Kế hoạch số 205-KH/TU ngày 10/4/2023 của Ban Thường vụ Tỉnh ủy về tổ chức sơ kết đánh giá giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV, nhiệm kỳ 2020-2025
basis = Kế hoạch của Ban Thường vụ Đảng ủy Khối về tổ chức sơ kết đánh giá giữa nhiệm kỳ
[meeting]
convened = 120
[counting_board]
member = Phan Thị Hòa | Trưởng ban
member = Đỗ Minh Khôi | Ủy viên
member = Vũ Thị Lan | Ủy viên
member = Lâm Quang Tuấn | Ủy viên
member = Mai Thị Hồng Nhung | Ủy viên""")
for k, name in enumerate(names):
    print(f"[member]\nname = {name}\nposition = {positions[k % len(positions)]}")
PY
}

# ballots N V: V ballots, seeded; the first two members over half low, the third two thirds,
# so that long names stand in the band sentences too; two ballots not issued by the board
ballots() {
	python3 - "$1" "$2" <<'PY'
import random, sys
n, v = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(n * 1000 + v)
for b in range(v):
    if b in (5, 17):
        print("x 1")
        continue
    row = []
    for m in range(n):
        if m < 2:
            row.append("3" if rnd.random() < 0.6 else rnd.choice("12"))
        elif m == 2:
            row.append("3" if rnd.random() < 0.75 else "1")
        else:
            row.append(rnd.choices("123", [8, 2, 1])[0])
    print("".join(row))
PY
}

# members, then pages of the minutes and of the ballot
for sizes in "3 2 1" "9 2 1" "15 3 1" "25 3 1" "40 3 2" "60 4 3"; do
	set -- $sizes
	n=$1
	definition "$n" >d$n.ini
	$T init d$n.ini v$n.db >/dev/null
	$T meeting v$n.db --present 118 --issued 118 --collected 118 >/dev/null
	ballots "$n" 118 >b$n.txt
	$T enter v$n.db --from b$n.txt >/dev/null
	expect 0 $T minutes v$n.db -o m$n.pdf
	expect 0 python3 "$CHECK" minutes m$n.pdf d$n.ini "$2"
	expect 0 $T ballots v$n.db -o p$n.pdf
	expect 0 python3 "$CHECK" ballot p$n.pdf d$n.ini "$3"
	# the text minutes: 80 columns, every name whole on a line
	expect 0 $T minutes v$n.db -o m$n.txt
	python3 - m$n.txt <<'PY' || fail "m$n.txt is wider than 80 columns"
import sys, unicodedata
for no, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    line = unicodedata.normalize("NFC", line.rstrip("\n"))
    if len(line) > 80:
        sys.exit(f"{sys.argv[1]}:{no}: {len(line)} columns")
PY
	ok
	sed -n 's/^name = //p' d$n.ini | while read -r name; do
		grep -qF "$name" m$n.txt || fail "m$n.txt: \"$name\" is not whole on a line"
	done
	ok
done
# a word wider than the line (a venue, a decision's reason, typed without spaces) breaks where
# the line ends, in the text and in the PDF, and none of it is lost (A4 is 595 pt wide, its right
# margin 15 mm: text ends by 553 pt, a point allowed for the fonts); the twin is the sizes above
long_venue=$(python3 -c 'print("Hội" * 60)')
long_reason=$(python3 -c 'print("a" * 200)')
$T init "$DEMO" w.db >/dev/null
$T meeting w.db --present 33 --issued 33 --collected 2 --venue "$long_venue" >/dev/null
printf '!\n111111111\n' | $T enter w.db --from - >/dev/null
$T decide w.db 1 "1 1 1 1 1 1 1 1 1" --reason "$long_reason" >/dev/null
expect 0 $T minutes w.db -o w.txt
python3 - w.txt "$long_venue" "$long_reason" <<'PY' || fail "w.txt: a long word runs past 80 columns or is lost"
import sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
for no, line in enumerate(text.split("\n"), 1):
    if len(unicodedata.normalize("NFC", line)) > 80:
        sys.exit(f"{sys.argv[1]}:{no}: {len(line)} columns")
for word in sys.argv[2:]:
    if word not in text.replace("\n", ""):
        sys.exit(f"{sys.argv[1]}: {word[:20]}... is not whole")
PY
ok
expect 0 $T minutes w.db -o w.pdf
pdftotext -bbox w.pdf - | sed -n 's/.*xMax="\([0-9.]*\)".*/\1/p' |
	awk '$1 > 554 { print "a word ends at " $1 " pt, past the right margin (553 pt)"; bad = 1 }
	     END { exit bad }' || fail "w.pdf: a word runs past the right margin"
ok

# the band sentences name long names whole: several after "Các đồng chí", one after "Đồng chí"
pdftotext m9.pdf - | tr -s ' \n' '  ' >flat9.txt
contains flat9.txt "Các đồng chí Nguyễn Văn Thị Hữu Đức Minh An ("
contains flat9.txt "có trên 50% nhưng dưới 2/3 số phiếu tín nhiệm thấp."
contains flat9.txt "Đồng chí Lê Hữu Quyên ("
contains flat9.txt "có từ 2/3 số phiếu tín nhiệm thấp trở lên."

# the twin that must be refused: a page count that is not the one printed
expect 1 python3 "$CHECK" minutes m9.pdf d9.ini 5
contains err "2 pages, expected 5"
# and a name that breaks: the same page read with a member whose name is not printed whole
sed 's/^name = Trần Thị Ích$/name = Trần Thị Ích Khánh/' d9.ini >broken.ini
expect 1 python3 "$CHECK" minutes m9.pdf broken.ini 2
contains err "row 2 \"Trần Thị Ích Khánh\": found whole on one line 0 times"
done_checks
