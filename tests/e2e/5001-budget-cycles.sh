#!/bin/sh
# The memory budget: planned cycles, forced cycles (--cyclic-buffer, byte-
# identical to makedumpfile's cyclic mode, -F streams too), adaptation when
# the one-pass set outgrows its share, peak RSS within the budget and within
# 10% of the plan's prediction, and a clear failure when nothing fits.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ -x /usr/bin/time ] || skip "/usr/bin/time is not installed (package time)"

"$SDGEN" -e "mem=1300M;seed=8;pattern=alternating" "$TMP/alt" || fail "sdgen"
"$SIEVEDUMP" -l -d 31 "$TMP/alt" "$TMP/ref" >/dev/null 2>&1 || fail "reference dump"

# --cyclic-buffer: makedumpfile's cycles, same file and same stream (with
# stock zlib, or in `make check` with -l, several times faster, when built)
cc=-c
long_run || ! "$SIEVEDUMP" -v | grep -q '^lzo.*enabled' || cc=-l
if have_makedumpfile; then
	"$SDGEN" -e "mem=200M;seed=3" "$TMP/core" || fail "sdgen"
	for kb in 1 8; do
		"$SIEVEDUMP" $SD_ZLIB_STOCK $cc -d 31 --cyclic-buffer $kb "$TMP/core" "$TMP/s$kb" >/dev/null 2>&1
		makedumpfile $cc -d 31 --cyclic-buffer $kb "$TMP/core" "$TMP/m$kb" >/dev/null 2>&1
		cmp -s "$TMP/s$kb" "$TMP/m$kb" && pass "--cyclic-buffer $kb $cc: same file" ||
			fail "--cyclic-buffer $kb $cc: file differs from makedumpfile"
		"$SIEVEDUMP" $SD_ZLIB_STOCK $cc -d 31 -F --cyclic-buffer $kb "$TMP/core" >"$TMP/fs" 2>/dev/null
		makedumpfile $cc -d 31 -F --cyclic-buffer $kb "$TMP/core" >"$TMP/fm" 2>/dev/null
		cmp -s "$TMP/fs" "$TMP/fm" && pass "--cyclic-buffer $kb $cc -F: same stream" ||
			fail "--cyclic-buffer $kb $cc -F: stream differs"
	done
fi

peak_kb() {	# run sievedump under /usr/bin/time, print peak RSS in KiB
	rm -f "$TMP/out"
	/usr/bin/time -f "%M" -o "$TMP/rss" "$SIEVEDUMP" "$@" "$TMP/out" \
		>"$TMP/log" 2>&1
	rc=$?
	cat "$TMP/rss" | tail -1
	return $rc
}

predicted_kb() {
	"$SIEVEDUMP" --plan=json "$@" | sed -n 's/.*"peak_bytes": \([0-9]*\).*/\1/p' |
		awk '{print int($1 / 1024)}'
}

# planned cycles: extent forced into a budget that holds a cycle, not all
# (--non-mmap: the read window maps the dump itself and is outside the
# budget, so RSS compares with the budget only without it)
rss=$(peak_kb -l -d 31 --non-mmap --backend extent --mem-budget 11M "$TMP/alt") ||
	fail "extent in 15M"
cmp -s "$TMP/out" "$TMP/ref" && pass "planned cycles: same dump" ||
	fail "planned cycles: dump differs"
[ "$rss" -le $((11 * 1024)) ] && pass "planned cycles: peak ${rss} KiB <= 11 MiB" ||
	fail "planned cycles: peak ${rss} KiB > 11 MiB"

# adaptation: the plan is made to underestimate the set 1000 times
rss=$(SIEVEDUMP_TEST_UNDERESTIMATE=1000 peak_kb -l -d 31 --non-mmap \
	--backend extent --mem-budget 8M "$TMP/alt") || fail "adaptation run failed"
grep -q "outgrew" "$TMP/log" && pass "adaptation reported" ||
	fail "no adaptation message"
cmp -s "$TMP/out" "$TMP/ref" && pass "adapted: same dump" ||
	fail "adapted: dump differs"
[ "$rss" -le $((8 * 1024)) ] && pass "adapted: peak ${rss} KiB <= 8 MiB" ||
	fail "adapted: peak ${rss} KiB > 8 MiB"

# --num-threads 4 in a budget that holds one thread (8 MiB): the plan's one
# thread is used and said, and the peak stays in the budget
rss=$(peak_kb -c -d 31 --non-mmap --num-threads 4 --mem-budget 8M "$TMP/alt") ||
	fail "--num-threads 4 in 8M failed"
grep -q "num-threads 4: 1 thread(s) fit" "$TMP/log" &&
	pass "--num-threads lowered to the budget, and said" ||
	fail "no message on the lowered thread count"
[ "$rss" -le $((8 * 1024)) ] && pass "--num-threads 4: peak ${rss} KiB <= 8 MiB" ||
	fail "--num-threads 4: peak ${rss} KiB > 8 MiB"

# the prediction: within 10% of the measured peak
for c in -l -c -z; do
	want=$(predicted_kb $c -d 31 --mem-budget 64M "$TMP/alt")
	rss=$(peak_kb $c -d 31 --mem-budget 64M "$TMP/alt") || fail "$c run"
	if [ $((rss * 110)) -ge $((want * 100)) ] && [ $((rss * 90)) -le $((want * 100)) ]; then
		pass "$c: peak ${rss} KiB within 10% of the predicted ${want} KiB"
	else
		fail "$c: peak ${rss} KiB vs predicted ${want} KiB"
	fi
done

# nothing fits: a clear message and exit 1, no file
expect_rc 1 "$SIEVEDUMP" -l -d 31 --mem-budget 3M "$TMP/alt" "$TMP/none" &&
	expect_grep "$TMP/err" "memory budget" && pass "3 MiB: refused clearly"
[ ! -e "$TMP/none" ] || fail "a dump file was left behind"
finish
