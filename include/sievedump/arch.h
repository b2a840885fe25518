/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_ARCH_H
#define SIEVEDUMP_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "sievedump/log.h"
#include "sievedump/source.h"
#include "sievedump/status.h"
#include "sievedump/vmcoreinfo.h"

struct sd_vtop;
struct sd_vtop_walk;

/**
 * What differs between the architectures sievedump dumps
 * (doc/architectures.md): one ops table per architecture, chosen from the
 * vmcore's ELF machine (or, for a kdump-compressed input, its utsname
 * machine).  Everything else (page classification, writers, the plan)
 * is the same code for all of them.
 */
struct sd_arch_ops {
	const char *name;		/**< "x86_64", "arm64" in messages */
	const char *uts_machine;	/**< utsname.machine: "x86_64", "aarch64" */
	uint16_t elf_machine;		/**< EM_X86_64 62, EM_AARCH64 183 */
	/** -e (exclude unused vmemmap) is possible on this architecture. */
	bool exclude_vmemmap;
	/**
	 * Fill the architecture's part of @vt (root table, phys_base,
	 * page_offset, geometry defaults) from VMCOREINFO and vt->src.
	 */
	sd_status (*vtop_init)(struct sd_vtop *vt,
			       const struct sd_vmcoreinfo *vi,
			       struct sd_err *err);
	/** Walk the page tables for @vaddr, recording every level. */
	sd_status (*walk)(struct sd_vtop *vt, uint64_t vaddr,
			  struct sd_vtop_walk *w, struct sd_err *err);
	/** phys_base from the PT_LOADs alone (no VMCOREINFO). */
	sd_status (*phys_base_from_loads)(const struct sd_source *src,
					  uint64_t *ret);
	/** -D: the translation facts as one "sievedump: ..." line. */
	void (*debug)(const struct sd_vtop *vt, struct sd_log *log);
};

extern const struct sd_arch_ops sd_arch_x86_64;
extern const struct sd_arch_ops sd_arch_arm64;

/** The architecture of ELF machine @machine, or NULL. */
const struct sd_arch_ops *sd_arch_by_elf(uint16_t machine);
/** The architecture whose utsname machine is @machine, or NULL. */
const struct sd_arch_ops *sd_arch_by_uts(const char *machine);
/** The supported architectures' names, "x86_64, arm64", for messages. */
const char *sd_arch_names(void);

#endif
