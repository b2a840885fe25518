// SPDX-License-Identifier: GPL-2.0-or-later
/* The architectures sievedump dumps (doc/architectures.md). */
#include <string.h>

#include "sievedump/arch.h"

static const struct sd_arch_ops *const archs[] = {
	&sd_arch_x86_64,
	&sd_arch_arm64,
};

enum { N_ARCHS = sizeof(archs) / sizeof(archs[0]) };

const struct sd_arch_ops *
sd_arch_by_elf(uint16_t machine)
{
	unsigned int i;

	for (i = 0; i < N_ARCHS; i++)
		if (archs[i]->elf_machine == machine)
			return archs[i];
	return NULL;
}

const struct sd_arch_ops *
sd_arch_by_uts(const char *machine)
{
	unsigned int i;

	for (i = 0; i < N_ARCHS; i++)
		if (!strcmp(archs[i]->uts_machine, machine))
			return archs[i];
	return NULL;
}

const char *
sd_arch_names(void)
{
	return "x86_64, arm64";
}
