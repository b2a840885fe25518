# Sourced by the package tests (7001, 3104) after tests/lib/e2e.sh:
# build_deb builds the Debian package (debian/) from the tracked files as
# they are in the work tree, with dpkg-buildpackage -b, and sets $DEB.
build_deb() {
	mkdir "$TMP/src" || exit 99
	(cd "$SRCDIR" && git ls-files -z | xargs -0 tar cf -) |
		tar xf - -C "$TMP/src" || exit 99
	# the package's make check must not inherit TESTS from this make (it
	# would run the calling test again inside the build)
	(cd "$TMP/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TESTS \
		dpkg-buildpackage -us -uc -b) >"$TMP/build.log" 2>&1 ||
		{ tail -30 "$TMP/build.log" >&2; fail "dpkg-buildpackage failed"; finish; }
	DEB=$(ls "$TMP"/sievedump_*.deb)
	pass "built $(basename "$DEB")"
}
