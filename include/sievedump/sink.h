/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_SINK_H
#define SIEVEDUMP_SINK_H

/*
 * Where a format writer's bytes go.  A writer only ever does positioned
 * writes; the sink turns them into pwrite(2) on a file, flattened records
 * on standard output (-F), or a byte count (--dry-run, --plan).
 *
 * The -L limit and a full device behave as in makedumpfile (doc/format-kdump.md):
 * the write puts on disk what fits, sets @nospace and returns
 * SD_ERR_NOSPACE with "Can't write the dump file(X). ..." in the error, so
 * that the writer can mark the dump incomplete.  For files the limit
 * applies to the file offset (offset + size > limit); for a stream and the
 * null sink to the bytes written so far, as makedumpfile counts them.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sievedump/status.h"

struct sd_sink;

/** The version of struct sd_sink_ops this build reads. */
#define SD_SINK_OPS_VERSION 1

struct sd_sink_ops {
	unsigned version;	/**< 1 */
	const char *name;	/**< "file", "flat", "null" */
	/** Write @len bytes at offset @off of the output file. */
	sd_status (*write)(struct sd_sink *s, uint64_t off, const void *buf,
			   size_t len, struct sd_err *err);
	/**
	 * Size of the output so far (lseek SEEK_END; the byte count for the
	 * null sink), to tell which pages reached the disk after a short
	 * write.  SD_ERR_UNSUPPORTED for a stream.
	 */
	sd_status (*size)(struct sd_sink *s, uint64_t *ret,
			  struct sd_err *err);
	/** Start over for a -d retry: a file is deleted and re-created. */
	sd_status (*restart)(struct sd_sink *s, struct sd_err *err);
	/**
	 * Optional: a record of @len bytes at @off whose data follow in
	 * piece() calls; a stream writes its header now (so the record is
	 * the one a single write() would make, byte for byte).
	 */
	sd_status (*begin)(struct sd_sink *s, uint64_t off, uint64_t len,
			   struct sd_err *err);
	/** Optional: a piece of the record begun (at @off in a file). */
	sd_status (*piece)(struct sd_sink *s, uint64_t off, const void *buf,
			   size_t len, struct sd_err *err);
	/** Successful end (the flattened end marker). */
	sd_status (*finish)(struct sd_sink *s, struct sd_err *err);
	/** Release everything; never writes. */
	void (*close)(struct sd_sink *s);
};

struct sd_sink {
	const struct sd_sink_ops *ops;
	const char *name;	/**< for messages: the path, or "STDOUT" */
	uint64_t limit;		/**< -L bytes; 0 = none */
	uint64_t bytes;		/**< everything written (makedumpfile's write_bytes) */
	bool nospace;		/**< the limit or ENOSPC stopped a write */
	bool seekable;		/**< a header can be rewritten (files) */
	bool is_null;		/**< nothing is stored (--dry-run) */
	int fd;
	void *priv;
};

/**
 * makedumpfile's check before any work: an existing @path without @force
 * is "Can't open the dump file (X). File exists"; with @force it must be
 * writable.
 */
sd_status sd_sink_check_path(const char *path, bool force,
			     struct sd_err *err) SD_MUST_CHECK;
/**
 * SD_ERR_INVALID when @path and @other name the same file (the dump would
 * overwrite the vmcore it reads, or one --split part another).
 */
sd_status sd_sink_check_distinct(const char *path, const char *other,
				 struct sd_err *err) SD_MUST_CHECK;

/**
 * A zeroed sink on @ops with a zeroed private block of @priv_size bytes
 * (s->priv), named @name; every sd_sink_open_* makes its sink here, which
 * checks @ops for SD_SINK_OPS_VERSION.  Freed by the sink's close.
 */
sd_status sd_sink_new(const struct sd_sink_ops *ops, const char *name,
		      size_t priv_size, struct sd_sink **ret,
		      struct sd_err *err) SD_MUST_CHECK;

/** A new file (O_EXCL unless @force, mode 0600). */
sd_status sd_sink_open_file(const char *path, bool force, uint64_t limit,
			    struct sd_sink **ret, struct sd_err *err)
	SD_MUST_CHECK;
/**
 * The flattened stream on @fd (standard output for -F).  Writes the
 * 4096-byte start header at once.  SIGPIPE is ignored while the sink is
 * open so that a reader going away is a clear EPIPE error.
 */
sd_status sd_sink_open_flat(int fd, uint64_t limit, struct sd_sink **ret,
			    struct sd_err *err) SD_MUST_CHECK;
/**
 * Plain bytes in order on @fd (standard output for --dump-dmesg -F),
 * named @name; the descriptor is not closed with the sink.
 */
sd_status sd_sink_open_stream(int fd, const char *name, struct sd_sink **ret,
			      struct sd_err *err) SD_MUST_CHECK;
/**
 * Counts bytes, stores nothing (--dry-run); @name is for messages.  With
 * @flat the flattened format's start header, record headers and end marker
 * are counted as makedumpfile --dry-run -F counts them.
 */
sd_status sd_sink_open_null(const char *name, bool flat, uint64_t limit,
			    struct sd_sink **ret, struct sd_err *err)
	SD_MUST_CHECK;

static inline sd_status SD_MUST_CHECK
sd_sink_write(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	      struct sd_err *err)
{
	if (!len)
		return SD_OK;	/* zero-length records are never emitted */
	return s->ops->write(s, off, buf, len, err);
}

/** Begin a record written in pieces (see begin in the ops). */
static inline sd_status SD_MUST_CHECK
sd_sink_begin(struct sd_sink *s, uint64_t off, uint64_t len,
	      struct sd_err *err)
{
	if (!len || !s->ops->begin)
		return SD_OK;
	return s->ops->begin(s, off, len, err);
}

/** The next piece, at @off, of the record begun. */
static inline sd_status SD_MUST_CHECK
sd_sink_piece(struct sd_sink *s, uint64_t off, const void *buf, size_t len,
	      struct sd_err *err)
{
	if (!len)
		return SD_OK;
	return (s->ops->piece ? s->ops->piece : s->ops->write)(s, off, buf,
								  len, err);
}

static inline void
sd_sink_close(struct sd_sink *s)
{
	if (s)
		s->ops->close(s);
}

/* Shared by the sinks (sink_file.c). */
/** How much of a write of @len at position @pos fits under @limit. */
static inline size_t
sd_sink_fit(uint64_t limit, uint64_t pos, size_t len)
{
	if (!limit || pos + len <= limit)
		return len;
	return pos >= limit ? 0 : (size_t)(limit - pos);
}
/** The "Size limit(N) reached." error; sets s->nospace. */
sd_status sd_sink_limit_error(struct sd_sink *s, struct sd_err *err);
/** A failed write(2): ENOSPC sets s->nospace. */
/**
 * A write cache in front of a sink (makedumpfile's cache_data): bytes are
 * gathered and written in blocks of @cache_size at consecutive offsets, so
 * -F streams are cut where makedumpfile cuts them.  @buf holds cache_size
 * plus the largest single put.
 */
struct sd_wcache {
	uint8_t *buf;
	size_t cache_size;
	size_t buf_size;	/**< bytes gathered */
	uint64_t offset;	/**< file offset of buf[0] */
};

sd_status sd_wcache_put(struct sd_sink *s, struct sd_wcache *c, const void *p,
			size_t n, struct sd_err *err) SD_MUST_CHECK;
sd_status sd_wcache_flush(struct sd_sink *s, struct sd_wcache *c,
			  struct sd_err *err) SD_MUST_CHECK;

sd_status sd_sink_write_error(struct sd_sink *s, int errnum,
			      struct sd_err *err);

#endif
