#!/bin/sh
# Pages whose reads fail with EIO (sdgen-fuse --eio-pfn): the kdump dump
# skips them and goes on; each is named (file, file offset, pfn), the count
# ends the run and is in the report; the header is marked incomplete and
# the exit code is 1.  The bad pfns read as not present (never as zeros),
# every other kept page equals the source (libkdumpfile), and the dump can
# be read again by sievedump and makedumpfile (refiltering).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
fault_machine "mem=64M;seed=3"
# Bad pfns from the kept set: 2 pages of one run, 1 of another.
set -- $(low_kept_runs 1,2p)
[ $# -eq 4 ] || { fail "no kept runs to spoil"; finish; }
b1=$(($1 + 1)); b2=$(($1 + 3)); b3=$3
bad=$(printf '0x%x-0x%x,0x%x' $b1 $b2 $b3)
fuse_mount "$TMP/mnt" --eio-pfn "$bad" -e "$spec" || skip "cannot mount FUSE here"

expect_rc 1 timeout 60 "$SIEVEDUMP" -c -d 31 --show-stats "$TMP/mnt/vmcore" "$TMP/dump" &&
	pass "unreadable pages: exit 1"
first=$(printf 'pfn 0x%x is unreadable and left out of the dump: %s: PT_LOAD' $b1 "$TMP/mnt/vmcore")
expect_grep "$TMP/out" "$first" && pass "warning names the first pfn and the file"
expect_grep "$TMP/out" "at file offset 0x" && pass "warning names the file offset"
expect_grep "$TMP/err" "3 unreadable page(s) are not in the dump" &&
	pass "the count closes the run"
expect_grep "$TMP/out" "Unreadable pages : 0x0000000000000003" &&
	pass "the count is in the report"
expect_grep "$TMP/out" "This is an incomplete dumpfile" && pass "incomplete message"
st=$(header_status "$TMP/dump")
[ $((st & 8)) -eq 8 ] && pass "status $st has the incomplete bit" ||
	fail "status $st lacks the incomplete bit"
check_dump "$TMP/dump" "$TMP/core" "$TMP/kept" "$bad" &&
	pass "bad pfns not present, all other kept pages equal the source" ||
	fail "dump content (libkdumpfile)"

# Read back: refiltered by sievedump and by makedumpfile.
expect_rc 0 timeout 60 "$SIEVEDUMP" -c -d 31 "$TMP/dump" "$TMP/re" &&
	check_dump "$TMP/re" "$TMP/core" "$TMP/kept" "$bad" &&
	pass "sievedump reads it back (refilter): same pages"
if have_makedumpfile; then
	timeout 60 makedumpfile -c -d 31 "$TMP/dump" "$TMP/mk" >/dev/null 2>&1 &&
		check_dump "$TMP/mk" "$TMP/core" "$TMP/kept" "$bad" &&
		pass "makedumpfile reads it back (refilter): same pages" ||
		fail "makedumpfile cannot refilter the dump"
fi

# Control: the same machine without faults dumps cleanly (the test can fail).
fuse_umount "$TMP/mnt"
fuse_mount "$TMP/mnt" -e "$spec" || fail "remount"
expect_rc 0 timeout 60 "$SIEVEDUMP" -c -d 31 "$TMP/mnt/vmcore" "$TMP/clean" &&
	! check_dump "$TMP/clean" "$TMP/core" "$TMP/kept" "$bad" 2>/dev/null &&
	pass "control: without faults the pfns are present (checker can fail)"
finish
