#!/bin/sh
# meeting: the facts, and for the minutes the times of the count and the hall. What is given
# is recorded in one record and said back; what is refused records nothing.
. "$(dirname "$0")/lib.sh"

$T init "$DEMO" v.db >/dev/null
# records() : how many records the vote holds
records() { $T show v.db | sed -n 's/^Records: \([0-9]*\);.*/\1/p'; }

expect 0 $T meeting v.db --present 33 --started 14:05 --venue "Hội trường  tầng 3"
contains out "recorded; the meeting facts now:"
contains out "  members convened: 35"
contains out "  members present: 33"
contains out "  ballots issued: not recorded"
contains out "  count started: 14:05"
contains out "  minutes finished: not recorded"
contains out "  hall: Hội trường tầng 3"
lacks out "-1"
[ "$(records)" = 1 ] || fail "one meeting record expected"
# the latest value counts; what is not given stays
expect 0 $T meeting v.db --ended 16:40 --venue "Hội trường A"
contains out "  count started: 14:05"
contains out "  minutes finished: 16:40"
contains out "  hall: Hội trường A"
# the edges of the day, and a meeting that ends at the minute it started
expect 0 $T meeting v.db --started 00:00 --ended 23:59
expect 0 $T meeting v.db --started 23:59 --ended 23:59
[ "$(records)" = 4 ] || fail "four meeting records expected"
ok
# in Vietnamese, and nothing of the notation "-1"
expect 0 env LANGUAGE=vi $T meeting v.db --issued 33
contains out "  giờ bắt đầu kiểm phiếu: 23:59"
contains out "  phiếu thu về: chưa ghi"
lacks out "-1"

# refused, each with exit 65 and its reason, nothing recorded
cp v.db v.before
refused() { # $1: the message; then the options
	msg=$1
	shift
	expect 65 $T meeting v.db "$@"
	contains err "$msg"
	[ "$(records)" = 5 ] || fail "a refused meeting was recorded: $*"
}
refused 'ended (14:00) is before started (23:59): times are of the meeting' --ended 14:00
refused 'ended (23:58) is before started (23:59)' --present 34 --ended 23:58
# a time or a hall not well written is an option misused, exit 2 as for a count that is no
# number, said before the vote file is opened
misused() { # $1: the message; then the options
	msg=$1
	shift
	expect 2 $T meeting v.db "$@"
	contains err "$msg"
	contains err "usage: tinnhiem meeting"
	[ "$(records)" = 5 ] || fail "a refused meeting was recorded: $*"
}
misused '--started: "24:00" is not a time of day (HH:MM, from 00:00 to 23:59)' --started 24:00
misused '--ended: "7:30" is not a time of day' --ended 7:30
misused '--started: "14:60" is not a time of day' --started 14:60
misused '--started: "14h05" is not a time of day' --started 14h05
misused '--ended: "" is not a time of day' --ended ""
misused '--venue: the hall must be 1 to 300 bytes of text, not "-"' --venue -
misused '--venue: the hall must be 1 to 300 bytes of text' --venue "  "
misused '--venue: contains a control character (byte 6)' --venue "$(printf 'Hội\ttrường')"
misused '--venue: bidirectional control U+202E' --venue "$(printf 'Hội\342\200\256trường')"
misused '--venue: the hall must be 1 to 300 bytes' --venue "$(printf '%301s' | tr ' ' a)"
expect 2 $T meeting none.db --started 8:05
contains err '--started: "8:05" is not a time of day'
lacks err "none.db"
expect 2 $T meeting v.db --present abc # as a count that is no number
# the twin of the last: 300 bytes are a hall
expect 0 $T meeting v.db --venue "$(printf '%300s' | tr ' ' a)"
# usage: an option without its argument; nothing at all
expect 2 $T meeting v.db --venue
contains err "--venue needs an argument"
expect 2 $T meeting v.db
contains err "give at least one fact"

# the minutes say what was recorded last; a closed vote takes no more
$T init "$DEMO" fresh.db >/dev/null
expect 0 $T show fresh.db # the twin of what follows: nothing recorded yet
contains out "  count started          -"
contains out "  hall                   -"
$T meeting v.db --started 14:05 --ended 16:40 --venue "Hội trường A" >/dev/null
expect 0 $T show v.db
contains out "  count started          14:05"
contains out "  minutes finished       16:40"
contains out "  hall                   Hội trường A"
$T meeting v.db --present 33 --issued 33 --collected 33 >/dev/null
$T enter v.db --from "$SRC/ballots/demo-ballots.txt" >/dev/null
expect 0 $T close v.db
expect 65 $T meeting v.db --ended 17:00
contains err "the vote is closed; nothing can be added"
expect 0 $T minutes v.db -o m.txt
tr -s ' \n' '  ' <m.txt >m.flat
contains m.flat "Hôm nay, vào lúc 14 giờ 05, ngày 28 tháng 6 năm 2023, tại Hội trường A, Ban kiểm phiếu"
contains m.flat "Biên bản lập xong lúc 16 giờ 40 cùng ngày"
expect 0 $T verify v.db
done_checks
