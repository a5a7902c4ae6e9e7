#!/bin/sh
# The wrapper of `meson test --setup valgrind`: test programs run under memcheck; the
# end-to-end shell scripts run as they are and put each tinnhiem they start under memcheck
# themselves (TN_VALGRIND, tests/e2e/lib.sh).
case $1 in
*/sh | */bash | sh | bash) exec "$@" ;;
esac
exec $TN_VALGRIND "$@"
