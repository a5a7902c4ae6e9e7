#!/bin/sh
# The option parser (cmd_parse): every command's --help lists its options; an unknown option,
# a missing or unwanted argument, a malformed or out-of-range number and an option given twice
# are usage errors (2) naming the option, with the usage line, and nothing is opened or
# changed; "--" ends the options.
. "$(dirname "$0")/lib.sh"

commands="init show ballots meeting enter void reconcile tally keygen close minutes export verify"
demo_vote v.db
cp v.db v.before

# unchanged: the vote file is byte for byte what it was (a refusal opens nothing)
unchanged() {
	same v.db v.before
}

# --- --help: exits 0, prints the usage line, the text, the options of the usage line and
# --help itself in an options list, then the example
for cmd in $commands; do
	expect 0 $T $cmd --help
	contains out "usage: tinnhiem $cmd"
	contains out "Example"
	[ ! -s err ] || fail "$cmd --help wrote to standard error"
	ok
	sed -n '/^Options:$/,/^$/p' out >options.txt
	contains options.txt "  -h, --help "
	for opt in $(sed -n 1p out | grep -o -- '--[a-z-]*'); do
		contains options.txt " $opt "
	done
	# the options come before the example
	[ "$(grep -n '^Options:$' out | cut -d: -f1)" -lt "$(grep -n '^Examples*:$' out | cut -d: -f1)" ] ||
		fail "$cmd --help: the options are not before the example"
	ok
	expect 0 $T $cmd -h
	contains out "usage: tinnhiem $cmd"
done
# in Vietnamese too, with the range of a number
expect 0 env LANGUAGE=vi $T enter --help
contains out "Tùy chọn:"
contains out "  -p, --pass 1|2 "
contains out "(từ 1 đến 2)"
expect 0 $T ballots --help
contains out "  -n, --copies N "
contains out "(from 1 to 100000)"

# --- an unknown option, for every command: 2, naming it, with the command's usage line
for cmd in $commands; do
	expect 2 $T $cmd v.db --frobnicate
	contains err "tinnhiem: unknown option --frobnicate"
	contains err "usage: tinnhiem $cmd"
	expect 2 $T $cmd -Z v.db
	contains err "unknown option -Z"
	# with a value attached, only its name is quoted
	expect 2 $T $cmd --frobnicate=3 v.db
	contains err "unknown option --frobnicate"
	lacks err "=3"
done
# enter used to answer any unknown option with the rule of --pass
expect 2 $T enter v.db --frobnicate
lacks err "is 1 or 2"
unchanged
# a control character in an unknown option is shown escaped
expect 2 $T show v.db "--$(printf '\033')[31m"
contains err 'unknown option --\x1b[31m'

# --- an option given twice: 2, naming it, before anything is opened or written
expect 2 $T meeting v.db --present 30 --present 31
contains err "--present given twice"
unchanged
expect 2 $T enter v.db --pass 1 --from b.txt --pass 2
contains err "--pass given twice"
expect 2 $T enter v.db -p 1 --pass 1
contains err "--pass given twice"
expect 2 $T void v.db 1 --reason a --reason b
contains err "--reason given twice"
expect 2 $T tally v.db --format text --format csv
contains err "--format given twice"
expect 2 $T ballots v.db -o a.pdf --output b.pdf
contains err "--output given twice"
expect 2 $T ballots v.db -o a.pdf --force --force
contains err "--force given twice"
expect 2 $T minutes v.db -o a.txt -o b.txt
contains err "-o given twice"
expect 2 $T export v.db -o a.bundle -o b.bundle
contains err "-o given twice"
expect 2 $T keygen -o k1 -o k2
contains err "-o given twice"
expect 2 $T cosign v.db --member 2 --key a.key --key b.key
contains err "--key given twice"
expect 2 $T verify v.db --expect a --expect b
contains err "--expect given twice"
expect 2 $T verify v.db --no-authenticity --no-authenticity
contains err "--no-authenticity given twice"
for f in a.pdf b.pdf a.txt b.txt a.bundle b.bundle k1.key k2.key; do
	[ ! -e $f ] || fail "$f written after a refusal"
done
ok
unchanged

# --- numbers: malformed or out of range is 2, naming the option and its range
expect 2 $T enter v.db --pass 3
contains err '--pass: expected a whole number from 1 to 2, not "3"'
contains err "usage: tinnhiem enter"
expect 2 $T enter v.db --pass 0
contains err '--pass: expected a whole number from 1 to 2, not "0"'
expect 2 $T enter v.db -p2x
contains err '-p: expected a whole number from 1 to 2, not "2x"'
expect 2 $T void v.db 1 --reason r --pass 3
contains err '--pass: expected a whole number from 1 to 2, not "3"'
expect 2 $T ballots v.db -o b.pdf --copies 0
contains err '--copies: expected a whole number from 1 to 100000, not "0"'
expect 2 $T ballots v.db -o b.pdf --copies 100001
contains err "from 1 to 100000"
[ ! -e b.pdf ] || fail "ballots written after a refusal"
ok
expect 2 $T meeting v.db --present x
contains err '--present: expected a whole number from 0 to 999999999999, not "x"'
expect 2 $T meeting v.db --collected 1000000000000
contains err "--collected: expected a whole number from 0 to 999999999999"
expect 2 $T meeting v.db --issued=
contains err '--issued: expected a whole number from 0 to 999999999999, not ""'
expect 2 $T meeting v.db --convened +5
expect 2 $T meeting v.db --convened 07
unchanged
# the edges of a range are accepted
expect 0 $T ballots v.db -o one.pdf --copies 1
contains out "(copies of the ballot: 1)"
expect 65 $T meeting v.db --convened 0
contains err "convened is 0"
expect 0 $T meeting v.db --convened 999999999999
cp v.db v.before
# in Vietnamese
expect 2 env LANGUAGE=vi $T enter v.db --pass 3
contains err '--pass: cần một số nguyên từ 1 đến 2, không phải "3"'
contains err "cách dùng: tinnhiem enter"

# --- arguments: missing, unwanted, attached
expect 2 $T enter v.db --from
contains err "--from needs an argument"
expect 2 $T keygen -o
contains err "-o needs an argument"
expect 2 $T export v.db -o x.bundle --force=yes
contains err "--force takes no argument"
expect 2 $T show v.db --help=yes
contains err "--help takes no argument"
passfile
expect 0 $T keygen -ok1 --passphrase-file=pass.txt
contains out "wrote k1.key (secret) and k1.pub"
expect 0 $T tally v.db --format=csv
contains out "order,name,position"
# an argument may begin with "-": it is the option's, not an option
expect 2 $T meeting v.db --present -1
contains err '--present: expected a whole number from 0 to 999999999999, not "-1"'
printf '# nothing\n' >empty.txt
expect 0 sh -c "$T enter v.db --from - <empty.txt"
contains out "no ballots in standard input"

# --- long names may be shortened while unique, as getopt_long allowed
expect 0 $T meeting v.db --pres 33 --iss 33 --coll 33
contains out "  members present: 33"
contains out "  ballots collected: 33"
expect 2 $T meeting v.db --c 35
contains err "ambiguous option --c"
expect 2 $T tally v.db --form text --format csv
contains err "--format given twice"
cp v.db v.before

# --- options before or after the operands; operand counts as before
expect 0 $T tally --format json v.db
contains out '"members"'
expect 0 $T tally v.db -f json
contains out '"members"'
expect 2 $T tally
contains err "expected one vote file"
contains err "usage: tinnhiem tally"
expect 2 $T tally v.db w.db
contains err "expected one vote file"
expect 2 $T init "$DEMO"
contains err "expected a definition and a vote file"
expect 2 $T void v.db --reason r
contains err "expected a vote file and paper numbers"
expect 2 $T keygen -o k3 extra
contains err "-o PREFIX is required"
expect 2 $T ballots v.db
contains err "--output FILE.pdf is required"
expect 2 $T export v.db
contains err "--output FILE is required"
expect 2 $T verify
contains err "expected one bundle or vote file"
unchanged

# --- "--" ends the options: a file named like an option is an operand after it
cp v.db ./-v.db
expect 2 $T show -v.db
contains err "unknown option -v"
expect 0 $T show -- -v.db
contains out "State: open"
expect 0 $T tally --format csv -- -v.db
contains out "order,name,position"
expect 2 $T tally -- -v.db --format csv
contains err "expected one vote file"
expect 0 $T meeting --convened 36 -- -v.db
contains out "members convened: 36"
expect 2 $T init -- "$DEMO"
contains err "expected a definition and a vote file"
expect 0 $T init -- "$DEMO" -w.db
contains out "created -w.db"
# a lone "-" is an operand
expect 2 sh -c "$T verify - <v.db"
contains err "a vote file is verified by its name"
unchanged
done_checks
