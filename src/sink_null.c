// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The null sink (--dry-run): stores nothing and counts what would have
 * been written.  Like makedumpfile's dry run, the -L limit applies to the
 * running byte count, and with -F the flattened headers count too.
 */
#include <stdlib.h>

#include "sievedump/kdump_format.h"
#include "sievedump/sink.h"

struct null_priv {
	bool flat;	/* count the flattened format's headers too (-F) */
};

static sd_status
count(struct sd_sink *s, size_t len, struct sd_err *err)
{
	size_t fit = sd_sink_fit(s->limit, s->bytes, len);

	s->bytes += fit;
	if (fit < len)
		return sd_sink_limit_error(s, err);
	return SD_OK;
}

static sd_status
null_write(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	   struct sd_err *err)
{
	struct null_priv *np = s->priv;
	sd_status st = SD_OK;

	(void)off;
	(void)buf;
	if (np->flat)
		st = count(s, SD_FLAT_RECORD_HEADER, err);
	if (!st)
		st = count(s, len, err);
	return st;
}

static sd_status
null_begin(struct sd_sink *s, uint64_t off, uint64_t len, struct sd_err *err)
{
	struct null_priv *np = s->priv;

	(void)off;
	(void)len;
	return np->flat ? count(s, SD_FLAT_RECORD_HEADER, err) : SD_OK;
}

static sd_status
null_piece(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	   struct sd_err *err)
{
	(void)off;
	(void)buf;
	return count(s, len, err);
}

static sd_status
null_size(struct sd_sink *s, uint64_t *ret, struct sd_err *err)
{
	(void)err;
	*ret = s->bytes;
	return SD_OK;
}

static sd_status
null_restart(struct sd_sink *s, struct sd_err *err)
{
	(void)err;
	s->nospace = false;
	return SD_OK;
}

static sd_status
null_finish(struct sd_sink *s, struct sd_err *err)
{
	struct null_priv *np = s->priv;

	return np->flat ? count(s, SD_FLAT_RECORD_HEADER, err) : SD_OK;
}

static void
null_close(struct sd_sink *s)
{
	free(s->priv);
	free(s);
}

static const struct sd_sink_ops null_ops = {
	.version = 1,
	.name = "null",
	.write = null_write,
	.begin = null_begin,
	.piece = null_piece,
	.size = null_size,
	.restart = null_restart,
	.finish = null_finish,
	.close = null_close,
};

sd_status
sd_sink_open_null(const char *name, bool flat, uint64_t limit,
		  struct sd_sink **ret, struct sd_err *err)
{
	struct null_priv *np;
	struct sd_sink *s;
	sd_status st;

	st = sd_sink_new(&null_ops, name ? name : "(dry run)", sizeof(*np), &s,
			 err);
	if (st)
		return st;
	np = s->priv;
	np->flat = flat;
	s->limit = limit;
	s->fd = -1;
	s->is_null = true;
	st = flat ? count(s, SD_FLAT_HEADER_SIZE, err) : SD_OK;
	if (st) {
		null_close(s);
		return st;
	}
	*ret = s;
	return SD_OK;
}
