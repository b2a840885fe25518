#!/bin/sh
# An independent reader, libkdumpfile (python3-libkdumpfile), opens our ELF
# files and every page inside a segment's p_filesz equals the source
# vmcore's page, for dump levels 0, 1 and 31 and 4- and 5-level paging.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
need_kdumpfile

cat >"$TMP/check.py" <<'PYEOF'
import sys, struct, kdumpfile
PH = kdumpfile.KDUMP_MACHPHYSADDR
out, src_path = sys.argv[1], sys.argv[2]
dump = kdumpfile.kdumpfile(out)
src = kdumpfile.kdumpfile(src_path)
assert dump.attr['file.format'] == 'elf', dump.attr['file.format']
with open(out, 'rb') as f:
    eh = f.read(64)
    phoff, = struct.unpack_from('<Q', eh, 32)
    phnum, = struct.unpack_from('<H', eh, 56)
    f.seek(phoff)
    phs = [struct.unpack('<IIQQQQQQ', f.read(56)) for _ in range(phnum)]
ps = 4096
pages = bad = 0
for (typ, flags, off, vaddr, paddr, filesz, memsz, align) in phs:
    if typ != 1 or not filesz:
        continue
    a = (paddr + ps - 1) // ps * ps
    e = (paddr + filesz) // ps * ps
    while a < e:
        n = min((e - a) // ps, 256)
        if dump.read(PH, a, n * ps) != src.read(PH, a, n * ps):
            bad += 1
            print("pages at %#x differ" % a)
        pages += n
        a += n * ps
print("%d segments, %d pages equal the source, %d differing batches"
      % (sum(1 for p in phs if p[0] == 1), pages, bad))
sys.exit(1 if bad or not pages else 0)
PYEOF

for paging in 4 5; do
	spec="flavour=6.1;paging=$paging;mem=64M;seed=$((paging + 30))"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	for level in 0 1 31; do
		rm -f "$TMP/dump"
		"$SIEVEDUMP" -E -d "$level" "$TMP/core" "$TMP/dump" >/dev/null 2>&1 ||
			{ fail "paging $paging -d $level: sievedump"; continue; }
		if "$PY" "$TMP/check.py" "$TMP/dump" "$TMP/core" >"$TMP/py" 2>&1; then
			pass "paging $paging -E -d $level: $(tail -1 "$TMP/py")"
		else
			fail "paging $paging -E -d $level"
			tail -8 "$TMP/py" >&2
		fi
	done
done
finish
