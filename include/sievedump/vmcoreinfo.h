/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_VMCOREINFO_H
#define SIEVEDUMP_VMCOREINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/status.h"

/**
 * VMCOREINFO: the kernel's "KEY=value\n" text (ELF note "VMCOREINFO", or a
 * file given with -i), parsed once into a table sorted by (kind, name).
 *
 * Parsing follows makedumpfile (doc/kernel-rules.md):
 * - SYMBOL(x)=hex (no 0x); 0 and all-ones are invalid.
 * - SIZE/OFFSET/LENGTH/NUMBER: decimal (may be negative); if characters
 *   remain, the value is re-read as base 16 ("0xffff…" works).  Stored as
 *   64 bits (hex values wrap into negative int64, never clamp).
 * - PAGESIZE decimal (a power of two), CRASHTIME decimal, KERNELOFFSET hex,
 *   OSRELEASE a string; OSRELEASE and PAGESIZE are mandatory.
 * - Duplicate keys: the first line wins (makedumpfile's prefix search).
 * - A malformed value of a typed key is an error naming the line.
 * - Other keys (BUILD-ID, SRCFILE(…), CONFIG_…) are kept as strings.
 */
enum sd_vmci_kind {
	SD_VMCI_PLAIN = 0,	/**< KEY=… without parentheses */
	SD_VMCI_SYMBOL,
	SD_VMCI_SIZE,
	SD_VMCI_OFFSET,
	SD_VMCI_LENGTH,
	SD_VMCI_NUMBER,
	SD_VMCI_OTHER,		/**< FOO(x)=… of another kind; name = key */
};

struct sd_vmci_entry {
	const char *name;	/**< "page.flags", "PG_lru", "OSRELEASE" */
	const char *str;	/**< value text as written */
	uint64_t value;		/**< parsed value (typed kinds) */
	uint32_t line;		/**< 1-based line in the parsed text */
	uint8_t kind;		/**< enum sd_vmci_kind */
};

struct sd_vmcoreinfo {
	char *raw;		/**< the text exactly as given (not NUL-padded) */
	size_t raw_len;
	char *text;		/**< private parse copy */
	struct sd_vmci_entry *entries;	/**< sorted by (kind, name), unique */
	size_t n_entries;
	const char *origin;	/**< for messages: "VMCOREINFO note", a path */
	const char *osrelease;
	uint32_t page_size;
	uint32_t page_shift;
	bool has_crashtime;
	int64_t crashtime;
	bool has_kerneloffset;
	uint64_t kerneloffset;
	uint32_t n_duplicates;	/**< lines ignored because the key repeated */
	uint32_t n_conflicts;	/**< ... with a different value */
	char conflict[256];	/**< the first conflict, for a warning */
};

/**
 * Parse @len bytes of VMCOREINFO text.  The text may end with NUL padding
 * (note descriptors); parsing stops at the first NUL.  @origin names the
 * source in errors and must outlive the object.
 */
sd_status sd_vmci_parse(const char *text, size_t len, const char *origin,
			struct sd_vmcoreinfo **ret, struct sd_err *err)
	SD_MUST_CHECK;
/** Read and parse a text file (the -i FILE case). */
sd_status sd_vmci_load_file(const char *path, struct sd_vmcoreinfo **ret,
			    struct sd_err *err) SD_MUST_CHECK;
/**
 * The -i rule: keys of @file first, @note fills keys @file lacks.  SYMBOLs
 * taken from @file get the KASLR offset (KERNELOFFSET of @note) added.
 * @note may be NULL.  The result's raw text is @note's (else @file's).
 */
sd_status sd_vmci_merge(const struct sd_vmcoreinfo *file,
			const struct sd_vmcoreinfo *note,
			struct sd_vmcoreinfo **ret, struct sd_err *err)
	SD_MUST_CHECK;
void sd_vmci_free(struct sd_vmcoreinfo *v);

/** Exact lookup; NULL if absent. */
const struct sd_vmci_entry *sd_vmci_find(const struct sd_vmcoreinfo *v,
					 enum sd_vmci_kind kind,
					 const char *name);

/* Getters: SD_OK, or SD_ERR_NODATA when the key is absent (no message). */
sd_status sd_vmci_symbol(const struct sd_vmcoreinfo *v, const char *name,
			 uint64_t *ret);
sd_status sd_vmci_size(const struct sd_vmcoreinfo *v, const char *name,
		       int64_t *ret);
sd_status sd_vmci_offset(const struct sd_vmcoreinfo *v, const char *name,
			 int64_t *ret);
sd_status sd_vmci_length(const struct sd_vmcoreinfo *v, const char *name,
			 int64_t *ret);
sd_status sd_vmci_number(const struct sd_vmcoreinfo *v, const char *name,
			 int64_t *ret);
/** Value string of a plain key ("OSRELEASE", "BUILD-ID"); NULL if absent. */
const char *sd_vmci_string(const struct sd_vmcoreinfo *v, const char *key);

static inline bool
sd_vmci_has(const struct sd_vmcoreinfo *v, enum sd_vmci_kind kind,
	    const char *name)
{
	return sd_vmci_find(v, kind, name) != NULL;
}

#endif
