#!/bin/sh
# -E -L SIZE (doc/format-kdump.md): the ELF file stops at the limit, the program
# headers gathered so far are written, the ELF header gets e_flags |= 1 and
# the exit code is 1 — byte for byte as makedumpfile 1.7.2; -d a,b retries
# at the next level; -F -L stops the stream with no marking.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;paging=4;mem=64M;seed=43' "$TMP/core" || fail "sdgen"

eflags() { od -An -tx4 -j48 -N4 "$1" | tr -d ' '; }

for args in "-d 31" "-d 1" "-d 0 -b 0"; do
	for limit in 1K 20K 100K 1M 5M; do
		rm -f "$TMP/s" "$TMP/m"
		"$SIEVEDUMP" -E $args -L $limit "$TMP/core" "$TMP/s" >"$TMP/out" 2>&1
		rc=$?
		label="-E $args -L $limit"
		[ "$rc" -eq 1 ] || { fail "$label: exit $rc, wanted 1"; continue; }
		want=$(numfmt --from=iec "$limit")
		size=$(stat -c %s "$TMP/s")
		[ "$size" -le "$want" ] || fail "$label: $size bytes > limit"
		if [ "$size" -ge 64 ]; then
			[ $((0x$(eflags "$TMP/s") & 1)) -eq 1 ] ||
				fail "$label: e_flags lacks 1"
			grep -q 'This is an incomplete dumpfile, but might analyzable.' "$TMP/out" ||
				fail "$label: no incomplete message"
		fi
		if have_makedumpfile; then
			makedumpfile -E $args -L $limit "$TMP/core" "$TMP/m" >/dev/null 2>&1
			cmp "$TMP/s" "$TMP/m" >&2 &&
				pass "$label: same truncated file as makedumpfile (e_flags 0x$(eflags "$TMP/s"))" ||
				fail "$label: differs from makedumpfile"
		else
			pass "$label: e_flags 0x$(eflags "$TMP/s")"
		fi
	done
done

# -d 0,31: the first level does not fit, the retry does
rm -f "$TMP/s" "$TMP/direct"
"$SIEVEDUMP" -E -d 31 "$TMP/core" "$TMP/direct" >/dev/null 2>&1 || fail "direct -d 31"
lim=$(( $(stat -c %s "$TMP/direct") + 4096 ))
"$SIEVEDUMP" -E -d 0,31 -L $lim "$TMP/core" "$TMP/s" >"$TMP/out" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && cmp "$TMP/s" "$TMP/direct" >&2 &&
   grep -q 'Retry to create a dumpfile by dump_level(31).' "$TMP/out"; then
	pass "-E -d 0,31 retry equals a direct -d 31 run"
else
	fail "-E -d 0,31 retry (exit $rc)"
fi
# -F: the limit applies to the stream
"$SIEVEDUMP" -E -F -d 31 -L 100K "$TMP/core" >"$TMP/stream" 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 1 ] && [ "$(stat -c %s "$TMP/stream")" -eq 102400 ]; then
	pass "-E -F -L stops the stream at the limit"
else
	fail "-E -F -L: exit $rc, $(stat -c %s "$TMP/stream") bytes"
fi
finish
