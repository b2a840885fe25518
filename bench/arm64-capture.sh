#!/bin/sh
# arm64-capture.sh [options]: the arm64 sievedump inside a real arm64
# capture kernel, on a large guest (bench/arm64-capture.md has the numbers).
#
# 1. Cross-builds sievedump for arm64 (tools/cross-arm64.sh, the sysroot
#    route) unless --sievedump names an arm64 binary.
# 2. Boots Debian's arm64 kernel under qemu-system-aarch64 (TCG) with
#    --mem of RAM backed by a sparse file, lets the workload fill memory,
#    crashes it with sysrq-c; the first kernel runs
#    `sievedump --plan -d 31 -l /proc/kcore` (its crashkernel= advice), the
#    capture kernel runs tests/qemu/dump-sievedump.sh:
#    `sievedump -F -l -d 31 /proc/vmcore`, with its plan (--plan=json:
#    peak_bytes) and the VmHWM polled while it runs.  The libraries come
#    from the sysroot (run-crash.sh --lib-root), libdeflate and ISA-L (the
#    dlopen()ed -c engines) are added by name.
# 3. On the host: `sievedump -R` rebuilds the stream; libkdumpfile
#    (python3-libkdumpfile) reads every page the dump keeps; the log
#    (--dump-dmesg) ends with the sysrq crash; the x86_64 sievedump's
#    refilter (-l -d 31) of the rebuilt dump is the same file; with --drgn,
#    tests/qemu/dump_check.py with the kernel's debug vmlinux (an 800 MB
#    download).
# 4. Unless --no-makedumpfile: the same guest size and workload, crashed
#    again, dumped by Debian's arm64 makedumpfile 1.7.2
#    (tests/qemu/dump-makedumpfile.sh: -F -l -d 31; seconds and bytes).
# Writes OUT/summary.md.
#
# Options:
#   --mem SIZE          guest RAM (default 16G)
#   --crashkernel SIZE  (default 256M)
#   --kver KVER         Debian arm64 kernel (default 6.1)
#   --workload A,Z,F    anonymous, zero, fragmented MiB held by the first
#                       kernel (default 4096,512,512)
#   --smp N             guest CPUs of the first kernel (default 2; the
#                       capture kernel runs with nr_cpus=1)
#   --sievedump PATH    an arm64 sievedump (default: cross-build one)
#   --sysroot DIR       its libraries (default: tools/cross-arm64.sh's)
#   --host-sievedump P  the host's sievedump (default: ./sievedump at the top)
#   --out DIR           (default $SIEVEDUMP_CACHE/bench/arm64-capture-SIZE)
#   --timeout S         per guest (default 7200)
#   --no-makedumpfile   skip step 4
#   --drgn              also the drgn check (fetches the -dbg package)
#   --keep              keep the dumps
# Needs qemu-system-arm, qemu-user-static, gcc-aarch64-linux-gnu, the
# arm64 dpkg architecture, python3-libkdumpfile.  Disk: the RAM file holds
# what the guest touched (a few GiB, removed after), the dump disk the
# dump's size.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
qd=$top/tests/qemu
cache=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
mem=16G ck=256M kver=6.1 work=4096,512,512 smp=2 sd='' sysroot='' out=''
hsd=$top/sievedump tmo=7200 mdf=1 drgn=0 keep=0
die() { echo "arm64-capture: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--mem) mem=$2 ;;
	--crashkernel) ck=$2 ;;
	--kver) kver=$2 ;;
	--workload) work=$2 ;;
	--smp) smp=$2 ;;
	--sievedump) sd=$2 ;;
	--sysroot) sysroot=$2 ;;
	--host-sievedump) hsd=$2 ;;
	--out) out=$2 ;;
	--timeout) tmo=$2 ;;
	--no-makedumpfile) mdf=0; shift; continue ;;
	--drgn) drgn=1; shift; continue ;;
	--keep) keep=1; shift; continue ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done
[ -n "$out" ] || out=$cache/bench/arm64-capture-$mem
[ -x "$hsd" ] || die "no host sievedump at $hsd (make first, or --host-sievedump)"
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ -z "$sd" ]; then
	"$top/tools/cross-arm64.sh" ${sysroot:+--sysroot "$sysroot"} \
		--out "$out/build" > "$out/build.log" 2>&1 ||
		{ tail "$out/build.log" >&2; die "cross-build failed"; }
	sd=$out/build/sievedump
fi
file -L "$sd" | grep -q 'ARM aarch64' || die "$sd is not an arm64 program"
# shellcheck disable=SC2153 # SYSROOT: set by the eval
[ -n "$sysroot" ] ||
	sysroot=$(eval "$("$top/tools/cross-arm64.sh" ${sysroot:+--sysroot "$sysroot"} --env)"; echo "$SYSROOT")
ml=/usr/lib/aarch64-linux-gnu
adds=''
for l in libdeflate.so.0 libisal.so.2; do
	[ ! -e "$sysroot$ml/$l" ] || adds="$adds --add $sysroot$ml/$l:$ml/$l"
done

get() { sed -n "s/^$2=//p" "$1" | head -n 1; }

# 2. sievedump in the capture kernel
t0=$(date +%s)
# shellcheck disable=SC2086 # adds: a list of options
"$qd/run-crash.sh" "$kver" "$out/sd" --arch arm64 --mem "$mem" \
	--crashkernel "$ck" --smp "$smp" --timeout "$tmo" \
	--mem-file "$out/sd/ram.img" \
	--append "sievedump.workload=$work sievedump.capture_append=sievedump.raw=0" \
	--dump-script "$qd/dump-sievedump.sh" --add "$sd:/bin/sievedump" \
	--lib-root "$sysroot" $adds > "$out/sd.log" 2>&1 ||
	{ tail -n 20 "$out/sd.log" >&2; die "the sievedump guest failed: see $out/sd/console.log"; }
sd_wall=$(($(date +%s) - t0))
res=$out/sd/capture/sievedump-result.txt

# 3. the host's checks
chk=''
note() { chk="$chk- $*
"; }
rm -f "$out/sd.kdump" "$out/re.kdump"
if "$hsd" -R "$out/sd.kdump" < "$out/sd/dump" > "$out/rebuild.log" 2>&1; then
	note "sievedump -R rebuilt the stream: $(stat -c %s "$out/sd.kdump") bytes"
else
	note "FAIL: sievedump -R: $(tail -n 1 "$out/rebuild.log")"
fi
if /usr/bin/python3 - "$out/sd.kdump" "$qd" > "$out/kdumpfile.txt" 2>&1 <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
import kdumpfile
import kdump_bitmap
k = kdumpfile.kdumpfile(sys.argv[1])
_, _, bm2 = kdump_bitmap.read_bitmaps(sys.argv[1])
n = 0
for first, last in kdump_bitmap.runs(bm2):
    for p in range(first, last + 1):
        if len(k.read(kdumpfile.KDUMP_MACHPHYSADDR, p * 4096, 4096)) != 4096:
            sys.exit("pfn %#x: short read" % p)
        n += 1
print("libkdumpfile (%s, %s) read all %d kept pages" %
      (k.attr["arch.name"], k.attr["linux.uts.release"], n))
EOF
then
	note "$(tail -n 1 "$out/kdumpfile.txt")"
else
	note "FAIL: libkdumpfile: $(tail -n 1 "$out/kdumpfile.txt")"
fi
rm -f "$out/dmesg.txt"
"$hsd" --dump-dmesg "$out/sd.kdump" "$out/dmesg.txt" > /dev/null 2>&1 &&
	grep -q 'sysrq: Trigger a crash' "$out/dmesg.txt" &&
	note "--dump-dmesg of the dump ($(wc -l < "$out/dmesg.txt") lines) holds the sysrq crash" ||
	note "FAIL: --dump-dmesg of the dump lacks the sysrq crash"
"$hsd" -l -d 31 "$out/sd.kdump" "$out/re.kdump" > /dev/null 2>&1 &&
	cmp -s "$out/sd.kdump" "$out/re.kdump" &&
	note "the x86_64 sievedump's refilter (-l -d 31) of it is the same file" ||
	note "FAIL: the x86_64 refilter (-l -d 31) differs from the arm64 dump"
rm -f "$out/re.kdump"
if [ $drgn = 1 ]; then
	rel=$(get "$out/sd/vmcoreinfo.txt" OSRELEASE)
	kdir=$("$qd/fetch-kernel.sh" --dbg "$rel") &&
		/usr/bin/python3 "$qd/dump_check.py" "$out/sd.kdump" "$kdir/vmlinux" \
			"$out/sd/console.log" > "$out/drgn.txt" 2>&1
	note "drgn: $(tail -n 1 "$out/drgn.txt" 2>/dev/null || echo "not run")"
fi

# 4. makedumpfile in the same guest size
mrow=''
if [ $mdf = 1 ]; then
	mroot=$cache/arm64-mdf/root
	"$qd/debroot.sh" arm64 "$mroot" makedumpfile > "$out/mdf-debroot.log" 2>&1 ||
		die "cannot unpack makedumpfile:arm64"
	t0=$(date +%s)
	if "$qd/run-crash.sh" "$kver" "$out/mdf" --arch arm64 --mem "$mem" \
		--crashkernel "$ck" --smp "$smp" --timeout "$tmo" \
		--mem-file "$out/mdf/ram.img" \
		--append "sievedump.workload=$work" \
		--dump-script "$qd/dump-makedumpfile.sh" \
		--add "$mroot/usr/bin/makedumpfile:/bin/makedumpfile" \
		--lib-root "$mroot" > "$out/mdf.log" 2>&1; then
		r=$out/mdf/result.txt
		rm -f "$out/mdf.kdump"
		"$hsd" -R "$out/mdf.kdump" < "$out/mdf/dump" > /dev/null 2>&1 &&
			mr="rebuilt by sievedump -R: $(stat -c %s "$out/mdf.kdump") bytes" ||
			mr="FAIL: sievedump -R of its stream"
		mrow="| makedumpfile 1.7.2 (Debian arm64) | $(get "$r" vmcore_size) | $(get "$r" dump_rc) | $(get "$r" dump_seconds) | $(get "$r" dump_bytes) | - | - | $mr; guest $(($(date +%s) - t0)) s |"
	else
		tail -n 20 "$out/mdf.log" >&2
		mrow="| makedumpfile 1.7.2 (Debian arm64) | | failed: see mdf/console.log |||||"
	fi
fi

r=$out/sd/result.txt
pk=$(grep -m1 '^crashkernel:' "$out/sd/first/plan-kcore.txt" 2>/dev/null || echo "(none)")
peak=$(get "$res" plan_peak_bytes)
hwm=$(get "$res" sd_vmhwm_kb)
{
	echo "# arm64 capture kernel, $mem guest"
	echo
	echo "- host: $(nproc) CPU(s), $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//'), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- guest: $(get "$r" qemu)"
	echo "- kernel: $(get "$r" kernel) ($(get "$r" package)), crashkernel=$ck"
	echo "- first kernel: $(get "$r" cmdline)"
	echo "- capture kernel: $(get "$r" capture_cmdline)"
	echo "- workload (anonymous, zero, fragmented MiB): $work"
	echo "- sievedump: $(file -b "$sd" | cut -d, -f1-2), $(git -C "$top" describe --always --dirty 2>/dev/null || echo "no git")"
	echo "- first kernel's \`sievedump --plan -d 31 -l /proc/kcore\`: $pk"
	echo "- capture MemTotal $(get "$res" mem_total_kb) kB, MemAvailable $(get "$res" mem_available_kb) kB; plan budget $(get "$res" plan_budget_bytes) bytes"
	echo
	echo "| dumper (-F -l -d 31) | /proc/vmcore bytes | rc | seconds | output bytes | plan peak kB | VmHWM kB | notes |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|"
	echo "| sievedump (arm64) | $(get "$r" vmcore_size) | $(get "$res" sd_rc) | $(get "$res" sd_seconds) | $(get "$r" dump_bytes) | $((${peak:-0} / 1024)) | $hwm | ru_maxrss $(get "$res" sd_maxrss_kb) kB; min MemAvailable $(get "$res" min_mem_available_kb) kB; guest $sd_wall s |"
	[ -z "$mrow" ] || echo "$mrow"
	echo
	echo "Checks of the sievedump dump on the host:"
	echo
	printf '%s' "$chk"
	echo
	echo "sievedump's plan in the capture kernel:"
	echo
	echo '```'
	sed -n '1,40p' "$out/sd/capture/sievedump-plan.txt"
	echo '```'
} > "$out/summary.md"
[ $keep = 1 ] || rm -f "$out/sd.kdump" "$out/mdf.kdump" "$out/sd/dump" "$out/mdf/dump"
cat "$out/summary.md"
case $chk in *FAIL*) exit 1 ;; esac
[ "$(get "$res" sd_rc)" = 0 ] || exit 1
