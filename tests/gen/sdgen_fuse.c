// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sdgen-fuse: serve a synthetic vmcore of any size as MOUNTPOINT/vmcore.
 *
 *   sdgen-fuse [--templates DIR] [--eio LIST] [--eio-pfn LIST]
 *              [--delay-us N] (SPECFILE | -e SPEC) MOUNTPOINT [fuse opts]
 *
 * Fault injection for the read-fault tests:
 *   --eio LIST      file byte ranges whose reads fail with EIO: a comma list
 *                   of OFF or OFF-END (hex with 0x, END exclusive)
 *   --eio-pfn LIST  the same for pfn ranges (PFN or PFN-END, END exclusive),
 *                   turned into file ranges through the PT_LOADs
 *   --delay-us N    sleep N microseconds in every read (slow machines for
 *                   the signal tests)
 * A read that touches a bad range fails as a whole, like a kernel read of
 * /proc/vmcore that meets a page the hypervisor refuses.
 *
 * Runs single-threaded (the generator caches section layouts); unmount with
 * fusermount3 -u MOUNTPOINT.
 */
#define FUSE_USE_VERSION 31
#include <errno.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gen.h"

#ifndef SDGEN_TEMPLATE_DIR
#define SDGEN_TEMPLATE_DIR "tests/gen/templates"
#endif

enum { MAX_BAD = 64 };

struct server {
	struct gen_machine m;
	struct gen_range bad[MAX_BAD];	/* file byte ranges failing with EIO */
	int nbad;
	unsigned delay_us;
};

static struct gen_machine *
machine(void)
{
	return &((struct server *)fuse_get_context()->private_data)->m;
}

static bool
hits_bad(const struct server *sv, uint64_t off, uint64_t len)
{
	for (int i = 0; i < sv->nbad; i++)
		if (off < sv->bad[i].end && sv->bad[i].start < off + len)
			return true;
	return false;
}

/* "A" or "A-B" items, comma separated; B exclusive. */
static int
parse_list(const char *text, struct gen_range *r, int *n)
{
	char *copy = strdup(text), *save = NULL, *item;
	int rc = 0;

	for (item = strtok_r(copy, ",", &save); item && !rc;
	     item = strtok_r(NULL, ",", &save)) {
		char *end;
		uint64_t a = strtoull(item, &end, 0), b = a + 1;

		if (*end == '-')
			b = strtoull(end + 1, &end, 0);
		if (*end || b <= a || *n >= MAX_BAD)
			rc = -1;
		else
			r[(*n)++] = (struct gen_range){ a, b };
	}
	free(copy);
	return rc;
}

/* pfn ranges to file ranges, per PT_LOAD that holds them. */
static void
pfns_to_file(struct server *sv, const struct gen_range *pfns, int n)
{
	const struct gen_machine *m = &sv->m;

	for (int i = 0; i < n; i++) {
		uint64_t a = pfns[i].start * m->page_size;
		uint64_t b = pfns[i].end * m->page_size;

		for (int j = 0; j < m->nloads && sv->nbad < MAX_BAD; j++) {
			const struct gen_load *l = &m->loads[j];
			uint64_t s = a > l->paddr ? a : l->paddr;
			uint64_t e = b < l->paddr + l->size ? b : l->paddr + l->size;

			if (s < e)
				sv->bad[sv->nbad++] = (struct gen_range){
					l->offset + (s - l->paddr),
					l->offset + (e - l->paddr) };
		}
	}
}

static int
fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	memset(st, 0, sizeof(*st));
	if (!strcmp(path, "/")) {
		st->st_mode = S_IFDIR | 0555;
		st->st_nlink = 2;
		return 0;
	}
	if (strcmp(path, "/vmcore"))
		return -ENOENT;
	st->st_mode = S_IFREG | 0444;
	st->st_nlink = 1;
	st->st_size = (off_t)machine()->file_size;
	st->st_blocks = st->st_size / 512;
	return 0;
}

static int
fs_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
	   struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	if (strcmp(path, "/"))
		return -ENOENT;
	fill(buf, ".", NULL, 0, 0);
	fill(buf, "..", NULL, 0, 0);
	fill(buf, "vmcore", NULL, 0, 0);
	return 0;
}

static int
fs_open(const char *path, struct fuse_file_info *fi)
{
	if (strcmp(path, "/vmcore"))
		return -ENOENT;
	if ((fi->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	fi->keep_cache = 1;
	return 0;
}

static int
fs_read(const char *path, char *buf, size_t size, off_t off,
	struct fuse_file_info *fi)
{
	struct server *sv = fuse_get_context()->private_data;
	struct gen_machine *m = &sv->m;

	if (sv->delay_us)
		usleep(sv->delay_us);
	if ((uint64_t)off >= m->file_size)
		return 0;
	if ((uint64_t)off + size > m->file_size)
		size = (size_t)(m->file_size - (uint64_t)off);
	if (hits_bad(sv, (uint64_t)off, size))
		return -EIO;
	gen_read(m, (uint64_t)off, size, (uint8_t *)buf);
	return (int)size;
}

static const struct fuse_operations ops = {
	.getattr = fs_getattr,
	.readdir = fs_readdir,
	.open = fs_open,
	.read = fs_read,
};

int
main(int argc, char **argv)
{
	static struct server sv;
	struct gen_machine *mp = &sv.m;
	struct gen_spec spec;
	struct gen_range bad_pfns[MAX_BAD];
	const char *templates = getenv("SDGEN_TEMPLATES");
	char err[256], *fargv[16];
	int i = 1, fargc = 0, rc = 0, nbad_pfns = 0;

	if (!templates)
		templates = SDGEN_TEMPLATE_DIR;
	while (i + 1 < argc && !strncmp(argv[i], "--", 2)) {
		if (!strcmp(argv[i], "--templates"))
			templates = argv[i + 1];
		else if (!strcmp(argv[i], "--eio"))
			rc = parse_list(argv[i + 1], sv.bad, &sv.nbad);
		else if (!strcmp(argv[i], "--eio-pfn"))
			rc = parse_list(argv[i + 1], bad_pfns, &nbad_pfns);
		else if (!strcmp(argv[i], "--delay-us"))
			sv.delay_us = (unsigned)strtoul(argv[i + 1], NULL, 0);
		else
			break;
		if (rc) {
			fprintf(stderr, "sdgen-fuse: bad list for %s: %s\n",
				argv[i], argv[i + 1]);
			return 1;
		}
		i += 2;
	}
	if (i + 1 < argc && !strcmp(argv[i], "-e")) {
		char *text = strdup(argv[i + 1]);

		for (char *p = text; *p; p++)
			if (*p == ';')
				*p = '\n';
		rc = gen_spec_parse(&spec, text, err, sizeof(err));
		free(text);
		i += 2;
	} else if (i < argc) {
		rc = gen_spec_load(&spec, argv[i++], err, sizeof(err));
	} else {
		rc = -1;
		snprintf(err, sizeof(err), "usage: sdgen-fuse (SPEC | -e SPEC) MOUNTPOINT");
	}
	spec.template_dir = templates;
	if (rc || i >= argc || gen_machine_init(mp, &spec, err, sizeof(err))) {
		fprintf(stderr, "sdgen-fuse: %s\n", rc || i < argc ? err :
			"missing MOUNTPOINT");
		return 1;
	}
	fargv[fargc++] = argv[0];
	fargv[fargc++] = "-s";
	for (; i < argc && fargc < 15; i++)
		fargv[fargc++] = argv[i];
	pfns_to_file(&sv, bad_pfns, nbad_pfns);
	rc = fuse_main(fargc, fargv, &ops, &sv);
	gen_machine_free(mp);
	return rc;
}
