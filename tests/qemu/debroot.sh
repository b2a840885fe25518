#!/bin/sh
# debroot.sh ARCH ROOT PKG...
#
# Unpack Debian packages of a foreign architecture (e.g. arm64) with their
# shared libraries into ROOT, without installing anything: `apt-get download
# PKG:ARCH` then `dpkg-deb -x`.  The libraries are the Depends of each
# package whose names are library packages (lib*, zlib1g), followed
# recursively; then every ELF file's DT_NEEDED must be found in ROOT.
# The .deb files stay in ROOT/../debs-ARCH.  ROOT/.done marks completion;
# a complete ROOT is left as it is.  Needs the architecture added to dpkg
# (dpkg --add-architecture ARCH; apt-get update).
set -eu

die() { echo "debroot: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: debroot.sh ARCH ROOT PKG..."
arch=$1 root=$2
shift 2
[ -f "$root/.done" ] && exit 0
mkdir -p "$root"
root=$(cd "$root" && pwd)
debs=$(dirname "$root")/debs-$arch
mkdir -p "$debs"

libdeps() {	# libdeps PKG: its library Depends (first of each alternative)
	apt-cache depends --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$1:$arch" 2>/dev/null |
		sed -n 's/^  Depends: \(lib[^:<> ]*\|zlib1g\)\(:[a-z0-9]*\)\{0,1\}$/\1/p'
}

todo="$*" seen=' '
while [ -n "$todo" ]; do
	# shellcheck disable=SC2086 # a list of words
	set -- $todo
	p=$1
	shift
	todo="$*"
	case $seen in *" $p "*) continue ;; esac
	seen="$seen$p "
	set -- "$debs/${p}_"*"_$arch.deb"
	if [ ! -f "$1" ]; then
		(cd "$debs" && apt-get download "$p:$arch" >&2) ||
			die "apt-get download $p:$arch failed"
		set -- "$debs/${p}_"*"_$arch.deb"
		[ -f "$1" ] || die "no .deb for $p:$arch"
	fi
	dpkg-deb -x "$1" "$root"
	todo="$todo $(libdeps "$p" | tr '\n' ' ')"
done

# Every DT_NEEDED of every ELF file must be in ROOT's library directories.
missing=
for f in "$root"/bin/* "$root"/sbin/* "$root"/usr/bin/* "$root"/usr/sbin/* \
	"$root"/lib/*-linux-gnu/*.so* "$root"/usr/lib/*-linux-gnu/*.so*; do
	[ -f "$f" ] && [ ! -h "$f" ] && head -c 4 "$f" | grep -q ELF || continue
	for n in $(readelf -d "$f" 2>/dev/null |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		found=
		for d in "$root"/lib/*-linux-gnu "$root"/usr/lib/*-linux-gnu \
			"$root"/lib "$root"/usr/lib; do
			[ -e "$d/$n" ] && found=1 && break
		done
		[ -n "$found" ] || missing="$missing $n(${f#"$root"})"
	done
done
[ -z "$missing" ] || die "libraries not found in $root:$missing"
echo "$seen" > "$root/.done"
