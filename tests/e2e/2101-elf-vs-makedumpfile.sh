#!/bin/sh
# ELF output (-E) is byte-identical to Debian's makedumpfile 1.7.2 for
# generated 6.1 vmcores (4-level paging; also 5-level under `make
# check-long`), dump levels 0, 1 and 31,
# other write caches (-b), makedumpfile's cyclic mode (--cyclic-buffer) and
# every page-set backend: the file, the -F record stream and the report
# ("in ELF format" lines included).  -F rebuilt with -R gives the file.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

report() { sed -n '/^Original pages/,/^Write bytes/p' "$1"; }

compare() {	# compare LABEL ARGS...
	label=$1; shift
	rm -f "$TMP/s" "$TMP/m" "$TMP/r"
	"$SIEVEDUMP" -E "$@" --message-level 16 "$TMP/core" "$TMP/s" \
		>"$TMP/s.out" 2>&1 ||
		{ fail "$label: sievedump failed"; tail -5 "$TMP/s.out" >&2; return; }
	makedumpfile -E "$@" --message-level 16 "$TMP/core" "$TMP/m" \
		>"$TMP/m.out" 2>&1 || { fail "$label: makedumpfile failed"; return; }
	cmp "$TMP/s" "$TMP/m" >&2 && pass "$label: file" ||
		fail "$label: files differ"
	report "$TMP/s.out" >"$TMP/s.rep"
	report "$TMP/m.out" >"$TMP/m.rep"
	if [ -s "$TMP/s.rep" ] && cmp -s "$TMP/s.rep" "$TMP/m.rep"; then
		pass "$label: report"
	else
		fail "$label: reports differ"; diff "$TMP/s.rep" "$TMP/m.rep" >&2
	fi
	"$SIEVEDUMP" -E -F "$@" "$TMP/core" >"$TMP/s.F" 2>/dev/null ||
		fail "$label: sievedump -F failed"
	makedumpfile -E -F "$@" "$TMP/core" >"$TMP/m.F" 2>/dev/null ||
		fail "$label: makedumpfile -F failed"
	cmp "$TMP/s.F" "$TMP/m.F" >&2 && pass "$label: -F stream" ||
		fail "$label: -F streams differ"
	"$SIEVEDUMP" -R "$TMP/r" <"$TMP/s.F" >/dev/null 2>&1 ||
		fail "$label: -R failed"
	cmp "$TMP/r" "$TMP/s" >&2 && pass "$label: -F then -R = the file" ||
		fail "$label: -R result differs"
}

for paging in $(long_run && echo 4 5 || echo 4); do
	spec="flavour=6.1;paging=$paging;mem=128M;seed=$((paging + 20))"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	for level in 0 1 31; do
		compare "paging $paging -d $level" -d "$level"
	done
	compare "paging $paging -d 31 -b 0" -d 31 -b 0
	compare "paging $paging -d 1 -b 6" -d 1 -b 6
	compare "paging $paging -d 31 --cyclic-buffer 1" -d 31 --cyclic-buffer 1
	compare "paging $paging -d 17 --cyclic-buffer 4" -d 17 --cyclic-buffer 4
	for be in extent roaring; do
		if "$SIEVEDUMP" -v | grep -q "^backend $be[[:space:]]*enabled"; then
			rm -f "$TMP/s" "$TMP/m"
			"$SIEVEDUMP" -E --backend $be -d 31 "$TMP/core" "$TMP/s" \
				>/dev/null 2>&1 || fail "--backend $be"
			makedumpfile -E -d 31 "$TMP/core" "$TMP/m" >/dev/null 2>&1
			cmp -s "$TMP/s" "$TMP/m" && pass "paging $paging -E --backend $be" ||
				fail "paging $paging -E --backend $be: differs"
		fi
	done
done

# --dry-run: nothing written, the report of a real run
rm -f "$TMP/d"
"$SIEVEDUMP" -E --dry-run -d 31 --message-level 16 "$TMP/core" "$TMP/d" \
	>"$TMP/d.out" 2>&1 || fail "-E --dry-run"
[ ! -e "$TMP/d" ] || fail "-E --dry-run wrote a file"
report "$TMP/d.out" >"$TMP/d.rep"
"$SIEVEDUMP" -E -d 31 --message-level 16 "$TMP/core" "$TMP/d" >"$TMP/r.out" 2>&1
report "$TMP/r.out" >"$TMP/r.rep"
cmp -s "$TMP/d.rep" "$TMP/r.rep" && pass "-E --dry-run report = real report" ||
	fail "-E --dry-run report differs"
finish
