#!/bin/sh
# keygen, close, export, verify: the round trip, and every forgery refused.
. "$(dirname "$0")/lib.sh"
passfile

# --- keys
expect 0 $T keygen -o board --passphrase-file pass.txt
contains out "wrote board.key (secret) and board.pub; key id "
[ "$(stat -c %a board.key)" = 600 ] || fail "board.key mode $(stat -c %a board.key)"
ok
cp board.key board.key.before
expect 73 $T keygen -o board --passphrase-file pass.txt
contains err "already exists; not overwriting it"
same board.key board.key.before
printf '\n' >empty.txt
expect 2 $T keygen -o other --passphrase-file empty.txt
[ ! -e other.key ] || fail "key written with an empty passphrase"
ok
# new keys use Argon2id's moderate limits; TINNHIEM_KDF=interactive, for tests, the cheaper ones
expect 0 env -u TINNHIEM_KDF $T keygen -o moderate --passphrase-file pass.txt
contains moderate.key "kdf argon2id13 3 268435456 "
lacks err "TINNHIEM_KDF"
expect 66 $T close none.db --key moderate.key --passphrase-file pass.txt
lacks err "moderate.key"
expect 0 env TINNHIEM_KDF=interactive $T keygen -o cheap --passphrase-file pass.txt
contains cheap.key "kdf argon2id13 2 67108864 "
contains err "TINNHIEM_KDF=interactive: a quicker, weaker key derivation, meant for tests"
expect 2 env TINNHIEM_KDF=sensitive $T keygen -o bogus --passphrase-file pass.txt
contains err "TINNHIEM_KDF=sensitive: expected interactive or moderate"
[ ! -e bogus.key ] || fail "key written with an unknown TINNHIEM_KDF"
ok
# the committed vector key, made with the interactive limits, still opens
expect 66 $T close none.db --key "$(vector_key)" --passphrase-file "$SRC/tests/vectors/small.pass"
lacks err "small.key"

# a new key's passphrase has at least 12 characters (not bytes): 11 in 16 bytes is refused
printf 'mật khẩu dà\n' >eleven.txt
expect 2 $T keygen -o short --passphrase-file eleven.txt
contains err "the passphrase has 11 characters; a new key needs at least 12"
[ ! -e short.key ] && [ ! -e short.pub ] || fail "key written with an 11-character passphrase"
ok
printf 'mật khẩu dài\n' >twelve.txt
expect 0 $T keygen -o short --passphrase-file twelve.txt
# a passphrase longer than 1023 bytes is refused, never cut to fit
head -c 1024 /dev/zero | tr '\0' a >long.txt
echo >>long.txt
expect 2 $T keygen -o long --passphrase-file long.txt
contains err "the passphrase is longer than 1023 bytes; refusing to truncate it"
[ ! -e long.key ] || fail "key written with a passphrase longer than 1023 bytes"
ok
head -c 1023 long.txt >longest.txt
expect 0 $T keygen -o long --passphrase-file longest.txt
expect 2 $T close none.db --key long.key --passphrase-file long.txt
contains err "the passphrase is longer than 1023 bytes; refusing to truncate it"
# the twin: the key opens with its 1023 bytes, and only the missing vote file is refused
expect 66 $T close none.db --key long.key --passphrase-file longest.txt
lacks err "passphrase"
# a NUL byte in the first line is refused, never taken as the passphrase's end
printf 'correct horse\000battery staple\n' >nul.txt
expect 65 $T keygen -o nul --passphrase-file nul.txt
contains err "nul.txt: the passphrase holds a NUL byte"
[ ! -e nul.key ] || fail "key written with a passphrase cut at a NUL"
printf 'correct horse battery staple\nsecond line \000 not read\n' >nul2.txt
expect 0 $T keygen -o nul --passphrase-file nul2.txt
expect 65 $T close none.db --key nul.key --passphrase-file nul.txt
contains err "the passphrase holds a NUL byte"
ok
expect 0 $T keygen -o stranger --passphrase-file pass.txt

# --- close refuses, saying why, and changes nothing
$T init "$DEMO" v.db >/dev/null
expect 65 $T close v.db
contains err "the number of members present is not recorded"
$T meeting v.db --present 20 --issued 20 --collected 20 >/dev/null
expect 65 $T close v.db
contains err "no quorum: 20 present of 35 convened, fewer than two thirds"
$T meeting v.db --present 33 --issued 33 --collected 33 >/dev/null
expect 0 $T enter v.db --from "$SRC/ballots/demo-ballots.txt"
printf '111111111\n' >one.txt
expect 65 $T enter v.db --from one.txt # the paper stops at 33: refused, nothing recorded
contains err "pass 1 would hold 34 ballots, more than the 33 collected"
expect 0 $T enter v.db --from one.txt --over-collected
cp v.db v.before
expect 65 $T close v.db
contains err "34 ballots entered (not void), but 33 collected"
same v.db v.before
expect 0 $T void v.db 34 --reason "thừa"

# a wrong passphrase is refused and nothing is written
printf 'wrong\n' >wrong.txt
cp v.db v.before
expect 65 $T close v.db --key board.key --passphrase-file wrong.txt
contains err "wrong passphrase"
same v.db v.before
expect 0 $T show v.db
contains out "State: open"

# forged key files: the secret of another key under the right passphrase, beside this key's
# own key id and public key; a key id that is not the key's
{ sed -n 1,3p board.key; sed -n '4,$p' stranger.key; } >forged.key
chmod 600 forged.key
expect 65 $T close v.db --key forged.key --passphrase-file pass.txt
contains err "forged.key: the secret key does not match its public key"
same v.db v.before
sid=$(sed -n 's/^keyid //p' stranger.key)
sed "s/^keyid .*/keyid $sid/" board.key >badid.key
chmod 600 badid.key
expect 65 $T close v.db --key badid.key --passphrase-file pass.txt
contains err "badid.key: secret key: the key id does not match the key"
sed "s/^\(tinnhiem-pubkey 1\) [0-9a-f]* /\1 $sid /" board.pub >badid.pub
cmp -s board.pub badid.pub && fail "badid.pub is not changed"
expect 65 $T verify v.db --pubkey badid.pub
contains err "badid.pub: public key: the key id does not match the key"

# a key file asking Argon2id for more than 4 passes is refused before any derivation; 4 passes
# (the sensitive limit) are allowed, and that file then fails on its passphrase
for n in 5 4; do
	sed "s/^kdf argon2id13 2 /kdf argon2id13 $n /" cheap.key >ops$n.key
	chmod 600 ops$n.key
done
expect 65 $T close v.db --key ops5.key --passphrase-file pass.txt
contains err "ops5.key: the key file asks for more work than allowed: 5 passes and 67108864 bytes of memory, at most 4 and 1073741824"
same v.db v.before
expect 65 $T close v.db --key ops4.key --passphrase-file pass.txt
contains err "ops4.key: wrong passphrase (or a damaged key file)"

# a secret key that group or others may read or write is refused, as ssh refuses it
for mode in 644 640 604 620 602; do
	chmod $mode board.key
	expect 65 $T close v.db --key board.key --passphrase-file pass.txt
	contains err "board.key: permissions 0$mode are too open; the key must be readable by its owner only (chmod 600)"
	same v.db v.before
done
# and before any passphrase is asked: none would open it
expect 65 $T close v.db --key board.key </dev/null
contains err "board.key: permissions 0602 are too open"
lacks err "passphrase"
expect 65 $T close v.db --key board.key --passphrase-file none.txt
contains err "board.key: permissions 0602 are too open"
chmod 600 board.key
# a directory or a FIFO named as the key is refused as no key file, at once (a FIFO would wait
# for a writer), not taken for a file too open; the regular file is the twin throughout
mkdir -p keydir
mkfifo keyfifo
chmod 600 keyfifo
expect 66 $T close v.db --key keydir --passphrase-file pass.txt
contains err "keydir: Is a directory"
lacks err "too open"
expect 66 timeout 20 $T close v.db --key keyfifo --passphrase-file pass.txt
contains err "keyfifo: not a regular file; a secret key is a file"
same v.db v.before
# the twin: a private key without a passphrase to open it is refused for the passphrase
expect 2 $T close v.db --key board.key </dev/null
contains err "no terminal to ask for the passphrase"
same v.db v.before

# --- the seal
expect 0 $T close v.db --key board.key --passphrase-file pass.txt
hash=$(sed -n 's/^tally hash: //p' out)
[ ${#hash} = 79 ] || fail "tally hash: $hash"
ok
expect 65 $T close v.db
contains err "the vote is closed"

# export, and verify the bundle and the vote file
expect 0 $T export v.db -o v.bundle
# a bundle alone proves nothing about who made it: the key, the hash, or a plain refusal
expect 2 $T verify v.bundle
contains err "a bundle is checked against the board's public key (--pubkey)"
expect 0 $T verify v.bundle --no-authenticity
contains out "AUTHENTICITY NOT CHECKED"
contains out "verified: everything matches"
# from standard input and through a pipe, as from a file
expect 0 sh -c "$T verify - --pubkey board.pub <v.bundle"
contains out "verified: everything matches"
expect 0 sh -c "cat v.bundle | $T verify /dev/stdin --expect '$hash'"
contains out "verified: everything matches"
expect 1 sh -c "sed 's/^ballot	1	3	/ballot	1	4	/' v.bundle | $T verify - --pubkey board.pub"
expect 2 sh -c "$T verify - <v.db"
contains err "a vote file is verified by its name"
expect 0 $T verify v.bundle --pubkey board.pub --expect "$hash"
contains out "signatures: 1 of the 3 members of the board"
contains out "1. Phan Thị Hòa (Trưởng ban): good, key $(sed -n 's/^keyid //p' board.key | sed 's/..../& /g; s/ $//') (a given public key)"
contains out "2. Đỗ Minh Khôi (Ủy viên): has not signed"
contains out "tally hash: as expected"
expect 0 $T verify v.db --pubkey board.pub --expect "$hash"
nospace=$(echo "$hash" | tr -d ' ')
expect 0 $T verify v.bundle --expect "$nospace"
# the tally of the bundle is the tally of the vote file
$T tally v.db >tally.txt
sed -n '/^Lấy phiếu/,$p' out | sed '/^$/,$d' >/dev/null
contains out "$(sed -n 2p tally.txt)"

# --expect wrong, the wrong public key: 1
wrong=$(echo "$nospace" | sed 's/^./0/; s/^00/11/')
[ "$wrong" != "$nospace" ] || wrong=$(echo "$nospace" | sed 's/^./1/')
expect 1 $T verify v.bundle --expect "$wrong"
contains err "the tally hash is not the expected one"
contains err "sealed   $hash"
contains err "another vote"
expect 1 $T verify v.bundle --pubkey stranger.pub
contains err "stranger.pub: key $(sed -n 's/^keyid //p' stranger.key | sed 's/..../& /g; s/ $//') has not signed this seal"
expect 2 $T verify v.bundle --expect "abc"

# --- single-byte changes of the bundle are refused (every byte of a smaller bundle is
# changed in turn by tests/unit/test_bundle.c; here every 37th byte of a real one)
size=$(stat -c %s v.bundle)
stride=37
[ -z "${TN_VALGRIND:-}" ] || stride=397 # each run under memcheck takes a second
i=0
while [ $i -lt "$size" ]; do
	cp v.bundle f.bundle
	b=$(od -An -tu1 -j $i -N1 v.bundle | tr -d ' ')
	n=$(((b + 1) % 256))
	[ $n = 10 ] && n=11
	printf "$(printf '\\%03o' $n)" | dd of=f.bundle bs=1 seek=$i conv=notrunc 2>/dev/null
	set +e
	$T verify f.bundle --no-authenticity >/dev/null 2>&1
	s=$?
	set -e
	[ $s = 1 ] || [ $s = 65 ] || fail "byte $i changed ($b -> $n): verify exit $s"
	i=$((i + stride))
done
ok
# a byte added or removed at the end
cp v.bundle f.bundle && echo >>f.bundle
expect 65 $T verify f.bundle --no-authenticity
head -c $((size - 1)) v.bundle >f.bundle
expect 65 $T verify f.bundle --no-authenticity

# --- ballots removed, duplicated, reordered or inserted
first=$(grep -n '^ballot	1	1	' v.bundle | cut -d: -f1)
sed "${first}d" v.bundle >f.bundle
expect 1 $T verify f.bundle --no-authenticity
sed "${first}p" v.bundle >f.bundle
expect 1 $T verify f.bundle --no-authenticity
awk -v n="$first" 'NR == n { hold = $0; next } NR == n + 1 { print; print hold; next } { print }' \
	v.bundle >f.bundle
expect 1 $T verify f.bundle --no-authenticity
line=$(sed -n "${first}p" v.bundle)
awk -v n="$first" -v l="$line" 'NR == n + 3 { print l } { print }' v.bundle >f.bundle
expect 1 $T verify f.bundle --no-authenticity
contains err "record"
# a forged ballot with its chain recomputed cannot carry the signed tally
grep -q '^seal' v.bundle || fail "no seal line"
ok

# --- a vote file edited with raw SQL after dropping its triggers
cp v.db e.db
sqlite3 e.db "DROP TRIGGER records_no_update; UPDATE records SET body = replace(body, '	1	5	', '	1	5	') WHERE 0"
expect 1 $T verify e.db
contains err "the schema was changed outside tinnhiem (trigger records_no_update)"
cp v.db e.db
sqlite3 e.db "DROP TRIGGER records_no_update; UPDATE records SET body = 'ballot' || char(9) || '1' || char(9) || '3' || char(9) || '333333333' || char(9) || 'valid' WHERE kind = 'ballot' AND serial = 3; CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;"
expect 1 $T verify e.db
contains err "the schema was changed outside tinnhiem (trigger records_no_update)"
expect 1 $T tally e.db
expect 1 $T export e.db -o e.bundle
[ ! -e e.bundle ] || fail "a bundle was written from a tampered vote file"
ok
cp v.db e.db
sqlite3 e.db "DROP TRIGGER records_no_delete; DELETE FROM records WHERE seq = 10"
expect 1 $T verify e.db

# an open vote verifies as open; --expect then fails
$T init "$DEMO" o.db >/dev/null
expect 0 $T verify o.db
contains out "not sealed: the vote is still open"
expect 1 $T verify o.db --expect "$hash"
contains err "--expect: the vote is not sealed"
expect 1 $T verify o.db --pubkey board.pub # no seal, which no key can have signed
contains err "--pubkey: the vote is not sealed"
expect 65 $T export o.db -o o.bundle
contains err "the vote is not closed yet"

# not a bundle at all
echo "hello" >x.txt
expect 65 $T verify x.txt --no-authenticity
contains err "not a tinnhiem bundle"
expect 66 $T verify none.bundle --no-authenticity
done_checks
