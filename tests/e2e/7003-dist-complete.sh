#!/bin/sh
# `make dist` carries the whole tree: every file git tracks, except the CI
# script and .gitignore files, is in the tarball's directory (a header left
# out of Makefile.am builds here and fails in the package builds, 7001/7002).
# Needs the source tree's git metadata and a build tree next to $SIEVEDUMP.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

command -v git >/dev/null 2>&1 || skip "git is not installed"
git -C "$SRCDIR" rev-parse --git-dir >/dev/null 2>&1 || skip "$SRCDIR is not a git work tree"
builddir=$(dirname "$SIEVEDUMP")
[ -f "$builddir/Makefile" ] || skip "no build tree next to $SIEVEDUMP"

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$builddir" distdir distdir="$TMP/dist" \
	>"$TMP/dist.log" 2>&1 || { tail "$TMP/dist.log" >&2; fail "make distdir failed"; finish; }
(cd "$TMP/dist" && find . -type f | sed 's|^\./||' | sort) >"$TMP/have"
git -C "$SRCDIR" ls-files | grep -v -e '^\.ci/' -e '\.gitignore$' | sort >"$TMP/want"
comm -23 "$TMP/want" "$TMP/have" >"$TMP/missing"
if [ -s "$TMP/missing" ]; then
	fail "make dist leaves out $(wc -l <"$TMP/missing") tracked file(s): $(head -5 "$TMP/missing" | tr '\n' ' ')"
else
	pass "make dist carries all $(wc -l <"$TMP/want") tracked files"
fi
finish
