#!/bin/sh
# A full disk (a small tmpfs) under -E and --split (test 2007 covers the
# kdump file): exit 1 with the reason, the output marked incomplete
# (e_flags |= 1; every --split part's status |= 0x8), for -E the same
# bytes as makedumpfile 1.7.2 writes on the same full disk, and the first
# pages of a --split part read back.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
[ "$(id -u)" -eq 0 ] || skip "mounting a tmpfs needs root"
need_kdumpfile
mkdir -p "$TMP/a" "$TMP/b"
mount -t tmpfs -o size=6m tmpfs "$TMP/a" 2>/dev/null || skip "cannot mount tmpfs here"
mount -t tmpfs -o size=6m tmpfs "$TMP/b" || { umount "$TMP/a"; skip "cannot mount tmpfs"; }
trap 'umount "$TMP/a" "$TMP/b" 2>/dev/null; rm -rf "$TMP"' EXIT

"$SDGEN" -e "mem=64M;seed=3" --kept 31 "$TMP/kept" "$TMP/core" || fail "sdgen"

expect_rc 1 timeout 60 "$SIEVEDUMP" -E -d 31 "$TMP/core" "$TMP/a/elf" &&
	expect_grep "$TMP/err" "No space left on device" && pass "-E: exit 1 with the reason"
[ "$(elf_flags "$TMP/a/elf")" = 1 ] && pass "-E: e_flags incomplete" ||
	fail "-E: e_flags $(elf_flags "$TMP/a/elf")"
# (libkdumpfile 0.5 takes SIGBUS on a segment that claims bytes past the end
# of the file, as makedumpfile leaves it: the bytes are checked instead)
if have_makedumpfile; then
	timeout 60 makedumpfile -E -d 31 "$TMP/core" "$TMP/b/elf" >/dev/null 2>&1
	cmp -s "$TMP/a/elf" "$TMP/b/elf" && pass "-E: same bytes as makedumpfile on a full disk" ||
		fail "-E: differs from makedumpfile's incomplete file"
fi
rm -f "$TMP/a/elf" "$TMP/b/elf"

expect_rc 1 timeout 60 "$SIEVEDUMP" --split -c -d 0 "$TMP/core" "$TMP/a/s1" "$TMP/a/s2" &&
	expect_grep "$TMP/out" "No space left on device" && pass "--split: exit 1 with the reason"
for f in s1 s2; do
	st=$(header_status "$TMP/a/$f")
	[ $((st & 8)) -eq 8 ] && pass "--split: $f status $st is incomplete" ||
		fail "--split: $f status $st"
done
# (makedumpfile's children fill the disk in parallel, so which part gets
# how much is a race there: no byte comparison)
/usr/bin/python3 - "$TMP/a/s1" <<'PY' && pass "--split: first kept pages of part 1 readable" || fail "--split: part 1 unreadable"
import sys, kdumpfile
k = kdumpfile.kdumpfile(sys.argv[1])
assert len(k.read(kdumpfile.KDUMP_MACHPHYSADDR, 0x100000, 4096)) == 4096
PY
finish
