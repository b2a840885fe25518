#!/bin/sh
# -i VMCOREINFO: a file as `makedumpfile -g` writes it from vmlinux (kernel-
# image symbols without the KASLR offset) gives the same dump as the note;
# a file of another release exits 2, as makedumpfile does.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

for paging in 4 5; do
	spec="mem=128M;seed=4$paging;paging=$paging;kaslr=yes"
	rm -f "$TMP/a" "$TMP/b" "$TMP/m"
	"$SDGEN" -e "$spec" --vmcoreinfo "$TMP/vi" "$TMP/core" || fail "sdgen"
	"$SIEVEDUMP" $SD_ZLIB_STOCK -c -d 31 "$TMP/core" "$TMP/a" >/dev/null 2>&1 || fail "plain run"
	"$SIEVEDUMP" $SD_ZLIB_STOCK -c -d 31 -i "$TMP/vi" "$TMP/core" "$TMP/b" >"$TMP/out" 2>&1 ||
		{ fail "-i run"; cat "$TMP/out" >&2; }
	cmp -s "$TMP/a" "$TMP/b" && pass "paging $paging: -i gives the same dump" ||
		fail "paging $paging: -i dump differs"
	if have_makedumpfile; then
		rm -f "$TMP/m"
		makedumpfile -c -d 31 -i "$TMP/vi" "$TMP/core" "$TMP/m" >/dev/null 2>&1
		cmp -s "$TMP/b" "$TMP/m" && pass "paging $paging: same as makedumpfile -i" ||
			fail "paging $paging: differs from makedumpfile -i"
	fi
done
sed 's/^OSRELEASE=.*/OSRELEASE=9.9.9-other/' "$TMP/vi" >"$TMP/vi2"
expect_rc 2 "$SIEVEDUMP" -c -d 31 -i "$TMP/vi2" "$TMP/core" "$TMP/c" &&
	expect_grep "$TMP/err" "don't match" && pass "wrong release: exit 2"
[ ! -e "$TMP/c" ] || fail "a dump was written despite the wrong release"
if have_makedumpfile; then
	makedumpfile -c -d 31 -i "$TMP/vi2" "$TMP/core" "$TMP/m2" >/dev/null 2>&1
	[ $? -eq 2 ] && pass "makedumpfile also exits 2" || fail "makedumpfile exit differs"
fi
finish
