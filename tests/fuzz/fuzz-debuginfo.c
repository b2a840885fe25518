// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: a vmlinux for -x/-g (include/sievedump/debuginfo.h): the
 * ELF checks, libdw's reading of the DWARF, the name index, makedumpfile's
 * lookups and the -g text, and the type walks other modules use.  The
 * input is the file itself in a memfd, opened by its /proc/self/fd path;
 * the budget is 64 MiB.  Invariants: a failed open and a close give the
 * whole budget back; the text is NUL-terminated at its length.
 */
#include <fcntl.h>

#include "sievedump/alloc.h"
#include "sievedump/debuginfo.h"
#include "fuzz.h"

static void
walk(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	struct sd_dbg_type t, m;
	int64_t off, v;
	uint64_t a;
	char buf[64];

	if (!sd_dbg_type_by_name(d, "struct page", &t, &err)) {
		FUZZ_IGNORE(sd_dbg_member(d, &t, "lru.next", &off, &m, &err));
		FUZZ_IGNORE(sd_dbg_member(d, &t, "mapping", &off, &m, &err));
	}
	if (!sd_dbg_var_type(d, "node_data", &t, &err) &&
	    !sd_dbg_type_of(d, t.target, &m, &err))
		FUZZ_IGNORE(sd_dbg_type_of(d, m.target, &t, &err));
	FUZZ_IGNORE(sd_dbg_type_by_name(d, "nodemask_t", &t, &err));
	FUZZ_IGNORE(sd_dbg_enum_value(d, "PG_lru", &v, &err));
	if (!sd_dbg_symbol(d, "init_uts_ns", &a, &err))
		FUZZ_IGNORE(sd_dbg_read(d, a, buf, sizeof(buf), &err));
	FUZZ_IGNORE(sd_dbg_next_symbol(d, "max_pfn", &a, &err));
}

static void
texts(struct sd_dbg *d)
{
	struct sd_err err = { 0 };
	char *text = NULL;
	size_t len = 0;

	if (!sd_dbg_vmcoreinfo(d, 4096, NULL, &text, &len, &err)) {
		FUZZ_CHECK(text && strlen(text) == len);
		free(text);
	}
	text = NULL;
	if (!sd_dbg_vmcoreinfo(d, 4096, "6.1.0-fuzz", &text, &len, &err)) {
		FUZZ_CHECK(text && !strncmp(text, "OSRELEASE=6.1.0-fuzz\n", 21));
		free(text);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_budget budget;
	struct sd_dbg *d = NULL;
	struct sd_err err = { 0 };
	char path[64];
	int fd = fuzz_memfd("fuzz-vmlinux", data, size);

	if (fd < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	sd_budget_init(&budget, 64 << 20);
	if (sd_dbg_open(path, &budget, &d, &err)) {
		close(fd);
		FUZZ_CHECK(budget.used == 0);	/* nothing leaks on failure */
		return 0;
	}
	walk(d);
	texts(d);
	sd_dbg_close(d);
	FUZZ_CHECK(budget.used == 0);
	close(fd);
	return 0;
}
