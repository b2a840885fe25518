#!/bin/sh
# Bitmaps larger than the writer's 256 KiB buffer (a 32 GiB machine served
# by FUSE: 1 MiB per bitmap): makedumpfile writes each slice as one record;
# sievedump makes the same record from pieces.  -F streams (whole, and cut
# by -L inside the bitmaps) and files equal makedumpfile's byte for byte,
# and the peak RSS stays below makedumpfile's.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"
[ -x "$SDGEN_FUSE" ] || skip "sdgen-fuse not built (libfuse3-dev missing)"
[ -c /dev/fuse ] || skip "/dev/fuse is not available"
command -v fusermount3 >/dev/null 2>&1 || skip "fusermount3 is not installed"

mnt=$TMP/mnt
mkdir -p "$mnt"
trap 'fusermount3 -u "$mnt" 2>/dev/null; rm -rf "$TMP"' EXIT
"$SDGEN_FUSE" -e "mem=32G;seed=4;mix=free:97 kernel:1 anon:1 cache:1" "$mnt" ||
	skip "cannot mount FUSE here"
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$mnt/vmcore" ] && break; sleep 0.2; done
core=$mnt/vmcore

for limit in "" "-L 300000" "-L 1200000"; do
	"$SIEVEDUMP" -F -l -d 31 $limit "$core" 2>/dev/null >"$TMP/s"
	makedumpfile -F -l -d 31 $limit "$core" 2>/dev/null >"$TMP/m"
	cmp -s "$TMP/s" "$TMP/m" && pass "-F ${limit:-(no limit)}: same stream ($(stat -c %s "$TMP/s") bytes)" ||
		fail "-F ${limit:-(no limit)}: stream differs from makedumpfile's"
done
"$SIEVEDUMP" -l -d 31 "$core" "$TMP/sf" >/dev/null 2>&1 || fail "file dump"
makedumpfile -l -d 31 "$core" "$TMP/mf" >/dev/null 2>&1
cmp -s "$TMP/sf" "$TMP/mf" && pass "file: same bytes" || fail "file differs"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o "$TMP/rs" "$SIEVEDUMP" -F -l -d 31 "$core" >/dev/null 2>&1
	/usr/bin/time -f %M -o "$TMP/rm" makedumpfile -F -l -d 31 "$core" >/dev/null 2>&1
	rs=$(tail -1 "$TMP/rs") rm=$(tail -1 "$TMP/rm")
	[ "$rs" -lt "$rm" ] && pass "-F peak RSS $rs KiB < makedumpfile's $rm KiB" ||
		fail "-F peak RSS $rs KiB, makedumpfile $rm KiB"
fi
finish
