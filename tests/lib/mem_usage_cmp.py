#!/usr/bin/env python3
"""mem_usage_cmp.py SD1 MDF SD2 [--totals-only]: compare --mem-usage tables.

SD1 and SD2 are sievedump's tables taken right before and right after
makedumpfile's (MDF) on the same live /proc/kcore.  "page size" and
"Total pages on system" must be equal; each page class of makedumpfile
must lie within the two sievedump runs widened by 0.5% of the total pages
(the live kernel allocates and frees between runs).  With --totals-only
(kernels whose page rules makedumpfile 1.7.2 does not know) only the
totals are compared.  Prints one line per row; exits 1 on a difference.
"""
import sys


def table(path):
    rows = {}
    for line in open(path, errors="replace"):
        f = line.split()
        if len(f) >= 3 and f[2] in ("yes", "no") and f[1].isdigit():
            rows[f[0]] = int(f[1])
        elif line.startswith("page size:"):
            rows["page size"] = int(f[2])
        elif line.startswith("Total pages on system:"):
            rows["Total pages"] = int(f[4])
    return rows


def main():
    sd1, mdf, sd2 = (table(p) for p in sys.argv[1:4])
    totals_only = "--totals-only" in sys.argv[4:]
    bad = 0
    for key in ("page size", "Total pages"):
        ok = key in mdf and sd1.get(key) == mdf[key] == sd2.get(key)
        print("%s %s: sievedump %s/%s makedumpfile %s" %
              ("ok" if ok else "FAIL", key, sd1.get(key), sd2.get(key),
               mdf.get(key)))
        bad += not ok
    if totals_only or bad:
        return 1 if bad else 0
    slack = mdf["Total pages"] // 200
    for key in ("ZERO", "NON_PRI_CACHE", "PRI_CACHE", "USER", "FREE",
                "KERN_DATA"):
        if key not in mdf or key not in sd1 or key not in sd2:
            print("FAIL %s: missing row" % key)
            bad += 1
            continue
        lo = min(sd1[key], sd2[key]) - slack
        hi = max(sd1[key], sd2[key]) + slack
        ok = lo <= mdf[key] <= hi
        print("%s %s: makedumpfile %d, sievedump %d and %d (slack %d)" %
              ("ok" if ok else "FAIL", key, mdf[key], sd1[key], sd2[key],
               slack))
        bad += not ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
