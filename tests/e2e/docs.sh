#!/bin/sh
# The README's quick start runs as written; man pages render; bash completion works; install.
. "$(dirname "$0")/lib.sh"
: "${TN_BUILD_ROOT:?build tree}"

# --- the quick start is exactly the two commands that this test runs
sed -n '/^## Quick start/,/^## /p' "$SRC/README.md" | sed -n '/^```sh$/,/^```$/p' |
	grep -v '^```' | sed 's/ *#.*//' >quick.txt
printf 'sh tests/demo.sh\nsh tests/check.sh\n' >want.txt
same quick.txt want.txt

# --- the demo, run as written in a copy of the source tree
mkdir tree
(cd "$SRC" && tar --exclude='./build*' --exclude=./demo --exclude=./.git -cf - .) |
	(cd tree && tar -xf -)
# as a user runs it: its own build finds its own modules (the suite's may be sanitized)
(cd tree && env -u TINNHIEM_MODULEDIR sh tests/demo.sh) >demo.out 2>&1 || {
	cat demo.out >&2
	fail "the demo failed"
}
ok
contains demo.out "verified: everything matches"
for f in demo.db phieu-tin-nhiem.pdf bien-ban-kiem-phieu.pdf bien-ban-kiem-phieu.txt \
	demo.bundle ban-kiem-phieu.pub; do
	[ -s "tree/demo/$f" ] || fail "the demo made no $f"
done
ok
contains tree/demo/bien-ban-kiem-phieu.txt "BIÊN BẢN KIỂM PHIẾU"

# --- man pages: they render, without warnings
for page in tinnhiem.1 tinnhiem-definition.5 tinnhiem-bundle.5; do
	[ -s "$TN_BUILD_ROOT/docs/$page" ] || fail "$page was not built"
	MANWIDTH=80 man --warnings -l -Tutf8 "$TN_BUILD_ROOT/docs/$page" >page.txt 2>warn.txt
	[ -s warn.txt ] && { cat warn.txt >&2; fail "$page: warnings"; }
	contains page.txt "tinnhiem"
done
MANWIDTH=80 man -l "$TN_BUILD_ROOT/docs/tinnhiem.1" >page.txt 2>/dev/null
for cmd in init show ballots meeting enter scan void decide reconcile tally keygen close cosign minutes journal export verify; do
	contains page.txt "$cmd"
done

# --- the Vietnamese man pages: built, rendered without warnings, in Vietnamese, and naming
# every command and every option that the English pages name (so that neither falls behind)
for page in tinnhiem.1 tinnhiem-definition.5 tinnhiem-bundle.5; do
	[ -s "$TN_BUILD_ROOT/docs/vi/$page" ] || fail "vi/$page was not built"
	MANWIDTH=80 man --warnings -l -Tutf8 "$TN_BUILD_ROOT/docs/vi/$page" >vi.txt 2>warn.txt
	[ -s warn.txt ] && { cat warn.txt >&2; fail "vi/$page: warnings"; }
	MANWIDTH=80 man -l "$TN_BUILD_ROOT/docs/vi/$page" >vi.txt 2>/dev/null
	contains vi.txt "TÊN"
	contains vi.txt "XEM THÊM"
	grep -o -- '--[a-z][a-z-]*' "$SRC/docs/$page.scd" | sort -u >en.opts
	grep -o -- '--[a-z][a-z-]*' "$SRC/docs/vi/$page.scd" | sort -u >vi.opts
	same en.opts vi.opts
	grep -o '^\*[a-z]*\*' "$SRC/docs/$page.scd" | sort -u >en.cmds
	grep -o '^\*[a-z]*\*' "$SRC/docs/vi/$page.scd" | sort -u >vi.cmds
	same en.cmds vi.cmds
done
MANWIDTH=80 man -l "$TN_BUILD_ROOT/docs/vi/tinnhiem.1" >page.txt 2>/dev/null
contains page.txt "kiểm phiếu giấy của cuộc lấy phiếu tín nhiệm giữa nhiệm kỳ"
for cmd in init show ballots meeting enter scan void decide reconcile tally keygen close cosign minutes journal export verify; do
	contains page.txt "$cmd"
done

# --- bash completion: loads cleanly and completes
cat >comp.sh <<EOS
source "$SRC/docs/tinnhiem.bash-completion" || exit 1
COMP_WORDS=(tinnhiem ve); COMP_CWORD=1; _tinnhiem; echo "1:\${COMPREPLY[*]}"
COMP_WORDS=(tinnhiem re); COMP_CWORD=1; _tinnhiem; echo "2:\${COMPREPLY[*]}"
COMP_WORDS=(tinnhiem tally v.db --format ""); COMP_CWORD=4; _tinnhiem; echo "3:\${COMPREPLY[*]}"
COMP_WORDS=(tinnhiem enter v.db --p); COMP_CWORD=3; _tinnhiem; echo "4:\${COMPREPLY[*]}"
EOS
expect 0 bash comp.sh
[ ! -s err ] || fail "completion printed errors"
ok
contains out "1:verify"
contains out "2:reconcile"
contains out "3:text csv json"
contains out "4:--pass"

# --- meson install puts the program, the catalogue, the man pages and the completion in place
DESTDIR=$WORK/root meson install -C "$TN_BUILD_ROOT" --no-rebuild >install.txt 2>&1 || {
	cat install.txt >&2
	fail "meson install"
}
for f in bin/tinnhiem share/man/man1/tinnhiem.1 share/man/man5/tinnhiem-definition.5 \
	share/man/man5/tinnhiem-bundle.5 share/man/vi/man1/tinnhiem.1 \
	share/man/vi/man5/tinnhiem-definition.5 share/man/vi/man5/tinnhiem-bundle.5 \
	share/bash-completion/completions/tinnhiem share/locale/vi/LC_MESSAGES/tinnhiem.mo \
	tinnhiem/tinnhiem-pdf.so tinnhiem/tinnhiem-scan.so tinnhiem/tinnhiem-names.so; do
	find root -path "*/$f" | grep -q . || fail "not installed: $f"
done
ok
# man -L vi finds the Vietnamese pages where meson installed them; without it, the English
MANPATH=$(find "$WORK/root" -path "*/share/man" -type d | head -n 1)
export MANPATH
[ -n "$MANPATH" ] || fail "no share/man installed"
expect 0 env MANWIDTH=80 man -L vi tinnhiem
contains out "kiểm phiếu giấy của cuộc lấy phiếu tín nhiệm giữa nhiệm kỳ"
contains out "CÁC LỆNH"
expect 0 env MANWIDTH=80 man -L vi 5 tinnhiem-definition
contains out "MẪU VÀ CHỖ TRỐNG"
expect 0 env MANWIDTH=80 man -L vi 5 tinnhiem-bundle
contains out "KIỂM CHỨNG"
expect 0 env MANWIDTH=80 man -L en tinnhiem
contains out "count the paper ballots of a mid-term confidence vote"
lacks out "CÁC LỆNH"
done_checks
