#!/bin/sh
# Scanning: 31 ballots printed, marked and scanned as pass 2 against a typed pass 1 with one
# slip, which reconcile reports alone; doubtful rows decided at the prompt; sheets refused.
. "$(dirname "$0")/lib.sh"
GEN=${TN_SCAN_GEN:?the sheet generator}
# hundreds of sheets through poppler and zbar under memcheck would take an hour
[ -z "${TN_VALGRIND:-}" ] || exit 77

demo_double v.db
expect 0 $T ballots v.db -o phieu.pdf --copies 31
contains out "(copies of the ballot: 31)"
# what the voters marked, one line a ballot (fixed, varied); pass 1 types it with one slip
awk 'BEGIN { s = 7; for (b = 1; b <= 31; b++) { l = ""; for (m = 0; m < 9; m++) {
	s = (s * 1103515245 + 12345) % 2147483648; l = l int(s / 65536) % 4 } print l } }' >marks.txt
awk 'NR == 17 { $0 = substr($0, 1, 4) (substr($0, 5, 1) == "1" ? "2" : "1") substr($0, 6) } 1' \
	marks.txt >pass1.txt
[ "$(cmp marks.txt pass1.txt | grep -c 'line 17')" = 1 ] || fail "the slip is not on line 17"
expect 0 $T enter v.db --from pass1.txt
mkdir stack
"$GEN" v.db phieu.pdf 31 0 31 stack --plain marks.txt || fail "the generator failed"
[ "$(wc -l <stack/files-000000.txt)" = 1 ] || fail "one PDF expected"
mv "$(cat stack/files-000000.txt)" stack.pdf
# --dry-run reads and records nothing
cp v.db before.db
expect 0 $T scan v.db --pass 2 --dry-run stack.pdf
contains out "31 ballots read, 0 with rows for a person; nothing recorded"
contains out "ballot 17 (stack.pdf, page 17): $(sed -n 17p marks.txt)"
same v.db before.db
# a vote without double entry has no pass 2 to scan into
demo_vote single.db
cp single.db single-before.db
expect 65 $T scan single.db --pass 2 stack.pdf
contains err "single.db: the vote has no pass 2: its definition does not ask for double entry"
same single.db single-before.db
expect 0 $T scan v.db --pass 2 stack.pdf
contains out "recorded 31 ballots in pass 2: papers 1 to 31"
contains out "1 of them differ from pass 1"
expect 1 $T reconcile v.db
contains out "paper 17: pass 1 read"
[ "$(grep -c '^paper ' out)" = 1 ] || fail "reconcile reports more than the slip: $(cat out)"
expect 0 $T verify v.db

# --- refused: a sheet of another vote, an image with no marks, a file that is no image;
# nothing recorded
sed 's/^title *=.*/title = Another vote/' "$DEMO" >other.ini
$T init other.ini other.db >/dev/null
$T ballots other.db -o other.pdf >/dev/null
mkdir o
"$GEN" other.db other.pdf 5 0 1 o --plain marks.txt || fail "the generator failed"
cp v.db before.db
expect 65 $T scan v.db --pass 2 stack.pdf "$(cat o/files-000000.txt)"
contains err "o/s-000000-0.pdf, page 1: a ballot of the vote whose definition hash begins"
same v.db before.db
printf 'not an image\n' >note.txt
expect 65 $T scan v.db note.txt
contains err "note.txt: not a PDF, PNG, JPEG or TIFF file"
expect 66 $T scan v.db missing.pdf
mkdir adir
expect 66 $T scan v.db adir --dry-run
contains err "adir: Is a directory"
expect 65 $T scan v.db phieu.pdf
expect 2 $T scan v.db
same v.db before.db

# --- a sheet whose QR code is gone is refused with its page: nothing tells which vote it is
mkdir nq
"$GEN" v.db phieu.pdf 9 0 2 nq --plain marks.txt --no-qr || fail "the generator failed"
cp v.db before.db
expect 65 $T scan v.db --pass 2 "$(cat nq/files-000000.txt)"
contains err "nq/s-000000-0.pdf, page 1: no QR code where the ballot has one"
same v.db before.db

# --- a ballot of two pages (30 members): two sheets a ballot, put together in order; read
# as pass 2 against the same marks typed, it agrees; pages out of order, or a stack that stops
# in the middle of a ballot, are refused
{
	sed -n '/^\[member\]/q;s/^double_entry = no$/double_entry = yes/;p' "$DEMO"
	for f in Nguyễn Trần Lê Phạm Hoàng Võ; do
		for g in An Bình Cường Dung Giang; do
			printf '[member]\nname = %s Văn %s\nposition = Ủy viên Ban Thường vụ\n' "$f" "$g"
		done
	done
} >big.ini
expect 0 $T init big.ini big.db
expect 0 $T meeting big.db --present 6 --issued 6 --collected 6
expect 0 $T ballots big.db -o big.pdf
[ "$(pdfinfo big.pdf | awk '/^Pages:/ { print $2 }')" = 2 ] || fail "the ballot of 30 is not two pages"
awk 'BEGIN { s = 11; for (b = 1; b <= 6; b++) { l = ""; for (m = 0; m < 30; m++) {
	s = (s * 1103515245 + 12345) % 2147483648; l = l int(s / 65536) % 4 } print l } }' >big.txt
expect 0 $T enter big.db --from big.txt
mkdir bs
"$GEN" big.db big.pdf 3 0 6 bs --plain big.txt || fail "the generator failed"
mv "$(cat bs/files-000000.txt)" big-stack.pdf
[ "$(pdfinfo big-stack.pdf | awk '/^Pages:/ { print $2 }')" = 12 ] || fail "not 12 sheets"
expect 0 $T scan big.db --pass 2 --dry-run big-stack.pdf
contains out "6 ballots read, 0 with rows for a person; nothing recorded"
contains out "ballot 4 (big-stack.pdf, page 7): $(sed -n 4p big.txt)"
contains out "ballot 6 (big-stack.pdf, page 11): $(sed -n 6p big.txt)"
pdfseparate -f 1 -l 2 big-stack.pdf sheet-%d.pdf || fail "pdfseparate failed"
cp big.db before.db
expect 65 $T scan big.db --pass 2 sheet-2.pdf sheet-1.pdf
contains err "sheet-2.pdf, page 1: page 2 of a ballot where page 1 was expected"
expect 65 $T scan big.db --pass 2 sheet-1.pdf sheet-1.pdf
contains err "sheet-1.pdf, page 1: page 1 of a ballot where page 2 was expected"
expect 65 $T scan big.db --pass 2 big-stack.pdf sheet-1.pdf
contains err "sheet-1.pdf, page 1: the stack ends before the ballot's last page"
same big.db before.db
expect 0 $T scan big.db --pass 2 big-stack.pdf
contains out "recorded 6 ballots in pass 2: papers 1 to 6"
expect 0 $T reconcile big.db

# --- doubtful rows go to a person: decided at the prompt (here from standard input)
$T init "$WORK/demo-double.ini" d.db >/dev/null
mkdir d
"$GEN" d.db phieu.pdf 2023 0 12 d || fail "the generator failed"
expect 0 $T scan d.db --dry-run $(cat d/files-000000.txt)
contains out "with rows for a person; nothing recorded"
contains out "doubtful: "
rows=$(grep -c ' doubtful: ' out)
yes 0 | head -n "$rows" >answers.txt
cp d.db before.db
expect 65 $T scan d.db $(cat d/files-000000.txt) </dev/null
contains err "was not decided: nothing recorded"
same d.db before.db
[ -z "$(ls d/*.png 2>/dev/null)" ] || fail "pictures left behind by a scan that recorded nothing"
expect 0 $T scan d.db $(cat d/files-000000.txt) <answers.txt
contains out "row "
contains out "picture: "
contains out "recorded 12 ballots in pass 1"
[ -f "$(ls d/*.row-*.png | head -1)" ] || fail "no picture of a doubtful row"
# the pictures are not replaced without --force
expect 73 $T scan d.db $(cat d/files-000000.txt) <answers.txt
expect 0 $T verify d.db
# the scanning module exports its entry point alone, as the PDF module does
nm -D --defined-only "$TN_BUILD_ROOT/src/tinnhiem-scan.so" | awk '{ print $3 }' >syms.txt
[ "$(cat syms.txt)" = tinnhiem_scan_read ] || fail "the scanning module exports: $(cat syms.txt)"
ok
done_checks
