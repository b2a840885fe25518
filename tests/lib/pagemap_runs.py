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
