#!/bin/sh
# initramfs-cost.sh [--deb FILE] [--out DIR]
#
# What sievedump costs in a capture initramfs, against Debian's
# makedumpfile, measured with the distributions' own image builders inside
# Debian 12 chroots (nothing is installed on the host):
#
#   initramfs-tools  kdump-tools' capture initrd, made by its kernel hook
#                    (/etc/kernel/postinst.d/kdump-tools: mkinitramfs with
#                    a copy of /etc/initramfs-tools, MODULES=dep), once with
#                    Debian's makedumpfile and once with the sievedump .deb
#                    installed by apt (it diverts /usr/bin/makedumpfile).
#   dracut           `dracut --no-kernel -m base --install
#                    /usr/bin/makedumpfile`: the dumper and the libraries
#                    dracut-install resolves for it, as Fedora's kdump module
#                    installs /usr/sbin/makedumpfile; with Debian's
#                    makedumpfile, with the sievedump .deb, and with the .deb
#                    plus the RPM's dracut.conf.d/90-sievedump.conf (which
#                    adds the dlopen()ed libdeflate; the .deb does not ship
#                    it, doc/install.md).
#
# For every image: its size, its uncompressed cpio size, and the members
# that differ from the makedumpfile image of the same builder (path, size).
# Results in OUT (default ./initramfs-cost): report.txt (the tables),
# sizes.txt (key=value lines: BUILDER_VARIANT_image, _cpio, _files), and
# per image the member list (NAME.list: path, size, type).
#
# --deb FILE  the sievedump package to measure (default: build one from
#             the tracked files of this tree, dpkg-buildpackage -b with
#             DEB_BUILD_OPTIONS=nocheck)
#
# Needs root, debootstrap and a Debian mirror (DEBIAN_MIRROR, default
# deb.debian.org).  The two chroots are debootstrap'ed once (a few minutes)
# and cached in ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/initramfs-cost/;
# every image is made in a throwaway copy of them.
set -eu

die() { echo "initramfs-cost: $*" >&2; exit 1; }
log() { echo "initramfs-cost: $*" >&2; }

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/initramfs-cost
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
deb='' out=./initramfs-cost
while [ $# -gt 0 ]; do
	case $1 in
	--deb) deb=$2 ;;
	--out) out=$2 ;;
	*) die "unknown option $1 (usage: initramfs-cost.sh [--deb FILE] [--out DIR])" ;;
	esac
	shift 2
done
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot)"
for t in debootstrap chroot cpio mount; do
	command -v "$t" > /dev/null || die "missing $t"
done
mkdir -p "$cache" "$out"
out=$(cd "$out" && pwd)

# --- the chroots (once) ---------------------------------------------------

# Debian 12's dracut conflicts with initramfs-tools: one root each.
ITOOLS_PKGS=linux-image-amd64,initramfs-tools,kdump-tools,makedumpfile
ITOOLS_PKGS=$ITOOLS_PKGS,kexec-tools,busybox,zstd,kmod,udev
DRACUT_PKGS=dracut,makedumpfile,zstd,kmod,udev

base_root() {	# base_root NAME PKGS: $cache/NAME, debootstrap'ed once
	r=$cache/$1
	[ -e "$r/.sd-done" ] && return 0
	if ! [ -e "$r.tmp/.sd-bootstrapped" ]; then
		log "debootstrap bookworm into $r.tmp (a few minutes)"
		rm -rf "$r.tmp"
		debootstrap --variant=minbase --include="$2" bookworm "$r.tmp" \
			"$mirror" > "$cache/$1-debootstrap.log" 2>&1 ||
			die "debootstrap failed, see $cache/$1-debootstrap.log"
		touch "$r.tmp/.sd-bootstrapped"
	fi
	touch "$r.tmp/.sd-done"
	mv "$r.tmp" "$r"
}

# --- a throwaway copy with /proc, /sys, /dev ---------------------------------

work=''
umount_work() {
	[ -n "$work" ] || return 0
	for m in dev/pts dev sys proc ''; do
		! mountpoint -q "$work/$m" || umount "$work/$m"
	done
	return 0
}
cleanup() {
	umount_work || true
	# never remove through a bind mount of the host's /dev
	if [ -n "$work" ] && [ -z "$(awk -v w="$work" \
		'$2 == w || index($2, w "/") == 1' /proc/mounts)" ]; then
		rm -rf --one-file-system "$work"
	fi
	return 0
}
debtmp=''
trap 'cleanup; [ -z "$debtmp" ] || rm -rf "$debtmp"' EXIT
trap 'exit 1' INT TERM

# The copy is a mount point of its own, so that /proc/mounts names a device
# for / in the chroot: kdump-tools' MODULES=dep then finds the host's root
# device (its disk and file system modules go into the image, the same for
# both dumpers).
work_root() {	# work_root NAME: a copy of the base root in $work, mounted
	cleanup
	work=$cache/work-$1
	cleanup		# what a killed run left
	[ ! -e "$work" ] || die "$work is still mounted"
	cp -a "$cache/$1" "$work"
	mount --bind "$work" "$work"
	mount -t proc proc "$work/proc"
	mount -t sysfs sysfs "$work/sys"
	mount --bind /dev "$work/dev"
	mount --bind /dev/pts "$work/dev/pts"
}
in_root() { chroot "$work" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

# The .deb as a user installs it: apt pulls its Depends and Recommends.
install_deb() {
	cp "$deb" "$work/tmp/sievedump.deb"
	cp /etc/resolv.conf "$work/etc/resolv.conf" 2> /dev/null || true
	in_root apt-get update -qq > /dev/null 2>&1 || true
	in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		/tmp/sievedump.deb > "$out/apt-$1.log" 2>&1 ||
		die "apt-get install of $deb failed, see $out/apt-$1.log"
	rm -f "$work/tmp/sievedump.deb"
	in_root /usr/bin/makedumpfile -v 2>&1 | grep -q sievedump ||
		die "/usr/bin/makedumpfile is not sievedump after installing $deb"
}

# --- the images -----------------------------------------------------------

kver_of() { find "$work/lib/modules" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1; }

itools_image() {	# itools_image VARIANT: kdump-tools' initrd -> $out
	work_root itools
	[ "$1" = makedumpfile ] || install_deb "itools-$1"
	kv=$(kver_of)
	rm -f "$work"/var/lib/kdump/initrd.img*
	in_root /etc/kernel/postinst.d/kdump-tools "$kv" > "$out/itools-$1.log" 2>&1 ||
		die "kdump-tools' hook failed, see $out/itools-$1.log"
	cp "$work/var/lib/kdump/initrd.img-$kv" "$out/itools-$1.img"
	cleanup
}

dracut_image() {	# dracut_image VARIANT: dracut -m base + the dumper
	work_root dracut
	case $1 in
	makedumpfile) ;;
	sievedump) install_deb "dracut-$1" ;;
	sievedump-conf)
		install_deb "dracut-$1"
		# what rpm/sievedump.spec installs, with Debian's libdir
		mkdir -p "$work/usr/lib/dracut/dracut.conf.d"
		echo 'install_items+=" /usr/lib/x86_64-linux-gnu/libdeflate.so.0 "' \
			> "$work/usr/lib/dracut/dracut.conf.d/90-sievedump.conf" ;;
	esac
	in_root dracut --no-kernel --no-hostonly --no-early-microcode -m base \
		--install /usr/bin/makedumpfile --force /tmp/dracut.img \
		"$(uname -r)" > "$out/dracut-$1.log" 2>&1 ||
		die "dracut failed, see $out/dracut-$1.log"
	cp "$work/tmp/dracut.img" "$out/dracut-$1.img"
	cleanup
}

# --- measuring an image -------------------------------------------------------

# decompress IMG: the cpio archive on stdout; one compressed stream only
# (neither builder adds an early microcode piece here)
decompress() {
	magic=$(od -An -tx1 -N4 "$1" | tr -d ' \n')
	case $magic in
	1f8b*) gzip -dc "$1" ;;
	28b52ffd) zstd -dc "$1" ;;
	fd377a58) xz -dc "$1" ;;
	02214c18) lz4 -dc "$1" ;;
	30373037) cat "$1" ;;
	*) die "$1: unknown packing (first bytes $magic)" ;;
	esac
}

packing() {
	case $(od -An -tx1 -N4 "$1" | tr -d ' \n') in
	1f8b*) echo gzip ;; 28b52ffd) echo zstd ;; fd377a58) echo xz ;;
	02214c18) echo lz4 ;; 30373037) echo none ;; *) echo unknown ;;
	esac
}

# measure NAME: NAME.list (path size type, sorted) and sizes.txt lines
measure() {
	img=$out/$1.img
	decompress "$img" > "$out/$1.cpio" || die "$img: cannot unpack"
	cpio --quiet -itv < "$out/$1.cpio" 2> /dev/null | awk '
		{ t = substr($1, 1, 1); s = $5; n = 9 }
		t == "c" || t == "b" { s = 0; n = 10 }
		{ p = $n; for (i = n + 1; i <= NF && $i != "->"; i++) p = p " " $i
		  sub(/^\.\//, "", p); sub(/^\//, "", p)
		  if (p != "." && p != "") print p "\t" s "\t" t }' |
		sort > "$out/$1.list"
	[ -s "$out/$1.list" ] || die "$img: no members listed"
	v=$(echo "$1" | tr - _)
	{
		echo "${v}_packing=$(packing "$img")"
		echo "${v}_image=$(stat -c %s "$img")"
		echo "${v}_cpio=$(stat -c %s "$out/$1.cpio")"
		echo "${v}_files=$(wc -l < "$out/$1.list")"
	} >> "$out/sizes.txt"
	rm -f "$out/$1.cpio"
}

# differ BASE OTHER: members added, removed or of another size, with sizes
differ() {
	awk -F'\t' '
		FNR == NR { a[$1] = $2 "\t" $3; next }
		{ b[$1] = $2 "\t" $3 }
		END {
			for (p in b) if (!(p in a)) print "+ " p "\t" b[p]
			for (p in a) if (!(p in b)) print "- " p "\t" a[p]
			for (p in a) if ((p in b) && a[p] != b[p]) {
				split(a[p], x, "\t"); split(b[p], y, "\t")
				print "~ " p "\t" x[1] " -> " y[1] "\t" y[2]
			}
		}' "$out/$1.list" "$out/$2.list" | sort -k2
}

get() { sed -n "s/^$1=//p" "$out/sizes.txt"; }

row() {	# row NAME BASE
	v=$(echo "$1" | tr - _) b=$(echo "$2" | tr - _)
	printf '| %s | %s | %s | %+d | %s | %+d | %s |\n' "$1" "$(get "${v}_packing")" \
		"$(get "${v}_image")" "$(($(get "${v}_image") - $(get "${b}_image")))" \
		"$(get "${v}_cpio")" "$(($(get "${v}_cpio") - $(get "${b}_cpio")))" \
		"$(get "${v}_files")"
}

# --- the run ------------------------------------------------------------------

if [ -z "$deb" ]; then
	command -v dpkg-buildpackage > /dev/null || die "missing dpkg-buildpackage (or give --deb)"
	rm -f "$out"/sievedump_*.deb
	debtmp=$(mktemp -d)
	log "building the .deb from $here (dpkg-buildpackage -b, nocheck)"
	mkdir "$debtmp/src"
	(cd "$here" && git ls-files -z | xargs -0 tar cf -) | tar xf - -C "$debtmp/src"
	(cd "$debtmp/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TESTS \
		DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) \
		> "$out/deb-build.log" 2>&1 ||
		die "dpkg-buildpackage failed, see $out/deb-build.log"
	cp "$debtmp"/sievedump_*.deb "$out/" || die "no .deb, see $out/deb-build.log"
	rm -rf "$debtmp"
	debtmp=''
	deb=$(ls "$out"/sievedump_*.deb)
fi
[ -s "$deb" ] || die "no package $deb"
deb=$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")

base_root itools "$ITOOLS_PKGS"
base_root dracut "$DRACUT_PKGS"
rm -f "$out/sizes.txt"
for v in makedumpfile sievedump; do
	log "initramfs-tools image with $v"
	itools_image "$v"
	measure "itools-$v"
done
for v in makedumpfile sievedump sievedump-conf; do
	log "dracut image with $v"
	dracut_image "$v"
	measure "dracut-$v"
done

{
	echo "# Capture initramfs: $(basename "$deb") vs Debian's makedumpfile"
	echo
	echo "| image | packing | image bytes | vs makedumpfile | cpio bytes | vs makedumpfile | members |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	row itools-makedumpfile itools-makedumpfile
	row itools-sievedump itools-makedumpfile
	row dracut-makedumpfile dracut-makedumpfile
	row dracut-sievedump dracut-makedumpfile
	row dracut-sievedump-conf dracut-makedumpfile
	for p in itools-sievedump dracut-sievedump dracut-sievedump-conf; do
		b=${p%%-*}-makedumpfile
		echo
		echo "## $p vs $b (+ only in $p, - only in $b, ~ size changed; path, bytes, type)"
		echo
		differ "$b" "$p" | sed 's/^/    /'
		[ -n "$(differ "$b" "$p")" ] || echo "    (no member differs)"
	done
} > "$out/report.txt"
cat "$out/report.txt"
