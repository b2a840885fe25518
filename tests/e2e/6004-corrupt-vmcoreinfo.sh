#!/bin/sh
# VMCOREINFO with missing, repeated or nonsense keys (sdgen corrupt=vmci_*).
# Missing keys the page scan needs and values that do not parse stop with
# exit 1 (as makedumpfile 1.7.2) and a message naming the file, the key and
# its line; a key repeated with another value uses the first line, as
# makedumpfile, and is warned about.  makedumpfile 1.7.2 accepts
# OFFSET(page.flags)=-8 and reads flags 8 bytes before each struct page;
# sievedump refuses it (doc/corrupt-input.md).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/corrupt.sh"

base='flavour=6.1;mem=128M;seed=3'
expect_failed "$base;corrupt=vmci_drop:SYMBOL(mem_section)" 31 \
	"sievedump: $TMP/core: cannot find the struct page array: no SYMBOL(mem_section) or SYMBOL(mem_map)"
mdf_rc 1 31
expect_failed "$base;corrupt=vmci_drop:SIZE(page)" 31 \
	"sievedump: $TMP/core: VMCOREINFO has no SIZE(page)"
mdf_rc 1 31
expect_failed "$base;corrupt=vmci_drop:OFFSET(page.flags)" 31 \
	"sievedump: $TMP/core: VMCOREINFO has no OFFSET(page.flags)"
expect_failed "$base;corrupt=vmci_set:SYMBOL(mem_section)=zzzz" 31 \
	"sievedump: $TMP/core: line 10: invalid data in SYMBOL(mem_section)=zzzz: not a hexadecimal address"
mdf_rc 1 31
expect_failed "$base;corrupt=vmci_set:SIZE(page)=99999999999999999999" 31 \
	"invalid data in SIZE(page)=99999999999999999999: not a number"
mdf_rc 1 31
expect_failed "$base;corrupt=vmci_set:SIZE(page)=-64" 31 \
	"SIZE(page)=-64 is not a struct page size (8-4096)"
mdf_rc 1 31
expect_failed "$base;corrupt=vmci_set:OFFSET(page.flags)=-8" 31 \
	"line 22: OFFSET(page.flags)=-8 is not a valid offset"
expect_failed "$base;corrupt=vmci_set:OFFSET(page.mapping)=0x100000" 31 \
	"page.mapping at offset 1048576 lies outside SIZE(page)=64"
expect_failed "$base;corrupt=vmci_set:OFFSET(page._mapcount)=62" 31 \
	"page._mapcount at offset 62 lies outside SIZE(page)=64"

expect_written "$base;corrupt=vmci_dup:OFFSET(page.flags)=16" 31 \
	"WARNING: $TMP/core: VMCOREINFO key repeated with another value (1 such key(s)): OFFSET(page.flags): line 22: 0, line 23: 16; the first is used"
mdf_rc 0 31
expect_written "$base;corrupt=vmci_dup:SYMBOL(mem_section)=ffff888000001000 vmci_dup:SIZE(page)=56" 31 \
	"(2 such key(s))"
expect_written "$base;corrupt=vmci_set:LENGTH(zone.free_area)=100000" 31
finish
