#!/bin/sh
# ninh-thuan-filled.sh SRC OUT: the shipped Ninh Thuận template with every blank filled in, as
# the Board would fill it (used by the tests; the template itself is refused until filled).
set -eu
sed -e 's/^date *= ….*/date = 2023-06-28/' \
	-e 's/Kế hoạch số …-KH\/ĐUK ngày …/Kế hoạch số 15-KH\/ĐUK ngày 20\/4\/2023/' \
	-e 's/^convened = ….*/convened = 33/' \
	-e 's/^member = … | Trưởng ban/member = Đặng Thị Thu | Trưởng ban/' \
	-e 's/^member = … | Ủy viên/member = Phạm Văn Lộc | Ủy viên/' \
	-e 's/^name *= …$/name = Hồ Thị Mai/' \
	"$1/ballots/ninh-thuan-bch-khoa-vii.ini" >"$2"
if grep -n '…' "$2" | grep -v '^[0-9]*:;'; then
	echo "a blank is left in $2" >&2
	exit 1
fi
