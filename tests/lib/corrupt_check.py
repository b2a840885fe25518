# Compare a kdump file written from a corrupt synthetic vmcore with the
# vmcore and the generator's truth (sdgen --kept runs "start end", hex):
# every kept pfn reads back equal to the vmcore's page (libkdumpfile), and
# the pfns the dump holds are exactly the truth's runs.
# usage: corrupt_check.py DUMP VMCORE KEPT
import sys, kdumpfile
PH = kdumpfile.KDUMP_MACHPHYSADDR
dump = kdumpfile.kdumpfile(sys.argv[1])
src = kdumpfile.kdumpfile(sys.argv[2])
want = [tuple(int(x, 16) for x in l.split()) for l in open(sys.argv[3])]
bm = dump.attr['file.pagemap']
maxpfn = dump.attr['max_pfn']
ps = 4096
runs, pfn, bad = [], 0, 0
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
    runs.append((s, e))
    p = s
    while p < e:
        n = min(e - p, 256)
        if dump.read(PH, p * ps, n * ps) != src.read(PH, p * ps, n * ps):
            bad += 1
            print("pfns %#x-%#x differ from the vmcore" % (p, p + n))
        p += n
    pfn = e
if runs != want:
    print("kept runs differ from the truth (%d runs, want %d)" % (len(runs), len(want)))
    for r in sorted(set(runs) ^ set(want))[:5]:
        print("  run %#x-%#x %s" % (r[0], r[1], "extra" if r in runs else "missing"))
    sys.exit(1)
print("%d kept runs equal the truth" % len(runs))
sys.exit(1 if bad else 0)
