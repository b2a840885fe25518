// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Error values (include/sievedump/status.h): a status code plus a message
 * that names the file and offset, built where the error is found.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sievedump/status.h"

void
sd_err_clear(struct sd_err *err)
{
	err->status = SD_OK;
	err->errnum = 0;
	err->msg[0] = '\0';
}

static void
vset(struct sd_err *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

sd_status
sd_fail(struct sd_err *err, sd_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, fmt, ap);
	va_end(ap);
	err->status = status;
	err->errnum = 0;
	return status;
}

sd_status
sd_fail_errno(struct sd_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vset(err, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s",
		 strerror(errnum));
	err->errnum = errnum;
	if (errnum == ENOSPC || errnum == EDQUOT || errnum == EFBIG)
		err->status = SD_ERR_NOSPACE;
	else if (errnum == ENOMEM)
		err->status = SD_ERR_NOMEM;
	else
		err->status = SD_ERR_SYSTEM;
	return err->status;
}

sd_status
sd_wrap(struct sd_err *err, sd_status status, const char *fmt, ...)
{
	char prefix[SD_ERR_MSG_MAX];
	char old[SD_ERR_MSG_MAX];
	size_t len, old_len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	len = strlen(prefix);
	if (len > sizeof(err->msg) - 3)
		len = sizeof(err->msg) - 3;
	memcpy(err->msg, prefix, len);
	memcpy(err->msg + len, ": ", 2);
	len += 2;
	old_len = strlen(old);
	if (old_len > sizeof(err->msg) - 1 - len)
		old_len = sizeof(err->msg) - 1 - len;
	memcpy(err->msg + len, old, old_len);
	err->msg[len + old_len] = '\0';
	if (err->status == SD_OK)
		err->status = status;
	return status;
}

sd_status
sd_ops_version_check(const char *kind, const char *name, unsigned have,
		     unsigned want, struct sd_err *err)
{
	if (have == want)
		return SD_OK;
	return sd_fail(err, SD_ERR_UNSUPPORTED,
		       "%s \"%s\": its ops table has version %u, this sievedump reads version %u",
		       kind, name ? name : "(unnamed)", have, want);
}
