// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --dump-dmesg, the mode (doc/compat-dmesg.md): the rings read from the
 * dump, the output file or standard output.  The walkers are in
 * dmesg_prb.c (5.10+) and dmesg_logbuf.c (older); records are formatted
 * by dmesg_format.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/cursor.h"
#include "sievedump/dmesg.h"
#include "sievedump/job.h"
#include "sievedump/job_open.h"
#include "sievedump/options.h"
#include "sievedump/sink.h"

/* ---- the output file or standard output, with -L ---- */

struct dm_dest {
	struct sd_log *log;
	struct sd_sink *sink;	/* the file, or standard output for -F */
	const char *name;	/* path or "STDOUT" */
	uint64_t limit;		/* -L, 0 = none */
	uint64_t pos;		/* bytes written */
};

/* makedumpfile's write_and_check_space() with desc "log". */
static sd_status
dest_write(void *ctx, const void *buf, size_t len, struct sd_err *err)
{
	struct dm_dest *d = ctx;
	size_t fit = sd_sink_fit(d->limit, d->pos, len);
	sd_status st = SD_OK;
	int errnum = 0;

	if (fit) {
		st = sd_sink_write(d->sink, d->pos, buf, fit, err);
		errnum = err->errnum;
	}
	if (st) {
		const char *why = errnum ? strerror(errnum) : err->msg;

		sd_msg(d->log, "\nCan't write the log file(%s). %s\n", d->name,
		       why);
		st = errnum == ENOSPC ? SD_ERR_NOSPACE : SD_ERR_SYSTEM;
		sd_fail(err, st, "Can't write the log file(%s). %s", d->name,
			why);
		err->errnum = errnum;
		return st;
	}
	d->pos += fit;
	if (fit < len) {
		sd_msg(d->log,
		       "\nCan't write the log file(%s). Size limit(%" PRIu64 ") reached.\n",
		       d->name, d->limit);
		return sd_fail(err, SD_ERR_NOSPACE,
			       "%s: the dmesg log is incomplete: size limit(%" PRIu64 ") reached",
			       d->name, d->limit);
	}
	return SD_OK;
}

static sd_status
dest_open(struct sd_job *job, struct dm_dest *d, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;

	memset(d, 0, sizeof(*d));
	d->log = job->log;
	d->limit = opt->size_limit;
	if (opt->flatten) {
		d->name = "STDOUT";
		return sd_sink_open_stream(STDOUT_FILENO, d->name, &d->sink, err);
	}
	d->name = opt->dumpfile;
	return sd_sink_open_file(opt->dumpfile, opt->force, 0, &d->sink, err);
}

static sd_status
dest_close(struct dm_dest *d, struct sd_err *err)
{
	sd_status st = SD_OK;

	if (d->sink)
		st = d->sink->ops->finish(d->sink, err);
	sd_sink_close(d->sink);
	d->sink = NULL;
	return st;
}

/* ---- reading the dump ---- */

struct dm {
	struct sd_job *job;
	const struct sd_vmcoreinfo *vi;
	const char *vmcore;
	struct sd_budget *budget;
};

static sd_status
rd(struct dm *m, uint64_t vaddr, void *buf, size_t len, const char *what,
   struct sd_err *err)
{
	sd_status st = sd_read_virt(m->job->model.vt, vaddr, buf, len, err);

	if (st)
		return sd_wrap(err, st, "%s: reading %s (0x%zx bytes) at virtual 0x%" PRIx64,
			       m->vmcore, what, len, vaddr);
	return SD_OK;
}

static sd_status
rd_u64(struct dm *m, uint64_t vaddr, uint64_t *v, const char *what,
       struct sd_err *err)
{
	uint8_t b[8];
	sd_status st = rd(m, vaddr, b, 8, what, err);

	if (!st)
		*v = sd_le64(b);
	return st;
}

static sd_status
rd_u32(struct dm *m, uint64_t vaddr, uint32_t *v, const char *what,
       struct sd_err *err)
{
	uint8_t b[4];
	sd_status st = rd(m, vaddr, b, 4, what, err);

	if (!st)
		*v = sd_le32(b);
	return st;
}

/* Read @len bytes at @vaddr into a budgeted buffer. */
static sd_status
rd_alloc(struct dm *m, uint64_t vaddr, uint64_t len, const char *what,
	 uint8_t **ret, struct sd_err *err)
{
	void *p = NULL;
	sd_status st;

	if (len > SIZE_MAX)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: %s: 0x%" PRIx64 " bytes",
			       m->vmcore, what, len);
	st = sd_balloc(m->budget, (size_t)len, 0, what, &p, err);
	if (st)
		return sd_wrap(err, st, "%s: %s at virtual 0x%" PRIx64,
			       m->vmcore, what, vaddr);
	st = rd(m, vaddr, p, (size_t)len, what, err);
	if (st) {
		sd_bfree(m->budget, p, (size_t)len);
		return st;
	}
	*ret = p;
	return SD_OK;
}

static sd_status
need(struct dm *m, enum sd_vmci_kind kind, const char *name, uint64_t *v,
     struct sd_err *err)
{
	static const char *const kinds[] = {
		[SD_VMCI_SYMBOL] = "SYMBOL", [SD_VMCI_SIZE] = "SIZE",
		[SD_VMCI_OFFSET] = "OFFSET",
	};
	const struct sd_vmci_entry *e = sd_vmci_find(m->vi, kind, name);

	if (!e)
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: VMCOREINFO lacks %s(%s), needed for the dmesg log",
			       m->vmcore, kinds[kind], name);
	if ((kind == SD_VMCI_SIZE || kind == SD_VMCI_OFFSET) &&
	    e->value > (1ULL << 20))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: VMCOREINFO %s(%s)=%" PRId64 " is not a plausible %s",
			       m->vmcore, kinds[kind], name, (int64_t)e->value,
			       kind == SD_VMCI_SIZE ? "size" : "offset");
	*v = e->value;
	return SD_OK;
}

/*
 * OFFSET(@name) for the caller-id column: 1.7.5+ prints it whenever
 * VMCOREINFO has the offset (facts in doc/compat-dmesg.md); 1.7.2 never.
 */
static sd_status
caller_offset(struct dm *m, const char *name, bool *has, uint64_t *off,
	      struct sd_err *err)
{
	*has = false;
	if (m->job->opt->dmesg_format == SD_DMESG_FORMAT_172 ||
	    !sd_vmci_has(m->vi, SD_VMCI_OFFSET, name))
		return SD_OK;
	*has = true;
	return need(m, SD_VMCI_OFFSET, name, off, err);
}

/* ---- 5.10+ ---- */

struct prb_copy {
	struct sd_prb_layout l;
	struct sd_prb_ring r;
	uint8_t *descs, *infos, *data;
	uint64_t descs_len, infos_len;
};

static sd_status
prb_layout(struct dm *m, struct sd_prb_layout *l, struct sd_err *err)
{
	uint64_t sv, lpos, b, n, counter;
	sd_status st;

	st = need(m, SD_VMCI_SIZE, "prb_desc", &l->desc_size, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc.state_var", &sv, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc.text_blk_lpos", &lpos, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_data_blk_lpos.begin", &b, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_data_blk_lpos.next", &n, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "atomic_long_t.counter", &counter, err);
	if (!st)
		st = need(m, SD_VMCI_SIZE, "printk_info", &l->info_size, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "printk_info.ts_nsec", &l->off_ts_nsec, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "printk_info.text_len", &l->off_text_len, err);
	if (!st)
		st = caller_offset(m, "printk_info.caller_id", &l->has_caller_id,
				   &l->off_caller_id, err);
	if (st)
		return st;
	l->off_state_var = sv + counter;
	l->off_begin = lpos + b;
	l->off_next = lpos + n;
	st = sd_prb_layout_check(l, err);
	if (st)
		return sd_wrap(err, st, "%s: VMCOREINFO", m->vmcore);
	return SD_OK;
}

/* The printk_ringbuffer struct: pointers, bit counts and ids. */
static sd_status
prb_header(struct dm *m, uint64_t *descs, uint64_t *infos, uint64_t *data,
	   uint32_t *count_bits, uint32_t *size_bits, struct prb_copy *c,
	   uint64_t *prb_addr, struct sd_err *err)
{
	uint64_t sym = 0, size = 0, o_desc = 0, o_text = 0, o_cb = 0, o_descs = 0, o_infos = 0, o_head = 0,
		 o_tail = 0, o_sb = 0, o_data = 0, counter = 0;
	uint8_t hdr[4096];
	struct sd_cursor cur;
	sd_status st;

	st = need(m, SD_VMCI_SYMBOL, "prb", &sym, err);
	if (!st)
		st = need(m, SD_VMCI_SIZE, "printk_ringbuffer", &size, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "printk_ringbuffer.desc_ring", &o_desc, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "printk_ringbuffer.text_data_ring", &o_text, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc_ring.count_bits", &o_cb, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc_ring.descs", &o_descs, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc_ring.infos", &o_infos, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc_ring.head_id", &o_head, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_desc_ring.tail_id", &o_tail, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_data_ring.size_bits", &o_sb, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "prb_data_ring.data", &o_data, err);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, "atomic_long_t.counter", &counter, err);
	if (st)
		return st;
	if (size > sizeof(hdr))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: VMCOREINFO SIZE(printk_ringbuffer)=%" PRIu64 " is too large",
			       m->vmcore, size);
	st = rd_u64(m, sym, prb_addr, "the prb pointer", err);
	if (!st)
		st = rd(m, *prb_addr, hdr, (size_t)size, "struct printk_ringbuffer", err);
	if (st)
		return st;
	sd_cursor_init(&cur, hdr, (size_t)size, 0, "struct printk_ringbuffer");
#define AT(off, fn, v) \
	do { if (!st) st = sd_cursor_seek(&cur, (size_t)(off), err); \
	     if (!st) st = fn(&cur, v, err); } while (0)
	AT(o_desc + o_cb, sd_cursor_u32, count_bits);
	AT(o_desc + o_descs, sd_cursor_u64, descs);
	AT(o_desc + o_infos, sd_cursor_u64, infos);
	AT(o_desc + o_head + counter, sd_cursor_u64, &c->r.head_id);
	AT(o_desc + o_tail + counter, sd_cursor_u64, &c->r.tail_id);
	AT(o_text + o_sb, sd_cursor_u32, size_bits);
	AT(o_text + o_data, sd_cursor_u64, data);
#undef AT
	if (st)
		return sd_wrap(err, st, "%s: prb at virtual 0x%" PRIx64 ": VMCOREINFO offsets",
			       m->vmcore, *prb_addr);
	if (*count_bits > SD_PRB_MAX_BITS || *size_bits > SD_PRB_MAX_BITS ||
	    *size_bits < 4)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: prb at virtual 0x%" PRIx64 ": count_bits %" PRIu32
			       ", size_bits %" PRIu32 ": the printk ring buffer is corrupted",
			       m->vmcore, *prb_addr, *count_bits, *size_bits);
	return SD_OK;
}

/* --partial-dmesg: clear_seq, a latched_seq since 5.13 (doc/compat-dmesg.md). */
static sd_status
prb_partial(struct dm *m, struct prb_copy *c, struct sd_err *err)
{
	uint64_t sym, seq, val;
	int64_t off;
	sd_status st;

	if (sd_vmci_symbol(m->vi, "clear_seq", &sym) != SD_OK)
		return SD_OK;		/* makedumpfile: the whole log */
	st = rd_u64(m, sym, &seq, "clear_seq", err);
	if (st)
		return st;
	if (sd_vmci_has(m->vi, SD_VMCI_SIZE, "latched_seq")) {
		if (sd_vmci_offset(m->vi, "latched_seq.val", &off) != SD_OK)
			return sd_fail(err, SD_ERR_UNSUPPORTED,
				       "%s: VMCOREINFO lacks OFFSET(latched_seq.val)",
				       m->vmcore);
		st = rd_u64(m, sym + (uint64_t)off + (seq & 1) * 8, &val,
			    "the latched clear_seq", err);
		if (st)
			return st;
		seq = val;
	}
	c->r.tail_id = sd_prb_partial_tail(c->r.head_id, c->r.count, seq);
	return SD_OK;
}

static void
prb_free(struct dm *m, struct prb_copy *c)
{
	sd_bfree(m->budget, c->descs, (size_t)c->descs_len);
	sd_bfree(m->budget, c->infos, (size_t)c->infos_len);
	sd_bfree(m->budget, c->data, (size_t)c->r.data_size);
}

static sd_status
prb_read(struct dm *m, struct prb_copy *c, uint64_t *prb_addr,
	 struct sd_err *err)
{
	uint64_t descs, infos, data;
	uint32_t cb, sb;
	sd_status st;

	st = prb_layout(m, &c->l, err);
	if (!st)
		st = prb_header(m, &descs, &infos, &data, &cb, &sb, c,
				prb_addr, err);
	if (st)
		return st;
	c->r.count = 1ULL << cb;
	c->descs_len = c->r.count * c->l.desc_size;
	c->infos_len = c->r.count * c->l.info_size;
	st = rd_alloc(m, descs, c->descs_len, "prb.desc_ring.descs", &c->descs, err);
	if (st)
		return st;
	st = rd_alloc(m, infos, c->infos_len, "prb.desc_ring.infos", &c->infos, err);
	if (st)
		return st;
	st = rd_alloc(m, data, 1ULL << sb, "prb.text_data_ring", &c->data, err);
	if (st)
		return st;
	c->r.data_size = 1ULL << sb;
	c->r.descs = c->descs;
	c->r.infos = c->infos;
	c->r.data = c->data;
	c->r.head_id &= SD_PRB_ID_MASK;
	c->r.tail_id &= SD_PRB_ID_MASK;
	if (m->job->opt->partial_dmesg)
		st = prb_partial(m, c, err);
	return st;
}

static sd_status
run_prb(struct dm *m, struct sd_err *err)
{
	struct prb_copy c;
	struct sd_prb_stats stats = { 0 };
	struct sd_dmesg_out *o = NULL;
	struct dm_dest d;
	uint64_t prb_addr = 0;
	sd_status st, st2;

	memset(&c, 0, sizeof(c));
	st = prb_read(m, &c, &prb_addr, err);
	if (!st)
		st = dest_open(m->job, &d, err);
	if (st) {
		prb_free(m, &c);
		return st;
	}
	o = malloc(sizeof(*o));
	if (!o)
		st = sd_fail(err, SD_ERR_NOMEM, "out of memory");
	if (!st) {
		sd_dmesg_out_init(o, dest_write, &d);
		st = sd_prb_dump(&c.l, &c.r, m->budget, o, &stats, err);
		st2 = sd_dmesg_flush(o, err);
		if (!st)
			st = st2;
	}
	if (!st)
		st = dest_close(&d, err);
	else
		sd_sink_close(d.sink);
	if (!st && (stats.scanned || stats.clamped))
		sd_errmsg(m->job->log,
			  "%s: %s: prb at 0x%" PRIx64 ": tail_id 0x%" PRIx64 ", head_id 0x%" PRIx64
			  ": %s; the printk ring buffer is most likely corrupted.\n",
			  m->job->log->progname, m->vmcore, prb_addr, c.r.tail_id,
			  c.r.head_id, stats.scanned ?
			  "more ids than descriptors (slots scanned)" :
			  "text cut to the data ring");
	sd_debug(m->job->log, "dmesg: %" PRIu64 " records, %" PRIu64 " ids skipped\n",
		 stats.printed, stats.skipped);
	free(o);
	prb_free(m, &c);
	if (st)
		return st;
	sd_log_saved_as(m->job->log, "dmesg log", d.name);
	return SD_OK;
}

/* ---- older kernels ---- */

/* OSRELEASE "a.b.c…" as makedumpfile's KERNEL_VERSION(a, b, c). */
static uint32_t
kernel_version(const struct sd_vmcoreinfo *vi)
{
	unsigned a = 0, b = 0, c = 0;

	if (!vi->osrelease ||
	    sscanf(vi->osrelease, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return a << 24 | b << 16 | (c > 0xffff ? 0xffff : c);
}
#define KV(a, b, c) ((uint32_t)(a) << 24 | (b) << 16 | (c))

static sd_status
logbuf_layout(struct dm *m, struct sd_logbuf_layout *l, struct sd_err *err)
{
	const char *s = sd_vmci_has(m->vi, SD_VMCI_SIZE, "printk_log") ?
			"printk_log" : "log";
	char k[64];
	sd_status st;

	st = need(m, SD_VMCI_SIZE, s, &l->hdr_size, err);
	snprintf(k, sizeof(k), "%s.ts_nsec", s);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, k, &l->off_ts_nsec, err);
	snprintf(k, sizeof(k), "%s.len", s);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, k, &l->off_len, err);
	snprintf(k, sizeof(k), "%s.text_len", s);
	if (!st)
		st = need(m, SD_VMCI_OFFSET, k, &l->off_text_len, err);
	/* makedumpfile looks for printk_log.caller_id only (5.1+ kernels) */
	if (!st && strcmp(s, "printk_log") == 0)
		st = caller_offset(m, "printk_log.caller_id", &l->has_caller_id,
				   &l->off_caller_id, err);
	if (st)
		return st;
	st = sd_logbuf_layout_check(l, err);
	if (st)
		return sd_wrap(err, st, "%s: VMCOREINFO: struct %s", m->vmcore,
			       s);
	return SD_OK;
}

struct logbuf_vars {
	uint64_t log_buf;	/* the buffer's address */
	uint64_t len;		/* log_buf_len */
	uint64_t log_end;	/* < 3.5 */
	uint32_t first, next;	/* 3.5+ */
	bool plain;
};

static sd_status
logbuf_vars(struct dm *m, struct logbuf_vars *v, struct sd_err *err)
{
	uint64_t s_buf, s_len, s_end, s_first, s_next, u;
	uint32_t len;
	bool partial = m->job->opt->partial_dmesg;
	sd_status st;

	if (sd_vmci_symbol(m->vi, "log_buf", &s_buf) ||
	    sd_vmci_symbol(m->vi, "log_buf_len", &s_len))
		return sd_fail(err, SD_ERR_UNSUPPORTED,
			       "%s: Can't find some symbols for log_buf (VMCOREINFO has neither SYMBOL(prb) nor SYMBOL(log_buf) and SYMBOL(log_buf_len))",
			       m->vmcore);
	v->plain = sd_vmci_symbol(m->vi, "log_end", &s_end) == SD_OK;
	if (!v->plain) {
		if (sd_vmci_symbol(m->vi, "log_first_idx", &s_first) ||
		    sd_vmci_symbol(m->vi, "log_next_idx", &s_next))
			return sd_fail(err, SD_ERR_UNSUPPORTED,
				       "%s: Can't find variable-length record symbols (SYMBOL(log_first_idx), SYMBOL(log_next_idx))",
				       m->vmcore);
		if (partial)
			(void)sd_vmci_symbol(m->vi, "clear_idx", &s_first);
		st = rd_u32(m, s_first, &v->first,
			    partial ? "clear_idx" : "log_first_idx", err);
		if (!st)
			st = rd_u32(m, s_next, &v->next, "log_next_idx", err);
		if (st)
			return st;
	}
	st = rd_u64(m, s_buf, &v->log_buf, "log_buf", err);
	if (!st && v->plain) {
		if (kernel_version(m->vi) >= KV(2, 6, 25)) {
			uint32_t e;

			st = rd_u32(m, s_end, &e, "log_end", err);
			v->log_end = e;
		} else {
			st = rd_u64(m, s_end, &v->log_end, "log_end", err);
		}
	}
	if (!st)
		st = rd_u32(m, s_len, &len, "log_buf_len", err);
	if (st)
		return st;
	u = len;
	if (len == 0 || len > (1U << 31))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: log_buf_len %d at virtual 0x%" PRIx64 " is not a buffer size",
			       m->vmcore, (int)len, s_len);
	v->len = u;
	sd_debug(m->job->log, "\n");
	sd_debug(m->job->log, "log_buf       : %" PRIx64 "\n", v->log_buf);
	sd_debug(m->job->log, "log_end       : %" PRIx64 "\n", v->log_end);
	sd_debug(m->job->log, "log_buf_len   : %d\n", (int)len);
	sd_debug(m->job->log, partial ? "clear_idx : %u\n" : "log_first_idx : %u\n",
		 v->first);
	sd_debug(m->job->log, "log_next_idx  : %u\n", v->next);
	return SD_OK;
}

static sd_status
logbuf_error(struct dm *m, const struct logbuf_vars *v,
	     const struct sd_logbuf_walk *w, struct sd_err *err)
{
	return sd_fail(err, SD_ERR_CORRUPT,
		       "%s: %s\nThe printk log_buf is most likely corrupted.\n"
		       "log_buf = 0x%" PRIx64 ", idx = 0x%" PRIx64
		       " (the log holds the %" PRIu64 " records before it)",
		       m->vmcore, w->end == SD_LOGBUF_CYCLE ?
		       "Cycle when parsing dmesg detected." :
		       "Index outside log_buf detected.",
		       v->log_buf, w->bad_idx, w->n_records);
}

static sd_status
run_logbuf(struct dm *m, struct sd_err *err)
{
	struct logbuf_vars v = { 0 };
	struct sd_logbuf_layout l = { 0 };
	struct sd_logbuf_walk w = { 0 };
	struct sd_dmesg_out *o = NULL;
	struct dm_dest d;
	uint8_t *buf = NULL;
	sd_status st, st2;

	st = logbuf_vars(m, &v, err);
	if (!st && !v.plain)
		st = logbuf_layout(m, &l, err);
	if (!st)
		st = rd_alloc(m, v.log_buf, v.len, "the log_buf", &buf, err);
	if (st)
		return st;
	if (!v.plain)
		sd_logbuf_plan(&l, buf, v.len, v.first, v.next, &w);
	st = dest_open(m->job, &d, err);
	if (st) {
		sd_bfree(m->budget, buf, (size_t)v.len);
		return st;
	}
	o = malloc(sizeof(*o));
	if (!o)
		st = sd_fail(err, SD_ERR_NOMEM, "out of memory");
	if (!st) {
		sd_dmesg_out_init(o, dest_write, &d);
		if (v.plain)
			st = sd_plain_ring_dump(buf, v.len, v.log_end, o, err);
		else
			st = sd_logbuf_dump(&l, buf, v.len, v.first,
					    w.n_records, o, err);
		st2 = sd_dmesg_flush(o, err);
		if (!st)
			st = st2;
	}
	/* a corrupt ring still leaves the records before the corruption */
	if (!st)
		st = dest_close(&d, err);
	else
		sd_sink_close(d.sink);
	free(o);
	sd_bfree(m->budget, buf, (size_t)v.len);
	if (!st && w.end != SD_LOGBUF_DONE)
		st = logbuf_error(m, &v, &w, err);
	if (st)
		return st;
	sd_log_saved_as(m->job->log, "dmesg log", d.name);
	return SD_OK;
}

sd_status
sd_job_dmesg(struct sd_job *job, struct sd_err *err)
{
	const struct sd_options *opt = job->opt;
	struct dm m = { .job = job, .vmcore = opt->vmcore,
			.budget = &job->budget };
	sd_status st = SD_OK;

	if (!opt->flatten)
		st = sd_sink_check_path(opt->dumpfile, opt->force, err);
	if (!st)
		st = sd_job_open(job, err);
	if (st)
		return st;
	if (!job->model.vmci || !job->model.vt)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: VMCORE doesn't contain vmcoreinfo: --dump-dmesg needs it (use -i VMCOREINFO)",
			       opt->vmcore);
	m.vi = job->model.vmci;
	if (sd_vmci_has(job->model.vmci, SD_VMCI_SYMBOL, "prb"))
		return run_prb(&m, err);
	return run_logbuf(&m, err);
}
