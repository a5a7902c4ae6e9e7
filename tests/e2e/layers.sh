#!/bin/sh
# The command layer (src/main.c, src/cmd_*.c) reads options, prints and chooses exit statuses;
# the core does the rest. It holds no SQL, no transaction and no tally arithmetic, and a
# command whose vote file main opens (main.c's table) does not open it again. Each rule has a
# twin: the same check over a copy with one planted line must fail, naming that line.
. "$(dirname "$0")/lib.sh"

sql='SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK|PRAGMA|sqlite3|sqlite3_[a-z0-9_]+'
# the core's transaction calls (store.h, vote.h): a command asks for a whole change instead
transactions='store_begin|store_commit|store_rollback|store_read_begin|store_append|vote_write|vote_append'
# the core's computing functions (tally.h, rules.h, chain.h, replay.h, record.h, sign.h)
computing='tally_init|tally_meeting|tally_ballot|tally_void|tally_result|tally_base|tally_quorum'
computing="$computing|tally_canonical|tally_check_closable|rules_for_profile|rules_pct100"
computing="$computing|rules_pct_format|rules_band|rules_quorum|rules_check_meeting"
computing="$computing|rules_merge_meeting|chain_definition_hash|chain_extend|chain_tally_hash"
computing="$computing|replay_init|replay_record|replay_expect_void|replay_finish"
computing="$computing|replay_differences|replay_check_closable|replay_check_seal|replay_tally_hash"
computing="$computing|record_parse|record_judge_ballot|sign_tally|sign_verify|sign_keyid"

# every name listed is still a function of the core: a renamed one would slip through
for name in $(echo "$transactions|$computing" | tr '|' ' '); do
	grep -qE "[ *]$name\(" "$SRC"/include/tinnhiem/*.h || fail "$name is not in include/tinnhiem/"
done
ok

# check DIR: the command layer's files in DIR break no rule; else prints what does, status 1
check() {
	bad=0
	for rule in sql transactions computing; do
		eval "pattern=\$$rule"
		if grep -nwE -- "$pattern" "$1"/main.c "$1"/cmd_*.c >found.txt; then
			sed "s/^/$rule: /" found.txt
			bad=1
		fi
	done
	# the commands main opens the vote file for (VOTE_READ, VOTE_WRITE) do not open it
	for cmd in $(sed -n 's/^ *{"\([a-z]*\)", &cmd_[a-z]*, VOTE_\(READ\|WRITE\),.*/\1/p' "$1"/main.c); do
		if grep -nwE 'vote_open|vote_close|store_open' "$1/cmd_$cmd.c" >found.txt; then
			sed "s/^/opened by main: cmd_$cmd.c:/" found.txt
			bad=1
		fi
	done
	return $bad
}

expect 0 check "$SRC/src"
[ ! -s out ] || fail "unexpected report: $(cat out)"
ok
# the table is read: the commands main opens for are found in it
sed -n 's/^ *{"\([a-z]*\)", &cmd_[a-z]*, VOTE_\(READ\|WRITE\),.*/\1/p' "$SRC/src/main.c" | sort >opened.txt
printf '%s\n' ballots decide enter export journal meeting minutes reconcile scan show tally void >want.txt
same opened.txt want.txt

# the twins: one line planted in a copy of the command layer, and the check fails on it
plant() { # plant FILE LINE: a fresh copy of the sources with LINE appended to FILE
	rm -rf planted
	mkdir planted
	cp "$SRC"/src/main.c "$SRC"/src/cmd_*.c planted/
	printf '%s\n' "$2" >>"planted/$1"
}
for line in 'static const char q[] = "SELECT line FROM records";' \
	'#include <sqlite3.h>' \
	'	sqlite3_exec(db, q, NULL, NULL, NULL);'; do
	plant cmd_tally.c "$line"
	expect 1 check planted
	contains out "sql: planted/cmd_tally.c:"
	contains out "$line"
done
for call in 'store_begin(v->store, &e);' 'store_commit(v->store, &e);' 'store_rollback(v->store);' \
	'store_read_begin(v->store, &e);' 'vote_write(v, add, &b, &e);'; do
	plant cmd_enter.c "	$call"
	expect 1 check planted
	contains out "transactions: planted/cmd_enter.c:"
	contains out "$call"
done
for call in 'tally_ballot(&t, &b);' 'tally_result(&t, i, &res);' \
	'pct = rules_pct100(low, base);' 'band = rules_band(low, base);' \
	'chain_extend(head, line, len, head);'; do
	plant cmd_show.c "	$call"
	expect 1 check planted
	contains out "computing: planted/cmd_show.c:"
	contains out "$call"
done
# main.c is held to the same rules
plant main.c '	store_begin(s, &e);'
expect 1 check planted
contains out "transactions: planted/main.c:"
# a command that main opens the vote for, opening it again
plant cmd_tally.c '	vote_open(operands[0], false, &v, &e);'
expect 1 check planted
contains out "opened by main: cmd_tally.c:"
# ... while a command that opens its own may
plant cmd_verify.c '	vote_open(operands[0], false, &v, &e);'
expect 0 check planted
# a name that merely contains one (a field, a longer function) is not taken for it
plant cmd_show.c '	hex_grouped(r->seal.tally_hash, TN_HASH_LEN, hex); rules_band_name(b);'
expect 0 check planted
done_checks
