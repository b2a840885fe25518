// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Spec format: one "key = value" per line, '#' starts a comment.
 *   flavour  = 6.1 | 6.12          kernel whose structures are imitated
 *   arch     = x86_64 | arm64      machine (arm64: gen_arm64.c)
 *   paging   = 4 | 5               x86_64 page-table depth
 *   pagesize = 4096 | 16384 | 65536   arm64 page size (4096)
 *   va       = 39 | 42 | 47 | 48 | 52   arm64 VA_BITS (48); see gen_arm64.c
 *                                  for the pairs with pagesize
 *   va_actual = 48                 arm64 52-bit kernel on a CPU without
 *                                  LPA2 (4 and 16 KiB pages): 48 bits used
 *   mem      = 1G                  RAM size; holes are added below 1 MiB and
 *                                  at 3-4 GiB as on a PC (ignored with ram=);
 *                                  arm64: one range from 1 GiB (QEMU virt)
 *   ram      = 0x1000-0x9f000,0x100000-0x40000000   explicit RAM ranges
 *   seed     = 1
 *   kaslr    = yes | no
 *   cpus     = 2
 *   pattern  = realistic | alternating | clustered
 *   run_mean = 64                  mean run length in pages
 *   mix      = kernel:20 cache:20 anon:20 free:30 ...   class weights
 *   crashtime = 1700000000
 *   osrelease = 6.1.0-53-amd64
 *   corrupt  = ms_entry:1 buddy_order:255 ...   see gen_corrupt.c
 *   vmemmap  = 4k | 2m | 1g        page size of the vmemmap mappings (2m);
 *                                  1g needs RAM at a 1 GiB boundary in the
 *                                  last range for the struct page array
 *   hvo      = 0                   hugetlb pages whose vmemmap is optimised
 *                                  as kernel 6.1 does (4k or 2m only)
 *   memmap_on_memory = 0[:reserved]  the last N present sections hold their
 *                                  own struct pages in their first 512
 *                                  pfns, which say free (or reserved)
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

static const char *const class_names[GC_NCLASS] = {
	[GC_HOLE] = "hole", [GC_RESERVED] = "reserved",
	[GC_KERNEL] = "kernel", [GC_ZERO] = "zero", [GC_SLAB] = "slab",
	[GC_CACHE] = "cache", [GC_CACHE_PRIVATE] = "cache_private",
	[GC_SHMEM] = "shmem", [GC_ANON] = "anon", [GC_ANON_THP] = "anon_thp",
	[GC_FILE_THP] = "file_thp", [GC_HUGETLB] = "hugetlb",
	[GC_FREE] = "free", [GC_FREE_ZERO] = "free_zero",
	[GC_HWPOISON] = "hwpoison", [GC_OFFLINE] = "offline",
};

const char *
gen_class_name(enum gen_class c)
{
	return c < GC_NCLASS ? class_names[c] : "?";
}

uint64_t
gen_parse_size(const char *s, int *ok)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	*ok = (errno == 0 && end != s);
	switch (toupper((unsigned char)*end)) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	case 'T': v <<= 40; end++; break;
	default: break;
	}
	if (*end && !isspace((unsigned char)*end))
		*ok = 0;
	return v;
}

static void
default_spec(struct gen_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->flavour = GEN_FLAVOUR_61;
	s->paging = 4;
	s->seed = 1;
	s->kaslr = true;
	s->cpus = 2;
	s->pattern = GEN_PAT_REALISTIC;
	s->run_mean = 64;
	s->crashtime = 1700000000;
	s->vmemmap_map = 2ULL << 20;
	s->mix[GC_KERNEL] = 15;
	s->mix[GC_ZERO] = 5;
	s->mix[GC_SLAB] = 5;
	s->mix[GC_CACHE] = 15;
	s->mix[GC_CACHE_PRIVATE] = 4;
	s->mix[GC_SHMEM] = 3;
	s->mix[GC_ANON] = 15;
	s->mix[GC_ANON_THP] = 4;
	s->mix[GC_FILE_THP] = 2;
	s->mix[GC_HUGETLB] = 2;
	s->mix[GC_FREE] = 25;
	s->mix[GC_FREE_ZERO] = 4;
	s->mix[GC_HWPOISON] = 0.05;
	s->mix[GC_OFFLINE] = 0.5;
	s->mem = 256ULL << 20;
	s->va_bits = 48;
}

/* RAM like QEMU's arm64 "virt" machine: one range from 1 GiB. */
static void
arm64_ranges(struct gen_spec *s, uint64_t mem)
{
	s->nram = 1;
	s->ram[0] = (struct gen_range){ 0x40000000, 0x40000000 + mem };
}

/* RAM like a PC: [4K, 636K), [1M, 3G), [4G, ...). */
static void
pc_ranges(struct gen_spec *s, uint64_t mem)
{
	uint64_t left = mem;
	uint64_t low_end = 0xc0000000ULL;

	s->nram = 0;
	s->ram[s->nram++] = (struct gen_range){ 0x1000, 0x9f000 };
	left -= SD_GEN_MIN(left, 0x9e000);
	if (0x100000 + left <= low_end) {
		s->ram[s->nram++] = (struct gen_range){ 0x100000,
							0x100000 + left };
		return;
	}
	s->ram[s->nram++] = (struct gen_range){ 0x100000, low_end };
	left -= low_end - 0x100000;
	s->ram[s->nram++] = (struct gen_range){ 0x100000000ULL,
						0x100000000ULL + left };
}

static int
parse_ranges(struct gen_spec *s, char *v, char *err, size_t errlen)
{
	char *tok, *save = NULL;
	int ok1, ok2;

	s->nram = 0;
	for (tok = strtok_r(v, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');

		if (!dash || s->nram >= GEN_MAX_RANGES) {
			snprintf(err, errlen, "bad ram range '%s'", tok);
			return -1;
		}
		*dash = '\0';
		s->ram[s->nram].start = gen_parse_size(tok, &ok1);
		s->ram[s->nram].end = gen_parse_size(dash + 1, &ok2);
		if (!ok1 || !ok2 || s->ram[s->nram].end <= s->ram[s->nram].start ||
		    (s->nram && s->ram[s->nram].start < s->ram[s->nram - 1].end)) {
			snprintf(err, errlen, "bad ram range '%s-%s'", tok,
				 dash + 1);
			return -1;
		}
		s->nram++;
	}
	return 0;
}

static int
parse_mix(struct gen_spec *s, char *v, char *err, size_t errlen)
{
	char *tok, *save = NULL;
	int c;

	memset(s->mix, 0, sizeof(s->mix));
	for (tok = strtok_r(v, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char *colon = strchr(tok, ':');

		if (!colon)
			goto bad;
		*colon = '\0';
		for (c = GC_KERNEL; c < GC_NCLASS; c++)
			if (!strcmp(tok, class_names[c]))
				break;
		if (c == GC_NCLASS)
			goto bad;
		s->mix[c] = strtod(colon + 1, NULL);
	}
	return 0;
bad:
	snprintf(err, errlen, "bad mix entry '%s'", tok);
	return -1;
}

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
set_key(struct gen_spec *s, const char *k, char *v, char *err, size_t errlen)
{
	int ok = 1;

	if (!strcmp(k, "flavour") || !strcmp(k, "flavor")) {
		if (!strcmp(v, "6.1"))
			s->flavour = GEN_FLAVOUR_61;
		else if (!strcmp(v, "6.12"))
			s->flavour = GEN_FLAVOUR_612;
		else
			ok = 0;
	} else if (!strcmp(k, "arch")) {
		s->arch = !strcmp(v, "arm64") ? GEN_ARCH_ARM64 : GEN_ARCH_X86_64;
		ok = !strcmp(v, "arm64") || !strcmp(v, "x86_64");
	} else if (!strcmp(k, "pagesize")) {
		s->page_size = gen_parse_size(v, &ok);
	} else if (!strcmp(k, "va")) {
		s->va_bits = atoi(v);
	} else if (!strcmp(k, "va_actual")) {
		s->va_actual = atoi(v);
	} else if (!strcmp(k, "paging")) {
		s->paging = atoi(v);
		ok = s->paging == 4 || s->paging == 5;
	} else if (!strcmp(k, "mem")) {
		uint64_t mem = gen_parse_size(v, &ok);

		if (ok && mem >= (16ULL << 20))
			pc_ranges(s, mem);
		else
			ok = 0;
		s->mem = mem;
		s->ram_given = false;
	} else if (!strcmp(k, "ram")) {
		s->ram_given = true;
		return parse_ranges(s, v, err, errlen);
	} else if (!strcmp(k, "mix")) {
		return parse_mix(s, v, err, errlen);
	} else if (!strcmp(k, "seed")) {
		s->seed = strtoull(v, NULL, 0);
	} else if (!strcmp(k, "kaslr")) {
		s->kaslr = !strcmp(v, "yes") || !strcmp(v, "1");
	} else if (!strcmp(k, "cpus")) {
		s->cpus = atoi(v);
		ok = s->cpus >= 1 && s->cpus <= 256;
	} else if (!strcmp(k, "pattern")) {
		if (!strcmp(v, "realistic"))
			s->pattern = GEN_PAT_REALISTIC;
		else if (!strcmp(v, "alternating"))
			s->pattern = GEN_PAT_ALTERNATING;
		else if (!strcmp(v, "clustered"))
			s->pattern = GEN_PAT_CLUSTERED;
		else
			ok = 0;
	} else if (!strcmp(k, "run_mean")) {
		s->run_mean = strtod(v, NULL);
		ok = s->run_mean >= 1;
	} else if (!strcmp(k, "crashtime")) {
		s->crashtime = strtoull(v, NULL, 0);
	} else if (!strcmp(k, "corrupt")) {
		return gen_corrupt_parse(s, v, err, errlen);
	} else if (!strcmp(k, "vmemmap")) {
		s->vmemmap_map = !strcmp(v, "4k") ? 4096 :
				 !strcmp(v, "2m") ? 2ULL << 20 :
				 !strcmp(v, "1g") ? 1ULL << 30 : 0;
		ok = s->vmemmap_map != 0;
	} else if (!strcmp(k, "hvo")) {
		s->hvo = gen_parse_size(v, &ok);
	} else if (!strcmp(k, "memmap_on_memory")) {
		char *colon = strchr(v, ':');

		if (colon)
			*colon++ = '\0';
		s->mom = gen_parse_size(v, &ok);
		s->mom_reserved = colon && !strcmp(colon, "reserved");
		ok = ok && (!colon || s->mom_reserved);
	} else if (!strcmp(k, "osrelease")) {
		snprintf(s->osrelease, sizeof(s->osrelease), "%s", v);
	} else {
		snprintf(err, errlen, "unknown spec key '%s'", k);
		return -1;
	}
	if (!ok)
		snprintf(err, errlen, "bad value '%s' for '%s'", v, k);
	return ok ? 0 : -1;
}

int
gen_spec_parse(struct gen_spec *spec, const char *text, char *err,
	       size_t errlen)
{
	char *copy = strdup(text), *line, *save = NULL;
	int lineno = 0, rc = 0;

	default_spec(spec);
	pc_ranges(spec, 256ULL << 20);
	for (line = strtok_r(copy, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		char *hash = strchr(line, '#'), *eq, *k;

		lineno++;
		if (hash)
			*hash = '\0';
		k = trim(line);
		if (!*k)
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			snprintf(err, errlen, "line %d: expected key = value",
				 lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		rc = set_key(spec, trim(k), trim(eq + 1), err, errlen);
	}
	if (!rc && spec->vmemmap_map == (1ULL << 30) &&
	    (spec->hvo || spec->mom)) {
		snprintf(err, errlen,
			 "hvo and memmap_on_memory need vmemmap=4k or 2m");
		rc = -1;
	}
	if (!rc && spec->arch == GEN_ARCH_ARM64) {
		if (!spec->ram_given)
			arm64_ranges(spec, spec->mem);
		rc = gen_arm64_check(spec, err, errlen);
	}
	if (!spec->osrelease[0])
		snprintf(spec->osrelease, sizeof(spec->osrelease),
			 "%s-sdgen-%s",
			 spec->flavour == GEN_FLAVOUR_61 ? "6.1.0" : "6.12.0",
			 spec->arch == GEN_ARCH_ARM64 ? "arm64" : "amd64");
	free(copy);
	return rc;
}

int
gen_spec_load(struct gen_spec *spec, const char *path, char *err,
	      size_t errlen)
{
	FILE *f = fopen(path, "r");
	char buf[65536];
	size_t n;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return gen_spec_parse(spec, buf, err, errlen);
}
