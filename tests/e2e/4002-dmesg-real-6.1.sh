#!/bin/sh
# A real Debian 6.1 kernel crashed under QEMU: --dump-dmesg and
# --partial-dmesg give makedumpfile 1.7.2's bytes, and the log ends with the
# sysrq crash seen on the serial console.
. "$SRCDIR/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
real_core 6.1

expect_rc 0 "$SIEVEDUMP" --dump-dmesg "$CORE" "$TMP/s" || finish
expect_rc 0 "$SIEVEDUMP" --dump-dmesg --partial-dmesg "$CORE" "$TMP/p" || finish
grep -q 'sysrq: Trigger a crash' "$TMP/s" || fail "no sysrq crash message in the log"
grep -q 'Kernel panic - not syncing' "$TMP/s" || fail "no panic message in the log"
if have_makedumpfile; then
	makedumpfile --dump-dmesg "$CORE" "$TMP/m" >/dev/null 2>&1 || fail "makedumpfile"
	makedumpfile --dump-dmesg --partial-dmesg "$CORE" "$TMP/mp" >/dev/null 2>&1 ||
		fail "makedumpfile --partial-dmesg"
	cmp "$TMP/s" "$TMP/m" >&2 && pass "6.1: $(wc -l <"$TMP/s") lines equal makedumpfile 1.7.2's" ||
		fail "6.1: log differs from makedumpfile"
	cmp "$TMP/p" "$TMP/mp" >&2 && pass "6.1: --partial-dmesg equals makedumpfile 1.7.2's" ||
		fail "6.1: --partial-dmesg differs from makedumpfile"
fi
finish
