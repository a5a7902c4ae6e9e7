#!/bin/sh
# Forged bundles, each made consistent by tests/forge.py (every hash recomputed, the seal
# written again) so that it passes every check but one: that check refuses it, with its own
# message and exit status. 1: verification failed; 65: not a bundle at all.
. "$(dirname "$0")/lib.sh"
FORGE="python3 $SRC/tests/forge.py"
B=$SRC/tests/vectors/small.bundle
TAB=$(printf '\t')

# refused STATUS MESSAGE BUNDLE: verify refuses the bundle with that status and message
refused() {
	expect "$1" $T verify "$3" --no-authenticity
	contains err "$2"
	lacks out "verified"
}

# the twin of every case: the vector forged again unchanged verifies (its seal now unsigned)
$FORGE "$B" same.bundle
expect 0 $T verify same.bundle --no-authenticity
contains out "verified: everything matches"
expect 0 $T verify same.bundle --expect 92129e00aeddc0ee774b74ff17172a45b18293ce08e8ad71d7e347e1b6ce453a

# the magic line: exactly "tinnhiem-bundle 1", not a prefix of it, not an empty line
sed '1s/.*/tinnhiem-bundle/' "$B" >f.bundle
refused 65 "f.bundle: not a tinnhiem bundle" f.bundle
sed '1s/.*//' "$B" >f.bundle
refused 65 "f.bundle: not a tinnhiem bundle" f.bundle
sed '1s/.*/tinnhiem-bundle 10/' "$B" >f.bundle
refused 65 "f.bundle: not a tinnhiem bundle" f.bundle

# no seal: the records and the tally block as they were, the seal left out
$FORGE "$B" f.bundle --no-seal
refused 1 "f.bundle: the bundle has no seal" f.bundle

# a ballot left out: serial 2 is missing
grep -v "^ballot${TAB}1${TAB}2${TAB}" "$B" >f.bundle
$FORGE f.bundle f.bundle
refused 1 "f.bundle:26: record 3: ballot 1/3 out of sequence (expected serial 2)" f.bundle

# a void of a ballot that comes later
sed "s/^void${TAB}1${TAB}6${TAB}/void${TAB}1${TAB}7${TAB}/" "$B" >f.bundle
$FORGE f.bundle f.bundle
refused 1 "f.bundle:31: record 8: void of ballot 1/7, which does not exist yet" f.bundle

# the same ballot voided twice
sed "s/^\(void${TAB}1${TAB}6${TAB}.*\)${TAB}[0-9a-f]*$/\1${TAB}x\n\1${TAB}x/" "$B" >f.bundle
$FORGE f.bundle f.bundle
refused 1 "f.bundle:32: record 9: ballot 1/6 voided twice" f.bundle

# a record after a seal
sed -n "/^definition-hash${TAB}/,/^seal${TAB}/p" "$B" | sed '1d; $d' | sed "s/${TAB}[0-9a-f]*$//" >records.txt
printf 'seal\t%064d\t-\t-\t-\nballot\t1\t7\t123\tvalid\n' 0 >>records.txt
$FORGE "$B" f.bundle --records records.txt
refused 1 "f.bundle:33: record 10: found after the seal" f.bundle

# a tally block whose figures are not those of the records, the seal made over it
sed "s/^base${TAB}5$/base${TAB}6/" "$B" >f.bundle
$FORGE f.bundle f.bundle
refused 1 "f.bundle: seal: the tally hash does not match the tally of the records" f.bundle

# the meeting facts left out, the tally block written as the records give it: a seal over a
# vote that could not have been closed
grep -v "^meeting${TAB}-${TAB}5" "$B" |
	sed "s/^meeting${TAB}5${TAB}5${TAB}5${TAB}5$/meeting${TAB}5${TAB}-${TAB}-${TAB}-/;
		s/^quorum${TAB}yes$/quorum${TAB}-/" >f.bundle
$FORGE f.bundle f.bundle
refused 1 "f.bundle: seal: the vote could not have been closed: the number of members present is not recorded" f.bundle

# a signed seal whose key id is not that of its key
$FORGE "$B" f.bundle --small-order --keyid bbb2f8d62a4d47f4
refused 1 "f.bundle: seal: the key id does not match its key" f.bundle
# the twin: its own key id, and then the signature is what refuses it
$FORGE "$B" f.bundle --small-order
refused 1 "f.bundle: seal: bad signature" f.bundle

# a definition changed, every hash after it recomputed: it is another vote, whose tally hash
# is not the one announced
$FORGE "$B" f.bundle --def "Lê Hoàng Cường" "Lê Hoàng Cương"
expect 0 $T verify f.bundle --no-authenticity
expect 1 $T verify f.bundle --expect 92129e00aeddc0ee774b74ff17172a45b18293ce08e8ad71d7e347e1b6ce453a
contains err "the tally hash is not the expected one"
# a bundle of 6,000 ballots: its lines are hashed on two threads, each against the head the
# line before it stores, and replayed on the second (src/relay.c). A fault deep in it is
# found; of two faults, the first in the file is the one reported, whichever thread met it.
sed 's/^convened = 35$/convened = 6000/' "$DEMO" >big.ini
$T init big.ini big.db >/dev/null
$T meeting big.db --present 6000 --issued 6000 --collected 6000 >/dev/null
awk 'BEGIN { for (i = 0; i < 6000; i++) print substr("123123123231231231312312312", i % 9 + 1, 9) }' >big.txt
expect 0 $T enter big.db --from big.txt
expect 0 $T close big.db
expect 0 $T export big.db -o big.bundle
expect 0 $T verify big.bundle --no-authenticity
contains out "verified: everything matches"
# a ballot's marks changed, its hash left: refused at its line
sed "s/^ballot${TAB}1${TAB}2500${TAB}123231231${TAB}/ballot${TAB}1${TAB}2500${TAB}111111111${TAB}/" \
	big.bundle >f.bundle
refused 1 "f.bundle:2532: record 2501: hash does not match" f.bundle
# and before it, a ballot out of sequence with every hash made right
sed "s/^ballot${TAB}1${TAB}1500${TAB}/ballot${TAB}1${TAB}1501${TAB}/" big.bundle >g.bundle
$FORGE g.bundle g.bundle
refused 1 "g.bundle:1532: record 1501: ballot 1/1501 out of sequence (expected serial 1500)" g.bundle
sed "s/^ballot${TAB}1${TAB}2500${TAB}123231231${TAB}/ballot${TAB}1${TAB}2500${TAB}111111111${TAB}/" \
	g.bundle >f.bundle
cmp -s f.bundle g.bundle && fail "the second fault was not made"
refused 1 "f.bundle:1532: record 1501: ballot 1/1501 out of sequence (expected serial 1500)" f.bundle
# a line's head replaced by the head of the line before: refused at that line, not the next
prev=$(awk -F'\t' 'FNR == 2531 { print $NF }' big.bundle)
awk -F'\t' -v OFS='\t' -v h="$prev" 'FNR == 2532 { $NF = h } { print }' big.bundle >f.bundle
refused 1 "f.bundle:2532: record 2501: hash does not match" f.bundle
# the right head in capitals: not the digits the format allows
awk -F'\t' -v OFS='\t' 'FNR == 5032 { $NF = toupper($NF) } { print }' big.bundle >f.bundle
refused 65 "f.bundle:5032: malformed bundle: a record line must end in a tab and its hash" f.bundle
# the vote file: a record's line changed in place is refused by every reader at its record
# readers_refuse MESSAGE: tally, verify and export refuse f.db with it; no bundle is left
readers_refuse() {
	for cmd in "tally f.db" "verify f.db" "export f.db -o f2.bundle"; do
		expect 1 $T $cmd
		contains err "$1"
	done
	[ ! -e f2.bundle ] || fail "a bundle was left of a vote that does not verify"
}
cp big.db f.db
rewrite f.db "body = replace(body, '123231231', '111111111') WHERE seq = 2501"
readers_refuse "record 2501: hash does not match"
# a record's stored head changed, its line left: refused at that record, not at the next,
# whose line was hashed from the head now changed
cp big.db f.db
rewrite f.db "head = (SELECT head FROM records WHERE seq = 5000) WHERE seq = 5001"
readers_refuse "record 5001: hash does not match"
# a record taken out behind the guard against it: the gap is found where it is
cp big.db f.db
python3 - f.db <<'PY' || fail "could not delete a record"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
guard = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'records_no_delete'").fetchone()[0]
db.execute('BEGIN')
db.execute('DROP TRIGGER records_no_delete')
db.execute('DELETE FROM records WHERE seq = 4000')
db.execute(guard)
db.execute('COMMIT')
PY
expect 1 $T verify f.db
contains err "record 4000 is missing"
# no bundle of a vote that is not closed
$T init "$SRC/tests/vectors/small.ini" open.db >/dev/null
expect 65 $T export open.db -o open.bundle
contains err "open.db: the vote is not closed yet (tinnhiem close)"
[ ! -e open.bundle ] || fail "export wrote a bundle of an open vote"
done_checks
