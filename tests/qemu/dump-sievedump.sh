#!/bin/sh
# Dump hook (--dump-script) running sievedump in the capture kernel:
#
#   run-crash.sh 6.1 OUTDIR --keep-disk --dump-script dump-sievedump.sh \
#       --add ./sievedump:/bin/sievedump
#   sievedump -R out.dump < OUTDIR/dump
#
# Its stdout, the -F (flattened) stream of
#     /bin/sievedump -F -l -d 31 /proc/vmcore
# goes to the dump disk from offset 0 (via /init's sink, so result.txt's
# dump_bytes is the stream's size).  Then, unless the capture command line
# says sievedump.raw=0, it copies the raw /proc/vmcore to the same disk at
# sievedump.raw_offset MiB (default 256; the -d 31 stream of a 1 GiB guest
# is about 40 MB), so that one crash gives both the filtered stream and the
# source it was made from.  The disk is 256 MiB larger than the guest RAM,
# so the raw copy fits up to a 1 GiB /proc/vmcore; pass --keep-disk to
# run-crash.sh and cut it out of disk.raw:
#     dd if=OUTDIR/disk.raw bs=1M skip=256 iflag=count_bytes count=VMCORE_SIZE
# Capture command line words come from the first kernel's
# sievedump.capture_append= (one word), e.g.
#     run-crash.sh ... --append sievedump.capture_append=sievedump.raw=0
# Other knobs: sievedump.budget=SIZE (adds --mem-budget SIZE); join
# several with commas: sievedump.capture_append=sievedump.raw=0,sievedump.budget=11M
#
# Saved in /info, hence in OUTDIR/capture/ (all names sievedump-*):
#   sievedump-meminfo-start.txt   /proc/meminfo when sievedump starts
#   sievedump-plan.txt / .json    --plan and --plan=json on /proc/vmcore
#   sievedump-stderr.txt          the dump's messages (-F: all on stderr)
#   sievedump-time.txt            busybox time -v (its "Maximum resident
#                                 set size" is 4 times too big, see below)
#   sievedump-memsamples.txt      "uptime MemFree MemAvailable VmHWM" (kB)
#                                 every 0.2 s while the dump runs
#   sievedump-result.txt          sd_rc, sd_seconds, sd_maxrss_kb (peak
#                                 RSS, ru_maxrss), sd_vmhwm_kb (last VmHWM
#                                 polled), #                                 mem_total_kb, mem_available_kb,
#                                 plan_budget_bytes, min_mem_available_kb,
#                                 raw_rc, raw_offset_mib, raw_seconds
# Exit status: sievedump's, or else the raw copy's.
# A dynamically linked sievedump gets its libraries via --add (ldd).
I=/info
mkdir -p "$I"
SD=/bin/sievedump

param() {	# param NAME DEFAULT: sievedump.NAME= on the capture cmdline
	v=$2	# words may be joined by commas (capture_append takes one word)
	for w in $(tr ',' ' ' < /proc/cmdline); do
		case $w in sievedump.$1=*) v=${w#sievedump.$1=} ;; esac
	done
	echo "$v"
}

raw=$(param raw 1)
raw_off=$(param raw_offset 256)
budget=$(param budget "")
set -- -F -l -d 31
[ -z "$budget" ] || set -- "$@" --mem-budget "$budget"

mi() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }

res=$I/sievedump-result.txt
: > "$res"
if [ ! -x $SD ]; then
	echo "sievedump: dump-sievedump.sh: no $SD (use --add ./sievedump:$SD)" >&2
	echo "sd_rc=127" >> "$res"
	exit 127
fi

cat /proc/meminfo > "$I/sievedump-meminfo-start.txt"
{
	echo "mem_total_kb=$(mi MemTotal)"
	echo "mem_available_kb=$(mi MemAvailable)"
	echo "mem_free_kb=$(mi MemFree)"
} >> "$res"

# The planner's view here (what budget it derives from MemAvailable).
$SD --plan "$@" "$VMCORE" > "$I/sievedump-plan.txt" 2>&1
echo "plan_rc=$?" >> "$res"
$SD --plan=json "$@" "$VMCORE" > "$I/sievedump-plan.json" 2>&1
sed -n 's/.*"budget": {"bytes": \([0-9]*\).*/plan_budget_bytes=\1/p' \
	"$I/sievedump-plan.json" >> "$res"
sed -n 's/.*"peak_bytes": \([0-9]*\).*/plan_peak_bytes=\1/p' \
	"$I/sievedump-plan.json" >> "$res"

# Run it under busybox time, in the background, and poll while it runs:
# VmHWM of the sievedump process (the child of busybox time) and the
# kernel's MemFree/MemAvailable (page cache of the dump disk included).
# busybox 1.35's time -v multiplies ru_maxrss, which Linux gives in kB, by
# pagesize/1024 (it thinks it is in pages): divide by 4 on x86-64.
echo "sievedump: dump-sievedump.sh: $SD $* $VMCORE" >&2
t0=$(cut -d' ' -f1 /proc/uptime)
busybox time -v -o "$I/sievedump-time.txt" $SD "$@" "$VMCORE" \
	2> "$I/sievedump-stderr.txt" &
tp=$!
sp='' hwm=''
while kill -0 $tp 2>/dev/null; do
	[ -n "$sp" ] || sp=$(cut -d' ' -f1 /proc/$tp/task/$tp/children 2>/dev/null)
	if [ -n "$sp" ]; then
		h=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$sp/status" 2>/dev/null)
		[ -z "$h" ] || hwm=$h
	fi
	echo "$(cut -d' ' -f1 /proc/uptime) $(mi MemFree) $(mi MemAvailable) ${h:-}"
	sleep 0.2
done > "$I/sievedump-memsamples.txt"
wait $tp
rc=$?
t1=$(cut -d' ' -f1 /proc/uptime)
bbrss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$I/sievedump-time.txt")
{
	echo "sd_rc=$rc"
	echo "sd_seconds=$(awk "BEGIN { print $t1 - $t0 }")"
	echo "sd_maxrss_kb=$((${bbrss:-0} / 4))"
	echo "sd_signal=$(sed -n 's/^Command terminated by signal //p' "$I/sievedump-time.txt")"
	echo "sd_vmhwm_kb=$hwm"
	echo "min_mem_available_kb=$(awk 'NF >= 3 && (m == "" || $3 < m) { m = $3 }
		END { print m }' "$I/sievedump-memsamples.txt")"
	echo "min_mem_free_kb=$(awk 'NF >= 3 && (m == "" || $2 < m) { m = $2 }
		END { print m }' "$I/sievedump-memsamples.txt")"
} >> "$res"
tail -n 3 "$I/sievedump-stderr.txt" | sed 's/^/sievedump: stderr: /' >&2

rrc=0
if [ "$raw" = 1 ]; then
	t0=$(cut -d' ' -f1 /proc/uptime)
	dd if="$VMCORE" of="$DISK" bs=1M seek="$raw_off" conv=notrunc,fsync \
		2>/dev/null
	rrc=$?
	t1=$(cut -d' ' -f1 /proc/uptime)
	{
		echo "raw_rc=$rrc"
		echo "raw_offset_mib=$raw_off"
		echo "raw_seconds=$(awk "BEGIN { print $t1 - $t0 }")"
	} >> "$res"
fi
sed 's/^/sievedump: /' "$res" >&2
[ "$rc" = 0 ] || exit "$rc"
exit "$rrc"
