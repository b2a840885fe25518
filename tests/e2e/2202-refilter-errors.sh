#!/bin/sh
# Refiltering bad kdump-compressed inputs: truncated or corrupt files give
# one clear error naming the file and an offset, exit 1 (a page whose own
# descriptor or data is bad, or lies past a truncation, is left out and
# named in a warning, and the output is marked: doc/corrupt-input.md);
# flattened input,
# --split parts and -E are refused clearly; an incomplete input (-L) is
# refiltered with its lost pages read as zeros and reported.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;paging=5;mem=128M;seed=3' "$TMP/core" >/dev/null 2>&1 ||
	skip "sdgen failed"
"$SIEVEDUMP" -d 1 -c "$TMP/core" "$TMP/in" >/dev/null 2>&1 || fail "-d 1 -c"
size=$(stat -c %s "$TMP/in")

# bad FILE LABEL PATTERN: refiltering FILE exits 1 naming it and PATTERN
# (at level $LEVEL: 1 reads every page of the input)
LEVEL=31
bad() {
	rm -f "$TMP/o"
	expect_rc 1 "$SIEVEDUMP" -d $LEVEL -c "$1" "$TMP/o" || return
	cat "$TMP/out" "$TMP/err" | tr '\r' '\n' >"$TMP/err.n"
	expect_grep "$TMP/err.n" "$1: " && expect_grep "$TMP/err.n" "$3" &&
		pass "$2"
}
# poke FILE OFFSET HEXBYTES: overwrite bytes in a copy
poke() {
	cp "$TMP/in" "$1"
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

for cut in 100 2000 9000 300000 $((size / 2)) $((size - 100)); do
	head -c "$cut" "$TMP/in" >"$TMP/t$cut"
	bad "$TMP/t$cut" "truncated at $cut" "offset 0x"
done
poke "$TMP/c1" 436 '\000\000\000\000'
bad "$TMP/c1" "bitmap_blocks 0" "bitmap_blocks 0 at offset 0x1b4"
poke "$TMP/c2" 428 '\001\000\000\000'
bad "$TMP/c2" "block_size 1" "block_size 1 at offset 0x1ac"
poke "$TMP/c3" 8 '\000\000\000\000'
bad "$TMP/c3" "header_version 0" "header_version 0 at offset 0x8"
poke "$TMP/c4" $((4096 + 96)) '\377\377\377\377\377\377\000\000'
bad "$TMP/c4" "max_mapnr_64 too big" "max_mapnr 0x"
# the first descriptor's size made larger than a page
desc=$(( (1 + $(od -An -tu4 -j432 -N4 "$TMP/in")) * 4096 + \
	$(od -An -tu4 -j436 -N4 "$TMP/in") * 4096 ))
poke "$TMP/c5" $((desc + 24 * 300 + 8)) '\000\000\001\000'
LEVEL=1 bad "$TMP/c5" "descriptor size" "page descriptor of pfn 0x"
# compressed data overwritten
poke "$TMP/c6" $((size / 2)) '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377'
bad "$TMP/c6" "corrupt page data" "offset 0x"
poke "$TMP/c7" $((4096 + 12)) '\001\000\000\000'
bad "$TMP/c7" "--split part refused" "--reassemble"
printf 'makedumpfile\000\000\000\000' >"$TMP/flat"
bad "$TMP/flat" "flattened input refused" "flattened input: rebuild it with -R first"

rm -f "$TMP/o"
expect_rc 1 "$SIEVEDUMP" -E -d 31 "$TMP/in" "$TMP/o" &&
	expect_grep "$TMP/err" "'-E' option is disabled, because $TMP/in is kdump compressed format." &&
	pass "-E refused"

# an incomplete input: lost pages read as zeros, reported
rm -f "$TMP/inc" "$TMP/o"
"$SIEVEDUMP" -L 20M -d 1 -c "$TMP/core" "$TMP/inc" >/dev/null 2>&1
expect_rc 0 "$SIEVEDUMP" -d 31 -c "$TMP/inc" "$TMP/o" &&
	expect_grep "$TMP/out" "were read as zeros" && pass "incomplete input"
finish
