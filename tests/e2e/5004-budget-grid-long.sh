#!/bin/sh
# The budget grid (tests/budget-grid.sh) on the larger machines: a real
# Debian 6.1 vmcore (-l, -c, -E), and FUSE machines of 64 GiB, 1 TiB and
# 4 TiB (clustered, mostly free; -l -d 31 --dry-run, their dumps would not
# fit on the disk).  Plan and run agree at every budget, no run peaks above
# its budget, and the prediction is within 10%.  Tens of minutes: it runs
# with SIEVEDUMP_LONG=1 (make check-long); the table is in doc/testing.md.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "a grid of many minutes: set SIEVEDUMP_LONG=1 (make check-long)"
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (package time)"
[ -z "${VALGRIND:-}" ] || skip "peak RSS means nothing under valgrind"

grid() {	# LABEL STEPS CORE OPTIONS...
	label=$1 steps=$2 core=$3
	shift 3
	sh "$SRCDIR/tests/budget-grid.sh" -s "$steps" "$core" "$TMP" -- "$@" \
		>"$TMP/grid" 2>&1
	rc=$?
	sed "s/^/  $label: /" "$TMP/grid"
	[ $rc -eq 0 ] && pass "grid $label $*" || fail "grid $label $*"
}

. "$SRCDIR/tests/lib/realcore.sh"
real_core 6.1
grid real-6.1 4 "$CORE" -l -d 31
grid real-6.1 4 "$CORE" -c -d 31
grid real-6.1 2 "$CORE" -E -d 31

if [ -x "$SDGEN_FUSE" ] && [ -c /dev/fuse ] &&
   command -v fusermount3 >/dev/null 2>&1; then
	mnt=$TMP/mnt
	mkdir -p "$mnt"
	trap 'fusermount3 -u "$mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
	for mem in 64G 1T 4T; do
		steps=2; [ $mem = 4T ] && steps=1
		"$SDGEN_FUSE" -e "flavour=6.1;mem=$mem;seed=5;pattern=clustered;mix=kernel:1 cache:1 anon:1 free:97" "$mnt" ||
			{ fail "mount $mem"; continue; }
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ -e "$mnt/vmcore" ] && break
			sleep 0.2
		done
		grid "fuse-$mem" $steps "$mnt/vmcore" -l -d 31 --dry-run
		fusermount3 -u "$mnt"
		sleep 0.2
	done
else
	echo "# FUSE is not available here: the generated machines are left out"
fi
finish
