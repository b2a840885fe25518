#!/usr/bin/python3
# arm64_kept.py DUMP SOURCE KEPT
# With libkdumpfile: DUMP (kdump-compressed, from an arm64 ELF vmcore
# SOURCE) is an aarch64 dump with SOURCE's page size that holds every pfn
# of KEPT (sdgen --kept: "START END" hex lines, END exclusive) and no other
# pfn except zero pages (-d 1 leaves them in the bitmap with the shared
# zero-page descriptor), and every page it holds reads as SOURCE holds it
# (read by hand from SOURCE's PT_LOADs).  Exit 0 when all hold and at
# least one page was compared.
import struct
import sys

import kdumpfile
from pagemap_runs import pagemap_runs


def loads(f):
    eh = f.read(64)
    phoff, = struct.unpack_from('<Q', eh, 32)
    phnum, = struct.unpack_from('<H', eh, 56)
    f.seek(phoff)
    ph = f.read(56 * phnum)
    out = []
    for i in range(phnum):
        t, _, off, _, pa, fsz, _, _ = struct.unpack_from('<IIQQQQQQ', ph, 56 * i)
        if t == 1:
            out.append((pa, pa + fsz, off))
    return out


def by_hand(f, segs, pa, n):
    for s, e, off in segs:
        if s <= pa and pa + n <= e:
            f.seek(off + pa - s)
            return f.read(n)
    return None


def main():
    dump_path, src_path, kept_path = sys.argv[1:4]
    dump = kdumpfile.kdumpfile(dump_path)
    ps = dump.attr['arch.page_size']
    ph = kdumpfile.KDUMP_MACHPHYSADDR
    f = open(src_path, 'rb')
    segs = loads(f)
    bad = []
    if dump.attr['arch.name'] != 'aarch64':
        bad.append('arch.name is %s' % dump.attr['arch.name'])
    want = set()
    for line in open(kept_path):
        a, e = (int(x, 16) for x in line.split())
        want.update(range(a, e))
    got = set()
    for a, e in pagemap_runs(dump):
        got.update(range(a, e))
    if want - got:
        bad.append('%d kept pfns of the truth are not in the dump, first %#x'
                   % (len(want - got), min(want - got)))
    zero = bytes(ps)
    pages = extra = 0
    for p in sorted(got):
        d = dump.read(ph, p * ps, ps)
        if d != by_hand(f, segs, p * ps, ps):
            bad.append('pfn %#x differs from the vmcore' % p)
        elif p not in want:
            extra += 1
            if d != zero:
                bad.append('pfn %#x is in the dump, not in the truth' % p)
        pages += 1
    for b in bad[:5]:
        print(b)
    print('%d pages of %d bytes equal (%d of them zero pages the truth '
          'leaves out), %d problem(s)' % (pages, ps, extra, len(bad)))
    sys.exit(1 if bad or not pages else 0)


if __name__ == "__main__":
    main()
