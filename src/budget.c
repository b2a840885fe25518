// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How much memory we may use: --mem-budget, else what the kernel says is
 * available (MemAvailable, else MemFree), capped by the cgroup limit, minus
 * what the kernel itself needs while we run (page cache of the output, I/O
 * buffers, network buffers for ssh).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/plan.h"

static bool
meminfo_kb(const char *key, uint64_t *ret)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	size_t klen = strlen(key);
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			*ret = strtoull(line + klen + 1, NULL, 10) * 1024;
			found = true;
		}
	fclose(f);
	return found;
}

static bool
read_u64_file(const char *path, uint64_t *ret)
{
	FILE *f = fopen(path, "r");
	char buf[64];
	bool ok = false;

	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f) && strncmp(buf, "max", 3)) {
		*ret = strtoull(buf, NULL, 10);
		ok = true;
	}
	fclose(f);
	return ok;
}

/* The tightest memory.max from our cgroup (v2) up to the root. */
static void
cgroup_limit(struct sd_budget_source *s)
{
	char path[2048], line[1024], *cg = NULL;
	FILE *f = fopen("/proc/self/cgroup", "r");
	uint64_t lim, cur;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3)) {
			cg = line + 3;
			cg[strcspn(cg, "\n")] = '\0';
			break;
		}
	fclose(f);
	while (cg) {
		snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.max", cg);
		if (read_u64_file(path, &lim) &&
		    (!s->cgroup_limit || lim < s->cgroup_limit)) {
			s->cgroup_limit = lim;
			snprintf(path, sizeof(path),
				 "/sys/fs/cgroup%s/memory.current", cg);
			if (read_u64_file(path, &cur))
				s->cgroup_usage = cur;
		}
		char *slash = strrchr(cg, '/');

		if (!slash || slash == cg)
			break;
		*slash = '\0';
	}
}

sd_status
sd_budget_measure(uint64_t mem_budget, struct sd_budget_source *s,
		  struct sd_err *err)
{
	uint64_t avail, cg_left;

	memset(s, 0, sizeof(*s));
	s->mem_budget = mem_budget;
	if (mem_budget) {
		s->budget = mem_budget;
		return SD_OK;
	}
	if (!meminfo_kb("MemAvailable", &s->mem_available)) {
		if (!meminfo_kb("MemFree", &s->mem_available))
			return sd_fail(err, SD_ERR_SYSTEM,
				       "/proc/meminfo: neither MemAvailable nor MemFree found; give --mem-budget");
		s->used_memfree = true;
	}
	avail = s->mem_available;
	cgroup_limit(s);
	if (s->cgroup_limit) {
		cg_left = s->cgroup_limit > s->cgroup_usage ?
			  s->cgroup_limit - s->cgroup_usage : 0;
		if (cg_left < avail)
			avail = cg_left;
	}
	s->kernel_reserve = avail / 20 > (8ULL << 20) ? avail / 20 : 8ULL << 20;
	s->budget = avail > s->kernel_reserve ? avail - s->kernel_reserve : 0;
	return SD_OK;
}
