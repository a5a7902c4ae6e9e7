#!/bin/sh
# minutes and ballots: PDF text, fonts, page size, draft and secret marks, long tables, and the
# text minutes against golden files.
. "$(dirname "$0")/lib.sh"
V=$SRC/tests/vectors
GOLDEN=$SRC/tests/golden

pdftext() { pdftotext -layout "$@" - 2>/dev/null; }

# --- the demo vote, open: a draft on every page
demo_vote v.db
$T enter v.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
expect 0 $T minutes v.db -o draft.pdf
contains out "DRAFT"
pages=$(pdfinfo draft.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -ge 2 ] || fail "the draft minutes have $pages page(s)"
ok
p=1
while [ $p -le "$pages" ]; do
	pdftext -f $p -l $p draft.pdf >page.txt
	contains page.txt "DỰ THẢO"
	p=$((p + 1))
done
expect 0 $T minutes v.db -o draft.txt
same draft.txt "$GOLDEN/demo-draft.txt"

# --- closed and signed with the vectors' key
expect 0 $T close v.db --key "$(vector_key)" --passphrase-file "$V/small.pass"
tally=$(sed -n 's/^tally hash: //p' out)
def=$($T show v.db | sed -n 's/^Definition hash: //p')
expect 0 $T minutes v.db -o m.pdf
lacks out "DRAFT"
pdftext m.pdf >m.txt
pdftotext m.pdf - | tr -s ' \n' '  ' >flat.txt
lacks m.txt "DỰ THẢO"
lacks m.txt "MẬT"
for text in "ĐẢNG BỘ TỈNH MẪU" "ĐẢNG ỦY KHỐI CƠ QUAN MẪU" "ĐẢNG CỘNG SẢN VIỆT NAM" \
	"Thành phố Mẫu, ngày 28 tháng 6 năm 2023" "BIÊN BẢN KIỂM PHIẾU" "T/M BAN KIỂM PHIẾU" \
	"TRƯỞNG BAN" "Tín nhiệm cao" "Tín nhiệm thấp" "Họ và tên" "Chức vụ" \
	"Phan Thị Hòa" "Đỗ Minh Khôi" "Vũ Thị Lan" "63,64" "57,58%" "3,03" "18,18" \
	"vắng mặt: 2" "số phiếu không hợp lệ: 2" "tổng số phiếu thu về (33)" \
	"đủ điều kiện tiến hành" "có trên 50% nhưng dưới 2/3 số phiếu tín nhiệm thấp" \
	"Mã khóa ký: bbb2 f8d6 2a4d 47f4" "đã đọc lại cho Ban kiểm phiếu nghe và thống nhất ký tên"; do
	contains flat.txt "$text"
done
# every member's name and position, diacritics intact
grep '^name\|^position' "$DEMO" | sed 's/^[a-z]* *= //' | while read -r field; do
	grep -qF "$field" flat.txt || fail "the minutes lack \"$field\""
done
ok
# the hashes, in groups of four (a line break may fall between groups)
contains flat.txt "$def"
contains flat.txt "$tally"
# fonts embedded, Liberation Serif; A4
pdffonts m.pdf >fonts.txt
contains fonts.txt "LiberationSerif"
awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' fonts.txt || fail "a font is not embedded"
ok
pdfinfo m.pdf >info.txt
contains info.txt "595.276 x 841.89 pts (A4)"
expect 0 $T minutes v.db -o final.txt
same final.txt "$GOLDEN/demo-final.txt"

# --- secret: MẬT
sed 's/^confidential .*/confidential = yes/' "$DEMO" >secret.ini
$T init secret.ini s.db >/dev/null
expect 0 $T minutes s.db -o s.pdf
pdftext s.pdf >s.txt
contains s.txt "MẬT"
expect 0 $T minutes s.db -o s.txt --force
contains s.txt "MẬT"

# --- sixty members: the table breaks across pages with its header repeated
{
	sed '/^\[member\]/,$d' "$DEMO"
	i=1
	while [ $i -le 60 ]; do
		printf '[member]\nname = Lê Văn %02d\nposition = Ủy viên số %d\n' $i $i
		i=$((i + 1))
	done
} >sixty.ini
$T init sixty.ini l.db >/dev/null
expect 0 $T minutes l.db -o l.pdf
pages=$(pdfinfo l.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -ge 3 ] || fail "60 members fit in $pages pages"
ok
heads=0
p=1
while [ $p -le "$pages" ]; do
	if pdftext -f $p -l $p l.pdf | grep -q "Lê Văn"; then
		pdftext -f $p -l $p l.pdf | grep -q "Họ và tên" || fail "page $p: rows without the header"
		heads=$((heads + 1))
	fi
	p=$((p + 1))
done
[ $heads -ge 2 ] || fail "the table does not span pages ($heads)"
ok
pdftext l.pdf >l.txt
contains l.txt "Lê Văn 01"
contains l.txt "Lê Văn 60"

# --- the blank ballot
expect 0 $T ballots v.db -o b.pdf --copies 3
pdftotext b.pdf - | tr -s ' \n' '  ' >b.txt
for text in "PHIẾU LẤY PHIẾU TÍN NHIỆM" "Đánh dấu X" \
	"Nguyễn Văn An" "Bí thư Đoàn Khối" "ĐẢNG CỘNG SẢN VIỆT NAM"; do
	contains b.txt "$text"
done
# the three levels head their columns ("Tín nhiệm" over "cao" and "thấp", read line by line)
pdftext -f 1 -l 1 b.pdf >levels.txt
[ "$(grep -o 'Tín nhiệm' levels.txt | wc -l)" = 3 ] || fail "the ballot lacks the three levels"
ok
contains levels.txt " cao "
contains levels.txt " thấp"
[ "$(grep -o 'PHIẾU LẤY PHIẾU TÍN NHIỆM' b.txt | wc -l)" = 3 ] || fail "not 3 ballots"
ok
pdfinfo b.pdf >info.txt
contains info.txt "(A4)"
# nothing tells one ballot from another: every copy's text is the same
pdftext -f 1 -l 1 b.pdf >p1.txt
pdftext -f 3 -l 3 b.pdf >p3.txt
same p1.txt p3.txt
expect 2 $T ballots v.db -o b.pdf --copies 0
expect 2 $T minutes v.db -o m.doc
contains err "must end in .pdf or .txt"

# --- without the PDF module: a clear error, nothing written
expect 74 env TINNHIEM_MODULEDIR="$WORK/none" $T minutes v.db -o nomodule.pdf
contains err "PDF output is not available: tinnhiem-pdf.so not found ($WORK/none/tinnhiem-pdf.so)"
[ ! -e nomodule.pdf ] || fail "a PDF appeared without the module"
ok
expect 0 env TINNHIEM_MODULEDIR="$TN_BUILD_ROOT/src" $T minutes v.db -o withmodule.pdf

# --- output appears whole or not at all
expect 73 $T minutes v.db -o nodir/m.pdf
[ ! -e nodir ] || fail "a directory appeared"
ok
ls | grep -q '\.tmp\.' && fail "a temporary file was left"
ok

# the PDF module exports its entry point alone, not the copy of the core inside it
nm -D --defined-only "$TN_BUILD_ROOT/src/tinnhiem-pdf.so" | awk '{ print $3 }' >syms.txt
[ "$(cat syms.txt)" = tinnhiem_render_pdf ] || fail "the PDF module exports: $(cat syms.txt)"
ok
done_checks
