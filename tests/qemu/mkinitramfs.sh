#!/bin/sh
# mkinitramfs.sh [options] KERNEL_DIR OUT.cpio.gz
#
# Build the busybox initramfs of the QEMU crash harness for one kernel.
# KERNEL_DIR is a directory made by fetch-kernel.sh (vmlinuz, modules/).
#
#   --dump-script FILE   use FILE as /dump.sh in the capture kernel (default:
#                        dump.sh here, a raw dd of /proc/vmcore to stdout)
#   --add FILE:DEST      add FILE to the image as DEST (repeatable), e.g.
#                        --add build/sievedump:/bin/sievedump
#                        dynamic executables get their libraries too
#   --lib-root DIR       arm64: also look for the libraries of --add files
#                        in DIR (e.g. the sysroot of tools/cross-arm64.sh)
#
# The image holds busybox (static), /init (init.sh), the virtio modules,
# kexec with its libraries, static /bin/workload and /bin/sink, /dump.sh,
# and, for the first kernel, /boot/vmlinuz plus /boot/initrd.gz: the same
# image without /boot, which the first kernel loads as the capture kernel's
# initrd.
#
# A kernel directory named *-arm64 gives an arm64 image: busybox and kexec
# (with its libraries) from Debian's busybox-static:arm64 and
# kexec-tools:arm64, unpacked once by debroot.sh into
# ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/arm64-guest/root, and the
# helpers built with aarch64-linux-gnu-gcc -static; --add takes arm64
# binaries, whose libraries come from that root.
set -eu

die() { echo "mkinitramfs: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
dump=$here/dump.sh
adds='' lroot=''
while [ $# -gt 0 ]; do
	case $1 in
	--dump-script) dump=$2; shift 2 ;;
	--add) adds="$adds $2"; shift 2 ;;
	--lib-root) lroot=$2; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || die "usage: mkinitramfs.sh [--dump-script FILE] [--add FILE:DEST]... KERNEL_DIR OUT.cpio.gz"
kdir=$1 out=$2
if [ ! -f "$kdir/vmlinuz" ] || [ ! -f "$kdir/modules/order" ]; then
	die "$kdir: run fetch-kernel.sh first"
fi

# Where busybox, kexec and the libraries of dynamic executables come from.
aroot='' cc=gcc bb=/bin/busybox kexec=$(command -v kexec || echo /sbin/kexec)
case $(basename "$kdir") in
*-arm64)
	aroot=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/arm64-guest/root
	"$here/debroot.sh" arm64 "$aroot" busybox-static kexec-tools ||
		die "cannot unpack busybox-static:arm64 and kexec-tools:arm64"
	cc=aarch64-linux-gnu-gcc bb=$aroot/bin/busybox kexec=$aroot/sbin/kexec
	;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

libs() {	# libs FILE: the shared libraries FILE loads: "ROOT PATH" lines
		# (PATH: in the image; ROOT: the directory it is in, - for /)
	if [ -z "$aroot" ]; then
		ldd "$1" | grep -o '/[^ ]*' | sed 's|^|- |' || :
		return
	fi
	readelf -lW "$1" | sed -n "s|.*interpreter: \\(.*\\)]\$|$aroot \\1|p"
	for n in $(readelf -dW "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		for d in /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu; do
			for r in "$aroot" ${lroot:+"$lroot"}; do
				[ -e "$r$d/$n" ] && echo "$r $d/$n" && break 2
			done
		done | grep . || die "$n (for $1) is not in $aroot${lroot:+ or $lroot}"
	done
}

put() {		# put FILE DEST [MODE]: copy FILE into the image, with its libraries
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
	chmod "${3:-755}" "$root$2"
	if file -L "$1" | grep -q 'dynamically linked'; then
		l=$(libs "$1")	# lines "ROOT PATH" (ROOT - : the host's)
		echo "$l" | while read -r r lib; do
			[ "$r" != - ] || r=
			[ -z "$lib" ] || [ -e "$root$lib" ] || put "$r$lib" "$lib"
		done
	fi
}

mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/lib/modules"
put "$bb" /bin/busybox
list=busybox
[ -z "$aroot" ] || list="qemu-aarch64-static $bb"
for a in $($list --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done
put "$here/init.sh" /init
put "$dump" /dump.sh
put "$kexec" /sbin/kexec
for prog in workload sink; do
	$cc -static -O2 -o "$work/$prog" "$here/$prog.c"
	put "$work/$prog" "/bin/$prog"
done
for m in $(cat "$kdir/modules/order"); do
	put "$kdir/modules/$m.ko" "/lib/modules/$m.ko" 644
done
cp "$kdir/modules/order" "$root/lib/modules/order"
for a in $adds; do
	put "${a%%:*}" "${a#*:}"
done

cpio_gz() {	# cpio_gz DIR OUT: newc archive of DIR, gzipped
	(cd "$1" && find . | LC_ALL=C sort | busybox cpio -o -H newc 2>/dev/null) |
		gzip -6 > "$2"
}
cpio_gz "$root" "$work/capture.cpio.gz"
mkdir -p "$root/boot"
cp "$work/capture.cpio.gz" "$root/boot/initrd.gz"
cp "$kdir/vmlinuz" "$root/boot/vmlinuz"
cpio_gz "$root" "$out.tmp"
mv "$out.tmp" "$out"
