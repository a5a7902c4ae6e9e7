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
	# intercept_tls_get_addr=0: up to GCC 13, the runtime's __tls_get_addr hook takes a
	# thread's dynamic TLS block that happens to start 16 bytes into a page for a glibc 2.19
	# header and reads an address from before it; LeakSanitizer's tracer then dies at exit
	# ("Tracer caught signal 11"), now and then, in the scan module's threads (poppler and
	# libjpeg keep dynamic TLS). Leaks are still found; nothing here keeps a heap pointer
	# in dynamic TLS alone.
	export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:intercept_tls_get_addr=0
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
	dir=build
	opts=
fi
[ -f "$dir/build.ninja" ] || meson setup "$dir" $opts --werror >/dev/null
meson compile -C "$dir"
meson test -C "$dir" --print-errorlogs ${TN_TEST_ARGS:-}
