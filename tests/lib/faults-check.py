#!/usr/bin/python3
# faults-check.py [--partial | --partial-any] DUMP SOURCE KEPT BAD
# With libkdumpfile: every pfn of the KEPT ranges (sdgen --kept: "START END"
# hex lines, END exclusive) reads from DUMP exactly as from SOURCE (an ELF
# vmcore), except the BAD pfns (comma list of P or P-END, END exclusive),
# which must read as not present.  With --partial (a dump stopped by a
# signal) kept pages may be missing too, but only as "not present" (never a
# corrupt descriptor), and they must all come after the last present one.
# --partial-any drops the order rule (ELF segments are not in pfn order).
# Exit 0 when all hold and at least one page compared equal.
import sys
import kdumpfile
from kdumpfile.exceptions import NoDataException

PAGE = 4096


def ranges(text):
    for item in filter(None, text.split(',')):
        a, _, b = item.partition('-')
        a = int(a, 0)
        yield a, (int(b, 0) if b else a + 1)


def main():
    args = sys.argv[1:]
    partial = args[0] in ('--partial', '--partial-any')
    ordered = args[0] == '--partial'
    if partial:
        args = args[1:]
    dump, source, kept, bad_text = args[:4]
    bad = set()
    for a, b in ranges(bad_text):
        bad.update(range(a, b))
    d = kdumpfile.kdumpfile(dump)
    s = kdumpfile.kdumpfile(source)
    phys = kdumpfile.KDUMP_MACHPHYSADDR
    same = missing = wrong = 0
    last_present = -1
    first_missing = None
    for line in open(kept):
        a, b = (int(x, 16) for x in line.split())
        for pfn in range(a, b):
            try:
                page = d.read(phys, pfn * PAGE, PAGE)
            except NoDataException:
                page = None
            except Exception as e:
                wrong += 1
                if wrong < 5:
                    print(f'pfn {pfn:#x}: {e}', file=sys.stderr)
                continue
            if pfn in bad:
                if page is not None:
                    wrong += 1
                    print(f'bad pfn {pfn:#x} reads as present', file=sys.stderr)
                continue
            if page is None and partial:
                missing += 1
                if first_missing is None:
                    first_missing = pfn
            elif page is None:
                missing += 1
                if missing < 5:
                    print(f'pfn {pfn:#x} missing', file=sys.stderr)
            elif page != s.read(phys, pfn * PAGE, PAGE):
                wrong += 1
                if wrong < 5:
                    print(f'pfn {pfn:#x} differs', file=sys.stderr)
            else:
                same += 1
                last_present = pfn
    print(f'{same} pages equal, {missing} missing, {wrong} wrong')
    if partial:
        if ordered and first_missing is not None and \
                first_missing < last_present:
            print(f'pfn {first_missing:#x} missing before present pfn '
                  f'{last_present:#x}', file=sys.stderr)
            return 1
        return 0 if same and not wrong else 1
    return 0 if same and not missing and not wrong else 1


sys.exit(main())
