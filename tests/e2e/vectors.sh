#!/bin/sh
# The test vectors: rebuilt from their inputs byte for byte, checked by the independent
# verifier in docs/examples, and quoted in docs/formats.md so the documentation cannot drift.
. "$(dirname "$0")/lib.sh"
V=$SRC/tests/vectors

expect 0 $T init "$V/small.ini" s.db
contains out "definition hash $(cat "$V/small.definition-hash" | sed 's/\(....\)/\1 /g; s/ $//')"
$T meeting s.db --present 5 --issued 5 --collected 5 >/dev/null
$T enter s.db --from "$V/small.ballots" >/dev/null
$T void s.db 6 --reason "nhập nhầm" >/dev/null
expect 0 $T close s.db --key "$(vector_key)" --passphrase-file "$V/small.pass"
expect 0 $T export s.db -o s.bundle
same s.bundle "$V/small.bundle"
expect 0 $T verify "$V/small.bundle" --pubkey "$V/small.pub"

# the observer's own verifier, written from the format documentation alone
if command -v python3 >/dev/null; then
	expect 0 python3 "$SRC/docs/examples/verify-bundle.py" "$V/small.bundle" "$V/small.pub"
	contains out "tally hash: 92129e00aeddc0ee774b74ff17172a45b18293ce08e8ad71d7e347e1b6ce453a"
	sed 's/^ballot	1	2	113/ballot	1	2	133/' "$V/small.bundle" >forged.bundle
	expect 1 python3 "$SRC/docs/examples/verify-bundle.py" forged.bundle
	expect 1 python3 "$SRC/docs/examples/verify-bundle.py" "$V/small.bundle" \
		0000000000000000000000000000000000000000000000000000000000000000
	# and a bigger vote with voids, through both verifiers
	$T init "$DEMO" d.db >/dev/null
	$T meeting d.db --present 34 --issued 34 --collected 34 >/dev/null
	$T enter d.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
	printf '111111111\n' | $T enter d.db --from - >/dev/null
	$T void d.db 5 --reason "sai" >/dev/null
	printf '1 1 1 1 1 1 1 1 1\n' | $T enter d.db --from - >/dev/null
	expect 0 $T close d.db
	expect 0 $T export d.db -o d.bundle
	expect 0 python3 "$SRC/docs/examples/verify-bundle.py" d.bundle
	tally=$(sed -n 's/^tally hash: //p' out)
	expect 0 $T verify d.bundle --expect "$tally"
else
	echo "python3 not found: the independent verifier was not run" >&2
	exit 77
fi

# every vector value is quoted in the format documentation
for value in "$(cat "$V/small.definition-hash")" \
	92129e00aeddc0ee774b74ff17172a45b18293ce08e8ad71d7e347e1b6ce453a \
	"$(cut -d' ' -f4 "$V/small.pub")"; do
	contains "$SRC/docs/formats.md" "$value"
done
grep '	[0-9a-f]\{64\}$' "$V/small.bundle" | sed 's/.*	//' | while read -r head; do
	grep -qF "$head" "$SRC/docs/formats.md" || fail "docs/formats.md lacks the chain head $head"
done
ok
done_checks
