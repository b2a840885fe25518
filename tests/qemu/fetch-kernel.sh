#!/bin/sh
# fetch-kernel.sh [--dbg] [--arch amd64|arm64] KVER
#
# Download a Debian kernel package with `apt-get download` (no install) and
# unpack what the QEMU harness needs into the cache:
#
#   ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/kernels/KVER/
#       vmlinuz  System.map  config  package  *.deb
#       modules/*.ko  modules/order  (virtio modules that are not built in,
#                                     decompressed, in load order)
#       vmlinux                      (only with --dbg, from the -dbg package)
#
# Debian's image package ships a one-line placeholder System.map; --dbg
# replaces it with the real one from the -dbg package (858 MB download for
# 6.1, kept in the cache like the other .deb files).
#
# KVER is a kernel release such as 6.1.0-56-amd64 or 6.12.117+deb12-amd64,
# or the shorthand 6.1 / 6.12 for the newest kernel of that series that apt
# knows about, for --arch (default amd64; a release ending in -arm64 is
# arm64).  arm64 packages are downloaded as PKG:arm64 (dpkg needs the
# foreign architecture: dpkg --add-architecture arm64; apt-get update).
# Prints the cache directory on stdout.  Idempotent: nothing is downloaded
# again once the files are there.
set -eu

die() { echo "fetch-kernel: $*" >&2; exit 1; }

dbg=0 arch=amd64
while [ $# -gt 0 ]; do
	case $1 in
	--dbg) dbg=1; shift ;;
	--arch) arch=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: fetch-kernel.sh [--dbg] [--arch ARCH] KVER (e.g. 6.1, 6.12, 6.1.0-56-amd64)"
kver=$1
case $kver in *-arm64) arch=arm64 ;; esac
case $arch in
amd64) as= ;;
arm64) as=:arm64 ;;	# the package's architecture for apt-get download
*) die "unknown architecture $arch" ;;
esac

# Resolve the shorthands to the newest matching -unsigned package.
case $kver in
6.1)  pat="^linux-image-6\\.1\\.0-[0-9]+-$arch-unsigned " ;;
6.12) pat="^linux-image-6\\.12\\.[0-9]+\\+deb12-$arch-unsigned " ;;
*)    pat= ;;
esac
if [ -n "$pat" ]; then
	kver=$(apt-cache search --names-only linux-image | grep -E "$pat" |
		sed 's/^linux-image-//; s/-unsigned .*//' | sort -V | tail -n 1)
	[ -n "$kver" ] || die "no package for $1 (run apt-get update?)"
fi

cache=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/kernels/$kver
mkdir -p "$cache"

# The virtio stack, in load order (tests/qemu/README.md).
mods="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk"

download() {	# download PACKAGE into $cache, echo the .deb path
	set -- "$1" "$cache"/"$1"_*.deb
	if [ ! -f "$2" ]; then
		(cd "$cache" && apt-get download "$1$as" >&2) || die "apt-get download $1$as failed"
		set -- "$1" "$cache"/"$1"_*.deb
		[ -f "$2" ] || die "no .deb for $1"
	fi
	echo "$2"
}

if [ ! -f "$cache/vmlinuz" ] || [ ! -f "$cache/modules/virtio_blk.ko" ]; then
	deb=$(download "linux-image-$kver-unsigned")
	tmp=$(mktemp -d "$cache/x.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb -x "$deb" "$tmp"
	cp "$tmp/boot/vmlinuz-$kver" "$cache/vmlinuz.tmp"
	cp "$tmp/boot/System.map-$kver" "$cache/System.map"
	cp "$tmp/boot/config-$kver" "$cache/config"
	rm -rf "$cache/modules"
	mkdir -p "$cache/modules"
	: > "$cache/modules/order"
	for m in $mods; do
		# 6.12 builds the virtio core in (=y): only virtio_blk is a module.
		if grep -q "/$m\.ko\$" "$tmp/lib/modules/$kver/modules.builtin"; then
			continue
		fi
		f=$(find "$tmp/lib/modules/$kver" -name "$m.ko" -o -name "$m.ko.xz" \
			-o -name "$m.ko.zst" | head -n 1)
		[ -n "$f" ] || die "module $m not found in $deb"
		echo "$m" >> "$cache/modules/order"
		case $f in	# busybox insmod wants plain ELF: decompress here
		*.xz)  xz -dc "$f" > "$cache/modules/$m.ko" ;;
		*.zst) zstd -qdc "$f" > "$cache/modules/$m.ko" ;;
		*)     cp "$f" "$cache/modules/$m.ko" ;;
		esac
	done
	dpkg-deb -f "$deb" Package Version > "$cache/package"
	rm -rf "$tmp"
	trap - EXIT
	mv "$cache/vmlinuz.tmp" "$cache/vmlinuz"	# last: marks completion
fi

if [ $dbg = 1 ] && [ ! -f "$cache/vmlinux" ]; then
	deb=$(download "linux-image-$kver-dbg")
	tmp=$(mktemp -d "$cache/x.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" ./usr/lib/debug/boot
	mv "$tmp/usr/lib/debug/boot/System.map-$kver" "$cache/System.map"
	mv "$tmp/usr/lib/debug/boot/vmlinux-$kver" "$cache/vmlinux"	# last
	rm -rf "$tmp"
	trap - EXIT
fi

echo "$cache"
