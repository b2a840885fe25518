/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ELF writer's state, shared by write_elf.c (segments, headers) and
 * write_elf_ops.c (writer ops, buffers, the ends of a run, the report).
 */
#ifndef SIEVEDUMP_WRITE_ELF_H
#define SIEVEDUMP_WRITE_ELF_H

#include <elf.h>

#include "sievedump/sink.h"
#include "sievedump/writer.h"

enum {
	PFN_EXCLUDED = 256,		/* makedumpfile's PFN_EXCLUDED */
	READ_BATCH_BYTES = 1 << 20,
	ELF_INCOMPLETE = 0x1,		/* DUMP_ELF_INCOMPLETE */
};

/* One input PT_LOAD being cut into segments. */
struct lwalk {
	Elf64_Phdr in;		/* the input PT_LOAD */
	Elf64_Phdr load;	/* the segment being built */
	uint64_t paddr;		/* its first byte */
	uint64_t memsz, filesz;
	uint64_t num_excluded;
	uint64_t pfn_start;	/* excludes a partial head page */
	uint64_t pfn_end;	/* includes a partial tail page */
	uint64_t frac_tail;
};

/* makedumpfile's struct cache_data: cache_size plus one page of slack. */
struct ewriter {
	struct sd_writer base;		/* the cycle driver's view */
	struct sd_job *job;
	struct sd_sink *sink;
	struct sd_budget *budget;
	uint32_t psz;
	Elf64_Ehdr eh;			/* the input's, e_phnum to be replaced */
	Elf64_Phdr note;		/* the input's first PT_NOTE */
	size_t ph_at, loads_seen;	/* walking src->elf's table */
	struct lwalk lw;		/* the PT_LOAD being walked */
	/* layout */
	bool writing;			/* pass 2 */
	bool progress_on;
	uint64_t visited;		/* rebuilt sets: pfns walked (memhole) */
	uint64_t segments;
	uint64_t elf_excluded;
	uint64_t num_dumpable, num_dumped;
	uint64_t off_seg;
	uint64_t off_note;		/* where the output's notes start */
	struct sd_wcache hdr, page;
	uint8_t *rbuf;
	size_t rbuf_len;
	uint64_t t0;
	/* the segment being copied, to cut it short after a fault */
	Elf64_Phdr cur;
	uint64_t cur_at;		/* file offset of its phdr */
	uint64_t cur_done;		/* its bytes in the data cache or file */
	bool cur_valid;
};

/* write_elf.c */
void ew_pass_begin(struct ewriter *w);
sd_status ew_cycle(struct ewriter *w, const struct sd_cycle *c,
		   const struct sd_pageset *set, struct sd_err *err);
sd_status ew_write_headers(struct ewriter *w, uint64_t *offset_load,
			   struct sd_err *err);

#endif
