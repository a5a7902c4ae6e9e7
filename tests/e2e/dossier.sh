#!/bin/sh
# The counting board's dossier: papers held as doubtful and decided by the board, and every
# member of the board signing the seal.
. "$(dirname "$0")/lib.sh"
passfile

# --- two papers held, the seal refused, both decided, the seal accepted
demo_vote v.db
sed -e '5s/.*/!/' -e '9s/.*/17: !/' "$SRC/ballots/demo-ballots.txt" >held.txt
grep -q '^!$' held.txt || fail "held.txt holds no held paper"
ok
# a paper number on a new paper of pass 1 is refused as any is: "7: !" names paper 7 only
# after 6 papers, so the batch above holds "17: !" on line 9, a paper that does not exist yet
expect 65 $T enter v.db --from held.txt
contains err "held.txt:9: there is no paper 17 in pass 1 to enter again"
sed -e '5s/.*/!/' -e '9s/.*/ ! /' "$SRC/ballots/demo-ballots.txt" >held.txt
expect 0 $T enter v.db --from held.txt
contains out "recorded 33 ballots in pass 1: papers 1 to 33"
# held papers count nowhere: 31 ballots in the tally, and the seal is refused; show counts
# the papers typed, as entry does against those collected, and says how many wait
expect 0 $T tally v.db
contains out "ballots entered: 31"
contains out "held, not decided yet: 2 (counted once decided: tinnhiem decide)"
expect 0 $T show v.db
contains out "Ballots entered (pass 1, not void): 33 of 33 collected; held, not decided yet: 2; void: 0"
cp v.db v.before
expect 65 $T close v.db
contains err "not closed: held ballots not decided yet: 2 (tinnhiem decide)"
same v.db v.before

# the refusals of decide, each changing nothing
expect 65 $T decide v.db 4 "1 1 1 1 1 1 1 1 1" --reason "không phải phiếu để riêng"
contains err "paper 4 was not held: it was entered as 121222313"
expect 65 $T decide v.db 99 "1 1 1 1 1 1 1 1 1" --reason "không có"
contains err "there is no paper 99 in pass 1 (or it is void)"
expect 65 $T decide v.db 3 "1 1 1" --reason "thiếu dấu"
contains err "reading: 3 marks, expected 9 (one per member)"
expect 65 $T decide v.db 3 "!" --reason "vẫn chưa rõ"
contains err "is not a reading of a ballot"
expect 65 $T decide v.db 3 "?" --reason "trợ giúp"
contains err "reading: \"?\" is not a reading of a ballot"
expect 65 $T decide v.db 3 " u " --reason "hủy"
contains err "reading: \" u \" is not a reading of a ballot"
expect 65 $T decide v.db 3 "x 3" --reason "ghi thêm tên"
contains err "x 3: "
expect 65 $T decide v.db 3 "1 1 1 1 1 1 1 1 1" --reason " "
contains err "the reason must be 1 to 500 bytes of text"
expect 2 $T decide v.db 3 "1 1 1 1 1 1 1 1 1"
contains err "--reason TEXT is required"
expect 2 $T decide v.db 3-4 "1 1 1 1 1 1 1 1 1" --reason "hai phiếu"
contains err "not a paper number: \"3-4\""
same v.db v.before

expect 0 $T decide v.db 3 "1 2 3 1 1 2 1 1 3" --reason "dấu ở hàng 3 nằm trong ô tín nhiệm thấp"
contains out "paper 3: decided by the board as 123112113 (valid)"
expect 65 $T decide v.db 3 "1 1 1 1 1 1 1 1 1" --reason "lần hai"
contains err "paper 3 is decided already"
expect 65 $T close v.db
contains err "held ballots not decided yet: 1"
expect 0 $T decide v.db 7 "x 2" --reason "gạch tên đồng chí ở hàng 5"
contains out "paper 7: decided by the board as x2 (invalid)"
expect 0 $T tally v.db
contains out "ballots entered: 33"
lacks out "held" # the twin: all decided
expect 0 $T show v.db
contains out "Ballots entered (pass 1, not void): 33 of 33 collected; void: 0"

# a held paper voided waits no more: the tally no longer names it, and it is counted as void
demo_vote h.db
printf '!\n111111111\n' | $T enter h.db --from - >/dev/null
expect 0 $T tally h.db
contains out "held, not decided yet: 1"
$T void h.db 1 --reason "nhập nhầm" >/dev/null
expect 0 $T tally h.db
lacks out "held"
expect 0 $T show h.db
contains out "Ballots entered (pass 1, not void): 1 of 33 collected; void: 1"

# --- three members of the board sign: two at close, the third with cosign
for k in a b c stranger; do
	$T keygen -o $k --passphrase-file pass.txt >/dev/null 2>&1
done
expect 2 $T close v.db --key a.key --key b.key --passphrase-file pass.txt
contains err "2 keys but 1 passphrase files"
cp v.db v.decided
# cosign on an open vote, or for a member the board lacks, is refused before a passphrase
# is asked: without a terminal or a passphrase file, it says why, not that it cannot ask
expect 65 $T cosign v.db --member 3 --key c.key </dev/null
contains err "v.db: the vote is not closed yet (tinnhiem close)"
expect 65 $T cosign v.db --member 3 --key c.key --passphrase-file pass.txt
contains err "v.db: the vote is not closed yet (tinnhiem close)"
same v.db v.decided
expect 2 $T close v.db --key a.key --key b.key --key c.key --key stranger.key \
	--passphrase-file pass.txt --passphrase-file pass.txt --passphrase-file pass.txt \
	--passphrase-file pass.txt
contains err "4 keys, but the board has 3 members"
same v.db v.decided
expect 0 $T close v.db --key a.key --key b.key --passphrase-file pass.txt --passphrase-file pass.txt
contains out "signed for 1. Phan Thị Hòa (Trưởng ban) with key $(cut -d' ' -f3 a.pub | sed 's/..../& /g; s/ $//')"
contains out "signed for 2. Đỗ Minh Khôi (Ủy viên) with key"
# only signatures after the seal
expect 65 $T decide v.db 3 "1 1 1 1 1 1 1 1 1" --reason "sau niêm phong"
contains err "the vote is closed"
# verify with all three keys: member 3 has not signed yet, so the third key is refused
expect 1 $T verify v.db --pubkey a.pub --pubkey b.pub --pubkey c.pub
contains err "c.pub: key $(cut -d' ' -f3 c.pub | sed 's/..../& /g; s/ $//') has not signed this seal"
cp v.db v.sealed
expect 65 $T cosign v.db --member 2 --key c.key --passphrase-file pass.txt
contains err "board member 2 (Đỗ Minh Khôi) has signed already"
expect 65 $T cosign v.db --member 3 --key a.key --passphrase-file pass.txt
contains err "this key has signed already, for board member 1 (Phan Thị Hòa)"
expect 2 $T cosign v.db --key c.key --passphrase-file pass.txt
contains err "--member N is required"
expect 2 $T cosign v.db --member 101 --key c.key --passphrase-file pass.txt
expect 65 $T cosign v.db --member 4 --key c.key </dev/null
contains err "the board has 3 members; there is no member 4"
same v.db v.sealed
expect 0 $T cosign v.db --member 3 --key c.key --passphrase-file pass.txt
contains out "signed for 3. Vũ Thị Lan (Ủy viên) with key $(cut -d' ' -f3 c.pub | sed 's/..../& /g; s/ $//')"
# the same member cannot sign again, nor can anything else follow
expect 65 $T cosign v.db --member 3 --key c.key --passphrase-file pass.txt
contains err "board member 3 (Vũ Thị Lan) has signed already"

# verify with all three keys, with two (the third is named as not given), with a stranger's
expect 0 $T verify v.db --pubkey a.pub --pubkey b.pub --pubkey c.pub
contains out "signatures: 3 of the 3 members of the board"
contains out "held ballots decided by the board: 2"
expect 0 $T export v.db -o v.bundle
for pub in "a.pub b.pub c.pub" "a.pub b.pub"; do
	set -- $pub
	args=""
	for p in "$@"; do args="$args --pubkey $p"; done
	expect 0 $T verify v.bundle $args
	contains out "1. Phan Thị Hòa (Trưởng ban): good, key $(cut -d' ' -f3 a.pub | sed 's/..../& /g; s/ $//') (a given public key)"
done
contains out "3. Vũ Thị Lan (Ủy viên): good, key $(cut -d' ' -f3 c.pub | sed 's/..../& /g; s/ $//') (not among the public keys given)"
expect 1 $T verify v.bundle --pubkey a.pub --pubkey stranger.pub
contains err "stranger.pub: key $(cut -d' ' -f3 stranger.pub | sed 's/..../& /g; s/ $//') has not signed this seal"
expect 0 python3 "$SRC/docs/examples/verify-bundle.py" v.bundle a.pub b.pub c.pub
contains out "signature of board member 3: good"
expect 1 python3 "$SRC/docs/examples/verify-bundle.py" v.bundle a.pub stranger.pub
contains err "the seal is not signed by the given key"

# the bundle holds the held records as they were, and the decisions after them
contains v.bundle "$(printf 'ballot\t1\t3\t?\theld\t')"
contains v.bundle "$(printf 'decision\t3\t123112113\tvalid\tdấu ở hàng 3 nằm trong ô tín nhiệm thấp\t')"
contains v.bundle "$(printf 'decision\t7\tx2\tinvalid:2\tgạch tên đồng chí ở hàng 5\t')"
# a bundle whose held ballot has no decision is refused by both verifiers (forged: the
# decision left out, the chain and the tally hash recomputed, the counts of the tally as the
# records give them)
grep -v '^decision	7	' v.bundle | sed 's/^ballots	33	30	3	0$/ballots	32	30	2	0/;
	s/^reasons	0	1	1	0	1$/reasons	0	1	0	0	1/;
	s/^\(member	[0-9]	[0-9]*	[0-9]*	[0-9]*\)	3	/\1	2	/' >f.bundle
python3 "$SRC/tests/forge.py" f.bundle f.bundle
expect 1 $T verify f.bundle --no-authenticity
contains err "seal: the vote could not have been closed: held ballots not decided yet: 1"
expect 1 python3 "$SRC/docs/examples/verify-bundle.py" f.bundle
contains err "held ballots not decided yet: 1"

# the minutes state the decisions, and each member's key id under their name
expect 0 $T minutes v.db -o bb.txt
tr '\n' ' ' <bb.txt | tr -s ' ' >flat.txt
contains flat.txt "Số phiếu chưa rõ khi kiểm, do Ban kiểm phiếu xem xét và quyết định: 2 phiếu"
contains flat.txt "- Phiếu số 3: 123112113. Lý do: dấu ở hàng 3 nằm trong ô tín nhiệm thấp."
contains flat.txt "- Phiếu số 7: không hợp lệ (phiếu gạch xóa họ tên người được in trên phiếu). Lý do: gạch tên đồng chí ở hàng 5."
for k in a b c; do
	contains bb.txt "Mã khóa ký: $(cut -d' ' -f3 $k.pub | sed 's/..../& /g; s/ $//')"
done

# --- held papers and double entry: a held paper reads "?" in both passes; the board's
# decision is not compared with pass 2
cat >de.ini <<'INI'
[vote]
title = Nhập hai lượt
parent_body = ĐẢNG BỘ TỈNH MẪU
issuing_body = ĐẢNG ỦY KHỐI MẪU
place = Thành phố Mẫu
date = 2024-02-29
double_entry = yes
[meeting]
convened = 3
present = 3
issued = 3
collected = 3
[counting_board]
member = Phan Thị Hòa | Trưởng ban
[member]
name = Nguyễn Văn An
position = Bí thư
INI
$T init de.ini e.db >/dev/null
printf '1\n!\n3\n' | $T enter e.db --from - >/dev/null
printf '1\n2\n3\n' | $T enter e.db --pass 2 --from - >/dev/null
expect 0 $T decide e.db 2 "2" --reason "dấu ở ô tín nhiệm"
expect 65 $T close e.db
contains err "double entry: 1 difference between the passes"
expect 1 $T reconcile e.db
contains out "paper 2: pass 1 read ?, pass 2 read 2"
$T void e.db 2 --pass 2 --reason "giấy này để riêng" >/dev/null
printf '2: !\n' | $T enter e.db --pass 2 --from - >/dev/null
expect 0 $T close e.db
# a held paper voided takes its decision with it; the paper typed again counts instead
$T init de.ini f.db >/dev/null
printf '1\n!\n3\n' | $T enter f.db --from - >/dev/null
expect 0 $T decide f.db 2 "2" --reason "dấu ở ô tín nhiệm"
expect 0 $T void f.db 2 --reason "nhập nhầm phiếu"
expect 65 $T decide f.db 2 "3" --reason "lại"
contains err "there is no paper 2 in pass 1 (or it is void)"
printf '2: 3\n' | $T enter f.db --from - >/dev/null
expect 0 $T tally f.db
contains out "ballots entered: 3"

# --- the zero report: before the first ballot, every member at zero and the definition hash
$T init "$DEMO" z.db >/dev/null
def=$($T show z.db | sed -n 's/^definition hash: //p')
[ -n "$def" ] || def=$(sed -n 's/.*definition hash \(.*\)$/\1/p' out)
expect 0 $T tally z.db
contains out "BIÊN BẢN KIỂM TRA TRƯỚC KHI NHẬP PHIẾU"
contains out "kết quả của từng người đều bằng 0"
contains out "$(cd "$WORK" && $T show z.db | grep -o '[0-9a-f]\{4\}\( [0-9a-f]\{4\}\)\{15\}' | head -n 1)"
contains out " 9  Bùi Văn Khánh                 0     0      0     -      0     -      0     -"
contains out "T/M BAN KIỂM PHIẾU"
expect 0 $T tally z.db --format csv
lacks out "BIÊN BẢN"
expect 0 $T minutes z.db --zero -o zero.pdf
pdfinfo zero.pdf | grep -q '^Pages: *1$' || fail "the zero report is not one page"
ok
pdftotext -layout zero.pdf zero.txt
contains zero.txt "BIÊN BẢN KIỂM TRA TRƯỚC KHI NHẬP PHIẾU"
lacks zero.txt "DỰ THẢO"
expect 2 $T minutes z.db --zero --slides -o zero2.pdf
contains err "--slides and --zero: one document at a time"
# the refusing twin: once a ballot is in, no zero report, and the tally is the usual one
$T meeting z.db --present 33 --issued 33 --collected 33 >/dev/null
printf '1 1 1 1 1 1 1 1 1\n' | $T enter z.db --from - >/dev/null
expect 65 $T minutes z.db --zero -o zero3.pdf
contains err "a zero report is made before the first ballot, and this vote holds 1 ballots already"
[ ! -e zero3.pdf ] || fail "a zero report was written for a vote with a ballot"
ok
expect 0 $T tally z.db
lacks out "BIÊN BẢN KIỂM TRA"
contains out "ballots entered: 1"

# --- the entry journal: every record, the chain head every 20 and after the last, as verify
# and the bundle have them; DỰ THẢO until sealed; nothing about operators or times of entry
expect 0 $T journal z.db -o nk-open.pdf
contains out "(DRAFT: the vote is not closed)"
pdftotext -layout nk-open.pdf nk-open.txt
contains nk-open.txt "DỰ THẢO"
contains nk-open.txt "NHẬT KÝ NHẬP PHIẾU"
expect 0 $T journal v.db -o nk.txt
lacks out "DRAFT"
tr '\n' ' ' <nk.txt | tr -s ' ' >nk-flat.txt
contains nk-flat.txt "Phiếu 1 3 ? (để riêng, chờ Ban kiểm phiếu quyết định)"
contains nk-flat.txt "Quyết định 1 3 Ban kiểm phiếu đọc là 12311 2113 (hợp lệ). Lý do: dấu ở hàng 3 nằm trong ô tín nhiệm thấp"
contains nk-flat.txt "Số liệu có mặt 33; phiếu phát ra 33; phiếu thu về 33"
# the chain heads: after record 20 and after the last, those of the bundle and of verify
expect 0 $T verify v.db
last=$(sed -n 's/^records: \([0-9]*\), chain head \(.*\): all match$/\1 \2/p' out)
n=${last%% *}
contains nk-flat.txt "Mã băm chuỗi sau bản ghi $n: ${last#* }"
h20=$(grep -v '^[a-z_-]*	[^	]*$' v.bundle | sed -n '/^meeting	/,$p' | sed -n 20p | sed 's/.*	//')
[ ${#h20} = 64 ] || fail "no chain head 20 in the bundle: $h20"
ok
contains nk-flat.txt "Mã băm chuỗi sau bản ghi 20: $(echo "$h20" | sed 's/..../& /g; s/ $//')"
[ "$n" = 39 ] || fail "v.db holds $n records, not 39"
ok
lacks nk-flat.txt "Mã băm chuỗi sau bản ghi 40: "
# the journal of a sealed vote as a PDF: not a draft, its pages numbered
expect 0 $T journal v.db -o nk.pdf
pdftotext -layout nk.pdf nk-pdf.txt
lacks nk-pdf.txt "DỰ THẢO"
contains nk-pdf.txt "Mã khóa ký: $(cut -d' ' -f3 c.pub | sed 's/..../& /g; s/ $//')"
expect 73 $T journal v.db -o nk.pdf
contains err "already exists"
expect 2 $T journal v.db -o nk.doc
contains err "the output must end in .pdf or .txt"
done_checks
