#!/bin/sh
# A real Debian 6.1 kernel crashed under QEMU: --dump-dmesg and
# --partial-dmesg with --dmesg-format 1.7.2 give makedumpfile 1.7.2's bytes,
# and the log ends with the sysrq crash seen on the serial console.  The
# default (1.7.5+) log is that log with each record's caller-id column
# inserted from the ring (tests/lib/dmesg_caller.py).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
real_core 6.1

expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$CORE" "$TMP/s" || finish
expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg --partial-dmesg \
	"$CORE" "$TMP/p" || finish
for kind in s p; do
	opt=; [ $kind = p ] && opt=--partial-dmesg
	# shellcheck disable=SC2086
	expect_rc 0 "$SIEVEDUMP" --dump-dmesg $opt "$CORE" "$TMP/n$kind" || continue
	python3 "$SRCDIR/tests/lib/dmesg_caller.py" "$CORE" "$TMP/$kind" >"$TMP/want" &&
		cmp "$TMP/want" "$TMP/n$kind" >&2 &&
		pass "6.1${opt:+ $opt}: default log = 1.7.2's with the caller-id column" ||
		fail "6.1${opt:+ $opt}: default log differs from the caller-id rule"
done
# the guest logs from the idle task (T0), init (T1) and a few more tasks
n=$(sed -n 's/^\[ *[0-9]*\.[0-9]*\] \(\[ *T[0-9]*\]\) .*/\1/p' "$TMP/ns" | sort -u | wc -l)
[ "$n" -ge 3 ] && pass "6.1: $n task callers in the log" ||
	fail "6.1: only $n distinct callers in the default log"
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
