#!/bin/sh
# Builds and runs every test. SANITIZE=1 builds with AddressSanitizer and
# UndefinedBehaviorSanitizer in build-asan/ instead of build/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tests/install-deps.sh
if [ "${SANITIZE:-0}" = 1 ]; then
	dir=build-asan
	opts="-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug"
	export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
	dir=build
	opts=
fi
[ -f "$dir/build.ninja" ] || meson setup "$dir" $opts --werror >/dev/null
meson compile -C "$dir"
meson test -C "$dir" --print-errorlogs ${TN_TEST_ARGS:-}
