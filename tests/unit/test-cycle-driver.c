// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cycle driver (src/cycle_driver.c) with a recording writer: on a
 * vmcore made by sdgen (RAM in three pieces, so three PT_LOADs), every
 * shape a writer can ask for (cycles over the pfn range or PT_LOAD by
 * PT_LOAD, one set or a set per cycle, with or without the zero-page
 * pass, one or two passes, several cycle sizes) must hand in cycles that
 * tile the range in order, and sets whose union is exactly the pages
 * sdgen says are kept (its --kept truth, zero pages left out only with
 * the zero-page pass).  Also: begin and end once per pass, close once, a
 * writer's error stops the try at once, pass_done ends a pass.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/tap.h"
#include "sievedump/job.h"
#include "sievedump/job_analyze.h"
#include "sievedump/job_open.h"
#include "sievedump/job_plan.h"
#include "sievedump/log.h"
#include "sievedump/mdf_cycle.h"
#include "sievedump/options.h"
#include "sievedump/writer.h"

#define SCRATCH_PAGES 16
#define RAM "ram=0x1000-0x9fc00,0x100000-0x6000000,0x8000000-0xa000000"

/* What the next writer is asked to do, and what it saw. */
struct shape {
	bool by_load, rebuild, zero_pass;
	unsigned passes;
	uint64_t cycle_pfns;
	int fail_at;		/* cycle number that fails (0: none) */
	int done_at;		/* cycle number that sets pass_done (0: none) */
};

struct rec {
	struct sd_writer w;
	struct shape sh;
	uint8_t *seen;		/* a byte per pfn: handed in this pass */
	uint16_t *owner;	/* by load: 1 + the load that had it last */
	uint64_t next_start;	/* by range: where the next cycle must start */
	size_t last_load;
	bool in_load, seen_load;
	int cycles, begins, ends, closes, order_bad, dup;
	uint64_t kept_union;	/* kept pfns summed over the pass */
	uint64_t pass_count[2];
	bool pass_match[2];
};

static const struct sd_writer_ops rec_ops;
static struct shape want;
static struct rec *last;
static uint8_t *truth;		/* a byte per pfn: sdgen's kept pages */
static int closes;

static sd_status
rec_open(struct sd_job *job, struct sd_sink *sink, struct sd_writer **ret,
	 struct sd_err *err)
{
	struct rec *r = calloc(1, sizeof(*r));

	(void)sink;
	if (!r)
		return sd_fail(err, SD_ERR_NOMEM, "test writer");
	r->w.ops = &rec_ops;
	r->w.job = job;
	r->sh = want;
	r->w.passes = want.passes;
	r->w.cycle_pfns = want.cycle_pfns;
	r->w.by_load = want.by_load;
	r->w.rebuild_sets = want.rebuild;
	r->w.zero_pass = want.zero_pass;
	r->w.scratch_len = SCRATCH_PAGES * (size_t)job->model.src->page_size;
	r->w.scratch = malloc(r->w.scratch_len);
	r->seen = calloc(job->model.max_mapnr, 1);
	r->owner = calloc(job->model.max_mapnr, sizeof(*r->owner));
	if (!r->w.scratch || !r->seen || !r->owner) {
		free(r->w.scratch);
		free(r->seen);
		free(r->owner);
		free(r);
		return sd_fail(err, SD_ERR_NOMEM, "test writer");
	}
	last = r;
	*ret = &r->w;
	return SD_OK;
}

static sd_status
rec_begin(struct sd_writer *w, unsigned pass, struct sd_err *err)
{
	struct rec *r = (struct rec *)w;

	(void)err;
	if (pass != (unsigned)r->begins || r->begins != r->ends)
		r->order_bad++;
	r->begins++;
	memset(r->seen, 0, w->job->model.max_mapnr);
	memset(r->owner, 0, w->job->model.max_mapnr * sizeof(*r->owner));
	r->next_start = 0;
	r->in_load = r->seen_load = false;
	r->kept_union = 0;
	return SD_OK;
}

/* The cycle's place: by range the next tile, by load inside its PT_LOAD
 * (loads in file order, load_first on the first cycle of each). */
static void
check_place(struct rec *r, const struct sd_cycle *c)
{
	const struct sd_source *src = r->w.job->model.src;
	uint64_t ls, le;

	if (c->end < c->start)
		r->order_bad++;
	if (!r->sh.by_load) {
		if (c->start != r->next_start ||
		    c->end - c->start > r->sh.cycle_pfns)
			r->order_bad++;
		r->next_start = c->end;
		return;
	}
	if (c->load >= src->n_loads) {
		r->order_bad++;
		return;
	}
	sd_mdf_load_pfns(&src->loads[c->load], src->page_size, &ls, &le);
	/* makedumpfile starts a load's first cycle at its pfn rounded to 8 */
	if (c->start < (ls & ~(uint64_t)7) || c->end > le ||
	    c->load_first == r->in_load ||
	    (r->in_load && c->load != r->last_load) ||
	    (!r->in_load && r->seen_load && c->load <= r->last_load))
		r->order_bad++;
	r->last_load = c->load;
	r->seen_load = true;
	r->in_load = !c->load_last;
}

/*
 * A kept pfn handed in.  By range each comes once a pass; by load once
 * per PT_LOAD (x86_64's kernel-text PT_LOAD overlaps a RAM one, and an
 * ELF dump has those pages in both segments).
 */
static void
see(struct rec *r, const struct sd_cycle *c, uint64_t pfn)
{
	uint16_t who = r->sh.by_load ? (uint16_t)(c->load + 1) : 1;

	if (r->owner[pfn] == who)
		r->dup++;
	r->owner[pfn] = who;
	if (!r->seen[pfn])
		r->kept_union++;
	r->seen[pfn] = 1;
}

static sd_status
rec_cycle(struct sd_writer *w, const struct sd_cycle *c,
	  struct sd_pageset *set, struct sd_err *err)
{
	struct rec *r = (struct rec *)w;
	uint64_t from = c->start, pfn;
	struct sd_range run;

	r->cycles++;
	if (r->sh.fail_at && r->cycles == r->sh.fail_at)
		return sd_fail(err, SD_ERR_SYSTEM, "test writer fails cycle %d",
			       r->cycles);
	if (r->sh.done_at && r->cycles == r->sh.done_at)
		w->pass_done = true;
	check_place(r, c);
	while (from < c->end && set->ops->next_run(set, from, &run) &&
	       run.start < c->end) {
		uint64_t s = run.start < from ? from : run.start;
		uint64_t e = run.end < c->end ? run.end : c->end;

		for (pfn = s; pfn < e; pfn++)
			see(r, c, pfn);
		from = e;
	}
	return SD_OK;
}

static sd_status
rec_end(struct sd_writer *w, unsigned pass, struct sd_err *err)
{
	struct rec *r = (struct rec *)w;
	uint64_t n = w->job->model.max_mapnr;

	(void)err;
	if (pass < 2) {
		r->pass_count[pass] = r->kept_union;
		r->pass_match[pass] = !memcmp(r->seen, truth, n);
	}
	if ((!r->sh.by_load && r->next_start != n && !r->sh.done_at) ||
	    (r->sh.by_load && r->in_load))
		r->order_bad++;
	r->ends++;
	return SD_OK;
}

static void
rec_stopped(struct sd_writer *w, const struct sd_cycle *c,
	    struct sd_pageset *set)
{
	(void)w, (void)c, (void)set;
}

static sd_status
rec_mark(struct sd_writer *w, bool stream_too, struct sd_err *err)
{
	(void)w, (void)stream_too, (void)err;
	return SD_OK;
}

static sd_status
rec_finish(struct sd_writer *w, struct sd_err *err)
{
	(void)w, (void)err;
	return SD_OK;
}

static void
rec_nospace(struct sd_writer *w, bool last_try, struct sd_err *err)
{
	(void)w, (void)last_try, (void)err;
}

static uint64_t
rec_bytes(const struct sd_writer *w)
{
	(void)w;
	return 0;
}

static void
rec_report(struct sd_writer *w, sd_status st)
{
	(void)w, (void)st;
}

static void
rec_close(struct sd_writer *w)
{
	struct rec *r = (struct rec *)w;

	closes++;
	r->closes++;
	free(r->w.scratch);
	r->w.scratch = NULL;
}

static const struct sd_writer_ops rec_ops = {
	.version = 1, .name = "recording", .open = rec_open,
	.begin = rec_begin, .cycle = rec_cycle, .end = rec_end,
	.rewrite_bitmap = NULL, .stopped = rec_stopped,
	.mark_incomplete = rec_mark, .finish = rec_finish,
	.nospace = rec_nospace, .bytes = rec_bytes, .report = rec_report,
	.close = rec_close,
};

static void
free_last(void)
{
	if (last) {
		free(last->seen);
		free(last->owner);
		free(last);
		last = NULL;
	}
}

/* sdgen's kept runs ("0xSTART 0xEND" per line) into a byte per pfn. */
static uint64_t
load_truth(const char *path, uint64_t max)
{
	FILE *f = fopen(path, "r");
	uint64_t s, e, n = 0, p;

	memset(truth, 0, max);
	if (!f)
		return 0;
	while (fscanf(f, "%" SCNx64 " %" SCNx64, &s, &e) == 2)
		for (p = s; p < e && p < max; p++, n++)
			truth[p] = 1;
	fclose(f);
	return n;
}

static int
gen(const char *dir, int level, char *core, char *kept, size_t len)
{
	const char *sdgen = getenv("SDGEN");
	char cmd[2048];

	snprintf(core, len, "%s/core", dir);
	snprintf(kept, len, "%s/kept%d", dir, level);
	snprintf(cmd, sizeof(cmd),
		 "'%s' -e 'flavour=6.1;" RAM ";seed=11;pattern=alternating' --kept %d '%s' '%s' >/dev/null",
		 sdgen, level, kept, core);
	return system(cmd);
}

struct opened {
	struct sd_options opt;
	struct sd_log log;
	struct sd_job job;
};

static sd_status
open_job(struct opened *o, const char *core, const char *level,
	 struct sd_err *err)
{
	char *argv[] = { "sievedump", "-d", (char *)level, (char *)core,
			 "/nonexistent/out", NULL };
	sd_status st;

	memset(o, 0, sizeof(*o));
	st = sd_options_parse(5, argv, &o->opt, err);
	if (st)
		return st;
	o->opt.message_level = 0;
	sd_log_init(&o->log, &o->opt);
	o->job.opt = &o->opt;
	o->job.log = &o->log;
	o->job.dump_level = sd_options_dump_level(&o->opt);
	sd_budget_init(&o->job.budget, 0);
	st = sd_job_open(&o->job, err);
	if (!st)
		st = sd_job_prepare(&o->job, err);
	if (!st)
		st = sd_job_analyze(&o->job, err);
	return st;
}

/* One try of the driver with the recording writer asked for @sh. */
static sd_status
drive(struct sd_job *job, const struct shape *sh, struct sd_err *err)
{
	want = *sh;
	closes = 0;
	sd_err_clear(err);
	return sd_cycle_driver_run(job, &rec_ops, NULL, true, err);
}

static void
one_shape(struct sd_job *job, const struct shape *sh, uint64_t kept)
{
	struct sd_err err;
	char what[256];
	sd_status st;
	unsigned p;

	st = drive(job, sh, &err);
	snprintf(what, sizeof(what),
		 "%s, cycles of %" PRIu64 ", %s, zero pass %s, %u pass(es)",
		 sh->by_load ? "by PT_LOAD" : "by range", sh->cycle_pfns,
		 sh->rebuild ? "a set per cycle" : "one set",
		 sh->zero_pass ? "on" : "off", sh->passes);
	if (!last) {
		ok(0, what);
		printf("# %s\n", err.msg);
		return;
	}
	for (p = 0; p < sh->passes; p++)
		if (!last->pass_match[p] || last->pass_count[p] != kept)
			break;
	ok(st == SD_OK && p == sh->passes && !last->order_bad &&
	   !last->dup && last->begins == (int)sh->passes &&
	   last->ends == (int)sh->passes && closes == 1, what);
	if (st || p < sh->passes || last->order_bad || last->dup)
		printf("# st %d (%s) pass %u: %" PRIu64 " kept, want %" PRIu64
		       "; order %d dup %d begins %d ends %d\n", st, err.msg, p,
		       p < sh->passes ? last->pass_count[p] : 0, kept,
		       last->order_bad, last->dup, last->begins, last->ends);
	free_last();
}

static void
stops(struct sd_job *job)
{
	struct shape sh = { .passes = 2, .cycle_pfns = 1000, .fail_at = 3 };
	struct sd_err err;
	sd_status st;

	st = drive(job, &sh, &err);
	ok(st == SD_ERR_SYSTEM && last && last->cycles == 3 && last->ends == 0 &&
	   closes == 1, "a writer's error in cycle 3 ends the try: no more cycles, no end, closed once");
	free_last();
	sh.fail_at = 0;
	sh.done_at = 2;
	sh.passes = 1;
	st = drive(job, &sh, &err);
	ok(st == SD_OK && last && last->cycles == 2 && last->begins == 1 &&
	   last->ends == 1, "pass_done in cycle 2 ends the pass");
	free_last();
}

static void
run_level(const char *dir, int level, bool zero_pass)
{
	static const uint64_t sizes[] = { 0, 1000, 4103, 65536 };
	char core[512], kept_path[512], lv[8];
	struct opened *o = calloc(1, sizeof(*o));
	struct sd_err err;
	uint64_t kept, max;
	size_t i, b, r;

	snprintf(lv, sizeof(lv), "%d", level);
	sd_err_clear(&err);
	if (!o || gen(dir, level, core, kept_path, sizeof(core)) ||
	    open_job(o, core, lv, &err)) {
		ok(0, "open the generated vmcore");
		printf("# %s\n", err.msg);
		free(o);
		return;
	}
	max = o->job.model.max_mapnr;
	truth = calloc(max, 1);
	kept = truth ? load_truth(kept_path, max) : 0;
	ok(kept > 0 && o->job.model.src->n_loads >= 3,
	   "sdgen's truth read, three PT_LOADs");
	printf("# -d %d: max_mapnr %" PRIu64 ", %" PRIu64 " kept\n", level,
	       max, kept);
	for (b = 0; b < 2; b++)
		for (r = 0; r < 2; r++)
			for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
				struct shape sh = {
					.by_load = b, .rebuild = r,
					.zero_pass = zero_pass,
					.passes = 1 + (unsigned)(i & 1),
					.cycle_pfns = sizes[i] ? sizes[i] : max,
				};

				one_shape(&o->job, &sh, kept);
			}
	if (!zero_pass)
		stops(&o->job);
	free(truth);
	truth = NULL;
	sd_job_release(&o->job);
	free(o);
}

int
main(void)
{
	char dir[] = "/tmp/sd-cycle-XXXXXX";
	char cmd[600];

	if (!getenv("SDGEN")) {
		printf("1..0 # SKIP SDGEN is not set (run through make check)\n");
		return 77;
	}
	if (!mkdtemp(dir))
		return 99;
	run_level(dir, 31, true);	/* zero pages out by the driver */
	run_level(dir, 30, false);	/* no zero-page pass */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	return tap_done();
}
