#!/bin/sh
# kdump-compressed output is byte-identical to Debian's makedumpfile 1.7.2
# (the oracle for 6.1 kernels): whole files and -F record streams, for no
# compression, -c and -l, dump levels 0, 1 and 31 (`make check`: -c at 31
# and -l at 0 only), 4-level paging (also 5-level under `make check-long`),
# both ways makedumpfile writes bitmaps (buffer and one-cycle file mode),
# other write-cache sizes (-b) and every page-set backend.  The files carry the utsname read from
# init_uts_ns and CRASHTIME, so nothing is masked.  -c with stock zlib
# (--zlib-engine zlib): the default engine writes other bytes (2008 reads them).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

compare() {	# compare LABEL ARGS...
	label=$1; shift
	rm -f "$TMP/s" "$TMP/m"
	"$SIEVEDUMP" $SD_ZLIB_STOCK "$@" "$TMP/core" "$TMP/s" >"$TMP/s.out" 2>&1 ||
		{ fail "$label: sievedump failed"; sed 's/^/  /' "$TMP/s.out" | tail -5 >&2; return; }
	makedumpfile "$@" "$TMP/core" "$TMP/m" >/dev/null 2>&1 ||
		{ fail "$label: makedumpfile failed"; return; }
	if cmp "$TMP/s" "$TMP/m" >&2; then
		pass "$label: file"
	else
		fail "$label: files differ"
	fi
	"$SIEVEDUMP" -F $SD_ZLIB_STOCK "$@" "$TMP/core" >"$TMP/s.F" 2>/dev/null ||
		fail "$label: sievedump -F failed"
	makedumpfile -F "$@" "$TMP/core" >"$TMP/m.F" 2>/dev/null ||
		fail "$label: makedumpfile -F failed"
	if cmp "$TMP/s.F" "$TMP/m.F" >&2; then
		pass "$label: -F stream"
	else
		fail "$label: -F streams differ"
	fi
}

# the backends and the partial pages below with -c, or in `make check`
# with -l (several times faster) when it is built
bc=-c
long_run || ! "$SIEVEDUMP" -v | grep -q '^lzo.*enabled' || bc=-l
for paging in $(long_run && echo 4 5 || echo 4); do
	spec="flavour=6.1;paging=$paging;mem=64M;seed=$((paging + 10))"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	for comp in none -c -l; do
		if [ "$comp" = -l ] && ! "$SIEVEDUMP" -v | grep -q '^lzo.*enabled'; then
			echo "lzo not built: -l skipped"
			continue
		fi
		levels="0 1 31"
		long_run || case $comp in -c) levels=31 ;; -l) levels=0 ;; esac
		for level in $levels; do
			if [ "$comp" = none ]; then
				compare "paging $paging -d $level" -d "$level"
			else
				compare "paging $paging $comp -d $level" $comp -d "$level"
			fi
		done
	done
	compare "paging $paging -c -d 31 -b 0" -c -d 31 -b 0
	compare "paging $paging -d 1 -b 2" -d 1 -b 2
	compare "paging $paging -c -d 17 -b 6" -c -d 17 -b 6
	for be in extent roaring; do
		if "$SIEVEDUMP" -v | grep -q "^backend $be[[:space:]]*enabled"; then
			rm -f "$TMP/s" "$TMP/m"
			"$SIEVEDUMP" --backend $be $SD_ZLIB_STOCK $bc -d 31 "$TMP/core" "$TMP/s" \
				>/dev/null 2>&1 || fail "--backend $be"
			makedumpfile $bc -d 31 "$TMP/core" "$TMP/m" >/dev/null 2>&1
			cmp -s "$TMP/s" "$TMP/m" && pass "paging $paging --backend $be" ||
				fail "paging $paging --backend $be: differs"
		fi
	done
done

# max_mapnr a multiple of 4 (RAM ends at 160 MiB): makedumpfile's one-cycle
# mode keeps the bitmaps in a file and copies them in 4 KiB records, and its
# 1st bitmap and memory hole count the partial last page of a PT_LOAD (the
# first one ends at 0x9fc00, as on PCs); with RAM ending 4 KiB later it is in
# buffer mode (one record per bitmap, partial pages left out).
report() {	# report PROG: the page counts of a -d 31 dump of $TMP/core
	rm -f "$TMP/r"
	"$1" -d 31 --message-level 16 "$TMP/core" "$TMP/r" 2>&1 |
		sed -n '/^Original pages/,/^Total pages/p'
}
for end in 0xa000000 0xa001000; do
	"$SDGEN" -e "flavour=6.1;ram=0x1000-0x9fc00,0x100000-$end;seed=5" \
		"$TMP/core" || fail "sdgen ram= ending at $end"
	compare "RAM to $end, partial page: $bc -d 23" $bc -d 23
	compare "RAM to $end, partial page: -d 0" -d 0
	"$SIEVEDUMP" -F $SD_ZLIB_STOCK -c -d 31 -L 12000 "$TMP/core" >"$TMP/s.F" 2>/dev/null
	makedumpfile -F -c -d 31 -L 12000 "$TMP/core" >"$TMP/m.F" 2>/dev/null
	cmp "$TMP/s.F" "$TMP/m.F" >&2 && pass "RAM to $end: -F -L 12000 cut" ||
		fail "RAM to $end: -F -L 12000 streams differ"
	report "$SIEVEDUMP" >"$TMP/rs"
	report makedumpfile >"$TMP/rm"
	[ -s "$TMP/rs" ] && cmp "$TMP/rs" "$TMP/rm" >&2 &&
		pass "RAM to $end: same page counts and memory hole" ||
		fail "RAM to $end: report differs"
done
finish
