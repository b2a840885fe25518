#!/bin/sh
# Corrupt page tables mapping the vmemmap (sdgen corrupt=pt_loop/pt_garbage):
# a PMD, PUD or PGD entry that points back to its own table (a loop) or to
# a physical address past the end of memory.  makedumpfile 1.7.2 fails
# ("Can't read the buffer of struct page", exit 1) or, for a loop, reads
# the upper table as the lower one.  sievedump detects the loop and the
# translation past memory, keeps every page whose struct page it cannot
# read, warns with the virtual address, the entry and its physical
# address, and writes the dump; nothing hangs.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/corrupt.sh"

base='flavour=6.1;mem=256M;seed=3'
expect_written "$base;corrupt=pt_loop:pmd:1" 31 \
	"WARNING: $TMP/core: struct page of 32768 page(s) could not be read, first at pfn 0x8000" \
	"page-table loop: PMD entry 0x" "points back to the PMD table at 0x" \
	"those pages are kept"
mdf_rc 1 31
expect_written "$base;corrupt=pt_garbage:pmd:1" 31 \
	"translates to physical 0x3fffffe00000, beyond the end of memory (0x10062000)"
mdf_rc 1 31
expect_written "$base;corrupt=pt_loop:pud" 31 \
	"page-table loop: PUD entry 0x" "points back to the PUD table"
expect_written "$base;corrupt=pt_loop:pgd" 31 \
	"page-table loop: PGD entry 0x" "points back to the PGD table"
expect_written "flavour=6.12;paging=5;mem=128M;seed=6;corrupt=pt_loop:pmd" 31 \
	"page-table loop: PMD entry"
expect_written "flavour=6.12;mem=128M;seed=7;corrupt=pt_garbage:pud" 8 \
	"PUD entry 0x3fffffe00063 at 0x" "points to a PMD table at 0x3fffffe00000, beyond the end of memory"
# the same in cycles (a 1 KiB page-set buffer): units and kept chunks
# crossing cycle ends give the same result
SD_OPTS='--cyclic-buffer 1' expect_written "$base;corrupt=pt_loop:pmd:1 compound_order:14" 31 \
	"page-table loop: PMD entry" "Invalid compound page order"
finish
