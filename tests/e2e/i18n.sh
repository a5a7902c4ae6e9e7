#!/bin/sh
# The Vietnamese catalogue is complete, and every command's help is there in both languages.
. "$(dirname "$0")/lib.sh"
: "${TINNHIEM_LOCALEDIR:?built catalogue}"

# every source file is in POTFILES, and every message of the sources has a translation
(cd "$SRC" && ls src/*.c) >files.txt
same files.txt "$SRC/src/po/POTFILES"
(cd "$SRC" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ -o "$WORK/now.pot" \
	$(cat src/po/POTFILES))
expect 0 msgcmp "$SRC/src/po/vi.po" now.pot
expect 0 msgfmt --check --statistics -o /dev/null "$SRC/src/po/vi.po"
lacks err "untranslated"
lacks err "fuzzy"

# the refusing twin: a catalogue with one message removed fails the check
awk 'BEGIN { skip = 0 } /^msgid "expected one vote file"$/ { skip = 2 } skip > 0 { skip--; next } { print }' \
	"$SRC/src/po/vi.po" >short.po
expect 1 msgcmp short.po now.pot

# every command's --help exits 0, in English and in Vietnamese, and differs between them
for cmd in init show ballots meeting enter void decide reconcile tally keygen close cosign minutes journal export verify; do
	expect 0 env LANGUAGE= $T $cmd --help
	contains out "usage: tinnhiem $cmd"
	contains out "Example"
	cp out en.txt
	expect 0 env LANGUAGE=vi $T $cmd --help
	contains out "cách dùng: tinnhiem $cmd"
	contains out "Ví dụ"
	cmp -s out en.txt && fail "$cmd --help is not translated"
	ok
done
expect 0 env LANGUAGE=vi $T --help
contains out "Các lệnh:"

# the built program finds its own catalogue in the build tree, and LANGUAGE=vi is enough: no
# vi_VN locale, no LANG, the C locale (the machines of most users and of CI)
expect 0 env -i LANGUAGE=vi "$TINNHIEM" --help
contains out "Các lệnh:"
expect 0 env -i LANGUAGE=vi LANG=C LC_ALL=C "$TINNHIEM" --help
contains out "Các lệnh:"
expect 0 env -i LANGUAGE=vi LC_ALL=C.UTF-8 "$TINNHIEM" enter --help
contains out "cách dùng: tinnhiem enter"
expect 66 env -i LANGUAGE=vi "$TINNHIEM" show "$WORK/none.db"
contains err "none.db"
lacks err "No such file"
# the twin: without LANGUAGE it speaks English
expect 0 env -i "$TINNHIEM" --help
contains out "Commands:"
# LANG=vi_VN.UTF-8 (or LC_ALL, LC_MESSAGES) asks for Vietnamese, whether or not this machine
# has that locale; LANGUAGE, when set, still says which language
for asked in "LANG=vi_VN.UTF-8" "LANG=vi_VN" "LC_ALL=vi_VN.UTF-8" "LC_MESSAGES=vi_VN.UTF-8"; do
	expect 0 env -i "$asked" "$TINNHIEM" --help
	contains out "Các lệnh:"
done
for asked in "LANG=fr_FR.UTF-8" "LANG=C" "LANG=C.UTF-8" "LANG=vi_VN.UTF-8 LANGUAGE=en" \
	"LC_ALL=C LANG=vi_VN.UTF-8"; do
	expect 0 env -i $asked "$TINNHIEM" --help
	contains out "Commands:"
done

# errors reach the user in Vietnamese
$T init "$DEMO" v.db >/dev/null
printf '1 2 3\n' >short.txt
expect 65 env LANGUAGE=vi $T enter v.db --from short.txt
contains err "short.txt:1: 3 ký hiệu, cần 9 (mỗi người một ký hiệu)"
expect 2 env LANGUAGE=vi $T nosuch
contains err "không có lệnh \"nosuch\""

# at a terminal, a ballot past the count collected is recorded on "có" however it is typed:
# composed or decomposed (as input methods send it), in capitals; on anything else it is not
$T meeting v.db --convened 1 --present 1 --issued 1 --collected 1 >/dev/null
$T enter v.db --from "$SRC/ballots/demo-ballots.txt" --over-collected >/dev/null
n=$($T show v.db | sed -n 's/^Records: \([0-9]*\);.*/\1/p')
for answer in "có" "$(printf 'co\314\201')" "CÓ" " Có "; do
	printf '111111111\n%s\n' "$answer" >typed.txt
	at_terminal 0 typed.txt "ĐÃ LƯU phiếu số" "env LANGUAGE=vi $T enter v.db"
	contains out "Đã nhập 1 phiếu trong lần này"
done
for answer in "co" "không" "cóc"; do
	printf '111111111\n%s\n' "$answer" >typed.txt
	at_terminal 0 typed.txt "không ghi phiếu này" "env LANGUAGE=vi $T enter v.db"
	contains out "Đã nhập 0 phiếu trong lần này"
done
[ "$($T show v.db | sed -n 's/^Records: \([0-9]*\);.*/\1/p')" = $((n + 4)) ] || fail "not 4 ballots more"
ok
done_checks
