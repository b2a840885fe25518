#!/usr/bin/python3
"""drgn_classify.py [--compare DUMPFILE[,DUMPFILE...]] [--explain PFN[,PFN...]]
                    [--kernel-checks] [--self-check N]
                    VMCORE VMLINUX LEVEL[,LEVEL...]

Run it with /usr/bin/python3 (Debian's python3-drgn); exit 3 if drgn is
missing.

An independent oracle for sievedump's page filter.  It opens an ELF vmcore
with drgn and the kernel's debug vmlinux and decides, for every present pfn,
whether a dump at LEVEL keeps it, using drgn's knowledge of the kernel
(struct layouts, enum values and the page-flag/page-type semantics of the
kernel source), not VMCOREINFO and not sievedump's code.

LEVEL is a dump level 0-31; "2|4" style expressions are accepted, and a
comma list runs several levels on one load.  For each level the expected
kept set is printed as runs "0xFIRST-0xLAST" (inclusive; the format of
kdump_bitmap.py), followed by "# " lines with per-category counts.

--compare takes one kdump-compressed file per level (same order): instead
of printing runs, compare its 2nd bitmap with the expected set, print a
summary per level and, on a mismatch, the first differing pfns with their
struct page words, what drgn decided and why, and what the dump says.
Exit status 1 if any level differs.

--explain prints the decoded struct page of some pfns and exits.

--kernel-checks walks the buddy free lists and per-cpu lists of every zone
with drgn and requires them to match the PageBuddy marks and orders.
--self-check N re-derives every N-th pfn's facts (and all heads') through
drgn Objects and drgn.helpers.linux.mm (PageTail, PageHead, PageLRU,
PagePrivate, PageSwapBacked, PageOwnerPriv1, PageHWPoison, PageSlab,
compound_order where drgn 0.0.22 knows the kernel) and requires them to
match the fast bulk decoder.  struct pages are otherwise read in bulk from
the vmemmap with prog.read and decoded with offsets from drgn's types.

Rules (makedumpfile's order, doc/kernel-rules.md, "The order of the rules"); each test is the kernel's
own predicate, evaluated on the raw struct page words:

  present   pfn p with [p*4096, p*4096+4096) inside the file-backed part
            of a PT_LOAD of the vmcore (end rounded down, like
            makedumpfile's 1st bitmap in cyclic mode)
  tail      compound_head & 1 (PageTail): never judged on its own
  free      (16) PageBuddy: 2^page.private pages, from the buddy head
  cache     (2)  is_cache && !PG_private && !anon      -> 2^order pages
            (4)  is_cache && !anon (cache_private if PG_private)
            is_cache = PG_lru || (PG_swapcache && PG_swapbacked)
  user      (8)  anon || hugetlb                        -> 2^order pages
  hwpoison  (any level) PG_hwpoison                     -> 2^order pages
  offline   (any level) PageOffline                     -> 2^order pages

  anon      (mapping & PAGE_MAPPING_ANON) && !slab.  The kernel never asks
            PageAnon of a slab page: since 6.2 struct slab overlays
            page.mapping with slab fields (the "slabs" count), whose low bit
            may be set.  Following the kernel, such pages are slab, not user.
  slab      6.1: PG_slab in flags.  6.10+: page type (PGTY_slab on 6.12).
  page types 6.12+: the top byte of page_type equals PGTY_x (enum pagetype
            from DWARF).  Before 6.10: (page_type & (PAGE_TYPE_BASE|PG_x))
            == PAGE_TYPE_BASE with PAGE_TYPE_BASE 0xf0000000, PG_buddy 0x80,
            PG_offline 0x100 (include/linux/page-flags.h; these are macros,
            not in DWARF, and are checked against the kernel's own
            vmcoreinfo_data read from memory).
  order     PG_head set: 6.1 struct folio._folio_order (= page[1]
            .compound_order); 6.6+ folio._flags_1 & 0xff.  0 otherwise.
  hugetlb   6.1: folio._folio_dtor == HUGETLB_PAGE_DTOR; 6.9+: page type.

Zero pages are decided by content at copy time and stay in a kdump file's
2nd bitmap, so they are not excluded here.
"""
import argparse
import collections
import os
import signal
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kdump_bitmap  # noqa: E402

try:
    import drgn
    from drgn import FaultError, Program, offsetof, sizeof
    from drgn.helpers.linux.mm import pfn_to_page
except ImportError as e:  # the e2e test looks for this exit status
    sys.stderr.write("drgn_classify: cannot import drgn (%s); run with "
                     "/usr/bin/python3 and python3-drgn installed\n" % e)
    sys.exit(3)

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT

# Category codes (kept = 0).
KEPT, FREE, CACHE, CACHE_PRIV, USER, HWPOISON, OFFLINE = range(7)
CAT_NAME = ["kept", "free", "cache", "cache_private", "user", "hwpoison",
            "offline"]


def parse_level(s):
    v = 0
    for part in s.split("|"):
        v |= int(part, 0)
    if not 0 <= v <= 31:
        raise ValueError("dump level %s out of range 0-31" % s)
    return v


def pt_load_ranges(path):
    """Present pfn ranges [start, end) from the vmcore's PT_LOADs, merged."""
    with open(path, "rb") as f:
        eh = f.read(64)
        if eh[:4] != b"\x7fELF" or eh[4] != 2 or eh[5] != 1:
            raise ValueError("%s: not an ELF64 little-endian vmcore" % path)
        phoff, = struct.unpack_from("<Q", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
    rs = []
    for i in range(phnum):
        (p_type, _fl, _off, _va, paddr, filesz, _memsz,
         _al) = struct.unpack_from("<IIQQQQQQ", ph, i * phentsize)
        if p_type != 1 or paddr == (1 << 64) - 1:
            continue
        s, e = paddr >> PAGE_SHIFT, (paddr + filesz) >> PAGE_SHIFT
        if e > s:
            rs.append((s, e))
    rs.sort()
    merged = []
    for s, e in rs:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def vmcoreinfo_note(path):
    """Text of the VMCOREINFO ELF note of a vmcore ("" if none)."""
    with open(path, "rb") as f:
        eh = f.read(64)
        phoff, = struct.unpack_from("<Q", eh, 32)
        phentsize, phnum = struct.unpack_from("<HH", eh, 54)
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
        for i in range(phnum):
            p_type, _fl, off, _va, _pa, filesz = struct.unpack_from(
                "<IIQQQQ", ph, i * phentsize)
            if p_type != 4:
                continue
            f.seek(off)
            notes = f.read(filesz)
            pos = 0
            while pos + 12 <= len(notes):
                namesz, descsz, _ty = struct.unpack_from("<III", notes, pos)
                name = notes[pos + 12:pos + 12 + namesz].rstrip(b"\0")
                dpos = pos + 12 + ((namesz + 3) & ~3)
                if name == b"VMCOREINFO":
                    return notes[dpos:dpos + descsz].decode("ascii",
                                                            "replace")
                pos = dpos + ((descsz + 3) & ~3)
    return ""


class Kernel:
    """What drgn knows about this kernel's struct page."""

    def __init__(self, prog, vmcore):
        self.prog = prog
        self.vmcore = vmcore
        self.release = prog["init_uts_ns"].name.release.string_().decode()
        page = prog.type("struct page")
        folio = prog.type("struct folio")
        self.sz = sizeof(page)
        self.o_flags = offsetof(page, "flags")
        self.o_head = offsetof(page, "compound_head")
        self.o_mapping = offsetof(page, "mapping")
        self.o_private = offsetof(page, "private")
        self.o_type = offsetof(page, "_mapcount")
        assert self.o_type == offsetof(page, "page_type")
        for o in (self.o_flags, self.o_head, self.o_mapping, self.o_private):
            assert o % 8 == 0
        assert self.sz % 8 == 0 and self.o_type % 4 == 0

        def const(name):
            return prog.constant(name).value_()

        self.PG = {n: const("PG_" + n) for n in
                   ("lru", "private", "swapcache", "swapbacked", "hwpoison",
                    "head")}
        try:
            self.PG["slab"] = const("PG_slab")
        except LookupError:
            self.PG["slab"] = None          # 6.10+: slab is a page type

        # order and hugetlb of a folio (offsets from the head struct page)
        fnames = {m.name for m in folio.members if m.name}
        fnames |= {m.name for m in _members_deep(folio)}
        if "_folio_order" in fnames:
            self.order_how = ("u8", offsetof(folio, "_folio_order"))
        elif "_flags_1" in fnames:
            self.order_how = ("flags1", offsetof(folio, "_flags_1"))
        else:
            raise RuntimeError("cannot find the folio order field")
        self.huge_dtor = None
        if "_folio_dtor" in fnames:
            try:
                self.huge_dtor = (offsetof(folio, "_folio_dtor"),
                                  const("HUGETLB_PAGE_DTOR"))
            except LookupError:
                pass

        # page types
        self.pgty = None
        try:
            et = prog.type("enum pagetype")
            consts = {c.name: c.value for c in et.enumerators}
        except LookupError:
            consts = {}
        if "PGTY_buddy" in consts:               # 6.12+
            self.pgty = {k[5:]: v for k, v in consts.items()
                         if k.startswith("PGTY_")}
            self.type_scheme = "top byte of page_type == PGTY_x (enum " \
                "pagetype)"
        elif "PAGE_TYPE_BASE" in consts:         # 6.10/6.11 (untested)
            self.base = consts["PAGE_TYPE_BASE"]
            self.ptbits = {k[3:]: v for k, v in consts.items()
                           if k.startswith("PG_")}
            self.type_scheme = "page_type & (PAGE_TYPE_BASE|PG_x) == " \
                "PAGE_TYPE_BASE (enum pagetype)"
        else:                                    # <= 6.9: macros
            self.base = 0xF0000000
            self.ptbits = {"buddy": 0x80, "offline": 0x100, "table": 0x200,
                           "guard": 0x400}
            self.type_scheme = "page_type & (0xf0000000|PG_x) == " \
                "0xf0000000 (page-flags.h macros)"
        self.vmcoreinfo = self._vmcoreinfo()
        self.check_against_vmcoreinfo()

    def _vmcoreinfo(self):
        """The kernel's own VMCOREINFO text.  drgn 0.0.22 does not expose
        it and the kernel's vmcoreinfo_data page sits in the crashkernel
        area (not in the dump), so take the ELF note the kernel wrote."""
        d = {}
        for line in vmcoreinfo_note(self.vmcore).splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                d[k] = v
        return d

    def has_type(self, ptype, name):
        """Kernel predicate Page<name> on a raw 32-bit page_type."""
        if self.pgty is not None:
            v = self.pgty.get(name)
            return v is not None and (ptype >> 24) == v
        bit = self.ptbits.get(name)
        if bit is None:
            return False
        return (ptype & (self.base | bit)) == self.base

    def type_value(self, name):
        """The _mapcount value a fresh Page<name> has (for cross-checks)."""
        if self.pgty is not None:
            return self.pgty[name] << 24
        return ~self.ptbits[name] & 0xFFFFFFFF

    def check_against_vmcoreinfo(self):
        """Our page-type values must be the ones the kernel exported."""
        self.notes = []
        for name, key in (("buddy", "PAGE_BUDDY_MAPCOUNT_VALUE"),
                          ("offline", "PAGE_OFFLINE_MAPCOUNT_VALUE"),
                          ("slab", "PAGE_SLAB_MAPCOUNT_VALUE"),
                          ("hugetlb", "PAGE_HUGETLB_MAPCOUNT_VALUE")):
            k = "NUMBER(%s)" % key
            if k not in self.vmcoreinfo:
                continue
            got = int(self.vmcoreinfo[k], 0) & 0xFFFFFFFF
            try:
                want = self.type_value(name)
            except KeyError:
                raise RuntimeError("kernel exports %s but drgn's types "
                                   "have no %s page type" % (k, name))
            if got != want:
                raise RuntimeError("%s=%#x in the kernel's vmcoreinfo, but "
                                   "the type scheme gives %#x"
                                   % (k, got, want))
            self.notes.append("%s=%#x agrees" % (k, got))
        for n in ("lru", "private", "swapcache", "swapbacked", "hwpoison",
                  "slab"):
            k = "NUMBER(PG_%s)" % n
            if k in self.vmcoreinfo and self.PG[n] is not None:
                if int(self.vmcoreinfo[k], 0) != self.PG[n]:
                    raise RuntimeError("%s disagrees with DWARF" % k)


def _members_deep(t):
    """Names of all members, descending into anonymous structs/unions."""
    for m in t.members:
        if m.name:
            yield m
        else:
            mt = m.type
            while mt.kind == drgn.TypeKind.TYPEDEF:
                mt = mt.type
            if mt.kind in (drgn.TypeKind.STRUCT, drgn.TypeKind.UNION):
                yield from _members_deep(mt)


class Pages:
    """All struct pages of [0, npfn), read in bulk from the vmemmap."""

    CHUNK = 4096  # pages per read (256 KiB)

    def __init__(self, prog, k, npfn):
        self.k = k
        self.npfn = npfn
        base = pfn_to_page(prog, 0).value_()
        self.base = base
        buf = bytearray(npfn * k.sz + 4 * k.sz)  # slack: tail pages of last
        self.unreadable = []
        for p in range(0, npfn, self.CHUNK):
            n = min(self.CHUNK, npfn - p)
            try:
                buf[p * k.sz:(p + n) * k.sz] = prog.read(base + p * k.sz,
                                                         n * k.sz)
            except FaultError:
                for q in range(p, p + n):
                    try:
                        buf[q * k.sz:(q + 1) * k.sz] = prog.read(
                            base + q * k.sz, k.sz)
                    except FaultError:
                        self.unreadable.append(q)
        self.buf = buf
        self.w64 = memoryview(buf).cast("Q")
        self.w32 = memoryview(buf).cast("I")

    def words(self, pfn):
        n = self.k.sz // 8
        return list(self.w64[pfn * n:(pfn + 1) * n])


class Classifier:
    def __init__(self, prog, vmcore):
        self.prog = prog
        self.k = k = Kernel(prog, vmcore)
        self.ranges = pt_load_ranges(vmcore)
        self.npfn = self.ranges[-1][1]
        t = time.time()
        self.pages = Pages(prog, k, self.npfn)
        self.t_read = time.time() - t
        t = time.time()
        self._features()
        self.t_decode = time.time() - t

    def _features(self):
        """Per-pfn facts, independent of the dump level."""
        k, P = self.k, self.pages
        npfn = self.npfn
        w64, w32 = P.w64, P.w32
        st = k.sz // 8
        of, oh, om, op = (k.o_flags // 8, k.o_head // 8, k.o_mapping // 8,
                          k.o_private // 8)
        ot = k.o_type // 4
        st32 = k.sz // 4
        bit = lambda n: 1 << n  # noqa: E731
        m_lru, m_priv = bit(k.PG["lru"]), bit(k.PG["private"])
        m_swc, m_swb = bit(k.PG["swapcache"]), bit(k.PG["swapbacked"])
        m_hwp, m_head = bit(k.PG["hwpoison"]), bit(k.PG["head"])
        m_slab = bit(k.PG["slab"]) if k.PG["slab"] is not None else 0
        oh_kind, oh_off = k.order_how
        buf = P.buf
        present = bytearray(npfn)
        for s, e in self.ranges:
            present[s:e] = b"\x01" * (e - s)
        for q in P.unreadable:
            if present[q]:
                raise RuntimeError("struct page of present pfn %#x is "
                                   "unreadable" % q)
        self.present = present
        # feature codes per pfn
        TAIL, BUDDY, ANON, HUGE, CACHEF, PRIV, HWP, OFFL, SLAB = \
            (1, 2, 4, 8, 16, 32, 64, 128, 256)
        self.F = dict(TAIL=TAIL, BUDDY=BUDDY, ANON=ANON, HUGE=HUGE,
                      CACHE=CACHEF, PRIV=PRIV, HWP=HWP, OFFL=OFFL, SLAB=SLAB)
        feat = [0] * npfn
        order = bytearray(npfn)   # compound order (heads) or buddy order
        self.anomalies = []
        self.mdf_buddy_disagree = []
        self.stats = stats = collections.Counter()
        m_waiters = bit(k.prog.constant("PG_waiters").value_())
        has_type = k.has_type
        pgty = k.pgty
        if pgty is not None:
            ty_buddy, ty_slab = pgty["buddy"], pgty["slab"]
            ty_huge, ty_off = pgty.get("hugetlb"), pgty["offline"]
        buddy_val = k.type_value("buddy")
        max_order = None
        try:
            max_order = len(self.prog["contig_page_data"].node_zones[0]
                            .free_area)
        except (LookupError, AttributeError):
            try:
                z = self.prog.type("struct zone")
                max_order = z.member("free_area").type.length
            except LookupError:
                pass
        for pfn in range(npfn):
            if not present[pfn]:
                continue
            i = pfn * st
            head = w64[i + oh]
            if head & 1:
                feat[pfn] = TAIL
                continue
            flags = w64[i + of]
            mapping = w64[i + om]
            ptype = w32[pfn * st32 + ot]
            f = 0
            if pgty is not None:
                top = ptype >> 24
                slab = top == ty_slab
                buddy = top == ty_buddy
                offl = top == ty_off
                huge_t = ty_huge is not None and top == ty_huge
            else:
                slab = bool(flags & m_slab)
                buddy = has_type(ptype, "buddy")
                offl = has_type(ptype, "offline")
                huge_t = False
            if slab:
                f |= SLAB
            if buddy:
                f |= BUDDY
                o = w64[i + op]
                if max_order is not None and o >= max_order:
                    self.anomalies.append("pfn %#x: PageBuddy with order "
                                          "%d >= %d" % (pfn, o, max_order))
                    o = 0
                order[pfn] = o
            # makedumpfile's buddy test: exact _mapcount value, !slab
            if (ptype == buddy_val and not slab) != buddy:
                self.mdf_buddy_disagree.append(pfn)
            if flags & m_lru or (flags & m_swc and flags & m_swb):
                f |= CACHEF
            if flags & m_priv:
                f |= PRIV
            if mapping & 1:
                if slab:
                    # struct slab overlays mapping: not anon (kernel)
                    self.stats["slab_mapping_bit0"] += 1
                else:
                    f |= ANON
                    if ptype >> 24 in (0xF0, 0xF1, 0xF2, 0xF3, 0xF6) and \
                            pgty is not None:
                        self.anomalies.append(
                            "pfn %#x: mapping&1 on a typed page %#x"
                            % (pfn, ptype))
            if flags & m_hwp:
                f |= HWP
            if offl:
                f |= OFFL
            if flags & m_head and not buddy:
                if oh_kind == "u8":
                    o = buf[pfn * k.sz + oh_off]
                else:
                    o = buf[pfn * k.sz + oh_off] & 0xFF  # _flags_1 low byte
                if o >= 64 or pfn & ((1 << o) - 1):
                    self.anomalies.append("pfn %#x: head with bad order %d"
                                          % (pfn, o))
                    o = 0
                order[pfn] = o
                if k.huge_dtor is not None:
                    doff, dval = k.huge_dtor
                    if buf[pfn * k.sz + doff] == dval:
                        f |= HUGE
            if huge_t:
                f |= HUGE
            feat[pfn] = f
            if f & SLAB:
                stats["slab"] += 1
            if flags & m_head:
                stats["compound_heads"] += 1
                if f & ANON:
                    stats["anon_heads_order%d" % order[pfn]] += 1
                elif f & CACHEF:
                    stats["cache_heads_order%d" % order[pfn]] += 1
            if f & HUGE:
                stats["hugetlb_heads"] += 1
            if f & (ANON | BUDDY) and flags & m_waiters:
                stats["anon_or_buddy_with_PG_waiters"] += 1
            if pgty is not None and ptype >> 24 >= 0xF0 and \
                    ptype >> 24 != 0xFF:
                stats["type_%#x" % (ptype >> 24)] += 1
        self.feat = feat
        self.order = order

    def decide(self, level):
        """Return (category per pfn as bytearray, owner dict, counts)."""
        F = self.F
        TAIL, BUDDY, ANON, HUGE, CACHEF, PRIV, HWP, OFFL = (
            F["TAIL"], F["BUDDY"], F["ANON"], F["HUGE"], F["CACHE"],
            F["PRIV"], F["HWP"], F["OFFL"])
        feat, order, present = self.feat, self.order, self.present
        npfn = self.npfn
        cat = bytearray(npfn)
        owner = {}   # first pfn of a multi-page exclusion -> (head, nr)
        d_free, d_c2, d_c4, d_user = (level & 16, level & 2, level & 4,
                                      level & 8)
        pfn = 0
        while pfn < npfn:
            if not present[pfn]:
                pfn += 1
                continue
            f = feat[pfn]
            if f & TAIL:
                pfn += 1
                continue
            c = KEPT
            if d_free and f & BUDDY:
                c = FREE
            elif d_c2 and f & CACHEF and not f & PRIV and not f & ANON:
                c = CACHE
            elif d_c4 and f & CACHEF and not f & ANON:
                c = CACHE_PRIV if f & PRIV else CACHE
            elif d_user and (f & ANON or f & HUGE):
                c = USER
            elif f & HWP:
                c = HWPOISON
            elif f & OFFL:
                c = OFFLINE
            if c == KEPT:
                pfn += 1
                continue
            nr = 1 << order[pfn]
            end = min(pfn + nr, npfn)
            for q in range(pfn, end):
                if present[q]:
                    cat[q] = c
            if nr > 1:
                owner[pfn] = nr
            pfn = end
        counts = [0] * len(CAT_NAME)
        for c in range(1, len(CAT_NAME)):
            counts[c] = cat.count(c)
        counts[KEPT] = sum(e - s for s, e in self.ranges) - sum(counts[1:])
        return cat, owner, counts

    def kept_runs(self, cat):
        for s, e in self.ranges:
            start = None
            for p in range(s, e):
                if cat[p] == KEPT:
                    if start is None:
                        start = p
                elif start is not None:
                    yield start, p - 1
                    start = None
            if start is not None:
                yield start, e - 1

    def head_of(self, pfn, owner):
        """The pfn whose decision covers pfn (itself, a compound head or the
        head of a buddy block), found by walking back."""
        F = self.F
        for h in range(pfn, max(pfn - 1024, -1), -1):
            nr = owner.get(h)
            if nr and h + nr > pfn:
                return h
        q = pfn
        while q > 0 and self.feat[q] & F["TAIL"]:
            q -= 1
        return q

    def describe(self, pfn):
        k, P = self.k, self.pages
        w = P.words(pfn)
        flags = w[k.o_flags // 8]
        ptype = P.w32[pfn * (k.sz // 4) + k.o_type // 4]
        names = [n for n in ("lru", "private", "swapcache", "swapbacked",
                             "hwpoison", "head", "slab")
                 if k.PG.get(n) is not None and flags >> k.PG[n] & 1]
        f = self.feat[pfn]
        fn = [n.lower() for n, v in self.F.items() if f & v]
        return ("pfn %#x page@%#x words %s\n      flags=%#x [%s] "
                "compound_head=%#x mapping=%#x private=%#x "
                "page_type/_mapcount=%#x; drgn: %s order %d"
                % (pfn, P.base + pfn * k.sz, " ".join("%016x" % x for x in w),
                   flags, ",".join(names), w[k.o_head // 8],
                   w[k.o_mapping // 8], w[k.o_private // 8], ptype,
                   ",".join(fn) or "plain", self.order[pfn]))


def self_check(prog, cl, step, out):
    """Re-derive the features of every step-th present pfn, and of every
    head page, through drgn Objects and drgn's mm helpers (PageTail,
    PageHead, PageLRU, PagePrivate, PageSwapBacked, PageOwnerPriv1 (=
    PG_swapcache), PageHWPoison, PageSlab and compound_order where drgn
    0.0.22 supports the kernel) instead of the bulk decoder."""
    from drgn import cast
    from drgn.helpers.linux import mm
    t = time.time()
    k, F = cl.k, cl.F
    pgty = k.pgty
    sample = [p for p in range(cl.npfn) if cl.present[p] and
              (p % step == 0 or cl.order[p] or
               (cl.feat[p] & (F["BUDDY"] | F["SLAB"] | F["HUGE"]) and
                p % 8 == 0))]
    bad = []
    for pfn in sample:
        page = mm.pfn_to_page(prog, pfn)
        f = cl.feat[pfn]
        tail = mm.PageTail(page)
        if tail != bool(f & F["TAIL"]):
            bad.append((pfn, "tail", tail))
        if tail:
            continue
        ptype = page.page_type.value_()
        mapping = page.mapping.value_()
        if pgty is not None:
            slab = ptype >> 24 == prog["PGTY_slab"].value_()
            buddy = ptype >> 24 == prog["PGTY_buddy"].value_()
            offl = ptype >> 24 == prog["PGTY_offline"].value_()
            huge = ptype >> 24 == prog["PGTY_hugetlb"].value_()
        else:
            slab = mm.PageSlab(page)
            buddy = ptype & 0xF0000080 == 0xF0000000
            offl = ptype & 0xF0000100 == 0xF0000000
            huge = False
        head = mm.PageHead(page)
        order = 0
        if head:
            folio = cast("struct folio *", page)
            if k.order_how[0] == "u8":
                order = mm.compound_order(page).value_()
                assert order == folio._folio_order.value_()
                huge = folio._folio_dtor.value_() == \
                    prog["HUGETLB_PAGE_DTOR"].value_()
            else:
                order = folio._flags_1.value_() & 0xFF
        if buddy:
            order = page.private.value_()
        got = {
            "cache": mm.PageLRU(page) or (mm.PageOwnerPriv1(page) and
                                          mm.PageSwapBacked(page)),
            "priv": mm.PagePrivate(page),
            "hwp": mm.PageHWPoison(page),
            "slab": slab, "buddy": buddy, "offl": offl, "huge": huge,
            "anon": bool(mapping & 1) and not slab,
            "order": order,
        }
        want = {
            "cache": bool(f & F["CACHE"]), "priv": bool(f & F["PRIV"]),
            "hwp": bool(f & F["HWP"]), "slab": bool(f & F["SLAB"]),
            "buddy": bool(f & F["BUDDY"]), "offl": bool(f & F["OFFL"]),
            "huge": bool(f & F["HUGE"]), "anon": bool(f & F["ANON"]),
            "order": cl.order[pfn],
        }
        for key in got:
            if bool(got[key]) != bool(want[key]) if key != "order" \
                    else got[key] != want[key]:
                bad.append((pfn, key, got[key]))
    out.write("# self-check: %d pfns re-read with drgn objects/helpers, %d "
              "disagreements with the bulk decoder; %.2fs\n"
              % (len(sample), len(bad), time.time() - t))
    for pfn, key, v in bad[:10]:
        out.write("# self-check: pfn %#x %s: helpers say %r\n"
                  % (pfn, key, v))
    return not bad


def kernel_checks(prog, cl, out):
    """Cross-check the struct-page view with the allocator's own lists:
    the buddy free lists must hold exactly the PageBuddy heads with their
    orders, and the per-cpu lists hold free pages that are not PageBuddy
    (makedumpfile's rules keep them, and so does this oracle)."""
    from drgn.helpers.linux.cpumask import for_each_possible_cpu
    from drgn.helpers.linux.list import list_for_each_entry
    from drgn.helpers.linux.mm import page_to_pfn
    from drgn.helpers.linux.nodemask import for_each_online_node
    from drgn.helpers.linux.percpu import per_cpu_ptr
    t = time.time()
    B = cl.F["BUDDY"]
    want = {p: cl.order[p] for p in range(cl.npfn)
            if cl.present[p] and cl.feat[p] & B}
    lists = {}
    pcp = set()
    nr_free = 0
    try:
        nid_list = list(for_each_online_node(prog))
    except LookupError:
        nid_list = [0]
    for nid in nid_list:
        try:
            pgdat = prog["node_data"][nid]
        except KeyError:
            pgdat = prog["contig_page_data"].address_of_()
        for zi in range(pgdat.nr_zones.value_()):
            zone = pgdat.node_zones[zi]
            if not zone.spanned_pages:
                continue
            nr_free += zone.vm_stat[prog["NR_FREE_PAGES"]].counter.value_()
            for order in range(len(zone.free_area)):
                fa = zone.free_area[order]
                for mt in range(len(fa.free_list)):
                    for page in list_for_each_entry(
                            "struct page", fa.free_list[mt].address_of_(),
                            "buddy_list"):
                        pfn = page_to_pfn(page).value_()
                        if pfn in lists:
                            raise RuntimeError("pfn %#x twice on the free "
                                               "lists" % pfn)
                        lists[pfn] = order
            for cpu in for_each_possible_cpu(prog):
                pcpp = per_cpu_ptr(zone.per_cpu_pageset, cpu)
                for li in range(len(pcpp.lists)):
                    for page in list_for_each_entry(
                            "struct page", pcpp.lists[li].address_of_(),
                            "pcp_list"):
                        pcp.add(page_to_pfn(page).value_())
    out.write("# kernel check: %d blocks / %d pages on the buddy free lists "
              "(zone NR_FREE_PAGES sum %d); %d PageBuddy heads / %d pages "
              "in struct pages\n"
              % (len(lists), sum(1 << o for o in lists.values()), nr_free,
                 len(want), sum(1 << o for o in want.values())))
    ok = True
    if lists != want:
        ok = False
        only_l = sorted(set(lists) - set(want))
        only_p = sorted(set(want) - set(lists))
        bad_o = sorted(p for p in set(lists) & set(want)
                       if lists[p] != want[p])
        out.write("# kernel check: MISMATCH free lists vs PageBuddy: only "
                  "on lists %s, only PageBuddy %s, order differs %s\n"
                  % ([hex(p) for p in only_l[:5]],
                     [hex(p) for p in only_p[:5]],
                     [hex(p) for p in bad_o[:5]]))
    else:
        out.write("# kernel check: free lists == PageBuddy heads and "
                  "orders\n")
    cat31, _, _ = cl.decide(31)
    kept_pcp = sum(1 for p in pcp if p < cl.npfn and cat31[p] == KEPT)
    out.write("# kernel check: %d pages on per-cpu free lists, %d of them "
              "kept at level 31 (free, but not PageBuddy); %.2fs\n"
              % (len(pcp), kept_pcp, time.time() - t))
    return ok


def main(argv):
    ap = argparse.ArgumentParser(
        description="Expected kept pfns of a dump level, from drgn.")
    ap.add_argument("vmcore")
    ap.add_argument("vmlinux")
    ap.add_argument("level", help='e.g. 31, "2|4", or "31,1,8"')
    ap.add_argument("--compare", help="kdump file(s), one per level, "
                    "comma-separated")
    ap.add_argument("--explain", help="pfn list: describe and exit")
    ap.add_argument("--kernel-checks", action="store_true",
                    help="also compare PageBuddy with the free lists")
    ap.add_argument("--self-check", type=int, metavar="N", default=0,
                    help="re-check every N-th pfn and all heads with drgn "
                    "objects and helpers")
    ap.add_argument("--max-diff", type=int, default=10,
                    help="differing pfns to describe per level")
    a = ap.parse_args(argv[1:])
    levels = [parse_level(x) for x in a.level.split(",")]
    dumps = a.compare.split(",") if a.compare else None
    if dumps is not None and len(dumps) != len(levels):
        ap.error("--compare needs one dump file per level")

    t0 = time.time()
    prog = Program()
    prog.set_core_dump(a.vmcore)
    prog.load_debug_info([a.vmlinux])
    t_load = time.time() - t0
    cl = Classifier(prog, a.vmcore)
    k = cl.k
    out = sys.stdout
    out.write("# kernel %s; struct page %d bytes; page types: %s\n"
              % (k.release, k.sz, k.type_scheme))
    for n in k.notes:
        out.write("# vmcoreinfo %s\n" % n)
    out.write("# present pfns %d in %d ranges (%s); drgn load %.2fs, "
              "vmemmap read %.2fs, decode %.2fs\n"
              % (sum(e - s for s, e in cl.ranges), len(cl.ranges),
                 " ".join("%#x-%#x" % (s, e - 1) for s, e in cl.ranges),
                 t_load, cl.t_read, cl.t_decode))
    for an in cl.anomalies[:20]:
        out.write("# anomaly: %s\n" % an)
    out.write("# features: %s\n" % " ".join(
        "%s=%d" % kv for kv in sorted(cl.stats.items())))
    if cl.mdf_buddy_disagree:
        out.write("# %d pfns where makedumpfile's exact buddy test differs "
                  "from PageBuddy, first %#x\n"
                  % (len(cl.mdf_buddy_disagree), cl.mdf_buddy_disagree[0]))
    status = 0
    if a.kernel_checks and not kernel_checks(prog, cl, out):
        status = 1
    if a.self_check and not self_check(prog, cl, a.self_check, out):
        status = 1
    if a.explain:
        for p in a.explain.split(","):
            out.write(cl.describe(int(p, 0)) + "\n")
        return 0

    for li, level in enumerate(levels):
        cat, owner, counts = cl.decide(level)
        if dumps is None:
            out.write("# level %d\n" % level)
            out.write("".join("0x%x-0x%x\n" % r for r in cl.kept_runs(cat)))
        out.write("# level %d counts: %s\n" % (level, " ".join(
            "%s=%d" % (CAT_NAME[c], counts[c]) for c in range(1, 7))))
        out.write("# level %d kept %d\n" % (level, counts[KEPT]))
        if dumps is None:
            continue
        max_mapnr, kept = kdump_bitmap.kept_set(dumps[li])
        n = max(max_mapnr, cl.npfn)
        diffs = []
        dump_kept = 0
        for p in range(n):
            want = p < cl.npfn and cl.present[p] and cat[p] == KEPT
            got = p < max_mapnr and kept[p] == 1
            dump_kept += got
            if want != got:
                diffs.append(p)
        if not diffs:
            out.write("level %d: OK, dump %s keeps the same %d pfns\n"
                      % (level, os.path.basename(dumps[li]), dump_kept))
            continue
        status = 1
        only_drgn = sum(1 for p in diffs if not (p < max_mapnr and kept[p]))
        out.write("level %d: MISMATCH, drgn keeps %d, dump keeps %d; %d "
                  "pfns differ (%d kept only by drgn, %d only by the "
                  "dump)\n" % (level, counts[KEPT], dump_kept, len(diffs),
                               only_drgn, len(diffs) - only_drgn))
        for p in diffs[:a.max_diff]:
            dk = "kept" if p < max_mapnr and kept[p] else "excluded"
            if p >= cl.npfn or not cl.present[p]:
                out.write("  pfn %#x: not present in the vmcore; dump: %s\n"
                          % (p, dk))
                continue
            out.write("  pfn %#x: drgn: %s, dump: %s\n"
                      % (p, CAT_NAME[cat[p]], dk))
            out.write("    " + cl.describe(p) + "\n")
            h = cl.head_of(p, owner)
            if h != p:
                out.write("    decided by pfn %#x:\n      %s\n"
                          % (h, cl.describe(h)))
    return status


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv))
