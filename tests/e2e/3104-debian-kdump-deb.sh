#!/bin/sh
# The real client: a Debian 12 system with kdump-tools (tests/qemu/
# debian-kdump.sh: 2 GiB guest under QEMU/TCG, crashkernel=256M) gets the
# sievedump .deb built from this tree installed with apt, as a user would
# (its preinst diverts Debian's makedumpfile); after a crash, kdump-tools'
# own save step in the capture kernel runs it as makedumpfile with its
# default arguments (-F -c -d 31, piped) and must save the dump and the
# dmesg file under /var/crash; sievedump's and makedumpfile's -R rebuild
# the same file from it, which drgn with the kernel's debug vmlinux reads
# (tests/qemu/dump_check.py).  Removing the package is 7001's part.
# Slow (a package build, an image build with a prepare boot and a crash
# boot, each some minutes of QEMU), so only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/debpkg.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "a package build and QEMU runs: set SIEVEDUMP_LONG=1"
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot)"
for t in dpkg-buildpackage debootstrap qemu-system-x86_64 mkfs.ext4 debugfs git; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is not installed"
done
[ -d "$SRCDIR/.git" ] || [ -f "$SRCDIR/.git" ] || skip "not a git tree"
QD="$SRCDIR/tests/qemu"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
get() { sed -n "s/^$1=//p" "$run/result.txt"; }

build_deb
run=$CACHE/runs/3104-deb
rm -rf "$run"
"$QD/debian-kdump.sh" --out "$run" --dumper "$DEB" --keep-disk \
	--timeout 1500 >"$TMP/boot.log" 2>&1 ||
	{ tail -15 "$TMP/boot.log" >&2; fail "the Debian kdump-tools run failed"; finish; }
rm -f "$run/disk.raw"
grep -qi sievedump "$run/first/dumper-version.txt" 2>/dev/null &&
	pass "installed with apt: makedumpfile is $(head -n 1 "$run/first/dumper-version.txt")" ||
	fail "makedumpfile in the guest is not sievedump"
if [ "$(get saved)" = yes ]; then
	pass "kdump-tools saved a dump of $(get dump_bytes) bytes"
else
	fail "kdump-tools saved no dump: $(get capture_failure)"
	finish
fi
ls "$run"/crash/dmesg.* >/dev/null 2>&1 &&
	grep -q "sysrq triggered crash" "$run"/crash/dmesg.* &&
	pass "kdump-tools saved the dmesg file ($(basename "$(ls "$run"/crash/dmesg.* | head -n 1)"))" ||
	fail "no dmesg file with the crash in $run/crash"
# kdump-tools runs "makedumpfile -F -c -d 31 /proc/vmcore | compress":
# the saved file is a flattened stream; -R makes the kdump file of it
saved=$(ls "$run"/crash/dump.* 2>/dev/null | head -n 1)
[ -n "$saved" ] && [ "$(head -c 8 "$saved")" = makedump ] &&
	pass "the saved dump is a flattened stream ($(basename "$saved"))" ||
	{ fail "no flattened dump in $run/crash"; finish; }
dump=$TMP/dump.kdump
"$SIEVEDUMP" -R "$dump" <"$saved" >/dev/null 2>&1 &&
	[ "$(head -c 8 "$dump")" = "KDUMP   " ] &&
	pass "-R rebuilds it into a kdump-compressed file" ||
	{ fail "-R of the saved dump failed"; finish; }
if command -v makedumpfile >/dev/null 2>&1; then
	makedumpfile -R "$TMP/m.kdump" <"$saved" >/dev/null 2>&1 &&
		cmp "$TMP/m.kdump" "$dump" >&2 &&
		pass "makedumpfile -R rebuilds the same file" ||
		fail "makedumpfile -R differs or failed"
fi

PY=/usr/bin/python3
if "$PY" -c 'import drgn, kdumpfile' 2>/dev/null; then
	kver=$(get kernel)
	if kdir=$("$QD/fetch-kernel.sh" --dbg "$kver" 2>"$TMP/fetch.log"); then
		"$PY" "$QD/dump_check.py" "$dump" "$kdir/vmlinux" \
			"$run/console.log" >"$TMP/chk" 2>&1 &&
			pass "drgn: $(tail -n 1 "$TMP/chk")" ||
			{ fail "drgn: $(tail -n 1 "$TMP/chk")"; tail -5 "$TMP/chk" >&2; }
	else
		tail -3 "$TMP/fetch.log" >&2
		echo "the debug vmlinux of $kver cannot be fetched: drgn not run"
	fi
else
	echo "drgn or libkdumpfile missing: the dump is not read"
fi
rm -f "$saved"
finish
