#!/bin/sh
# The RPM (rpm/sievedump.spec): rpmbuild -bb builds it from the `make dist`
# tarball of this build tree; the package provides and conflicts with
# makedumpfile and holds /usr/sbin/makedumpfile (a link to sievedump) and
# both man pages.  A build of minutes, so only with SIEVEDUMP_LONG=1.
# Build dependencies are not checked (--nodeps: this host is not an RPM
# system).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "builds a package: set SIEVEDUMP_LONG=1"
command -v rpmbuild >/dev/null 2>&1 || skip "rpmbuild is not installed"
builddir=$(dirname "$SIEVEDUMP")
[ -f "$builddir/Makefile" ] || skip "no build tree next to $SIEVEDUMP"

make -C "$builddir" dist >"$TMP/dist.log" 2>&1 ||
	{ tail "$TMP/dist.log" >&2; fail "make dist failed"; finish; }
mkdir "$TMP/src" "$TMP/top" && mv "$builddir"/sievedump-*.tar.gz "$TMP/src/" || exit 99
# the package's make check must not inherit TESTS from this make (it would
# run this test again inside the build)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TESTS \
	rpmbuild -bb --nodeps --define "_topdir $TMP/top" --define "_sourcedir $TMP/src" \
	--define 'debug_package %{nil}' "$SRCDIR/rpm/sievedump.spec" \
	>"$TMP/rpm.log" 2>&1 ||
	{ tail -30 "$TMP/rpm.log" >&2; fail "rpmbuild failed"; finish; }
rpm=$(ls "$TMP"/top/RPMS/*/sievedump-*.rpm)
pass "built $(basename "$rpm")"

rpm -qp --provides "$rpm" >"$TMP/provides" 2>/dev/null
grep -qx 'makedumpfile = 1.7.2' "$TMP/provides" &&
	pass "provides makedumpfile = 1.7.2" || fail "no 'Provides: makedumpfile' ($(tr '\n' ' ' <"$TMP/provides"))"
rpm -qp --conflicts "$rpm" 2>/dev/null | grep -qx makedumpfile &&
	pass "conflicts with makedumpfile" || fail "no 'Conflicts: makedumpfile'"
rpm -qplv "$rpm" >"$TMP/files" 2>/dev/null
for f in '/usr/sbin/sievedump$' '/usr/sbin/makedumpfile -> sievedump$' \
	 '/usr/share/man/man8/sievedump.8' '/usr/share/man/man8/makedumpfile.8'; do
	grep -q -- "$f" "$TMP/files" && pass "holds $f" || fail "lacks $f"
done
grep -q '/usr/bin/' "$TMP/files" && fail "installs in /usr/bin"
rpm2cpio "$rpm" | (cd "$TMP" && cpio -id --quiet \
	./usr/lib/dracut/dracut.conf.d/90-sievedump.conf) &&
	grep -q '^install_items+=" /usr/lib64/libdeflate.so.0 "$' \
		"$TMP/usr/lib/dracut/dracut.conf.d/90-sievedump.conf" &&
	pass "dracut config puts libdeflate in the capture initramfs" ||
	fail "no dracut config naming libdeflate.so.0"
finish
