#!/bin/sh
# Vietnamese throughout: no word of the program's English vocabulary and no programmer notation
# in the catalogue's translations, nor in anything a Board sees under LANGUAGE=vi on its way
# through every command: each --help, the ordinary path, the mistakes and the refusals.
. "$(dirname "$0")/lib.sh"
export LANGUAGE=vi NO_COLOR=1

# The English words of the program's own vocabulary. Each is matched as a whole word, in any
# case, after the text the user literally types has been taken out (see allowed below). Words
# that are also Vietnamese syllables written without marks ("in", "to", "no", "an") are left
# out: "in" is to print.
english='ballots?|papers?|pass(es)?|serials?|void(ed)?|valid|invalid|seal(ed)?|tally|open|closed|yes|members?|entered|collected|convened|present|issued|recorded|records?|votes?|quorum|hash(es)?|chain|signed|signature|passphrase|bundle|definition|minutes|meeting|state|reasons?|grounds?|differences?|agree|high|medium|low|confidence|provisional|draft|errors?|warning|usage|expected|unknown|option|missing|files?|lines?|not|the|of|and|is|are|with|from|nothing|refused|cannot|must|wrote|created|verified|failed|band|base|denominator|rules|count|entry|board|ok|fail'

# What the user literally types, taken out of each line before it is searched, with the reason:
#   --pass, --over-collected, -o ...    options are typed as they are
#   tinnhiem void, "tally" ...          a command as it is typed
#   demo.db, ballots/demo.ini, FILE.key file names and paths, typed as they are
#   VOTE.db, FILE, PAPER, TEXT, PREFIX, HASH, FORMAT, COMMAND, OPTION, HH:MM: the placeholders
#     of usage lines, which stand for what the user types
#   # vote: 8721 f07c                   the first line of a batch file, typed as it is
#   tinnhiem-bundle(5)                  a manual page's name
#   [meeting], invalid_grounds ...      the sections and keys of a definition file, and a
#   "member = ...", "convened = 0"      line of it, quoted, as it is written there
#   (enter, meeting, void, close)       a list of commands
#   the list of commands in tinnhiem --help, whose first column is the command names
allowed() {
	sed -E \
		-e 's/\x1b\[[0-9;]*m//g' \
		-e 's/(^|[][ ("\x27|])--?[a-z][a-z-]*/\1/g' \
		-e 's/(tinnhiem |")(init|show|ballots|meeting|enter|void|reconcile|tally|keygen|close|minutes|export|verify)\b//g' \
		-e 's/^  (init|show|ballots|meeting|enter|void|reconcile|tally|keygen|close|minutes|export|verify) +//' \
		-e 's#[A-Za-z0-9_./-]*\.(db|ini|txt|pdf|key|pub|bundle|mo|po)\b##g' \
		-e 's#(^|[ ("])/[^ ]*#\1#g' \
		-e 's/\b(VOTE|FILE|PAPER|TEXT|PREFIX|HASH|FORMAT|COMMAND|OPTION|HH:MM)\b//g' \
		-e 's/# vote:/#/g' \
		-e 's/tinnhiem-[a-z]+\([0-9]\)//g' \
		-e 's/\[(vote|meeting|member|counting_board)\]//g' \
		-e 's/"[a-z_]+ = [^"]*"//g' \
		-e 's/\b(double_entry|invalid_grounds|invalid_scope|issuing_body|parent_body)\b//g' \
		-e 's/\((init|show|ballots|meeting|enter|void|reconcile|tally|keygen|close|minutes|export|verify)(, (init|show|ballots|meeting|enter|void|reconcile|tally|keygen|close|minutes|export|verify))*\)//g'
}

# scan FILE WHAT [catalogue]: no English word, no -1, no "(lý do 0)", no "N đến N" with equal
# numbers, no programmer notation (printf conversions, NULL, enum names, comparison operators).
# A line "@@ N" in FILE says that what follows is the output of the Nth command of commands.txt.
scan() {
	if [ "${3:-}" = catalogue ]; then
		# a translation holds the conversions that the program fills in
		allowed <"$1" |
			sed -E 's/%([0-9]+\$)?[-+ #0]*[0-9]*(\.[0-9]+)?(hh|h|ll|l|z|j)?[diouxXscf%]//g' >scan.txt
	else
		allowed <"$1" >scan.txt
	fi
	{
		grep -n -i -w -E "$english" scan.txt || true
		grep -n -E '(^|[^0-9-])-1([^0-9]|$)|lý do 0\)' scan.txt || true
		grep -n -E '(^|[^0-9])([0-9]+) đến ((phiếu )?số )?\2([^0-9]|$)' scan.txt || true
		grep -n -E '%[-0-9.]*(l?l?[dusx]|zu)|\(null\)|\bNULL\b|\bTN_[A-Z]|\b[a-z]+_[a-z_]+\b|[!<>=]=|\\n' \
			scan.txt || true
	} | sort -n -u >hits.txt
	[ -s hits.txt ] || {
		ok
		return 0
	}
	while IFS=: read -r n text; do
		c=$(awk -v n="$n" '/^@@ / { c = $2 } NR == n { print c; exit }' scan.txt)
		[ -n "$c" ] && c=$(sed -n "${c}p" "$WORK/commands.txt")
		printf '  %s: %s\n      (%s)\n' "$n" "$text" "${c:-$2}" >&2
	done <hits.txt
	fail "$2: English or programmer notation in Vietnamese output"
}

log=$WORK/seen.txt
: >"$log"
: >"$WORK/commands.txt"
# vi STATUS COMMAND...: runs it as expect does, and keeps everything it printed for the scan
vi() {
	expect "$@"
	shift
	logged "$*" out err
}

# logged WHAT FILE...: the files go to the scan, as the output of WHAT
logged() {
	printf '%s\n' "$1" >>"$WORK/commands.txt"
	printf '@@ %s\n' "$(wc -l <"$WORK/commands.txt")" >>"$log"
	shift
	cat "$@" >>"$log"
}

# --- every --help, the list of commands, and usage errors
for cmd in init show ballots meeting enter void reconcile tally keygen close minutes export verify \
	decide cosign journal scan; do
	vi 0 $T $cmd --help
	vi 2 $T $cmd --nosuch
	vi 2 $T $cmd
done
vi 0 $T --help
vi 2 $T
vi 2 $T nosuch
vi 2 $T tall

# --- definitions: a check, the template with its blanks, a bad line, an existing file
vi 0 $T init --check "$DEMO"
vi 65 $T init --check "$SRC/ballots/ninh-thuan-bch-khoa-vii.ini"
vi 65 $T init "$SRC/ballots/ninh-thuan-bch-khoa-vii.ini" nt.db
printf '[vote]\ntitle = x\nnonsense\n' >bad.ini
vi 65 $T init bad.ini bad.db
vi 66 $T init nosuch.ini x.db
sed 's/^convened = 35/convened = 0/' "$DEMO" >zero.ini
vi 65 $T init zero.ini zero.db
vi 0 $T init "$DEMO" v.db
vi 73 $T init "$DEMO" v.db
vi 0 $T show v.db
vi 66 $T show nosuch.db

# --- ballots to print
vi 0 $T ballots v.db -o phieu.pdf --copies 3
vi 73 $T ballots v.db -o phieu.pdf
vi 2 $T ballots v.db -o phieu2.pdf --copies 0

# --- the meeting: without facts the count cannot close; then the facts, bad ones refused
vi 0 $T tally v.db
vi 65 $T close v.db
vi 2 $T meeting v.db
vi 0 $T meeting v.db --present 20
vi 0 $T tally v.db
vi 0 $T meeting v.db --present 33 --issued 33
vi 65 $T close v.db
contains err "chưa niêm phong: chưa ghi số phiếu thu về (tinnhiem meeting --collected N)"
vi 65 $T meeting v.db --present 36
vi 65 $T meeting v.db --collected 34
vi 2 $T meeting v.db --started 25:00
contains err "tinnhiem: --started: \"25:00\" không phải giờ trong ngày"
vi 0 $T meeting v.db --collected 33 --started 14:05
vi 65 $T meeting v.db --ended 13:00
vi 2 $T meeting v.db --venue -
vi 0 $T meeting v.db --ended 16:40 --venue "Hội trường tầng 3"
vi 0 $T show v.db
# the seven facts' values stand in one column, whatever the letters of their labels
sed -n '/^Số liệu hội nghị:$/,/^Trạng thái/p' out |
	sed -E -e '1d' -e '$d' -e 's/([0-9]+|[0-9]{2}:[0-9]{2}|Hội trường tầng 3)$//' >labels.txt
[ "$(wc -l <labels.txt)" = 7 ] || fail "show: not seven meeting facts"
contains labels.txt "  nơi kiểm phiếu         "
while IFS= read -r label; do printf '%s\n' "$label" | wc -L; done <labels.txt | sort -u >widths.txt
[ "$(wc -l <widths.txt)" = 1 ] || fail "show: the meeting facts are not in one column: $(cat labels.txt)"
ok

# --- entry from a file: errors stop everything, then the batch, then it again past collected
printf '123123123\n12312312\n' >short.txt
vi 65 $T enter v.db --from short.txt
printf '123123123\nx 3\n' >ground3.txt
vi 65 $T enter v.db --from ground3.txt
printf '123123123\n12312312a\n' >letter.txt
vi 65 $T enter v.db --from letter.txt
vi 66 $T enter v.db --from nosuch.txt
vi 0 $T enter v.db --from "$SRC/ballots/demo-ballots.txt"
vi 65 $T enter v.db --from "$SRC/ballots/demo-ballots.txt"
vi 0 $T enter v.db --from "$SRC/ballots/demo-ballots.txt" --over-collected
vi 0 $T tally v.db
contains out "Quy tắc: qd96-2023; tỷ lệ tính trên tổng số phiếu thu về (33)"
vi 65 $T close v.db
vi 0 $T void v.db 34-66 --reason "tệp nhập hai lần"
vi 65 $T void v.db 40 --reason "x"
vi 65 $T void v.db 67 --reason "x"
vi 2 $T void v.db 5-3 --reason "x"
vi 2 $T void v.db 5
vi 0 $T void v.db 7 --reason "nhập nhầm hàng 3"
printf '7: 111111111\n' >again.txt
vi 0 $T enter v.db --from again.txt
vi 0 $T show v.db
contains out "Phiếu đã nhập (lượt 1, không bị hủy): 33 trên 33 phiếu thu về; bị hủy: 34"
lacks out "lượt 2"
# a vote without double entry has no pass 2: refused, nothing recorded
cp v.db before.db
vi 65 $T enter v.db --pass 2 --from again.txt
contains err "v.db: cuộc bỏ phiếu không có lượt 2: bản định nghĩa không yêu cầu nhập hai lần (\"double_entry = yes\")"
vi 65 $T void v.db 1 --pass 2 --reason "x"
contains err "không có lượt 2"
vi 65 $T reconcile v.db
contains err "không có lượt 2"
same v.db before.db
# another vote's batch file
printf '# vote: 0000 0000\n123123123\n' >other.txt
vi 65 $T enter v.db --from other.txt

# --- at the terminal: a slip, u twice, help, a paper typed again, past collected
$T init "$DEMO" t.db >/dev/null
$T meeting t.db --present 33 --issued 33 --collected 2 >/dev/null
printf '123123123\n1231\nx 3\nu\nu\n?\n1: 222222222\nx\n333333333\ncó\nx 1\nkhông\n' >keys.txt
at_terminal 0 keys.txt "không ghi phiếu này" "$T enter t.db"
logged "enter at the terminal" out
contains out "phiếu số 3"

# --- tally in each format; close refused, then sealed; what a closed vote refuses
vi 0 $T tally v.db
# csv and json are for programs: their keys and values stay as docs/formats.md gives them
expect 0 $T tally v.db --format csv
expect 0 $T tally v.db --format json
vi 2 $T tally v.db --format xml
vi 65 $T export v.db -o open.bundle
contains err "v.db: cuộc bỏ phiếu chưa niêm phong (tinnhiem close)"
vi 0 $T minutes v.db -o draft.txt
logged draft.txt draft.txt
passfile
printf 'ngan\n' >short-pass.txt
vi 2 $T keygen -o k --passphrase-file short-pass.txt
vi 0 $T keygen -o k --passphrase-file pass.txt
vi 73 $T keygen -o k --passphrase-file pass.txt
printf 'sai mat khau roi\n' >wrong.txt
vi 65 $T close v.db --key k.key --passphrase-file wrong.txt
vi 66 $T close v.db --key nosuch.key --passphrase-file pass.txt
vi 2 $T keygen -o k2 </dev/null
vi 0 $T close v.db --key k.key --passphrase-file pass.txt
vi 65 $T close v.db
contains err "v.db: cuộc bỏ phiếu đã niêm phong; không thêm được gì nữa"
lacks err "chưa niêm phong"
vi 65 $T enter v.db --from again.txt
vi 65 $T meeting v.db --present 30
vi 65 $T void v.db 1 --reason "x"
vi 0 $T show v.db
vi 0 $T tally v.db
vi 0 $T minutes v.db -o final.txt
logged final.txt final.txt
vi 0 $T minutes v.db -o final.pdf
vi 0 $T minutes v.db -o slides.pdf --slides
vi 73 $T minutes v.db -o final.pdf
vi 2 $T minutes v.db -o slides.txt --slides
vi 2 $T minutes v.db -o final.doc

# --- the observers: export, verify a file and a bundle, right and wrong
vi 0 $T export v.db -o v.bundle
vi 0 $T verify v.db
vi 0 $T verify v.bundle --pubkey k.pub
hash=$($T tally v.db | sed -n 's/.*mã băm kết quả //p')
vi 0 $T verify v.bundle --expect "$hash"
vi 2 $T verify v.bundle --expect "0000 1111"
vi 1 $T verify v.bundle --expect "$(echo "$hash" | tr 0-9a-f 1-9a-f0)"
vi 2 $T verify v.bundle
vi 0 $T verify v.bundle --no-authenticity
$T keygen -o other --passphrase-file pass.txt 2>/dev/null >/dev/null
vi 1 $T verify v.bundle --pubkey other.pub
vi 0 $T verify - --pubkey k.pub <v.bundle
sed 's/Nguyễn Văn An/Nguyễn Văn Ân/' v.bundle >forged.bundle
vi 1 $T verify forged.bundle --no-authenticity
printf 'not a bundle\n' >junk.bundle
vi 65 $T verify junk.bundle --no-authenticity

# --- double entry: a difference, the only-in-one-pass case, a correction, a clean reconcile
sed 's/^double_entry = no/double_entry = yes/' "$DEMO" >double.ini
$T init double.ini d.db >/dev/null
$T meeting d.db --present 33 --issued 33 --collected 33 >/dev/null
vi 0 $T enter d.db --from "$SRC/ballots/demo-ballots.txt"
grep -v '^#' "$SRC/ballots/demo-ballots.txt" | sed -e '5s/.*/333333333/' -e '$d' >pass2.txt
vi 0 $T enter d.db --pass 2 --from pass2.txt
vi 1 $T reconcile d.db
vi 65 $T close d.db
vi 0 $T void d.db 5 --pass 2 --reason "nhập sai"
grep -v '^#' "$SRC/ballots/demo-ballots.txt" | sed -n -e '5s/^/5: /p' -e '$s/^/33: /p' >fix.txt
vi 0 $T enter d.db --pass 2 --from fix.txt
contains out "đã ghi 2 phiếu vào lượt 2: các phiếu số 5,33"
vi 0 $T reconcile d.db
vi 0 $T show d.db
contains out "Phiếu đã nhập (lượt 2, không bị hủy): 33; bị hủy: 1"
contains out "nhập hai lượt: có"
vi 0 $T close d.db

# --- the second pass at the terminal: the paper it expects, a difference, a correction
$T init double.ini e.db >/dev/null
$T meeting e.db --present 33 --issued 33 --collected 3 >/dev/null
printf '111111111\n222222222\n333333333\n' | $T enter e.db >/dev/null
printf '111111111\n222222223\nu\n2: 222222222\n?\n1: 111111111\n333333333\n' >keys2.txt
at_terminal 0 keys2.txt "ĐÃ LƯU phiếu số 3" "$T enter e.db --pass 2"
logged "enter --pass 2 at the terminal" out
contains out "[lượt 2] phiếu số 2"
contains out "KHÁC NHAU ở phiếu số 2"
vi 0 $T reconcile e.db

scan "$log" "the commands"

# --- every translation the catalogue holds
msgexec -i "$SRC/src/po/vi.po" 0 | tr '\0' '\n' >catalogue.txt
scan catalogue.txt "src/po/vi.po" catalogue

# the refusing twins: the scan finds an English word, a -1, an equal range and a raw name
for leak in "tỷ lệ tính trên collected = 33" "phát ra -1" "số thứ tự 33 đến 33" \
	"từ phiếu số 5 đến phiếu số 5" "đã ghi 1 ballots" "(lý do 0)" "%s chưa ghi" "rules_base_name"; do
	printf '%s\n' "$leak" >leak.txt
	(scan leak.txt leak) 2>/dev/null && fail "the scan misses: $leak"
	ok
done
done_checks
