// SPDX-License-Identifier: GPL-2.0-or-later
/* The file sink: positioned writes to a new dump file (doc/format-kdump.md). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sievedump/io.h"
#include "sievedump/sink.h"

sd_status
sd_sink_new(const struct sd_sink_ops *ops, const char *name,
	    size_t priv_size, struct sd_sink **ret, struct sd_err *err)
{
	struct sd_sink *s;
	void *priv;
	sd_status st;

	st = sd_ops_version_check("sink", ops->name, ops->version,
				  SD_SINK_OPS_VERSION, err);
	if (st)
		return st;
	s = calloc(1, sizeof(*s));
	priv = calloc(1, priv_size);
	if (!s || !priv) {
		free(s);
		free(priv);
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	}
	s->ops = ops;
	s->name = name;
	s->priv = priv;
	*ret = s;
	return SD_OK;
}

sd_status
sd_sink_limit_error(struct sd_sink *s, struct sd_err *err)
{
	s->nospace = true;
	return sd_fail(err, SD_ERR_NOSPACE,
		       "Can't write the dump file(%s). Size limit(%" PRIu64 ") reached.",
		       s->name, s->limit);
}

sd_status
sd_sink_write_error(struct sd_sink *s, int errnum, struct sd_err *err)
{
	sd_status st = SD_ERR_SYSTEM;

	if (errnum == ENOSPC || errnum == EDQUOT || errnum == EFBIG) {
		s->nospace = true;
		st = SD_ERR_NOSPACE;
	}
	sd_fail(err, st, "Can't write the dump file(%s). %s", s->name,
		strerror(errnum));
	err->errnum = errnum;
	return st;
}

sd_status
sd_sink_check_path(const char *path, bool force, struct sd_err *err)
{
	int e;

	if (access(path, F_OK) != 0)
		return SD_OK;
	if (force) {
		if (access(path, W_OK) == 0)
			return SD_OK;
		e = errno;
	} else {
		e = EEXIST;
	}
	return sd_fail(err, SD_ERR_SYSTEM, "Can't open the dump file (%s). %s",
		       path, strerror(e));
}

sd_status
sd_sink_check_distinct(const char *path, const char *other,
		       struct sd_err *err)
{
	struct stat a, b;

	if (!strcmp(path, other) ||
	    (!stat(path, &a) && !stat(other, &b) && a.st_dev == b.st_dev &&
	     a.st_ino == b.st_ino))
		return sd_fail(err, SD_ERR_INVALID,
			       "%s and %s are the same file; refusing to write over it",
			       path, other);
	return SD_OK;
}

struct file_priv {
	bool force;
};

static sd_status
file_write(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	   struct sd_err *err)
{
	size_t fit = sd_sink_fit(s->limit, off, len), done;
	int e = sd_io_write(s->fd, buf, fit, off, &done);

	s->bytes += done;
	if (e)
		return sd_sink_write_error(s, e, err);
	if (fit < len)
		return sd_sink_limit_error(s, err);
	return SD_OK;
}

static sd_status
file_size(struct sd_sink *s, uint64_t *ret, struct sd_err *err)
{
	off_t end = lseek(s->fd, 0, SEEK_END);

	if (end < 0)
		return sd_fail_errno(err, errno,
				     "Can't seek end of the dump file(%s)",
				     s->name);
	*ret = (uint64_t)end;
	return SD_OK;
}

static sd_status
file_create(struct sd_sink *s, bool force, struct sd_err *err)
{
	int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;

	if (!force)
		flags |= O_EXCL;
	s->fd = open(s->name, flags, S_IRUSR | S_IWUSR);
	if (s->fd < 0)
		return sd_fail(err, SD_ERR_SYSTEM,
			       "Can't open the dump file(%s). %s", s->name,
			       strerror(errno));
	return SD_OK;
}

static sd_status
file_restart(struct sd_sink *s, struct sd_err *err)
{
	struct file_priv *fp = s->priv;

	close(s->fd);
	s->fd = -1;
	if (unlink(s->name) < 0 && errno != ENOENT)
		return sd_fail_errno(err, errno, "deleting %s for the retry",
				     s->name);
	s->nospace = false;
	return file_create(s, fp->force, err);
}

static sd_status
file_finish(struct sd_sink *s, struct sd_err *err)
{
	if (close(s->fd) < 0) {
		s->fd = -1;
		return sd_fail_errno(err, errno, "closing %s", s->name);
	}
	s->fd = -1;
	return SD_OK;
}

static void
file_close(struct sd_sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->priv);
	free(s);
}

static const struct sd_sink_ops file_ops = {
	.version = 1,
	.name = "file",
	.write = file_write,
	.size = file_size,
	.restart = file_restart,
	.finish = file_finish,
	.close = file_close,
};

sd_status
sd_sink_open_file(const char *path, bool force, uint64_t limit,
		  struct sd_sink **ret, struct sd_err *err)
{
	struct file_priv *fp;
	struct sd_sink *s;
	sd_status st;

	st = sd_sink_new(&file_ops, path, sizeof(*fp), &s, err);
	if (st)
		return st;
	fp = s->priv;
	fp->force = force;
	s->limit = limit;
	s->seekable = true;
	st = file_create(s, force, err);
	if (st) {
		file_close(s);
		return st;
	}
	*ret = s;
	return SD_OK;
}

/* ---- a plain stream (standard output): bytes in order, no seeking ---- */

static sd_status
stream_write(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	     struct sd_err *err)
{
	size_t done;
	int e = sd_io_write(s->fd, buf, len, SD_IO_AT_POSITION, &done);

	(void)off;
	s->bytes += done;
	return e ? sd_sink_write_error(s, e, err) : SD_OK;
}

static sd_status
stream_cannot(struct sd_sink *s, uint64_t *ret, struct sd_err *err)
{
	(void)ret;
	return sd_fail(err, SD_ERR_UNSUPPORTED, "%s is a stream", s->name);
}

static sd_status
stream_restart(struct sd_sink *s, struct sd_err *err)
{
	return stream_cannot(s, NULL, err);
}

static sd_status
stream_finish(struct sd_sink *s, struct sd_err *err)
{
	(void)s;
	(void)err;
	return SD_OK;
}

static void
stream_close(struct sd_sink *s)
{
	free(s->priv);	/* the descriptor stays the caller's */
	free(s);
}

static const struct sd_sink_ops stream_ops = {
	.version = 1,
	.name = "stream",
	.write = stream_write,
	.size = stream_cannot,
	.restart = stream_restart,
	.finish = stream_finish,
	.close = stream_close,
};

sd_status
sd_sink_open_stream(int fd, const char *name, struct sd_sink **ret,
		    struct sd_err *err)
{
	struct sd_sink *s = NULL;
	sd_status st = sd_sink_new(&stream_ops, name, 1, &s, err);

	if (st)
		return st;
	s->fd = fd;
	*ret = s;
	return SD_OK;
}
