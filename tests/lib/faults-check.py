#!/usr/bin/python3
# faults-check.py DUMP SOURCE KEPT BAD
# With libkdumpfile: every pfn of the KEPT ranges (sdgen --kept: "START END"
# hex lines, END exclusive) reads from DUMP exactly as from SOURCE (an ELF
# vmcore), except the BAD pfns (comma list of P or P-END, END exclusive),
# which must read as not present.  Exit 0 when all hold.
import sys
import kdumpfile

PAGE = 4096


def ranges(text):
    for item in filter(None, text.split(',')):
        a, _, b = item.partition('-')
        a = int(a, 0)
        yield a, (int(b, 0) if b else a + 1)


def main():
    dump, source, kept, bad_text = sys.argv[1:5]
    bad = set()
    for a, b in ranges(bad_text):
        bad.update(range(a, b))
    d = kdumpfile.kdumpfile(dump)
    s = kdumpfile.kdumpfile(source)
    phys = kdumpfile.KDUMP_MACHPHYSADDR
    same = missing = wrong = 0
    for line in open(kept):
        a, b = (int(x, 16) for x in line.split())
        for pfn in range(a, b):
            try:
                page = d.read(phys, pfn * PAGE, PAGE)
            except Exception:
                page = None
            if pfn in bad:
                if page is not None:
                    wrong += 1
                    print(f'bad pfn {pfn:#x} reads as present', file=sys.stderr)
                continue
            if page is None:
                missing += 1
                if missing < 5:
                    print(f'pfn {pfn:#x} missing', file=sys.stderr)
            elif page != s.read(phys, pfn * PAGE, PAGE):
                wrong += 1
                if wrong < 5:
                    print(f'pfn {pfn:#x} differs', file=sys.stderr)
            else:
                same += 1
    print(f'{same} pages equal, {missing} missing, {wrong} wrong')
    return 0 if same and not missing and not wrong else 1


sys.exit(main())
