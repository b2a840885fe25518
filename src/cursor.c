// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A bounds-checked little-endian reader over untrusted bytes
 * (include/sievedump/cursor.h), used by every parser of input headers.
 */
#include "sievedump/cursor.h"

void
sd_cursor_init(struct sd_cursor *c, const void *p, size_t len, uint64_t base,
	       const char *what)
{
	c->p = p;
	c->len = len;
	c->pos = 0;
	c->what = what ? what : "input";
	c->base = base;
}

static sd_status
truncated(const struct sd_cursor *c, size_t need, struct sd_err *err)
{
	return sd_fail(err, SD_ERR_CORRUPT,
		       "%s: truncated at offset 0x%llx (need %zu bytes, %zu left)",
		       c->what, (unsigned long long)(c->base + c->pos), need,
		       sd_cursor_left(c));
}

sd_status
sd_cursor_bytes(struct sd_cursor *c, size_t n, const uint8_t **ret,
		struct sd_err *err)
{
	if (n > sd_cursor_left(c))
		return truncated(c, n, err);
	*ret = c->p + c->pos;
	c->pos += n;
	return SD_OK;
}

sd_status
sd_cursor_u8(struct sd_cursor *c, uint8_t *ret, struct sd_err *err)
{
	const uint8_t *b = NULL;
	sd_status st = sd_cursor_bytes(c, 1, &b, err);

	if (!st)
		*ret = b[0];
	return st;
}

sd_status
sd_cursor_u16(struct sd_cursor *c, uint16_t *ret, struct sd_err *err)
{
	const uint8_t *b = NULL;
	sd_status st = sd_cursor_bytes(c, 2, &b, err);

	if (!st)
		*ret = sd_le16(b);
	return st;
}

sd_status
sd_cursor_u32(struct sd_cursor *c, uint32_t *ret, struct sd_err *err)
{
	const uint8_t *b = NULL;
	sd_status st = sd_cursor_bytes(c, 4, &b, err);

	if (!st)
		*ret = sd_le32(b);
	return st;
}

sd_status
sd_cursor_u64(struct sd_cursor *c, uint64_t *ret, struct sd_err *err)
{
	const uint8_t *b = NULL;
	sd_status st = sd_cursor_bytes(c, 8, &b, err);

	if (!st)
		*ret = sd_le64(b);
	return st;
}

sd_status
sd_cursor_skip(struct sd_cursor *c, size_t n, struct sd_err *err)
{
	if (n > sd_cursor_left(c))
		return truncated(c, n, err);
	c->pos += n;
	return SD_OK;
}

sd_status
sd_cursor_seek(struct sd_cursor *c, size_t pos, struct sd_err *err)
{
	if (pos > c->len)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: truncated at offset 0x%llx (seek beyond end 0x%llx)",
			       c->what, (unsigned long long)(c->base + pos),
			       (unsigned long long)(c->base + c->len));
	c->pos = pos;
	return SD_OK;
}

sd_status
sd_cursor_align(struct sd_cursor *c, size_t align, struct sd_err *err)
{
	size_t pad = (align - (c->pos & (align - 1))) & (align - 1);

	return sd_cursor_skip(c, pad, err);
}

sd_status
sd_cursor_sub(struct sd_cursor *c, size_t n, const char *what,
	      struct sd_cursor *sub, struct sd_err *err)
{
	if (n > sd_cursor_left(c))
		return truncated(c, n, err);
	sd_cursor_init(sub, c->p + c->pos, n, c->base + c->pos,
		       what ? what : c->what);
	c->pos += n;
	return SD_OK;
}
