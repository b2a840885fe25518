#!/bin/sh
# -e on the vmemmap layouts of doc/exclude-vmemmap.md, 4- and 5-level:
# 4 KiB, 2 MiB and 1 GiB mappings, hugetlb vmemmap optimisation (hvo: 7
# of 8 vmemmap pages of a huge page share one frame, the section's 2 MiB
# mapping split) and memmap_on_memory (a section's struct pages inside
# it, their own struct pages saying free, or reserved).  sdgen --vmemmap
# gives where every struct page lies; the pages a -e -d 31 dump leaves out
# beyond a plain -d 31 dump are exactly those the rule allows (whole
# pages, the word and block rules of 2302, never a shared frame, never a
# frame inside the run it describes), the "Excluded N" count and -D's
# candidate, shared and self counters and its count of frames mapped more
# than once (the hvo frames) agree, -D names the mapping sizes
# the machine uses, the plain dump's bitmap is what sdgen --kept 30 says
# (zero pages stay in the bitmap, as 2003 says), and
# libkdumpfile reads every kept page equal to the source.  Also -c and -E.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
need_kdumpfile

cat >"$TMP/check.py" <<'PYEOF'
import re, sys, kdumpfile
from pagemap_runs import pagemap_runs, runs_equal
from vmemmap_rule import free_runs, judged_words
PH = kdumpfile.KDUMP_MACHPHYSADDR
edump, base, src, truth, vmfile, keptfile, log = sys.argv[1:8]
ps, word, block = 4096, 64, 32768
bad = 0


def fail(msg):
    global bad
    print(msg)
    bad += 1


runs, max_pfn = free_runs(truth)   # present free/offline pfns
vpage = {}                      # vmemmap page (pfn // 64) -> (frame, kind)
sizes = set()
for l in open(vmfile):
    if l.startswith('#'):
        continue
    f = l.split()
    p, n, ph = int(f[0], 16), int(f[1], 16), int(f[2], 16)
    sizes.add(f[3])
    for i in range(n // word):
        vpage[p // word + i] = (ph + (0 if f[4] == 'shared' else i), f[4])
allowed, shared_frames, self_frames = set(), set(), set()
cand = shared = selfc = 0
for w, js, je in judged_words(runs, max_pfn):
    frame, kind = vpage[w]
    cand += 1
    if kind == 'shared':
        shared += 1
        shared_frames.add(frame)
    elif js <= frame < je:
        selfc += 1
        self_frames.add(frame)
    else:
        allowed.add(frame)
for frame, kind in vpage.values():
    if kind == 'shared':
        shared_frames.add(frame)


def members(rs):
    m = set()
    for s, e in rs:
        m.update(range(s, e))
    return m


d = kdumpfile.kdumpfile(edump)
er = list(pagemap_runs(d))
em, bm = members(er), members(pagemap_runs(kdumpfile.kdumpfile(base)))
want_base = set()
for l in open(keptfile):
    a, b = (int(x, 16) for x in l.split())
    want_base.update(range(a, b))
if bm != want_base:
    fail("plain -d 31 keeps %d pfns, sdgen --kept 30 %d" % (len(bm), len(want_base)))
dropped = bm - em
if em - bm:
    fail("-e dump keeps %d pfns the plain dump does not" % len(em - bm))
if dropped != allowed & bm:
    fail("dropped %d, allowed %d; only dropped %s; only allowed %s" % (
        len(dropped), len(allowed & bm), sorted(dropped - allowed)[:5],
        sorted((allowed & bm) - dropped)[:5]))
if not allowed & bm:
    fail("the rule allows nothing: the machine tests nothing")
lost = (shared_frames | self_frames) & bm - em
if lost:
    fail("shared or self frames left out: %s" % sorted(lost)[:5])
text = open(log, errors='replace').read()
m = re.search(r'Excluded (\d+) unused vmemmap pages', text)
if not m or int(m.group(1)) != len(allowed):
    fail("count %s, allowed %d" % (m and m.group(1), len(allowed)))
m = re.search(r'vmemmap: \d+ mapping\(s\) \(4 KiB (\d+), 2 MiB (\d+), '
              r'1 GiB (\d+)\); (\d+) candidate page\(s\), (\d+) shared, '
              r'(\d+) self, (\d+) unmapped; (\d+) frame\(s\) mapped more '
              r'than once', text)
if not m:
    fail("no -D vmemmap line")
else:
    k4, m2, g1, c, sh, sf, un, fr = (int(x) for x in m.groups())
    got = {n for n, v in (('4k', k4), ('2m', m2), ('1g', g1)) if v}
    if got != sizes:
        fail("-D mapping sizes %s, sdgen %s" % (sorted(got), sorted(sizes)))
    if (c, sh, sf, un, fr) != (cand, shared, selfc, 0, len(shared_frames)):
        fail("-D candidates/shared/self/unmapped/frames %s, truth %s" % (
            (c, sh, sf, un, fr), (cand, shared, selfc, 0, len(shared_frames))))
s = kdumpfile.kdumpfile(src)
n = runs_equal(d, s, er, lambda p: fail("pages at pfn %#x differ" % p))
print("maps %s, kept %d, left out %d of %d allowed, candidates %d, "
      "shared %d (%d frames), self %d, bad %d" % (
          '+'.join(sorted(sizes)), n, len(dropped), len(allowed), cand,
          shared, len(shared_frames), selfc, bad))
sys.exit(1 if bad else 0)
PYEOF

# the -E dump: kept pages as in the kdump -e (whose zero pages the ELF may
# leave out), left-out ones absent or zero (or the source's, inside a short
# run, as 2302 says)
cat >"$TMP/elf.py" <<'PYEOF'
import sys, kdumpfile
PH = kdumpfile.KDUMP_MACHPHYSADDR
elf, kd, core = (kdumpfile.kdumpfile(f) for f in sys.argv[1:4])
Z = bytes(4096)
bad = 0


def page(f, p):
    try:
        return f.read(PH, p * 4096, 4096)
    except Exception:
        return None


for p in range(kd.attr['max_pfn']):
    a, b = page(elf, p), page(kd, p)
    if b == Z and a is None:
        continue
    if b is not None and a != b or \
            b is None and a not in (None, Z) and a != page(core, p):
        bad += 1
sys.exit(1 if bad else 0)
PYEOF

MIX="mix=kernel:20 cache:10 anon:10 hugetlb:10 free:45 offline:5;run_mean=512"
R384="ram=0x1000-0x9f000,0x100000-0x18000000"
R1G="ram=0x1000-0x9f000,0x100000-0x10000000,0x40000000-0x42000000"
n=0
for paging in 4 5; do
	for spec in "vmemmap=4k;mem=256M;seed=3" \
		"vmemmap=2m;mem=256M;seed=5;pattern=clustered" \
		"vmemmap=1g;$R1G;seed=7" \
		"hvo=8;mem=256M;seed=11" \
		"$R384;seed=13;memmap_on_memory=2"; do
		n=$((n + 1))
		case $spec in
		hvo*) [ "$paging" = 5 ] && spec="vmemmap=4k;$spec" ;;
		*memmap_on_memory*) [ "$paging" = 5 ] && spec="$spec:reserved" ;;
		esac
		spec="flavour=6.1;paging=$paging;kaslr=yes;$MIX;$spec"
		"$SDGEN" --truth "$TMP/truth" --vmemmap "$TMP/vm" --kept 30 "$TMP/kept" \
			-e "$spec" "$TMP/core" >/dev/null 2>"$TMP/gen.err" ||
			{ fail "sdgen $spec"; cat "$TMP/gen.err" >&2; continue; }
		rm -f "$TMP/base" "$TMP/e"
		"$SIEVEDUMP" -l -d 31 "$TMP/core" "$TMP/base" >/dev/null 2>&1 ||
			fail "[$spec] -d 31"
		comp=-l
		[ $n = 2 ] && comp=-c	# one zlib dump, the rest lzo
		"$SIEVEDUMP" -D $comp -e -d 31 "$TMP/core" "$TMP/e" >"$TMP/log" 2>&1 ||
			{ fail "[$spec] $comp -e failed"; tail -3 "$TMP/log" >&2; continue; }
		if PYTHONPATH="$SRCDIR/tests/lib" "$PY" "$TMP/check.py" "$TMP/e" "$TMP/base" \
			"$TMP/core" "$TMP/truth" "$TMP/vm" "$TMP/kept" "$TMP/log" >"$TMP/chk" 2>&1; then
			pass "[$spec] $comp -e -d 31: $(tail -1 "$TMP/chk")"
		else
			fail "[$spec] $comp -e -d 31"; tail -5 "$TMP/chk" >&2
		fi
		case $n in 3 | 9) ;; *) continue ;; esac
		rm -f "$TMP/elf"
		"$SIEVEDUMP" -E -e --work-dir "$TMP" -d 31 "$TMP/core" "$TMP/elf" >/dev/null 2>&1 ||
			{ fail "[$spec] -E -e"; continue; }
		"$PY" "$TMP/elf.py" "$TMP/elf" "$TMP/e" "$TMP/core" &&
			pass "[$spec] -E -e -d 31: the pages of the kdump -e" ||
			fail "[$spec] -E -e -d 31 differs from the kdump -e"
	done
done
finish
