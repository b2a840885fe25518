#!/bin/sh
# The arm64 build: tools/cross-arm64.sh cross-builds sievedump for arm64 on
# this x86_64 host (a sysroot of Debian's arm64 -dev packages, unpacked by
# tests/qemu/debroot.sh), and qemu-aarch64-static runs it:
#  - configure finds every optional library; -v says all enabled;
#  - the arm64 unit tests (and the fuzz corpus replays) pass under qemu-user;
#  - on the same input the arm64 binary writes byte for byte what the host
#    binary writes: a generated x86_64 vmcore (tests/gen/sdgen) and, if
#    3202 left it in the cache, the real arm64 Debian 6.1 vmcore; dump
#    levels 0 1 7 31, uncompressed, -l, -c (libdeflate and zlib), -z, -p,
#    -E, --split, -F and -R, refiltering a dump, --dump-dmesg, --plan (with
#    a fixed --mem-budget, the predicted time aside); -c --zlib-engine isal
#    is not byte-identical (ISA-L's arm64 and x86_64 code find different
#    matches) but decompresses to the same pages;
#  - --minimal (libelf and zlib only) builds with every optional library
#    left out, as configure and -v say; -l is then refused and the
#    uncompressed dump is still the host's;
#  - tools/deb-arm64.sh builds the arm64 Debian package: Architecture
#    arm64, an aarch64 /usr/bin/sievedump, and the same files as the amd64
#    package (tests/lib/debpkg.sh builds that one).
# Downloads packages and builds three times: only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/debpkg.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "cross-builds and unpacks arm64 packages: set SIEVEDUMP_LONG=1"
for c in aarch64-linux-gnu-gcc qemu-aarch64-static apt-get git; do
	command -v $c >/dev/null 2>&1 || skip "no $c (gcc-aarch64-linux-gnu, qemu-user-static)"
done
dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64 ||
	skip "arm64 is not a dpkg architecture (dpkg --add-architecture arm64)"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
X=$SRCDIR/tools/cross-arm64.sh

# 1. the build
"$X" --out "$TMP/b" -- --enable-werror >"$TMP/build.out" 2>&1 ||
	{ tail -n 20 "$TMP/build.out" >&2; fail "cross-build failed"; finish; }
SYSROOT=$(eval "$("$X" --env)"; echo "$SYSROOT")
A64=$TMP/b/sievedump
a64() { qemu-aarch64-static -L "$SYSROOT" "$A64" "$@"; }
missing=$(grep -E '^  (lzo|snappy|zstd|libdeflate|isal|roaring): +no' "$TMP/build.out")
[ -z "$missing" ] && file -b "$A64" | grep -q 'ARM aarch64' &&
	pass "cross-built: $(file -b "$A64" | cut -d, -f1-2); $(grep -E '^  (lzo|snappy|zstd|libdeflate|isal|roaring):' "$TMP/build.out" | tr -s ' ' | tr '\n' ';')" ||
	fail "cross-build: $missing"
a64 -v >"$TMP/v" 2>&1
if grep -q 'disabled' "$TMP/v" || ! grep -q '^zlib engine	libdeflate$' "$TMP/v"; then
	fail "arm64 -v: $(tr '\t\n' ' ;' <"$TMP/v")"
else
	pass "arm64 -v: everything enabled, -c engine libdeflate"
fi

# 2. the unit tests under qemu-user
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u TESTS make -C "$TMP/b" -j2 check TESTS= >"$TMP/check.out" 2>&1 ||
	{ tail -n 20 "$TMP/check.out" >&2; fail "building the arm64 tests failed"; }
n=0 bad=''
for t in "$TMP"/b/tests/unit/test-* "$TMP"/b/tests/fuzz/replay-*; do
	case $t in *.o|*.c|*.h) continue ;; esac
	[ -x "$t" ] || continue
	qemu-aarch64-static -L "$SYSROOT" "$t" >"$TMP/t.out" 2>&1
	rc=$?
	n=$((n + 1))
	[ $rc = 0 ] || [ $rc = 77 ] || {
		bad="$bad ${t##*/}"
		grep '^not ok' "$TMP/t.out" | head -5 >&2
	}
done
[ $n -ge 16 ] && [ -z "$bad" ] && pass "$n arm64 unit tests and corpus replays pass under qemu-user" ||
	fail "arm64 tests ($n run) failed:$bad"

# 3. the same outputs
same() {	# same LABEL FILE...: host's FILEs ($TMP/h/) = arm64's ($TMP/a/)
	l=$1; shift
	for f; do
		if [ ! -s "$TMP/h/$f" ]; then
			fail "$l: the host wrote no $f"
			return 1
		elif ! cmp "$TMP/h/$f" "$TMP/a/$f" >&2; then
			fail "$l: $f differs"
			return 1
		fi
	done
	return 0
}
both() {	# both LABEL ARGS...: run each binary in its directory, with
	# standard input from $IN (default /dev/null)
	l=$1; shift
	rm -rf "$TMP/h" "$TMP/a"
	mkdir "$TMP/h" "$TMP/a"
	(cd "$TMP/h" && "$SIEVEDUMP" "$@" >out 2>err <"${IN:-/dev/null}")
	hrc=$?
	(cd "$TMP/a" && a64 "$@" >out 2>err <"${IN:-/dev/null}")
	arc=$?
	[ $hrc = $arc ] ||
		{ fail "$l: exit $hrc on the host, $arc on arm64"; tail -n 3 "$TMP/a/err" >&2; return 1; }
	[ $hrc = 0 ] || { fail "$l: exit $hrc"; tail -n 3 "$TMP/h/err" >&2; return 1; }
	return 0
}
compare() {	# compare NAME VMCORE
	ok=0 total=0
	for o in "-d 0" "-d 1" "-d 7" "-d 31" "-l -d 1" "-l -d 31" \
		"-c -d 31" "-c --zlib-engine zlib -d 31" "-z -d 31" "-p -d 31" \
		"-E -d 31" "-E -d 1"; do
		total=$((total + 1))
		# shellcheck disable=SC2086 # option lists
		both "$1 $o" $o "$2" d && same "$1 $o" d && ok=$((ok + 1))
	done
	total=$((total + 1))
	both "$1 --split" -l -d 31 --split "$2" s1 s2 s3 && same "$1 --split" s1 s2 s3 &&
		ok=$((ok + 1))
	total=$((total + 1))
	both "$1 -F" -F -l -d 31 "$2" && same "$1 -F" out && ok=$((ok + 1))
	cp "$TMP/h/out" "$TMP/flat"
	total=$((total + 1))
	IN=$TMP/flat
	both "$1 -R" -R d && same "$1 -R" d && ok=$((ok + 1))
	IN=''
	both "$1 -l -d 1" -l -d 1 "$2" d1 && cp "$TMP/h/d1" "$TMP/d1"
	total=$((total + 1))
	both "$1 refilter" -c -d 31 "$TMP/d1" d && same "$1 refilter" d && ok=$((ok + 1))
	total=$((total + 1))
	# bytes >= 0x80: \xffffffNN from the x86_64 build, \xNN from the
	# arm64 one, as each architecture's makedumpfile (doc/compat-dmesg.md)
	both "$1 --dump-dmesg" --dump-dmesg "$2" log &&
		sed -i 's/\\xffffff\([0-9a-f][0-9a-f]\)/\\x\1/g' "$TMP/h/log" &&
		same "$1 --dump-dmesg" log && ok=$((ok + 1))
	total=$((total + 1))
	if both "$1 --plan" --plan --mem-budget 64M -l -d 31 "$2"; then
		for d in h a; do grep -v '^time:' "$TMP/$d/out" >"$TMP/$d/plan"; done
		same "$1 --plan" plan && ok=$((ok + 1))
	fi
	[ $ok = $total ] && pass "$1: arm64 = host in all $total cases"
	# ISA-L: other bytes, the same pages (the host refilters both to
	# uncompressed dumps)
	if both "$1 isal" -c --zlib-engine isal -d 31 "$2" d; then
		cmp -s "$TMP/h/d" "$TMP/a/d" && i="byte-identical" || i="not byte-identical"
		"$SIEVEDUMP" -d 31 "$TMP/h/d" "$TMP/h/u" >/dev/null 2>&1 &&
		"$SIEVEDUMP" -d 31 "$TMP/a/d" "$TMP/a/u" >/dev/null 2>&1 &&
		same "$1 isal" u &&
			pass "$1: -c --zlib-engine isal: $i, the same pages uncompressed"
	fi
	rm -rf "$TMP/h" "$TMP/a" "$TMP/d1" "$TMP/flat"
}
"$SDGEN" -e "flavour=6.1;paging=4;mem=300M;seed=3" "$TMP/x86.core" ||
	{ fail "sdgen"; finish; }
compare "generated x86_64 6.1" "$TMP/x86.core"
rm -f "$TMP/x86.core"
"$SDGEN" -e "flavour=6.12;paging=5;mem=200M;seed=9" "$TMP/x86.core" ||
	{ fail "sdgen"; finish; }
compare "generated x86_64 6.12, 5 levels" "$TMP/x86.core"
rm -f "$TMP/x86.core"
if [ -s "$CACHE/runs/arm64-6.1/vmcore" ]; then
	compare "real arm64 6.1" "$CACHE/runs/arm64-6.1/vmcore"
else
	echo "note: no $CACHE/runs/arm64-6.1/vmcore (3202 makes it): the real arm64 case is left out"
fi

# 4. the minimal route: required libraries only
"$X" --minimal --out "$TMP/m" >"$TMP/min.out" 2>&1 ||
	{ tail -n 20 "$TMP/min.out" >&2; fail "--minimal cross-build failed"; }
MINROOT=$(eval "$("$X" --minimal --env)"; echo "$SYSROOT")
qemu-aarch64-static -L "$MINROOT" "$TMP/m/sievedump" -v >"$TMP/mv" 2>&1
if [ "$(grep -cE '^  (lzo|snappy|zstd|libdeflate|isal|roaring): +no' "$TMP/min.out")" = 6 ] &&
	[ "$(grep -cE '^(lzo|snappy|zstd|libdeflate|isal)	disabled$' "$TMP/mv")" = 5 ] &&
	grep -q '^zlib engine	zlib$' "$TMP/mv"; then
	pass "--minimal: configure and -v report lzo snappy zstd libdeflate isal (and roaring) left out"
else
	fail "--minimal: $(tr '\t\n' ' ;' <"$TMP/mv")"
fi
"$SDGEN" -e "flavour=6.1;mem=160M;seed=5" "$TMP/x86.core" || fail "sdgen"
rm -f "$TMP/ml" "$TMP/mu" "$TMP/hu"
qemu-aarch64-static -L "$MINROOT" "$TMP/m/sievedump" -l -d 31 "$TMP/x86.core" \
	"$TMP/ml" >"$TMP/mlo" 2>&1
rc=$?
[ $rc != 0 ] && [ ! -e "$TMP/ml" ] &&
	pass "--minimal: -l refused: $(grep -v '^$' "$TMP/mlo" | head -n 1)" ||
	fail "--minimal: -l: exit $rc"
qemu-aarch64-static -L "$MINROOT" "$TMP/m/sievedump" -d 31 "$TMP/x86.core" \
	"$TMP/mu" >/dev/null 2>&1 &&
	"$SIEVEDUMP" -d 31 "$TMP/x86.core" "$TMP/hu" >/dev/null 2>&1 &&
	cmp "$TMP/mu" "$TMP/hu" >&2 &&
	pass "--minimal: the uncompressed -d 31 dump = the host's" ||
	fail "--minimal: the uncompressed -d 31 dump differs"
rm -rf "$TMP/m" "$TMP/x86.core" "$TMP/mu" "$TMP/hu"

# 5. the arm64 Debian package, against the amd64 one
command -v dpkg-buildpackage >/dev/null 2>&1 || { echo "note: no dpkg-buildpackage: packages left out"; finish; }
rm -rf "$TMP/b"
"$SRCDIR/tools/deb-arm64.sh" --out "$TMP/deb64" >"$TMP/deb64.log" 2>&1 ||
	{ tail -n 30 "$TMP/deb64.log" >&2; fail "tools/deb-arm64.sh failed"; finish; }
D64=$(ls "$TMP"/deb64/sievedump_*_arm64.deb)
dpkg-deb -f "$D64" Architecture | grep -qx arm64 &&
	pass "$(basename "$D64"): Architecture arm64, Depends: $(dpkg-deb -f "$D64" Depends)" ||
	fail "$D64: Architecture $(dpkg-deb -f "$D64" Architecture)"
mkdir "$TMP/x64"
dpkg-deb -x "$D64" "$TMP/x64"
file -b "$TMP/x64/usr/bin/sievedump" | grep -q 'ARM aarch64' &&
	pass "its /usr/bin/sievedump: $(file -b "$TMP/x64/usr/bin/sievedump" | cut -d, -f1-2)" ||
	fail "its /usr/bin/sievedump: $(file -b "$TMP/x64/usr/bin/sievedump")"
build_deb
files() {	# files DEB: its paths and link targets, then its maintainer scripts
	dpkg-deb -c "$1" | awk '{ $1 = $2 = $3 = $4 = $5 = ""; print }' |
		sed 's/^ *//' | LC_ALL=C sort
	dpkg-deb -I "$1" | sed -n 's/^ *[0-9]* bytes, *[0-9]* lines *\** *\([a-z]*\) .*/control: \1/p'
}
files "$DEB" >"$TMP/f-amd64"
files "$D64" >"$TMP/f-arm64"
if cmp -s "$TMP/f-amd64" "$TMP/f-arm64" && grep -q 'usr/bin/makedumpfile -> sievedump' "$TMP/f-arm64" &&
	grep -q 'control: preinst' "$TMP/f-arm64" && grep -q 'control: postrm' "$TMP/f-arm64" &&
	grep -q 'man8/sievedump.8' "$TMP/f-arm64"; then
	pass "the arm64 package has the amd64 one's $(wc -l <"$TMP/f-arm64") files, links and scripts"
else
	fail "the arm64 and amd64 packages differ"
	diff "$TMP/f-amd64" "$TMP/f-arm64" >&2
fi
finish
