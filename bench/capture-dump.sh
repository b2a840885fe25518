#!/bin/sh
# Capture-kernel side of bench/capture.sh, installed as /dump.sh of the
# QEMU crash harness (tests/qemu/init.sh runs it with VMCORE=/proc/vmcore
# and DISK=/dev/vda).  For every line of /etc/bench-opts (one set of
# dumper options, e.g. "-F -l -d 31") it runs /bin/makedumpfile and then
# /bin/sievedump on the same /proc/vmcore (only sievedump when the line
# starts with "sievedump:"), each one's -F stream going to the
# dump disk through /bin/sink, one after the other at rising offsets, so
# every dump is kept.  Nothing goes to standard output (the harness's own
# sink writes nothing).
#
# Saved in /info (the host finds them in OUTDIR/capture/):
#   bench-N-TOOL.time    GNU time -v of the run (peak RSS, elapsed)
#   bench-N-TOOL.err     its messages (--message-level 31: STEP timings,
#                        the report, sievedump's debug lines)
#   bench-N-TOOL.res     rc, seconds, bytes, offset (bytes on the disk)
#   sievedump-plan-N.txt sievedump --plan with the same options
#   meminfo-capture.txt  /proc/meminfo before the first run
I=/info
mkdir -p "$I"
cat /proc/meminfo > "$I/meminfo-capture.txt"
off=0
n=0
while read -r opts; do
	[ -n "$opts" ] || continue
	n=$((n + 1))
	tools="makedumpfile sievedump"
	case $opts in sievedump:*) tools=sievedump opts=${opts#sievedump:} ;; esac
	# shellcheck disable=SC2086 # opts is a list of words
	/bin/sievedump --plan $opts "$VMCORE" > "$I/sievedump-plan-$n.txt" 2>&1
	for tool in $tools; do
		tag=bench-$n-$tool
		sync
		echo 3 > /proc/sys/vm/drop_caches
		echo "sievedump: bench: $tool $opts (at $off)" > /dev/console
		t0=$(cut -d' ' -f1 /proc/uptime)
		# shellcheck disable=SC2086
		bytes=$({ /bin/gtime -v -o "$I/$tag.time" /bin/$tool $opts \
			--message-level 31 "$VMCORE" 2> "$I/$tag.err"
			echo $? > /tmp/rc; } | /bin/sink "$DISK" "$off")
		t1=$(cut -d' ' -f1 /proc/uptime)
		{
			echo "opts=$opts"
			echo "rc=$(cat /tmp/rc)"
			echo "seconds=$(awk "BEGIN { print $t1 - $t0 }")"
			echo "bytes=${bytes:-0}"
			echo "offset=$off"
		} > "$I/$tag.res"
		echo "sievedump: bench: $(tr '\n' ' ' < "$I/$tag.res")" > /dev/console
		# next dump at the next MiB
		off=$(( (off + ${bytes:-0} + 1048575) / 1048576 * 1048576 ))
	done
done < /etc/bench-opts
exit 0
