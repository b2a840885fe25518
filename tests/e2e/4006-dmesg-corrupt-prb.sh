#!/bin/sh
# A corrupt 5.10+ printk ring (facts 8.1) in a synthetic 6.1 vmcore, patched
# in place: skipped and truncated records give makedumpfile 1.7.2's bytes;
# a head/tail id range wider than the ring (makedumpfile would step through
# up to 2^62 ids) ends at once with the records in id order and a warning;
# unreadable rings and impossible sizes fail with the vmcore and the virtual
# address named, and no log file is left behind.
. "$SRCDIR/tests/lib/e2e.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

"$SDGEN" -e 'flavour=6.1;mem=128M;seed=11' "$TMP/orig" || fail "sdgen"
cat >"$TMP/core.py" <<'PY'
# vmcore patch helper for the dmesg e2e tests (embedded copy lives in the scripts)
import struct, sys
class Core:
    def __init__(s, path):
        s.f = open(path, 'r+b'); d = s.f.read(64)
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
PY

# patch EXPR: apply python to a fresh copy $TMP/core (c = Core, g = prb info,
# rec(i) = (desc, info) addresses of the i-th record after tail_id)
patch() {
	cp "$TMP/orig" "$TMP/core"
	python3 - "$TMP/core" "$1" <<'PY' || fail "patch: $1"
import sys
exec(open(sys.argv[1].rsplit('/', 1)[0] + '/core.py').read())
c = Core(sys.argv[1]); g = c.prb(); M = (1 << 62) - 1
tail = c.u64(g['tail'])
def rec(i):
    slot = ((tail + i) & M) % g['count']
    return g['descs'] + slot * g['dsz'], g['infos'] + slot * g['isz']
exec(sys.argv[2])
PY
}

same_as_makedumpfile() {
	rm -f "$TMP/s" "$TMP/m"
	expect_rc 0 "$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/s" || return
	[ -n "${2:-}" ] && { grep -q "$2" "$TMP/s" && fail "$1: '$2' still printed"; }
	if have_makedumpfile; then
		makedumpfile --dump-dmesg "$TMP/core" "$TMP/m" >/dev/null 2>&1 ||
			fail "$1: makedumpfile failed"
		cmp "$TMP/s" "$TMP/m" >&2 && pass "$1: same as makedumpfile 1.7.2" ||
			fail "$1: differs from makedumpfile"
	else
		pass "$1"
	fi
}

patch 'd, i = rec(3); c.w64(d, (tail + 3) & M)'	# state reserved
same_as_makedumpfile "reserved descriptor skipped" "XSAVE feature"
patch 'd, i = rec(4); c.w64(d, (3 << 62) | ((tail + 4) & M))'	# reusable
same_as_makedumpfile "reusable descriptor skipped" "Memory: "
patch 'd, i = rec(5); c.w64(d, (2 << 62) | ((tail + 5 + g["count"]) & M))'
same_as_makedumpfile "descriptor of another lap skipped" "synthetic machine"
patch 'd, i = rec(2); c.w16(i + c.num("OFFSET(printk_info.text_len)"), 60000)'
same_as_makedumpfile "text_len cut to the data block"
patch 'd, i = rec(1); b = c.u64(d + 8); n = c.u64(d + 16); c.w64(d + 8, n); c.w64(d + 16, b)'
same_as_makedumpfile "swapped block positions"
patch 'd, i = rec(0); c.w64(d + 8, 3); c.w64(d + 16, 3)'
same_as_makedumpfile "data-less descriptor skipped" "Linux version"

# head - tail far beyond the ring: bounded, same records, a warning
cp "$TMP/orig" "$TMP/core"
"$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/want" >/dev/null 2>&1 || fail "clean run"
patch 'c.w64(g["head"], (c.u64(g["head"]) + (1 << 40)) & M)'
rm -f "$TMP/s"
if timeout 60 "$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/s" >"$TMP/out" 2>"$TMP/err"; then
	cmp -s "$TMP/s" "$TMP/want" && pass "huge id range: bounded, all records in id order" ||
		fail "huge id range: different records"
	expect_grep "$TMP/err" "most likely corrupted"
else
	fail "huge id range: exit $? (timeout is 124)"
fi

# unreadable descriptor array: error names the vmcore and the address
patch 'c.w64(g["dr"] + c.num("OFFSET(prb_desc_ring.descs)"), 0xffffffffff000000)'
rm -f "$TMP/s"
expect_rc 1 "$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/s" &&
	expect_grep "$TMP/err" "$TMP/core: reading prb.desc_ring.descs" &&
	expect_grep "$TMP/err" "at virtual 0xffffffffff000000"
[ -e "$TMP/s" ] && fail "unreadable ring: a log file was created"

patch 'c.w32(g["dr"] + c.num("OFFSET(prb_desc_ring.count_bits)"), 40)'
expect_rc 1 "$SIEVEDUMP" --dump-dmesg "$TMP/core" "$TMP/s" &&
	expect_grep "$TMP/err" "count_bits 40" &&
	expect_grep "$TMP/err" "the printk ring buffer is corrupted" &&
	pass "impossible count_bits refused"
finish
