// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target: VMCOREINFO text (the ELF note of a vmcore, or an -i file).
 * Parses the input, checks the table's invariants (sorted, unique, every
 * entry found again by lookup), and merges it as the -i rule does, with
 * itself as the note and with no note.
 */
#include <string.h>

#include "sievedump/vmcoreinfo.h"
#include "fuzz.h"

static const char *const probe_keys[] = {
	"OSRELEASE", "PAGESIZE", "CRASHTIME", "KERNELOFFSET", "BUILD-ID",
	"page", "page.flags", "PG_lru", "prb", "init_top_pgt", "mem_section",
};

static void
check(const struct sd_vmcoreinfo *v)
{
	size_t i;

	FUZZ_CHECK(v->osrelease && *v->osrelease);
	FUZZ_CHECK(v->page_size >= 512 && !(v->page_size & (v->page_size - 1)));
	FUZZ_CHECK(1u << v->page_shift == v->page_size);
	for (i = 0; i < v->n_entries; i++) {
		const struct sd_vmci_entry *e = &v->entries[i];

		FUZZ_CHECK(sd_vmci_find(v, e->kind, e->name) == e);
		if (i) {
			const struct sd_vmci_entry *p = e - 1;

			FUZZ_CHECK(p->kind < e->kind ||
				   (p->kind == e->kind &&
				    strcmp(p->name, e->name) < 0));
		}
	}
	for (i = 0; i < sizeof(probe_keys) / sizeof(probe_keys[0]); i++) {
		uint64_t u;
		int64_t s;

		(void)sd_vmci_string(v, probe_keys[i]);
		(void)sd_vmci_symbol(v, probe_keys[i], &u);
		(void)sd_vmci_size(v, probe_keys[i], &s);
		(void)sd_vmci_offset(v, probe_keys[i], &s);
		(void)sd_vmci_length(v, probe_keys[i], &s);
		(void)sd_vmci_number(v, probe_keys[i], &s);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_vmcoreinfo *v = NULL, *m = NULL;
	struct sd_err err = { 0 };

	if (sd_vmci_parse((const char *)data, size, "fuzz", &v, &err))
		return 0;
	check(v);
	if (!sd_vmci_merge(v, NULL, &m, &err)) {
		check(m);
		sd_vmci_free(m);
	}
	if (!sd_vmci_merge(v, v, &m, &err)) {
		check(m);
		sd_vmci_free(m);
	}
	sd_vmci_free(v);
	return 0;
}
