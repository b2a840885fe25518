#!/bin/sh
# The Debian package (debian/): dpkg-buildpackage -b builds it from the
# tree's tracked files; in a throwaway copy of a debootstrap'ed bookworm with
# Debian's makedumpfile and kdump-tools, installing it diverts
# /usr/bin/makedumpfile and makedumpfile.8.gz to *.distrib and kdump-tools'
# PATH finds sievedump; removing it gives Debian's files back unchanged
# (dpkg --verify).  The host is not touched.  Slow (a package build, and a
# one-time debootstrap of a few minutes cached in
# ${SIEVEDUMP_CACHE}/deb-root), so it runs only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "builds a package: set SIEVEDUMP_LONG=1"
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot)"
for t in dpkg-buildpackage debootstrap git; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is not installed"
done
[ -d "$SRCDIR/.git" ] || [ -f "$SRCDIR/.git" ] || skip "not a git tree"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

. "$SRCDIR/tests/lib/debpkg.sh"
build_deb
deb=$DEB
dpkg-deb -c "$deb" >"$TMP/files"
for f in ./usr/bin/sievedump './usr/bin/makedumpfile -> sievedump' \
	 ./usr/share/man/man8/sievedump.8.gz \
	 './usr/share/man/man8/makedumpfile.8.gz -> sievedump.8.gz'; do
	grep -qF -- "$f" "$TMP/files" && pass "the package holds $f" ||
		fail "the package lacks $f"
done
if command -v lintian >/dev/null 2>&1; then
	lintian "$deb" >"$TMP/lintian" 2>&1
	grep '^E:' "$TMP/lintian" >&2 && fail "lintian errors" ||
		pass "lintian: no errors ($(grep -c '^W:' "$TMP/lintian") warnings)"
fi

# the root: bookworm with Debian's makedumpfile, kdump-tools and our libraries
base=$CACHE/deb-root
if ! [ -x "$base/usr/sbin/kdump-config" ]; then
	rm -rf "$base.tmp"
	mkdir -p "$CACHE"
	debootstrap --variant=minbase --include=makedumpfile,kdump-tools,libsnappy1v5,libroaring0,libzstd1,liblzo2-2,libelf1,zlib1g,libstdc++6,libdeflate0,libisal2 \
		bookworm "$base.tmp" "$mirror" >"$TMP/debootstrap.log" 2>&1 ||
		{ tail "$TMP/debootstrap.log" >&2; skip "debootstrap failed"; }
	mv "$base.tmp" "$base"
fi
r=$TMP/root
cp -a "$base" "$r" || exit 99
cp "$deb" "$r/tmp/sievedump.deb"
in_root() { chroot "$r" env PATH=/bin:/usr/bin:/sbin:/usr/sbin "$@"; }
mdf_sum=$(md5sum <"$r/usr/bin/makedumpfile")
mdf_ver=$(in_root makedumpfile -v 2>&1 | head -1)

check_installed() {
	in_root dpkg-divert --list >"$TMP/div"
	for p in /usr/bin/makedumpfile /usr/share/man/man8/makedumpfile.8.gz; do
		d=$(echo "$p" | sed 's/makedumpfile/makedumpfile.distrib/')
		grep -qx "diversion of $p to $d by sievedump" "$TMP/div" &&
			pass "$1: $p diverted to $d" || fail "$1: no diversion of $p"
		[ -e "$r$d" ] && pass "$1: Debian's file is $d" || fail "$1: $d is missing"
	done
	[ "$(in_root sh -c 'readlink -f "$(command -v makedumpfile)"')" = /usr/bin/sievedump ] &&
		pass "$1: makedumpfile on kdump-tools' PATH is /usr/bin/sievedump" ||
		fail "$1: makedumpfile is $(in_root sh -c 'readlink -f "$(command -v makedumpfile)"')"
	in_root makedumpfile -v >"$TMP/v" 2>&1
	grep -q '^makedumpfile: version .*(sievedump' "$TMP/v" &&
		pass "$1: makedumpfile -v: $(head -1 "$TMP/v")" || fail "$1: -v says $(head -1 "$TMP/v")"
	[ "$(in_root makedumpfile.distrib -v 2>&1 | head -1)" = "$mdf_ver" ] ||
		fail "$1: makedumpfile.distrib is not Debian's"
	# kdump-tools' default arguments pass its --check-params; an option
	# sievedump has not built (--eppic) does not
	in_root makedumpfile --check-params -c -d 31 /proc/vmcore /var/crash/dump ||
		fail "$1: --check-params -c -d 31 refused"
	in_root makedumpfile --check-params --eppic m.c -c /proc/vmcore d 2>/dev/null &&
		fail "$1: --check-params --eppic accepted"
}

in_root dpkg -i /tmp/sievedump.deb >"$TMP/dpkg.log" 2>&1 ||
	{ cat "$TMP/dpkg.log" >&2; fail "dpkg -i failed"; finish; }
check_installed "installed"
in_root dpkg -i /tmp/sievedump.deb >"$TMP/dpkg.log" 2>&1 ||
	{ cat "$TMP/dpkg.log" >&2; fail "reinstalling failed"; }
check_installed "reinstalled"
[ "$(grep -c 'by sievedump' "$TMP/div")" -eq 2 ] || fail "not two diversions after a reinstall"

in_root dpkg -r sievedump >"$TMP/dpkg.log" 2>&1 ||
	{ cat "$TMP/dpkg.log" >&2; fail "dpkg -r failed"; finish; }
in_root dpkg-divert --list | grep 'sievedump' >&2 &&
	fail "removed: diversions are left" || pass "removed: no diversion left"
[ "$(md5sum <"$r/usr/bin/makedumpfile")" = "$mdf_sum" ] &&
	[ "$(in_root sh -c 'readlink -f "$(command -v makedumpfile)"')" = /usr/bin/makedumpfile ] &&
	pass "removed: /usr/bin/makedumpfile is Debian's again ($(in_root makedumpfile -v 2>&1 | head -1))" ||
	fail "removed: /usr/bin/makedumpfile is not Debian's"
[ -e "$r/usr/share/man/man8/makedumpfile.8.gz" ] &&
	! [ -e "$r/usr/share/man/man8/makedumpfile.distrib.8.gz" ] &&
	pass "removed: makedumpfile.8.gz is Debian's again" || fail "removed: man page not restored"
out=$(in_root dpkg --verify makedumpfile 2>&1)
[ -z "$out" ] && pass "dpkg --verify makedumpfile: clean" || fail "dpkg --verify makedumpfile: $out"
finish
