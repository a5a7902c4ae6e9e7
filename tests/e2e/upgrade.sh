#!/bin/sh
# Vote files of schema 1 (made before papers were numbered, tests/vectors/v1-*.db): a command
# that only reads never changes them, and reads them as they were; the first command that
# writes upgrades the file in one transaction, keeping every record and hash.
. "$(dirname "$0")/lib.sh"
V=$SRC/tests/vectors

# --- a sealed file of schema 1, read: verified as sealed then, the file byte for byte the same
cp "$V/v1-sealed.db" s.db
cp s.db s.orig
expect 0 $T verify s.db
contains out "tally hash 17b5 8df0 35c1 cda7 f5f2 a0d3 e893 d38c 9dc9 da52 5882 3261 acda 46dc f78b bfe8: matches the records"
expect 0 $T tally s.db --format csv
contains out "1,Nguyễn Văn An,Bí thư Đảng ủy Khối,1,1,1,1,"
expect 0 $T show s.db
expect 0 $T export s.db -o s.bundle
expect 0 python3 "$SRC/docs/examples/verify-bundle.py" s.bundle
same s.db s.orig
[ "$(sqlite3 s.db 'PRAGMA user_version')" = 1 ] || fail "a reader changed the schema"
ok

# --- an open double-entry file of schema 1: read as it is, then continued; the writer upgrades
cp "$V/v1-open.db" o.db
expect 0 $T show o.db
contains out "Ballots entered (pass 2, not void): 2; void: 0"
printf '222222222\n' >third.txt
expect 0 $T enter o.db --pass 2 --from third.txt
contains out "recorded 1 ballot in pass 2: paper 3"
[ "$(sqlite3 o.db 'PRAGMA user_version')" = 2 ] || fail "the writer did not upgrade the file"
ok
papers=$(sqlite3 o.db "SELECT group_concat(pass || '/' || serial || '=' || paper, ' ') FROM records WHERE kind = 'ballot'")
[ "$papers" = "1/1=1 1/2=2 1/3=3 2/1=1 2/2=2 2/3=3" ] || fail "papers after the upgrade: $papers"
ok
expect 0 $T reconcile o.db
expect 0 $T close o.db
expect 0 $T verify o.db

# --- refused: a record of a schema-1 file changed (its hash no longer follows); the refusal
# comes from the copy in memory, and the file is left as it was
cp "$V/v1-sealed.db" t.db
rewrite t.db "body = '$(printf 'ballot\t1\t1\t111111111\tvalid')' WHERE seq = 2"
cp t.db t.orig
expect 1 $T verify t.db
contains err "record 2: hash does not match"
same t.db t.orig
# a schema newer than this program knows is refused by readers and writers alike
cp "$V/v1-open.db" n.db
sqlite3 n.db 'PRAGMA user_version = 3'
cp n.db n.orig
expect 65 $T show n.db
contains err "vote file schema 3 is newer than this program knows (2)"
expect 65 $T enter n.db --from third.txt
contains err "vote file schema 3 is newer than this program knows (2)"
same n.db n.orig
done_checks
