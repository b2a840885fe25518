#!/bin/sh
# -L SIZE (doc/format-kdump.md): the file stops at the limit, descriptors whose data
# did not fit are zeroed, the header gets status |= 0x08, exit 1 — byte for
# byte as makedumpfile 1.7.2 does it.  With -d a,b the dump is retried at
# the next level; a retry gives exactly the file a direct run at that level
# gives.  --dry-run applies the limit to the byte count.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;paging=4;mem=64M;seed=41' "$TMP/core" || fail "sdgen"

status_of() { od -An -tx4 -j424 -N4 "$1" | tr -d ' '; }

for args in "-c -d 31" "-d 1" "-d 0 -b 0" "-c -d 31 -b 1"; do
	for limit in 20K 100K 300K 1M 3M; do
		rm -f "$TMP/s" "$TMP/m"
		"$SIEVEDUMP" $SD_ZLIB_STOCK $args -L $limit "$TMP/core" "$TMP/s" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		label="$args -L $limit"
		if [ "$rc" -ne 1 ]; then
			fail "$label: exit $rc, wanted 1"
			continue
		fi
		want=$(numfmt --from=iec "$limit")
		size=$(stat -c %s "$TMP/s")
		[ "$size" -le "$want" ] || fail "$label: $size bytes > limit"
		if [ "$size" -ge 464 ]; then
			st=$(status_of "$TMP/s")
			[ $((0x$st & 8)) -eq 8 ] || fail "$label: status 0x$st lacks 0x08"
			grep -q 'This is an incomplete dumpfile, but might analyzable.' "$TMP/out" ||
				fail "$label: no incomplete message"
		fi
		grep -q "Can't write the dump file($TMP/s). Size limit($want) reached." "$TMP/out" ||
			fail "$label: no size-limit message"
		grep -q 'incomplete' "$TMP/err" || fail "$label: no error on stderr"
		if have_makedumpfile; then
			makedumpfile $args -L $limit "$TMP/core" "$TMP/m" >/dev/null 2>&1
			if cmp "$TMP/s" "$TMP/m" >&2; then
				pass "$label: same truncated file as makedumpfile (status 0x$(status_of "$TMP/s"))"
			else
				fail "$label: differs from makedumpfile"
			fi
		else
			pass "$label: status 0x$(status_of "$TMP/s")"
		fi
	done
done

# -d 1,31: the first level does not fit, the retry does.
rm -f "$TMP/s" "$TMP/direct"
"$SIEVEDUMP" -c -d 31 "$TMP/core" "$TMP/direct" >/dev/null 2>&1 || fail "direct -d 31"
lim=$(( $(stat -c %s "$TMP/direct") + 4096 ))
"$SIEVEDUMP" -c -d 1,31 -L $lim "$TMP/core" "$TMP/s" >"$TMP/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && cmp "$TMP/s" "$TMP/direct" >&2 &&
   grep -q 'Retry to create a dumpfile by dump_level(31).' "$TMP/out"; then
	pass "-d 1,31 retry equals a direct -d 31 run"
else
	fail "-d 1,31 retry (exit $rc)"
fi
# every level too big: incomplete at the last one
rm -f "$TMP/s"
"$SIEVEDUMP" -c -d 0,1,31 -L 200K "$TMP/core" "$TMP/s" >"$TMP/out" 2>&1
rc=$?
st=$(status_of "$TMP/s")
lvl=$(od -An -td4 -j4104 -N4 "$TMP/s" | tr -d ' ')
if [ "$rc" -eq 1 ] && [ "$st" = 00000009 ] && [ "$lvl" = 31 ] &&
   [ "$(grep -c 'Retry to create' "$TMP/out")" -eq 2 ]; then
	pass "-d 0,1,31 all too big: incomplete at level 31"
else
	fail "-d 0,1,31 -L 200K: exit $rc status $st level $lvl"
fi

# --dry-run: same limit rule, nothing written
rm -f "$TMP/s"
"$SIEVEDUMP" --dry-run -c -d 31 -L 100K "$TMP/core" "$TMP/s" >"$TMP/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && [ ! -e "$TMP/s" ] &&
   grep -q 'Size limit(102400) reached' "$TMP/out"; then
	pass "--dry-run -L"
else
	fail "--dry-run -L: exit $rc"
fi
# -F: the limit applies to the stream; no marking is possible
"$SIEVEDUMP" -F -c -d 31 -L 100K "$TMP/core" >"$TMP/stream" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 1 ] && [ "$(stat -c %s "$TMP/stream")" -eq 102400 ]; then
	pass "-F -L stops the stream at the limit"
else
	fail "-F -L: exit $rc, $(stat -c %s "$TMP/stream") bytes"
fi
finish
