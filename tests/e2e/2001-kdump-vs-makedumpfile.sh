#!/bin/sh
# kdump-compressed output is byte-identical to Debian's makedumpfile 1.7.2
# (the oracle for 6.1 kernels): whole files and -F record streams, for no
# compression, -c and -l, dump levels 0, 1 and 31, 4- and 5-level paging,
# both ways makedumpfile writes bitmaps (buffer and one-cycle file mode),
# other write-cache sizes (-b) and every page-set backend.  The files carry the utsname read from
# init_uts_ns and CRASHTIME, so nothing is masked.
. "$SRCDIR/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

compare() {	# compare LABEL ARGS...
	label=$1; shift
	rm -f "$TMP/s" "$TMP/m"
	"$SIEVEDUMP" "$@" "$TMP/core" "$TMP/s" >"$TMP/s.out" 2>&1 ||
		{ fail "$label: sievedump failed"; sed 's/^/  /' "$TMP/s.out" | tail -5 >&2; return; }
	makedumpfile "$@" "$TMP/core" "$TMP/m" >/dev/null 2>&1 ||
		{ fail "$label: makedumpfile failed"; return; }
	if cmp "$TMP/s" "$TMP/m" >&2; then
		pass "$label: file"
	else
		fail "$label: files differ"
	fi
	"$SIEVEDUMP" -F "$@" "$TMP/core" >"$TMP/s.F" 2>/dev/null ||
		fail "$label: sievedump -F failed"
	makedumpfile -F "$@" "$TMP/core" >"$TMP/m.F" 2>/dev/null ||
		fail "$label: makedumpfile -F failed"
	if cmp "$TMP/s.F" "$TMP/m.F" >&2; then
		pass "$label: -F stream"
	else
		fail "$label: -F streams differ"
	fi
}

for paging in 4 5; do
	spec="flavour=6.1;paging=$paging;mem=64M;seed=$((paging + 10))"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	for comp in none -c -l; do
		if [ "$comp" = -l ] && ! "$SIEVEDUMP" -v | grep -q '^lzo.*enabled'; then
			echo "lzo not built: -l skipped"
			continue
		fi
		for level in 0 1 31; do
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
			"$SIEVEDUMP" --backend $be -c -d 31 "$TMP/core" "$TMP/s" \
				>/dev/null 2>&1 || fail "--backend $be"
			makedumpfile -c -d 31 "$TMP/core" "$TMP/m" >/dev/null 2>&1
			cmp -s "$TMP/s" "$TMP/m" && pass "paging $paging --backend $be" ||
				fail "paging $paging --backend $be: differs"
		fi
	done
done

# max_mapnr a multiple of 4 (RAM ends at 160 MiB): makedumpfile's one-cycle
# mode keeps the bitmaps in a file and copies them in 4 KiB records (the
# other machines above have their buffer mode: one record per bitmap)
"$SDGEN" -e "flavour=6.1;ram=0x1000-0x9f000,0x100000-0xa000000;seed=5" \
	"$TMP/core" || fail "sdgen ram="
compare "one-cycle bitmap file -c -d 23" -c -d 23
"$SIEVEDUMP" -F -l -d 31 -L 12000 "$TMP/core" >"$TMP/s.F" 2>/dev/null
makedumpfile -F -l -d 31 -L 12000 "$TMP/core" >"$TMP/m.F" 2>/dev/null
cmp "$TMP/s.F" "$TMP/m.F" >&2 && pass "one-cycle bitmap file: -F -L 12000 cut" ||
	fail "one-cycle bitmap file: -F -L 12000 streams differ"
finish
