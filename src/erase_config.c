// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The --config filter file (makedumpfile.conf(5)) into statements: erase
 * commands and for loops, in [vmlinux] sections.  The grammar and what it
 * accepts are in doc/erase-filters.md, "The filter file".  Unlike
 * makedumpfile, which stops reading at the first syntax error and dumps
 * with what it read so far, a syntax error fails the run, naming the file
 * and line.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sievedump/erase.h"

struct token {
	char *s;		/* NUL-terminated, inside the parser's copy */
	int line;
	bool section;		/* a [name] line: s is the name */
};

struct parser {
	const char *path;
	char *text;		/* a copy, cut into tokens in place */
	struct token *tok;
	size_t ntok, cap, pos;
	struct sd_erase_config *c;
	struct sd_err *err;
};

static sd_status
nomem(struct parser *p)
{
	return sd_fail(p->err, SD_ERR_NOMEM, "%s: out of memory", p->path);
}

static sd_status SD_PRINTF(3, 4)
syntax(struct parser *p, int line, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sd_fail(p->err, SD_ERR_INVALID, "%s:%d: %s", p->path, line, what);
}

static sd_status
push(struct parser *p, char *s, int line, bool section)
{
	if (p->ntok == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		struct token *t = realloc(p->tok, cap * sizeof(*t));

		if (!t)
			return nomem(p);
		p->tok = t;
		p->cap = cap;
	}
	p->tok[p->ntok].s = s;
	p->tok[p->ntok].line = line;
	p->tok[p->ntok].section = section;
	p->ntok++;
	return SD_OK;
}

/* One line: '#' starts a comment, tabs are blanks, "[name]" at column 0. */
static sd_status
tokenize_line(struct parser *p, char *l, int line)
{
	char *c = strchr(l, '#'), *save = NULL, *t;
	sd_status st = SD_OK;

	if (c)
		*c = '\0';
	for (c = l; *c; c++)
		if (*c == '\t' || *c == '\r')
			*c = ' ';
	if (l[0] == '[') {
		c = strchr(l, ']');
		if (!c)
			return syntax(p, line, "invalid module section entry (no ']')");
		*c = '\0';
		return push(p, l + 1, line, true);
	}
	for (t = strtok_r(l, " ", &save); !st && t; t = strtok_r(NULL, " ", &save))
		st = push(p, t, line, false);
	return st;
}

static sd_status
tokenize(struct parser *p)
{
	char *l = p->text, *nl;
	int line = 1;
	sd_status st = SD_OK;

	while (!st && *l) {
		nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		st = tokenize_line(p, l, line++);
		if (!nl)
			break;
		l = nl + 1;
	}
	return st;
}

static bool
is_keyword(const char *s)
{
	static const char *const kw[] = {
		"erase", "size", "nullify", "for", "in", "within", "endfor",
	};
	size_t i;

	for (i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (!strcmp(s, kw[i]))
			return true;
	return false;
}

/* The next token of the command, or NULL at the end or at a section. */
static struct token *
next(struct parser *p)
{
	if (p->pos >= p->ntok || p->tok[p->pos].section)
		return NULL;
	return &p->tok[p->pos++];
}

/* Take the next token if it is @word. */
static bool
accept(struct parser *p, const char *word)
{
	if (p->pos >= p->ntok || p->tok[p->pos].section ||
	    strcmp(p->tok[p->pos].s, word))
		return false;
	p->pos++;
	return true;
}

static int
last_line(const struct parser *p)
{
	if (p->pos < p->ntok)
		return p->tok[p->pos].line;
	return p->ntok ? p->tok[p->ntok - 1].line : 1;
}

/* A.b.c into its parts; empty parts dropped as makedumpfile does. */
static sd_status
split_path(struct parser *p, char *s, struct sd_erase_path *path)
{
	char *save = NULL, *t;
	unsigned n = 0;

	for (t = s; *t; t++)
		n += *t == '.';
	path->part = calloc(n + 1, sizeof(char *));
	if (!path->part)
		return nomem(p);
	path->buf = s;
	path->n = 0;
	for (t = strtok_r(s, ".", &save); t; t = strtok_r(NULL, ".", &save))
		path->part[path->n++] = t;
	return SD_OK;
}

/* A symbol expression token; @what names it in the error. */
static sd_status
read_path(struct parser *p, int line, const char *what,
	  struct sd_erase_path *path, char **expr)
{
	struct token *t = next(p);
	char *copy;

	if (!t || is_keyword(t->s))
		return syntax(p, t ? t->line : line, "expected %s", what);
	if (expr)
		*expr = t->s;
	copy = strdup(t->s);
	if (!copy)
		return nomem(p);
	if (split_path(p, copy, path)) {
		free(copy);
		return SD_ERR_NOMEM;
	}
	if (!path->n) {
		free(copy);
		free(path->part);
		path->part = NULL;
		path->buf = NULL;
		return syntax(p, t->line, "'%s' names no symbol", t->s);
	}
	return SD_OK;
}

/* size N[K|M] (sscanf "%ld%c": the character after the digits) or SYMBOL. */
static sd_status
read_size(struct parser *p, struct sd_erase_cmd *cmd, const char *id)
{
	struct token *t = next(p);
	char *end;
	long v;

	if (!t || is_keyword(t->s))
		return syntax(p, t ? t->line : cmd->line,
			      "expected a size or size symbol after 'size'");
	errno = 0;
	v = strtol(t->s + strspn(t->s, "."), &end, 10);
	if (end != t->s + strspn(t->s, ".")) {
		if (v < 0 || errno)
			return syntax(p, t->line, "size '%s' must be a positive number",
				      t->s);
		if ((*end == 'M' || *end == 'm') && v <= LONG_MAX / (1 << 20))
			v *= 1 << 20;
		else if ((*end == 'K' || *end == 'k') && v <= LONG_MAX / 1024)
			v *= 1024;
		else if (strchr("MmKk", *end) && *end)
			return syntax(p, t->line, "size '%s' is too large", t->s);
		cmd->size_kind = SD_ERASE_SIZE_VALUE;
		cmd->size_value = v;
		return SD_OK;
	}
	p->pos--;
	cmd->size_kind = SD_ERASE_SIZE_EXPR;
	if (read_path(p, cmd->line, "a size symbol after 'size'",
		      &cmd->size_expr, NULL))
		return p->err->status;
	cmd->size_is_var = id && !strcmp(cmd->size_expr.part[0], id);
	return SD_OK;
}

/* After "erase": SYMBOL[.member...] [size X | nullify]. */
static sd_status
read_erase(struct parser *p, struct sd_erase_stmt *s, int line, const char *id)
{
	struct sd_erase_cmd *cmd, *more;

	more = realloc(s->cmd, (s->ncmd + 1) * sizeof(*more));
	if (!more)
		return nomem(p);
	s->cmd = more;
	cmd = &s->cmd[s->ncmd];
	memset(cmd, 0, sizeof(*cmd));
	cmd->line = line;
	if (read_path(p, line, "a kernel symbol after 'erase'", &cmd->target,
		      &cmd->expr))
		return p->err->status;
	s->ncmd++;
	if (id && strcmp(cmd->target.part[0], id))
		return syntax(p, line,
			      "the erase command does not use the iteration variable '%s'",
			      id);
	if (accept(p, "nullify"))
		cmd->size_kind = SD_ERASE_NULLIFY;
	else if (accept(p, "size"))
		return read_size(p, cmd, id);
	return SD_OK;
}

/* within STRUCT[:MEMBER] */
static sd_status
read_within(struct parser *p, struct sd_erase_stmt *s, int line)
{
	struct token *t = next(p);
	char *colon;

	if (!t || is_keyword(t->s))
		return syntax(p, t ? t->line : line,
			      "expected a struct name after 'within'");
	colon = strchr(t->s, ':');
	if (colon) {
		*colon++ = '\0';
		colon += strspn(colon, ".");
		if (!*colon)
			return syntax(p, t->line,
				      "expected a list_head member after ':'");
		if (strchr(colon, '.'))
			return syntax(p, t->line,
				      "the list_head member '%s' must be one name",
				      colon);
	}
	if (!*t->s)
		return syntax(p, t->line, "expected a struct name after 'within'");
	s->kind = SD_ERASE_FOR_WITHIN;
	s->within_struct = t->s;
	s->within_member = colon;
	return SD_OK;
}

/* LIST [via MEMBER | within STRUCT:MEMBER] */
static sd_status
read_list(struct parser *p, struct sd_erase_stmt *s, int line)
{
	struct token *t;

	if (read_path(p, line, "a list symbol after 'in'", &s->list, NULL))
		return p->err->status;
	s->kind = SD_ERASE_FOR;
	if (accept(p, "via")) {
		t = next(p);
		if (!t)
			return syntax(p, last_line(p),
				      "expected a member name after 'via'");
		if (strchr(t->s, '.') || !*t->s)
			return syntax(p, t->line,
				      "the 'via' member '%s' must be one name", t->s);
		s->kind = SD_ERASE_FOR_VIA;
		s->via = t->s;
	} else if (accept(p, "within")) {
		return read_within(p, s, line);
	}
	return SD_OK;
}

/* After "for": ID in LIST ... erase ... endfor */
static sd_status
read_for(struct parser *p, struct sd_erase_stmt *s, int line)
{
	struct token *t = next(p);
	const char *id;

	if (!t || is_keyword(t->s))
		return syntax(p, t ? t->line : line,
			      "expected an iteration variable after 'for'");
	id = t->s + strspn(t->s, ".");
	if (!*id || strchr(id, '.'))
		return syntax(p, t->line, "invalid iteration variable '%s'", t->s);
	s->id = (char *)id;
	if (!accept(p, "in")) {
		t = next(p);
		return syntax(p, t ? t->line : last_line(p),
			      "expected 'in' after the iteration variable, found '%s'",
			      t ? t->s : "nothing");
	}
	if (read_list(p, s, line))
		return p->err->status;
	while (!accept(p, "endfor")) {
		t = next(p);
		if (!t)
			return syntax(p, last_line(p), "no 'endfor' for the 'for' of line %d",
				      line);
		if (strcmp(t->s, "erase"))
			return syntax(p, t->line, "invalid token '%s' in a for loop",
				      t->s);
		if (read_erase(p, s, t->line, s->id))
			return p->err->status;
	}
	return SD_OK;
}

/* [name]: only the kernel's own symbols are read (doc/erase-filters.md). */
static sd_status
section(struct parser *p, const struct token *t)
{
	if (!strcmp(t->s, "vmlinux"))
		return SD_OK;
	return syntax(p, t->line,
		      "module section [%s]: erasing kernel module data is not supported (only [vmlinux])",
		      t->s);
}

static sd_status
add_stmt(struct parser *p, struct sd_erase_stmt **ret)
{
	struct sd_erase_config *c = p->c;
	struct sd_erase_stmt *more;

	more = realloc(c->stmt, (c->nstmt + 1) * sizeof(*more));
	if (!more)
		return nomem(p);
	c->stmt = more;
	*ret = &c->stmt[c->nstmt++];
	memset(*ret, 0, sizeof(**ret));
	return SD_OK;
}

static sd_status
parse_all(struct parser *p)
{
	struct sd_erase_stmt *s = NULL;
	struct token *t;
	sd_status st = SD_OK;

	while (!st && p->pos < p->ntok) {
		t = &p->tok[p->pos++];
		if (t->section) {
			st = section(p, t);
			continue;
		}
		if (strcmp(t->s, "erase") && strcmp(t->s, "for"))
			return syntax(p, t->line, "invalid token '%s'", t->s);
		st = add_stmt(p, &s);
		if (st)
			return st;
		s->line = t->line;
		if (!strcmp(t->s, "erase")) {
			s->kind = SD_ERASE_PLAIN;
			st = read_erase(p, s, t->line, NULL);
		} else {
			st = read_for(p, s, t->line);
		}
	}
	return st;
}

static void
free_path(struct sd_erase_path *path)
{
	free(path->buf);
	free(path->part);
}

void
sd_erase_config_free(struct sd_erase_config *c)
{
	unsigned i, j;

	if (!c)
		return;
	for (i = 0; i < c->nstmt; i++) {
		struct sd_erase_stmt *s = &c->stmt[i];

		free_path(&s->list);
		for (j = 0; j < s->ncmd; j++) {
			free_path(&s->cmd[j].target);
			free_path(&s->cmd[j].size_expr);
		}
		free(s->cmd);
	}
	free(c->stmt);
	free(c->path);
	free(c->text);
	free(c);
}

sd_status
sd_erase_config_parse(const char *path, const char *text, size_t len,
		      struct sd_erase_config **ret, struct sd_err *err)
{
	struct parser p;
	sd_status st;

	memset(&p, 0, sizeof(p));
	p.path = path;
	p.err = err;
	*ret = NULL;
	if (memchr(text, '\0', len))
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: a NUL byte at offset %zu: not a filter file",
			       path, (size_t)((const char *)memchr(text, '\0', len) - text));
	p.c = calloc(1, sizeof(*p.c));
	p.text = malloc(len + 1);
	if (p.c)
		p.c->path = strdup(path);
	if (!p.c || !p.text || !p.c->path) {
		free(p.text);
		sd_erase_config_free(p.c);
		return nomem(&p);
	}
	memcpy(p.text, text, len);
	p.text[len] = '\0';
	p.c->text = p.text;
	st = tokenize(&p);
	if (!st)
		st = parse_all(&p);
	free(p.tok);
	if (st) {
		sd_erase_config_free(p.c);
		return st;
	}
	*ret = p.c;
	return SD_OK;
}
