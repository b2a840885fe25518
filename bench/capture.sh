#!/bin/sh
# capture.sh [options]: makedumpfile against sievedump where dumps are made.
#
# Boots a real Debian kernel under QEMU/TCG with guest RAM backed by a
# sparse file (tests/qemu/run-crash.sh --mem-file), fills some memory,
# crashes it with sysrq-c, and in the capture kernel (one CPU, nr_cpus=1,
# the crashkernel= reservation, /proc/vmcore) runs Debian's makedumpfile and
# then sievedump with the same options on the same /proc/vmcore, each
# streaming its -F output to the same virtio disk (bench/capture-dump.sh).
# On the host it cuts the dumps out of the disk, rebuilds them with
# sievedump -R, checks them with drgn (the kernel's debug vmlinux: the
# crashing task, the end of the printk log, the task list, the slab caches
# and the struct page of every kept pfn; tests/qemu/dump_check.py), reads
# every page each dump shares with the first set's makedumpfile dump (the
# reference) equal to it, and writes OUT/summary.md:
# time, peak RSS, STEP times and bytes of each run, the ratio sievedump /
# makedumpfile, and sievedump's plan and copy breakdown.
#
# Options:
#   --mem SIZE         guest RAM (default 16G; 256G and 1T take long)
#   --kver KVER        Debian kernel (default 6.1; see tests/qemu/fetch-kernel.sh)
#   --crashkernel SIZE (default 256M)
#   --opts "OPTIONS"   a set of dumper options, -F included (repeatable;
#                      default "-F -l -d 31" and "-F -c -d 31"); a set
#                      written "sievedump: OPTIONS" runs sievedump alone
#                      (for options makedumpfile lacks or gets wrong, such
#                      as -e on 5-level paging)
#   --workload A,Z,F   anonymous, zero and fragmented MiB the first kernel
#                      holds (default 1024,64,64)
#   --sievedump PATH   the binary to test (default ./sievedump)
#   --out DIR          results (default $SIEVEDUMP_CACHE/bench/capture-SIZE)
#   --timeout S        kill QEMU after this long (default 14400)
#   --keep             keep the dumps (OUT/N-TOOL.kdump)
#   --arch arm64       an arm64 guest (qemu-system-aarch64 -M virt): the
#                      arm64 sievedump (--sievedump, else cross-built by
#                      tools/cross-arm64.sh into OUT/build), and Debian's
#                      arm64 makedumpfile and GNU time with every library
#                      both programs need, unpacked by tests/qemu/debroot.sh
#                      into $SIEVEDUMP_CACHE/arm64-bench/root
#
# Needs root, qemu-system-x86, makedumpfile, gcc, busybox-static and, for
# the drgn check, python3-drgn (skipped with a note without it).  The RAM
# file takes about 2% of the guest size on disk; the dumps all of their size
# until they are removed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
qd=$top/tests/qemu
cache=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
mem=16G kver=6.1 ck=256M work=1024,64,64 sd=$top/sievedump out='' tmo=14400
keep=0 arch=x86_64
optsets=''
die() { echo "capture.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--mem) mem=$2 ;;
	--kver) kver=$2 ;;
	--crashkernel) ck=$2 ;;
	--opts) optsets="$optsets$2
" ;;
	--workload) work=$2 ;;
	--sievedump) sd=$2 ;;
	--out) out=$2 ;;
	--timeout) tmo=$2 ;;
	--keep) keep=1; shift; continue ;;
	--arch) arch=$2 ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done
[ -n "$optsets" ] || optsets='-F -l -d 31
-F -c -d 31
'
case $arch in x86_64) archopt='' sfx='' ;; arm64) archopt='--arch arm64' sfx=-arm64 ;;
*) die "--arch x86_64 or arm64" ;; esac
[ -n "$out" ] || out=$cache/bench/capture-$mem$sfx
hsd=$top/sievedump	# the host's, for -R (the arm64 one does not run here)
[ -x "$hsd" ] || die "no sievedump at $hsd: make first"
mkdir -p "$out"
out=$(cd "$out" && pwd)
printf '%s' "$optsets" > "$out/opts"

# shellcheck disable=SC2086 # archopt: empty or one option
"$qd/fetch-kernel.sh" --dbg $archopt "$kver" > "$out/kdir" ||
	die "fetch-kernel.sh --dbg $kver failed"
kdir=$(cat "$out/kdir")

if [ "$arch" = x86_64 ]; then
	[ -x "$sd" ] || die "no sievedump at $sd (make first, or --sievedump PATH)"
	mdf=$(command -v makedumpfile) || die "makedumpfile is not installed"
	gtime=$(command -v time)
	# libdeflate (the -c engine) is dlopen()ed, so ldd does not bring it:
	# add it as the RPM's dracut config does (doc/install.md)
	deflate=$(ldconfig -p | sed -n 's/^[[:space:]]*libdeflate\.so\.0 .*=> //p' | head -n 1)
	extra=${deflate:+--add $deflate:$deflate}
else
	if [ "$sd" = "$top/sievedump" ]; then
		"$top/tools/cross-arm64.sh" --out "$out/build" > "$out/build.log" 2>&1 ||
			{ tail "$out/build.log" >&2; die "cross-build failed"; }
		sd=$out/build/sievedump
	fi
	file -L "$sd" | grep -q 'ARM aarch64' || die "$sd is not an arm64 program"
	root=$cache/arm64-bench/root ml=/usr/lib/aarch64-linux-gnu
	"$qd/debroot.sh" arm64 "$root" makedumpfile time libelf1 zlib1g \
		liblzo2-2 libsnappy1v5 libzstd1 libdeflate0 libisal2 libroaring0 \
		> "$out/debroot.log" 2>&1 || die "debroot.sh failed: see $out/debroot.log"
	mdf=$root/usr/bin/makedumpfile gtime=$root/usr/bin/time
	extra="--lib-root $root"
	for l in libdeflate.so.0 libisal.so.2; do
		extra="$extra --add $root$ml/$l:$ml/$l"
	done
fi

# The guest: the RAM file next to the disks (sparse, removed after).
# shellcheck disable=SC2086 # archopt, extra: lists of options
"$qd/run-crash.sh" "$kver" "$out/run" $archopt --mem "$mem" --crashkernel "$ck" \
	--smp 1 --timeout "$tmo" --keep-disk --mem-file "$out/run/ram.img" \
	--append "sievedump.workload=$work" \
	--dump-script "$here/capture-dump.sh" \
	--add "$sd:/bin/sievedump" --add "$mdf:/bin/makedumpfile" \
	--add "$gtime:/bin/gtime" --add "$out/opts:/etc/bench-opts" \
	$extra ||
	die "the guest run failed: see $out/run/console.log"

cap=$out/run/capture
field() { sed -n "s/^$2=//p" "$1"; }
# "STEP [Copying data ] : 12.3 seconds" lines of one run, summed by step
steps() {	# (progress lines end in CR, so STEP is not at a line start)
	tr '\r' '\n' < "$1" | grep -o 'STEP \[[^]]*\] : [0-9.]*' |
		awk -F'[][]' '{ split($3, a, " "); s = $2; gsub(/ +$/, "", s); t[s] += a[2] }
		END { for (s in t) printf "%s %.1f s; ", s, t[s] }'
}
peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

check_dump() {	# check_dump STREAM_FILE KDUMP [REFERENCE]: rebuild, then drgn
	rm -f "$2"
	"$hsd" -R "$2" < "$1" > /dev/null 2>&1 || { echo "rebuild failed"; return; }
	if ! /usr/bin/python3 -c 'import drgn' 2>/dev/null; then
		echo "drgn not installed"
		return
	fi
	/usr/bin/python3 "$qd/dump_check.py" "$2" "$kdir/vmlinux" \
		"$out/run/console.log" ${3:+"$3"} 2>&1 | tail -n 1
}

{
	echo "# capture-kernel benchmark, $mem guest"
	echo
	echo "- host: $(nproc) CPU(s), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- guest: $(field "$out/run/result.txt" qemu)"
	echo "- kernel: $(field "$out/run/result.txt" kernel), crashkernel=$ck; capture: $(field "$out/run/result.txt" capture_cmdline)"
	echo "- capture MemAvailable: $(sed -n 's/^MemAvailable: *//p' "$cap/meminfo-capture.txt")"
	echo "- workload (anon, zero, fragmented MiB): $work"
	echo
	echo "| options | tool | rc | seconds | peak RSS kB | bytes | steps | drgn |"
	echo "|---|---|---:|---:|---:|---:|---|---|"
} > "$out/summary.md"
n=0
ratios=''
ref=''	# the first makedumpfile dump: the others are compared with it
while read -r opts; do
	[ -n "$opts" ] || continue
	n=$((n + 1))
	tools="makedumpfile sievedump" m=$n
	case $opts in sievedump:*) tools=sievedump m=1 ;; esac
	for tool in $tools; do
		r=$cap/bench-$n-$tool.res
		[ -f "$r" ] || { echo "| $opts | $tool | (no result) |||||||" >> "$out/summary.md"; continue; }
		bytes=$(field "$r" bytes)
		dd if="$out/run/disk.raw" of="$out/$n-$tool.flat" bs=1M \
			iflag=skip_bytes,count_bytes skip="$(field "$r" offset)" \
			count="$bytes" 2> /dev/null
		drgn=$(check_dump "$out/$n-$tool.flat" "$out/$n-$tool.kdump" $ref)
		rm -f "$out/$n-$tool.flat"
		if [ -z "$ref" ] && [ "$tool" = makedumpfile ] && [ -s "$out/$n-$tool.kdump" ]; then
			ref=$out/$n-$tool.kdump
		elif [ $keep = 0 ]; then
			rm -f "$out/$n-$tool.kdump"
		fi
		echo "| $opts | $tool | $(field "$r" rc) | $(field "$r" seconds) | $(peak "$cap/bench-$n-$tool.time") | $bytes | $(steps "$cap/bench-$n-$tool.err") | $drgn |" >> "$out/summary.md"
	done
	# against makedumpfile's run of the same set, or of the first set
	mt=$(field "$cap/bench-$m-makedumpfile.res" seconds)
	st=$(field "$cap/bench-$n-sievedump.res" seconds)
	mb=$(field "$cap/bench-$m-makedumpfile.res" bytes)
	sb=$(field "$cap/bench-$n-sievedump.res" bytes)
	ratios="$ratios- \`$opts\`: sievedump / makedumpfile \`$(field "$cap/bench-$m-makedumpfile.res" opts)\`: time $(awk "BEGIN { if (${mt:-0} > 0) printf \"%.2f\", ${st:-0} / $mt }"), bytes $(awk "BEGIN { if (${mb:-0} > 0) printf \"%.3f\", ${sb:-0} / $mb }"), peak RSS $(awk "BEGIN { m = $(peak "$cap/bench-$m-makedumpfile.time" | grep . || echo 0); s = $(peak "$cap/bench-$n-sievedump.time" | grep . || echo 0); if (m > 0) printf \"%.2f\", s / m }")
  - sievedump: $(grep -h '^sievedump: ' "$cap/bench-$n-sievedump.err" | grep -v 'Completed\|Failed' | tr '\n' ' ')
  - plan: $(grep -E '^(budget|choice|peak memory|output|time|hint):' "$cap/sievedump-plan-$n.txt" | tr -s ' ' | tr '\n' ';')
"
done < "$out/opts"
{
	echo
	printf '%s' "$ratios"
} >> "$out/summary.md"
[ $keep = 1 ] || rm -f "$ref"
rm -f "$out/run/disk.raw" "$out/run/info.raw"
cat "$out/summary.md"
