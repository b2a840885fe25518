#!/bin/sh
# An independent reader, libkdumpfile (python3-libkdumpfile), reads every
# kept pfn of our kdump files equal to the source vmcore's page, for 6.1-
# and 6.12-flavour vmcores, every compressor built (-c, -l, -p, -z) and
# dump levels 0, 1 and 31; the kept pfns are exactly the generator's truth
# and the pfn before each run is absent; the header carries the utsname.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
need_kdumpfile

cat >"$TMP/check.py" <<'PYEOF'
import sys, kdumpfile
PH = kdumpfile.KDUMP_MACHPHYSADDR
dump = kdumpfile.kdumpfile(sys.argv[1])
src = kdumpfile.kdumpfile(sys.argv[2])
want = [tuple(int(x, 16) for x in l.split()) for l in open(sys.argv[3])]
runs = []
ps = 4096
assert dump.attr['file.format'] == 'diskdump', dump.attr['file.format']
assert dump.attr['linux.uts.release'].startswith('6.'), 'utsname missing'
bm = dump.attr['file.pagemap']
maxpfn = dump.attr['max_pfn']
pfn = kept = bad = 0
while pfn < maxpfn:
    try:
        s = bm.find_set(pfn)
    except Exception:
        break
    if s >= maxpfn:
        break
    try:
        e = min(bm.find_clear(s), maxpfn)
    except Exception:
        e = maxpfn
    if s > 0 and s > pfn:
        # the pfn before a run is excluded: libkdumpfile must refuse it
        try:
            dump.read(PH, (s - 1) * ps, ps)
            print("excluded pfn %#x is readable" % (s - 1))
            bad += 1
        except Exception:
            pass
    runs.append((s, e))
    p = s
    while p < e:
        n = min(e - p, 256)
        a = dump.read(PH, p * ps, n * ps)
        b = src.read(PH, p * ps, n * ps)
        if a != b:
            for i in range(n):
                if a[i * ps:(i + 1) * ps] != b[i * ps:(i + 1) * ps]:
                    bad += 1
                    if bad < 5:
                        print("pfn %#x differs" % (p + i))
        kept += n
        p += n
    pfn = e
print("kept %d differing %d" % (kept, bad))
if runs != want:
    print("kept runs differ from the generator's truth (%d runs, want %d)"
          % (len(runs), len(want)))
    for r in sorted(set(runs) ^ set(want))[:5]:
        print("  run %#x-%#x %s" % (r[0], r[1], "extra" if r in runs else "missing"))
    sys.exit(1)
sys.exit(1 if bad else 0)
PYEOF

comps="none -c"
for c in lzo:-l snappy:-p zstd:-z; do
	if "$SIEVEDUMP" -v | grep -q "^${c%%:*}[[:space:]]*enabled"; then
		comps="$comps ${c#*:}"
	else
		echo "${c%%:*} not built: ${c#*:} skipped"
	fi
done

for flavour in 6.1 6.12; do
	spec="flavour=$flavour;paging=5;mem=64M;seed=31"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	for level in 0 1 31; do
		# zero pages stay in the 2nd bitmap of the kdump format
		"$SDGEN" -e "$spec" --kept $((level & ~1)) "$TMP/truth" \
			>/dev/null 2>&1 || fail "sdgen --kept"
		for comp in $comps; do
			opt=$comp; [ "$comp" = none ] && opt=
			rm -f "$TMP/dump"
			"$SIEVEDUMP" $opt -d "$level" "$TMP/core" "$TMP/dump" \
				>"$TMP/rep" 2>&1 ||
				{ fail "$flavour $comp -d $level: sievedump"; continue; }
			if "$PY" "$TMP/check.py" "$TMP/dump" "$TMP/core" "$TMP/truth" >"$TMP/py" 2>&1; then
				pass "$flavour $comp -d $level: $(cat "$TMP/py")"
			else
				fail "$flavour $comp -d $level"
				sed 's/^/  /' "$TMP/py" | tail -8 >&2
			fi
		done
	done
done
finish
