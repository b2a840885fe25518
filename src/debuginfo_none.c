// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The debug-info module of a build without libdw-dev: -x and -g are
 * refused (sd_job_check_built says so before anything runs); opening a
 * vmlinux fails with the reason.
 */
#include "sievedump/debuginfo.h"

sd_status
sd_dbg_open(const char *path, struct sd_budget *budget, struct sd_dbg **ret,
	    struct sd_err *err)
{
	(void)budget;
	(void)ret;
	return sd_fail(err, SD_ERR_UNSUPPORTED,
		       "%s: this sievedump was built without libdw (configure with libdw-dev installed): -x and -g need it",
		       path);
}

void
sd_dbg_close(struct sd_dbg *dbg)
{
	(void)dbg;
}

/* No sd_dbg can exist in this build: the lookups below are never reached
 * with one, and say why if they are. */
static sd_status
none(struct sd_err *err)
{
	return sd_fail(err, SD_ERR_UNSUPPORTED,
		       "this sievedump was built without libdw");
}

const char *
sd_dbg_path(const struct sd_dbg *dbg)
{
	(void)dbg;
	return "(no libdw)";
}

sd_status
sd_dbg_symbol(struct sd_dbg *dbg, const char *name, uint64_t *addr,
	      struct sd_err *err)
{
	(void)dbg, (void)name, (void)addr;
	return none(err);
}

sd_status
sd_dbg_next_symbol(struct sd_dbg *dbg, const char *name, uint64_t *addr,
		   struct sd_err *err)
{
	(void)dbg, (void)name, (void)addr;
	return none(err);
}

sd_status
sd_dbg_read(struct sd_dbg *dbg, uint64_t vaddr, void *buf, size_t len,
	    struct sd_err *err)
{
	(void)dbg, (void)vaddr, (void)buf, (void)len;
	return none(err);
}

sd_status
sd_dbg_type_of(struct sd_dbg *dbg, uint64_t die, struct sd_dbg_type *ret,
	       struct sd_err *err)
{
	(void)dbg, (void)die, (void)ret;
	return none(err);
}

sd_status
sd_dbg_type_by_name(struct sd_dbg *dbg, const char *name,
		    struct sd_dbg_type *ret, struct sd_err *err)
{
	(void)dbg, (void)name, (void)ret;
	return none(err);
}

sd_status
sd_dbg_var_type(struct sd_dbg *dbg, const char *name, struct sd_dbg_type *ret,
		struct sd_err *err)
{
	(void)dbg, (void)name, (void)ret;
	return none(err);
}

sd_status
sd_dbg_member(struct sd_dbg *dbg, const struct sd_dbg_type *container,
	      const char *path, int64_t *offset, struct sd_dbg_type *type,
	      struct sd_err *err)
{
	(void)dbg, (void)container, (void)path, (void)offset, (void)type;
	return none(err);
}

sd_status
sd_dbg_enum_value(struct sd_dbg *dbg, const char *name, int64_t *value,
		  struct sd_err *err)
{
	(void)dbg, (void)name, (void)value;
	return none(err);
}

sd_status
sd_dbg_mdf_variable(struct sd_dbg *dbg, const char *name, uint64_t *type,
		    int64_t *length, struct sd_err *err)
{
	(void)dbg, (void)name, (void)type, (void)length;
	return none(err);
}

sd_status
sd_dbg_mdf_member(struct sd_dbg *dbg, const char *sname, const char *member,
		  int64_t *offset, uint64_t *type, int64_t *length,
		  struct sd_err *err)
{
	(void)dbg, (void)sname, (void)member, (void)offset, (void)type,
	(void)length;
	return none(err);
}

sd_status
sd_dbg_mdf_struct_size(struct sd_dbg *dbg, const char *sname, int64_t *size,
		       struct sd_err *err)
{
	(void)dbg, (void)sname, (void)size;
	return none(err);
}

sd_status
sd_dbg_vmcoreinfo(struct sd_dbg *dbg, long page_size, const char *release,
		  char **text, size_t *len, struct sd_err *err)
{
	(void)dbg, (void)page_size, (void)release, (void)text, (void)len;
	return none(err);
}
