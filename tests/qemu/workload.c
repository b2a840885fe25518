/*
 * workload.c - memory for the first kernel to leave behind in the vmcore.
 *
 * Built static by mkinitramfs.sh and started by /init in the background:
 *
 *   workload [ANON_MIB [ZERO_MIB [FRAG_MIB]]]     (defaults 48 16 64)
 *
 * ANON_MIB  anonymous pages filled with a non-zero pattern (user data,
 *           transparent huge pages where the kernel chooses so),
 * ZERO_MIB  anonymous pages written with zeros (real, distinct zero pages),
 * FRAG_MIB  touched and then every other page unmapped, so that the free
 *           lists get many order-0 holes (fragmented free memory).
 *
 * Writes "ready" to stdout when done, then sleeps until the crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned char *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("workload: mmap");
		exit(1);
	}
	return p;
}

int main(int argc, char **argv)
{
	size_t mib = 1024 * 1024, pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t anon = (argc > 1 ? strtoul(argv[1], NULL, 0) : 48) * mib;
	size_t zero = (argc > 2 ? strtoul(argv[2], NULL, 0) : 16) * mib;
	size_t frag = (argc > 3 ? strtoul(argv[3], NULL, 0) : 64) * mib;
	unsigned char *a = map(anon), *z = map(zero), *f = map(frag);
	size_t i;

	/* Base pages here: a transparent huge page would neither be a
	 * plain zero page nor give holes when a 4 KiB piece is unmapped.
	 * The ANON region may use THP (compound pages in the dump). */
	madvise(z, zero, MADV_NOHUGEPAGE);
	madvise(f, frag, MADV_NOHUGEPAGE);

	for (i = 0; i < anon; i += pg)	/* page number in every page */
		memset(a + i, 0xa5 ^ (int)(i / pg), pg);
	for (i = 0; i < zero; i += pg)
		z[i] = 0;	/* write fault: a private zero-filled page */
	for (i = 0; i < frag; i += pg)
		f[i] = 1;
	for (i = pg; i < frag; i += 2 * pg)
		munmap(f + i, pg);

	mlockall(MCL_CURRENT);	/* best effort: keep it all resident */
	printf("ready anon=%zu zero=%zu frag=%zu\n", anon, zero, frag);
	fflush(stdout);
	for (;;)
		pause();
}
