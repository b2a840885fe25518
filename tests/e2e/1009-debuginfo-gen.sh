#!/bin/sh
# -g VMCOREINFO -x VMLINUX on a fake vmlinux (tests/data/debuginfo/
# fake-vmlinux.c, compiled with gcc -g -c and linked): byte-identical to
# makedumpfile 1.7.2's -g when it is installed, else equal to the stored
# texts less the lines that depend on the toolchain (SYMBOL addresses,
# SRCFILE's path); both the 6.1-like and the old shapes (page._count,
# printk_log, mapping through the first union, mem_section an array).
# Bad vmlinux files (missing, not ELF, no DWARF, truncated) fail with a
# message naming the file, exit 1, no crash; -x on a dump fails the same
# way; compressed DWARF gives the same text or says to decompress it;
# --check-params accepts -x/-g.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SIEVEDUMP" -v | grep -q '^libdw	enabled' ||
	skip "built without libdw (0009 checks that -x and -g are refused)"
command -v gcc >/dev/null 2>&1 || skip "gcc is not installed"
SRC=$SRCDIR/tests/data/debuginfo

# build VARIANT CFLAGS: $TMP/fake-VARIANT
build() {
	gcc -g -O0 -fno-eliminate-unused-debug-types $2 \
		-c "$SRC/fake-vmlinux.c" -o "$TMP/fake-$1.o" &&
	gcc -nostdlib -static -no-pie -Wl,-e,0 -o "$TMP/fake-$1" \
		"$TMP/fake-$1.o" || skip "cannot build the fake vmlinux with gcc"
}
build new ""
build old -DOLD_KERNEL

for v in new old; do
	rm -f "$TMP/s-$v"
	expect_rc 0 "$SIEVEDUMP" -g "$TMP/s-$v" -x "$TMP/fake-$v" || continue
	expect_grep "$TMP/out" "The vmcoreinfo is saved to $TMP/s-$v."
	grep -v '^SYMBOL(\|^SRCFILE(' "$TMP/s-$v" >"$TMP/s-$v.stable"
	if cmp -s "$TMP/s-$v.stable" "$SRC/fake-$v.vmcoreinfo"; then
		pass "$v: -g equals the stored text"
	else
		fail "$v: -g differs from tests/data/debuginfo/fake-$v.vmcoreinfo"
		diff "$SRC/fake-$v.vmcoreinfo" "$TMP/s-$v.stable" | head -20 >&2
	fi
	grep -q '^SYMBOL(init_uts_ns)=[0-9a-f]*$' "$TMP/s-$v" &&
		grep -q '^SRCFILE(pud_t)=.*fake-vmlinux.c$' "$TMP/s-$v" ||
		fail "$v: no SYMBOL(init_uts_ns) or SRCFILE(pud_t) line"
	have_makedumpfile || continue
	rm -f "$TMP/m-$v"
	makedumpfile -g "$TMP/m-$v" -x "$TMP/fake-$v" >/dev/null 2>&1 ||
		{ fail "$v: makedumpfile -g failed"; continue; }
	if cmp -s "$TMP/m-$v" "$TMP/s-$v"; then
		pass "$v: -g byte-identical to makedumpfile's"
	else
		fail "$v: -g differs from makedumpfile's"
		diff "$TMP/m-$v" "$TMP/s-$v" | head -20 >&2
	fi
done

# bad_vmlinux FILE MESSAGE: -g and a dump's -x both refuse it
bad_vmlinux() {
	rm -f "$TMP/g"
	expect_rc 1 "$SIEVEDUMP" -g "$TMP/g" -x "$1" &&
		expect_grep "$TMP/err" "$1: $2" && [ ! -e "$TMP/g" ] &&
		pass "-g -x $(basename "$1"): $2"
	expect_rc 1 "$SIEVEDUMP" -d 31 -x "$1" "$TMP/vmcore" "$TMP/dump" &&
		expect_grep "$TMP/err" "$1: $2" &&
		pass "a dump with -x $(basename "$1"): $2"
}
"$SDGEN" -e 'mem=64M' "$TMP/vmcore" >/dev/null 2>&1 || fail "sdgen"
bad_vmlinux "$TMP/missing" "No such file or directory"
bad_vmlinux "$SRC/fake-vmlinux.c" "not an ELF file"
cp "$TMP/fake-new" "$TMP/nodwarf" && strip --strip-debug "$TMP/nodwarf" &&
	bad_vmlinux "$TMP/nodwarf" "no DWARF debug information"
bad_vmlinux "$TMP/fake-new.o" "a relocatable object (ET_REL)"

# compressed DWARF (SHF_COMPRESSED, what distributions' debug packages may
# ship): the same text when libdw reads the method (zlib always), else
# an error saying what to do (libdw before elfutils 0.189 lacks zstd)
for m in zlib-gabi zstd; do
	objcopy --compress-debug-sections=$m "$TMP/fake-new" "$TMP/z-$m" \
		2>/dev/null || continue
	readelf -S "$TMP/z-$m" | grep -A1 '\.debug_info' | grep -q ' C ' ||
		{ fail "$m: objcopy left .debug_info uncompressed"; continue; }
	rm -f "$TMP/g"
	if "$SIEVEDUMP" -g "$TMP/g" -x "$TMP/z-$m" >"$TMP/out" 2>"$TMP/err"; then
		cmp -s "$TMP/g" "$TMP/s-new" &&
			pass "$m-compressed DWARF: the same -g text" ||
			fail "$m-compressed DWARF: another -g text"
	elif [ "$m" = zstd ] &&
	     grep -q "z-zstd: .debug_info is compressed (zstd) and .* reads no compile unit from it: decompress it first" "$TMP/err"; then
		pass "zstd-compressed DWARF this libdw cannot read: $(cat "$TMP/err")"
	else
		fail "$m-compressed DWARF: $(cat "$TMP/err")"
	fi
done

# truncated copies: any cut is an error naming the file, never a crash
size=$(wc -c <"$TMP/fake-new")
for cut in 16 64 1000 4096 $((size / 3)) $((size / 2)) $((size - 200)) \
	   $((size - 1)); do
	head -c "$cut" "$TMP/fake-new" >"$TMP/cut"
	"$SIEVEDUMP" -g "$TMP/g" -x "$TMP/cut" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 1 ] &&
	   grep -q "$TMP/cut: \(truncated\|not an ELF file\)" "$TMP/err"; then
		pass "cut at $cut: $(head -n 1 "$TMP/err")"
	else
		fail "cut at $cut of $size: exit $rc, $(cat "$TMP/err")"
	fi
done

# damaged .debug_info: its size past the end, its bytes overwritten
# (CU headers, then the middle of the DIEs); an error or a text, no crash
damage() {
	python3 - "$TMP/fake-new" "$TMP/bad" "$1" <<'PY'
import struct, sys
src, dst, how = sys.argv[1:]
b = bytearray(open(src, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
def sh(i): return shoff + i * shentsize
stroff, = struct.unpack_from('<Q', b, sh(shstrndx) + 0x18)
for i in range(shnum):
    nm, = struct.unpack_from('<I', b, sh(i))
    name = b[stroff + nm:b.index(0, stroff + nm)]
    if name == b'.debug_info':
        off, size = struct.unpack_from('<QQ', b, sh(i) + 0x18)
        if how == 'size':
            struct.pack_into('<Q', b, sh(i) + 0x20, len(b))
        elif how == 'head':
            b[off:off + 16] = b'\xff' * 16
        else:
            b[off + size // 2:off + size // 2 + 64] = b'\xa5' * 64
open(dst, 'wb').write(b)
PY
}
if command -v python3 >/dev/null 2>&1; then
	damage size &&
		bad_vmlinux "$TMP/bad" "truncated: section .debug_info at offset"
	for how in head middle; do
		damage "$how" || { fail "damage $how"; continue; }
		"$SIEVEDUMP" -g "$TMP/g" -x "$TMP/bad" >"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ "$rc" -eq 0 ] || { [ "$rc" -eq 1 ] &&
		   grep -q "$TMP/bad: " "$TMP/err"; }; then
			pass "damaged .debug_info ($how): exit $rc $(head -n 1 "$TMP/err")"
		else
			fail "damaged .debug_info ($how): exit $rc, $(cat "$TMP/err")"
		fi
	done
fi

# circular typedefs (atomic64_t made a typedef of atomic_long_t, which is
# one of atomic64_t): lookups through them end, with an error or a text
if command -v python3 >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1 &&
   command -v timeout >/dev/null 2>&1; then
	readelf --debug-dump=info "$TMP/fake-new" >"$TMP/info" 2>/dev/null
	python3 - "$TMP/fake-new" "$TMP/circle" "$TMP/info" <<'PY'
import re, struct, sys
src, dst, info = sys.argv[1:]
lines = open(info).read().splitlines()
die = {}; attr = {}
for i, l in enumerate(lines):
    m = re.search(r'<1><([0-9a-f]+)>: .*DW_TAG_typedef', l)
    if not m: continue
    name = re.search(r': ([^ ]+)$', lines[i + 1]).group(1)
    die[name] = int(m.group(1), 16)
    for l2 in lines[i + 1:i + 8]:
        t = re.search(r'<([0-9a-f]+)> +DW_AT_type +: <0x([0-9a-f]+)>', l2)
        if t: attr[name] = int(t.group(1), 16); break
b = bytearray(open(src, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
stroff, = struct.unpack_from('<Q', b, shoff + shstrndx * shentsize + 0x18)
for i in range(shnum):
    h = shoff + i * shentsize
    nm, = struct.unpack_from('<I', b, h)
    if b[stroff + nm:b.index(0, stroff + nm)] == b'.debug_info':
        off, = struct.unpack_from('<Q', b, h + 0x18)
        # one compile unit at offset 0: CU-relative references are offsets
        struct.pack_into('<I', b, off + attr['atomic64_t'], die['atomic_long_t'])
open(dst, 'wb').write(b)
PY
	if [ $? -eq 0 ]; then
		timeout 60 "$SIEVEDUMP" -g "$TMP/g" -x "$TMP/circle" \
			>"$TMP/out" 2>"$TMP/err"
		rc=$?
		if [ "$rc" -le 1 ] && ! grep -q '^OFFSET(atomic_long_t.counter)' "$TMP/g" 2>/dev/null; then
			pass "circular typedefs: exit $rc, atomic_long_t.counter not found"
		else
			fail "circular typedefs: exit $rc $(cat "$TMP/err")"
		fi
	else
		fail "could not make the circular typedefs"
	fi
fi

# --check-params accepts them (the run then needs libdw, loadable here)
expect_rc 0 "$SIEVEDUMP" --check-params -g "$TMP/g" -x "$TMP/fake-new" &&
	pass "--check-params -g -x: accepted"
expect_rc 0 "$SIEVEDUMP" --check-params -c -d 31 -x vmlinux vmcore dump &&
	pass "--check-params -x on a dump: accepted"
finish
