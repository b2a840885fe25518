#!/bin/sh
# --split -L SIZE: the limit applies to each part; a part that does not fit
# stops, the others go on, and every part's header gets status |= 0x08 with
# exit 1 — the same files as makedumpfile 1.7.2's children write.  With
# -d a,b the parts are deleted and the next level is tried.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

"$SDGEN" -e 'flavour=6.1;paging=5;mem=64M;seed=47' "$TMP/core" || fail "sdgen"
status_of() { od -An -tx4 -j424 -N4 "$1" | tr -d ' '; }

for limit in 100K 1M 4M; do
	rm -f "$TMP"/s? "$TMP"/m?
	"$SIEVEDUMP" --split $SD_ZLIB_STOCK -c -d 1 --splitblock-size 1024 -L $limit "$TMP/core" \
		"$TMP/s1" "$TMP/s2" >"$TMP/out" 2>&1
	rc=$?
	makedumpfile --split -c -d 1 --splitblock-size 1024 -L $limit "$TMP/core" \
		"$TMP/m1" "$TMP/m2" >/dev/null 2>&1
	[ $rc -eq 1 ] || fail "-L $limit: exit $rc"
	[ "$(status_of "$TMP/s1")" = 00000009 ] && [ "$(status_of "$TMP/s2")" = 00000009 ] ||
		fail "-L $limit: parts not marked incomplete"
	cmp "$TMP/s1" "$TMP/m1" >&2 && cmp "$TMP/s2" "$TMP/m2" >&2 &&
		pass "--split -L $limit: same parts as makedumpfile" ||
		fail "--split -L $limit: parts differ"
done
rm -f "$TMP"/s? "$TMP"/d?
"$SIEVEDUMP" --split -c -d 31 --splitblock-size 1024 "$TMP/core" "$TMP/d1" "$TMP/d2" \
	>/dev/null 2>&1 || fail "direct -d 31"
a=$(stat -c %s "$TMP/d1"); b=$(stat -c %s "$TMP/d2")
lim=$(( (a > b ? a : b) + 4096 ))
"$SIEVEDUMP" --split -d 0,31 -c --splitblock-size 1024 -L $lim "$TMP/core" "$TMP/s1" "$TMP/s2" \
	>"$TMP/out" 2>&1 || fail "-d 0,31 retry failed (limit $lim)"
grep -q 'Retry to create a dumpfile by dump_level(31).' "$TMP/out" &&
	cmp "$TMP/s1" "$TMP/d1" >&2 && cmp "$TMP/s2" "$TMP/d2" >&2 &&
	pass "--split -d 0,31 retry equals a direct -d 31 split" ||
	fail "--split -d 0,31 retry"
finish
