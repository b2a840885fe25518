#!/bin/sh
# A full disk (a small tmpfs): the dump is written as far as it fits, marked
# incomplete (status 0x8) exactly as makedumpfile marks it, exit 1; the
# pages that reached the disk stay readable.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ "$(id -u)" -eq 0 ] || skip "mounting a tmpfs needs root"
mkdir -p "$TMP/a" "$TMP/b"
mount -t tmpfs -o size=6m tmpfs "$TMP/a" 2>/dev/null || skip "cannot mount tmpfs here"
mount -t tmpfs -o size=6m tmpfs "$TMP/b" || { umount "$TMP/a"; skip "cannot mount tmpfs"; }
trap 'umount "$TMP/a" "$TMP/b" 2>/dev/null; rm -rf "$TMP"' EXIT

"$SDGEN" -e "mem=128M;seed=12" "$TMP/core" || fail "sdgen"
expect_rc 1 "$SIEVEDUMP" $SD_ZLIB_STOCK -c -d 1 "$TMP/core" "$TMP/a/dump" &&
	expect_grep "$TMP/err" "No space left on device" &&
	pass "disk full: exit 1 with the reason"
status=$(od -An -tu4 -j424 -N4 "$TMP/a/dump" | tr -d ' ')
[ $((status & 8)) -eq 8 ] && pass "status $status has the incomplete bit" ||
	fail "status $status lacks the incomplete bit"
if have_makedumpfile; then
	makedumpfile -c -d 1 "$TMP/core" "$TMP/b/dump" >/dev/null 2>&1
	cmp -s "$TMP/a/dump" "$TMP/b/dump" && pass "same bytes as makedumpfile on a full disk" ||
		fail "differs from makedumpfile's incomplete dump"
fi
if /usr/bin/python3 -c 'import kdumpfile' 2>/dev/null; then
	/usr/bin/python3 - "$TMP/a/dump" "$TMP/core" <<'PY' && pass "first kept pages readable" || fail "incomplete dump unreadable"
import sys, kdumpfile
k = kdumpfile.kdumpfile(sys.argv[1])
page = k.read(kdumpfile.KDUMP_MACHPHYSADDR, 0x100000, 4096)
assert len(page) == 4096
PY
fi
finish
