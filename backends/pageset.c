// SPDX-License-Identifier: GPL-2.0-or-later
/* Page-set registry and helpers shared by every backend. */
#include <string.h>

#include "sievedump/pageset.h"

static const struct sd_pageset_ops *const backends[] = {
	&sd_pageset_plain_ops,
	&sd_pageset_extent_ops,
#ifdef HAVE_ROARING
	&sd_pageset_roaring_ops,
#endif
};

const struct sd_pageset_ops *
sd_pageset_backend(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

const struct sd_pageset_ops *
sd_pageset_backend_at(size_t i)
{
	return i < sizeof(backends) / sizeof(backends[0]) ? backends[i] : NULL;
}

sd_status
sd_pageset_init(struct sd_pageset *ps, const struct sd_pageset_ops *ops,
		uint64_t start, uint64_t end, struct sd_budget *budget,
		struct sd_err *err)
{
	sd_status st;

	memset(ps, 0, sizeof(*ps));
	st = sd_ops_version_check("page-set backend", ops->name, ops->version,
				  SD_PAGESET_OPS_VERSION, err);
	if (st)
		return st;	/* ps->ops stays NULL: release does nothing */
	ps->ops = ops;
	ps->start = start;
	ps->end = end;
	ps->budget = budget;
	return ops->init(ps, err);
}

void
sd_pageset_release(struct sd_pageset *ps)
{
	if (ps->ops)
		ps->ops->release(ps);
	ps->ops = NULL;
}

void
sd_pageset_get_bits(const struct sd_pageset *ps, uint64_t first,
		    uint8_t *out, uint64_t len)
{
	uint64_t end = first + len * 8, from = first;
	struct sd_range r;

	memset(out, 0, len);
	while (from < end && ps->ops->next_run(ps, from, &r) && r.start < end) {
		uint64_t p, e = r.end < end ? r.end : end;

		for (p = r.start; p < e && (p & 7); p++)
			out[(p - first) >> 3] |= 1u << (p & 7);
		if (p + 8 <= e && !((p - first) & 7)) {
			uint64_t whole = (e - p) & ~7ULL;

			memset(out + ((p - first) >> 3), 0xff, whole >> 3);
			p += whole;
		}
		for (; p < e; p++)
			out[(p - first) >> 3] |= 1u << (p & 7);
		from = e;
	}
}
