#!/bin/sh
# The crashkernel= the first kernel's plan asks for is enough on a real
# Debian 12 system with kdump-tools (tests/qemu/debian-kdump.sh: 2 GiB
# guest under QEMU/TCG, sievedump diverted in place of /usr/bin/makedumpfile,
# kdump-tools' own initrd and save step).
#   boot 1: crashkernel=256M; the guest runs
#           makedumpfile(=sievedump) --plan -c -d 31 /proc/kcore
#           and its "crashkernel:" line names N; kdump-tools saves the dump
#   boot 2: crashkernel=N: kdump-tools must save /var/crash/*/dump.*
#   boot 3: crashkernel=N-16M: the outcome is only reported
# Slow (3-6 minutes of QEMU per boot, one-time debootstrap and image build
# of about 10 minutes), so it runs only with SIEVEDUMP_LONG=1 and skips at
# once otherwise.  Boots are cached in ${SIEVEDUMP_CACHE}/runs/3103-* and
# redone when sievedump or the harness changed.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "a QEMU run of many minutes: set SIEVEDUMP_LONG=1"
QD="$SRCDIR/tests/qemu"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot)"
for t in qemu-system-x86_64 debootstrap mkfs.ext4 debugfs; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is not installed"
done

sdsum=$(cat "$SIEVEDUMP" "$QD"/debian-kdump* "$QD/workload.c" | sha256sum | cut -d' ' -f1)

# boot NAME CRASHKERNEL: run (or reuse) one boot; prints its result dir
boot() {
	run=$CACHE/runs/3103-$1
	if [ -s "$run/result.txt" ] && [ "$(cat "$run/sdsum" 2>/dev/null)" = "$sdsum" ]; then
		echo "reusing $run" >&2
	else
		echo "booting the Debian kdump-tools image with crashkernel=$2" >&2
		rm -f "$run/sdsum"
		"$QD/debian-kdump.sh" --out "$run" --crashkernel "$2" \
			--dumper "$SIEVEDUMP" --timeout 1500 >"$TMP/$1.log" 2>&1 ||
			{ tail -15 "$TMP/$1.log" >&2; return 1; }
		echo "$sdsum" >"$run/sdsum"
	fi
	echo "$run"
}
get() { sed -n "s/^$2=//p" "$1/result.txt"; }

run=$(boot 256M 256M) || { fail "boot 1 (crashkernel=256M) failed"; finish; }
[ "$(get "$run" saved)" = yes ] &&
	pass "crashkernel=256M: kdump-tools saved $(get "$run" dump_bytes) bytes" ||
	fail "crashkernel=256M: nothing saved ($(get "$run" capture_failure))"
plan="$run/first/plan-kcore.txt"
ck=$(sed -n 's/^crashkernel: *\([0-9]*\)M .*/\1/p' "$plan")
[ -n "$ck" ] || { fail "no crashkernel: line in $plan"; finish; }
pass "the first kernel's plan: $(grep '^crashkernel:' "$plan")"

run=$(boot "${ck}M" "${ck}M") || { fail "boot 2 (crashkernel=${ck}M) failed"; finish; }
if [ "$(get "$run" saved)" = yes ]; then
	pass "crashkernel=${ck}M (the advice): kdump-tools saved $(get "$run" dump_bytes) bytes"
else
	fail "crashkernel=${ck}M (the advice): nothing saved; $(get "$run" capture_failure)"
fi
grep -q '^sievedump' "$run/first/dumper-version.txt" 2>/dev/null ||
	grep -qi 'sievedump' "$run/first/dumper-version.txt" 2>/dev/null ||
	fail "the image's makedumpfile is not sievedump: $(head -1 "$run/first/dumper-version.txt")"

below=$((ck - 16))
run=$(boot "${below}M" "${below}M") &&
	echo "note: crashkernel=${below}M (16M below): saved=$(get "$run" saved) $(get "$run" capture_failure)"
finish
