# SPDX-License-Identifier: GPL-2.0-or-later
"""dump_check.py DUMP VMLINUX CONSOLE [REFERENCE]: drgn reads a dump of a
crashed Debian kernel (bench/capture.sh, tests/e2e/3004).  The crashing task the console names must be the
dump's (tests/qemu/drgn_checks.py), the printk log must end with the sysrq
crash and the panic, the task list must walk, every slab cache's name and
its nodes' partial slab lists must read, and the struct page of every pfn
the dump keeps must read (what -e must never lose).  With REFERENCE (the
vmcore, or another dump of it), every pfn both keep must read the same in
both (libkdumpfile).  The last line printed is "ok: ..." or "FAIL: ..." (exit 0
or 1)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from drgn import FaultError, Program, sizeof  # noqa: E402
from drgn.helpers.linux.list import list_for_each_entry  # noqa: E402
from drgn.helpers.linux.mm import pfn_to_page  # noqa: E402
from drgn.helpers.linux.pid import for_each_task  # noqa: E402
from drgn.helpers.linux.printk import get_printk_records  # noqa: E402
from drgn.helpers.linux.slab import for_each_slab_cache  # noqa: E402
import kdump_bitmap  # noqa: E402
from drgn_checks import crashing_task  # noqa: E402

CHUNK = 1 << 20


def slab_walk(prog, bad):
    """Every cache's name and the partial slabs of each of its nodes."""
    caches = slabs = 0
    nodes = prog["nr_node_ids"].value_()
    try:
        for c in for_each_slab_cache(prog):
            c.name.string_()
            caches += 1
            for i in range(nodes):
                n = c.node[i]
                if not n:
                    continue
                for _ in list_for_each_entry("struct slab",
                                             n.partial.address_of_(),
                                             "slab_list"):
                    slabs += 1
    except FaultError as e:
        bad.append("slab caches: %s" % e)
    return caches, slabs


def struct_pages(prog, runs, bad):
    """Read the struct page of every kept pfn, a run at a time."""
    size = sizeof(prog.type("struct page"))
    n = 0
    for first, last in runs:
        va = pfn_to_page(prog, first).value_()
        left = (last + 1 - first) * size
        while left:
            k = min(left, CHUNK)
            try:
                prog.read(va, k)
            except FaultError as e:
                bad.append("struct page of kept pfn %#x: %s"
                           % (first + (va - pfn_to_page(prog, first)
                                       .value_()) // size, e))
                return n
            va += k
            left -= k
        n += last + 1 - first
    return n


def same_pages(dump, ref, runs, bad):
    """Every pfn kept by both dumps (or by the dump, when @ref is the
    vmcore) reads the same in both."""
    import kdumpfile
    ph = kdumpfile.KDUMP_MACHPHYSADDR
    a, b = kdumpfile.kdumpfile(dump), kdumpfile.kdumpfile(ref)
    try:
        _, rkept = kdump_bitmap.kept_set(ref)
    except ValueError:	# the vmcore itself (ELF): it has every page
        rkept = None
    n = 0
    for first, last in runs:
        for p in range(first, last + 1):
            if rkept is not None and (p >= len(rkept) or not rkept[p]):
                continue
            if a.read(ph, p * 4096, 4096) != b.read(ph, p * 4096, 4096):
                bad.append("pfn %#x differs from the reference" % p)
                return n
            n += 1
    return n


def load(path, vmlinux):
    p = Program()
    p.set_core_dump(path)
    p.load_debug_info([vmlinux])
    return p


def main():
    dump, vmlinux, console = sys.argv[1:4]
    ref = sys.argv[4] if len(sys.argv) > 4 else None
    bad = []
    prog = load(dump, vmlinux)
    got = crashing_task(prog, console, bad.append,
                        reference=(lambda: load(ref, vmlinux)) if ref else None)
    texts = [r.text.decode(errors="replace")
             for r in get_printk_records(prog)[-80:]]
    if not any("sysrq triggered crash" in t for t in texts):
        bad.append("the printk log does not end with the sysrq crash")
    tasks = sum(1 for _ in for_each_task(prog))
    caches, slabs = slab_walk(prog, bad)
    _, _, bm2 = kdump_bitmap.read_bitmaps(dump)
    runs = list(kdump_bitmap.runs(bm2))
    pages = struct_pages(prog, runs, bad)
    same = same_pages(dump, ref, runs, bad) if ref and not bad else None
    if bad:
        print("FAIL: " + "; ".join(bad[:3]))
        sys.exit(1)
    print("ok: pid %d %s crashed, %d tasks, printk ends with the panic, "
          "%d slab caches (%d partial slabs), struct pages of %d kept pfns%s"
          % (got[1], got[2], tasks, caches, slabs, pages,
             "" if same is None else ", %d pages = the reference's" % same))


main()
