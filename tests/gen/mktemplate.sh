#!/bin/sh
# Turn a real kernel's VMCOREINFO text (tests/data/vmcoreinfo/*.txt) into a
# generator template: every address and boot-dependent value becomes an
# @placeholder that sdgen fills for its synthetic machine; the structure
# sizes, offsets and flag numbers stay exactly as the kernel emitted them.
#   tests/gen/mktemplate.sh tests/data/vmcoreinfo/debian-6.1.txt > tests/gen/templates/6.1.txt
# An arm64 text (it has NUMBER(kimage_voffset)) also gets placeholders for
# the page size, section size, free-area orders and the arm64 layout
# numbers, which sdgen computes from its arch/pagesize/va keys:
#   tests/gen/mktemplate.sh tests/data/vmcoreinfo/debian-6.1-arm64.txt > tests/gen/templates/6.1-arm64.txt
#   tests/gen/mktemplate.sh tests/data/vmcoreinfo/debian-6.12-arm64.txt > tests/gen/templates/6.12-arm64.txt
set -eu
arm64=
grep -q '^NUMBER(kimage_voffset)=' "$1" && arm64='
s/^PAGESIZE=.*/PAGESIZE=@pagesize/
s/^NUMBER\(SECTION_SIZE_BITS\)=.*/NUMBER(SECTION_SIZE_BITS)=@section_size_bits/
s/^LENGTH\(zone\.free_area\)=.*/LENGTH(zone.free_area)=@free_area_length/
s/^NUMBER\(VA_BITS\)=.*/NUMBER(VA_BITS)=@va_bits/
s/^NUMBER\(MODULES_VADDR\)=.*/NUMBER(MODULES_VADDR)=@modules_vaddr/
s/^NUMBER\(MODULES_END\)=.*/NUMBER(MODULES_END)=@modules_end/
s/^NUMBER\(VMALLOC_END\)=.*/NUMBER(VMALLOC_END)=@vmalloc_end/
s/^NUMBER\(VMEMMAP_START\)=.*/NUMBER(VMEMMAP_START)=@vmemmap_start/
s/^NUMBER\(VMEMMAP_END\)=.*/NUMBER(VMEMMAP_END)=@vmemmap_end/
s/^NUMBER\(kimage_voffset\)=.*/NUMBER(kimage_voffset)=@kimage_voffset/
s/^NUMBER\(PHYS_OFFSET\)=.*/NUMBER(PHYS_OFFSET)=@phys_offset/
s/^NUMBER\(TCR_EL1_T1SZ\)=.*/NUMBER(TCR_EL1_T1SZ)=@tcr_el1_t1sz/
s/^NUMBER\(KERNELPACMASK\)=.*/NUMBER(KERNELPACMASK)=@kernelpacmask/'
sed -E -e "$arm64" \
	-e 's/^OSRELEASE=.*/OSRELEASE=@osrelease/' \
	-e 's/^SYMBOL\(([a-z_]+)\)=.*/SYMBOL(\1)=@\1/' \
	-e 's/^LENGTH\(mem_section\)=.*/LENGTH(mem_section)=@mem_section_length/' \
	-e 's/^NUMBER\(MAX_PHYSMEM_BITS\)=.*/NUMBER(MAX_PHYSMEM_BITS)=@max_physmem_bits/' \
	-e 's/^NUMBER\(VMALLOC_START\)=.*/NUMBER(VMALLOC_START)=@vmalloc_start/' \
	-e 's/^NUMBER\(phys_base\)=.*/NUMBER(phys_base)=@phys_base/' \
	-e 's/^NUMBER\(pgtable_l5_enabled\)=.*/NUMBER(pgtable_l5_enabled)=@pgtable_l5_enabled/' \
	-e 's/^KERNELOFFSET=.*/KERNELOFFSET=@kerneloffset/' \
	-e 's/^CRASHTIME=.*/CRASHTIME=@crashtime/' \
	"$1"
