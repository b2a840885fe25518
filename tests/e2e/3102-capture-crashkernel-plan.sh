#!/bin/sh
# The crashkernel= the plan asks for is enough: Debian 6.1 and 6.12 under
# QEMU (1 GiB guest).  Boot 1 (crashkernel=256M) runs, in the first kernel,
#     sievedump --plan -d 31 -l /proc/kcore
# whose "crashkernel:" line names the smallest reservation; boot 2 reserves
# exactly that, crashes, and its capture kernel runs
#     /bin/sievedump -F -l -d 31 /proc/vmcore
# (tests/qemu/dump-sievedump.sh, no raw copy).  Checked: the dump exits 0
# with "Completed", `sievedump -R` rebuilds the stream, the rebuilt dump's
# printk log ends with the sysrq crash, and the capture run's peak RSS stays
# within what the capture kernel had available.
# Boot 1 is taken from test 3101's run when that was made by the same binary
# and scripts; both boots are cached in ${SIEVEDUMP_CACHE}/runs/ (QEMU
# without KVM: about 85 s of CPU each when redone), so only with
# SIEVEDUMP_LONG=1 (make check-long).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "boots QEMU up to four times: set SIEVEDUMP_LONG=1"

QD="$SRCDIR/tests/qemu"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}

command -v qemu-system-x86_64 >/dev/null 2>&1 || skip "qemu-system-x86 is not installed"
[ -x /bin/busybox ] || skip "busybox-static is not installed"
command -v kexec >/dev/null 2>&1 || skip "kexec-tools is not installed"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get to download Debian kernels"

sdsum=$(cat "$SIEVEDUMP" "$QD/dump-sievedump.sh" "$QD/init.sh" | sha256sum | cut -d' ' -f1)

# boot RUNDIR CRASHKERNEL [run-crash options]: run (or reuse) one boot
boot() {
	run=$1 ck=$2
	shift 2
	if [ -s "$run/dump" ] && [ "$(cat "$run/sievedump.sha256" 2>/dev/null)" = "$sdsum" ]; then
		echo "reusing $run"
		return 0
	fi
	rm -f "$run/sievedump.sha256"
	echo "booting under QEMU with crashkernel=$ck"
	if ! "$QD/run-crash.sh" "$kv" "$run" --crashkernel "$ck" --timeout 600 \
		--append sievedump.capture_append=sievedump.raw=0 \
		--dump-script "$QD/dump-sievedump.sh" \
		--add "$SIEVEDUMP:/bin/sievedump" "$@" >"$TMP/qemu.log" 2>&1; then
		tail -15 "$TMP/qemu.log" >&2
		grep -qiE "apt-get|download|Unable to locate|no package" "$TMP/qemu.log" &&
			skip "Debian $kv kernel package could not be downloaded"
		return 1
	fi
	echo "$sdsum" >"$run/sievedump.sha256"
}

for kv in 6.1 6.12; do
	# boot 1: the first kernel's plan
	plan="$CACHE/runs/$kv-sd/first/plan-kcore.txt"
	if [ "$(cat "$CACHE/runs/$kv-sd/sievedump.sha256" 2>/dev/null)" != "$sdsum" ] ||
		! [ -s "$plan" ]; then
		boot "$CACHE/runs/ckplan-$kv" 256M || { fail "$kv: boot 1 failed"; continue; }
		plan="$CACHE/runs/ckplan-$kv/first/plan-kcore.txt"
	fi
	ck=$(sed -n 's/^crashkernel: *\([0-9]*M\) .*/\1/p' "$plan")
	[ -n "$ck" ] || { fail "$kv: no crashkernel: line in $plan"; cat "$plan" >&2; continue; }
	pass "$kv: the first kernel's plan asks for crashkernel=$ck"

	# boot 2: exactly that reservation
	run="$CACHE/runs/ckplan-$kv-$ck"
	boot "$run" "$ck" || { fail "$kv: crashkernel=$ck: the QEMU run failed"; continue; }
	res="$run/capture/sievedump-result.txt"
	get() { sed -n "s/^$1=//p" "$res"; }
	if [ "$(get sd_rc)" = 0 ] && grep -q "Completed" "$run/capture/sievedump-stderr.txt"; then
		pass "$kv: crashkernel=$ck: sievedump in the capture kernel completed ($(get sd_seconds) s, peak RSS $(get sd_maxrss_kb) kB of MemAvailable $(get mem_available_kb) kB)"
	else
		fail "$kv: crashkernel=$ck: sd_rc=$(get sd_rc)"
		tail -5 "$run/capture/sievedump-stderr.txt" >&2
		continue
	fi
	rss=$(get sd_maxrss_kb) avail=$(get mem_available_kb)
	[ -n "$rss" ] && [ -n "$avail" ] && [ "$rss" -lt "$avail" ] &&
		pass "$kv: peak RSS $rss kB < MemAvailable $avail kB at the start" ||
		fail "$kv: peak RSS $rss kB vs MemAvailable $avail kB"

	"$SIEVEDUMP" -R "$TMP/rebuilt" <"$run/dump" >"$TMP/r.log" 2>&1 ||
		{ fail "$kv: sievedump -R failed"; cat "$TMP/r.log" >&2; continue; }
	"$SIEVEDUMP" --dump-dmesg "$TMP/rebuilt" "$TMP/dmesg" >"$TMP/d.log" 2>&1 ||
		{ fail "$kv: --dump-dmesg of the rebuilt dump failed"; cat "$TMP/d.log" >&2; continue; }
	tail -n 60 "$TMP/dmesg" | grep -q "sysrq: Trigger a crash" &&
		pass "$kv: the rebuilt dump's printk log ends with the sysrq crash" ||
		fail "$kv: no sysrq crash at the end of the rebuilt dump's log"
	rm -f "$TMP/rebuilt" "$TMP/dmesg"
done
finish
