#!/bin/sh
# A capture initramfs built by copying the program and what ldd lists
# (dracut's inst_binary, the QEMU harness) has no libdeflate, which is
# dlopen()ed.  In such a root (a chroot made the same way, as root):
#  - -c with --zlib-engine auto still dumps, warns once that libdeflate
#    cannot be loaded, and writes stock zlib's bytes (the dump made with
#    --zlib-engine zlib outside);
#  - --zlib-engine libdeflate, asked for by name, fails before any output
#    is made and says why; --check-params says so too;
#  - snappy is dlopen()ed too (it is C++: libstdc++ stays out of the
#    initramfs), so ldd does not list it: there -p fails before any output
#    and says why, --check-params too, and every other compressor works;
#    outside, a -p dump refilters (its pages read back through snappy).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ "$(id -u)" = 0 ] || skip "needs root for chroot"
[ -z "${VALGRIND:-}" ] || skip "valgrind is not in the chroot"
"$SIEVEDUMP" -v | grep -q '^libdeflate[[:space:]]*enabled' ||
	skip "libdeflate not built"

# (no /proc in the chroot: the budget is given)
root=$TMP/root
mkdir -p "$root" || exit 99
cp "$SIEVEDUMP" "$root/sievedump" || exit 99
# the program's libraries, at the paths ldd names (the loader too)
for lib in $(ldd "$SIEVEDUMP" | grep -o '/[^ ]*'); do
	mkdir -p "$root$(dirname "$lib")" && cp -L "$lib" "$root$lib" || exit 99
done
ls "$root"/lib*/*/libdeflate* "$root"/lib*/libdeflate* 2>/dev/null &&
	fail "ldd lists libdeflate: the test cannot hide it"

"$SDGEN" -e "flavour=6.1;paging=4;mem=64M;seed=9" "$TMP/core" >/dev/null 2>&1 ||
	{ fail "sdgen"; finish; }
cp "$TMP/core" "$root/core" || exit 99
"$SIEVEDUMP" --zlib-engine zlib -c -d 31 "$TMP/core" "$TMP/stock" \
	>/dev/null 2>&1 || fail "stock zlib -c -d 31"

chroot "$root" /sievedump --mem-budget 64M -c -d 31 /core /auto >"$TMP/out" 2>&1 ||
	{ fail "auto -c without libdeflate: rc $?"; cat "$TMP/out" >&2; }
[ "$(grep -c 'WARNING: libdeflate cannot be loaded' "$TMP/out")" = 1 ] &&
	pass "auto warns once that libdeflate cannot be loaded" ||
	{ fail "no single warning"; cat "$TMP/out" >&2; }
cmp "$root/auto" "$TMP/stock" >&2 &&
	pass "auto without libdeflate writes stock zlib's bytes" ||
	fail "auto without libdeflate differs from stock zlib"

chroot "$root" /sievedump --mem-budget 64M -c --num-threads 2 -d 31 /core /t2 \
	>/dev/null 2>&1 && cmp "$root/t2" "$TMP/stock" >&2 &&
	pass "the same with 2 threads" || fail "2 threads without libdeflate"

# refused_in_root WHAT PATTERN OPTS...: in the root, a dump with OPTS
# fails naming the library (PATTERN), leaves no output, and --check-params
# refuses the same options
refused_in_root() {
	what=$1 pat=$2
	shift 2
	rm -f "$root/named"
	chroot "$root" /sievedump --mem-budget 64M "$@" /core /named >"$TMP/out" 2>&1
	rc=$?
	[ $rc -ne 0 ] && grep -q "$pat" "$TMP/out" &&
		pass "$what fails (rc $rc) naming the library" ||
		{ fail "$what: rc $rc"; cat "$TMP/out" >&2; }
	[ -e "$root/named" ] && fail "a failed $what run left /named"
	chroot "$root" /sievedump --check-params "$@" /core /named >/dev/null 2>&1 &&
		fail "--check-params accepts $what" ||
		pass "--check-params refuses $what too"
}
refused_in_root "--zlib-engine libdeflate" libdeflate --zlib-engine libdeflate -c -d 31

# snappy
if "$SIEVEDUMP" -v | grep -q '^snappy[[:space:]]*enabled'; then
	ldd "$SIEVEDUMP" | grep -E 'snappy|stdc\+\+' &&
		fail "ldd lists snappy or libstdc++: they should be dlopen()ed"
	refused_in_root "-p without libsnappy" 'libsnappy.* cannot be loaded here' -p -d 31
	for c in -l -z ""; do
		"$SIEVEDUMP" -v | grep -q "^$( case $c in -l) echo lzo;; -z) echo zstd;; *) echo zlib;; esac)" || continue
		rm -f "$root/other"
		chroot "$root" /sievedump --mem-budget 64M $c -d 31 /core /other \
			>/dev/null 2>&1 && pass "${c:-no compression} works without libsnappy" ||
			fail "${c:-no compression} fails without libsnappy"
	done
	"$SIEVEDUMP" -p -d 1 "$TMP/core" "$TMP/p1" >/dev/null 2>&1 &&
	"$SIEVEDUMP" -l -d 31 "$TMP/p1" "$TMP/p31" >/dev/null 2>&1 &&
	"$SIEVEDUMP" -l -d 31 "$TMP/core" "$TMP/l31" >/dev/null 2>&1 &&
	cmp "$TMP/p31" "$TMP/l31" >&2 &&
		pass "a -p dump refiltered to -l -d 31 = the direct -l -d 31 dump" ||
		fail "refiltering a -p dump"
fi
finish
