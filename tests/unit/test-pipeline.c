// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The compression pipeline: results in page order, the same bytes for any
 * number of threads (overlapped submit/wait as the writer uses it), worker
 * failures stored raw, zero pages found, the budget given back.
 */
#include <stdlib.h>
#include <string.h>

#include "../lib/tap.h"
#include "sievedump/pipeline.h"

enum { PAGE = 4096, BATCH = 64, NPAGES = 1000 };

/* A fake compressor: "compresses" a page to its index (first 8 bytes) and
 * a tag; fails on pages whose byte 8 is 0xEE; counts calls per context. */
struct fake_ctx {
	unsigned calls;
};

static size_t
fake_bound(size_t len)
{
	return len + 16;
}

static uint64_t
fake_estimate(size_t page_size)
{
	(void)page_size;
	return sizeof(struct fake_ctx);
}

static sd_status
fake_new(size_t page_size, void **ret, struct sd_err *err)
{
	(void)page_size;
	(void)err;
	*ret = calloc(1, sizeof(struct fake_ctx));
	return *ret ? SD_OK : SD_ERR_NOMEM;
}

static void
fake_free(void *ctx)
{
	free(ctx);
}

static sd_status
fake_compress(void *ctx, const void *in, size_t len, void *out, size_t cap,
	      size_t *out_len)
{
	const uint8_t *p = in;

	((struct fake_ctx *)ctx)->calls++;
	if (p[8] == 0xEE || cap < 12 || len < 12)
		return SD_INCOMPRESSIBLE;
	memcpy(out, p, 8);
	memcpy((uint8_t *)out + 8, "FAKE", 4);
	*out_len = 12;
	return SD_OK;
}

static const struct sd_compressor_ops fake_ops = {
	.version = 1,
	.id = SD_COMPRESS_ZLIB, .name = "fake", .dh_flag = 0x40,
	.bound = fake_bound, .ctx_estimate = fake_estimate,
	.ctx_new = fake_new, .ctx_free = fake_free, .compress = fake_compress,
};

static uint8_t *pages;

/* Page i: zero every 7th, failing every 11th, else text-like or random. */
static void
make_pages(void)
{
	uint64_t i, j, x = 88172645463325252ULL;

	pages = calloc(NPAGES, PAGE);
	for (i = 0; i < NPAGES; i++) {
		uint8_t *p = pages + i * PAGE;

		if (i % 7 == 3)
			continue;
		for (j = 0; j < PAGE; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			p[j] = i % 3 ? "abcabcabd "[x % 10] : (uint8_t)x;
		}
		memcpy(p, &i, 8);
		p[8] = i % 11 == 5 ? 0xEE : 0x11;
	}
}

/* One result, flattened for comparison. */
struct seen {
	uint32_t size, flags;
	bool zero;
	uint8_t hash[8];
	bool raw_in_place;	/* raw data points at the input page */
};

static void
record(const struct sd_page_result *r, const uint8_t *in, struct seen *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	s->size = r->size;
	s->flags = r->flags;
	s->zero = r->zero;
	for (i = 0; i < r->size; i++)
		s->hash[i % 8] = (uint8_t)(s->hash[i % 8] * 31 + r->data[i]);
	s->raw_in_place = r->data == in;
}

/*
 * The writer's rhythm: fill k+1 while k compresses; wait k; then, if the
 * pipeline overlaps, submit k+1 before consuming k, else after.  Inputs
 * are copied into two alternating buffers, as the writer reads them.
 */
static void
consume(const struct sd_page_result *res, const uint8_t *in, size_t n,
	struct seen *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		record(&res[i], in + i * PAGE, &out[i]);
}

static void
run_all(const struct sd_compressor_ops *ops, unsigned threads,
	struct seen *out, struct sd_budget *b, const char *what)
{
	struct sd_pipeline p;
	struct sd_err err = { 0 };
	static uint8_t buf[2][BATCH * PAGE];
	const struct sd_page_result *res;
	size_t done = 0, n = BATCH, next, k;
	char name[128];

	snprintf(name, sizeof(name), "%s: init with %u threads", what, threads);
	ok(sd_pipeline_init(&p, threads, ops, PAGE, BATCH, true, b, &err) ==
	   SD_OK, name);
	memcpy(buf[0], pages, n * PAGE);
	sd_pipeline_submit(&p, buf[0], n);
	for (k = 0; done < NPAGES; k++) {
		uint8_t *cur = buf[k % 2], *nxt = buf[(k + 1) % 2];

		next = NPAGES - done - n < BATCH ? NPAGES - done - n : BATCH;
		if (next)
			memcpy(nxt, pages + (done + n) * PAGE, next * PAGE);
		if (next && sd_pipeline_overlaps(&p))
			sd_pipeline_submit(&p, nxt, next);
		res = sd_pipeline_wait(&p);
		consume(res, cur, n, out + done);
		if (next && !sd_pipeline_overlaps(&p))
			sd_pipeline_submit(&p, nxt, next);
		done += n;
		n = next;
	}
	sd_pipeline_fini(&p);
}

static void
check_fake(const struct seen *s, unsigned threads)
{
	int order = 1, fails = 1, zeros = 1;
	uint64_t i;
	char name[128];

	for (i = 0; i < NPAGES; i++) {
		if (i % 7 == 3) {
			zeros &= s[i].zero;
			continue;
		}
		zeros &= !s[i].zero;
		if (i % 11 == 5)
			fails &= s[i].flags == 0 && s[i].size == PAGE &&
				 s[i].raw_in_place;
		else
			order &= s[i].flags == 0x40 && s[i].size == 12;
	}
	snprintf(name, sizeof(name), "fake, %u threads: zero pages found", threads);
	ok(zeros, name);
	snprintf(name, sizeof(name), "fake, %u threads: failed pages stored raw, in place", threads);
	ok(fails, name);
	snprintf(name, sizeof(name), "fake, %u threads: every other page compressed", threads);
	ok(order, name);
}

/* The fake output is the page index: results are in page order. */
static void
check_order(unsigned threads, struct sd_budget *b)
{
	struct sd_pipeline p;
	struct sd_err err = { 0 };
	const struct sd_page_result *res;
	uint64_t i, idx;
	int good = 1;
	char name[128];

	if (sd_pipeline_init(&p, threads, &fake_ops, PAGE, BATCH, false, b,
			     &err))
		return;
	res = sd_pipeline_run(&p, pages, BATCH);
	for (i = 0; i < BATCH; i++) {
		if (i % 7 == 3 || i % 11 == 5)	/* zero; failing */
			continue;
		good &= res[i].flags == 0x40;
		memcpy(&idx, res[i].data, 8);
		good &= idx == i && !memcmp(res[i].data + 8, "FAKE", 4);
	}
	sd_pipeline_fini(&p);
	snprintf(name, sizeof(name), "fake, %u threads: result i is page i", threads);
	ok(good, name);
}

int
main(void)
{
	static const unsigned nthreads[] = { 1, 2, 3, 4, 8 };
	static const enum sd_compress real[] = {
		SD_COMPRESS_ZLIB, SD_COMPRESS_LZO, SD_COMPRESS_SNAPPY,
		SD_COMPRESS_ZSTD };
	struct seen *ref = calloc(NPAGES, sizeof(*ref));
	struct seen *got = calloc(NPAGES, sizeof(*got));
	struct sd_budget b;
	size_t t, c;
	char name[128];

	make_pages();
	sd_budget_init(&b, 0);
	for (t = 0; t < sizeof(nthreads) / sizeof(*nthreads); t++) {
		run_all(&fake_ops, nthreads[t], got, &b, "fake");
		check_fake(got, nthreads[t]);
		check_order(nthreads[t], &b);
	}
	for (c = 0; c < sizeof(real) / sizeof(*real); c++) {
		const struct sd_compressor_ops *ops = sd_compressor_get(real[c]);

		if (!ops)
			continue;
		run_all(ops, 1, ref, &b, ops->name);
		for (t = 1; t < sizeof(nthreads) / sizeof(*nthreads); t++) {
			run_all(ops, nthreads[t], got, &b, ops->name);
			snprintf(name, sizeof(name),
				 "%s: %u threads give the bytes of one", ops->name,
				 nthreads[t]);
			ok(!memcmp(ref, got, NPAGES * sizeof(*ref)), name);
		}
	}
	run_all(NULL, 2, got, &b, "raw");
	ok(got[1].flags == 0 && got[1].size == PAGE && got[1].raw_in_place &&
	   got[3].zero, "no compressor: pages stored raw, zero pages found");
	ok(b.used == 0, "every byte given back to the budget");
	free(ref);
	free(got);
	free(pages);
	return tap_done();
}
