// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whole reads and writes (include/sievedump/io.h): loops over pread,
 * read, pwrite and write that retry EINTR and continue after short
 * transfers, shared by every reader, writer and sink.
 */
#include "sievedump/io.h"

#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

static int
read_loop(int fd, void *buf, size_t len, uint64_t off, size_t *got)
{
	uint8_t *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t r = off == SD_IO_AT_POSITION ?
			read(fd, p + done, len - done) :
			pread(fd, p + done, len - done, (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*got = done;
			return r < 0 ? errno : 0;
		}
		done += (size_t)r;
	}
	*got = done;
	return 0;
}

int
sd_io_pread(int fd, void *buf, size_t len, uint64_t off, size_t *got)
{
	return read_loop(fd, buf, len, off, got);
}

int
sd_io_read(int fd, void *buf, size_t len, size_t *got)
{
	return read_loop(fd, buf, len, SD_IO_AT_POSITION, got);
}

int
sd_io_writev(int fd, struct iovec *iov, int cnt, size_t *done)
{
	size_t n = 0;

	while (cnt > 0) {
		ssize_t r = writev(fd, iov, cnt);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*done = n;
			return r < 0 ? errno : ENOSPC;
		}
		n += (size_t)r;
		while (cnt > 0 && (size_t)r >= iov->iov_len) {
			r -= (ssize_t)iov->iov_len;
			iov++;
			cnt--;
		}
		if (cnt > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + r;
			iov->iov_len -= (size_t)r;
		}
	}
	*done = n;
	return 0;
}

int
sd_io_write(int fd, const void *buf, size_t len, uint64_t off, size_t *done)
{
	const uint8_t *p = buf;
	size_t n = 0;

	while (n < len) {
		ssize_t r = off == SD_IO_AT_POSITION ?
			write(fd, p + n, len - n) :
			pwrite(fd, p + n, len - n, (off_t)(off + n));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			*done = n;
			return r < 0 ? errno : ENOSPC;
		}
		n += (size_t)r;
	}
	*done = n;
	return 0;
}
