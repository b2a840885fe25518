"""The runs of pfns a kdump-compressed file keeps, read by libkdumpfile.

pagemap_runs(dump) yields (start, end) for each run of set bits in the
dump's page bitmap ('file.pagemap'), end exclusive and capped at max_pfn.
Used by the e2e tests that compare a dump's pages with its source.
"""


def pagemap_runs(dump):
    bm = dump.attr['file.pagemap']
    maxpfn = dump.attr['max_pfn']
    pfn = 0
    while pfn < maxpfn:
        try:
            s = bm.find_set(pfn)
        except Exception:
            return
        if s >= maxpfn:
            return
        try:
            e = min(bm.find_clear(s), maxpfn)
        except Exception:
            e = maxpfn
        yield s, e
        pfn = e


def runs_equal(dump, src, runs, differ, chunk=256):
    """Compare the pages of @runs ([start, end) pfns) of two kdumpfile
    objects, @chunk pages at a time; call differ(pfn) for each chunk that
    differs.  Returns the pages compared."""
    import kdumpfile
    ph, ps, n = kdumpfile.KDUMP_MACHPHYSADDR, 4096, 0
    for a, e in runs:
        p = a
        while p < e:
            k = min(e - p, chunk)
            if dump.read(ph, p * ps, k * ps) != src.read(ph, p * ps, k * ps):
                differ(p)
            n += k
            p += k
    return n
