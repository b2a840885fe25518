// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Adler-32 (RFC 1950) of a page, with AVX2 where the CPU has it.  zlib's
 * own checksum is a scalar loop, 4% of a -c dump; the compressor computes
 * the trailer here instead (compress_zlib.c), with the same result.
 *
 * For a chunk of 32 bytes b[0..31] entered with sums (a, b): a grows by
 * the byte sum and b by 32 * a plus sum((32 - i) * b[i]).  The vector
 * loop keeps the byte sums, the weighted sums, and the sum of the byte
 * sums before each chunk, and folds them in with 64-bit arithmetic once
 * per block (blocks are short enough that no lane overflows).
 */
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "sievedump/compress.h"

enum { MOD = 65521, BLOCK = 1 << 14 };

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx2"))) static uint64_t
hsum64(__m256i v)
{
	__m128i s = _mm_add_epi64(_mm256_castsi256_si128(v),
				  _mm256_extracti128_si256(v, 1));

	return (uint64_t)_mm_cvtsi128_si64(s) +
	       (uint64_t)_mm_extract_epi64(s, 1);
}

/* Whole 32-byte chunks of @p (@n of them, n * 32 <= BLOCK). */
__attribute__((target("avx2"))) static void
chunks_avx2(const uint8_t *p, size_t n, uint64_t *a, uint64_t *b)
{
	const __m256i w = _mm256_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25,
					   24, 23, 22, 21, 20, 19, 18, 17,
					   16, 15, 14, 13, 12, 11, 10, 9,
					   8, 7, 6, 5, 4, 3, 2, 1);
	const __m256i ones = _mm256_set1_epi16(1), zero = _mm256_setzero_si256();
	__m256i sum = zero, before = zero, wsum = zero;
	size_t i;

	for (i = 0; i < n; i++) {
		__m256i d = _mm256_loadu_si256((const __m256i *)(p + 32 * i));

		before = _mm256_add_epi64(before, sum);
		sum = _mm256_add_epi64(sum, _mm256_sad_epu8(d, zero));
		wsum = _mm256_add_epi32(wsum, _mm256_madd_epi16(
				_mm256_maddubs_epi16(d, w), ones));
	}
	*b += 32 * n * *a + 32 * hsum64(before) +
	      hsum64(_mm256_add_epi64(_mm256_cvtepu32_epi64(
						_mm256_castsi256_si128(wsum)),
					_mm256_cvtepu32_epi64(
						_mm256_extracti128_si256(wsum, 1))));
	*a += hsum64(sum);
}

/* libgcc fills the CPU model before main; reading it is a load and a test */
static int
have_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}
#endif

uint32_t
sd_adler32(uint32_t adler, const uint8_t *p, size_t len)
{
#if defined(__x86_64__) && defined(__GNUC__)
	uint64_t a = adler & 0xffff, b = adler >> 16;

	if (!have_avx2())
		return (uint32_t)adler32(adler, p, (uInt)len);
	while (len) {
		size_t n = len < BLOCK ? len : BLOCK, whole = n / 32, i;

		chunks_avx2(p, whole, &a, &b);
		for (i = whole * 32; i < n; i++) {
			a += p[i];
			b += a;
		}
		a %= MOD;
		b %= MOD;
		p += n;
		len -= n;
	}
	return (uint32_t)(b << 16 | a);
#else
	return (uint32_t)adler32(adler, p, (uInt)len);
#endif
}
