#!/bin/sh
# debroot.sh ARCH ROOT PKG...
#
# Unpack Debian packages of a foreign architecture (e.g. arm64) with their
# shared libraries into ROOT, without installing anything: `apt-get download
# PKG:ARCH` then `dpkg-deb -x`.  The libraries are the Depends of each
# package whose names are library packages (lib*, zlib1g), followed
# recursively; then every DT_NEEDED of ROOT's programs and libraries must be
# found in ROOT (see below for those that no Depends names).
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

libdeps() {	# libdeps PKG: its library (Pre-)Depends, first of each alternative
	apt-cache depends --no-recommends --no-suggests --no-conflicts \
		--no-breaks --no-replaces --no-enhances "$1:$arch" 2>/dev/null |
		sed -n 's/^  \(Pre\)\{0,1\}Depends: \(lib[^:<> ]*\|zlib1g\)\(:[a-z0-9]*\)\{0,1\}$/\2/p'
}
deb() { set -- "$debs/${1}_"*"_$arch.deb"; echo "$1"; }

unpack() {	# unpack PKG...: breadth first, one apt-get download a round
	wave="$*"
	while [ -n "$wave" ]; do
		new='' get=''
		for p in $wave; do
			case $seen in *" $p "*) continue ;; esac
			seen="$seen$p " new="$new $p"
			[ -f "$(deb "$p")" ] || get="$get $p:$arch"
		done
		# shellcheck disable=SC2086 # lists of words
		[ -z "$get" ] || (cd "$debs" && apt-get download $get >&2) ||
			die "apt-get download$get failed"
		wave=''
		for p in $new; do
			[ -f "$(deb "$p")" ] || die "no .deb for $p:$arch"
			dpkg-deb -x "$(deb "$p")" "$root"
			wave="$wave $(libdeps "$p" | tr '\n' ' ')"
		done
	done
}

missing() {	# the DT_NEEDED sonames of ROOT's ELF files not found in ROOT
	for f in "$root"/bin/* "$root"/sbin/* "$root"/usr/bin/* "$root"/usr/sbin/* \
		"$root"/lib/*-linux-gnu/*.so* "$root"/usr/lib/*-linux-gnu/*.so*; do
		[ -f "$f" ] && [ ! -h "$f" ] || continue
		head -c 4 "$f" | grep -q ELF || continue
		for n in $(readelf -d "$f" 2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			for d in "$root"/lib/*-linux-gnu "$root"/usr/lib/*-linux-gnu; do
				[ -e "$d/$n" ] && continue 2
			done
			echo "$n"
		done
	done | sort -u
}

# Packages that leave a library out of their Depends (libext2fs2 needs
# libcom-err2, a "required" package) are found by the policy's name for a
# soname: libcom_err.so.2 is in libcom-err2, libbz2.so.1.0 in libbz2-1.0.
seen=' '
unpack "$@"
while m=$(missing) && [ -n "$m" ]; do
	want=''
	for n in $m; do
		b=$(echo "${n%%.so.*}" | tr _ - | tr '[:upper:]' '[:lower:]')
		v=${n#*.so.}
		case $b in *[0-9]) b=$b-$v ;; *) b=$b$v ;; esac
		case $seen in *" $b "*) die "$n not found in $root (not in $b)" ;; esac
		want="$want $b"
	done
	# shellcheck disable=SC2086 # a list of words
	unpack $want
done
echo "$seen" > "$root/.done"
