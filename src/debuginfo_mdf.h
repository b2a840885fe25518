/* SPDX-License-Identifier: GPL-2.0-or-later */
/* makedumpfile's DWARF lookups (src/debuginfo_mdf.c), for -g and -x. */
#ifndef SIEVEDUMP_DEBUGINFO_MDF_H
#define SIEVEDUMP_DEBUGINFO_MDF_H

#include "debuginfo_int.h"

enum sd_mdf_member {
	SD_MDF_OFFSET,		/* a member's offset */
	SD_MDF_FIRST_UNION,	/* the offset of the first union member */
	SD_MDF_LENGTH,		/* a member's (or variable's) array length */
	SD_MDF_ARRAY_TYPE,	/* is the variable an array? (LONG_MAX - 1) */
	SD_MDF_TYPE,		/* the DIE offset of a member's (or variable's)
				   DW_AT_type; 0: none (void) */
};

/* Each returns -1 when not found, -2 on an error (in @err). */
long sd_mdf_struct_size(struct sd_dbg *dbg, const char *name,
			struct sd_err *err);
long sd_mdf_member(struct sd_dbg *dbg, const char *sname, const char *member,
		   enum sd_mdf_member mode, struct sd_err *err);
long sd_mdf_typedef_size(struct sd_dbg *dbg, const char *name,
			 struct sd_err *err);
long sd_mdf_symbol_array(struct sd_dbg *dbg, const char *name,
			 enum sd_mdf_member mode, struct sd_err *err);
long sd_mdf_enum(struct sd_dbg *dbg, const char *name, struct sd_err *err);
/* The file a typedef is declared in; NULL when not found. */
const char *sd_mdf_srcfile(struct sd_dbg *dbg, const char *name,
			   struct sd_err *err);

#endif
