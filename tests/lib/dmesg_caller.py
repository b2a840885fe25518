# SPDX-License-Identifier: GPL-2.0-or-later
"""The --dump-dmesg log of makedumpfile 1.7.5+ made from 1.7.2's and the
vmcore: read the 5.10+ printk ring of an ELF vmcore (tail to head, the
committed and finalized records that have text, as makedumpfile walks it),
check that the records of the 1.7.2 log (a full or --partial-dmesg log, so
the last N of the ring) have their time stamps in order, and insert each
record's caller-id column: "[%8s] " of T<pid>, or C<cpu> when bit 31 is set,
after the time stamp, continuation lines indented as much further.
    dmesg_caller.py VMCORE LOG-1.7.2 > LOG-1.7.5     (doc/compat-dmesg.md)"""
import struct, sys
sys.path.insert(0, __import__('os').path.dirname(__file__))
from vmcore_patch import Core

MASK = (1 << 62) - 1

def ring_records(c):
    g = c.prb(); td = g['rb'] + c.num('OFFSET(printk_ringbuffer.text_data_ring)')
    size = 1 << struct.unpack('<I', c.rd(td + c.num('OFFSET(prb_data_ring.size_bits)'), 4))[0]
    cnt = c.num('OFFSET(atomic_long_t.counter)')
    lpos = c.num('OFFSET(prb_desc.text_blk_lpos)')
    sv_off = c.num('OFFSET(prb_desc.state_var)') + cnt
    b_off = lpos + c.num('OFFSET(prb_data_blk_lpos.begin)')
    n_off = lpos + c.num('OFFSET(prb_data_blk_lpos.next)')
    descs = c.rd(g['descs'], g['count'] * g['dsz'])
    infos = c.rd(g['infos'], g['count'] * g['isz'])
    ts_off = c.num('OFFSET(printk_info.ts_nsec)'); cid_off = c.num('OFFSET(printk_info.caller_id)')
    tail = c.u64(g['tail'] + cnt) & MASK; head = c.u64(g['head'] + cnt) & MASK
    out = []; i = tail
    while True:
        slot = i % g['count']; d = slot * g['dsz']; inf = slot * g['isz']
        sv, = struct.unpack_from('<Q', descs, d + sv_off)
        begin, = struct.unpack_from('<Q', descs, d + b_off)
        nxt, = struct.unpack_from('<Q', descs, d + n_off)
        if sv & MASK == i and sv >> 62 in (1, 2) and begin % size != nxt % size:
            out.append((struct.unpack_from('<Q', infos, inf + ts_off)[0],
                        struct.unpack_from('<I', infos, inf + cid_off)[0]))
        if i == head: return out
        i = (i + 1) & MASK

def column(cid):
    who = ('C%u' if cid & 0x80000000 else 'T%u') % (cid & 0x7fffffff)
    return ('[%8s] ' % who).encode()

def main():
    recs = ring_records(Core(sys.argv[1], 'rb'))
    lines = open(sys.argv[2], 'rb').read().split(b'\n')
    n = sum(1 for l in lines if l.startswith(b'['))
    if n > len(recs): sys.exit('the log has %d records, the ring %d' % (n, len(recs)))
    recs = recs[len(recs) - n:]; k = -1; out = []; pad = b''
    for l in lines[:-1]:
        if l.startswith(b'['):
            k += 1; ts, cid = recs[k]
            pre = b'[%5d.%06d] ' % (ts // 10**9, ts % 10**9 // 1000)
            if not l.startswith(pre): sys.exit('record %d: %r is not %r' % (k, l[:15], pre))
            col = column(cid); pad = b' ' * len(col)
            out.append(pre + col + l[len(pre):])
        else:
            out.append(pad + l)
    sys.stdout.buffer.write(b''.join(l + b'\n' for l in out))

main()
