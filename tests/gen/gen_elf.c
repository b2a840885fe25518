// SPDX-License-Identifier: GPL-2.0-or-later
/* The vmcore as a file: ELF header, program headers, notes, PT_LOAD data. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* sizeof(struct elf_prstatus): x86_64 (27 registers), arm64 (34) */
enum { PRSTATUS_SIZE = 336, PRSTATUS_SIZE_ARM64 = 392 };

static size_t
note_len(size_t namesz, size_t descsz)
{
	return 12 + ((namesz + 3) & ~3UL) + ((descsz + 3) & ~3UL);
}

static uint8_t *
put_note(uint8_t *p, const char *name, uint32_t type, const void *desc,
	 size_t descsz)
{
	Elf64_Nhdr nh = { (Elf64_Word)strlen(name) + 1, (Elf64_Word)descsz,
			  type };

	memcpy(p, &nh, sizeof(nh));
	p += sizeof(nh);
	memcpy(p, name, nh.n_namesz);
	p += (nh.n_namesz + 3) & ~3U;
	memcpy(p, desc, descsz);
	return p + ((descsz + 3) & ~3UL);
}

static void
add_load(struct gen_machine *m, uint64_t paddr, uint64_t vaddr, uint64_t size)
{
	struct gen_load *l = &m->loads[m->nloads++];

	l->paddr = paddr;
	l->vaddr = vaddr;
	l->size = size;
}

static void
build_head(struct gen_machine *m)
{
	size_t vlen = strlen(m->vmcoreinfo), notes, i;
	uint64_t off;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	bool a64 = m->spec.arch == GEN_ARCH_ARM64;
	size_t prsz = a64 ? PRSTATUS_SIZE_ARM64 : PRSTATUS_SIZE;
	uint8_t prs[PRSTATUS_SIZE_ARM64], *p;

	add_load(m, m->kernel_phys, gen_virt_kernel(m, m->kernel_phys),
		 m->kernel_size);
	for (i = 0; i < (size_t)m->spec.nram; i++)
		add_load(m, m->spec.ram[i].start,
			 gen_virt_direct(m, m->spec.ram[i].start),
			 m->spec.ram[i].end - m->spec.ram[i].start);
	notes = m->spec.cpus * note_len(5, prsz) +
		note_len(11, vlen);
	m->note_offset = sizeof(Elf64_Ehdr) +
			 (m->nloads + 1) * sizeof(Elf64_Phdr);
	m->note_size = notes;
	m->head_size = (m->note_offset + notes + m->page_size - 1) &
		       ~(m->page_size - 1);
	m->head = calloc(1, m->head_size);
	eh = (Elf64_Ehdr *)m->head;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_CORE;
	eh->e_machine = a64 ? EM_AARCH64 : EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = (Elf64_Half)(m->nloads + 1);
	ph = (Elf64_Phdr *)(m->head + sizeof(Elf64_Ehdr));
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = m->note_offset;
	ph[0].p_filesz = ph[0].p_memsz = notes;
	off = m->head_size;
	for (i = 0; i < (size_t)m->nloads; i++) {
		struct gen_load *l = &m->loads[i];

		l->offset = off;
		ph[i + 1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = 7,
			.p_offset = off, .p_vaddr = l->vaddr,
			.p_paddr = l->paddr, .p_filesz = l->size,
			.p_memsz = l->size };
		off += l->size;
	}
	m->file_size = off;
	p = m->head + m->note_offset;
	for (i = 0; i < (size_t)m->spec.cpus; i++) {
		memset(prs, 0, sizeof(prs));
		prs[32] = (uint8_t)(i + 1);	/* pr_pid */
		p = put_note(p, "CORE", NT_PRSTATUS, prs, prsz);
	}
	put_note(p, "VMCOREINFO", 0, m->vmcoreinfo, vlen);
}

int
gen_machine_init(struct gen_machine *m, const struct gen_spec *spec,
		 char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	m->spec = *spec;
	for (unsigned i = 0; i < GEN_LAYOUT_CACHE; i++)
		m->cache[i].nr = UINT64_MAX;
	if (gen_kernel_build(m, err, errlen))
		return -1;
	build_head(m);
	return 0;
}

void
gen_machine_free(struct gen_machine *m)
{
	unsigned i;

	for (i = 0; i < GEN_LAYOUT_CACHE; i++)
		free(m->cache[i].runs);
	free(m->kbuf);
	free(m->head);
	free(m->vmcoreinfo);
	free(m->template_text);
	free(m->memmap_index);
	free(m->memmap_sec);
	free(m->memmap_pa);
	free(m->hvo_head);
}

void
gen_read_phys(struct gen_machine *m, uint64_t paddr, uint64_t len,
	      uint8_t *buf)
{
	uint8_t page[GEN_MAX_PAGE_SIZE];

	while (len) {
		uint64_t pfn = paddr >> m->page_shift;
		uint64_t in = paddr & (m->page_size - 1);
		uint64_t n = SD_GEN_MIN(len, m->page_size - in);

		if (!gen_pfn_is_ram(m, pfn))
			memset(page, 0, sizeof(page));
		else
			gen_page_content(m, pfn, page);
		memcpy(buf, page + in, n);
		buf += n;
		paddr += n;
		len -= n;
	}
}

void
gen_read(struct gen_machine *m, uint64_t off, uint64_t len, uint8_t *buf)
{
	while (len) {
		uint64_t n = len;
		int i;

		if (off < m->head_size) {
			n = SD_GEN_MIN(len, m->head_size - off);
			memcpy(buf, m->head + off, n);
			goto next;
		}
		for (i = 0; i < m->nloads; i++) {
			struct gen_load *l = &m->loads[i];

			if (off >= l->offset && off < l->offset + l->size) {
				n = SD_GEN_MIN(len, l->offset + l->size - off);
				gen_read_phys(m, l->paddr + off - l->offset, n,
					      buf);
				goto next;
			}
		}
		memset(buf, 0, n);	/* beyond the end */
next:
		buf += n;
		off += n;
		len -= n;
	}
}
