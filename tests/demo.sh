#!/bin/sh
# The README's first command: installs what is missing, builds, and runs the demo vote end to
# end (definition, ballot PDF, meeting facts, entry, key, seal, minutes, bundle, verify) in
# demo/. Every name in it is fictitious.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tests/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null
T=$top/build/src/tinnhiem
rm -rf demo
mkdir demo
cd demo
step() { printf '\n== %s\n' "$*"; }

step "1. the vote file, from the definition"
$T init ../ballots/demo.ini demo.db
step "2. the blank paper ballot"
$T ballots demo.db -o phieu-tin-nhiem.pdf --copies 35
step "3. the meeting facts"
$T meeting demo.db --present 33 --issued 33 --collected 33
step "4. the 33 paper ballots, typed in"
$T enter demo.db --from ../ballots/demo-ballots.txt
step "5. provisional results"
$T tally demo.db
step "6. a signing key for the counting board (demo passphrase in demo/pass.txt)"
printf 'demo passphrase, not for real use\n' >pass.txt
$T keygen -o ban-kiem-phieu --passphrase-file pass.txt
step "7. the seal"
$T close demo.db --key ban-kiem-phieu.key --passphrase-file pass.txt
hash=$($T verify demo.db | sed -n 's/^sealed; tally hash \(.*\): matches.*/\1/p')
step "8. the minutes, as PDF and as text"
$T minutes demo.db -o bien-ban-kiem-phieu.pdf
$T minutes demo.db -o bien-ban-kiem-phieu.txt
step "9. the observers' bundle, verified"
$T export demo.db -o demo.bundle
$T verify demo.bundle --pubkey ban-kiem-phieu.pub --expect "$hash" | tail -1
cat <<EOT

The demo vote is done. Look in demo/:
  phieu-tin-nhiem.pdf        the blank paper ballot
  bien-ban-kiem-phieu.pdf    the minutes to print and sign (and .txt)
  demo.bundle                what observers receive; check it with tinnhiem verify
  ban-kiem-phieu.pub         the board's public key
The tally hash in the minutes: $hash
EOT
