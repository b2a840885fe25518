// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: a kdump-compressed file as the refilter reads it
 * (read_kdump.c): disk_dump_header, kdump_sub_header, notes, the two
 * bitmaps, page descriptors and compressed pages.  The input is the file,
 * in a memfd opened by its /proc/self/fd path; the budget is 64 MiB.
 */
#include "sievedump/alloc.h"
#include "sievedump/source.h"
#include "fuzz.h"

enum { PAGES_READ = 4 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_source_opts opts = { 0 };
	struct sd_budget budget;
	struct sd_source *src = NULL;
	struct sd_err err = { 0 };
	struct sd_src_range *r;
	size_t n, i;
	char path[64];
	uint8_t *buf;
	int fd = fuzz_memfd("fuzz-kdump", data, size);

	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	sd_budget_init(&budget, 64 << 20);
	if (sd_source_open_kdump(path, &opts, &budget, &src, &err)) {
		close(fd);
		FUZZ_CHECK(budget.used == 0);
		return 0;
	}
	FUZZ_CHECK(src->page_size >= 512 && src->page_size <= 1 << 16);
	buf = malloc((size_t)PAGES_READ * src->page_size);
	if (buf && !sd_source_present_ranges(src, false, &r, &n, &err)) {
		for (i = 0; i < n && i < 8; i++) {
			uint64_t k = SD_FUZZ_MIN(r[i].end - r[i].start,
						 (uint64_t)PAGES_READ);

			FUZZ_CHECK(r[i].start < r[i].end);
			FUZZ_IGNORE(sd_source_read_pages(src, r[i].start, k,
							 buf, &err));
		}
		sd_bfree(&budget, r, n * sizeof(*r));
	}
	if (buf && !sd_source_data_ranges(src, &r, &n, &err))
		sd_bfree(&budget, r, n * sizeof(*r));
	if (buf) {
		FUZZ_IGNORE(sd_source_read_phys(src, 0, buf, src->page_size,
						&err));
		FUZZ_IGNORE(sd_source_read_pages(src, src->max_mapnr, 1, buf,
						 &err));
	}
	free(buf);
	sd_source_close(src);
	FUZZ_CHECK(budget.used == 0);
	close(fd);
	return 0;
}
