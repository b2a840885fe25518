#!/bin/sh
# Hostile input at the edges (doc/corrupt-input.md, "Edges"):
# - a NUL byte inside the VMCOREINFO note hides that line only: the keys
#   after it are read (makedumpfile reads the note as text), the dump is
#   the one makedumpfile writes, --dump-dmesg works;
# - VMCOREINFO without the buddy keys: free pages are kept, with a warning
#   naming the key, and the dump is saved;
# - a PT_NOTE whose size runs past the file: a clear error naming the
#   offset, no allocation of that size;
# - one page of a kdump input that does not decompress: the refilter
#   leaves that page out, marks the dump incomplete and exits 1; the other
#   pages are the input's;
# - a page descriptor with several flag bits: read by the first method
#   bit in makedumpfile's order (zlib first), as makedumpfile reads it.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$SDGEN" -e 'mem=64M;flavour=6.1' "$TMP/a" || fail "sdgen"

# 1. NUL inside VMCOREINFO, on the line before SYMBOL(init_top_pgt)
"$PY" - "$TMP/a" "$TMP/nul" <<'EOF' || fail "patching the note"
import sys, shutil
sys.path.insert(0, __import__('os').environ['SRCDIR'] + '/tests/lib')
from vmcore_patch import Core
shutil.copy(sys.argv[1], sys.argv[2])
c = Core(sys.argv[2])
lines = c.vi.split('\n')
i = next(n for n, l in enumerate(lines) if l.startswith('SYMBOL(init_top_pgt)'))
pos = c.vi_off + len('\n'.join(lines[:i - 1])) + 4   # inside the line before
c.f.seek(pos); c.f.write(b'\0'); c.f.close()
EOF
"$SIEVEDUMP" -l -d 31 "$TMP/nul" "$TMP/nul.kdump" >"$TMP/log" 2>&1 &&
	pass "NUL in VMCOREINFO: the dump is saved" ||
	{ fail "NUL in VMCOREINFO: $(grep sievedump: "$TMP/log")"; }
if have_makedumpfile; then
	makedumpfile -l -d 31 "$TMP/nul" "$TMP/nul.mdf" >/dev/null 2>&1
	cmp -s "$TMP/nul.kdump" "$TMP/nul.mdf" &&
		pass "NUL in VMCOREINFO: the same dump as makedumpfile" ||
		fail "NUL in VMCOREINFO: the dump differs from makedumpfile's"
fi
"$SIEVEDUMP" --dump-dmesg "$TMP/nul" "$TMP/nul.dmesg" >/dev/null 2>&1 &&
	"$SIEVEDUMP" --dump-dmesg "$TMP/a" "$TMP/a.dmesg" >/dev/null 2>&1 &&
	cmp -s "$TMP/nul.dmesg" "$TMP/a.dmesg" &&
	pass "NUL in VMCOREINFO: --dump-dmesg as from the intact note" ||
	fail "NUL in VMCOREINFO: --dump-dmesg differs or failed"

# 2. no OFFSET(page._mapcount): free pages kept, said, dump saved
"$SDGEN" -e 'mem=64M;flavour=6.12;corrupt=vmci_drop:OFFSET(page._mapcount)' \
	"$TMP/nomap" || fail "sdgen"
"$SIEVEDUMP" -l -d 31 --message-level 31 "$TMP/nomap" "$TMP/nomap.kdump" >"$TMP/log" 2>&1 &&
	pass "no OFFSET(page._mapcount): the dump is saved" ||
	fail "no OFFSET(page._mapcount): $(grep sievedump: "$TMP/log")"
expect_grep "$TMP/log" "VMCOREINFO has no OFFSET(page._mapcount): free pages cannot be told apart in mem_map and are kept in the dump." &&
	pass "no OFFSET(page._mapcount): the warning names the key"
grep -q "Free pages              : 0x0000000000000000" "$TMP/log" &&
	pass "no OFFSET(page._mapcount): no page counted as free" ||
	fail "no OFFSET(page._mapcount): free pages were excluded"

# 3. PT_NOTE size past the end of the file
"$PY" - "$TMP/a" "$TMP/note" <<'EOF' || fail "patching PT_NOTE"
import sys, shutil, struct
shutil.copy(sys.argv[1], sys.argv[2])
f = open(sys.argv[2], 'r+b'); f.seek(64 + 32); f.write(struct.pack('<Q', 1 << 30))
EOF
/usr/bin/time -f %M -o "$TMP/rss" "$SIEVEDUMP" -l -d 31 --mem-budget 16M \
	"$TMP/note" "$TMP/note.kdump" >"$TMP/log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && expect_grep "$TMP/log" "PT_NOTE at offset 0x" &&
	expect_grep "$TMP/log" "the file is truncated (it ends at 0x" &&
	pass "PT_NOTE past the file: exit 1 naming offset and size" ||
	fail "PT_NOTE past the file: exit $rc"
[ "$(tail -n 1 "$TMP/rss")" -le 16384 ] &&
	pass "PT_NOTE past the file: peak RSS $(tail -n 1 "$TMP/rss") KiB within 16 MiB" ||
	fail "PT_NOTE past the file: peak RSS $(tail -n 1 "$TMP/rss") KiB"
[ -e "$TMP/note.kdump" ] && fail "PT_NOTE past the file: a dump file was left"

# 4. a kdump input with one page that does not decompress
"$SIEVEDUMP" -c -d 1 "$TMP/a" "$TMP/k" >/dev/null 2>&1 || fail "kdump input"
"$PY" - "$TMP/k" "$TMP/kbad" "$TMP/kflags" <<'EOF' >"$TMP/pfns" || fail "patching the kdump file"
import sys, shutil, struct
src, bad, flags = sys.argv[1:4]
d = open(src, 'rb').read()
# disk_dump_header: block_size, sub_hdr_size, bitmap_blocks at 428, 432, 436
bs, sub, bitmap_blocks = struct.unpack_from('<IiI', d, 428)
desc = bs * (1 + sub + bitmap_blocks)
# the first zlib-compressed page (flags 1)
i = 0
while True:
    off, size, fl, pf = struct.unpack_from('<QIIQ', d, desc + 24 * i)
    if fl == 1:
        break
    i += 1
shutil.copy(src, bad)
f = open(bad, 'r+b'); f.seek(off); f.write(b'\xff\xff\xff\xff'); f.close()
shutil.copy(src, flags)
f = open(flags, 'r+b'); f.seek(desc + 24 * i + 12); f.write(struct.pack('<I', 0xb3)); f.close()
print(i)
EOF
"$SIEVEDUMP" -c -d 1 "$TMP/kbad" "$TMP/kbad.out" >"$TMP/log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && expect_grep "$TMP/log" "does not decompress" &&
	expect_grep "$TMP/log" "1 unreadable page(s) are not in the dump" &&
	pass "a bad page in a kdump input: left out, exit 1" ||
	fail "a bad page in a kdump input: exit $rc"
"$PY" - "$TMP/kbad.out" "$TMP/k" <<'EOF' && pass "a bad page in a kdump input: marked incomplete, every other page equal" || fail "a bad page in a kdump input: the output is not what it should be"
import sys, kdumpfile
out = kdumpfile.kdumpfile(sys.argv[1]); ref = kdumpfile.kdumpfile(sys.argv[2])
import struct
status, = struct.unpack_from('<I', open(sys.argv[1], 'rb').read(4096), 424)
if not status & 0x8:
    sys.exit('status %#x: not marked incomplete' % status)
missing = 0
for pfn in range(0, 16482):
    try:
        a = ref.read(kdumpfile.KDUMP_MACHPHYSADDR, pfn * 4096, 4096)
    except Exception:
        continue
    try:
        b = out.read(kdumpfile.KDUMP_MACHPHYSADDR, pfn * 4096, 4096)
    except Exception:
        missing += 1
        continue
    if a != b:
        sys.exit('pfn %#x differs' % pfn)
sys.exit(0 if missing == 1 else 'missing %d pages' % missing)
EOF
"$SIEVEDUMP" -l -d 1 "$TMP/kflags" "$TMP/kflags.out" >"$TMP/log" 2>&1 &&
	pass "descriptor flags 0xb3: read as zlib, dump saved" ||
	fail "descriptor flags 0xb3: $(grep sievedump: "$TMP/log")"
finish
