#!/bin/sh
# The arm64 oracle on real arm64 vmcores: Debian 12's 6.1 and 6.12 arm64
# kernels crashed under qemu-system-aarch64 (tests/qemu, run-crash.sh
# --arch arm64, cached as runs/arm64-6.1 and runs/arm64-6.12), and Debian
# 12's arm64 makedumpfile 1.7.2 run by qemu-aarch64-static
# (tests/lib/arm64_oracle.sh).  For each vmcore:
#  - its kernel-text PT_LOAD starts at _text = SYMBOL(_stext) - 64 KiB (on
#    6.1 kexec only knows _text from the harness's patched kallsyms);
#  - makedumpfile -l -d 31 dumps it and libkdumpfile reads every page the
#    dump keeps equal to the vmcore's; a page libkdumpfile cannot read in
#    the ELF vmcore is read from its PT_LOAD by hand and counted apart;
#  - 6.12 (4 KiB pages, VA_BITS=52) is refused by makedumpfile 1.7.2
#    ("PAGE SIZE 0x1000 and VA Bits 52 not supported"): no oracle there,
#    checked as such so that a change shows.
# Nothing here runs sievedump.  Boots QEMU when a run is missing (about a
# minute each) and downloads the arm64 packages, so it runs only with
# SIEVEDUMP_LONG=1 (make check-long).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
. "$SRCDIR/tests/lib/arm64_oracle.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "boots arm64 QEMU guests: set SIEVEDUMP_LONG=1"
need_kdumpfile
arm64_oracle

cat >"$TMP/same.py" <<'PYEOF'
import sys, kdumpfile
from pagemap_runs import pagemap_runs
from arm64_kept import loads as elf_loads, by_hand as elf_page
PH = kdumpfile.KDUMP_MACHPHYSADDR
dump = kdumpfile.kdumpfile(sys.argv[1])
src = kdumpfile.kdumpfile(sys.argv[2])
assert dump.attr['file.format'] == 'diskdump'
assert dump.attr['arch.name'] == 'aarch64'
f = open(sys.argv[2], 'rb')
loads = elf_loads(f)
def by_hand(pa):        # the page from the ELF file, or None
    return elf_page(f, loads, pa, 4096)
kept = bad = hand = absent = 0
for s, e in pagemap_runs(dump):
    for p in range(s, e):
        kept += 1
        d = dump.read(PH, p * 4096, 4096)
        try:
            v = src.read(PH, p * 4096, 4096)
        except Exception:
            v = by_hand(p * 4096)
            if v is None:
                absent += 1
                if absent < 5:
                    print("pfn %#x kept but in no PT_LOAD" % p)
                continue
            hand += 1
        if d != v:
            bad += 1
            if bad < 5:
                print("pfn %#x differs" % p)
print("%d kept pages, %d differ, %d read by hand from the PT_LOADs, "
      "%d in no PT_LOAD" % (kept, bad, hand, absent))
sys.exit(1 if bad or absent or not kept else 0)
PYEOF

for kv in 6.1 6.12; do
	name=arm64-$kv
	real_core "$name"
	vi=$RUN/vmcoreinfo.txt
	stext=$(sed -n 's/^SYMBOL(_stext)=//p' "$vi")
	vabits=$(sed -n 's/^NUMBER(VA_BITS)=//p' "$vi")
	# the first PT_LOAD (kernel text) is at _text
	text=$(readelf -lW "$CORE" | awk '$1 == "LOAD" { print $3; exit }')
	if [ -n "$stext" ] && [ -n "$text" ] && [ "$("$PY" -c 'import sys
print(int(sys.argv[1], 16) - 0x10000 == int(sys.argv[2], 16))' "$stext" "$text")" = True ]; then
		pass "$name: the kernel-text PT_LOAD starts at _text $text"
	else
		fail "$name: kernel-text PT_LOAD at ${text:-?}, _stext ${stext:-?}"
	fi

	out=$TMP/$name.l
	t0=$(date +%s)
	mdf_arm64 -l -d 31 "$CORE" "$out" >"$TMP/m.log" 2>&1
	rc=$? t1=$(date +%s)
	if [ $rc != 0 ]; then
		if [ "$vabits" = 52 ] &&
			grep -q 'VA Bits 52 not supported' "$TMP/m.log"; then
			pass "$name: makedumpfile 1.7.2 refuses VA_BITS=52 (no oracle here)"
		else
			fail "$name: makedumpfile -l -d 31 exited $rc"
			tail -5 "$TMP/m.log" >&2
		fi
		continue
	fi
	[ "$vabits" = 52 ] &&
		echo "note: $name: this makedumpfile now takes VA_BITS=52"
	pass "$name: makedumpfile -l -d 31 in $((t1 - t0)) s, $(stat -c %s "$out") bytes"
	if PYTHONPATH="$SRCDIR/tests/lib" "$PY" "$TMP/same.py" "$out" "$CORE" \
		>"$TMP/py" 2>&1; then
		pass "$name: libkdumpfile: $(tail -n 1 "$TMP/py")"
	else
		fail "$name: libkdumpfile: $(tail -n 1 "$TMP/py")"
		tail -n 6 "$TMP/py" >&2
	fi
	rm -f "$out"
done
finish
