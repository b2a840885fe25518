#!/bin/sh
# Unreadable pages under -F and --split: the 2nd bitmap is written again
# after the cycle's pages, as a later -F record (which -R applies over the
# first) or in every --split file.  The rebuilt and the reassembled dumps
# are marked incomplete, lack exactly the bad pfns and equal the source
# everywhere else.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
fault_machine "mem=64M;seed=8"
# one bad pfn near the start of memory, two in the last runs below the
# kernel image: the --split files each get some
set -- $(low_kept_runs '1p;$p')
[ $# -eq 4 ] || { fail "no kept runs to spoil"; finish; }
bad=$(printf '0x%x,0x%x-0x%x' $(($1 + 1)) $(($3 + 1)) $(($3 + 3)))
fuse_mount "$TMP/mnt" --eio-pfn "$bad" -e "$spec" || skip "cannot mount FUSE here"

# -F: the stream ends properly; -R gives an incomplete, valid dump
timeout 60 "$SIEVEDUMP" -F -c -d 31 "$TMP/mnt/vmcore" >"$TMP/flat" 2>"$TMP/ferr"
rc=$?
[ $rc -eq 1 ] && pass "-F: exit 1" || fail "-F: exit $rc"
expect_grep "$TMP/ferr" "3 unreadable page(s) are not in the dump" && pass "-F: count on stderr"
timeout 60 "$SIEVEDUMP" -R "$TMP/rebuilt" <"$TMP/flat" >/dev/null 2>&1 &&
	pass "-R accepts the stream" || fail "-R refuses the stream"
st=$(header_status "$TMP/rebuilt")
[ $((st & 8)) -eq 8 ] && pass "-F: rebuilt status $st is incomplete" || fail "-F: status $st"
check_dump "$TMP/rebuilt" "$TMP/core" "$TMP/kept" "$bad" &&
	pass "-F: bad pfns not present, other pages equal" || fail "-F: content"
if have_makedumpfile; then
	timeout 60 makedumpfile -R "$TMP/mkrebuilt" <"$TMP/flat" >/dev/null 2>&1 &&
		cmp -s "$TMP/rebuilt" "$TMP/mkrebuilt" &&
		pass "-F: makedumpfile -R rebuilds the same file" ||
		fail "-F: makedumpfile -R differs"
fi

# --split: both files marked, the reassembled dump valid
expect_rc 1 timeout 60 "$SIEVEDUMP" --split -c -d 31 "$TMP/mnt/vmcore" "$TMP/s1" "$TMP/s2" &&
	pass "--split: exit 1"
for f in s1 s2; do
	st=$(header_status "$TMP/$f")
	[ $((st & 8)) -eq 8 ] && pass "--split: $f status $st is incomplete" ||
		fail "--split: $f status $st"
done
expect_rc 0 timeout 60 "$SIEVEDUMP" --reassemble "$TMP/s1" "$TMP/s2" "$TMP/joined" &&
	check_dump "$TMP/joined" "$TMP/core" "$TMP/kept" "$bad" &&
	pass "--split: reassembled: bad pfns not present, other pages equal" ||
	fail "--split: reassembled content"
if have_makedumpfile; then
	timeout 60 makedumpfile --reassemble "$TMP/s1" "$TMP/s2" "$TMP/mkjoined" >/dev/null 2>&1 &&
		check_dump "$TMP/mkjoined" "$TMP/core" "$TMP/kept" "$bad" &&
		pass "--split: makedumpfile reassembles the same pages" ||
		fail "--split: makedumpfile --reassemble"
fi
finish
