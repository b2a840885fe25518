#!/bin/sh
# A printk ring whose head_id is tail_id - 1 (sdgen corrupt=prb_loop): the
# walk from tail to head would go once round the whole 2^62 id space, a
# cycle through the descriptors.  makedumpfile 1.7.2 walks it (it does not
# end within the limit here); sievedump scans each descriptor slot once,
# warns naming the vmcore, prb and both ids, and writes the same log as
# the intact ring.  The page dump does not read the ring and is unchanged.
# (4006 covers the other ring corruptions: bad states, ids of other laps,
# swapped lpos, a head far beyond the tail, unreadable arrays.)
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/corrupt.sh"

spec='flavour=6.1;mem=64M;seed=21'
gen "$spec" && timeout "$LIMIT" "$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/good" \
	>/dev/null 2>&1 || fail "dmesg of the intact ring"
for f in 6.1 6.12; do
	s="flavour=$f;mem=64M;seed=21;corrupt=prb_loop"
	gen "$s" || continue
	rm -f "$TMP/log.txt"
	if expect_rc 0 timeout "$LIMIT" "$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/log.txt"; then
		expect_grep "$TMP/err" "$TMP/core: prb at 0x" &&
		expect_grep "$TMP/err" "tail_id 0x3ffffffffffffffa, head_id 0x3ffffffffffffff9: more ids than descriptors" &&
		expect_grep "$TMP/log.txt" "Kernel panic - not syncing: sysrq triggered crash" &&
		pass "$f: the cycle ends at once with a warning"
		[ "$f" = 6.1 ] && { cmp -s "$TMP/good" "$TMP/log.txt" ||
			fail "the log differs from the intact ring's"; }
	fi
done
if have_makedumpfile; then
	timeout 5 makedumpfile --dump-dmesg "$TMP/core" "$TMP/mlog.txt" >/dev/null 2>&1
	echo "makedumpfile 1.7.2 --dump-dmesg: exit $? (124: still walking after 5 s)"
fi
expect_written "$spec;corrupt=prb_loop" 31
finish
