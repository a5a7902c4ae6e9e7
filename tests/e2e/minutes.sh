#!/bin/sh
# What the minutes say, by QĐ 96's own words: each person's valid and invalid counts (Điều 6
# khoản 3, "đối với từng người"), the invalid-ballot rule applied under each scope, the bands
# of Điều 11 ("Các đồng chí" before several names, "Đồng chí" before one, a sentence when a
# band is empty) and the reporting line of Điều 1 khoản 4, always. Golden text minutes and
# golden PDF text for each case; then the slides for the hall.
. "$(dirname "$0")/lib.sh"
GOLDEN=$SRC/tests/golden

cat >four.ini <<'INI'
[vote]
title = Lấy phiếu tín nhiệm giữa nhiệm kỳ đối với Ủy viên Ban Thường vụ Đảng ủy Khối Cơ quan mẫu, nhiệm kỳ 2020-2025
parent_body = ĐẢNG BỘ TỈNH MẪU
issuing_body = ĐẢNG ỦY KHỐI CƠ QUAN MẪU
place = Thành phố Mẫu
date = 2023-06-28
basis = Quy định số 96-QĐ/TW ngày 02/02/2023 của Bộ Chính trị về lấy phiếu tín nhiệm đối với chức vụ lãnh đạo, quản lý trong hệ thống chính trị
[meeting]
convened = 12
[counting_board]
member = Phan Thị Hòa | Trưởng ban
member = Đỗ Minh Khôi | Ủy viên
[member]
name = Nguyễn Văn An
position = Bí thư Đảng ủy Khối
[member]
name = Trần Thị Bình
position = Phó Bí thư Thường trực Đảng ủy Khối
[member]
name = Lê Hoàng Cường
position = Phó Bí thư Đảng ủy Khối
[member]
name = Phạm Thị Dung
position = Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối
INI
# 10 ballots. Bình and Cường 6 low of 10 (over half, under two thirds), Dung 7 (two thirds).
# Ballot 8 leaves Bình's row unmarked: under the ballot scope the whole ballot is invalid,
# under the row scope only Bình's row. Ballot 10 was not issued by the board.
cat >b.txt <<'EOF'
1333
1333
1333
1333
1333
2333
1123
1011
2212
x 1
EOF

# golden FILE NAME: FILE is the golden NAME; TN_UPDATE_GOLDEN=1 writes it instead, to be
# read over in the diff before it is committed
golden() {
	if [ -n "${TN_UPDATE_GOLDEN:-}" ]; then
		cp "$1" "$GOLDEN/$2"
	fi
	same "$1" "$GOLDEN/$2"
}

# minutes NAME DEF [BALLOTS [MEETING OPTION...]]: a vote from DEF with the ballots (b.txt)
# entered and the meeting options recorded; its text minutes and the text of its PDF against
# the golden files
minutes() {
	name=$1 def=$2 ballots=${3:-b.txt}
	shift 2
	[ $# = 0 ] || shift
	$T init "$def" "$name.db" >/dev/null
	$T meeting "$name.db" --present 10 --issued 10 --collected 10 "$@" >/dev/null
	set -- "$name"
	$T enter "$1.db" --from "$ballots" >/dev/null
	expect 0 $T minutes "$1.db" -o "$1.txt"
	golden "$1.txt" "minutes-$1.txt"
	expect 0 $T minutes "$1.db" -o "$1.pdf"
	pdftotext -layout "$1.pdf" - | sed 's/ *$//' >"$1.pdf.txt"
	golden "$1.pdf.txt" "minutes-$1.pdf.txt"
	tr -s ' \n' '  ' <"$1.pdf.txt" >"$1.flat"
}

# --- the ballot scope (qd96-2023's default)
minutes ballot-scope four.ini
f=ballot-scope.flat
contains $f "Phiếu có tên người mà người ghi phiếu không đánh dấu vào ô nào hoặc đánh dấu vào hai hoặc ba ô là phiếu không hợp lệ đối với tất cả những người có tên trong phiếu."
contains $f "số phiếu hợp lệ: 8 phiếu; số phiếu không hợp lệ: 2 phiếu"
# every row: 8 valid, 2 invalid
for row in "1 Nguyễn Văn An Bí thư Đảng ủy Khối 8 2 6 60,00 2 20,00 0 0,00" \
	"4 Phạm Thị Dung 8 2 0 0,00 1 10,00 7 70,00"; do
	contains $f "$row"
done
contains $f "Các đồng chí Trần Thị Bình (6 phiếu, 60,00%) và Lê Hoàng Cường (6 phiếu, 60,00%) có trên 50% nhưng dưới 2/3 số phiếu tín nhiệm thấp."
contains $f "Đồng chí Phạm Thị Dung (7 phiếu, 70,00%) có từ 2/3 số phiếu tín nhiệm thấp trở lên."
contains $f "Kết quả lấy phiếu tín nhiệm phải được báo cáo cấp có thẩm quyền quản lý cán bộ và công khai theo quy định."
grep -E '^ *[0-9] ' ballot-scope.txt | awk '$0 ~ / 8 +2 / { n++ } END { exit n != 4 }' ||
	fail "the text minutes do not give each person 8 valid and 2 invalid"
ok

# times and hall not recorded: the dotted blanks are left to be written by hand
contains $f "Hôm nay, vào lúc ..... giờ ....., ngày 28 tháng 6 năm 2023, tại Thành phố Mẫu, Ban kiểm phiếu"
contains $f "Biên bản lập xong lúc ..... giờ ..... cùng ngày"

# --- the row scope: Bình's row alone is invalid on ballot 8. Its golden minutes differ from
# the ballot scope's also in the times and the hall, recorded by meeting: the opening and the
# closing paragraph say them instead of the dotted blanks (and pdftotext -layout, finding
# another left margin, sets the indents of the PDF text one column further).
sed 's/^date = .*/&\ninvalid_scope = row/' four.ini >row.ini
minutes row-scope row.ini b.txt --started 08:05 --ended 10:40 \
	--venue "Hội trường tầng 3, trụ sở Đảng ủy Khối"
f=row-scope.flat
contains $f "Hôm nay, vào lúc 8 giờ 05, ngày 28 tháng 6 năm 2023, tại Hội trường tầng 3, trụ sở Đảng ủy Khối, Ban kiểm phiếu tiến hành kiểm phiếu"
contains $f "Biên bản lập xong lúc 10 giờ 40 cùng ngày"
lacks $f "....."
contains $f "Phiếu có tên người mà người ghi phiếu không đánh dấu vào ô nào hoặc đánh dấu vào hai hoặc ba ô chỉ không hợp lệ đối với người đó; đối với những người còn lại, phiếu vẫn hợp lệ."
lacks $f "đối với tất cả những người có tên trong phiếu"
contains $f "số phiếu hợp lệ: 9 phiếu; số phiếu không hợp lệ: 1 phiếu"
contains $f "1 Nguyễn Văn An Bí thư Đảng ủy Khối 9 1 7 70,00"
contains $f "2 Trần Thị Bình 8 2 1 10,00 1 10,00 6 60,00"
contains $f "3 Lê Hoàng Cường Phó Bí thư Đảng ủy Khối 9 1 2 20,00"
contains $f "Các đồng chí Trần Thị Bình (6 phiếu, 60,00%) và Lê Hoàng Cường (6 phiếu, 60,00%)"
contains $f "Kết quả lấy phiếu tín nhiệm phải được báo cáo cấp có thẩm quyền quản lý cán bộ"

# --- nobody in a band: one sentence says so, and the report is still due
awk 'NR <= 9 { print "1122" } NR == 10 { print "x 2" }' b.txt >calm.txt
minutes no-band four.ini calm.txt
f=no-band.flat
contains $f "Không có đồng chí nào có trên 50% số phiếu tín nhiệm thấp."
lacks $f "nhưng dưới 2/3"
contains $f "Kết quả lấy phiếu tín nhiệm phải được báo cáo cấp có thẩm quyền quản lý cán bộ và công khai theo quy định."
# one band empty, the other not: a sentence for the empty one
contains ballot-scope.flat "Đồng chí Phạm Thị Dung"
sed 's/^1333$/1223/; s/^2333$/2223/' b.txt >one.txt
$T init four.ini one.db >/dev/null
$T meeting one.db --present 10 --issued 10 --collected 10 >/dev/null
$T enter one.db --from one.txt >/dev/null
$T minutes one.db -o one-m.txt >/dev/null
tr -s ' \n' '  ' <one-m.txt >one.flat
contains one.flat "Đồng chí Phạm Thị Dung (7 phiếu, 70,00%) có từ 2/3 số phiếu tín nhiệm thấp trở lên."
contains one.flat "Không có đồng chí nào có trên 50% nhưng dưới 2/3 số phiếu tín nhiệm thấp."

# --- the slides: 16:9, the title, the base, each member's counts and the bands; a draft says so
expect 0 $T minutes ballot-scope.db -o slides.pdf --slides
contains out "DRAFT"
pdfinfo slides.pdf >info.txt
contains info.txt "Page size:       960 x 540 pts"
contains info.txt "Pages:           3"
for p in 1 2 3; do
	pdftotext -f $p -l $p slides.pdf - >page.txt
	contains page.txt "DỰ THẢO"
done
pdftotext slides.pdf - | tr -s ' \n' '  ' >slides.flat
for text in "KẾT QUẢ LẤY PHIẾU TÍN NHIỆM" "Lấy phiếu tín nhiệm giữa nhiệm kỳ" \
	"Tỷ lệ phần trăm tính trên tổng số phiếu thu về (10)" "Nguyễn Văn An" "Phạm Thị Dung" \
	"60,00%" "70,00%" "Có trên 50% nhưng dưới 2/3 số phiếu tín nhiệm thấp" \
	"Có từ 2/3 số phiếu tín nhiệm thấp trở lên" "Số phiếu hợp lệ: 8" "không hợp lệ: 2" \
	"Kết quả lấy phiếu tín nhiệm phải được báo cáo"; do
	contains slides.flat "$text"
done
pdffonts slides.pdf >fonts.txt
awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' fonts.txt || fail "a font is not embedded"
ok
# closed: no draft mark
cp "$SRC/tests/vectors/small.key" k.key
chmod 600 k.key
$T meeting no-band.db --present 10 >/dev/null
expect 0 $T close no-band.db --key k.key --passphrase-file "$SRC/tests/vectors/small.pass"
expect 0 $T minutes no-band.db -o closed.pdf --slides
lacks out "DRAFT"
pdftotext closed.pdf closed.txt
lacks closed.txt "DỰ THẢO"
# the refusing twin: slides are a PDF only, and nothing is written
expect 2 $T minutes ballot-scope.db -o slides.txt --slides
contains err "--slides writes a PDF: the output must end in .pdf"
[ ! -e slides.txt ] || fail "a text file appeared"
ok
done_checks
