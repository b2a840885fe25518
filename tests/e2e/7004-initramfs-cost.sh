#!/bin/sh
# What sievedump costs in a capture initramfs against Debian's makedumpfile,
# with the real image builders (tools/initramfs-cost.sh, in Debian 12
# chroots; the host is not touched): kdump-tools' own initrd made by
# initramfs-tools, and a dracut image that installs the dumper as Fedora's
# kdump module does (with the RPM's 90-sievedump.conf, which adds
# libdeflate).  doc/install.md, "What sievedump costs in the capture
# initramfs", has the measured numbers the bounds below come from.
# Slow (a package build, five images, a one-time debootstrap of two roots
# cached in ${SIEVEDUMP_CACHE}/initramfs-cost): only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "builds a package and five images: set SIEVEDUMP_LONG=1"
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, mount)"
for t in debootstrap dpkg-buildpackage git cpio; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is not installed"
done
[ -d "$SRCDIR/.git" ] || [ -f "$SRCDIR/.git" ] || skip "not a git tree"

out=$TMP/out
"$SRCDIR/tools/initramfs-cost.sh" --out "$out" >"$TMP/log" 2>&1 ||
	{ tail -20 "$TMP/log" >&2; fail "tools/initramfs-cost.sh failed"; finish; }
pass "five images made"
sed -n '/^|/p' "$out/report.txt"

get() { sed -n "s/^$1=//p" "$out/sizes.txt"; }
has() { cut -f1 "$out/$1.list" | grep -q -- "$2"; }

# initramfs-tools: kdump-tools' initrd does not hold the dumper (its capture
# kernel mounts the real root and runs makedumpfile from there), so the
# two images have the same members.  Measured: same cpio bytes, packed
# image 3 bytes apart (zstd over other mtimes).  Bound: 4 KiB packed.
m=$(get itools_makedumpfile_image) s=$(get itools_sievedump_image)
[ "$s" -le $((m + 4096)) ] &&
	pass "kdump-tools initrd: sievedump $s bytes, makedumpfile $m (bound +4096)" ||
	fail "kdump-tools initrd: sievedump $s bytes > makedumpfile $m + 4096"
cmp -s "$out/itools-makedumpfile.list" "$out/itools-sievedump.list" &&
	pass "kdump-tools initrd: the same members" ||
	fail "kdump-tools initrd: members differ: $(diff "$out/itools-makedumpfile.list" "$out/itools-sievedump.list" | head -5 | tr '\n' ' ')"
has itools-sievedump 'bin/makedumpfile$\|bin/sievedump$' &&
	fail "kdump-tools initrd holds a dumper: the 0-byte cost no longer holds"

# dracut: sievedump's binary (264 KB) and libroaring (189 KB), plus
# libdeflate (149 KB) from 90-sievedump.conf, against makedumpfile's 418 KB
# with libdw, libelf and libbz2 (868 KB); libz, liblzo2, libzstd and liblzma
# are in both (kmod needs the last two).  Measured: 261,440 bytes smaller
# packed with the conf file.  Bound: not larger than makedumpfile's image,
# which leaves the binary about 250 KB to grow but fails on any library of
# the size of those kept out (libm 912 KB, libdw 684 KB, libstdc++ 2.2 MB).
m=$(get dracut_makedumpfile_image)
for v in sievedump sievedump_conf; do
	s=$(get "dracut_${v}_image")
	[ "$s" -le "$m" ] &&
		pass "dracut $v: $s bytes, makedumpfile $m (bound +0)" ||
		fail "dracut $v: $s bytes > makedumpfile's $m"
done
# none of these is in the base image: sievedump must not bring them (libm:
# not linked; the others dlopen()ed, or not used)
for lib in libm.so libstdc++ libsnappy libdw libelf libisal; do
	for v in sievedump sievedump-conf; do
		has "dracut-$v" "/$lib" && fail "dracut $v: $lib is in the image"
	done
done
has dracut-sievedump-conf /libdeflate.so.0 &&
	pass "dracut: 90-sievedump.conf adds libdeflate" ||
	fail "dracut: no libdeflate with 90-sievedump.conf"
has dracut-sievedump /libdeflate &&
	fail "dracut: libdeflate without the conf file (ldd should not list it)"
finish
