#!/bin/sh
# -e on real Debian kernels crashed under QEMU: 6.1 and 6.12 with 5-level
# paging (QEMU's -cpu max), and 6.1 booted with no5lvl (4-level).  For each:
#  - -e -l -d 31 and -e -c -d 31 leave out vmemmap pages ("Excluded N
#    unused vmemmap pages", N > 0) and drgn with the kernel's debug vmlinux
#    reads the dumps (tests/qemu/dump_check.py): the crashing task, the task
#    list, the printk log ending in the panic, every slab cache and its
#    partial slabs, the struct page of every kept pfn; libkdumpfile reads
#    every kept page equal to the vmcore;
#  - -F -e then -R gives the -e file, and refiltering a -d 1 dump with -e
#    gives the direct -e dump;
#  - on the 4-level 6.1 vmcore, where makedumpfile 1.7.2's -e is right,
#    -e --work-dir -l -d 16 is byte-identical to makedumpfile's.
# Needs python3-drgn and python3-libkdumpfile for /usr/bin/python3 and the
# -dbg kernel packages; boots QEMU once per vmcore (cached), so it runs
# only with SIEVEDUMP_LONG=1 (make check-long).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "boots QEMU: set SIEVEDUMP_LONG=1"
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import drgn, kdumpfile' 2>/dev/null ||
	skip "drgn or libkdumpfile is not importable by $PY"

excluded() {	# excluded LOG: N of "Excluded N unused vmemmap pages"
	sed -n 's/.*Excluded \([0-9]*\) unused vmemmap pages.*/\1/p' "$1" |
		head -n 1
}

for spec in "6.1 6.1 5" "6.12 6.12 5" "6.1 6.1-4level 4 no5lvl"; do
	# shellcheck disable=SC2086 # a list of words
	set -- $spec
	kv=$1 name=$2 depth=$3
	real_core "$kv" "$name" "${4:-}"
	real_vmlinux || continue
	l5=$(sed -n 's/^NUMBER(pgtable_l5_enabled)=//p' "$RUN/vmcoreinfo.txt")
	[ "$((${l5:-0} + 4))" = "$depth" ] ||
		{ fail "$name: pgtable_l5_enabled=${l5:-none}, wanted $depth levels"; continue; }
	d=$TMP/$name
	for c in l c; do
		"$SIEVEDUMP" -e -$c -d 31 "$CORE" "$d-e$c" >"$TMP/log" 2>&1 ||
			{ fail "$name: -e -$c -d 31"; tail -3 "$TMP/log" >&2; continue; }
		n=$(excluded "$TMP/log")
		[ "${n:-0}" -gt 0 ] &&
			pass "$name ($depth-level): -e -$c -d 31 left out $n vmemmap pages" ||
			fail "$name: -e -$c left out no vmemmap page"
		real_dump_check "$name -e -$c -d 31" "$d-e$c"
	done
	"$SIEVEDUMP" -F -e -l -d 31 "$CORE" 2>/dev/null |
		"$SIEVEDUMP" -R "$d-R" >/dev/null 2>&1 && cmp "$d-R" "$d-el" >&2 &&
		pass "$name: -F -e | -R = the -e file" || fail "$name: -F -e | -R differs"
	# (the -d 1 dump in the same bitmap-file mode as -e, whose 1st bitmap
	# marks the partial last page of a PT_LOAD: a refilter keeps the
	# input's 1st bitmap)
	"$SIEVEDUMP" --work-dir "$TMP" -l -d 1 "$CORE" "$d-1" >/dev/null 2>&1 &&
	"$SIEVEDUMP" -e -l -d 31 "$d-1" "$d-r" >/dev/null 2>&1 &&
		cmp "$d-r" "$d-el" >&2 &&
		pass "$name: refiltering -d 1 with -e -d 31 = the direct -e dump" ||
		fail "$name: the -e refilter differs from the direct -e dump"
	if [ "$depth" = 4 ] && [ "$kv" = 6.1 ] && have_makedumpfile; then
		mkdir -p "$TMP/wd"
		makedumpfile -e --work-dir "$TMP/wd" -l -d 16 "$CORE" "$d-m16" \
			>"$TMP/m.log" 2>&1 || { fail "makedumpfile -e -d 16"; tail -3 "$TMP/m.log" >&2; }
		"$SIEVEDUMP" -e --work-dir "$TMP/wd" -l -d 16 "$CORE" "$d-s16" \
			>"$TMP/log" 2>&1 || fail "sievedump -e -l -d 16"
		[ "$(excluded "$TMP/m.log")" = "$(excluded "$TMP/log")" ] &&
			pass "$name: -e -d 16 leaves out $(excluded "$TMP/log") pages, as makedumpfile" ||
			fail "$name: -e -d 16: makedumpfile $(excluded "$TMP/m.log"), sievedump $(excluded "$TMP/log")"
		cmp "$d-m16" "$d-s16" >&2 &&
			pass "$name: -e -l -d 16 byte-identical to makedumpfile 1.7.2" ||
			fail "$name: -e -l -d 16 differs from makedumpfile 1.7.2"
		# -e alone is makedumpfile's work-dir mode too
		"$SIEVEDUMP" -e -l -d 16 "$CORE" "$d-n16" >/dev/null 2>&1 &&
			cmp "$d-m16" "$d-n16" >&2 &&
			pass "$name: the same without --work-dir" ||
			fail "$name: -e without --work-dir differs from makedumpfile"
	fi
	rm -f "$d"-*
done
finish
