#!/bin/sh
# -e on 5-level paging with KASLR, where makedumpfile 1.7.2 is no oracle
# (its walk is 4-level only): the vmemmap pages left out are exactly those
# the generator's truth gives (every struct page on the page describes a
# present free or offline pfn, makedumpfile's word and block rules, never
# the last 2 MiB of vmemmap), and libkdumpfile reads every kept page of
# the -e dump equal to the source, for each compressor built and -E
# (`make check`: the 768 MiB machine, no compression and -c; `make
# check-long`: both machines, every compressor).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
need_kdumpfile

cat >"$TMP/check.py" <<'PYEOF'
import sys, kdumpfile
from pagemap_runs import pagemap_runs, runs_equal
from vmemmap_rule import free_runs, judged_words
PH = kdumpfile.KDUMP_MACHPHYSADDR
edump, base, src, truth, info = sys.argv[1:6]
ps, word, block = 4096, 64, 32768
inf = dict(l.split()[:2] for l in open(info) if len(l.split()) >= 2)
memmap_pfn = int(inf['memmap_phys'], 16) // ps
max_pfn = int(inf['max_pfn'], 16)
runs, _ = free_runs(truth)
# 64-byte struct pages: word w is vmemmap page memmap_pfn + w
want = set(memmap_pfn + w for w, _, _ in judged_words(runs, max_pfn))

def kept(path):
    d = kdumpfile.kdumpfile(path)
    return d, list(pagemap_runs(d))

def members(rs):
    m = set()
    for s, e in rs:
        m.update(range(s, e))
    return m

d, er = kept(edump)
_, br = kept(base)
dropped = members(br) - members(er)
extra = members(er) - members(br)
bad = 0
if extra:
    print("-e dump keeps %d pfns the plain dump does not" % len(extra)); bad += 1
if dropped != want:
    print("dropped %d, truth %d; only dropped %s; only truth %s" % (
        len(dropped), len(want), sorted(dropped - want)[:5],
        sorted(want - dropped)[:5]))
    bad += 1
if not want:
    print("the truth leaves nothing out: the machine tests nothing"); bad += 1
s = kdumpfile.kdumpfile(src)
def differ(p):
    global bad
    print("pages at pfn %#x differ" % p)
    bad += 1


n = runs_equal(d, s, er, differ)
print("kept %d, vmemmap pages left out %d (truth %d), bad %d" % (
    n, len(dropped), len(want), bad))
sys.exit(1 if bad else 0)
PYEOF

comps="none -c"
long_run && comps="none -c -l -p -z"
for spec in "mem=1G;seed=3;mix=kernel:20 cache:10 anon:10 free:50 offline:5;run_mean=512" \
	"mem=768M;seed=9;pattern=clustered"; do
	case $spec in mem=768M*) ;; *) long_run || continue ;; esac
	spec="flavour=6.1;paging=5;kaslr=yes;$spec"
	"$SDGEN" --truth "$TMP/truth" --info -e "$spec" "$TMP/core" >"$TMP/info" 2>&1 ||
		{ fail "sdgen $spec"; continue; }
	rm -f "$TMP/base"
	"$SIEVEDUMP" -d 16 "$TMP/core" "$TMP/base" >/dev/null 2>&1 || fail "[$spec] -d 16"
	for comp in $comps; do
		case $comp in
		-l) lib=lzo ;; -p) lib=snappy ;; -z) lib=zstd ;; *) lib= ;;
		esac
		if [ -n "$lib" ] && ! "$SIEVEDUMP" -v | grep -q "^$lib.*enabled"; then
			echo "$comp not built: skipped"; continue
		fi
		[ "$comp" = none ] && comp=
		rm -f "$TMP/e"
		# shellcheck disable=SC2086
		"$SIEVEDUMP" $comp -e -d 16 "$TMP/core" "$TMP/e" >"$TMP/out" 2>&1 ||
			{ fail "[$spec] $comp -e failed"; tail -3 "$TMP/out" >&2; continue; }
		if PYTHONPATH="$SRCDIR/tests/lib" "$PY" "$TMP/check.py" "$TMP/e" "$TMP/base" "$TMP/core" "$TMP/truth" \
			"$TMP/info" >"$TMP/chk" 2>&1; then
			pass "[$spec] -e $comp: $(tail -1 "$TMP/chk")"
		else
			fail "[$spec] -e $comp"; tail -5 "$TMP/chk" >&2
		fi
	done
	rm -f "$TMP/elf"
	"$SIEVEDUMP" -E -e --work-dir "$TMP" -d 16 "$TMP/core" "$TMP/elf" >/dev/null 2>&1 || fail "[$spec] -E -e"
	"$PY" - "$TMP/elf" "$TMP/e" "$TMP/core" <<'PYEOF' && pass "[$spec] -E -e: the kept pages of the kdump -e, the left-out ones absent, zero or the source's" || fail "[$spec] -E -e differs"
import sys, kdumpfile
PH = kdumpfile.KDUMP_MACHPHYSADDR
elf, kd, core = (kdumpfile.kdumpfile(f) for f in sys.argv[1:4])
mx = kd.attr['max_pfn']
bad = 0
Z = bytes(4096)


def page(f, p):
    try:
        return f.read(PH, p * 4096, 4096)
    except Exception:
        return None


for p in range(mx):
    a, b = page(elf, p), page(kd, p)
    # A page the kdump leaves out is absent or zero-filled in the ELF, or,
    # in a run of fewer than 256 left-out pages, the source's page itself
    # (an ELF segment is cut only at longer runs, as makedumpfile cuts it).
    if b is not None and a != b or \
            b is None and a not in (None, Z) and a != page(core, p):
        bad += 1
sys.exit(1 if bad else 0)
PYEOF
done
finish
