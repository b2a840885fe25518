#!/bin/sh
# A real Debian 6.12 kernel crashed under QEMU.  makedumpfile 1.7.2 does not
# know 6.12's page types, so the check is against the first kernel's own
# accounting captured just before the crash: buddy-free pages counted from
# mem_map must equal /proc/zoneinfo's free pages, within the pages the
# per-cpu lists held (those are free to the kernel but not PageBuddy) plus
# 2% for activity between the snapshot and the crash.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
real_core 6.12

hexval() { printf '%d' "$(sed -n "s/.*$1 *: 0x\([0-9a-f]*\).*/0x\1/p" "$2")"; }

"$SIEVEDUMP" --dry-run -d 31 --message-level 16 "$CORE" "$TMP/d" \
	>"$TMP/out" 2>&1 || fail "sievedump -d 31 on the 6.12 vmcore"
free=$(hexval "Free pages" "$TMP/out")
user=$(hexval "User process data pages" "$TMP/out")
zfree=$(awk '/^ *pages free/ {s += $3} END {print s}' "$RUN/zoneinfo.txt")
pcp=$(awk '/^ *count:/ {s += $2} END {print s}' "$RUN/zoneinfo.txt")
slack=$((pcp + zfree / 50))
diff=$((free - zfree))
[ "$diff" -lt 0 ] && diff=$((-diff))
if [ "$diff" -le "$slack" ]; then
	pass "free pages $free vs zoneinfo $zfree (slack $slack)"
else
	fail "free pages $free vs zoneinfo $zfree differ by $diff > $slack"
fi
# The workload holds 48 MiB of anonymous memory (12288 pages) at the crash.
[ "$user" -ge 12288 ] && pass "user pages $user" ||
	fail "only $user user pages; the workload held 12288"
# Page types of 6.12: slab pages must never count as anonymous (their
# mapping word overlays slab fields).  -d 8 alone excludes only user pages;
# the rest of the kernel (slab included) stays.
"$SIEVEDUMP" --dry-run -d 8 --message-level 16 "$CORE" "$TMP/d" \
	>"$TMP/out8" 2>&1 || fail "sievedump -d 8"
user8=$(hexval "User process data pages" "$TMP/out8")
[ "$user8" -eq "$user" ] && pass "-d 8 and -d 31 agree on user pages" ||
	fail "user pages: -d 8 gives $user8, -d 31 gives $user"
finish
