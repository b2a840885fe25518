#!/bin/sh
# A truncated vmcore.  Cut inside the ELF header, the program headers or
# the notes: a clear error naming the file, the part and the offset, exit
# 1, no dump file.  Cut inside the PT_LOAD data (the struct pages at the
# top of memory go with it): the pages whose struct pages are lost are
# kept unfiltered, the pages past the end are left out like unreadable
# pages, the dump is marked incomplete, exit 1, and every page before the
# cut reads back equal to the source.  The data cut is made on an x86_64
# and on an arm64 machine.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
need_kdumpfile

"$SDGEN" -e "mem=64M;seed=3" --kept 31 "$TMP/kept" "$TMP/core" || fail "sdgen"

for cut in 40 100 1000; do
	head -c $cut "$TMP/core" >"$TMP/short"
	rm -f "$TMP/d"
	expect_rc 1 timeout 60 "$SIEVEDUMP" -c -d 31 "$TMP/short" "$TMP/d" &&
		expect_grep "$TMP/err" "$TMP/short: " &&
		expect_grep "$TMP/err" "short read at 0x" &&
		expect_grep "$TMP/err" "the file is truncated (it ends at 0x$(printf %x $cut))" &&
		pass "cut at $cut: error names the file, offset and the end"
	[ ! -e "$TMP/d" ] && pass "cut at $cut: no dump file" || fail "cut at $cut: dump file left"
done

# cut_data NAME: $TMP/core cut inside its PT_LOAD data, dumped, checked
cut_data() {
name=$1
# Cut the data: the first pfn lost, from the PT_LOAD that holds the cut.
set -- $(/usr/bin/python3 - "$TMP/core" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read(4096)
phoff, = struct.unpack_from('<Q', data, 32)
phnum, = struct.unpack_from('<H', data, 56)
loads = []
for i in range(phnum):
    t, _, off, va, pa, fsz, msz = struct.unpack_from('<IIQQQQQ', data, phoff + 56 * i)
    if t == 1:
        loads.append((off, pa, fsz))
off, pa, fsz = max(loads)            # the last one in the file
cut = off + fsz * 9 // 10 // 4096 * 4096
print(cut, (pa + cut - off) // 4096, (pa + fsz) // 4096)
PY
)
[ $# -eq 3 ] || { fail "$name: $1: no PT_LOAD"; return; }
cut=$1 lost=$(printf '0x%x-0x%x' $2 $3)
cp "$TMP/core" "$TMP/cut" && truncate -s "$cut" "$TMP/cut"
expect_rc 1 timeout 60 "$SIEVEDUMP" -c -d 31 "$TMP/cut" "$TMP/dump" &&
	pass "$name: cut in the data: exit 1"
expect_grep "$TMP/out" "could not be read, first at pfn" &&
	pass "$name: lost struct pages: warning"
expect_grep "$TMP/out" "$(printf 'pfn 0x%x is unreadable' $2)" &&
	expect_grep "$TMP/out" "the file is truncated (it ends at 0x$(printf %x "$cut"))" &&
	pass "$name: the first page past the end is named"
expect_grep "$TMP/err" "$(($3 - $2)) unreadable page(s) are not in the dump" &&
	pass "$name: the count of lost pages"
st=$(header_status "$TMP/dump")
[ $((st & 8)) -eq 8 ] && pass "$name: status $st is incomplete" || fail "$name: status $st"
check_dump "$TMP/dump" "$TMP/core" "$TMP/kept" "$lost" &&
	pass "$name: pages past the cut not present, all before equal the source" ||
	fail "$name: content of the truncated vmcore's dump"

# -E stops at the cut, marked incomplete
expect_rc 1 timeout 60 "$SIEVEDUMP" -E -d 31 "$TMP/cut" "$TMP/elf" &&
	expect_grep "$TMP/err" "the file is truncated" &&
	pass "$name: -E: stops at the cut with the reason"
[ "$(elf_flags "$TMP/elf")" = 1 ] && pass "$name: -E: e_flags incomplete" || fail "$name: -E: e_flags"
check_dump --partial-any "$TMP/elf" "$TMP/core" "$TMP/kept" "$lost" &&
	pass "$name: -E: written pages equal the source" || fail "$name: -E: content"
}

cut_data x86_64
# an arm64 machine: its PT_LOADs are laid out as arm64 /proc/vmcore's
"$SDGEN" -e "arch=arm64;flavour=6.1;mem=64M;seed=3" --kept 31 "$TMP/kept" "$TMP/core" ||
	fail "sdgen arm64"
rm -f "$TMP/dump" "$TMP/elf"
cut_data arm64
finish
