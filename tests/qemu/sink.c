/*
 * sink.c - copy stdin to a device and report how many bytes were written.
 *
 *   sink DEVICE [OFFSET]
 *
 * OFFSET (bytes, default 0) is where on DEVICE the copy starts.
 * Used by /init in the capture kernel as "/dump.sh | sink /dev/vda"; prints
 * the byte count on stdout (busybox dd of Debian cannot).  Exit status 1 on
 * any read, write or fsync error.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	unsigned long long total = 0;
	ssize_t n;
	int fd;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: sink DEVICE [OFFSET]\n");
		return 1;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (argc == 3 &&
	    lseek(fd, (off_t)strtoull(argv[2], NULL, 0), SEEK_SET) < 0) {
		perror("sink: lseek");
		return 1;
	}
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		ssize_t off = 0;

		if (n < 0) {
			perror("sink: read");
			return 1;
		}
		while (off < n) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));

			if (w <= 0) {
				perror("sink: write");
				return 1;
			}
			off += w;
		}
		total += (unsigned long long)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		perror("sink: fsync");
		return 1;
	}
	printf("%llu\n", total);
	return 0;
}
