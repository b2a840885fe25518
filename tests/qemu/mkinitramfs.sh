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
#
# The image holds busybox (static), /init (init.sh), the virtio modules,
# kexec with its libraries, static /bin/workload and /bin/sink, /dump.sh,
# and, for the first kernel, /boot/vmlinuz plus /boot/initrd.gz: the same
# image without /boot, which the first kernel loads as the capture kernel's
# initrd.
set -eu

die() { echo "mkinitramfs: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
dump=$here/dump.sh
adds=
while [ $# -gt 0 ]; do
	case $1 in
	--dump-script) dump=$2; shift 2 ;;
	--add) adds="$adds $2"; shift 2 ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || die "usage: mkinitramfs.sh [--dump-script FILE] [--add FILE:DEST]... KERNEL_DIR OUT.cpio.gz"
kdir=$1 out=$2
if [ ! -f "$kdir/vmlinuz" ] || [ ! -f "$kdir/modules/order" ]; then
	die "$kdir: run fetch-kernel.sh first"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

put() {		# put FILE DEST [MODE]: copy FILE into the image, with its libraries
	mkdir -p "$root$(dirname "$2")"
	cp -L "$1" "$root$2"
	chmod "${3:-755}" "$root$2"
	if file -L "$1" | grep -q 'dynamically linked'; then
		for lib in $(ldd "$1" | grep -o '/[^ ]*'); do
			[ -e "$root$lib" ] || put "$lib" "$lib"
		done
	fi
}

mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
	"$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/lib/modules"
put /bin/busybox /bin/busybox
for a in $(busybox --list-full); do
	[ -e "$root/$a" ] || ln -s /bin/busybox "$root/$a"
done
put "$here/init.sh" /init
put "$dump" /dump.sh
put "$(command -v kexec)" /sbin/kexec
for prog in workload sink; do
	gcc -static -O2 -o "$work/$prog" "$here/$prog.c"
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
