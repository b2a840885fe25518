#!/bin/sh
# -c with the fast engines (--zlib-engine auto, and each of libdeflate and
# isal that is built): the bytes are not makedumpfile's, but every reader
# takes them.  For each engine, on a synthetic 6.1 vmcore with a printk
# ring:
#  - the dump differs from the stock-zlib one (the engine is in use) and
#    is the same with 1 and 2 threads;
#  - libkdumpfile reads every kept page equal to the source vmcore's;
#  - makedumpfile 1.7.2 refilters it (-d 31 -l) to the same file as
#    sievedump's refilter, whose pages libkdumpfile reads equal to the
#    source; its --dump-dmesg of the dump gives the source's log;
#  - sievedump refilters it (-d 31 -c) to its own direct -d 31 dump;
#  - -F then -R (sievedump's and makedumpfile's) rebuild the same file.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
need_kdumpfile

engines=auto
for e in libdeflate isal; do
	if "$SIEVEDUMP" -v | grep -q "^$e[[:space:]]*enabled"; then
		engines="$engines $e"
	else
		echo "$e not built: skipped"
	fi
done
default=$("$SIEVEDUMP" -v | sed -n 's/^zlib engine[[:space:]]*//p')
[ -n "$default" ] || fail "-v names no zlib engine"
[ "$default" = zlib ] && [ "$engines" = auto ] &&
	skip "no fast -c engine built (auto is stock zlib)"

# every page the dump keeps equals the source's; prints the count
cat >"$TMP/same.py" <<'PYEOF'
import sys, kdumpfile
from pagemap_runs import pagemap_runs
PH = kdumpfile.KDUMP_MACHPHYSADDR
dump = kdumpfile.kdumpfile(sys.argv[1])
src = kdumpfile.kdumpfile(sys.argv[2])
assert dump.attr['file.format'] == 'diskdump'
kept = bad = 0
for s, e in pagemap_runs(dump):
    for p in range(s, e):
        if dump.read(PH, p * 4096, 4096) != src.read(PH, p * 4096, 4096):
            bad += 1
            if bad < 5:
                print("pfn %#x differs" % p)
        kept += 1
print("%d kept pages equal" % kept if not bad else "%d of %d differ" % (bad, kept))
sys.exit(1 if bad or not kept else 0)
PYEOF

same_pages() {	# same_pages LABEL DUMP
	if PYTHONPATH="$SRCDIR/tests/lib" "$PY" "$TMP/same.py" "$2" "$TMP/core" >"$TMP/py" 2>&1; then
		pass "$1: libkdumpfile: $(tail -1 "$TMP/py")"
	else
		fail "$1: libkdumpfile"
		sed 's/^/  /' "$TMP/py" | tail -6 >&2
	fi
}

"$SDGEN" -e "flavour=6.1;paging=4;mem=64M;seed=8" "$TMP/core" >/dev/null 2>&1 ||
	{ fail "sdgen"; finish; }
"$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/log.core" >/dev/null 2>&1 &&
	[ -s "$TMP/log.core" ] || fail "the vmcore has no printk ring"
"$SIEVEDUMP" --zlib-engine zlib -c -d 1 "$TMP/core" "$TMP/stock" \
	>/dev/null 2>&1 || fail "stock zlib -c -d 1"

for e in $engines; do
	z="--zlib-engine $e"
	d=$TMP/$e
	rm -f "$d".*
	# shellcheck disable=SC2086
	"$SIEVEDUMP" $z -c -d 1 --num-threads 0 "$TMP/core" "$d.kdump" \
		>"$TMP/out" 2>&1 || { fail "$e: -c -d 1"; continue; }
	if [ "$e" = auto ] && [ "$default" = zlib ]; then
		cmp -s "$d.kdump" "$TMP/stock" && pass "auto is stock zlib here" ||
			fail "auto differs from stock zlib in a build without fast engines"
	else
		cmp -s "$d.kdump" "$TMP/stock" &&
			fail "$e: the same bytes as stock zlib (engine not used?)" ||
			pass "$e: other bytes than stock zlib"
	fi
	# shellcheck disable=SC2086
	"$SIEVEDUMP" $z -c -d 1 --num-threads 2 "$TMP/core" "$d.t2" \
		>/dev/null 2>&1 && cmp "$d.kdump" "$d.t2" >&2 &&
		pass "$e: same bytes with 2 threads" || fail "$e: 2 threads differ"
	same_pages "$e -c -d 1" "$d.kdump"

	# refiltering: makedumpfile's and ours
	"$SIEVEDUMP" -d 31 -l "$d.kdump" "$d.s31l" >/dev/null 2>&1 ||
		fail "$e: sievedump refilter -d 31 -l"
	if have_makedumpfile; then
		makedumpfile -d 31 -l "$d.kdump" "$d.m31l" >"$TMP/m.out" 2>&1 ||
			{ fail "$e: makedumpfile -d 31 -l refilter"; tail -3 "$TMP/m.out" >&2; }
		cmp "$d.s31l" "$d.m31l" >&2 &&
			pass "$e: makedumpfile's refilter = sievedump's" ||
			fail "$e: makedumpfile's refilter differs from sievedump's"
		same_pages "$e: makedumpfile -d 31 -l of it" "$d.m31l"
		makedumpfile --dump-dmesg "$d.kdump" "$d.mlog" >/dev/null 2>&1 ||
			fail "$e: makedumpfile --dump-dmesg"
		cmp "$d.mlog" "$TMP/log.core" >&2 &&
			pass "$e: makedumpfile --dump-dmesg = the vmcore's log" ||
			fail "$e: makedumpfile --dump-dmesg differs"
	fi
	# shellcheck disable=SC2086
	"$SIEVEDUMP" $z -c -d 31 "$d.kdump" "$d.r31" >/dev/null 2>&1 &&
	"$SIEVEDUMP" $z -c -d 31 "$TMP/core" "$d.d31" >/dev/null 2>&1 &&
	cmp "$d.r31" "$d.d31" >&2 &&
		pass "$e: our refilter -d 31 -c = our direct -d 31 -c" ||
		fail "$e: refilter -d 31 -c differs from the direct dump"
	"$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$d.kdump" "$d.slog" >/dev/null 2>&1 &&
	cmp "$d.slog" "$TMP/log.core" >&2 &&
		pass "$e: our --dump-dmesg of it" || fail "$e: our --dump-dmesg"

	# -F then -R
	# shellcheck disable=SC2086
	"$SIEVEDUMP" -F $z -c -d 1 "$TMP/core" >"$d.F" 2>/dev/null ||
		fail "$e: -F"
	"$SIEVEDUMP" -R "$d.R" <"$d.F" >/dev/null 2>&1 &&
	cmp "$d.R" "$d.kdump" >&2 && pass "$e: -F | -R = the file" ||
		fail "$e: -F | -R differs"
	if have_makedumpfile; then
		makedumpfile -R "$d.mR" <"$d.F" >/dev/null 2>&1 &&
		cmp "$d.mR" "$d.kdump" >&2 &&
			pass "$e: -F | makedumpfile -R = the file" ||
			fail "$e: makedumpfile -R differs"
	fi
done
finish
