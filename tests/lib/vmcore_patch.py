# SPDX-License-Identifier: GPL-2.0-or-later
"""Patch a synthetic ELF vmcore in place, by kernel virtual address and
VMCOREINFO key: the dmesg e2e tests (4006, 4007) use it to corrupt the
printk ring or to replace it with a 3.5-5.9 log_buf."""
import struct, sys
class Core:
    def __init__(s, path, mode='r+b'):
        s.f = open(path, mode); d = s.f.read(64)
        phoff, = struct.unpack_from('<Q', d, 32); phnum, = struct.unpack_from('<H', d, 56)
        s.loads = []; s.note = None
        for i in range(phnum):
            s.f.seek(phoff + i * 56); p = s.f.read(56)
            t, fl, off, va, pa, fsz, msz, al = struct.unpack('<IIQQQQQQ', p)
            if t == 1: s.loads.append((va, off, fsz))
            if t == 4: s.note = (off, fsz)
        off, size = s.note; s.f.seek(off); nd = s.f.read(size); i = 0
        while i + 12 <= len(nd):
            nsz, dsz, typ = struct.unpack_from('<III', nd, i)
            name = nd[i + 12:i + 12 + nsz].rstrip(b'\0'); da = i + 12 + ((nsz + 3) & ~3)
            if name == b'VMCOREINFO': s.vi_off = off + da; s.vi_size = dsz
            i = da + ((dsz + 3) & ~3)
        s.f.seek(s.vi_off); s.vi = s.f.read(s.vi_size).split(b'\0')[0].decode()
    def key(s, k):
        for l in s.vi.splitlines():
            if l.startswith(k + '='): return l[len(k) + 1:]
    def sym(s, n): return int(s.key('SYMBOL(%s)' % n), 16)
    def num(s, k): return int(s.key(k))
    def off(s, va):
        for v, o, n in s.loads:
            if v <= va < v + n: return o + va - v
        raise SystemExit('unmapped 0x%x' % va)
    def rd(s, va, n): s.f.seek(s.off(va)); return s.f.read(n)
    def wr(s, va, b): s.f.seek(s.off(va)); s.f.write(b)
    def u64(s, va): return struct.unpack('<Q', s.rd(va, 8))[0]
    def w64(s, va, v): s.wr(va, struct.pack('<Q', v & (2**64 - 1)))
    def w32(s, va, v): s.wr(va, struct.pack('<I', v))
    def w16(s, va, v): s.wr(va, struct.pack('<H', v))
    def set_vmcoreinfo(s, text):
        b = text.encode(); assert len(b) <= s.vi_size, 'VMCOREINFO too long'
        s.f.seek(s.vi_off); s.f.write(b + b'\0' * (s.vi_size - len(b))); s.vi = text
    def prb(s):
        r = s.u64(s.sym('prb')); dr = r + s.num('OFFSET(printk_ringbuffer.desc_ring)')
        g = dict(rb=r, dr=dr, count=1 << struct.unpack('<I', s.rd(dr + s.num('OFFSET(prb_desc_ring.count_bits)'), 4))[0],
                 descs=s.u64(dr + s.num('OFFSET(prb_desc_ring.descs)')), infos=s.u64(dr + s.num('OFFSET(prb_desc_ring.infos)')),
                 head=dr + s.num('OFFSET(prb_desc_ring.head_id)'), tail=dr + s.num('OFFSET(prb_desc_ring.tail_id)'))
        g['dsz'] = s.num('SIZE(prb_desc)'); g['isz'] = s.num('SIZE(printk_info)')
        return g
