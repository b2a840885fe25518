/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_IO_H
#define SIEVEDUMP_IO_H

/*
 * Whole reads and writes on a file descriptor (io.c): the one place that
 * retries interrupted calls (EINTR, a signal handler installed without
 * SA_RESTART) and short transfers.  The callers word their own errors,
 * naming their file and offset; these functions only say what happened.
 */

#include <stddef.h>
#include <stdint.h>

/** For sd_io_write: write at the file position (write(2), not pwrite). */
#define SD_IO_AT_POSITION UINT64_MAX

/**
 * Read @len bytes at file offset @off, or fewer when the file ends first.
 * Returns 0 or the errno of the failed pread; *@got holds the bytes read
 * either way (the first one not read is at @off + *@got).
 */
int sd_io_pread(int fd, void *buf, size_t len, uint64_t off, size_t *got);

/** sd_io_pread from the file position (read(2)): pipes and terminals. */
int sd_io_read(int fd, void *buf, size_t len, size_t *got);

/**
 * Write all @len bytes at @off (or at the file position with
 * SD_IO_AT_POSITION).  Returns 0, the errno of the failed call, or ENOSPC
 * when the device took nothing; *@done holds the bytes written.
 */
int sd_io_write(int fd, const void *buf, size_t len, uint64_t off,
		size_t *done);

struct iovec;

/**
 * writev(2) all of @iov[0..@cnt) at the file position (the entries are
 * advanced past what was written).  Returns like sd_io_write.
 */
int sd_io_writev(int fd, struct iovec *iov, int cnt, size_t *done);

#endif
