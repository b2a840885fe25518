// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VMCOREINFO text (doc/kernel-model.md): parsed into keys and values,
 * looked up by the kernel model, and merged with an -i file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/compiler.h"
#include "sievedump/vmcoreinfo.h"

enum { VMCI_FILE_MAX = 16 << 20 };

static const char *const kind_words[] = {
	[SD_VMCI_SYMBOL] = "SYMBOL",
	[SD_VMCI_SIZE] = "SIZE",
	[SD_VMCI_OFFSET] = "OFFSET",
	[SD_VMCI_LENGTH] = "LENGTH",
	[SD_VMCI_NUMBER] = "NUMBER",
};

/* Split "WORD(name)" in place; returns the kind and sets *name. */
static enum sd_vmci_kind
classify_key(char *key, const char **name)
{
	char *open = strchr(key, '(');
	size_t klen = strlen(key);
	unsigned int i;

	*name = key;
	if (!open)
		return SD_VMCI_PLAIN;
	if (key[klen - 1] != ')' || open == key || open + 1 == key + klen - 1)
		return SD_VMCI_OTHER;
	for (i = SD_VMCI_SYMBOL; i <= SD_VMCI_NUMBER; i++) {
		size_t wl = strlen(kind_words[i]);

		if ((size_t)(open - key) == wl && !memcmp(key, kind_words[i], wl)) {
			key[klen - 1] = '\0';
			*name = open + 1;
			return (enum sd_vmci_kind)i;
		}
	}
	return SD_VMCI_OTHER;
}

/* Hex with optional 0x and optional leading '-'; the whole string. */
static int
parse_hex(const char *s, uint64_t *ret)
{
	int neg = 0;
	char *end;
	uint64_t v;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!isxdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 16);
	if (errno || *end)
		return -1;
	*ret = neg ? (uint64_t)0 - v : v;
	return 0;
}

static int
parse_decimal(const char *s, uint64_t *ret)
{
	const char *d = (*s == '-' || *s == '+') ? s + 1 : s;
	char *end;
	long long v;

	if (!isdigit((unsigned char)*d))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*ret = (uint64_t)v;
	return 0;
}

/* Decimal first; if characters remain, base 16 (makedumpfile's rule). */
static int
parse_number(const char *s, uint64_t *ret)
{
	const char *d = (*s == '-' || *s == '+') ? s + 1 : s;
	char *end;
	long long v;

	if (!isdigit((unsigned char)*d))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*end) {
		if (errno)
			return -1;
		*ret = (uint64_t)v;
		return 0;
	}
	return parse_hex(s, ret);
}

static sd_status
bad_value(const struct sd_vmcoreinfo *v, const struct sd_vmci_entry *e,
	  const char *why, struct sd_err *err)
{
	const char *kw = e->kind >= SD_VMCI_SYMBOL && e->kind <= SD_VMCI_NUMBER
			 ? kind_words[e->kind] : NULL;

	if (kw)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: line %u: invalid data in %s(%s)=%s: %s",
			       v->origin, e->line, kw, e->name, e->str, why);
	return sd_fail(err, SD_ERR_CORRUPT,
		       "%s: line %u: invalid data in %s=%s: %s",
		       v->origin, e->line, e->name, e->str, why);
}

static sd_status
parse_value(const struct sd_vmcoreinfo *v, struct sd_vmci_entry *e,
	    struct sd_err *err)
{
	switch (e->kind) {
	case SD_VMCI_SYMBOL:
		if (parse_hex(e->str, &e->value) || *e->str == '-')
			return bad_value(v, e, "not a hexadecimal address", err);
		if (e->value == 0 || e->value == UINT64_MAX)
			return bad_value(v, e, "not a valid address", err);
		return SD_OK;
	case SD_VMCI_SIZE:
	case SD_VMCI_OFFSET:
	case SD_VMCI_LENGTH:
	case SD_VMCI_NUMBER:
		if (parse_number(e->str, &e->value))
			return bad_value(v, e, "not a number", err);
		return SD_OK;
	default:
		return SD_OK;
	}
}

/* Parse one "KEY=value" line (NUL-terminated, writable) into @e. */
static int
split_line(char *line, struct sd_vmci_entry *e)
{
	size_t n = strlen(line);
	char *eq;

	if (n && line[n - 1] == '\r')
		line[--n] = '\0';
	eq = strchr(line, '=');
	if (!eq || eq == line)
		return -1;
	*eq = '\0';
	e->str = eq + 1;
	e->kind = (uint8_t)classify_key(line, &e->name);
	e->value = 0;
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct sd_vmci_entry *x = a, *y = b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A repeated key with another value: the first line wins (makedumpfile
 * reads the first match too), but the reader is told. */
static void
note_conflict(struct sd_vmcoreinfo *v, const struct sd_vmci_entry *kept,
	      const struct sd_vmci_entry *dup)
{
	const char *kw = kept->kind >= SD_VMCI_SYMBOL &&
			 kept->kind <= SD_VMCI_NUMBER ? kind_words[kept->kind]
						      : NULL;

	if (!strcmp(kept->str, dup->str) || v->n_conflicts++)
		return;
	snprintf(v->conflict, sizeof(v->conflict),
		 "%s%s%s%s: line %u: %.40s, line %u: %.40s; the first is used",
		 kw ? kw : "", kw ? "(" : "", kept->name, kw ? ")" : "",
		 kept->line, kept->str, dup->line, dup->str);
}

/* Sort by key, keep the first line of each key. */
static void
sort_dedup(struct sd_vmcoreinfo *v)
{
	size_t i, out = 0;

	qsort(v->entries, v->n_entries, sizeof(*v->entries), cmp_entry);
	for (i = 0; i < v->n_entries; i++) {
		if (out && v->entries[out - 1].kind == v->entries[i].kind &&
		    !strcmp(v->entries[out - 1].name, v->entries[i].name)) {
			v->n_duplicates++;
			note_conflict(v, &v->entries[out - 1], &v->entries[i]);
			continue;
		}
		v->entries[out++] = v->entries[i];
	}
	v->n_entries = out;
}

/*
 * Lines end at '\n'; a NUL ends its line's text but not the note: the
 * lines after it are read (makedumpfile reads the note as a text file, so
 * a stray NUL byte hides the rest of one line only).
 */
static sd_status
tokenize(struct sd_vmcoreinfo *v, size_t len, struct sd_err *err)
{
	char *p, *nl, *end = v->text + len;
	uint32_t lineno = 0;
	size_t lines = 1;

	for (p = v->text; p < end; p++)
		lines += *p == '\n';
	v->entries = calloc(lines, sizeof(*v->entries));
	if (!v->entries)
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", v->origin);
	for (p = v->text; p < end; p = nl) {
		struct sd_vmci_entry *e = &v->entries[v->n_entries];

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl)
			*nl++ = '\0';
		else
			nl = end;
		lineno++;
		if (split_line(p, e))
			continue;
		e->line = lineno;
		if (parse_value(v, e, err))
			return err->status;
		v->n_entries++;
	}
	sort_dedup(v);
	return SD_OK;
}

const struct sd_vmci_entry *
sd_vmci_find(const struct sd_vmcoreinfo *v, enum sd_vmci_kind kind,
	     const char *name)
{
	struct sd_vmci_entry key = { .name = name, .kind = (uint8_t)kind };
	size_t lo = 0, hi = v->n_entries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sd_vmci_entry *e = &v->entries[mid];
		int c = e->kind != key.kind ? (e->kind < key.kind ? -1 : 1)
					    : strcmp(e->name, name);

		if (!c)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static sd_status
plain_number(struct sd_vmcoreinfo *v, const char *key, int hex,
	     uint64_t *ret, bool *found, struct sd_err *err)
{
	const struct sd_vmci_entry *e = sd_vmci_find(v, SD_VMCI_PLAIN, key);
	int bad;

	*found = false;
	if (!e)
		return SD_OK;
	bad = hex ? parse_hex(e->str, ret) : parse_decimal(e->str, ret);
	if (bad)
		return bad_value(v, e, hex ? "not a hexadecimal number"
					   : "not a decimal number", err);
	*found = true;
	return SD_OK;
}

static sd_status
read_basics(struct sd_vmcoreinfo *v, struct sd_err *err)
{
	uint64_t val;
	bool found;
	sd_status st;

	v->osrelease = sd_vmci_string(v, "OSRELEASE");
	if (!v->osrelease || !*v->osrelease)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: no OSRELEASE", v->origin);
	st = plain_number(v, "PAGESIZE", 0, &val, &found, err);
	if (st)
		return st;
	if (!found)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: no PAGESIZE", v->origin);
	if (val < 512 || val > (1u << 24) || (val & (val - 1)))
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: PAGESIZE=%llu is not a valid page size",
			       v->origin, (unsigned long long)val);
	v->page_size = (uint32_t)val;
	v->page_shift = (uint32_t)__builtin_ctzll(val);
	st = plain_number(v, "CRASHTIME", 0, &val, &v->has_crashtime, err);
	if (st)
		return st;
	v->crashtime = (int64_t)val;
	return plain_number(v, "KERNELOFFSET", 1, &v->kerneloffset,
			    &v->has_kerneloffset, err);
}

static sd_status
parse_common(const char *text, size_t len, const char *raw, size_t raw_len,
	     const char *origin, struct sd_vmcoreinfo **ret,
	     struct sd_err *err)
{
	struct sd_vmcoreinfo *v = calloc(1, sizeof(*v));
	size_t tlen = len;
	sd_status st;

	if (!v)
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", origin);
	v->origin = origin ? origin : "VMCOREINFO";
	v->raw = malloc(raw_len + 1);
	v->text = malloc(tlen + 1);
	if (!v->raw || !v->text) {
		sd_vmci_free(v);
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", origin);
	}
	memcpy(v->raw, raw, raw_len);
	v->raw[raw_len] = '\0';
	v->raw_len = raw_len;
	memcpy(v->text, text, tlen);
	v->text[tlen] = '\0';
	st = tokenize(v, tlen, err);
	if (!st)
		st = read_basics(v, err);
	if (st) {
		sd_vmci_free(v);
		return st;
	}
	*ret = v;
	return SD_OK;
}

sd_status
sd_vmci_parse(const char *text, size_t len, const char *origin,
	      struct sd_vmcoreinfo **ret, struct sd_err *err)
{
	return parse_common(text, len, text, len, origin, ret, err);
}

void
sd_vmci_free(struct sd_vmcoreinfo *v)
{
	if (!v)
		return;
	free(v->entries);
	free(v->text);
	free(v->raw);
	free(v);
}

sd_status
sd_vmci_load_file(const char *path, struct sd_vmcoreinfo **ret,
		  struct sd_err *err)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	sd_status st;

	if (!f)
		return sd_fail_errno(err, errno, "%s: cannot open", path);
	buf = malloc(VMCI_FILE_MAX);
	if (!buf) {
		fclose(f);
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory", path);
	}
	n = fread(buf, 1, VMCI_FILE_MAX, f);
	if (ferror(f)) {
		st = sd_fail_errno(err, errno, "%s: read error", path);
	} else if (n == VMCI_FILE_MAX) {
		st = sd_fail(err, SD_ERR_CORRUPT, "%s: larger than %d bytes",
			     path, VMCI_FILE_MAX);
	} else {
		st = sd_vmci_parse(buf, n, path, ret, err);
	}
	free(buf);
	fclose(f);
	return st;
}

/*
 * Does KASLR move this symbol of the -i file?  Every symbol VMCOREINFO
 * names lies in the kernel image, which KERNELOFFSET moves: on x86_64 the
 * image is [__START_KERNEL_map, +1 GiB); on arm64 (a note with
 * kimage_voffset) the image has no fixed window, and every symbol moves,
 * as makedumpfile moves every symbol it reads from a -i file
 * (doc/kernel-model.md, "-i and KASLR").
 */
static bool
kaslr_moves(const struct sd_vmci_entry *e, bool arm64)
{
	return e->kind == SD_VMCI_SYMBOL &&
	       (arm64 || (e->value >= 0xffffffff80000000ULL &&
			  e->value < 0xffffffff80000000ULL + (1ULL << 30)));
}

/* Append "KEY=value\n" for entry @e of the -i file to @out (at *pos). */
static size_t
emit_line(const struct sd_vmci_entry *e, uint64_t kaslr, bool arm64,
	  char *out, size_t size)
{
	const char *kw = e->kind >= SD_VMCI_SYMBOL && e->kind <= SD_VMCI_NUMBER
			 ? kind_words[e->kind] : NULL;
	int n;

	if (kaslr_moves(e, arm64))
		n = snprintf(out, size, "SYMBOL(%s)=%llx\n", e->name,
			     (unsigned long long)(e->value + kaslr));
	else if (e->kind == SD_VMCI_SYMBOL)
		n = snprintf(out, size, "SYMBOL(%s)=%llx\n", e->name,
			     (unsigned long long)e->value);
	else if (kw)
		n = snprintf(out, size, "%s(%s)=%s\n", kw, e->name, e->str);
	else
		n = snprintf(out, size, "%s=%s\n", e->name, e->str);
	return n < 0 ? 0 : (size_t)n;
}

sd_status
sd_vmci_merge(const struct sd_vmcoreinfo *file,
	      const struct sd_vmcoreinfo *note, struct sd_vmcoreinfo **ret,
	      struct sd_err *err)
{
	uint64_t kaslr = note && note->has_kerneloffset ? note->kerneloffset : 0;
	bool arm64 = note && sd_vmci_has(note, SD_VMCI_NUMBER, "kimage_voffset");
	size_t note_len = note ? strnlen(note->raw, note->raw_len) : 0;
	size_t size = 1, pos = 0, i;
	char *text;
	sd_status st;

	for (i = 0; i < file->n_entries; i++)
		size += emit_line(&file->entries[i], kaslr, arm64, NULL, 0);
	size += note_len;
	text = malloc(size);
	if (!text)
		return sd_fail(err, SD_ERR_NOMEM, "%s: out of memory",
			       file->origin);
	for (i = 0; i < file->n_entries; i++)
		pos += emit_line(&file->entries[i], kaslr, arm64, text + pos,
				 size - pos);
	/* The note's text is what the kernel emitted: re-parse it as such. */
	if (note)
		memcpy(text + pos, note->raw, note_len);
	text[pos + note_len] = '\0';
	st = parse_common(text, pos + note_len,
			  note ? note->raw : file->raw,
			  note ? note->raw_len : file->raw_len,
			  file->origin, ret, err);
	free(text);
	return st;
}

static sd_status
get_typed(const struct sd_vmcoreinfo *v, enum sd_vmci_kind kind,
	  const char *name, uint64_t *ret)
{
	const struct sd_vmci_entry *e = sd_vmci_find(v, kind, name);

	if (!e)
		return SD_ERR_NODATA;
	*ret = e->value;
	return SD_OK;
}

sd_status
sd_vmci_symbol(const struct sd_vmcoreinfo *v, const char *name, uint64_t *ret)
{
	return get_typed(v, SD_VMCI_SYMBOL, name, ret);
}

sd_status
sd_vmci_size(const struct sd_vmcoreinfo *v, const char *name, int64_t *ret)
{
	return get_typed(v, SD_VMCI_SIZE, name, (uint64_t *)ret);
}

sd_status
sd_vmci_offset(const struct sd_vmcoreinfo *v, const char *name, int64_t *ret)
{
	return get_typed(v, SD_VMCI_OFFSET, name, (uint64_t *)ret);
}

sd_status
sd_vmci_length(const struct sd_vmcoreinfo *v, const char *name, int64_t *ret)
{
	return get_typed(v, SD_VMCI_LENGTH, name, (uint64_t *)ret);
}

sd_status
sd_vmci_number(const struct sd_vmcoreinfo *v, const char *name, int64_t *ret)
{
	return get_typed(v, SD_VMCI_NUMBER, name, (uint64_t *)ret);
}

const char *
sd_vmci_string(const struct sd_vmcoreinfo *v, const char *key)
{
	const struct sd_vmci_entry *e = sd_vmci_find(v, SD_VMCI_PLAIN, key);

	return e ? e->str : NULL;
}
