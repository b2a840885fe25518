#!/bin/sh
# SIGTERM, SIGINT and SIGHUP in the middle of a kdump-compressed dump (a
# slow FUSE vmcore keeps the copy going for seconds): exit 1 with
# "interrupted by SIG...", the header marked incomplete (status 0x8), the
# pages written so far readable and equal to the source, the rest not
# present (never a zero descriptor), and no other file left behind.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
fault_machine "mem=64M;seed=3"
for sig in TERM INT HUP; do
	# a fresh mount per run: nothing comes from the page cache
	fuse_mount "$TMP/mnt" --delay-us 10000 -e "$spec" || skip "cannot mount FUSE here"
	rm -rf "$TMP/o" && mkdir "$TMP/o"
	run_bg "$TMP/out" "$TMP/err" timeout 60 "$SIEVEDUMP" -c -d 31 "$TMP/mnt/vmcore" "$TMP/o/dump"
	stop_mid_copy $sig "$TMP/err"
	[ "$BG_RC" = 1 ] && pass "SIG$sig: exit 1" || fail "SIG$sig: exit $BG_RC"
	expect_grep "$TMP/err" "interrupted by SIG$sig" && pass "SIG$sig: reason given"
	expect_grep "$TMP/out" "This is an incomplete dumpfile" && pass "SIG$sig: incomplete message"
	st=$(header_status "$TMP/o/dump")
	[ $((st & 8)) -eq 8 ] && pass "SIG$sig: status $st is incomplete" || fail "SIG$sig: status $st"
	check_dump --partial "$TMP/o/dump" "$TMP/core" "$TMP/kept" "" >"$TMP/chk" &&
		pass "SIG$sig: written pages equal the source, the rest not present" ||
		fail "SIG$sig: content"
	grep -q " 0 missing" "$TMP/chk" && fail "SIG$sig: the dump was complete (signal too late)"
	[ "$(ls -A "$TMP/o")" = dump ] && pass "SIG$sig: no other file left" ||
		fail "SIG$sig: left $(ls -A "$TMP/o" | tr '\n' ' ')"
	fuse_umount "$TMP/mnt"
done
finish
