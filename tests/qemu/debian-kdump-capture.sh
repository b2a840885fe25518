#!/bin/sh
# debian-kdump-capture.sh - capture-kernel side of tests/qemu/debian-kdump.sh.
#
# Installed as /usr/local/sbin/debian-kdump-capture and run by a drop-in of
# kdump-tools-dump.service before kdump-tools saves the dump: records what
# the capture kernel has left (MemTotal, MemAvailable) and then polls
# MemAvailable every second in the background until the machine reboots
# (memavail.txt: seconds, MemFree kB, MemAvailable kB).
OUT=/var/lib/sdtest/capture
mkdir -p "$OUT"
cat /proc/meminfo > "$OUT/meminfo.txt"
cat /proc/cmdline > "$OUT/cmdline.txt"
dmesg > "$OUT/dmesg.txt" 2>/dev/null
echo "sdtest: capture $(grep -E '^(MemTotal|MemFree|MemAvailable|Shmem):' /proc/meminfo | tr -s ' \n' ' ')" > /dev/console
sync
(
	while :; do
		awk -v t="$(date +%s)" '/^MemFree:/ {f = $2} /^MemAvailable:/ {a = $2}
			END {print t, f, a}' /proc/meminfo >> "$OUT/memavail.txt"
		sleep 1
	done
) > /dev/null 2>&1 &
exit 0
