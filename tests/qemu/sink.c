/*
 * sink.c - copy stdin to a device and report how many bytes were written.
 *
 *   sink DEVICE
 *
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

	if (argc != 2) {
		fprintf(stderr, "usage: sink DEVICE\n");
		return 1;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		perror(argv[1]);
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
