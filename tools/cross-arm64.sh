#!/bin/sh
# cross-arm64.sh [--sysroot DIR | --minimal | --plain] [--out DIR]
#                [--env] [-- CONFIGURE_ARGS...]
#
# Cross-build sievedump for arm64 (aarch64-linux-gnu) on an x86_64 Debian
# host: ./configure --host=aarch64-linux-gnu, then `make sievedump`.
#
# Where the arm64 headers and libraries come from:
#   (default)    a sysroot of Debian's arm64 packages, unpacked (not
#                installed) by tests/qemu/debroot.sh into
#                ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/arm64-sysroot/root:
#                libc6-dev, linux-libc-dev and the -dev packages of every
#                library configure.ac knows (libelf, zlib, lzo, snappy,
#                zstd, libdeflate, isa-l, roaring, libdw), with their runtime
#                libraries.  The compiler gets --sysroot, pkg-config
#                PKG_CONFIG_SYSROOT_DIR and PKG_CONFIG_LIBDIR.  Every
#                optional compressor is found.
#   --sysroot DIR   that sysroot in DIR instead (made there if missing).
#   --minimal    a sysroot with the required libraries only (libelf, zlib),
#                in .../arm64-sysroot-min/root: lzo, snappy, zstd,
#                libdeflate, isa-l and roaring are left out, as configure's
#                summary and `sievedump -v` ("disabled") then say.
#   --plain      no sysroot: the cross compiler's own libc and whatever
#                :arm64 -dev packages are installed on the host
#                (apt-get install libelf-dev:arm64 zlib1g-dev:arm64 ...;
#                the optional ones that are missing are left out).
# The package lists need `dpkg --add-architecture arm64; apt-get update`.
#
#   --out DIR    build directory (default: build-arm64 in the current
#                directory).  The sources are copied there from the git
#                work tree (git ls-files) and autogen.sh is run, so the
#                source tree may itself be configured for the host; without
#                git, the source tree must be unconfigured and is built
#                from DIR as a VPATH build.
#   --env        print the environment (CC, PKG_CONFIG_*) of the chosen
#                route as shell assignments and stop (used to cross-build
#                the Debian package, tools/deb-arm64.sh).
#   -- ARGS      more configure arguments (e.g. --without-isal).
#
# Prints configure's summary and, last, "arm64 binary: OUT/sievedump".
# Run the result with qemu-user:  qemu-aarch64-static -L SYSROOT OUT/sievedump -v
# (with --plain: -L /usr/aarch64-linux-gnu).  `make -C OUT check TESTS=`
# builds the unit tests without running them; tests/e2e/3203-arm64-build.sh
# runs them under qemu-user.
set -eu

die() { echo "cross-arm64: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
mode=full sysroot='' out=build-arm64 env=0
while [ $# -gt 0 ]; do
	case $1 in
	--sysroot) sysroot=$2; shift 2 ;;
	--minimal) mode=min; shift ;;
	--plain) mode=plain; shift ;;
	--out) out=$2; shift 2 ;;
	--env) env=1; shift ;;
	--) shift; break ;;
	*) die "unknown option $1 (see the head of $0)" ;;
	esac
done
host=aarch64-linux-gnu
command -v $host-gcc >/dev/null 2>&1 ||
	die "no $host-gcc (apt-get install gcc-aarch64-linux-gnu)"

required="libc6-dev linux-libc-dev libelf-dev zlib1g-dev"
optional="liblzo2-dev libsnappy-dev libzstd-dev libdeflate-dev libisal-dev libroaring-dev libdw-dev"
case $mode in
full) pkgs="$required $optional"; sysroot=${sysroot:-$cache/arm64-sysroot/root} ;;
min) pkgs=$required; sysroot=${sysroot:-$cache/arm64-sysroot-min/root} ;;
plain) pkgs=''; sysroot='' ;;
esac

if [ -n "$sysroot" ]; then
	dpkg --print-foreign-architectures | grep -qx arm64 ||
		die "arm64 is not a dpkg architecture (dpkg --add-architecture arm64; apt-get update)"
	# a sysroot unpacked for a shorter package list is made again
	for p in $pkgs; do
		[ -f "$sysroot/.done" ] && ! grep -q -- " $p " "$sysroot/.done" &&
			rm -rf "$sysroot"
	done
	# shellcheck disable=SC2086 # a list of packages
	[ -f "$sysroot/.done" ] || "$top/tests/qemu/debroot.sh" arm64 "$sysroot" $pkgs >&2 ||
		die "could not unpack the arm64 packages into $sysroot"
	sysroot=$(cd "$sysroot" && pwd)
	# The packages' absolute symbolic links (libz.so -> /lib/...) would
	# point into the host: make them relative to the sysroot.
	find "$sysroot" -type l -lname '/*' | while read -r l; do
		t=$(readlink "$l")
		ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$sysroot$t")" "$l"
	done
	cc="$host-gcc --sysroot=$sysroot"
	pclib="$sysroot/usr/lib/$host/pkgconfig:$sysroot/usr/share/pkgconfig"
	pcsys=$sysroot
else
	cc=$host-gcc
	pclib="/usr/lib/$host/pkgconfig:/usr/share/pkgconfig"
	pcsys=''
fi
if [ $env = 1 ]; then
	echo "CC='$cc'"
	echo "PKG_CONFIG=pkg-config"
	echo "PKG_CONFIG_LIBDIR='$pclib'"
	echo "PKG_CONFIG_SYSROOT_DIR='$pcsys'"
	echo "SYSROOT='${sysroot:-/usr/$host}'"
	exit 0
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	rm -rf "$out/src"
	mkdir "$out/src"
	(cd "$top" && git ls-files -z | xargs -0 tar cf -) | tar xf - -C "$out/src"
	(cd "$out/src" && ./autogen.sh >/dev/null 2>&1) || die "autogen.sh failed"
	src=$out/src
else
	[ ! -f "$top/config.status" ] ||
		die "$top is configured for the host and has no git: make distclean there first"
	[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh) || die "autogen.sh failed"
	src=$top
fi
cd "$out"
# configure's own pkg-config (not $host-pkg-config) with the sysroot's
# .pc files; the libraries found without one (roaring) come from the
# compiler's --sysroot search path.
env CC="$cc" PKG_CONFIG=pkg-config PKG_CONFIG_LIBDIR="$pclib" \
	PKG_CONFIG_SYSROOT_DIR="$pcsys" \
	"$src/configure" --host=$host --without-fuse "$@" >configure.out 2>&1 ||
	{ tail -n 20 configure.out >&2; die "configure failed (see $out/config.log)"; }
sed -n '/^  sievedump [0-9]/,$p' configure.out
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TESTS make -j2 sievedump >make.out 2>&1 ||
	{ tail -n 30 make.out >&2; die "make failed (see $out/make.out)"; }
file -b sievedump | grep -q 'ARM aarch64' || die "$out/sievedump is not an aarch64 ELF file"
echo "arm64 binary: $out/sievedump"
