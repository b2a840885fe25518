#!/bin/sh
# SIGTERM in the middle of -F, --split and -E dumps: exit 1, and the output
# is left marked incomplete and readable up to what was written.
#   -F: the stream gets the header again with status 0x8 and its end
#       marker, so -R rebuilds an incomplete, valid dump;
#   --split: every file is marked, the reassembled dump is valid;
#   -E: e_flags |= 1, the segment being copied cut short.
# No other file is left behind.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
fault_machine "mem=64M;seed=3"
start() {
	fuse_mount "$TMP/mnt" --delay-us 10000 -e "$spec" || skip "cannot mount FUSE here"
	rm -rf "$TMP/o" && mkdir "$TMP/o"
}
partial() {	# $1 what, $2 dump, $3 checker mode
	check_dump $3 "$2" "$TMP/core" "$TMP/kept" "" >"$TMP/chk" &&
		! grep -q " 0 missing" "$TMP/chk" &&
		pass "$1: written pages equal the source, the rest not present" ||
		fail "$1: content ($(cat "$TMP/chk"))"
}

start
run_bg "$TMP/o/flat" "$TMP/err" timeout 60 "$SIEVEDUMP" -F -c -d 31 "$TMP/mnt/vmcore"
stop_mid_copy TERM "$TMP/err"
[ "$BG_RC" = 1 ] && pass "-F: exit 1" || fail "-F: exit $BG_RC"
expect_grep "$TMP/err" "interrupted by SIGTERM" && pass "-F: reason given"
timeout 60 "$SIEVEDUMP" -R "$TMP/rebuilt" <"$TMP/o/flat" >/dev/null 2>&1 &&
	pass "-F: -R accepts the stream" || fail "-F: -R refuses the stream"
st=$(header_status "$TMP/rebuilt")
[ $((st & 8)) -eq 8 ] && pass "-F: rebuilt status $st is incomplete" || fail "-F: status $st"
partial "-F" "$TMP/rebuilt" --partial
fuse_umount "$TMP/mnt"

start
run_bg "$TMP/out" "$TMP/err" timeout 60 "$SIEVEDUMP" --split -c -d 31 "$TMP/mnt/vmcore" "$TMP/o/s1" "$TMP/o/s2"
# --split shows its progress once per cycle: go by the analysis step
stop_mid_copy TERM "$TMP/err" "Excluding unnecessary pages" 1.5
[ "$BG_RC" = 1 ] && pass "--split: exit 1" || fail "--split: exit $BG_RC"
expect_grep "$TMP/err" "interrupted by SIGTERM" && pass "--split: reason given"
for f in s1 s2; do
	st=$(header_status "$TMP/o/$f")
	[ $((st & 8)) -eq 8 ] && pass "--split: $f status $st is incomplete" ||
		fail "--split: $f status $st"
done
[ "$(ls -A "$TMP/o" | tr '\n' ' ')" = "s1 s2 " ] && pass "--split: no other file left" ||
	fail "--split: left $(ls -A "$TMP/o" | tr '\n' ' ')"
expect_rc 0 timeout 60 "$SIEVEDUMP" --reassemble "$TMP/o/s1" "$TMP/o/s2" "$TMP/joined" &&
	pass "--split: the parts reassemble"
partial "--split" "$TMP/joined" --partial
fuse_umount "$TMP/mnt"

start
run_bg "$TMP/out" "$TMP/err" timeout 60 "$SIEVEDUMP" -E -d 31 "$TMP/mnt/vmcore" "$TMP/o/elf"
stop_mid_copy TERM "$TMP/err"
[ "$BG_RC" = 1 ] && pass "-E: exit 1" || fail "-E: exit $BG_RC"
expect_grep "$TMP/err" "interrupted by SIGTERM" && pass "-E: reason given"
[ "$(elf_flags "$TMP/o/elf")" = 1 ] && pass "-E: e_flags incomplete" ||
	fail "-E: e_flags $(elf_flags "$TMP/o/elf")"
[ "$(ls -A "$TMP/o")" = elf ] && pass "-E: no other file left" ||
	fail "-E: left $(ls -A "$TMP/o" | tr '\n' ' ')"
partial "-E" "$TMP/o/elf" --partial-any
finish
