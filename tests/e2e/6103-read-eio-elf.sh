#!/bin/sh
# An unreadable page under -E: ELF output cannot leave out a single page
# (makedumpfile's layout would turn it into zeros), so the dump stops there
# loudly: the message names the pfn, the file and the file offset, the
# segment being copied is cut short before the bad page (memsz = filesz),
# later program headers stay PT_NULL, e_flags gets the incomplete bit and
# the exit code is 1.  What was written reads back equal to the source.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/faults.sh"
fault_machine "mem=64M;seed=3"
set -- $(low_kept_runs 1p)
[ $# -eq 2 ] || { fail "no kept run to spoil"; finish; }
b=$(($1 + 2))
bad=$(printf '0x%x' $b)
fuse_mount "$TMP/mnt" --eio-pfn "$bad" -e "$spec" || skip "cannot mount FUSE here"

for lvl in 31 0; do
	rm -f "$TMP/elf"
	expect_rc 1 timeout 60 "$SIEVEDUMP" -E -d $lvl "$TMP/mnt/vmcore" "$TMP/elf" &&
		pass "-E -d $lvl: exit 1"
	expect_grep "$TMP/err" "pfn $bad is unreadable and ELF output cannot leave out a page" &&
		expect_grep "$TMP/err" "$TMP/mnt/vmcore: reading 0x1000 bytes at file offset 0x" &&
		pass "-E -d $lvl: message names pfn, file and offset"
	fl=$(elf_flags "$TMP/elf")
	[ "$fl" = 1 ] && pass "-E -d $lvl: e_flags $fl (incomplete)" ||
		fail "-E -d $lvl: e_flags $fl"
	check_dump --partial-any "$TMP/elf" "$TMP/core" "$TMP/kept" "$bad" &&
		pass "-E -d $lvl: written pages equal the source, the bad one is absent" ||
		fail "-E -d $lvl: content"
done
# the segment holding the bad page ends right before it; none covers it
/usr/bin/python3 - "$TMP/elf" $((b * 4096)) <<'PY' && pass "a segment ends at the bad page, none covers it" || fail "segments around the bad page"
import struct, sys
data = open(sys.argv[1], 'rb').read()
bad = int(sys.argv[2])
phoff, = struct.unpack_from('<Q', data, 32)
phnum, = struct.unpack_from('<H', data, 56)
ends = False
for i in range(phnum):
    t, _, off, va, pa, fsz, msz = struct.unpack_from('<IIQQQQQ', data, phoff + 56 * i)
    if t != 1:
        continue
    assert not (pa <= bad < pa + msz), hex(pa)
    ends |= pa + msz == bad and fsz == msz
sys.exit(0 if ends else 1)
PY
finish
