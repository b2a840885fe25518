// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The source registry: the kinds of input file sievedump reads (ELF core,
 * kdump-compressed, flattened stream), each with a probe of the file's
 * first bytes and an open.  sd_source_open (job_open.c) picks the kind;
 * the readers themselves are read_elf.c and read_kdump.c.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/io.h"
#include "sievedump/kdump_format.h"
#include "sievedump/source.h"

/* ELF: the four magic bytes of e_ident. */
static bool
probe_elf(const uint8_t *head, size_t len)
{
	return len >= 4 && !memcmp(head, "\177ELF", 4);
}

/* kdump-compressed: "KDUMP   " at offset 0 (doc/format-kdump.md). */
static bool
probe_kdump(const uint8_t *head, size_t len)
{
	return len >= SD_KDUMP_SIG_LEN &&
	       !memcmp(head, SD_KDUMP_SIGNATURE, SD_KDUMP_SIG_LEN);
}

/* Flattened (-F): "makedumpfile" at offset 0 of the start header. */
static bool
probe_flat(const uint8_t *head, size_t len)
{
	size_t n = strlen(SD_FLAT_SIGNATURE);

	return len >= n && !memcmp(head, SD_FLAT_SIGNATURE, n);
}

/* A flattened stream is read by -R only (rebuild_flat.c), not dumped. */
static sd_status
open_flat(const char *path, const struct sd_source_opts *opts,
	  struct sd_budget *budget, struct sd_source **ret,
	  struct sd_err *err)
{
	(void)opts;
	(void)budget;
	(void)ret;
	return sd_fail(err, SD_ERR_UNSUPPORTED,
		       "%s: flattened input: rebuild it with -R first", path);
}

static const struct sd_source_kind kind_elf = {
	.version = 1,
	.name = "elf",
	.probe = probe_elf,
	.open = sd_source_open_elf,
};

static const struct sd_source_kind kind_kdump = {
	.version = 1,
	.name = "kdump",
	.probe = probe_kdump,
	.open = sd_source_open_kdump,
};

static const struct sd_source_kind kind_flat = {
	.version = 1,
	.name = "flat",
	.probe = probe_flat,
	.open = open_flat,
};

/* The first kind is also the reader of files no probe claims. */
static const struct sd_source_kind *const kinds[] = {
	&kind_elf,
	&kind_kdump,
	&kind_flat,
};

#define N_KINDS (sizeof(kinds) / sizeof(kinds[0]))

const struct sd_source_kind *
sd_source_kind_at(size_t i)
{
	return i < N_KINDS ? kinds[i] : NULL;
}

/* The file's first bytes; *len 0 if it cannot be opened or read. */
static void
read_head(const char *path, uint8_t *head, size_t cap, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0)
		return;
	if (sd_io_pread(fd, head, cap, 0, len))
		*len = 0;
	close(fd);
}

static const struct sd_source_kind *
pick_kind(const uint8_t *head, size_t len)
{
	size_t i;

	for (i = 0; i < N_KINDS; i++)
		if (kinds[i]->probe(head, len))
			return kinds[i];
	return kinds[0];
}

sd_status
sd_source_open(const char *path, const struct sd_source_opts *opts,
	       struct sd_budget *budget, struct sd_source **ret,
	       struct sd_err *err)
{
	uint8_t head[SD_SOURCE_PROBE_BYTES] = { 0 };
	const struct sd_source_kind *kind;
	struct sd_source *src;
	size_t len;
	sd_status st;

	read_head(path, head, sizeof(head), &len);
	kind = pick_kind(head, len);
	st = sd_ops_version_check("source kind", kind->name, kind->version,
				  SD_SOURCE_OPS_VERSION, err);
	st = st ? st : kind->open(path, opts, budget, &src, err);
	if (st)
		return st;
	st = sd_ops_version_check("source", src->ops->name,
				  src->ops->version, SD_SOURCE_OPS_VERSION,
				  err);
	if (st) {
		sd_source_close(src);
		return st;
	}
	*ret = src;
	return SD_OK;
}
