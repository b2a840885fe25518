// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: an ELF64 core file (/proc/vmcore, a saved vmcore): the ELF
 * header, extended program header numbering, PT_LOADs, the PT_NOTE walk
 * and the VMCOREINFO note, then the range and read paths over the loads.
 * The input is the file itself, held in a memfd and opened by its
 * /proc/self/fd path (the reader takes a path).  The budget is 64 MiB as
 * a capture kernel's would be; the low bit of the size selects --non-mmap.
 */
#include <fcntl.h>

#include "sievedump/alloc.h"
#include "sievedump/source.h"
#include "sievedump/vmcoreinfo.h"
#include "fuzz.h"

enum { READ_MAX = 3 * 4096, MAX_LOADS_READ = 8 };

static void
check_ranges(struct sd_source *src, struct sd_budget *b)
{
	struct sd_src_range *r;
	struct sd_err err = { 0 };
	size_t n, i;

	if (!sd_source_present_ranges(src, false, &r, &n, &err)) {
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(r[i].start < r[i].end);
			FUZZ_CHECK(!i || r[i - 1].end < r[i].start);
		}
		sd_bfree(b, r, n * sizeof(*r));
	}
	if (!sd_source_present_ranges(src, true, &r, &n, &err))
		sd_bfree(b, r, n * sizeof(*r));
	if (!sd_source_data_ranges(src, &r, &n, &err)) {
		for (i = 0; i < n; i++)
			FUZZ_CHECK(r[i].start < r[i].end);
		sd_bfree(b, r, n * sizeof(*r));
	}
}

static void
read_some(struct sd_source *src, uint8_t *buf)
{
	struct sd_err err = { 0 };
	uint64_t x;
	size_t i;

	for (i = 0; i < src->n_loads && i < MAX_LOADS_READ; i++) {
		const struct sd_src_load *l = &src->loads[i];
		size_t len = l->memsz < READ_MAX ? (size_t)l->memsz : READ_MAX;

		if (l->paddr != SD_SRC_NO_PADDR)
			FUZZ_IGNORE(sd_source_read_phys(src, l->paddr, buf, len, &err));
	}
	FUZZ_IGNORE(sd_source_read_phys(src, 0, buf, READ_MAX, &err));
	FUZZ_IGNORE(sd_source_read_phys(src, UINT64_MAX - 7, buf, 16, &err));
	FUZZ_IGNORE(sd_source_read_pages(src, 0, 1, buf, &err));
	FUZZ_IGNORE(sd_source_read_pages(src, UINT64_MAX >> src->page_shift, 1, buf,
				   &err));
	(void)sd_source_phys_base_x86_64(src, &x);
	(void)sd_source_page_offset_x86_64(src, &x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_source_opts opts = { .non_mmap = size & 1, .window = 0 };
	struct sd_budget budget;
	struct sd_source *src = NULL;
	struct sd_err err = { 0 };
	char path[64];
	uint8_t *buf;
	int fd = fuzz_memfd("fuzz-elf", data, size);

	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	sd_budget_init(&budget, 64 << 20);
	if (sd_source_open_elf(path, &opts, &budget, &src, &err)) {
		close(fd);
		FUZZ_CHECK(budget.used == 0);	/* nothing leaks on failure */
		return 0;
	}
	FUZZ_CHECK(src->n_loads > 0);
	buf = malloc(READ_MAX);
	if (buf) {
		size_t vlen;
		const char *vi = sd_source_vmcoreinfo(src, &vlen);
		struct sd_vmcoreinfo *v = NULL;

		if (vi) {
			FUZZ_CHECK(src->vmcoreinfo_off + vlen <= src->notes_len);
			if (!sd_vmci_parse(vi, vlen, "VMCOREINFO note", &v, &err)) {
				FUZZ_IGNORE(sd_source_set_page_size(src, v->page_size,
							      &err));
				sd_vmci_free(v);
			}
		}
		check_ranges(src, &budget);
		read_some(src, buf);
		free(buf);
	}
	sd_source_close(src);
	FUZZ_CHECK(budget.used == 0);
	close(fd);
	return 0;
}
