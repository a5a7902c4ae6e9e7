#!/bin/sh
# Nothing a user does loses ballots: outputs never land on the vote file, its journals, a
# database or an existing file; killed outputs leave nothing; the vote file alone holds every
# acknowledged ballot. And nothing slips an altered count past the seal: a do-nothing guard,
# a forged double entry, an impossible date, an empty vote.
. "$(dirname "$0")/lib.sh"
FORGE="python3 $SRC/tests/forge.py"

demo_vote v.db
$T enter v.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
cp v.db before.db

# --- -o onto the vote file, by any name, or its journals: refused, exit 73, nothing touched
ln v.db hard.db
ln -s v.db soft.db
for out in v.db ./v.db "$WORK/v.db" hard.db soft.db; do
	for cmd in "ballots v.db -o $out" "minutes v.db -o $out" "export v.db -o $out"; do
		expect 73 $T $cmd
		expect 73 $T $cmd --force
	done
done
contains err "is the vote file being read"
for side in -wal -shm -journal; do
	expect 73 $T ballots v.db -o "v.db$side"
	contains err "is the journal of a database"
	[ ! -e "v.db$side" ] || fail "v.db$side was created"
	ok
done
expect 73 $T init "$DEMO" v.db-wal
contains err "is the journal of a database"
[ ! -e v.db-wal ] || fail "init created v.db-wal"
same v.db before.db
# the minutes as text onto the vote file: the ending does not matter
cp v.db v.db.txt
expect 73 $T minutes v.db.txt -o v.db.txt --force
same v.db.txt before.db
rm v.db.txt
# any other SQLite database, even with --force
sqlite3 other.sqlite "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
cp other.sqlite other.before
expect 73 $T ballots v.db -o other.sqlite --force
contains err "is a database"
same other.sqlite other.before
# a secret key, even with --force: it cannot be made again, and the signatures name it
printf 'mat khau dai 123\n' >pass.txt
$T keygen -o board --passphrase-file pass.txt >/dev/null
cp board.key key.before
for cmd in "ballots v.db" "minutes v.db" "export v.db"; do
	expect 73 $T $cmd -o board.key --force
	contains err "board.key: is a secret key; not writing over it"
done
same board.key key.before
# the twin: its public key, a file like any other, is replaced with --force
expect 0 $T ballots v.db -o board.pub --force
head -c 5 board.pub >head.txt
contains head.txt "%PDF-"
# a file that cannot be read is not written over either, --force or not: what it is cannot be
# told. Root reads every file, so the command runs as nobody, in a directory it may write to;
# the twin, a file it can read, is replaced
chmod 755 "$WORK"
mkdir -m 777 unreadable
cp v.db unreadable/v.db
chmod 644 unreadable/v.db
cp board.key unreadable/other.key # root's, mode 0600
echo "a letter" >unreadable/letter.pdf
as_other() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		chmod 000 unreadable/other.key
		"$@"
	fi
}
cp unreadable/other.key other.before
expect 73 as_other $T ballots unreadable/v.db -o unreadable/other.key --force
contains err "unreadable/other.key: cannot be read, so not known to be no vote file or key; not writing over it"
same unreadable/other.key other.before
expect 0 as_other $T ballots unreadable/v.db -o unreadable/letter.pdf --force
head -c 5 unreadable/letter.pdf >head.txt
contains head.txt "%PDF-"
# a directory is not a file to write
mkdir adir
expect 73 $T minutes v.db -o adir --force
# "-" is not standard output, nor a file named "-" (that is "./-")
for cmd in "ballots v.db" "minutes v.db" "export v.db"; do
	expect 73 $T $cmd -o - --force
	contains err '"-": outputs are written to a named file, not to standard output'
	[ ! -e ./- ] || fail "$cmd -o - made a file named -"
	ok
done
expect 73 $T init "$DEMO" -
[ ! -e ./- ] || fail "init made a vote file named -"
expect 0 $T ballots v.db -o ./-
head -c 5 ./- >head.txt
contains head.txt "%PDF-"
rm ./-
# an existing file: refused without --force, replaced with it
echo "a letter" >letter.pdf
expect 73 $T ballots v.db -o letter.pdf
contains err "letter.pdf: already exists; not overwriting it (--force replaces it)"
contains letter.pdf "a letter"
expect 0 $T ballots v.db -o letter.pdf --force
head -c 5 letter.pdf >head.txt
contains head.txt "%PDF-"
# the twin: a new file is written without --force
expect 0 $T minutes v.db -o fresh.txt
contains fresh.txt "BIÊN BẢN"
same v.db before.db
ls -a >files.txt
lacks files.txt ".tmp"

# --- killed outputs leave nothing behind: SIGTERM, SIGINT and SIGKILL at random moments
n=0
while [ $n -lt 24 ]; do
	case $((n % 3)) in 0) sig=TERM ;; 1) sig=INT ;; *) sig=KILL ;; esac
	delay=$(awk -v s="$n" 'BEGIN { srand(s * 31 + 7); printf "0.%03d", int(rand() * 120) }')
	rm -f out.pdf
	$T minutes v.db -o out.pdf >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -$sig $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	ls -a >files.txt
	grep -q "tmp" files.txt && fail "kill $n ($sig): a temporary file was left: $(cat files.txt)"
	if [ -e out.pdf ]; then
		pdftotext out.pdf /dev/null 2>/dev/null || fail "kill $n: out.pdf is incomplete"
	fi
	n=$((n + 1))
done
ok
same v.db before.db

# --- the vote file alone holds every acknowledged ballot: no -wal, no -shm, no journal beside
# it (the commit truncates and syncs the journal, the writer deletes it at the close; crash.sh)
mkdir alone
cp v.db alone/v.db
expect 0 $T tally alone/v.db --format json
contains out '"collected": 33'
lacks err "warning"
ls -a >files.txt
lacks files.txt "v.db-wal"
lacks files.txt "v.db-shm"
lacks files.txt "v.db-journal"
ok
# an empty journal (a writer killed after its commit, before its close) is left as it is by a
# reader, which does not warn of it and writes nothing
: >v.db-journal
expect 0 $T show v.db
lacks err "warning"
[ -e v.db-journal ] && [ ! -s v.db-journal ] || fail "show changed v.db-journal"
same v.db before.db
rm v.db-journal
ok
# the twin: a journal with content is a write cut off in the middle (here a table half made);
# the first reader has it undone, and reads the file as it was, also when it is given a link
# to the file (the journal is beside the file, not beside the link)
mkdir hotdir
cp before.db hotdir/hot.db
ln -s hotdir/hot.db hot.db
cut_off_write hotdir/hot.db
cmp -s hotdir/hot.db before.db && fail "the write should have changed hot.db"
expect 0 $T show hot.db
contains out "Records: "
[ ! -s hotdir/hot.db-journal ] || fail "the interrupted write was not undone"
same hotdir/hot.db before.db
ok
# a file of an earlier version, in WAL mode, whose writer was killed with records in the WAL
cp before.db w.db
python3 - <<'EOF'
import hashlib, os, sqlite3
db = sqlite3.connect('w.db', isolation_level=None)
db.execute('PRAGMA journal_mode = WAL')
db.execute('PRAGMA wal_autocheckpoint = 0')
seq, head = db.execute('SELECT seq, head FROM records ORDER BY seq DESC LIMIT 1').fetchone()
line = 'meeting\t-\t-\t-\t32'
h = hashlib.blake2b(digest_size=32)
h.update(b'tinnhiem:record:1\n' + head + line.encode())
db.execute("INSERT INTO records(seq, kind, pass, serial, body, head) VALUES (?, 'meeting', NULL, NULL, ?, ?)",
           (seq + 1, line, h.digest()))
os._exit(0)  # as if killed: the WAL is left with the record in it
EOF
[ -s w.db-wal ] || fail "the WAL should hold the record"
expect 0 $T show w.db
contains err "w.db-wal holds records that are not yet in w.db"
expect 0 $T tally w.db
contains err "w.db-wal holds records"
expect 0 $T verify w.db
contains err "w.db-wal holds records"
# a writer folds the WAL into the file and leaves the rollback journal mode
expect 0 $T meeting w.db --collected 33
[ ! -e w.db-wal ] || fail "the WAL is still there after a write"
expect 0 $T show w.db
lacks err "warning"
mkdir alone2 && cp w.db alone2/
expect 0 $T show alone2/w.db
contains out "Records: 36"

# --- two operators' accounts sharing a vote file (as root, which can act as both): the
# journal is made anew by each write, with the file's owner and permissions, never kept
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir shared && chmod 1777 shared && chmod 711 "$WORK"
	one() { # one UID COMMAND...: as that account, in a group both share
		u=$1
		shift
		setpriv --reuid="$u" --regid=1500 --clear-groups -- "$@"
	}
	one 1001 $T init "$DEMO" shared/v.db >/dev/null || fail "the first operator cannot init"
	printf '123123123\n' >shared/one.txt && chmod 644 shared/one.txt
	one 1001 $T enter shared/v.db --from shared/one.txt >/dev/null ||
		fail "the first operator cannot enter"
	[ ! -e shared/v.db-journal ] || fail "the first operator's journal was left"
	chmod 660 shared/v.db
	one 1002 $T enter shared/v.db --from shared/one.txt >out 2>err ||
		fail "the second operator is locked out: $(cat err)"
	one 1001 $T verify shared/v.db >out 2>err || fail "the file does not verify: $(cat err)"
	contains out "verified: everything matches"
	# the twin: a journal kept by the first operator (0600, theirs) locks the second out
	cp shared/v.db shared/v.before
	one 1001 sh -c 'umask 077 && : >shared/v.db-journal'
	one 1002 $T enter shared/v.db --from shared/one.txt >out 2>err &&
		fail "the second operator wrote through the first one's journal"
	same shared/v.db shared/v.before
	ok
	# a directory that cannot take the journal: every change is refused at once, naming
	# it, though the file itself may be written; reading is as before
	mkdir locked && chmod 755 locked
	one 1001 $T init "$DEMO" shared/l.db >/dev/null && mv shared/l.db locked/
	chown 1001 locked/l.db && chmod 555 locked
	for cmd in "enter locked/l.db --from shared/one.txt" "meeting locked/l.db --present 30" \
		"void locked/l.db 1 --reason x" "close locked/l.db"; do
		one 1001 $T $cmd >out 2>err && st=0 || st=$?
		[ "$st" = 74 ] || fail "$cmd in a directory it cannot write in: exit $st"
		contains err "locked: cannot write in this directory, where each change to locked/l.db"
	done
	one 1001 $T verify locked/l.db >out 2>err || fail "the vote cannot be read: $(cat err)"
	# the twin: the same directory, writable
	chmod 755 locked && chown 1001 locked
	one 1001 $T meeting locked/l.db --present 30 >out 2>err || fail "meeting refused: $(cat err)"
	ok
fi

# --- a do-nothing guard of the same name: every command refuses the file
cp before.db g.db
sqlite3 g.db "DROP TRIGGER records_no_delete; CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN SELECT 1; END;"
for cmd in "verify g.db" "tally g.db" "show g.db" "close g.db" "export g.db -o g.bundle" \
	"minutes g.db -o g.txt" "reconcile g.db" "meeting g.db --present 33" \
	"void g.db 1 --reason x" "ballots g.db -o g.pdf"; do
	expect 1 $T $cmd
	contains err "the schema was changed outside tinnhiem (trigger records_no_delete)"
done
printf '123123123\n' >one.txt
expect 1 $T enter g.db --from one.txt
[ ! -e g.bundle ] && [ ! -e g.txt ] && [ ! -e g.pdf ] || fail "an output was written from g.db"
ok
# an added view or trigger, however harmless it looks, is not the tool's own
for extra in "CREATE VIEW x AS SELECT 1" \
	"CREATE TRIGGER extra AFTER INSERT ON records BEGIN SELECT 1; END"; do
	cp before.db g.db
	sqlite3 g.db "$extra"
	expect 1 $T verify g.db
	contains err "the schema was changed outside tinnhiem"
done
# an index dropped is a guard gone too: the unique (pass, serial) of ballots and of voids
for index in records_ballot records_void; do
	cp before.db g.db
	sqlite3 g.db "DROP INDEX $index"
	expect 1 $T verify g.db
	contains err "the schema was changed outside tinnhiem (index $index)"
done
# the refusing twin's twin: the untouched file passes
expect 0 $T verify before.db

# --- double entry: a sealed vote whose pass 2 is missing or differs does not verify
sed "s/^double_entry = no/double_entry = yes/" "$DEMO" >de.ini
grep -q "^double_entry = yes" de.ini || fail "de.ini has no double entry"
$T init de.ini de.db >/dev/null
$T meeting de.db --present 33 --issued 33 --collected 33 >/dev/null
$T enter de.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T enter de.db --pass 2 --from "$SRC/ballots/demo-ballots.txt" >/dev/null
expect 0 $T close de.db
expect 0 $T export de.db -o de.bundle
expect 0 $T verify de.bundle --no-authenticity
# the record lines without their hashes and without the seal
awk -F'\t' '/^tinnhiem-tally 1$/ { exit } on && !/^seal\t/ { NF--; print } /^definition-hash\t/ { on = 1 }' \
	OFS='\t' de.bundle >records.txt
# the forger itself: the same records make a bundle that verifies
$FORGE de.bundle same.bundle --records records.txt
expect 0 $T verify same.bundle --no-authenticity
# pass 2 missing its last ballot
grep -v '^ballot	2	33	' records.txt >short.txt
$FORGE de.bundle short.bundle --records short.txt
expect 1 $T verify short.bundle --no-authenticity
contains err "seal: the vote could not have been closed: double entry: 1 difference"
# pass 2 reading otherwise
awk -F'\t' '$1 == "ballot" && $2 == 2 && $3 == 5 { $4 = "333333333" } { print }' OFS='\t' \
	records.txt >differs.txt
$FORGE de.bundle differs.bundle --records differs.txt
expect 1 $T verify differs.bundle --no-authenticity
contains err "double entry: 1 difference"
# no pass 2 at all
grep -v '^ballot	2	' records.txt >nopass2.txt
$FORGE de.bundle nopass2.bundle --records nopass2.txt
expect 1 $T verify nopass2.bundle --no-authenticity
contains err "double entry: 33 differences"

# --- a bundle that is consistent but has no seal, or whose first line is not the magic line
$FORGE de.bundle noseal.bundle --records records.txt --no-seal
expect 1 $T verify noseal.bundle --no-authenticity
contains err "the bundle has no seal"
for first in "tinnhiem-bundle" "" "tinnhiem-bundle 10" "tinnhiem-bundle 1 "; do
	{ printf '%s\n' "$first"; tail -n +2 de.bundle; } >magic.bundle
	expect 65 $T verify magic.bundle --no-authenticity
	contains err "not a tinnhiem bundle"
done

# --- a message quoting another is whole, never garbled ("record 6: record 6: ballot record")
awk -F'\t' '/^tinnhiem-tally 1$/ { exit } on && !/^seal\t/ { NF--; print } /^definition-hash\t/ { on = 1 }' \
	OFS='\t' de.bundle >records.txt
sed 's/^\(ballot	1	5	[0-9x]*	\)valid$/\1bogus/' records.txt >verdict.txt
$FORGE de.bundle verdict.bundle --records verdict.txt
expect 1 $T verify verdict.bundle --no-authenticity
contains err ':37: record 6: ballot 1/5: verdict "bogus" is not what the rules give'
lacks err "record 6: record 6"
sed 's/^ballot	1	5	[0-9]*	/ballot	1	5	1x3123123	/' records.txt >marks.txt
$FORGE de.bundle marks.bundle --records marks.txt
expect 1 $T verify marks.bundle --no-authenticity
contains err ":37: record 6: malformed ballot record"

# --- a definition that init refuses is refused in a bundle too
$T close v.db >/dev/null
$T export v.db -o v.bundle >/dev/null
$FORGE v.bundle feb30.bundle --def "date	2023-06-28" "date	2023-02-30"
expect 65 $T verify feb30.bundle --no-authenticity
contains err "2023-02-30"
$FORGE v.bundle jun28.bundle --def "date	2023-06-28" "date	2023-06-29"
expect 0 $T verify jun28.bundle --no-authenticity

# --- names that init refuses as mixing scripts are refused by verify, of a bundle and of a
# vote file (the other commands trust the definition its hash binds, and do not load ICU)
$FORGE v.bundle mixed.bundle --def "Trần Thị Bình" "Trần Thị Bіnh"
expect 65 $T verify mixed.bundle --no-authenticity
contains err "mixed.bundle: definition line 22: member 2 name: mixes scripts: Cyrillic U+0456 at character 11"
$T init "$DEMO" mixed.db >/dev/null
python3 - mixed.db <<'PY' || fail "cannot plant the names"
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(text,) = db.execute("SELECT canonical FROM definition").fetchone()
text = text.replace("Trần Thị Bình", "Trần Thị Bіnh")
h = hashlib.blake2b(digest_size=32)
h.update(b"tinnhiem:definition:1\n")
h.update(text.encode())
(trigger,) = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'definition_no_update'").fetchone()
db.executescript("DROP TRIGGER definition_no_update")
db.execute("UPDATE definition SET canonical = ?, hash = ?", (text, h.digest()))
db.executescript(trigger + ";")
db.commit()
PY
expect 0 $T show mixed.db
contains out "Trần Thị Bіnh"
expect 65 $T verify mixed.db
contains err "mixed.db: definition line 22: member 2 name: mixes scripts: Cyrillic U+0456 at character 11"
$T init "$DEMO" plain.db >/dev/null
expect 0 $T verify plain.db
# ICU is loaded by the names module alone, which exports its entry point alone
readelf -d "$TINNHIEM" | grep -q 'NEEDED.*libicu' && fail "the program itself loads ICU"
nm -D --defined-only "$TN_BUILD_ROOT/src/tinnhiem-names.so" | awk '{ print $3 }' >syms.txt
[ "$(cat syms.txt)" = tinnhiem_names_apart ] || fail "the names module exports: $(cat syms.txt)"
# and libedit by the line-editing module alone (interactive entry, scan's questions)
readelf -d "$TINNHIEM" | grep -q 'NEEDED.*libedit' && fail "the program itself loads libedit"
readelf -d "$TN_BUILD_ROOT/src/tinnhiem-edit.so" | grep -q 'NEEDED.*libedit' ||
	fail "the line-editing module does not load libedit"
nm -D --defined-only "$TN_BUILD_ROOT/src/tinnhiem-edit.so" | awk '{ print $3 }' >syms.txt
[ "$(cat syms.txt)" = tinnhiem_edit_line ] || fail "the line-editing module exports: $(cat syms.txt)"
ok

# --- what the input says is shown, never acted on by the terminal
$T init "$DEMO" l.db >/dev/null
printf '12\033[2J3123123\n' >esc.txt
expect 65 $T enter l.db --from esc.txt
contains err 'unknown mark "\x1b"'
tr -d '\033' <"$WORK/err" >stripped.txt
cmp -s stripped.txt "$WORK/err" || fail "a raw escape reached the terminal"
ok
printf '12\342\200\2563123123\n' >bidi.txt # U+202E RIGHT-TO-LEFT OVERRIDE
expect 65 $T enter l.db --from bidi.txt
contains err '\u202E'
printf '12\377123123\n' >bytes.txt
expect 65 $T enter l.db --from bytes.txt
contains err '\xff'
# the twin: ordinary Vietnamese text is shown as it is
printf '12ă123123\n' >viet.txt
expect 65 $T enter l.db --from viet.txt
contains err 'unknown mark "ă"'

# --- lines have a limit: a ballot line of 4,096 bytes is read, one more is refused
awk 'BEGIN { s = "123123123"; while (length(s) < 4095) s = s " "; print s }' >long.txt
[ "$(wc -c <long.txt)" = 4096 ] || fail "long.txt is not 4096 bytes"
expect 0 $T enter l.db --from long.txt
contains out "recorded 1 ballot in pass 1"
awk 'BEGIN { s = "123123123"; while (length(s) < 4096) s = s " "; print s }' >toolong.txt
expect 65 $T enter l.db --from toolong.txt
contains err "toolong.txt:1: line longer than 4096 bytes"
head -c 20000000 /dev/zero | tr '\0' '1' >huge.txt
expect 65 $T enter l.db --from huge.txt
contains err "huge.txt:1: line longer than 4096 bytes"
# a bundle line beyond 8,192 bytes is refused, with its line number
awk -v pad="$(head -c 9000 /dev/zero | tr '\0' 'a')" 'NR == 2 { print $0 pad; next } { print }' \
	v.bundle >long.bundle
expect 65 $T verify long.bundle --no-authenticity
contains err "long.bundle:2: line longer than 8192 bytes"

# --- an empty vote cannot be sealed
$T init "$DEMO" e.db >/dev/null
expect 65 $T meeting e.db --convened 0 --present 0 --issued 0 --collected 0
contains err "convened is 0"
expect 0 $T meeting e.db --present 30 --issued 0 --collected 0
expect 65 $T close e.db
contains err "no ballot was collected: there is nothing to seal"
expect 0 $T verify e.db
contains out "not sealed"
# --- the index columns (kind, pass, serial, paper) must say what each line says: a column
# changed under an unchanged schema (the guard set aside and put back, byte for byte) is
# found by every reader, whichever column it is
demo_vote cols.db
printf '111111111\n222222222\n' | $T enter cols.db --from - >/dev/null
$T void cols.db 2 --reason "gõ nhầm" >/dev/null
printf '2: 333333333\n' | $T enter cols.db --from - >/dev/null
expect 0 $T verify cols.db
# a value SQLite would convert to the right number is no right value: the queries compare
# what is stored (a pass of 2^32 + 1 read as an int is 1; text "1x" and the real 2.5 read as
# integers are 1 and 2; a blob "ballot" reads as the text), and NULL is not 0
for change in "paper = 7 WHERE seq = 5" "paper = 5 WHERE seq = 3" "paper = 1 WHERE seq = 4" \
	"serial = 9 WHERE seq = 5" "pass = 2 WHERE seq = 3" "pass = 4294967297 WHERE seq = 3" \
	"serial = serial || 'x' WHERE seq = 3" "paper = paper + 0.5 WHERE seq = 5" \
	"kind = CAST(kind AS BLOB) WHERE seq = 3" "pass = 0 WHERE seq = 1" \
	"serial = -serial WHERE seq = 4"; do
	cp cols.db colx.db
	rewrite colx.db "$change"
	expect 1 $T verify colx.db
	contains err "its index columns do not match its text"
	expect 1 $T tally colx.db
	# export writes as it replays: a file that fails midway leaves no bundle at all
	expect 1 $T export colx.db -o colx.bundle
	contains err "does not verify; not exporting"
	[ ! -e colx.bundle ] || fail "a bundle was left of a vote that does not verify"
	ok
done
# a difference between the passes hidden so: both rows out of the pairing's reach
demo_double dd.db
$T meeting dd.db --present 33 --issued 3 --collected 3 >/dev/null
printf '111111111\n222222222\n111111111\n' | $T enter dd.db --from - >/dev/null
printf '111111111\n122222222\n111111111\n' | $T enter dd.db --pass 2 --from - >/dev/null
expect 65 $T close dd.db
contains err "double entry: 1 difference between the passes"
for change in "pass = pass + 4294967296 WHERE seq IN (3, 6)" \
	"kind = CAST(kind AS BLOB) WHERE seq IN (3, 6)"; do
	cp dd.db ddx.db
	rewrite ddx.db "$change"
	sqlite3 ddx.db "SELECT count(*) FROM records WHERE kind = 'ballot' AND pass IN (1, 2)" >n.txt
	[ "$(cat n.txt)" = 4 ] || fail "the forgery did not hide two ballots: $(cat n.txt)"
	expect 1 $T verify ddx.db
	contains err "its index columns do not match its text"
	expect 1 $T reconcile ddx.db
	expect 1 $T close ddx.db
	contains err "its index columns do not match its text"
done
ok

done_checks
