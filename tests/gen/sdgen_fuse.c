// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sdgen-fuse: serve a synthetic vmcore of any size as MOUNTPOINT/vmcore.
 *
 *   sdgen-fuse [--templates DIR] (SPECFILE | -e SPEC) MOUNTPOINT [fuse opts]
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

#include "gen.h"

#ifndef SDGEN_TEMPLATE_DIR
#define SDGEN_TEMPLATE_DIR "tests/gen/templates"
#endif

static struct gen_machine *
machine(void)
{
	return fuse_get_context()->private_data;
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
	struct gen_machine *m = machine();

	if ((uint64_t)off >= m->file_size)
		return 0;
	if ((uint64_t)off + size > m->file_size)
		size = (size_t)(m->file_size - (uint64_t)off);
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
	static struct gen_machine m;
	struct gen_spec spec;
	const char *templates = getenv("SDGEN_TEMPLATES");
	char err[256], *fargv[16];
	int i = 1, fargc = 0, rc;

	if (!templates)
		templates = SDGEN_TEMPLATE_DIR;
	if (i + 1 < argc && !strcmp(argv[i], "--templates")) {
		templates = argv[i + 1];
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
	if (rc || i >= argc || gen_machine_init(&m, &spec, err, sizeof(err))) {
		fprintf(stderr, "sdgen-fuse: %s\n", rc || i < argc ? err :
			"missing MOUNTPOINT");
		return 1;
	}
	fargv[fargc++] = argv[0];
	fargv[fargc++] = "-s";
	for (; i < argc && fargc < 15; i++)
		fargv[fargc++] = argv[i];
	rc = fuse_main(fargc, fargv, &ops, &m);
	gen_machine_free(&m);
	return rc;
}
