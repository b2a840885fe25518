// SPDX-License-Identifier: GPL-2.0-or-later
/* --plan output: text for people, JSON for scripts. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sievedump/compress.h"
#include "sievedump/features.h"
#include "sievedump/plan.h"

static double
mib(uint64_t b)
{
	return (double)b / 1048576.0;
}

/* The capture kernel image: found, or what was assumed. */
static void
ck_kernel_text(FILE *out, const struct sd_ck_input *ck,
	       const struct sd_ck_advice *a)
{
	if (a->kernel_assumed)
		fprintf(out, "kernel %s unreadable, assumed %.0f MiB",
			ck->kernel_path, mib(a->kernel_bytes));
	else
		fprintf(out, "kernel %s %s: %.0f MiB", ck->kernel.release,
			ck->kernel_path, mib(a->kernel_bytes));
}

static void
ck_initrd_text(FILE *out, const struct sd_ck_input *ck,
	       const struct sd_ck_advice *a)
{
	if (a->initrd_assumed)
		fprintf(out, "no kdump initrd found (kdump-tools %s, dracut kdump image), assumed %.0f MiB packed, %.0f MiB unpacked as Debian 12's kdump-tools initrd",
			"/var/lib/kdump/initrd.img", mib(a->initrd_packed),
			mib(a->initrd_unpacked));
	else
		fprintf(out, "initrd %s (%s): %.0f MiB packed, %.0f MiB unpacked%s",
			ck->initrd_path, ck->initrd_from, mib(a->initrd_packed),
			mib(a->initrd_unpacked),
			ck->initrd.estimated ? " (estimated)" : "");
}

/* "crashkernel:" with what the reservation is made of. */
static void
crashkernel_text(FILE *out, const struct sd_ck_input *ck,
		 const struct sd_ck_advice *a)
{
	fprintf(out, "crashkernel:  %lluM is the smallest reservation that dumps this machine in one pass (",
		(unsigned long long)(a->total_bytes >> 20));
	ck_kernel_text(out, ck, a);
	fprintf(out, ", ");
	ck_initrd_text(out, ck, a);
	fprintf(out, ", capture kernel runtime %.0f MiB, dump plan %.1f MiB, margin %.0f MiB)\n",
		mib(a->runtime_bytes), mib(a->plan_bytes), mib(a->margin_bytes));
}

static void
budget_text(FILE *out, const struct sd_budget_source *s)
{
	if (s->mem_budget) {
		fprintf(out, "budget:       %.1f MiB (--mem-budget)\n",
			mib(s->budget));
		return;
	}
	fprintf(out, "budget:       %.1f MiB = %s %.1f MiB", mib(s->budget),
		s->used_memfree ? "MemFree" : "MemAvailable",
		mib(s->mem_available));
	if (s->cgroup_limit)
		fprintf(out, ", cgroup limit %.1f MiB (%.1f MiB in use)",
			mib(s->cgroup_limit), mib(s->cgroup_usage));
	fprintf(out, ", minus %.1f MiB kept for the kernel\n",
		mib(s->kernel_reserve));
}

/* -c: the library that writes it; the compressor's own name otherwise */
static const char *
engine_of(const struct sd_plan_input *in)
{
	if (in->compress != SD_COMPRESS_ZLIB)
		return sd_compress_name(in->compress);
	return sd_zlib_engine_name(sd_zlib_engine_resolve(in->zlib_engine));
}

/* -e: what the dump would save by it (bytes in the dump). */
static uint64_t
vmemmap_saved(const struct sd_plan *p)
{
	return p->output_plain_bytes - p->output_e_bytes;
}

/* -e refused: it needs one cycle and the plan has several (plan.c). */
static const char *
vmemmap_refusal(const struct sd_plan_input *in, const struct sd_plan *p)
{
	if (in->exclude_vmemmap && !p->fits &&
	    strncmp(p->reason, "-e needs", 8) == 0)
		return p->reason;
	return NULL;
}

/* The lines after "output:": with -e, the size without; else the hint. */
static void
vmemmap_text(FILE *out, const struct sd_plan_input *in,
	     const struct sd_plan *p)
{
	uint64_t saved = vmemmap_saved(p);

	if (in->exclude_vmemmap) {
		fprintf(out, "without -e:   %.1f MiB predicted (-e leaves out ~%" PRIu64
			" vmemmap pages, %.1f MiB in the dump; its lists take %.1f MiB)\n",
			mib(p->output_plain_bytes), p->vmemmap_pages,
			mib(saved), mib(p->vmemmap_bytes));
		if (vmemmap_refusal(in, p))
			fprintf(out, "-e:           refused: %s\n",
				vmemmap_refusal(in, p));
		return;
	}
	if (p->output_plain_bytes && saved > p->output_plain_bytes / 4)
		fprintf(out, "hint:         -e would leave out ~%.0f MiB of struct pages of free memory (%.0f%% of the dump)\n",
			mib(saved), 100.0 * (double)saved /
				    (double)p->output_plain_bytes);
}

static void
print_text(FILE *out, const struct sd_plan_input *in,
	   const struct sd_budget_source *s, const struct sd_plan *p)
{
	int i;

	fprintf(out, "machine:      max pfn 0x%" PRIx64 ", %.1f GiB present (%" PRIu64
		" pages), %" PRIu64 " mem_map sections, %u CPUs\n",
		in->max_pfn, mib(in->present_pages * in->page_size) / 1024,
		in->present_pages, in->sections, in->cpus);
	budget_text(out, s);
	if (in->nsample)
		fprintf(out, "sample:       %u of %" PRIu64 " chunks of 65536 pfns with RAM\n",
			in->nsample, in->chunks_total);
	fprintf(out, "kept pages:   ~%" PRIu64 " (bound %" PRIu64 ") in ~%" PRIu64
		" runs (bound %" PRIu64 ")\n", p->members, p->members_ucb,
		p->runs, p->runs_ucb);
	for (i = 0; i < 3; i++) {
		const struct sd_plan_backend *b = &p->est[i];

		if (b->built)
			fprintf(out, "  %-8s    %.2f MiB (bound %.2f MiB)\n",
				sd_backend_name(b->backend), mib(b->bytes),
				mib(b->bytes_ucb));
		else
			fprintf(out, "  %-8s    not built in\n",
				sd_backend_name(b->backend));
	}
	fprintf(out, "choice:       %s, %" PRIu64 " cycle%s of %" PRIu64
		" pfns, %u pass%s over mem_map, %u thread%s\n",
		sd_backend_name(p->backend), p->cycles, p->cycles == 1 ? "" : "s",
		p->cycle_pfns, p->memmap_passes,
		p->memmap_passes == 1 ? "" : "es", p->threads,
		p->threads == 1 ? "" : "s");
	fprintf(out, "why:          %s\n", p->reason);
	fprintf(out, "peak memory:  %.1f MiB predicted (fixed %.1f MiB); the budget holds %.1f MiB (the set at its bound)%s\n",
		mib(p->peak_bytes), mib(p->fixed_bytes), mib(p->budget_bytes),
		p->fits ? "" : "  DOES NOT FIT THE BUDGET");
	fprintf(out, "output:       %.1f MiB predicted with %s",
		mib(p->output_bytes), sd_compress_name(in->compress));
	if (in->compress == SD_COMPRESS_ZLIB)
		fprintf(out, " (engine %s)", engine_of(in));
	fprintf(out, "\n");
	vmemmap_text(out, in, p);
	fprintf(out, "time:         %.1f s predicted\n", p->seconds);
	if (in->first_kernel)
		crashkernel_text(out, &in->ck, &p->ck);
}

/* The parts of crashkernel_bytes (paths are printed as they are: no
 * quotes or backslashes in the ones we build or read). */
static void
crashkernel_json(FILE *out, const struct sd_ck_input *ck,
		 const struct sd_ck_advice *a)
{
	fprintf(out, " \"crashkernel\": {\"kernel_bytes\": %" PRIu64
		", \"kernel_assumed\": %s, \"kernel_path\": \"%s\""
		", \"kernel_release\": \"%s\", \"initrd_packed_bytes\": %" PRIu64
		", \"initrd_unpacked_bytes\": %" PRIu64 ", \"initrd_assumed\": %s"
		", \"initrd_path\": \"%s\", \"runtime_bytes\": %" PRIu64
		", \"plan_bytes\": %" PRIu64 ", \"margin_bytes\": %" PRIu64 "},\n",
		a->kernel_bytes, a->kernel_assumed ? "true" : "false",
		ck->kernel_path, ck->kernel.release, a->initrd_packed,
		a->initrd_unpacked, a->initrd_assumed ? "true" : "false",
		ck->initrd_path, a->runtime_bytes, a->plan_bytes,
		a->margin_bytes);
}

static void
print_json(FILE *out, const struct sd_plan_input *in,
	   const struct sd_budget_source *s, const struct sd_plan *p)
{
	int i;

	fprintf(out, "{\"max_pfn\": %" PRIu64 ", \"present_pages\": %" PRIu64
		", \"sections\": %" PRIu64 ", \"cpus\": %u,\n", in->max_pfn,
		in->present_pages, in->sections, in->cpus);
	fprintf(out, " \"budget\": {\"bytes\": %" PRIu64 ", \"mem_budget\": %"
		PRIu64 ", \"mem_available\": %" PRIu64 ", \"used_memfree\": %s"
		", \"cgroup_limit\": %" PRIu64 ", \"kernel_reserve\": %" PRIu64
		"},\n", s->budget, s->mem_budget, s->mem_available,
		s->used_memfree ? "true" : "false", s->cgroup_limit,
		s->kernel_reserve);
	fprintf(out, " \"sample_chunks\": %u, \"chunks\": %" PRIu64
		", \"members\": %" PRIu64 ", \"members_bound\": %" PRIu64
		", \"runs\": %" PRIu64 ", \"runs_bound\": %" PRIu64 ",\n",
		in->nsample, in->chunks_total, p->members, p->members_ucb,
		p->runs, p->runs_ucb);
	fprintf(out, " \"backends\": {");
	for (i = 0; i < 3; i++)
		fprintf(out, "%s\"%s\": {\"built\": %s, \"bytes\": %" PRIu64
			", \"bytes_bound\": %" PRIu64 "}", i ? ", " : "",
			sd_backend_name(p->est[i].backend),
			p->est[i].built ? "true" : "false", p->est[i].bytes,
			p->est[i].bytes_ucb);
	fprintf(out, "},\n \"backend\": \"%s\", \"cycles\": %" PRIu64
		", \"cycle_pfns\": %" PRIu64 ", \"memmap_passes\": %u"
		", \"threads\": %u,\n", sd_backend_name(p->backend), p->cycles,
		p->cycle_pfns, p->memmap_passes, p->threads);
	fprintf(out, " \"peak_bytes\": %" PRIu64 ", \"budget_bytes\": %" PRIu64
		", \"fixed_bytes\": %" PRIu64
		", \"fits\": %s, \"output_bytes\": %" PRIu64
		", \"compressor\": \"%s\", \"engine\": \"%s\", \"seconds\": %.2f,\n",
		p->peak_bytes, p->budget_bytes, p->fixed_bytes,
		p->fits ? "true" : "false",
		p->output_bytes, sd_compress_name(in->compress), engine_of(in),
		p->seconds);
	fprintf(out, " \"exclude_vmemmap\": %s, \"vmemmap_pages\": %" PRIu64
		", \"vmemmap_saved_bytes\": %" PRIu64
		", \"output_bytes_without_e\": %" PRIu64
		", \"output_bytes_with_e\": %" PRIu64
		", \"vmemmap_list_bytes\": %" PRIu64 ",\n",
		in->exclude_vmemmap ? "true" : "false", p->vmemmap_pages,
		vmemmap_saved(p), p->output_plain_bytes, p->output_e_bytes,
		p->vmemmap_bytes);
	if (vmemmap_refusal(in, p))
		fprintf(out, " \"exclude_vmemmap_refused\": \"%s\",\n",
			vmemmap_refusal(in, p));
	else
		fprintf(out, " \"exclude_vmemmap_refused\": null,\n");
	fprintf(out, " \"crashkernel_bytes\": %" PRIu64 ", \"first_kernel\": %s,\n",
		p->crashkernel_bytes, in->first_kernel ? "true" : "false");
	crashkernel_json(out, &in->ck, &p->ck);
	fprintf(out, " \"reason\": \"%s\"}\n", p->reason);
}

void
sd_plan_print(FILE *out, const struct sd_plan_input *in,
	      const struct sd_budget_source *s, const struct sd_plan *p,
	      bool json)
{
	if (json)
		print_json(out, in, s, p);
	else
		print_text(out, in, s, p);
}
