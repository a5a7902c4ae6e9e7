#!/bin/sh
# Renders the user guide's illustrations from the demo vote: sh docs/images/make.sh
# (runs the demo first; needs poppler-utils).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
sh "$top/tests/demo.sh" >/dev/null
cd "$top/docs/images"
pdftoppm -r 70 -png -f 1 -l 1 "$top/demo/bien-ban-kiem-phieu.pdf" bien-ban-trang
pdftoppm -r 70 -png -f 2 -l 2 "$top/demo/bien-ban-kiem-phieu.pdf" bien-ban-trang
pdftoppm -r 70 -png -f 1 -l 1 "$top/demo/phieu-tin-nhiem.pdf" phieu-tin-nhiem
ls -1 *.png
