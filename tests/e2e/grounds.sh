#!/bin/sh
# The grounds of an invalid ballot are QĐ 96's own (Điều 6 khoản 3): not issued by the board,
# a printed name struck out, a row with no box or two or three boxes marked. A signature never
# makes a ballot invalid (khoản 2). QĐ 262's "name or other text added" only where the
# definition says so; files of earlier versions that recorded it still verify.
. "$(dirname "$0")/lib.sh"

# --- the help names exactly QĐ 96's grounds, and says a signature is no ground
expect 0 $T enter --help
contains out "1 not issued by the counting board, 2 a printed name struck out, 4 a row"
contains out "A signature never makes a ballot invalid"
contains out "3 (a name or other text added)"
contains out "was a ground of QĐ 262 only"
lacks out "3 a name or text added,"
expect 0 env LANGUAGE=vi $T enter --help
tr '\n' ' ' <out | tr -s ' ' >flat.txt
contains flat.txt "Chữ ký không bao giờ làm phiếu không hợp lệ"

# --- under qd96-2023: x, x 1, x 2, x 4 are taken; x 3 is refused and nothing is recorded
demo_vote v.db
printf 'x\nx 1\nx 2\nx 4\n' >ok.txt
expect 0 $T enter v.db --from ok.txt
contains out "recorded 4 ballots"
printf '123123123\nx 3\n' >three.txt
expect 65 $T enter v.db --from three.txt
contains err "three.txt:2: x 3: \"a name or other text added (QĐ 262)\" is not a ground"
expect 0 $T show v.db
contains out "Ballots entered (pass 1, not void): 4 of 33"
for bad in "x 0" "x 5" "x 12" "x3 1"; do
	printf '%s\n' "$bad" >bad.txt
	expect 65 $T enter v.db --from bad.txt
done
# each ground in the minutes in the regulation's words
$T minutes v.db -o m.txt >/dev/null
tr '\n' ' ' <m.txt | tr -s ' ' >flat.txt
contains flat.txt "1 phiếu không do Ban kiểm phiếu phát ra"
contains flat.txt "1 phiếu gạch xóa họ tên người được in trên phiếu"
contains flat.txt "1 phiếu không ghi rõ lý do"
contains flat.txt "1 phiếu có người không được đánh dấu vào ô nào hoặc được đánh dấu vào hai, ba ô"
lacks flat.txt "ghi thêm tên người"

# --- a definition that follows QĐ 262 says so, and then x 3 is taken and labelled
sed 's/^double_entry = no/double_entry = no\ninvalid_grounds = qd262/' "$DEMO" >q262.ini
grep -q "^invalid_grounds = qd262" q262.ini || fail "q262.ini lacks invalid_grounds"
$T init q262.ini q.db >/dev/null
$T meeting q.db --present 33 --issued 33 --collected 33 >/dev/null
expect 0 $T enter q.db --from three.txt
$T minutes q.db -o q.txt >/dev/null
tr '\n' ' ' <q.txt | tr -s ' ' >flat.txt
contains flat.txt "1 phiếu ghi thêm tên người hoặc nội dung khác (theo Quy định 262-QĐ/TW)"
# its canonical definition says so; QĐ 96's needs no line, so earlier files are unchanged
sqlite3 q.db "SELECT canonical FROM definition" >canon.txt
contains canon.txt "invalid_grounds	qd262"
sqlite3 v.db "SELECT canonical FROM definition" >canon.txt
lacks canon.txt "invalid_grounds"
sed 's/^double_entry = no/double_entry = no\ninvalid_grounds = qd263/' "$DEMO" >bad.ini
expect 65 $T init bad.ini bad.db
contains err "invalid_grounds: bad value \"qd263\" (expected qd96, qd262)"

# the bundle of such a vote verifies with the tool and with the independent verifier; an
# explicit "qd96" line is not canonical, so both refuse it
$T meeting q.db --issued 33 --collected 2 >/dev/null
$T close q.db >/dev/null
$T export q.db -o q.bundle >/dev/null
expect 0 $T verify q.bundle --no-authenticity
expect 0 python3 "$SRC/docs/examples/verify-bundle.py" q.bundle
sed 's/^invalid_grounds	qd262$/invalid_grounds	qd96/' q.bundle >r.bundle
python3 "$SRC/tests/forge.py" r.bundle r.bundle
expect 65 $T verify r.bundle --no-authenticity
contains err "not in canonical form"
expect 1 python3 "$SRC/docs/examples/verify-bundle.py" r.bundle
contains err "bad invalid_grounds"

# --- a file of an earlier version, which recorded x 3 under qd96-2023, still verifies
cp v.db old.db
python3 - <<'EOF'
import hashlib, sqlite3
db = sqlite3.connect('old.db', isolation_level=None)
seq, head = db.execute('SELECT seq, head FROM records ORDER BY seq DESC LIMIT 1').fetchone()
serial = db.execute("SELECT max(serial) FROM records WHERE kind = 'ballot'").fetchone()[0]
line = 'ballot\t1\t%d\tx3\tinvalid:3' % (serial + 1)
h = hashlib.blake2b(digest_size=32)
h.update(b'tinnhiem:record:1\n' + head + line.encode())
db.execute("INSERT INTO records(seq, kind, pass, serial, body, head, paper) VALUES (?, 'ballot', 1, ?, ?, ?, ?)",
           (seq + 1, serial + 1, line, h.digest(), serial + 1))
EOF
expect 0 $T verify old.db
contains out "verified: everything matches"
expect 0 $T tally old.db --format json
contains out '"invalid": 5'
# and the committed bundle of the test vectors, made before, verifies with its key
expect 0 $T verify "$SRC/tests/vectors/small.bundle" --pubkey "$SRC/tests/vectors/small.pub"
done_checks
