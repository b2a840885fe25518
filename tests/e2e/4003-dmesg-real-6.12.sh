#!/bin/sh
# A real Debian 6.12 kernel crashed under QEMU.  makedumpfile 1.7.2 is no
# oracle for 6.12 page rules, so the log is checked against the guest's
# serial console: every line the first kernel printed on the console is in
# the dmesg log, in the same order, and the log ends where the console's
# first-kernel output ends, after the sysrq crash.  (KERN_DEBUG lines are in
# the log but not on the console.)  The bytes also equal makedumpfile
# 1.7.2's (--dmesg-format 1.7.2), whose printk ring reader is the same for
# 6.12, and the default (1.7.5+) log is that log with each record's
# caller-id column inserted from the ring (tests/lib/dmesg_caller.py).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
real_core 6.12
[ -s "$RUN/console.log" ] || skip "no console.log next to $CORE"

expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$CORE" "$TMP/s" || finish
expect_rc 0 "$SIEVEDUMP" --dump-dmesg "$CORE" "$TMP/n" &&
	python3 "$SRCDIR/tests/lib/dmesg_caller.py" "$CORE" "$TMP/s" >"$TMP/want" &&
	cmp "$TMP/want" "$TMP/n" >&2 &&
	pass "6.12: default log = 1.7.2's with the caller-id column" ||
	fail "6.12: default log differs from the caller-id rule"
# console lines with their "[ seconds] " prefix (escape sequences dropped),
# up to the capture kernel's own "Linux version"
tr -d '\r' <"$RUN/console.log" |
	sed -n 's/^.*\(\[ *[0-9][0-9]*\.[0-9]\{6\}\] \)/\1/p' |
	awk '/\] Linux version / && seen++ { exit } { print }' >"$TMP/console"
# the log with continuation lines given their record's prefix, as the
# console prints them
awk '/^\[/ { p = substr($0, 1, index($0, "] ") + 1); print; next }
     { sub(/^ +/, ""); print p $0 }' "$TMP/s" >"$TMP/log"
n=$(wc -l <"$TMP/console")
[ "$n" -gt 100 ] || fail "console.log has only $n first-kernel lines"
missing=$(awk 'NR == FNR { want[++n] = $0; next }
	       i < n && $0 == want[i + 1] { i++ }
	       END { print n - i; if (i < n) print "  first missing: " want[i + 1] > "/dev/stderr" }' \
	"$TMP/console" "$TMP/log")
if [ "$missing" -eq 0 ]; then
	pass "6.12: all $n console lines are in the dmesg log, in order"
else
	fail "6.12: $missing of $n console lines are not in the dmesg log in order"
fi
[ "$(tail -n 1 "$TMP/log")" = "$(tail -n 1 "$TMP/console")" ] ||
	fail "the log does not end where the first kernel's console output ends"
last=$(grep -n 'sysrq: Trigger a crash' "$TMP/log" | tail -n 1 | cut -d: -f1)
total=$(wc -l <"$TMP/log")
if [ -n "$last" ] && [ $((total - last)) -lt 80 ]; then
	pass "6.12: the log ends with the sysrq crash ($((total - last)) lines of oops after it)"
else
	fail "6.12: no sysrq crash at the end of the log"
fi
if have_makedumpfile; then
	makedumpfile --dump-dmesg "$CORE" "$TMP/m" >/dev/null 2>&1 || fail "makedumpfile"
	cmp "$TMP/s" "$TMP/m" >&2 && pass "6.12: log equals makedumpfile 1.7.2's" ||
		fail "6.12: log differs from makedumpfile"
fi
finish
