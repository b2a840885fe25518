// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The source registry (src/source_registry.c): each kind's probe claims
 * its own first bytes only, sd_source_open sends a file to the right
 * reader; and the version check of every ops table kind (source, sink,
 * compressor, page set) refuses a table of another version.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/tap.h"
#include "sievedump/compress.h"
#include "sievedump/pageset.h"
#include "sievedump/sink.h"
#include "sievedump/source.h"

static const char elf_head[] = "\177ELF\2\1\1";
static const char kdump_head[] = "KDUMP   \1\0\0\0";
static const char flat_head[] = "makedumpfile\0\0\0";
static const char text_head[] = "#!/bin/sh\nexit\n";

static const struct sd_source_kind *
kind_named(const char *name)
{
	const struct sd_source_kind *k;
	size_t i;

	for (i = 0; (k = sd_source_kind_at(i)); i++)
		if (!strcmp(k->name, name))
			return k;
	return NULL;
}

/* How many kinds claim @head, and whether @want is one of them. */
static int
claims(const char *head, size_t len, const char *want, int *has_want)
{
	const struct sd_source_kind *k;
	size_t i;
	int n = 0;

	*has_want = 0;
	for (i = 0; (k = sd_source_kind_at(i)); i++)
		if (k->probe((const uint8_t *)head, len)) {
			n++;
			if (want && !strcmp(k->name, want))
				*has_want = 1;
		}
	return n;
}

static void
test_kinds(void)
{
	const struct sd_source_kind *k;
	size_t i;
	int ok_tables = 1, has;

	for (i = 0; (k = sd_source_kind_at(i)); i++)
		ok_tables &= k->version == SD_SOURCE_OPS_VERSION && k->name &&
			     k->probe && k->open;
	ok(i == 3 && ok_tables, "three kinds, each version 1 with probe and open");
	ok(kind_named("elf") && kind_named("kdump") && kind_named("flat"),
	   "kinds elf, kdump, flat");
	ok(claims(elf_head, 16, "elf", &has) == 1 && has, "ELF head: elf only");
	ok(claims(kdump_head, 16, "kdump", &has) == 1 && has,
	   "KDUMP head: kdump only");
	ok(claims(flat_head, 16, "flat", &has) == 1 && has,
	   "makedumpfile head: flat only");
	ok(claims(text_head, 16, NULL, &has) == 0, "text head: no kind");
	ok(claims(kdump_head, 7, NULL, &has) == 0 &&
	   claims(flat_head, 11, NULL, &has) == 0 &&
	   claims(elf_head, 3, NULL, &has) == 0, "short heads: no kind");
}

static int
write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int bad;

	if (fd < 0)
		return -1;
	bad = write(fd, buf, len) != (ssize_t)len;
	return close(fd) || bad ? -1 : 0;
}

/* sd_source_open of a file holding @head; its status, message in @err. */
static sd_status
open_head(const char *path, const char *head, size_t len, struct sd_err *err)
{
	struct sd_budget b;
	struct sd_source *src = NULL;
	sd_status st;

	sd_budget_init(&b, 0);
	if (head && write_file(path, head, len))
		return sd_fail(err, SD_ERR_SYSTEM, "cannot write %s", path);
	st = sd_source_open(path, NULL, &b, &src, err);
	if (!st)
		sd_source_close(src);
	if (b.used)
		return sd_fail(err, SD_ERR_NOMEM, "budget leak");
	return st;
}

static void
test_open(const char *dir)
{
	struct sd_err err = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/input", dir);
	ok(open_head(path, flat_head, 16, &err) == SD_ERR_UNSUPPORTED &&
	   strstr(err.msg, "/input: flattened input: rebuild it with -R first"),
	   "flattened input refused, rebuild with -R");
	ok(open_head(path, text_head, 16, &err) == SD_NOPROBE &&
	   strstr(err.msg, "not an ELF file"), "text: the ELF reader's error");
	ok(open_head(path, kdump_head, 12, &err) &&
	   strstr(err.msg, "/input"), "short KDUMP file: the kdump reader's error");
	ok(open_head(path, elf_head, 7, &err) &&
	   strstr(err.msg, "/input"), "short ELF file: the ELF reader's error");
	unlink(path);
	ok(open_head(path, NULL, 0, &err) && strstr(err.msg, "/input"),
	   "missing file: error names it");
}

static void
test_versions(void)
{
	struct sd_err err = { 0 };
	struct sd_pageset_ops ps_ops = *sd_pageset_backend("plain");
	struct sd_compressor_ops c_ops = *sd_compressor_get(SD_COMPRESS_ZLIB);
	struct sd_sink_ops s_ops = { .version = 2, .name = "odd" };
	struct sd_pageset ps;
	struct sd_budget b;
	struct sd_cctx cc;
	struct sd_sink *s = NULL;

	ok(!sd_ops_version_check("source", "elf", 1, 1, &err), "same version");
	ok(sd_ops_version_check("sink", "odd", 2, 1, &err) == SD_ERR_UNSUPPORTED &&
	   !strcmp(err.msg, "sink \"odd\": its ops table has version 2, this sievedump reads version 1"),
	   "other version refused, message names kind, table and versions");
	sd_budget_init(&b, 0);
	ps_ops.version = 2;
	ok(sd_pageset_init(&ps, &ps_ops, 0, 64, &b, &err) == SD_ERR_UNSUPPORTED &&
	   !ps.ops && !b.used, "page-set table of version 2 refused");
	sd_pageset_release(&ps);
	c_ops.version = 0;
	ok(sd_cctx_init(&cc, &c_ops, 4096, &b, &err) == SD_ERR_UNSUPPORTED &&
	   !cc.ops && !b.used && strstr(err.msg, "compressor \"zlib\""),
	   "compressor table of version 0 refused");
	sd_cctx_fini(&cc);
	ok(sd_sink_new(&s_ops, "x", 8, &s, &err) == SD_ERR_UNSUPPORTED && !s,
	   "sink table of version 2 refused");
	s_ops.version = SD_SINK_OPS_VERSION;
	ok(!sd_sink_new(&s_ops, "x", 8, &s, &err) && s && s->priv &&
	   s->ops == &s_ops && !strcmp(s->name, "x"), "sink table of version 1");
	if (s) {
		free(s->priv);
		free(s);
	}
}

int
main(void)
{
	char dir[] = "/tmp/sd-test-registry-XXXXXX";

	if (!mkdtemp(dir))
		return 99;
	test_kinds();
	test_open(dir);
	test_versions();
	rmdir(dir);
	return tap_done();
}
