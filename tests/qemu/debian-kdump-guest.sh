#!/bin/sh
# debian-kdump-guest.sh - first-kernel side of tests/qemu/debian-kdump.sh.
#
# Installed in the Debian image as /usr/local/sbin/debian-kdump-guest and
# started by debian-kdump-guest.service once kdump-tools.service is done.
# Knobs on the kernel command line:
#   sdtest.crash=0      do everything but the crash (default 1)
#   sdtest.anon=MiB     anonymous memory the workload holds (default 256)
#   sdtest.wait=S       seconds to wait for the capture kernel to load (default 600)
# Everything it learns goes to /var/lib/sdtest/first/ and to the console.
set -u
OUT=/var/lib/sdtest/first
mkdir -p "$OUT"
say() { echo "sdtest: $*" > /dev/console; echo "$*" >> "$OUT/log.txt"; }

arg() {	# arg NAME DEFAULT
	v=$(tr ' ' '\n' < /proc/cmdline | sed -n "s/^sdtest\.$1=//p" | tail -n 1)
	echo "${v:-$2}"
}
crash=$(arg crash 1)
anon=$(arg anon 256)
wait_s=$(arg wait 600)

say "waiting for the capture kernel (up to ${wait_s}s)"
i=0
while [ "$(cat /sys/kernel/kexec_crash_loaded 2>/dev/null)" != 1 ]; do
	i=$((i + 1))
	if [ "$i" -ge "$wait_s" ]; then
		say "kexec_crash_loaded never became 1"
		kdump-config status > "$OUT/kdump-status.txt" 2>&1
		cat "$OUT/kdump-status.txt" > /dev/console
		echo "loaded=0" > "$OUT/result.txt"
		sync
		systemctl --no-block poweroff
		exit 1
	fi
	sleep 1
done
say "capture kernel loaded after ${i}s"
echo "loaded=1" > "$OUT/result.txt"
echo "load_wait_s=$i" >> "$OUT/result.txt"
kdump-config status > "$OUT/kdump-status.txt" 2>&1
kdump-config show > "$OUT/kdump-show.txt" 2>&1
cat /proc/cmdline > "$OUT/cmdline.txt"
uname -r > "$OUT/uname.txt"
cat /sys/kernel/kexec_crash_size > "$OUT/kexec_crash_size.txt"
grep -i "crash kernel" /proc/iomem > "$OUT/iomem-crash.txt"
ls -lL /var/lib/kdump/ /boot/ > "$OUT/ls-kdump.txt" 2>&1
sed -n 's/^Kernel command line: //p' "$OUT/kdump-show.txt" > /dev/null
# the dumper: Debian's makedumpfile or sievedump diverted in its place
/usr/bin/makedumpfile -v > "$OUT/dumper-version.txt" 2>&1
if [ -e /usr/bin/makedumpfile.distrib ]; then
	/usr/bin/makedumpfile --plan -c -d 31 /proc/kcore \
		> "$OUT/plan-kcore.txt" 2> "$OUT/plan-kcore.err"
	echo "$?" > "$OUT/plan-kcore.rc"
	/usr/bin/makedumpfile --plan=json -c -d 31 /proc/kcore \
		> "$OUT/plan-kcore.json" 2>> "$OUT/plan-kcore.err"
	grep '^crashkernel:' "$OUT/plan-kcore.txt" | sed 's/^/sdtest: plan: /' > /dev/console
fi

say "workload: ${anon} MiB anonymous, 16 MiB zero, 64 MiB fragmented"
/usr/local/sbin/sdtest-workload "$anon" 16 64 > "$OUT/workload.txt" 2>&1 &
j=0
while ! grep -q ready "$OUT/workload.txt" 2>/dev/null && [ "$j" -lt 300 ]; do
	sleep 1
	j=$((j + 1))
done
cat /proc/meminfo > "$OUT/meminfo.txt"
cat /proc/buddyinfo > "$OUT/buddyinfo.txt"
say "MemTotal $(sed -n 's/^MemTotal: *//p' /proc/meminfo), MemAvailable $(sed -n 's/^MemAvailable: *//p' /proc/meminfo)"
journalctl -b --no-pager > "$OUT/journal.txt" 2>&1
sync
if [ "$crash" = 1 ]; then
	say "crashing (sysrq-c)"
	sleep 2
	sync
	echo 1 > /proc/sys/kernel/sysrq
	echo c > /proc/sysrq-trigger
else
	say "no crash (sdtest.crash=0): powering off"
	systemctl --no-block poweroff
fi
