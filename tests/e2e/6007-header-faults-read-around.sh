#!/bin/sh
# Header faults that a dump can be saved around, and those it cannot
# (doc/corrupt-input.md, "Header fields read around"):
# - a PT_LOAD with p_filesz above p_memsz: only p_memsz bytes are read,
#   with a warning naming the program header; the dump is the one of the
#   intact file, for every writer (makedumpfile 1.7.2 reads the extra bytes
#   as the memory after the segment and writes wrong pages there);
# - a kdump input whose sub-header dump_level is not 0-31: a warning, and
#   the refilter is the one of the intact input (the bitmaps say what the
#   input holds; makedumpfile ORs the bad value into the new header);
# - --dump-dmesg with a key of the printk ring missing from VMCOREINFO:
#   exit 1 naming the key and no log file (makedumpfile 1.7.2 goes on with
#   offset -1 and writes an empty or garbled log with exit 0).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$SDGEN" -e 'mem=64M;flavour=6.1;seed=3' "$TMP/a" >/dev/null || fail "sdgen"

# dump_to IN OUT ARGS...: sievedump ARGS IN OUT (-F: to stdout), log in $TMP/log
dump_to() {
	in=$1 out=$2; shift 2
	rm -f "$out"
	case $1 in
	-F) "$SIEVEDUMP" "$@" "$in" >"$out" 2>"$TMP/log" ;;
	*) "$SIEVEDUMP" "$@" "$in" "$out" >"$TMP/log" 2>&1 ;;
	esac
}

# 1. p_filesz > p_memsz on each PT_LOAD in turn (0 overlaps the direct map)
for idx in 0 1 2; do
	cp "$TMP/a" "$TMP/fs"
	"$PY" - "$TMP/fs" "$idx" <<'PYEOF' >"$TMP/at" || fail "patching PT_LOAD $idx"
import struct, sys
f = open(sys.argv[1], 'r+b'); want = int(sys.argv[2])
h = f.read(64)
phoff, = struct.unpack_from('<Q', h, 32); phnum, = struct.unpack_from('<H', h, 56)
n = 0
for i in range(phnum):
    f.seek(phoff + 56 * i); p = f.read(56)
    if struct.unpack_from('<I', p)[0] != 1:
        continue
    if n == want:
        fs, = struct.unpack_from('<Q', p, 32)
        f.seek(phoff + 56 * i + 32); f.write(struct.pack('<Q', fs + 8192))
        print('0x%x' % (phoff + 56 * i)); break
    n += 1
PYEOF
	for args in "-l -d 1" "-c -d 31" "-E -d 31" "-F -l -d 31"; do
		dump_to "$TMP/a" "$TMP/a.out" $args
		dump_to "$TMP/fs" "$TMP/fs.out" $args
		rc=$?
		what="PT_LOAD $idx p_filesz > p_memsz, $args"
		[ "$rc" -eq 0 ] && cmp -s "$TMP/fs.out" "$TMP/a.out" &&
			pass "$what: the intact file's dump" ||
			fail "$what: exit $rc or another dump"
	done
	expect_grep "$TMP/log" "WARNING: $TMP/fs: PT_LOAD $idx (program header at offset $(cat "$TMP/at")): p_filesz 0x"
	expect_grep "$TMP/log" "; the 0x2000 bytes past p_memsz are not read"
done

# 2. a kdump input's sub-header dump_level out of 0-31
rm -f "$TMP/k" "$TMP/k.ref"
"$SIEVEDUMP" -l -d 1 "$TMP/a" "$TMP/k" >/dev/null 2>&1 || fail "kdump input"
"$SIEVEDUMP" -l -d 31 "$TMP/k" "$TMP/k.ref" >/dev/null 2>&1 || fail "refilter"
for v in 32 255 -1; do
	cp "$TMP/k" "$TMP/kb"
	"$PY" -c "import struct,sys; f=open(sys.argv[1],'r+b'); f.seek(4096+8); f.write(struct.pack('<i',$v))" "$TMP/kb"
	rm -f "$TMP/kb.out"
	"$SIEVEDUMP" -l -d 31 "$TMP/kb" "$TMP/kb.out" >"$TMP/log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] && cmp -s "$TMP/kb.out" "$TMP/k.ref" &&
		pass "sub-header dump_level $v: the intact input's refilter" ||
		fail "sub-header dump_level $v: exit $rc or another dump"
	expect_grep "$TMP/log" "WARNING: $TMP/kb: dump_level $v in the sub-header at offset 0x1008 is not 0-31; ignored"
done

# 3. --dump-dmesg without one key of the printk ring
for fl in 6.1 6.12; do
	for k in 'OFFSET(prb_desc.state_var)' 'OFFSET(printk_info.ts_nsec)' \
		'OFFSET(printk_info.text_len)' 'OFFSET(atomic_long_t.counter)' \
		'OFFSET(prb_data_blk_lpos.next)' 'OFFSET(prb_data_ring.size_bits)' \
		'OFFSET(prb_desc_ring.count_bits)' 'OFFSET(prb_desc_ring.head_id)'; do
		"$SDGEN" -e "mem=64M;flavour=$fl;seed=3;corrupt=vmci_drop:$k" \
			"$TMP/d" >/dev/null 2>&1 || { fail "sdgen $k"; continue; }
		rm -f "$TMP/d.txt"
		"$SIEVEDUMP" --dump-dmesg "$TMP/d" "$TMP/d.txt" >"$TMP/log" 2>&1
		rc=$?
		[ "$rc" -eq 1 ] && [ ! -e "$TMP/d.txt" ] &&
			expect_grep "$TMP/log" "VMCOREINFO lacks $k, needed for the dmesg log" &&
			pass "$fl without $k: exit 1 naming the key, no log file" ||
			fail "$fl without $k: exit $rc"
	done
done
finish
