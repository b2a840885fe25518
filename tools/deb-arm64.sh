#!/bin/sh
# deb-arm64.sh [--out DIR] [--minimal | --plain | --sysroot DIR]
#
# Build the arm64 Debian package (debian/) on an x86_64 Debian host:
# `dpkg-buildpackage -b --host-arch arm64` with the compiler and pkg-config
# of tools/cross-arm64.sh (its options choose the route; by default a
# sysroot of Debian's arm64 -dev packages, since libisal-dev:arm64 cannot
# be installed next to the host's libisal-dev).  Because the arm64 -dev
# packages are unpacked rather than installed, the build dependencies are
# not checked (-d) and dpkg-shlibdeps learns the arm64 libraries' package
# names and versions from debian/shlibs.local, written here from the
# sysroot's .deb files (their shlibs control files).  The tests are not
# run in a cross build (debian/rules); tests/e2e/3203-arm64-build.sh runs
# the arm64 unit tests under qemu-user.
#
# The sources are the tracked files of the git work tree, copied to
# DIR/src; the package lands in DIR (default: deb-arm64 in the current
# directory) as sievedump_VERSION_arm64.deb.
set -eu

die() { echo "deb-arm64: $*" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=deb-arm64 xopts=''
while [ $# -gt 0 ]; do
	case $1 in
	--out) out=$2; shift 2 ;;
	--minimal|--plain) xopts="$xopts $1"; shift ;;
	--sysroot) xopts="$xopts --sysroot $2"; shift 2 ;;
	*) die "unknown option $1 (see the head of $0)" ;;
	esac
done
command -v dpkg-buildpackage >/dev/null 2>&1 || die "no dpkg-buildpackage (dpkg-dev)"
command -v dh >/dev/null 2>&1 || die "no dh (debhelper)"
# shellcheck disable=SC2086 # a list of options
envs=$("$here/cross-arm64.sh" $xopts --env) || die "tools/cross-arm64.sh --env failed"
eval "$envs"
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/src"
mkdir "$out/src"
(cd "$top" && git ls-files -z | xargs -0 tar cf -) | tar xf - -C "$out/src" ||
	die "cannot copy the tracked files of $top (git ls-files)"

# shlibs.local: "LIBRARY SOVERSION PACKAGE (>= VERSION)" of every arm64
# library package whose .deb is next to the sysroot (debroot.sh keeps
# them in SYSROOT/../debs-arm64); the plain route's are installed, so dpkg
# knows them.
debs=$(dirname "$SYSROOT")/debs-arm64
: > "$out/src/debian/shlibs.local"
libdirs=''
if [ -d "$debs" ]; then
	libdirs="$SYSROOT/lib/aarch64-linux-gnu $SYSROOT/usr/lib/aarch64-linux-gnu"
	mkdir "$out/ctl"
	for d in "$debs"/*.deb; do
		rm -rf "$out/ctl/x"
		dpkg-deb -e "$d" "$out/ctl/x"
		[ -f "$out/ctl/x/shlibs" ] || continue
		grep -v '^ *#' "$out/ctl/x/shlibs" | grep -v '^udeb:' |
			grep . >> "$out/src/debian/shlibs.local" || :
	done
	rm -rf "$out/ctl"
fi
cd "$out/src"
# the calling make's variables must not reach the package's make
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TESTS \
	CC="$CC" PKG_CONFIG="$PKG_CONFIG" PKG_CONFIG_LIBDIR="$PKG_CONFIG_LIBDIR" \
	PKG_CONFIG_SYSROOT_DIR="$PKG_CONFIG_SYSROOT_DIR" \
	SIEVEDUMP_LIBDIRS="$libdirs" \
	dpkg-buildpackage -us -uc -b -d --host-arch arm64 > "$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log" >&2; die "dpkg-buildpackage failed (see $out/build.log)"; }
cd "$out"
deb=$(ls sievedump_*_arm64.deb) || die "no sievedump_*_arm64.deb in $out"
dpkg-deb -f "$deb" Package Version Architecture Depends
echo "arm64 package: $out/$deb"
