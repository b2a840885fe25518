// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sdgen: write a synthetic vmcore (sparse file) and its ground truth.
 *
 *   sdgen [options] SPECFILE [OUT.vmcore]
 *   sdgen [options] -e 'key=value;key=value' [OUT.vmcore]
 * Options:
 *   --templates DIR   VMCOREINFO templates (default: built-in path)
 *   --truth FILE      write "start count class [order]" runs
 *   --report LEVEL    print the expected makedumpfile report for LEVEL
 *   --kept LEVEL FILE write the kept pfn runs "start end" at LEVEL
 *   --info            print the layout (symbols, bases, sizes)
 *   --vmemmap FILE    write the vmemmap's runs "pfn count phys_pfn map
 *                     kind": the struct pages of pfns [pfn, pfn + count)
 *                     lie on the count / 64 frames from phys_pfn, mapped by
 *                     4k, 2m or 1g entries; kind is own, shared (hvo: a
 *                     frame behind 8 vmemmap pages) or hosted
 *                     (memmap_on_memory: inside the section it describes)
 *   --vmcoreinfo FILE write the VMCOREINFO as `makedumpfile -g` would from
 *                     vmlinux: kernel-image symbols without the KASLR offset
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

#ifndef SDGEN_TEMPLATE_DIR
#define SDGEN_TEMPLATE_DIR "tests/gen/templates"
#endif

struct args {
	const char *spec_file, *spec_text, *out, *truth, *kept_file, *vmci;
	const char *vmemmap;
	const char *templates;
	int report_level, kept_level;
	int info;
};

static int
usage(void)
{
	fprintf(stderr, "usage: sdgen [--templates DIR] [--truth FILE] "
		"[--report LEVEL] [--kept LEVEL FILE] [--info] [--vmcoreinfo FILE] "
		"[--vmemmap FILE] (SPECFILE | -e SPEC) [OUT.vmcore]\n"
		"spec keys (gen_spec.c): flavour paging mem ram seed kaslr cpus "
		"pattern run_mean mix crashtime osrelease corrupt\n"
		"  vmemmap=4k|2m|1g hvo=N memmap_on_memory=N[:reserved]\n"
		"  arch=x86_64|arm64 pagesize=4096|16384|65536 va=BITS va_actual=48\n");
	return 2;
}

static int
parse_args(int argc, char **argv, struct args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	a->report_level = a->kept_level = -1;
	a->templates = getenv("SDGEN_TEMPLATES");
	if (!a->templates)
		a->templates = SDGEN_TEMPLATE_DIR;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--templates") && i + 1 < argc)
			a->templates = argv[++i];
		else if (!strcmp(argv[i], "--truth") && i + 1 < argc)
			a->truth = argv[++i];
		else if (!strcmp(argv[i], "--report") && i + 1 < argc)
			a->report_level = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--kept") && i + 2 < argc) {
			a->kept_level = atoi(argv[++i]);
			a->kept_file = argv[++i];
		} else if (!strcmp(argv[i], "--vmcoreinfo") && i + 1 < argc)
			a->vmci = argv[++i];
		else if (!strcmp(argv[i], "--vmemmap") && i + 1 < argc)
			a->vmemmap = argv[++i];
		else if (!strcmp(argv[i], "--info"))
			a->info = 1;
		else if (!strcmp(argv[i], "-e") && i + 1 < argc)
			a->spec_text = argv[++i];
		else if (argv[i][0] == '-')
			return -1;
		else if (!a->spec_file && !a->spec_text)
			a->spec_file = argv[i];
		else if (!a->out)
			a->out = argv[i];
		else
			return -1;
	}
	return (a->spec_file || a->spec_text) ? 0 : -1;
}

static int
page_zero(const uint8_t *p, uint64_t size)
{
	size_t i;

	for (i = 0; i < size; i += 8)
		if (*(const uint64_t *)(p + i))
			return 0;
	return 1;
}

/* Write the file sparsely: all-zero pages stay holes. */
static int
write_vmcore(struct gen_machine *m, const char *path)
{
	enum { CHUNK = 256 };
	static uint8_t buf[CHUNK * GEN_MAX_PAGE_SIZE];
	uint64_t off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0) {
		fprintf(stderr, "sdgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (off < m->file_size) {
		uint64_t n = SD_GEN_MIN(CHUNK * m->page_size, m->file_size - off);
		uint64_t i;

		gen_read(m, off, n, buf);
		for (i = 0; i < n; i += m->page_size) {
			uint64_t len = SD_GEN_MIN(m->page_size, n - i);

			if (len == m->page_size && page_zero(buf + i, len))
				continue;
			if (pwrite(fd, buf + i, len, (off_t)(off + i)) !=
			    (ssize_t)len) {
				fprintf(stderr, "sdgen: %s: write: %s\n", path,
					strerror(errno));
				close(fd);
				return -1;
			}
		}
		off += n;
	}
	if (ftruncate(fd, (off_t)m->file_size) || close(fd)) {
		fprintf(stderr, "sdgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int
write_kept(struct gen_machine *m, int level, const char *path)
{
	FILE *f = fopen(path, "w");
	uint64_t pfn, start = UINT64_MAX;

	if (!f)
		return -1;
	for (pfn = 0; pfn <= m->max_pfn; pfn++) {
		bool k = pfn < m->max_pfn && gen_pfn_is_ram(m, pfn) &&
			 gen_kept(m, pfn, level);

		if (k && start == UINT64_MAX)
			start = pfn;
		if (!k && start != UINT64_MAX) {
			fprintf(f, "0x%" PRIx64 " 0x%" PRIx64 "\n", start, pfn);
			start = UINT64_MAX;
		}
	}
	return fclose(f);
}

/* Is @v a kernel-image address (x86_64: the kernel text mapping)? */
static bool
in_image(const struct gen_machine *m, uint64_t v)
{
	uint64_t start = gen_virt_kernel(m, m->kernel_phys);

	if (m->spec.arch != GEN_ARCH_ARM64)
		return v >= 0xffffffff80000000ULL;
	return v >= start && v - start < m->kernel_size;
}

/* The VMCOREINFO with kernel-image symbols un-relocated (as from vmlinux). */
static int
write_vmcoreinfo(const struct gen_machine *m, const char *path)
{
	FILE *f = fopen(path, "w");
	const char *p = m->vmcoreinfo;

	if (!f)
		return -1;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		unsigned long long v;

		if (!strncmp(p, "SYMBOL(mem_section)=", 20))
			/* vmlinux knows the variable, a pointer since 4.15 */
			fprintf(f, "SYMBOL(mem_section)=%llx\n",
				(unsigned long long)(m->sym_mem_section_ptr -
						     m->kernel_offset));
		else if (!strncmp(p, "LENGTH(mem_section)=", 20))
			;	/* DWARF sees a pointer: no array length */
		else if (!strncmp(p, "SYMBOL(", 7) && eq &&
		    sscanf(eq + 1, "%llx", &v) == 1 && in_image(m, v))
			fprintf(f, "%.*s=%llx\n", (int)(eq - p), p,
				v - m->kernel_offset);
		else
			fprintf(f, "%.*s\n", (int)len, p);
		p += len + (nl != NULL);
	}
	return fclose(f);
}

static void
print_info(const struct gen_machine *m)
{
	printf("max_pfn 0x%" PRIx64 "\nsections %" PRIu64 " present %" PRIu64
	       "\npage_offset 0x%" PRIx64 "\nvmemmap_base 0x%" PRIx64
	       "\nkernel_phys 0x%" PRIx64 "\nphys_base 0x%" PRIx64
	       "\nkerneloffset 0x%" PRIx64 "\nmemmap_phys 0x%" PRIx64
	       "\nmemmap_size %" PRIu64 "\nfile_size %" PRIu64 "\n",
	       m->max_pfn, m->nsections, m->npresent, m->page_offset,
	       m->vmemmap_base, m->kernel_phys, m->phys_base,
	       m->kernel_offset, m->memmap_phys, m->memmap_size, m->file_size);
	if (m->spec.vmemmap_map != (2ULL << 20) || m->nhvo ||
	    m->mom_first < m->nsections)
		printf("vmemmap_map %s\nhvo %zu\nmom_first_pfn 0x%" PRIx64 "\n",
		       m->spec.vmemmap_map == m->page_size ? "4k" :
		       m->spec.vmemmap_map == (1ULL << 30) ? "1g" : "2m",
		       m->nhvo, m->mom_first * m->pps);
	gen_corrupt_info(m, stdout);
}

int
main(int argc, char **argv)
{
	static struct gen_machine m;
	struct gen_spec spec;
	struct args a;
	char err[256], *text = NULL;
	int rc = 0;

	if (parse_args(argc, argv, &a))
		return usage();
	if (a.spec_text) {
		text = strdup(a.spec_text);
		for (char *p = text; *p; p++)
			if (*p == ';')
				*p = '\n';
		rc = gen_spec_parse(&spec, text, err, sizeof(err));
		free(text);
	} else {
		rc = gen_spec_load(&spec, a.spec_file, err, sizeof(err));
	}
	spec.template_dir = a.templates;
	if (rc || gen_machine_init(&m, &spec, err, sizeof(err))) {
		fprintf(stderr, "sdgen: %s\n", err);
		return 1;
	}
	if (a.info)
		print_info(&m);
	if (a.vmci && write_vmcoreinfo(&m, a.vmci))
		rc = 1;
	if (a.out && write_vmcore(&m, a.out))
		rc = 1;
	if (a.truth) {
		FILE *f = fopen(a.truth, "w");

		if (!f || gen_truth_write(&m, f) || fclose(f))
			rc = 1;
	}
	if (a.vmemmap) {
		FILE *f = fopen(a.vmemmap, "w");

		if (!f || gen_vmemmap_write(&m, f) || fclose(f))
			rc = 1;
	}
	if (a.kept_level >= 0 && write_kept(&m, a.kept_level, a.kept_file))
		rc = 1;
	if (a.report_level >= 0) {
		struct gen_counts c;

		gen_counts(&m, a.report_level, &c);
		gen_report_print(&c, stdout);
	}
	gen_machine_free(&m);
	return rc;
}
