// SPDX-License-Identifier: GPL-2.0-or-later
/* Write caches in front of a sink, shared by every writer. */
#include <string.h>

#include "sievedump/sink.h"

sd_status
sd_wcache_put(struct sd_sink *s, struct sd_wcache *c, const void *p, size_t n,
	      struct sd_err *err)
{
	sd_status st;

	memcpy(c->buf + c->buf_size, p, n);
	c->buf_size += n;
	if (c->buf_size < c->cache_size)
		return SD_OK;
	st = sd_sink_write(s, c->offset, c->buf, c->cache_size, err);
	if (st)
		return st;
	c->buf_size -= c->cache_size;
	memmove(c->buf, c->buf + c->cache_size, c->buf_size);
	c->offset += c->cache_size;
	return SD_OK;
}

sd_status
sd_wcache_flush(struct sd_sink *s, struct sd_wcache *c, struct sd_err *err)
{
	sd_status st;

	if (!c->buf_size)
		return SD_OK;
	st = sd_sink_write(s, c->offset, c->buf, c->buf_size, err);
	if (st)
		return st;
	c->offset += c->buf_size;
	c->buf_size = 0;
	return SD_OK;
}
