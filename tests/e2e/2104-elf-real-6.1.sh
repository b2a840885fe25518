#!/bin/sh
# A real Debian 6.1 vmcore (a partial last page in a PT_LOAD, the kernel-
# text PT_LOAD overlapping RAM, makedumpfile in its cyclic mode): -E files
# and reports equal makedumpfile 1.7.2's at dump levels 0, 1 and 31.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
CORE="$CACHE/runs/6.1/vmcore"
[ -s "$CORE" ] || skip "no cached Debian 6.1 vmcore ($CORE)"

report() { sed -n '/^Original pages/,/^Write bytes/p' "$1"; }
for level in 0 1 31; do
	rm -f "$TMP/s" "$TMP/m"
	"$SIEVEDUMP" -E -d $level --message-level 16 "$CORE" "$TMP/s" \
		>"$TMP/s.out" 2>&1 || { fail "-d $level: sievedump"; continue; }
	makedumpfile -E -d $level --message-level 16 "$CORE" "$TMP/m" \
		>"$TMP/m.out" 2>&1 || { fail "-d $level: makedumpfile"; continue; }
	cmp "$TMP/s" "$TMP/m" >&2 && pass "-E -d $level: same file" ||
		fail "-E -d $level: files differ"
	report "$TMP/s.out" >"$TMP/s.rep"
	report "$TMP/m.out" >"$TMP/m.rep"
	cmp -s "$TMP/s.rep" "$TMP/m.rep" && pass "-E -d $level: same report" ||
		{ fail "-E -d $level: reports differ"; diff "$TMP/s.rep" "$TMP/m.rep" >&2; }
done
rm -f "$TMP/s" "$TMP/m"
# split and reassemble on the same vmcore
"$SIEVEDUMP" --split $SD_ZLIB_STOCK -c -d 31 --splitblock-size 65536 "$CORE" "$TMP/s1" "$TMP/s2" "$TMP/s3" \
	>/dev/null 2>&1 || fail "--split"
makedumpfile --split -c -d 31 --splitblock-size 65536 "$CORE" "$TMP/m1" "$TMP/m2" "$TMP/m3" \
	>/dev/null 2>&1 || fail "makedumpfile --split"
for i in 1 2 3; do
	cmp "$TMP/s$i" "$TMP/m$i" >&2 && pass "--split file $i" || fail "--split file $i differs"
done
"$SIEVEDUMP" $SD_ZLIB_STOCK -c -d 31 "$CORE" "$TMP/whole" >/dev/null 2>&1 || fail "whole dump"
"$SIEVEDUMP" --reassemble "$TMP/s1" "$TMP/s2" "$TMP/s3" "$TMP/re" >/dev/null 2>&1 ||
	fail "--reassemble"
cmp "$TMP/re" "$TMP/whole" >&2 && pass "--reassemble = the dump without --split" ||
	fail "--reassemble differs"
finish
