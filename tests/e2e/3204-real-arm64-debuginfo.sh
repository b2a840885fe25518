#!/bin/sh
# -g and -x on the real Debian 6.1 arm64 crash (runs/arm64-6.1, see 3201)
# and its debug vmlinux, against Debian's arm64 makedumpfile 1.7.2 run by
# qemu-aarch64-static (tests/lib/arm64_oracle.sh):
#  - -g: byte-identical to that makedumpfile's -g.  Under qemu-user it takes
#    about 14 minutes, so its output for 6.1.0-57-arm64 is kept in
#    tests/data/debuginfo/debian-6.1.0-57-arm64.vmcoreinfo (made by
#    `makedumpfile -g F -x vmlinux` of makedumpfile:arm64 1.7.2); when the
#    cached kernel is another build, the oracle runs;
#  - a -l -d 31 -x dump: byte-identical to that makedumpfile's -x dump (also
#    a quarter of an hour under qemu-user); sievedump's -x dump of a copy
#    whose note lost every SYMBOL/SIZE/OFFSET/LENGTH line is the same file
#    but for the note's text it carries (3005 compares that case with
#    makedumpfile's own on x86_64).
# Only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
. "$SRCDIR/tests/lib/arm64_oracle.sh"
long_run || skip "half an hour of the arm64 makedumpfile under qemu-user: set SIEVEDUMP_LONG=1"
"$SIEVEDUMP" -v | grep -q '^libdw	enabled' || skip "built without libdw"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
arm64_oracle
real_core arm64-6.1
real_vmlinux || finish

stored=$SRCDIR/tests/data/debuginfo/debian-6.1.0-57-arm64.vmcoreinfo
"$SIEVEDUMP" -g "$TMP/s.vmci" -x "$VMLINUX" >"$TMP/out" 2>&1 ||
	fail "-g: $(cat "$TMP/out")"
if cmp -s "$stored" "$TMP/s.vmci"; then
	pass "-g: byte-identical to the arm64 makedumpfile's (kept in $(basename "$stored"))"
else
	echo "the cached vmlinux is not the kept one's: running the oracle"
	mdf_arm64 -g "$TMP/m.vmci" -x "$VMLINUX" >/dev/null 2>&1 ||
		fail "arm64 makedumpfile -g"
	if cmp -s "$TMP/m.vmci" "$TMP/s.vmci"; then
		pass "-g: byte-identical to the arm64 makedumpfile's"
	else
		fail "-g differs from the arm64 makedumpfile's"
		diff "$TMP/m.vmci" "$TMP/s.vmci" | head -20 >&2
	fi
fi

rm -f "$TMP/m.dump" "$TMP/s.dump"
mdf_arm64 -l -d 31 -x "$VMLINUX" "$CORE" "$TMP/m.dump" >/dev/null 2>&1 ||
	{ fail "arm64 makedumpfile -l -d 31 -x"; finish; }
"$SIEVEDUMP" -l -d 31 -x "$VMLINUX" "$CORE" "$TMP/s.dump" >"$TMP/out" 2>&1 ||
	fail "-l -d 31 -x: $(tail -n 3 "$TMP/out")"
cmp -s "$TMP/m.dump" "$TMP/s.dump" &&
	pass "-l -d 31 -x: byte-identical ($(wc -c <"$TMP/s.dump") bytes)" ||
	fail "-l -d 31 -x differs from the arm64 makedumpfile's"

strip_note "$CORE" "$TMP/stripped" || { fail "strip the note"; finish; }
rm -f "$TMP/x.dump"
"$SIEVEDUMP" -l -d 31 -x "$VMLINUX" "$TMP/stripped" "$TMP/x.dump" \
	>"$TMP/out" 2>&1 || fail "stripped: -l -d 31 -x: $(tail -n 3 "$TMP/out")"
# the dump carries its note's text: put the full one back, then compare
if same_but_note "$CORE" "$TMP/stripped" "$TMP/m.dump" "$TMP/x.dump" \
	>"$TMP/sub" 2>&1; then
	pass "stripped note: -l -d 31 -x: the same bytes but for the note's text"
else
	fail "stripped note: -l -d 31 -x differs from the arm64 makedumpfile's full-note dump beyond the note: $(cat "$TMP/sub")"
fi
finish
