#!/usr/bin/python3
"""kdump_bitmap.py [--first] DUMPFILE

Print the kept-pfn runs of a kdump-compressed ("KDUMP   ") file: the set
bits of its 2nd ("dumpable") bitmap, or of the 1st ("present") bitmap with
--first.  An independent parser of the layout in
doc/format-kdump.md and include/sievedump/kdump_format.h (64-bit,
little-endian):

    header at 0:  header_version @8, block_size @428, sub_hdr_size @432,
                  bitmap_blocks @436, max_mapnr (u32) @440
    sub-header at block_size: max_mapnr_64 @96 (header_version >= 6)
    bitmaps at (1 + sub_hdr_size) * block_size, bitmap_blocks blocks in
    all: the 1st bitmap is the first half, the 2nd the second half;
    pfn p is bit (p & 7) of byte p >> 3.

Output: one run per line, "0xFIRST-0xLAST" (both inclusive, hex), then
"# " summary lines (max_mapnr, kept pages, runs).  drgn_classify.py
prints its expected set in the same format, so the two can be diffed.
"""
import signal
import struct
import sys


def read_bitmaps(path):
    """Return (max_mapnr, bitmap1 bytes, bitmap2 bytes) of a kdump file."""
    with open(path, "rb") as f:
        hdr = f.read(464)
        if len(hdr) < 464 or hdr[:8] != b"KDUMP   ":
            raise ValueError("%s: not a kdump-compressed file" % path)
        version, = struct.unpack_from("<i", hdr, 8)
        block_size, sub_hdr_size, bitmap_blocks, max_mapnr = \
            struct.unpack_from("<iiII", hdr, 428)
        if block_size <= 0 or bitmap_blocks == 0 or bitmap_blocks % 2:
            raise ValueError("%s: bad block_size %d / bitmap_blocks %d"
                             % (path, block_size, bitmap_blocks))
        if version >= 6:
            f.seek(block_size + 96)
            max_mapnr, = struct.unpack("<Q", f.read(8))
        half = bitmap_blocks * block_size // 2
        f.seek((1 + sub_hdr_size) * block_size)
        bm = f.read(2 * half)
        if len(bm) != 2 * half:
            raise ValueError("%s: truncated bitmaps" % path)
    return max_mapnr, bm[:half], bm[half:]


def runs(bitmap, nbits=None):
    """Yield (first, last) inclusive pfn runs of set bits."""
    if nbits is None:
        nbits = len(bitmap) * 8
    start = None
    nbytes = (nbits + 7) // 8
    for i in range(nbytes):
        b = bitmap[i]
        if b == 0xFF and start is not None:
            continue
        if b == 0 and start is None:
            continue
        for bit in range(8):
            pfn = i * 8 + bit
            if pfn >= nbits:
                break
            if (b >> bit) & 1:
                if start is None:
                    start = pfn
            elif start is not None:
                yield start, pfn - 1
                start = None
    if start is not None:
        yield start, nbits - 1


def kept_set(path):
    """Return (max_mapnr, bytearray with 1 per kept pfn) from the 2nd bitmap."""
    max_mapnr, _, bm2 = read_bitmaps(path)
    kept = bytearray(max_mapnr)
    for a, b in runs(bm2, min(max_mapnr, len(bm2) * 8)):
        kept[a:b + 1] = b"\x01" * (b + 1 - a)
    return max_mapnr, kept


def main(argv):
    args = argv[1:]
    which = 2
    if args and args[0] == "--first":
        which = 1
        args = args[1:]
    if len(args) != 1 or args[0].startswith("-"):
        sys.stderr.write("usage: kdump_bitmap.py [--first] DUMPFILE\n")
        return 2
    try:
        max_mapnr, bm1, bm2 = read_bitmaps(args[0])
    except (OSError, ValueError) as e:
        sys.stderr.write("kdump_bitmap: %s\n" % e)
        return 1
    bm = bm2 if which == 2 else bm1
    # Bits at or past max_mapnr must be 0 (padding): count them separately.
    total = nruns = 0
    out = []
    for a, b in runs(bm):
        if a >= max_mapnr:
            sys.stderr.write("kdump_bitmap: bits set past max_mapnr: "
                             "0x%x-0x%x\n" % (a, b))
            continue
        b = min(b, max_mapnr - 1)
        out.append("0x%x-0x%x\n" % (a, b))
        total += b + 1 - a
        nruns += 1
    sys.stdout.write("".join(out))
    sys.stdout.write("# bitmap %d, max_mapnr 0x%x\n# kept %d\n# runs %d\n"
                     % (which, max_mapnr, total, nruns))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv))
