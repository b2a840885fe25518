/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIEVEDUMP_COMPILER_H
#define SIEVEDUMP_COMPILER_H

#define SD_MUST_CHECK __attribute__((warn_unused_result))
#define SD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define SD_UNUSED __attribute__((unused))
#define sd_likely(x) __builtin_expect(!!(x), 1)
#define sd_unlikely(x) __builtin_expect(!!(x), 0)

#define SD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define SD_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SD_MAX(a, b) ((a) > (b) ? (a) : (b))
#define SD_DIV_ROUND_UP(a, b) (((a) + (b) - 1) / (b))
#define SD_ROUND_UP(a, b) (SD_DIV_ROUND_UP(a, b) * (b))

#endif
