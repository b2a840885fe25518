#!/bin/sh
# run-crash.sh KVER OUTDIR [options]
#
# Boot Debian kernel KVER (see fetch-kernel.sh: 6.1, 6.12 or a full release)
# under QEMU/TCG with the harness initramfs, let it fill memory, crash it
# with sysrq-c, and collect in OUTDIR:
#
#   vmcore           the ELF /proc/vmcore seen by the capture kernel
#                    (or "dump": the output of a --dump-script)
#   vmcoreinfo.txt   the VMCOREINFO note text, byte for byte
#   meminfo.txt zoneinfo.txt buddyinfo.txt   first kernel, just before kexec
#   first/ capture/  everything the two kernels saved (iomem, dmesg, ...)
#   console.log      serial console of both kernels
#   result.txt       dump exit status, sizes, timings, command lines
#
# Options:
#   --arch ARCH          amd64 (default: qemu-system-x86_64) or arm64
#                        (qemu-system-aarch64 -M virt, console ttyAMA0);
#                        a KVER ending in -arm64 means arm64 too
#   --cpu MODEL          QEMU -cpu (default max; arm64: max,pauth-impdef=on,
#                        3.5 times faster under TCG than plain max)
#   --mem SIZE           guest RAM (default 1G)
#   --crashkernel SIZE   crashkernel= reservation (default 256M)
#   --smp N              guest CPUs (default 2)
#   --timeout SECONDS    kill QEMU after this long (default 900)
#   --append "ARGS"      more first-kernel command line
#   --dump-script FILE   /dump.sh for the capture kernel (see dump.sh)
#   --add FILE:DEST      extra file in the initramfs (repeatable)
#   --lib-root DIR       arm64: more libraries for --add files (mkinitramfs.sh)
#   --keep-disk          keep disk.raw (the dump disk) and info.raw
#   --mem-file FILE      back guest RAM with FILE (created sparse, removed
#                        after): guests larger than the host's overcommit
#                        allows with plain -m; adds -cpu max,phys-bits=48
#
# Big files belong in the cache, so OUTDIR is typically
# ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/runs/NAME.
set -eu

die() { echo "run-crash: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || die "usage: run-crash.sh KVER OUTDIR [--mem 1G] [--crashkernel 256M] [...]"
kver=$1 out=$2
shift 2
mem=1G ck=256M smp=2 tmo=900 append='' keep=0 mkopts='' dumpscript=''
memfile='' arch=amd64 cpu=
while [ $# -gt 0 ]; do
	case $1 in
	--arch) arch=$2 ;;
	--cpu) cpu=$2 ;;
	--mem) mem=$2 ;;
	--crashkernel) ck=$2 ;;
	--smp) smp=$2 ;;
	--timeout) tmo=$2 ;;
	--append) append=$2 ;;
	--dump-script) dumpscript=$2; mkopts="$mkopts --dump-script $2" ;;
	--add) mkopts="$mkopts --add $2" ;;
	--lib-root) mkopts="$mkopts --lib-root $2" ;;
	--keep-disk) keep=1; shift; continue ;;
	--mem-file) memfile=$2 ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done

kdir=$("$here/fetch-kernel.sh" --arch "$arch" "$kver")
case $kdir in *-arm64) arch=arm64 ;; esac
con=ttyS0 qemu="qemu-system-x86_64 -accel tcg" bits=",phys-bits=48"
if [ $arch = arm64 ]; then
	con=ttyAMA0 qemu="qemu-system-aarch64 -M virt -accel tcg" bits=''
	# QEMU's own pointer-authentication hash instead of QARMA
	cpu=${cpu:-max,pauth-impdef=on}
fi
cpu=${cpu:-max}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/first" "$out/capture" "$out/vmcore" "$out/dump"
# shellcheck disable=SC2086 # mkopts is a list of words
"$here/mkinitramfs.sh" $mkopts "$kdir" "$out/initramfs.cpio.gz"

# Sparse disks: the dump disk holds all of RAM plus slack; the info disk the
# two tars (at 0 and 32 MiB) and the page cache test data (at 64 MiB).
rm -f "$out/disk.raw" "$out/info.raw"
truncate -s $(($(numfmt --from=iec "$mem") + 256 * 1024 * 1024)) "$out/disk.raw"
truncate -s 128M "$out/info.raw"

cmdline="console=$con crashkernel=$ck panic=1 sievedump.role=first $append"
echo "run-crash: $(basename "$kdir"), -m $mem -smp $smp, cmdline: $cmdline" >&2
ram="-cpu $cpu"
if [ -n "$memfile" ]; then
	rm -f "$memfile"
	truncate -s "$mem" "$memfile"
	ram="-cpu $cpu$bits -object memory-backend-file,id=ram0,size=$mem,mem-path=$memfile,share=on -machine memory-backend=ram0"
fi
t0=$(date +%s)
rc=0
# shellcheck disable=SC2086 # qemu and ram are lists of words
timeout "$tmo" $qemu $ram -smp "$smp" -m "$mem" \
	-nographic -monitor none -serial "file:$out/console.log" -no-reboot \
	-kernel "$kdir/vmlinuz" -initrd "$out/initramfs.cpio.gz" \
	-append "$cmdline" \
	-drive "file=$out/disk.raw,format=raw,if=virtio" \
	-drive "file=$out/info.raw,format=raw,if=virtio" \
	< /dev/null > "$out/qemu.log" 2>&1 || rc=$?
t1=$(date +%s)
[ -z "$memfile" ] || rm -f "$memfile"
[ $rc = 0 ] || die "qemu exited with $rc after $((t1 - t0)) s (124: timeout), see $out/console.log"

mkdir -p "$out/first" "$out/capture"
dd if="$out/info.raw" bs=1M count=32 2>/dev/null | tar -x -C "$out/first"
dd if="$out/info.raw" bs=1M skip=32 count=32 2>/dev/null | tar -x -C "$out/capture"
[ -f "$out/first/meminfo.txt" ] || die "first kernel saved nothing, see $out/console.log"
[ -f "$out/capture/result.txt" ] || die "capture kernel saved nothing, see $out/console.log"
for f in meminfo zoneinfo buddyinfo; do
	cp "$out/first/$f.txt" "$out/$f.txt"
done
"$here/vmcoreinfo.py" "$out/capture/vmcore-head.bin" > "$out/vmcoreinfo.txt"

get() { sed -n "s/^$1=//p" "$out/capture/result.txt"; }	# not sourced
dump_rc=$(get dump_rc) dump_bytes=$(get dump_bytes) vmcore_size=$(get vmcore_size)
[ -n "$dump_bytes" ] || die "capture kernel did not count the dump bytes"
[ "$dump_rc" = 0 ] || die "dump script failed with $dump_rc"
[ -n "$dumpscript" ] || [ "$dump_bytes" = "$vmcore_size" ] ||
	die "dump is $dump_bytes bytes, /proc/vmcore was $vmcore_size"
name=vmcore
[ -z "$dumpscript" ] || name=dump
if [ $keep = 1 ]; then
	dd if="$out/disk.raw" of="$out/$name" bs=1M iflag=count_bytes \
		count="$dump_bytes" conv=sparse 2>/dev/null
	truncate -s "$dump_bytes" "$out/$name"
else
	truncate -s "$dump_bytes" "$out/disk.raw"
	mv "$out/disk.raw" "$out/$name"
	rm -f "$out/info.raw"
fi
{
	cat "$out/capture/result.txt"
	echo "package=$(sed -n 's/^Version: //p' "$kdir/package")"
	echo "qemu_seconds=$((t1 - t0))"
	echo "qemu=${qemu#* } $ram -smp $smp -m $mem"
	# As the kernels saw them (kexec adds elfcorehdr= and acpi_rsdp=).
	grep -a 'Kernel command line: ' "$out/console.log" | tr -d '\r' |
		sed 's/.*Kernel command line: /cmdline=/; 2s/^/capture_/'
} > "$out/result.txt"
cat "$out/result.txt" >&2
[ -n "$dumpscript" ] ||
	[ "$("$here/vmcoreinfo.py" --size "$out/vmcore")" = "$dump_bytes" ] ||
	die "vmcore size does not match its program headers"
echo "run-crash: done in $((t1 - t0)) s: $out" >&2
