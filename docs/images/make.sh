#!/bin/sh
# Renders the user guide's illustrations: sh docs/images/make.sh (runs the demo first, for the
# build and its key; needs poppler-utils). The vote is the size of the Ninh Thuận one (nine
# members, a counting board of five, three bases) with the demo's fictitious names, closed and
# signed: every page of its minutes, its ballot, a page of its slides, the zero report made
# before its first ballot, and the first and last pages of its entry journal; and two doubtful
# rows of scanned ballots, as scan shows them to a person (marked by tests/scan/gen.c).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
sh "$top/tests/demo.sh" >/dev/null
T=$top/build/src/tinnhiem
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e '/^member = Vũ Thị Lan/a member = Lâm Quang Tuấn | Ủy viên\nmember = Mai Thị Hồng Nhung | Ủy viên' \
	-e '/^basis .*sơ kết giữa nhiệm kỳ$/i basis        = Kế hoạch số 205-KH/TU ngày 10/4/2023 của Ban Thường vụ Tỉnh ủy về tổ chức sơ kết đánh giá giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV, nhiệm kỳ 2020-2025' \
	"$top/ballots/demo.ini" >"$work/vote.ini"
cd "$work"
$T init vote.ini vote.db >/dev/null
$T minutes vote.db --zero -o so-khong.pdf >/dev/null
$T meeting vote.db --present 33 --issued 33 --collected 33 --started 08:05 --venue "Hội trường Đảng ủy Khối" >/dev/null
$T enter vote.db --from "$top/ballots/demo-ballots.txt" >/dev/null
$T meeting vote.db --ended 10:40 >/dev/null
$T close vote.db --key "$top/demo/ban-kiem-phieu.key" --passphrase-file "$top/demo/pass.txt" >/dev/null
$T minutes vote.db -o bien-ban.pdf >/dev/null
$T minutes vote.db -o ket-qua.pdf --slides >/dev/null
$T ballots vote.db -o phieu.pdf >/dev/null
$T journal vote.db -o nhat-ky.pdf >/dev/null

cd "$top/docs/images"
rm -f ./*.png
pages=$(pdfinfo "$work/bien-ban.pdf" | sed -n 's/^Pages: *//p')
p=1
while [ "$p" -le "$pages" ]; do
	pdftoppm -r 70 -png -singlefile -f "$p" -l "$p" "$work/bien-ban.pdf" "bien-ban-trang-$p"
	p=$((p + 1))
done
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$work/phieu.pdf" phieu-tin-nhiem
pdftoppm -r 60 -png -singlefile -f 4 -l 4 "$work/ket-qua.pdf" trinh-chieu
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$work/so-khong.pdf" bien-ban-so-khong
pages=$(pdfinfo "$work/nhat-ky.pdf" | sed -n 's/^Pages: *//p')
pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$work/nhat-ky.pdf" nhat-ky-trang-1
pdftoppm -r 70 -png -singlefile -f "$pages" -l "$pages" "$work/nhat-ky.pdf" nhat-ky-trang-cuoi
mkdir "$work/scan"
cd "$work/scan"
$T init "$top/ballots/demo.ini" v.db >/dev/null
$T ballots v.db -o phieu.pdf >/dev/null
"$top/build/tests/scan_gen" v.db phieu.pdf 2023 0 3 .
yes 0 | $T scan v.db $(cat files-000000.txt) >/dev/null
cp s-000000-0.pdf.ballot-1.row-1.png "$top/docs/images/dong-nghi-van-1.png"
cp s-000000-0.pdf.ballot-3.row-5.png "$top/docs/images/dong-nghi-van-2.png"
cd "$top/docs/images"
ls -1 ./*.png
