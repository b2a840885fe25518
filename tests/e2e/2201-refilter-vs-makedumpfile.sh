#!/bin/sh
# Refiltering (doc/format-kdump.md): a kdump-compressed input dumped again at a
# higher level.  The result is byte-identical to Debian's makedumpfile
# 1.7.2 refiltering the same input, for sievedump-made and
# makedumpfile-made inputs, and equal to a direct dump of the vmcore at the
# (ORed) level.  The "dump_level is changed" message is makedumpfile's.
# 5-level paging; 4-level too under `make check-long`.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

# refilter LABEL INPUT ARGS...: sievedump and makedumpfile on INPUT
refilter() {
	label=$1; in=$2; shift 2
	rm -f "$TMP/s" "$TMP/m"
	"$SIEVEDUMP" $SD_ZLIB_STOCK "$@" "$in" "$TMP/s" >"$TMP/s.out" 2>&1 ||
		{ fail "$label: sievedump failed"; tail -3 "$TMP/s.out" >&2; return 1; }
	makedumpfile "$@" "$in" "$TMP/m" >"$TMP/m.out" 2>&1 ||
		{ fail "$label: makedumpfile failed"; return 1; }
	cmp "$TMP/s" "$TMP/m" >&2 && pass "$label: = makedumpfile" ||
		fail "$label: differs from makedumpfile"
}

for paging in $(long_run && echo 5 4 || echo 5); do
	spec="flavour=6.1;paging=$paging;mem=128M;seed=$paging"
	[ "$paging" = 5 ] && spec="flavour=6.1;paging=5;mem=128M;seed=3"
	rm -f "$TMP/in.sd" "$TMP/in.mdf" "$TMP/direct" "$TMP/l31"
	"$SDGEN" -e "$spec" "$TMP/core" >/dev/null 2>&1 || { fail "sdgen $spec"; continue; }
	"$SIEVEDUMP" -d 1 -c "$TMP/core" "$TMP/in.sd" >/dev/null 2>&1 ||
		{ fail "paging $paging: -d 1 -c"; continue; }
	makedumpfile -d 1 -c "$TMP/core" "$TMP/in.mdf" >/dev/null 2>&1 ||
		{ fail "paging $paging: makedumpfile -d 1 -c"; continue; }
	"$SIEVEDUMP" -d 31 -l "$TMP/core" "$TMP/direct" >/dev/null 2>&1 ||
		fail "paging $paging: direct -d 31 -l"

	refilter "paging $paging: sievedump input, -d 31 -l" "$TMP/in.sd" -d 31 -l &&
	{ cmp "$TMP/s" "$TMP/direct" >&2 &&
		pass "paging $paging: refiltered = direct -d 31 dump" ||
		fail "paging $paging: refiltered differs from the direct dump"; }
	refilter "paging $paging: makedumpfile input, -d 31 -l" "$TMP/in.mdf" -d 31 -l
	refilter "paging $paging: -d 17 -c" "$TMP/in.sd" -d 17 -c
	# the level is ORed with the input's, with makedumpfile's message
	refilter "paging $paging: -d 30 -c" "$TMP/in.sd" -d 30 -c &&
	{ expect_grep "$TMP/s.out" "dump_level is changed to 31, because $TMP/in.sd was created by dump_level(1)." &&
		pass "paging $paging: dump_level message"; }
	cp "$TMP/s" "$TMP/l31"
	# a second refilter of a refiltered file
	refilter "paging $paging: refilter of a -d 31 file" "$TMP/l31" -d 31 -c
	# -F output of a refilter, rebuilt, is the file
	"$SIEVEDUMP" -F -d 31 -l "$TMP/in.sd" >"$TMP/s.F" 2>/dev/null ||
		fail "paging $paging: -F"
	rm -f "$TMP/r"
	"$SIEVEDUMP" -R "$TMP/r" <"$TMP/s.F" >/dev/null 2>&1 &&
	cmp "$TMP/r" "$TMP/direct" >&2 && pass "paging $paging: -F then -R" ||
		fail "paging $paging: -F then -R differs"
done

# equal page contents through an independent reader
if /usr/bin/python3 -c 'import kdumpfile' 2>/dev/null; then
	/usr/bin/python3 - "$TMP/direct" "$TMP/l31" <<'PY' && pass "libkdumpfile: same pages" || fail "libkdumpfile: pages differ"
import sys, kdumpfile
a = kdumpfile.kdumpfile(sys.argv[1]); b = kdumpfile.kdumpfile(sys.argv[2])
n = 0
for pfn in range(0, 0x8000):
    try:
        x = a.read(kdumpfile.KDUMP_MACHPHYSADDR, pfn * 4096, 4096)
    except Exception:
        x = None
    try:
        y = b.read(kdumpfile.KDUMP_MACHPHYSADDR, pfn * 4096, 4096)
    except Exception:
        y = None
    if x != y:
        print("pfn %#x differs" % pfn); sys.exit(1)
    n += x is not None
sys.exit(0 if n else 1)
PY
fi
# the report of a refiltering counts, as makedumpfile does, every pfn of an
# excluded unit, also those the input had left out (here the generator's
# offline pages are zero-filled, so -d 1 left them out; -d 31 counts them)
"$SDGEN" -e "flavour=6.1;ram=0x1000-0x9fc00,0x100000-0xa000000;seed=5" \
	"$TMP/core5" || fail "sdgen"
rm -f "$TMP/in5"
makedumpfile -c -d 1 "$TMP/core5" "$TMP/in5" >/dev/null 2>&1 || fail "-d 1 input"
for prog in "$SIEVEDUMP" makedumpfile; do
	rm -f "$TMP/r5"
	"$prog" -l -d 31 --message-level 16 "$TMP/in5" "$TMP/r5" 2>&1 |
		sed -n '/^Original pages/,/^Total pages/p' >"$TMP/rep.$(basename "$prog")"
done
[ -s "$TMP/rep.makedumpfile" ] && grep -q "Offline pages *: 0x0*[1-9a-f]" "$TMP/rep.makedumpfile" &&
	cmp "$TMP/rep.$(basename "$SIEVEDUMP")" "$TMP/rep.makedumpfile" >&2 &&
	pass "refiltering report: same counts, pages the input left out included" ||
	fail "refiltering report differs from makedumpfile's"
finish
