#!/bin/sh
# Turn a real kernel's VMCOREINFO text (tests/data/vmcoreinfo/*.txt) into a
# generator template: every address and boot-dependent value becomes an
# @placeholder that sdgen fills for its synthetic machine; the structure
# sizes, offsets and flag numbers stay exactly as the kernel emitted them.
#   tests/gen/mktemplate.sh tests/data/vmcoreinfo/debian-6.1.txt > tests/gen/templates/6.1.txt
set -eu
sed -E \
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
