// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The flattened sink (-F, doc/format-kdump.md): every positioned write becomes one
 * record, a 16-byte big-endian {offset, size} header and the data, after a
 * 4096-byte start header; {-1, -1} ends the stream.  Nothing is seeked, so
 * the stream can go through a pipe (ssh).
 */
#include <errno.h>
#include <endian.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sievedump/io.h"
#include "sievedump/kdump_format.h"
#include "sievedump/sink.h"

struct flat_priv {
	struct sigaction old_pipe;
	bool pipe_saved;
};

static sd_status
stream_error(struct sd_sink *s, int errnum, struct sd_err *err)
{
	if (errnum == EPIPE)
		return sd_fail(err, SD_ERR_SYSTEM,
			       "Can't write the dump file(%s). %s: the reader of the flattened stream went away",
			       s->name, strerror(errnum));
	return sd_sink_write_error(s, errnum, err);
}

/* Write all of @iov (at most 2 pieces), retrying short writes. */
static sd_status
writev_all(struct sd_sink *s, struct iovec *iov, int cnt, struct sd_err *err)
{
	size_t done;
	int e = sd_io_writev(s->fd, iov, cnt, &done);

	s->bytes += done;
	return e ? stream_error(s, e, err) : SD_OK;
}

/* Like makedumpfile's write_and_check_space: what fits, then the error. */
static sd_status
put(struct sd_sink *s, const void *a, size_t alen, const void *b, size_t blen,
    struct sd_err *err)
{
	size_t fit = sd_sink_fit(s->limit, s->bytes, alen + blen);
	struct iovec iov[2];
	int cnt = 0;
	sd_status st;

	if (fit && alen) {
		iov[cnt].iov_base = (void *)a;
		iov[cnt++].iov_len = SD_MIN(alen, fit);
	}
	if (fit > alen && blen) {
		iov[cnt].iov_base = (void *)b;
		iov[cnt++].iov_len = fit - alen;
	}
	st = writev_all(s, iov, cnt, err);
	if (st)
		return st;
	if (fit < alen + blen)
		return sd_sink_limit_error(s, err);
	return SD_OK;
}

static sd_status
flat_write(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	   struct sd_err *err)
{
	struct sd_makedumpfile_data_header h = {
		.offset = (int64_t)htobe64(off),
		.buf_size = (int64_t)htobe64(len),
	};

	return put(s, &h, sizeof(h), buf, len, err);
}

static sd_status
flat_begin(struct sd_sink *s, uint64_t off, uint64_t len, struct sd_err *err)
{
	struct sd_makedumpfile_data_header h = {
		.offset = (int64_t)htobe64(off),
		.buf_size = (int64_t)htobe64(len),
	};

	return put(s, &h, sizeof(h), NULL, 0, err);
}

static sd_status
flat_piece(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	   struct sd_err *err)
{
	(void)off;
	return put(s, buf, len, NULL, 0, err);
}

static sd_status
flat_size(struct sd_sink *s, uint64_t *ret, struct sd_err *err)
{
	(void)ret;
	return sd_fail(err, SD_ERR_UNSUPPORTED,
		       "Can't seek end of the dump file(%s).", s->name);
}

static sd_status
flat_restart(struct sd_sink *s, struct sd_err *err)
{
	(void)err;
	/* makedumpfile keeps streaming: later records override earlier ones */
	s->nospace = false;
	return SD_OK;
}

static sd_status
flat_finish(struct sd_sink *s, struct sd_err *err)
{
	struct sd_makedumpfile_data_header end;

	memset(&end, 0xff, sizeof(end));
	return put(s, &end, sizeof(end), NULL, 0, err);
}

static void
flat_close(struct sd_sink *s)
{
	struct flat_priv *fp = s->priv;

	if (fp && fp->pipe_saved)
		sigaction(SIGPIPE, &fp->old_pipe, NULL);
	free(fp);
	free(s);
}

static const struct sd_sink_ops flat_ops = {
	.version = 1,
	.name = "flat",
	.write = flat_write,
	.begin = flat_begin,
	.piece = flat_piece,
	.size = flat_size,
	.restart = flat_restart,
	.finish = flat_finish,
	.close = flat_close,
};

sd_status
sd_sink_open_flat(int fd, uint64_t limit, struct sd_sink **ret,
		  struct sd_err *err)
{
	struct sd_makedumpfile_header *fh;
	struct flat_priv *fp;
	struct sigaction ign;
	uint8_t head[SD_FLAT_HEADER_SIZE];
	struct sd_sink *s;
	sd_status st;

	st = sd_sink_new(&flat_ops, "STDOUT", sizeof(*fp), &s, err);
	if (st)
		return st;
	fp = s->priv;
	s->limit = limit;
	s->fd = fd;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	fp->pipe_saved = sigaction(SIGPIPE, &ign, &fp->old_pipe) == 0;

	memset(head, 0, sizeof(head));
	fh = (struct sd_makedumpfile_header *)head;
	memcpy(fh->signature, SD_FLAT_SIGNATURE, strlen(SD_FLAT_SIGNATURE));
	fh->type = (int64_t)htobe64(SD_FLAT_TYPE);
	fh->version = (int64_t)htobe64(SD_FLAT_VERSION);
	st = put(s, head, sizeof(head), NULL, 0, err);
	if (st) {
		flat_close(s);
		return st;
	}
	*ret = s;
	return SD_OK;
}
