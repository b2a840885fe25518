#!/bin/sh
# The memory promise near the floor (tests/budget-grid.sh): on a small
# fragmented machine and on a kdump file refiltered, from the refusal point
# to twice it, --plan's "fits" and the run agree, a run never peaks above
# its budget, its dump is the one made without a budget, and the predicted
# peak is within 10% of the measured one; a refusal says why.  Also an
# arm64 machine (4 KiB pages, VA_BITS 48) with -l.  `make check` runs the
# -l, -E and arm64 grids, `make check-long` the -c and refilter ones too.
# Larger machines: run tests/budget-grid.sh on them by hand
# (doc/testing.md), or 5004.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (package time)"
[ -z "${VALGRIND:-}" ] || skip "peak RSS means nothing under valgrind"

"$SDGEN" -e 'mem=1G;seed=11;pattern=clustered' "$TMP/core" || fail "sdgen"
grid() {
	sh "$SRCDIR/tests/budget-grid.sh" -s 3 "$@" >"$TMP/grid" 2>&1
	rc=$?
	sed 's/^/  /' "$TMP/grid"
	[ $rc -eq 0 ] && pass "grid $*" || fail "grid $*"
}
grid "$TMP/core" "$TMP" -- -l -d 31
long_run && grid "$TMP/core" "$TMP" -- -c -d 31
grid "$TMP/core" "$TMP" -- -E -d 31
if long_run; then
	"$SIEVEDUMP" -l -d 1 "$TMP/core" "$TMP/k1" >/dev/null 2>&1 || fail "kdump input"
	grid "$TMP/k1" "$TMP" -- -l -d 31
fi
"$SDGEN" -e 'arch=arm64;flavour=6.1;va=48;mem=1G;seed=4;pattern=clustered' \
	"$TMP/arm64" || fail "sdgen arm64"
grid "$TMP/arm64" "$TMP" -- -l -d 31
finish
