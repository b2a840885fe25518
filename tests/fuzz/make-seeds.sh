#!/bin/sh
# Regenerate the seed corpora of tests/fuzz/corpus from real structures:
# the VMCOREINFO texts of tests/data, synthetic vmcores of tests/gen/sdgen
# (6.1 and 6.12 flavours, x86_64 and arm64), sievedump's own flattened output,
# the fake vmlinux of tests/data/debuginfo (needs gcc), and printk
# rings laid out as Debian's 6.12 / 5.x kernels lay them out.  Every seed
# is < 64 KiB.  Run from a built tree:  tests/fuzz/make-seeds.sh
# (crash inputs kept as regression files are not touched).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
c=$top/tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$c/vmcoreinfo" "$c/read-elf" "$c/flat" "$c/dmesg" "$c/classify"

"$top/tests/gen/sdgen" -e 'mem=64M;flavour=6.12' "$tmp/612.vmcore" >/dev/null
"$top/tests/gen/sdgen" -e 'mem=64M;flavour=6.1' "$tmp/61.vmcore" >/dev/null
"$top/tests/gen/sdgen" --vmcoreinfo "$tmp/g.txt" -e 'mem=64M;flavour=6.12' \
	"$tmp/g.vmcore" >/dev/null
"$top/tests/gen/sdgen" -e 'arch=arm64;mem=64M;flavour=6.1' "$tmp/a61.vmcore" >/dev/null
"$top/tests/gen/sdgen" -e 'arch=arm64;mem=96M;flavour=6.12;va=52' \
	"$tmp/a612.vmcore" >/dev/null
"$top/tests/gen/sdgen" -e 'arch=arm64;mem=128M;flavour=6.12;pagesize=65536;va=52' \
	"$tmp/a612-64k.vmcore" >/dev/null
"$top/sievedump" -d 31 "$tmp/a61.vmcore" "$tmp/a.kdump" >/dev/null 2>&1
"$top/sievedump" -F -c -d 31 "$tmp/612.vmcore" > "$tmp/c.flat" 2>/dev/null
"$top/sievedump" -F -d 31 "$tmp/61.vmcore" > "$tmp/p.flat" 2>/dev/null
"$top/sievedump" -d 31 "$tmp/612.vmcore" "$tmp/k.kdump" >/dev/null 2>&1
"$top/sievedump" -c -d 31 "$tmp/612.vmcore" "$tmp/kc.kdump" >/dev/null 2>&1
mkdir -p "$c/read-kdump"
head -c 65535 "$tmp/k.kdump" > "$c/read-kdump/sdgen-6.12-d31-head.kdump"
head -c 65535 "$tmp/kc.kdump" > "$c/read-kdump/sdgen-6.12-c-d31-head.kdump"
head -c 8192 "$tmp/kc.kdump" > "$c/read-kdump/sdgen-6.12-c-hdrs.kdump"
head -c 65535 "$tmp/a.kdump" > "$c/read-kdump/sdgen-arm64-6.1-d31-head.kdump"

python3 - "$top" "$c" "$tmp" <<'PY'
import struct, sys
top, c, tmp = sys.argv[1:]

def w(path, data):
    assert len(data) < 65536, path
    open(f"{c}/{path}", "wb").write(data)

def rd(path):
    return open(path, "rb").read()

def phdrs(core):
    phoff, = struct.unpack_from("<Q", core, 32)
    phnum, = struct.unpack_from("<H", core, 56)
    return [struct.unpack_from("<IIQQQQQQ", core, phoff + 56 * i)
            for i in range(phnum)]

def vmcoreinfo_note(core):
    for t, _, off, _, _, filesz, _, _ in phdrs(core):
        if t != 4:
            continue
        pos = off
        while pos + 12 <= off + filesz:
            nsz, dsz, typ = struct.unpack_from("<III", core, pos)
            name = core[pos + 12:pos + 12 + nsz]
            d = pos + 12 + (nsz + 3) // 4 * 4
            if name.rstrip(b"\0") == b"VMCOREINFO":
                return core[d:d + dsz]
            pos = d + (dsz + 3) // 4 * 4
    raise SystemExit("no VMCOREINFO note")

def phys(core, pa, n):
    for t, _, off, _, paddr, filesz, _, _ in phdrs(core):
        if t == 1 and paddr <= pa and pa + n <= paddr + filesz:
            return core[off + pa - paddr:off + pa - paddr + n]
    raise SystemExit(f"paddr {pa:#x} not in a PT_LOAD")

# ---- vmcoreinfo: the texts as the kernel and makedumpfile -g write them
for v in ("6.1", "6.12"):
    w(f"vmcoreinfo/debian-{v}.txt", rd(f"{top}/tests/data/vmcoreinfo/debian-{v}.txt"))
h612 = rd(f"{tmp}/612.vmcore")[:1 << 20]
h61 = rd(f"{tmp}/61.vmcore")[:1 << 20]
w("vmcoreinfo/note-sdgen-6.12.bin", vmcoreinfo_note(h612))
w("vmcoreinfo/note-sdgen-6.1.bin", vmcoreinfo_note(h61))
w("vmcoreinfo/file-sdgen-g-6.12.txt", rd(f"{tmp}/g.txt"))
# arm64: the real texts and sdgen's notes (4 KiB/48 bits, 4 KiB/52 LPA2)
for v in ("6.1", "6.12"):
    w(f"vmcoreinfo/debian-{v}-arm64.txt",
      rd(f"{top}/tests/data/vmcoreinfo/debian-{v}-arm64.txt"))
a61 = rd(f"{tmp}/a61.vmcore")[:1 << 20]
a612 = rd(f"{tmp}/a612.vmcore")[:1 << 20]
a64k = rd(f"{tmp}/a612-64k.vmcore")[:1 << 20]
w("vmcoreinfo/note-sdgen-arm64-6.1.bin", vmcoreinfo_note(a61))
w("vmcoreinfo/note-sdgen-arm64-6.12-lpa2.bin", vmcoreinfo_note(a612))

# ---- read-elf: vmcore heads (ELF header, phdrs, notes, first data)
w("read-elf/sdgen-6.12-head.core", h612[:65535])
w("read-elf/sdgen-6.1-head.core", h61[:65535])
w("read-elf/sdgen-6.12-hdrs.core", h612[:4096])
w("read-elf/sdgen-arm64-6.1-head.core", a61[:65535])
w("read-elf/sdgen-arm64-6.12-64k-hdrs.core", a64k[:4096])

# ---- flat: whole streams cut to a few records, then the end marker
def cut_flat(s, limit):
    out, pos = bytearray(s[:4096]), 4096
    while True:
        off, size = struct.unpack_from(">qq", s, pos)
        if off < 0 or len(out) + 16 + size + 16 > limit:
            break
        out += s[pos:pos + 16 + size]
        pos += 16 + size
    return bytes(out + struct.pack(">qq", -1, -1))
cf, pf = rd(f"{tmp}/c.flat"), rd(f"{tmp}/p.flat")
w("flat/sdgen-6.12-c-d31.flat", cut_flat(cf, 60000))
w("flat/sdgen-6.1-d31.flat", cut_flat(pf, 40000))
w("flat/header-only.flat", cut_flat(cf, 4096 + 16 + 464 + 16))
w("flat/truncated.flat", cf[:9000])

# ---- dmesg: printk rings as Debian 6.12 (prb) and 5.x (printk_log) have them
def prb_seed(bits_count, bits_data, texts, tail, states=None, wrap=False):
    count, dsize = 1 << bits_count, 1 << bits_data
    desc_size, info_size = 24, 88
    descs = bytearray(count * desc_size)
    infos = bytearray(count * info_size)
    data = bytearray(dsize)
    lpos = 0
    for k, t in enumerate(texts):
        rid = tail + k
        slot = rid % count
        need = 8 + (len(t) + 7) // 8 * 8
        if wrap and k == len(texts) - 1:
            lpos = (lpos // dsize + 1) * dsize   # a block wrapped to 0
        begin = lpos
        data[begin % dsize:begin % dsize + 8] = struct.pack("<Q", rid)
        data[begin % dsize + 8:begin % dsize + 8 + len(t)] = t
        nxt = begin + need
        st = (states[k] if states else 2) << 62
        struct.pack_into("<QQQ", descs, slot * desc_size, st | rid, begin, nxt)
        struct.pack_into("<QQH", infos, slot * info_size, rid,
                         1000000 * (k + 1) + 123, len(t))
        lpos = nxt
    head = tail + len(texts) - 1
    hdr = bytes([0, bits_count | (bits_data - 4) << 4,
                 desc_size, 0, 8, 16, info_size, 8, 16])
    return hdr + struct.pack("<QQ", tail, head) + descs + infos + data

msgs = [b"Linux version 6.12.117+deb12-amd64", b"Command line: console=ttyS0",
        b"x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'",
        b"sysrq: Trigger a crash", b"Kernel panic - not syncing: sysrq triggered crash\n"]
w("dmesg/prb-6.12.bin", prb_seed(3, 9, msgs, 0))
w("dmesg/prb-6.12-wrapped.bin", prb_seed(2, 8, msgs[:3], 5, wrap=True))
w("dmesg/prb-reserved-state.bin", prb_seed(3, 9, msgs, 7, states=[1, 0, 2, 3, 1]))
w("dmesg/prb-escapes.bin", prb_seed(1, 6, [b"caf\xc3\xa9\x01\x7f", b"tab\tff\f"], 2))

def logbuf_seed(texts, wrap_at=None, first=0):
    hdr = 16                                  # struct printk_log (3.11-5.9)
    buf = bytearray(1024)
    idx, recs = 0, []
    for k, t in enumerate(texts):
        size = (hdr + len(t) + 7) // 8 * 8
        if wrap_at is not None and k == wrap_at:
            buf[idx + 8:idx + 10] = b"\0\0"     # len 0: wrap marker
            idx = 0
        struct.pack_into("<QHHHBB", buf, idx, 1000 * (k + 1), size, len(t), 0, 0, 6)
        buf[idx + hdr:idx + hdr + len(t)] = t
        recs.append(idx)
        idx += size
    head = bytes([1, hdr, 0, 8, 10]) + struct.pack("<HHH", len(buf) - 1,
                                                   recs[first], idx)
    return head + bytes(buf)

w("dmesg/logbuf-5.x.bin", logbuf_seed(msgs))
w("dmesg/logbuf-5.x-wrapped.bin",
  logbuf_seed([b"x" * 700, msgs[1], msgs[3]], wrap_at=2, first=1))
ring = b"<6>Linux version 2.6.32\n<4>Command line: ro\n<0>Kernel panic\n"
w("dmesg/plain-2.6.bin", bytes([2]) + struct.pack("<HQ", 127, len(ring)) +
  ring.ljust(128, b"\0"))
w("dmesg/plain-2.6-wrapped.bin", bytes([2]) + struct.pack("<HQ", 63, 64 + 40) +
  (ring * 2)[:64])

# ---- classify: struct pages of the generated 6.12 and 6.1 mem_maps
def mem_map(path):
    core = rd(path)
    # sdgen --info: memmap_phys; mem_map holds SIZE(page) = 64 per pfn
    import subprocess
    info = subprocess.run([f"{top}/tests/gen/sdgen", "--info", "-e",
                           "mem=64M;flavour=" + ("6.1" if "61." in path else "6.12"),
                           f"{tmp}/info.vmcore"], capture_output=True, text=True).stdout
    mp = int(info.split("memmap_phys ")[1].split()[0], 16)
    return core, mp
for name, path in (("6.12", f"{tmp}/612.vmcore"), ("6.1", f"{tmp}/61.vmcore")):
    core, mp = mem_map(path)
    for level, shape, split, base_byte, npages, tag in (
            (31, 0x00, 0x80, 0, 900, "pfn0-d31"),
            (31, 0x35, 0x40, 128, 900, "pfn1024-d31-holes"),
            (1 | 2 | 4 | 64, 0x00, 0x10, 250, 600, "pfn2000-d7-extent"),
            (16 | 128, 0x00, 0xff, 64, 900, "pfn512-d16-backend2")):
        pfn = base_byte * 8
        pages = phys(core, mp + 64 * pfn, 64 * npages)
        w(f"classify/{name}-{tag}.bin", bytes([level, shape, split, base_byte]) + pages)
# the 6.1 page keys in front of the 6.12 text (override bit)
keys = [l for l in rd(f"{top}/tests/data/vmcoreinfo/debian-6.1.txt").split(b"\n")
        if b"PG_" in l or b"MAPCOUNT" in l or b"compound" in l]
ovl = b"\n".join(keys)[:512]
ovl = ovl[:ovl.rindex(b"\n")]
core, mp = mem_map(f"{tmp}/61.vmcore")
w("classify/6.1-keys-over-6.12.bin", bytes([31 | 32, 0, 0x80, 0]) + ovl + b"\0" +
  phys(core, mp, 64 * 800))
PY
# ---- debuginfo: the fake vmlinux of the -x/-g tests, both shapes, and a head
mkdir -p "$c/debuginfo"
for v in 6.1:'' old:-DOLD_KERNEL; do
	gcc -g -O0 -fno-eliminate-unused-debug-types ${v#*:} \
		-c "$top/tests/data/debuginfo/fake-vmlinux.c" -o "$tmp/f.o"
	gcc -nostdlib -static -no-pie -Wl,-e,0 -o "$c/debuginfo/fake-${v%%:*}.vmlinux" "$tmp/f.o"
done
head -c 4096 "$c/debuginfo/fake-6.1.vmlinux" > "$c/debuginfo/fake-6.1-head.vmlinux"
ls -l "$c"/*
