#!/bin/sh
# Corrupt SPARSEMEM_EXTREME mem_section (sdgen corrupt=ms_entry/ms_root).
# - A section whose section_mem_map is garbage (below the direct map):
#   makedumpfile 1.7.2 stops ("Could not validate mem_section", exit 1);
#   sievedump skips that section, warns with its number and value, keeps
#   all its pages and filters the rest exactly as the truth says.
# - A well-formed section_mem_map whose mem_map is not mapped: the
#   struct pages of that section cannot be read and its pages are kept.
# - A root entry pointing outside RAM on a machine with RAM in two roots:
#   the sections of that root are kept, the root is named in a warning.
# - The only root of a small machine pointing outside RAM: nothing can be
#   judged; exit 1 naming SYMBOL(mem_section) and the failed translation,
#   as makedumpfile (exit 1).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/corrupt.sh"

base='flavour=6.1;mem=256M;seed=3'
expect_written "$base;corrupt=ms_entry:1" 31 \
	"WARNING: $TMP/core: mem_section 1 has an invalid section_mem_map 0x5a5a5a5a5a43" \
	"the pages of those sections are kept"
mdf_rc 1 31
expect_written "$base;corrupt=ms_entry:2" 31 "mem_section 2 has an invalid section_mem_map"
# a well-formed entry whose mem_map is not mapped: its struct pages are
# unreadable, the section is kept (makedumpfile: exit 1)
expect_written "$base;corrupt=ms_map:1" 31 \
	"struct page of 32768 page(s) could not be read, first at pfn 0x8000" \
	"PGD entry 0x0 at 0x" "is not present); those pages are kept"
mdf_rc 1 31
expect_written "flavour=6.12;mem=256M;seed=4;corrupt=ms_entry:0" 16 \
	"mem_section 0 has an invalid section_mem_map"

two='flavour=6.1;ram=0x100000-0x6000000,0x800000000-0x804000000;seed=5'
expect_written "$two;corrupt=ms_root" 31 \
	"WARNING: $TMP/core: mem_section root 2 (0xffff" \
	"cannot be read (1 such root(s)); the pages of its sections are kept"
mdf_rc 0 31

expect_failed "$base;corrupt=ms_root" 31 \
	"sievedump: $TMP/core" "Could not validate mem_section (SYMBOL(mem_section)=0x" \
	"PGD entry 0x0 at 0x"
mdf_rc 1 31
finish
