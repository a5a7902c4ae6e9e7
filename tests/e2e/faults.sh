#!/bin/sh
# A full disk and read-only media: a clear error, exit 74, and the vote file verifying as before.
. "$(dirname "$0")/lib.sh"

mnt=$WORK/mnt
mkdir "$mnt"
if ! mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null; then
	echo "cannot mount a small tmpfs here (needs root): skipped" >&2
	exit 77
fi
trap 'cd /; umount "$mnt" 2>/dev/null; rm -rf "$WORK" "${TMPDIR:-/tmp}/tn-vg.$$"' EXIT
awk 'BEGIN { for (i = 0; i < 3000; i++) print "1 2 3 1 2 3 1 2 3" }' >more.txt
cd "$mnt"
$T init "$DEMO" v.db >/dev/null
$T meeting v.db --present 33 --issued 33 --collected 33 >/dev/null
$T enter v.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
$T verify v.db >"$WORK/before.txt"

# --- the disk fills up: entry and close fail cleanly
dd if=/dev/zero of=fill bs=4k 2>/dev/null || true
expect 74 $T enter v.db --from "$WORK/more.txt"
contains "$WORK/err" "v.db"
grep -qiE "full|space" "$WORK/err" || fail "the message does not say the disk is full"
ok
expect 74 $T close v.db
# at a terminal (the pass full, each ballot confirmed), the first ballot the full disk refuses
# ends the session, whose exit says so:
# the ballots typed after it would be refused alike
printf '123123123\nyes\n123123123\nyes\n' >"$WORK/typed.txt"
at_terminal 74 "$WORK/typed.txt" "not recorded" "$T enter v.db"
[ "$(grep -c "not recorded" "$WORK/out")" = 1 ] || fail "the session went on: $(cat "$WORK/out")"
grep -qiE "full|space" "$WORK/out" || fail "the session does not say the disk is full"
contains "$WORK/out" "0 ballots entered in this session"
ok
# reading needs no room: nothing is written beside the vote file
expect 0 $T tally v.db
expect 0 $T show v.db
expect 65 $T reconcile v.db # no double entry, so no pass 2 to compare
# a new vote file on a full disk says why
expect 73 $T init "$DEMO" new.db
grep -qiE "full|space" "$WORK/err" || fail "init on a full disk does not say why: $(cat "$WORK/err")"
[ ! -e new.db ] || fail "init left new.db on a full disk"
ls -a >"$WORK/files.txt"
grep -q "new.db" "$WORK/files.txt" && fail "init left a temporary file on a full disk"
ok
expect 0 $T verify v.db
grep -v '^$' "$WORK/out" >"$WORK/after.txt"
grep -v '^$' "$WORK/before.txt" >"$WORK/before2.txt"
same "$WORK/after.txt" "$WORK/before2.txt"
# room again: everything works
rm fill
expect 0 $T close v.db
expect 0 $T verify v.db
contains "$WORK/out" "sealed; tally hash"
# a bundle on a full disk: the whole of it waits in the stream's buffer, and the failure
# comes at the flush before the file is named; nothing is left, and with room it is written
dd if=/dev/zero of=fill bs=4k 2>/dev/null || true
expect 73 $T export v.db -o v.bundle
grep -qiE "full|space" "$WORK/err" || fail "export on a full disk does not say why: $(cat "$WORK/err")"
[ ! -e v.bundle ] || fail "export left v.bundle on a full disk"
rm fill
expect 0 $T export v.db -o v.bundle
# the bundle is the sealed vote's: its tally hash is the one the vote file shows
$T show v.db >"$WORK/show.txt"
expect 0 $T verify v.bundle --expect "$(sed -n 's/^Tally hash: //p' "$WORK/show.txt")"
rm v.bundle
ok

# --- read-only media: refused for writing, readable for checking
cd /
mount -o remount,ro "$mnt"
expect 74 $T enter "$mnt/v.db" --from "$WORK/more.txt"
contains "$WORK/err" "cannot write to it: Read-only file system"
expect 74 $T void "$mnt/v.db" 1 --reason x
expect 74 $T meeting "$mnt/v.db" --present 30
expect 0 $T verify "$mnt/v.db"
contains "$WORK/out" "verified: everything matches"
expect 0 $T tally "$mnt/v.db" --format json
expect 0 $T minutes "$mnt/v.db" -o "$WORK/m.txt"
expect 73 $T minutes "$mnt/v.db" -o "$mnt/m.txt"
expect 73 $T init "$DEMO" "$mnt/new.db"
done_checks
