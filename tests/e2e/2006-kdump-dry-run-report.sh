#!/bin/sh
# --dry-run runs the real writer into the null sink: the report (zero
# pages, "Write bytes") equals the one of a real run, and makedumpfile's;
# -F counts its record headers in "Write bytes" as makedumpfile does, with
# --dry-run too.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;paging=4;mem=64M;seed=61' "$TMP/core" || fail "sdgen"

report() { sed -n '/^Original pages/,/^Write bytes/p' "$1"; }

for args in "-c -d 31" "-d 1" "-l -d 17" "-d 0"; do
	rm -f "$TMP/dump"
	"$SIEVEDUMP" --dry-run $SD_ZLIB_STOCK $args --message-level 16 "$TMP/core" "$TMP/dump" \
		>"$TMP/dry" 2>&1 || fail "$args: --dry-run"
	[ -e "$TMP/dump" ] && fail "$args: --dry-run wrote a file"
	"$SIEVEDUMP" $SD_ZLIB_STOCK $args --message-level 16 "$TMP/core" "$TMP/dump" \
		>"$TMP/real" 2>&1 || fail "$args: real run"
	size=$(stat -c %s "$TMP/dump")
	report "$TMP/dry" >"$TMP/dry.r"
	report "$TMP/real" >"$TMP/real.r"
	if cmp -s "$TMP/dry.r" "$TMP/real.r"; then
		pass "$args: --dry-run report = real report"
	else
		fail "$args: --dry-run report differs"
		diff "$TMP/dry.r" "$TMP/real.r" >&2
	fi
	wb=$(sed -n 's/^Write bytes     : //p' "$TMP/real")
	# holes (block 0 tail, bitmap padding) are never written
	[ "$wb" -le "$size" ] || fail "$args: Write bytes $wb > file size $size"
	"$SIEVEDUMP" -F $SD_ZLIB_STOCK $args --message-level 16 "$TMP/core" >"$TMP/stream" \
		2>"$TMP/flat" || fail "$args: -F"
	fwb=$(sed -n 's/^Write bytes     : //p' "$TMP/flat")
	[ "$fwb" = "$(stat -c %s "$TMP/stream")" ] &&
		pass "$args: -F Write bytes = stream size" ||
		fail "$args: -F Write bytes $fwb"
	"$SIEVEDUMP" --dry-run -F $SD_ZLIB_STOCK $args --message-level 16 "$TMP/core" \
		>"$TMP/dstream" 2>"$TMP/dflat" || fail "$args: --dry-run -F"
	dfwb=$(sed -n 's/^Write bytes     : //p' "$TMP/dflat")
	[ "$dfwb" = "$fwb" ] && [ ! -s "$TMP/dstream" ] &&
		pass "$args: --dry-run -F counts the stream, writes nothing" ||
		fail "$args: --dry-run -F Write bytes $dfwb"
	if have_makedumpfile; then
		rm -f "$TMP/m"
		makedumpfile $args --message-level 16 "$TMP/core" "$TMP/m" \
			>"$TMP/mdf" 2>&1 || fail "$args: makedumpfile"
		mwb=$(sed -n 's/^Write bytes     : //p' "$TMP/mdf")
		mz=$(sed -n 's/^    Pages filled with zero  : //p' "$TMP/mdf")
		z=$(sed -n 's/^    Pages filled with zero  : //p' "$TMP/dry")
		[ "$wb" = "$mwb" ] && [ "$z" = "$mz" ] &&
			pass "$args: Write bytes and zero pages as makedumpfile" ||
			fail "$args: Write bytes $wb/$mwb zero $z/$mz"
	fi
done
finish
