#!/bin/sh
# --split files are byte-identical to makedumpfile 1.7.2's for 2 and 3
# files, -c / -l / no compression, the default and smaller
# --splitblock-size; --reassemble of our parts equals our dump without
# --split and makedumpfile's reassembled file; makedumpfile --reassemble
# reads our parts and we read its parts; parts given out of order and a
# missing part are handled as makedumpfile does; under a small memory
# budget (cycles) the parts stay the same.  `make check`: 4-level paging,
# 3 files, three of the five option sets, the cycles with -l; `make
# check-long`: 5-level and 2 files too, all five, the cycles with -c.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

lzo=no
"$SIEVEDUMP" -v | grep -q '^lzo.*enabled' && lzo=yes

parts() {	# parts PREFIX N
	p=$1; i=1; out=
	while [ $i -le $2 ]; do out="$out $p$i"; i=$((i + 1)); done
	echo $out
}

compare() {	# compare N ARGS...
	n=$1; shift
	label="--split x$n $*"
	rm -f "$TMP"/s? "$TMP"/m? "$TMP/whole" "$TMP/rs" "$TMP/rm" "$TMP/xs" "$TMP/xm"
	"$SIEVEDUMP" --split $SD_ZLIB_STOCK "$@" "$TMP/core" $(parts "$TMP/s" $n) >"$TMP/out" 2>&1 ||
		{ fail "$label: sievedump"; tail -3 "$TMP/out" >&2; return; }
	makedumpfile --split "$@" "$TMP/core" $(parts "$TMP/m" $n) >/dev/null 2>&1 ||
		{ fail "$label: makedumpfile"; return; }
	i=1; same=yes
	while [ $i -le $n ]; do
		cmp "$TMP/s$i" "$TMP/m$i" >&2 || same=no
		i=$((i + 1))
	done
	[ $same = yes ] && pass "$label: same files" || fail "$label: files differ"
	grep -q "The dumpfiles are saved to $(parts "$TMP/s" $n | sed 's/ /, /g; s/, \([^,]*\)$/, and \1/')." "$TMP/out" ||
		fail "$label: no 'dumpfiles are saved' message"
	"$SIEVEDUMP" $SD_ZLIB_STOCK "$@" "$TMP/core" "$TMP/whole" >/dev/null 2>&1 || fail "$label: whole"
	"$SIEVEDUMP" --reassemble $(parts "$TMP/s" $n) "$TMP/rs" >/dev/null 2>&1 ||
		fail "$label: --reassemble"
	makedumpfile --reassemble $(parts "$TMP/s" $n) "$TMP/rm" >/dev/null 2>&1 ||
		fail "$label: makedumpfile --reassemble of our parts"
	"$SIEVEDUMP" --reassemble $(parts "$TMP/m" $n) "$TMP/xs" >/dev/null 2>&1 ||
		fail "$label: --reassemble of makedumpfile's parts"
	if cmp "$TMP/rs" "$TMP/whole" >&2 && cmp "$TMP/rm" "$TMP/whole" >&2 &&
	   cmp "$TMP/xs" "$TMP/whole" >&2; then
		pass "$label: reassembled (both ways) = the dump without --split"
	else
		fail "$label: reassembled files differ"
	fi
}

for paging in $(long_run && echo 4 5 || echo 4); do
	spec="flavour=6.1;paging=$paging;mem=128M;seed=$((paging + 50))"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	for n in $(long_run && echo 2 3 || echo 3); do
		compare $n -c -d 31
		compare $n -d 1 --splitblock-size 4096
		long_run && compare $n -c -d 31 --splitblock-size 1024
		[ $lzo = yes ] && compare $n -l -d 31 --splitblock-size 12
		long_run && [ $lzo = yes ] && compare $n -l -d 0 --splitblock-size 65536
	done
done

# out of order parts; a missing part
rm -f "$TMP"/s? "$TMP/whole" "$TMP/rs"
"$SIEVEDUMP" --split -c -d 31 --splitblock-size 1024 "$TMP/core" "$TMP/s1" "$TMP/s2" "$TMP/s3" \
	>/dev/null 2>&1 || fail "split for reorder"
"$SIEVEDUMP" -c -d 31 "$TMP/core" "$TMP/whole" >/dev/null 2>&1
"$SIEVEDUMP" --reassemble "$TMP/s3" "$TMP/s1" "$TMP/s2" "$TMP/rs" >/dev/null 2>&1 &&
	cmp "$TMP/rs" "$TMP/whole" >&2 && pass "--reassemble sorts the parts" ||
	fail "--reassemble of reordered parts"
rm -f "$TMP/rs"
expect_rc 1 "$SIEVEDUMP" --reassemble "$TMP/s1" "$TMP/s3" "$TMP/rs" &&
	expect_grep "$TMP/err" "There is not dumpfile corresponding to pfn" &&
	pass "--reassemble refuses a missing part"
# an existing output is refused before any work
expect_rc 1 "$SIEVEDUMP" --split -c -d 31 "$TMP/core" "$TMP/new1" "$TMP/s2" &&
	expect_grep "$TMP/err" "File exists" && pass "--split: existing output refused"
[ ! -e "$TMP/new1" ] || fail "--split created a file before refusing"

# cycles: a budget that cannot hold the whole set (with -l, 8 times
# faster than -c here, when it is built; -c under `make check-long`)
"$SDGEN" -e "mem=1300M;seed=8;pattern=alternating" "$TMP/alt" || fail "sdgen alt"
rm -f "$TMP"/s? "$TMP"/m?
cc=-c
long_run || { [ $lzo = yes ] && cc=-l; }
SIEVEDUMP_TEST_UNDERESTIMATE=1000 "$SIEVEDUMP" --split $SD_ZLIB_STOCK $cc -d 31 --splitblock-size 65536 \
	--backend extent --mem-budget 9M "$TMP/alt" "$TMP/s1" "$TMP/s2" "$TMP/s3" \
	>"$TMP/out" 2>&1 || fail "--split $cc in 9M"
grep -q outgrew "$TMP/out" || fail "--split in 9M did not go cyclic"
makedumpfile --split $cc -d 31 --splitblock-size 65536 "$TMP/alt" "$TMP/m1" "$TMP/m2" "$TMP/m3" \
	>/dev/null 2>&1
cmp "$TMP/s1" "$TMP/m1" >&2 && cmp "$TMP/s2" "$TMP/m2" >&2 && cmp "$TMP/s3" "$TMP/m3" >&2 &&
	pass "--split in cycles: same files" || fail "--split in cycles differs"
rm -f "$TMP/e"
SIEVEDUMP_TEST_UNDERESTIMATE=1000 "$SIEVEDUMP" -E -d 31 --backend extent \
	--mem-budget 7M "$TMP/alt" "$TMP/e" >"$TMP/out" 2>&1 || fail "-E in 7M"
grep -q outgrew "$TMP/out" || fail "-E in 7M did not go cyclic"
makedumpfile -E -d 31 "$TMP/alt" "$TMP/me" >/dev/null 2>&1
cmp "$TMP/e" "$TMP/me" >&2 && pass "-E in cycles: same file" || fail "-E in cycles differs"
finish
