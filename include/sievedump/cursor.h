/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_CURSOR_H
#define SIEVEDUMP_CURSOR_H

#include <stddef.h>
#include <stdint.h>

#include "sievedump/status.h"

/**
 * A bounds-checked little-endian reader over untrusted bytes.  Every
 * parser of input data (ELF headers, notes, kdump headers, flattened
 * records) reads through one of these.
 *
 * Violations return SD_ERR_CORRUPT with "<what>: truncated at offset 0x…"
 * where the offset is @base + @pos, i.e. the position in the file when
 * @base is the file offset of p[0].  The cursor is unchanged on failure.
 */
struct sd_cursor {
	const uint8_t *p;
	size_t len;		/**< bytes at @p */
	size_t pos;		/**< next byte to read */
	const char *what;	/**< names the data in error messages */
	uint64_t base;		/**< offset of p[0] in its file (for messages) */
};

void sd_cursor_init(struct sd_cursor *c, const void *p, size_t len,
		    uint64_t base, const char *what);

static inline size_t
sd_cursor_left(const struct sd_cursor *c)
{
	return c->len - c->pos;
}

sd_status sd_cursor_u8(struct sd_cursor *c, uint8_t *ret, struct sd_err *err)
	SD_MUST_CHECK;
sd_status sd_cursor_u16(struct sd_cursor *c, uint16_t *ret,
			struct sd_err *err) SD_MUST_CHECK;
sd_status sd_cursor_u32(struct sd_cursor *c, uint32_t *ret,
			struct sd_err *err) SD_MUST_CHECK;
sd_status sd_cursor_u64(struct sd_cursor *c, uint64_t *ret,
			struct sd_err *err) SD_MUST_CHECK;
/** Point *@ret at the next @n bytes and step over them (no copy). */
sd_status sd_cursor_bytes(struct sd_cursor *c, size_t n, const uint8_t **ret,
			  struct sd_err *err) SD_MUST_CHECK;
sd_status sd_cursor_skip(struct sd_cursor *c, size_t n, struct sd_err *err)
	SD_MUST_CHECK;
/** Move to absolute position @pos (0 ≤ pos ≤ len). */
sd_status sd_cursor_seek(struct sd_cursor *c, size_t pos, struct sd_err *err)
	SD_MUST_CHECK;
/** Skip to the next multiple of @align (a power of two) relative to p[0]. */
sd_status sd_cursor_align(struct sd_cursor *c, size_t align,
			  struct sd_err *err) SD_MUST_CHECK;
/**
 * Carve the next @n bytes into @sub (named @what, or the parent's name if
 * NULL) and step over them in @c.
 */
sd_status sd_cursor_sub(struct sd_cursor *c, size_t n, const char *what,
			struct sd_cursor *sub, struct sd_err *err) SD_MUST_CHECK;

/* Unchecked little-endian loads for buffers whose size is already known. */
static inline uint16_t
sd_le16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t
sd_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint64_t
sd_le64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)sd_le32(b) | (uint64_t)sd_le32(b + 4) << 32;
}

#endif
