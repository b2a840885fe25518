#!/bin/sh
# -x and -g on the real Debian 6.1 x86_64 crash (tests/lib/realcore.sh)
# and its debug vmlinux (tests/qemu/fetch-kernel.sh --dbg):
#  - -g: byte-identical to makedumpfile 1.7.2's -g on that vmlinux;
#  - -x dumps at -d 31, -c (stock zlib) and -E, byte-identical to
#    makedumpfile 1.7.2's -x dumps, with the vmcore's full VMCOREINFO note
#    and with a copy whose note lost every SYMBOL/SIZE/OFFSET/LENGTH line
#    (the vmlinux then gives them all; without -x that copy is refused).
# makedumpfile -g and -x each take about a minute and a half here (it
# walks the DWARF once per key), so this runs only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
long_run || skip "minutes of makedumpfile -x: set SIEVEDUMP_LONG=1"
have_makedumpfile || skip "makedumpfile is not installed"
"$SIEVEDUMP" -v | grep -q '^libdw	enabled' || skip "built without libdw"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"
real_core 6.1
real_vmlinux || finish

makedumpfile -g "$TMP/m.vmci" -x "$VMLINUX" >/dev/null 2>&1 ||
	fail "makedumpfile -g"
if "$SIEVEDUMP" -g "$TMP/s.vmci" -x "$VMLINUX" >"$TMP/out" 2>&1 &&
   cmp -s "$TMP/m.vmci" "$TMP/s.vmci"; then
	pass "-g: byte-identical to makedumpfile's ($(wc -l <"$TMP/s.vmci") lines)"
else
	fail "-g differs from makedumpfile's"
	diff "$TMP/m.vmci" "$TMP/s.vmci" | head -20 >&2
fi

# same LABEL CORE ARGS...: the -x dump equals makedumpfile's
same() {
	label=$1 core=$2
	shift 2
	rm -f "$TMP/m.dump" "$TMP/s.dump"
	makedumpfile "$@" -x "$VMLINUX" "$core" "$TMP/m.dump" >/dev/null 2>&1 ||
		{ fail "$label: makedumpfile $* failed"; return; }
	# shellcheck disable=SC2086 # SD_ZLIB_STOCK: two words
	if ! "$SIEVEDUMP" $SD_ZLIB_STOCK "$@" -x "$VMLINUX" "$core" \
		"$TMP/s.dump" >"$TMP/out" 2>&1; then
		fail "$label: sievedump $* failed: $(tail -n 3 "$TMP/out")"
	elif cmp -s "$TMP/m.dump" "$TMP/s.dump"; then
		pass "$label: $* -x: byte-identical ($(wc -c <"$TMP/s.dump") bytes)"
	else
		fail "$label: $* -x differs from makedumpfile's"
	fi
}
same "full note" "$CORE" -c -d 31
same "full note" "$CORE" -E -d 31

# the copy whose note keeps only OSRELEASE, PAGESIZE, NUMBER(...) and the
# plain keys (KERNELOFFSET among them)
strip_note "$CORE" "$TMP/stripped" || { fail "strip the note"; finish; }
grep -q "^KERNELOFFSET=" "$RUN/vmcoreinfo.txt" || fail "the 6.1 note has no KERNELOFFSET"
"$SIEVEDUMP" -d 31 -c "$TMP/stripped" "$TMP/x.dump" >"$TMP/out" 2>&1 &&
	fail "the stripped copy dumps without -x: the test would prove nothing"
same "stripped note" "$TMP/stripped" -c -d 31
same "stripped note" "$TMP/stripped" -E -d 31

# --dump-dmesg: with -x the stripped copy gives the log of the full note
# (1.7.5's caller column too); in 1.7.2's format, makedumpfile's bytes
"$SIEVEDUMP" --dump-dmesg "$CORE" "$TMP/full.log" >/dev/null 2>&1 ||
	fail "--dump-dmesg of the full note"
rm -f "$TMP/x.log"
if "$SIEVEDUMP" --dump-dmesg -x "$VMLINUX" "$TMP/stripped" "$TMP/x.log" \
	>/dev/null 2>&1 && cmp -s "$TMP/full.log" "$TMP/x.log"; then
	pass "--dump-dmesg -x on the stripped note: the full note's log"
else
	fail "--dump-dmesg -x on the stripped note differs from the full note's"
fi
rm -f "$TMP/m.log" "$TMP/x.log"
makedumpfile --dump-dmesg -x "$VMLINUX" "$TMP/stripped" "$TMP/m.log" \
	>/dev/null 2>&1 || fail "makedumpfile --dump-dmesg -x"
if "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg -x "$VMLINUX" \
	"$TMP/stripped" "$TMP/x.log" >/dev/null 2>&1 &&
   cmp -s "$TMP/m.log" "$TMP/x.log"; then
	pass "--dmesg-format 1.7.2 --dump-dmesg -x: makedumpfile's bytes"
else
	fail "--dmesg-format 1.7.2 --dump-dmesg -x differs from makedumpfile's"
fi
finish
