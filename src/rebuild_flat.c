// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -R: rebuild a dump file from a flattened stream (doc/format-kdump.md).  The stream
 * is untrusted: every header is checked before its data is copied, and the
 * data goes to the file through the file sink in bounded chunks.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/alloc.h"
#include "sievedump/io.h"
#include "sievedump/kdump_format.h"
#include "sievedump/log.h"
#include "sievedump/sink.h"

enum { COPY_CHUNK = 1 << 20 };

/*
 * Read exactly @len bytes.  *@got receives what was read before an end of
 * input, which makes "clean end" and "truncated" distinguishable.
 */
static sd_status
read_full(int fd, void *buf, size_t len, size_t *got, struct sd_err *err)
{
	size_t done;
	int e = sd_io_read(fd, buf, len, &done);

	*got = done;
	if (e)
		return sd_fail_errno(err, e, "Can't read STDIN");
	if (done < len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "the flattened stream ends after %zu of %zu bytes",
			       done, len);
	return SD_OK;
}

static sd_status
read_start_header(int fd, struct sd_err *err)
{
	uint8_t head[SD_FLAT_HEADER_SIZE];
	struct sd_makedumpfile_header fh;
	size_t got;
	sd_status st;

	st = read_full(fd, head, sizeof(head), &got, err);
	if (st)
		return sd_wrap(err, st,
			       "Can't get header of flattened format");
	memcpy(&fh, head, sizeof(fh));
	/* compared as a C string, as makedumpfile does */
	if (memcmp(fh.signature, SD_FLAT_SIGNATURE,
		   sizeof(SD_FLAT_SIGNATURE)) != 0)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "Can't get signature of flattened format: the input does not start with \"makedumpfile\"");
	if (be64toh((uint64_t)fh.type) != SD_FLAT_TYPE)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "Can't get type of flattened format: type %" PRId64 ", expected %d",
			       (int64_t)be64toh((uint64_t)fh.type),
			       SD_FLAT_TYPE);
	/* the version is not checked, like makedumpfile -R */
	return SD_OK;
}

static sd_status
copy_record(int fd, struct sd_sink *out, uint64_t off, uint64_t size,
	    uint8_t *buf, struct sd_err *err)
{
	uint64_t done = 0;
	size_t got;
	sd_status st;

	while (done < size) {
		size_t n = (size_t)SD_MIN(size - done, (uint64_t)COPY_CHUNK);

		st = read_full(fd, buf, n, &got, err);
		if (st)
			return sd_wrap(err, st,
				       "Can't get data of flattened format (record at offset 0x%" PRIx64 ", %" PRIu64 " bytes)",
				       off, size);
		st = sd_sink_write(out, off + done, buf, n, err);
		if (st)
			return st;
		done += n;
	}
	return SD_OK;
}

static sd_status
rebuild(int fd, struct sd_sink *out, uint8_t *buf, struct sd_err *err)
{
	struct sd_makedumpfile_data_header h;
	uint64_t records = 0;
	int64_t off, size;
	size_t got;
	sd_status st;

	for (;;) {
		st = read_full(fd, &h, sizeof(h), &got, err);
		if (st)
			return sd_wrap(err, st,
				       "Can't get valid end header of flattened format (after %" PRIu64 " records)",
				       records);
		off = (int64_t)be64toh((uint64_t)h.offset);
		size = (int64_t)be64toh((uint64_t)h.buf_size);
		if (off < 0 || size <= 0)
			break;
		if (size > INT64_MAX - off)
			return sd_fail(err, SD_ERR_CORRUPT,
				       "flattened record %" PRIu64 ": offset 0x%" PRIx64 " + size %" PRId64 " overflows",
				       records, (uint64_t)off, size);
		st = copy_record(fd, out, (uint64_t)off, (uint64_t)size, buf,
				 err);
		if (st)
			return st;
		records++;
	}
	if (off != -1 || size != -1)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "Can't get valid end header of flattened format: record %" PRIu64 " has offset %" PRId64 " and size %" PRId64,
			       records, off, size);
	return SD_OK;
}

sd_status
sd_rebuild_flat(int in_fd, const char *path, bool force,
		struct sd_budget *budget, struct sd_log *log, struct sd_err *err)
{
	struct sd_sink *out = NULL;
	uint8_t *buf;
	sd_status st;

	(void)log;
	st = sd_balloc(budget, COPY_CHUNK, 0, "flattened copy buffer",
		       (void **)&buf, err);
	if (st)
		return st;
	/* no output file at all for what is not a flattened stream */
	st = read_start_header(in_fd, err);
	if (!st)
		st = sd_sink_open_file(path, force, 0, &out, err);
	if (!st)
		st = rebuild(in_fd, out, buf, err);
	if (!st)
		st = out->ops->finish(out, err);
	sd_sink_close(out);
	sd_bfree(budget, buf, COPY_CHUNK);
	return st;
}
