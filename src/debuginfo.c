// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A vmlinux's debug information (-x, -g): opening it (libelf, and libdw
 * dlopen()ed so that a capture initramfs copying sievedump's ldd list does
 * not carry libdw and its dependencies), the symbol table and reads of the
 * image.  Types are in debuginfo_type.c, the search in debuginfo_scan.c,
 * makedumpfile's -g text in debuginfo_vmci.c (doc/debuginfo.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sievedump/compress.h"
#include "sievedump/io.h"
#include "debuginfo_int.h"

const char *
sd_dbg_path(const struct sd_dbg *dbg)
{
	return dbg->path;
}

static sd_status
load_libdw(struct sd_dbg *dbg, struct sd_err *err)
{
#define SD_DW_NAME(f) #f,
	static const char *const names[] = { SD_DW_FUNCS(SD_DW_NAME) };
#undef SD_DW_NAME
	enum { N = sizeof(names) / sizeof(names[0]) };
	sd_lib_fn *fn[N];
	size_t i = 0;
	sd_status st;

	st = sd_lib_load(LIBDW_SONAME, names, N, fn, &dbg->lib, err);
	if (st)
		return sd_wrap(err, st,
			       "%s: reading debug information needs elfutils' libdw",
			       dbg->path);
#define SD_DW_SET(f) dbg->dw.f = (__typeof__(dbg->dw.f))fn[i++];
	SD_DW_FUNCS(SD_DW_SET)
#undef SD_DW_SET
	return SD_OK;
}

/*
 * ch_type of a SHF_COMPRESSED section (the first word of its Elf32_Chdr or
 * Elf64_Chdr, in the file's byte order); 0 when it cannot be read.
 */
static uint32_t
compression_type(const struct sd_dbg *dbg, const GElf_Shdr *sh, bool msb)
{
	uint8_t b[4];
	size_t got = 0;

	if (sd_io_pread(dbg->fd, b, sizeof(b), sh->sh_offset, &got) ||
	    got != sizeof(b))
		return 0;
	return msb ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		     (uint32_t)b[2] << 8 | b[3]
		   : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
		     (uint32_t)b[1] << 8 | b[0];
}

/* The symbol table and .debug_info: both are needed. */
static sd_status
find_sections(struct sd_dbg *dbg, bool msb, struct sd_err *err)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	bool debug_info = false;

	if (dbg->dw.elf_getshdrstrndx(dbg->elf, &shstrndx) < 0)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: no section header string table: %s",
			       dbg->path, dbg->dw.elf_errmsg(-1));
	while ((scn = dbg->dw.elf_nextscn(dbg->elf, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;

		if (!dbg->dw.gelf_getshdr(scn, &sh))
			return sd_fail(err, SD_ERR_CORRUPT,
				       "%s: bad section header: %s", dbg->path,
				       dbg->dw.elf_errmsg(-1));
		name = dbg->dw.elf_strptr(dbg->elf, shstrndx, sh.sh_name);
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_size > dbg->file_size ||
		     sh.sh_offset > dbg->file_size - sh.sh_size))
			return sd_fail(err, SD_ERR_CORRUPT,
				       "%s: truncated: section %s at offset 0x%llx (%llu bytes) goes past its end (%llu bytes)",
				       dbg->path, name ? name : "?",
				       (unsigned long long)sh.sh_offset,
				       (unsigned long long)sh.sh_size,
				       (unsigned long long)dbg->file_size);
		if (sh.sh_type == SHT_SYMTAB && !dbg->symtab) {
			dbg->symtab = scn;
			dbg->symtab_shdr = sh;
		}
		if (name && !strcmp(name, ".debug_info")) {
			debug_info = true;
			if (sh.sh_flags & SHF_COMPRESSED)
				dbg->info_compression =
					compression_type(dbg, &sh, msb);
		}
		if (name && !strcmp(name, ".debug_abbrev"))
			dbg->abbrev_size = sh.sh_size;
	}
	if (!debug_info)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: no DWARF debug information (.debug_info): a vmlinux built with CONFIG_DEBUG_INFO is needed",
			       dbg->path);
	if (!dbg->symtab || !dbg->symtab_shdr.sh_entsize)
		return sd_fail(err, SD_ERR_INVALID, "%s: no symbol table",
			       dbg->path);
	return SD_OK;
}

static sd_status
open_elf(struct sd_dbg *dbg, struct sd_err *err)
{
	GElf_Ehdr eh;
	struct stat sb;
	size_t shnum;

	dbg->fd = open(dbg->path, O_RDONLY | O_CLOEXEC);
	if (dbg->fd < 0)
		return sd_fail_errno(err, errno, "%s", dbg->path);
	dbg->dw.elf_version(EV_CURRENT);
	dbg->elf = dbg->dw.elf_begin(dbg->fd, ELF_C_READ_MMAP, NULL);
	if (!dbg->elf || dbg->dw.elf_kind(dbg->elf) != ELF_K_ELF ||
	    !dbg->dw.gelf_getehdr(dbg->elf, &eh)) {
		int e = dbg->dw.elf_errno();

		return sd_fail(err, SD_ERR_INVALID, "%s: not an ELF file%s%s",
			       dbg->path, e ? ": " : "", e ? dbg->dw.elf_errmsg(e) : "");
	}
	if (fstat(dbg->fd, &sb) < 0)
		return sd_fail_errno(err, errno, "%s", dbg->path);
	dbg->file_size = (uint64_t)sb.st_size;
	shnum = eh.e_shnum;	/* as written: libelf drops what is cut off */
	if ((!shnum && dbg->dw.elf_getshdrnum(dbg->elf, &shnum) < 0) ||
	    (uint64_t)shnum * eh.e_shentsize > dbg->file_size ||
	    eh.e_shoff > dbg->file_size - (uint64_t)shnum * eh.e_shentsize)
		return sd_fail(err, SD_ERR_CORRUPT,
			       "%s: truncated: its section headers at offset 0x%llx lie past its end (%llu bytes)",
			       dbg->path, (unsigned long long)eh.e_shoff,
			       (unsigned long long)dbg->file_size);
	if (eh.e_type == ET_REL)
		return sd_fail(err, SD_ERR_INVALID,
			       "%s: a relocatable object (ET_REL), not a linked kernel image",
			       dbg->path);
	return find_sections(dbg, eh.e_ident[EI_DATA] == ELFDATA2MSB, err);
}

/*
 * libdw's own tables are malloc()ed out of our sight: an estimate is held
 * in the budget while the file is open (doc/debuginfo.md, "Memory").  On
 * Debian 6.1's vmlinux (5.3 MiB of .debug_abbrev) libdw's heap grew by
 * 18 MiB over the index; 4 bytes per .debug_abbrev byte plus 4 MiB covers
 * that.  The mapped file's pages are page cache, not counted.
 */
static sd_status
reserve_libdw(struct sd_dbg *dbg, struct sd_err *err)
{
	uint64_t n = 4 * dbg->abbrev_size + (4u << 20);
	sd_status st = sd_budget_reserve(dbg->budget, n,
					 "libdw's tables (an estimate)", err);

	if (st)
		return sd_wrap(err, st, "%s", dbg->path);
	dbg->reserved = n;
	return SD_OK;
}

sd_status
sd_dbg_open(const char *path, struct sd_budget *budget, struct sd_dbg **ret,
	    struct sd_err *err)
{
	struct sd_dbg *dbg = calloc(1, sizeof(*dbg));
	sd_status st;

	if (!dbg)
		return sd_fail(err, SD_ERR_NOMEM, "out of memory");
	dbg->path = path;
	dbg->budget = budget;
	dbg->fd = -1;
	st = load_libdw(dbg, err);	/* libelf's functions come with it */
	if (!st)
		st = open_elf(dbg, err);
	if (!st)
		st = reserve_libdw(dbg, err);
	if (!st) {
		dbg->dwarf = dbg->dw.dwarf_begin_elf(dbg->elf, DWARF_C_READ,
						     NULL);
		if (!dbg->dwarf)
			st = sd_fail(err, SD_ERR_CORRUPT,
				     "%s: cannot read the DWARF information: %s",
				     path, dbg->dw.dwarf_errmsg(-1));
	}
	if (!st)
		st = sd_dbg_index(dbg, err);
	if (st) {
		sd_dbg_close(dbg);
		return st;
	}
	*ret = dbg;
	return SD_OK;
}

void
sd_dbg_close(struct sd_dbg *dbg)
{
	if (!dbg)
		return;
	sd_bfree(dbg->budget, dbg->cu, dbg->cap_cu * sizeof(*dbg->cu));
	sd_bfree(dbg->budget, dbg->names,
		 dbg->cap_names * sizeof(*dbg->names));
	sd_budget_release(dbg->budget, dbg->reserved);
	if (dbg->dwarf)
		dbg->dw.dwarf_end(dbg->dwarf);
	if (dbg->elf)
		dbg->dw.elf_end(dbg->elf);
	sd_lib_unload(dbg->lib);	/* last: elf_end came from it */
	if (dbg->fd >= 0)
		close(dbg->fd);
	free(dbg);
}

/* The symbol-table entry @i's name and value; false past the end. */
static bool
sym_at(struct sd_dbg *dbg, Elf_Data *data, size_t i, const char **name,
       uint64_t *value)
{
	GElf_Sym sym;

	if (!dbg->dw.gelf_getsym(data, (int)i, &sym))
		return false;
	*name = dbg->dw.elf_strptr(dbg->elf, dbg->symtab_shdr.sh_link, sym.st_name);
	*value = sym.st_value;
	return true;
}

static sd_status
symtab_data(struct sd_dbg *dbg, Elf_Data **data, size_t *n,
	    struct sd_err *err)
{
	*data = dbg->dw.elf_getdata(dbg->symtab, NULL);
	if (!*data || !(*data)->d_size)
		return sd_fail(err, SD_ERR_CORRUPT, "%s: empty symbol table",
			       dbg->path);
	*n = dbg->symtab_shdr.sh_size / dbg->symtab_shdr.sh_entsize;
	return SD_OK;
}

sd_status
sd_dbg_symbol(struct sd_dbg *dbg, const char *name, uint64_t *addr,
	      struct sd_err *err)
{
	Elf_Data *data = NULL;
	size_t n = 0, i;
	sd_status st = symtab_data(dbg, &data, &n, err);

	for (i = 0; !st && i < n; i++) {
		const char *s;
		uint64_t v;

		if (!sym_at(dbg, data, i, &s, &v))
			break;
		if (s && !strcmp(s, name)) {
			*addr = v;
			return SD_OK;
		}
	}
	return st ? st : sd_fail(err, SD_ERR_NODATA, "%s: no symbol %s",
				 dbg->path, name);
}

sd_status
sd_dbg_next_symbol(struct sd_dbg *dbg, const char *name, uint64_t *addr,
		   struct sd_err *err)
{
	uint64_t at, best = 0;
	Elf_Data *data = NULL;
	size_t n = 0, i;
	sd_status st = sd_dbg_symbol(dbg, name, &at, err);

	if (!st)
		st = symtab_data(dbg, &data, &n, err);
	for (i = 0; !st && i < n; i++) {
		const char *s;
		uint64_t v;

		if (!sym_at(dbg, data, i, &s, &v))
			break;
		if (s && v > at && (!best || v < best))
			best = v;
	}
	if (st)
		return st;
	if (!best)
		return sd_fail(err, SD_ERR_NODATA, "%s: no symbol after %s",
			       dbg->path, name);
	*addr = best;
	return SD_OK;
}

sd_status
sd_dbg_read(struct sd_dbg *dbg, uint64_t vaddr, void *buf, size_t len,
	    struct sd_err *err)
{
	size_t n, i;
	ssize_t r;

	if (dbg->dw.elf_getphdrnum(dbg->elf, &n) < 0)
		n = 0;
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!dbg->dw.gelf_getphdr(dbg->elf, (int)i, &ph) ||
		    ph.p_type != PT_LOAD || vaddr < ph.p_vaddr ||
		    vaddr - ph.p_vaddr >= ph.p_filesz)
			continue;
		r = pread(dbg->fd, buf, len,
			  (off_t)(ph.p_offset + (vaddr - ph.p_vaddr)));
		if (r < 0)
			return sd_fail_errno(err, errno, "%s", dbg->path);
		if ((size_t)r != len)
			return sd_fail(err, SD_ERR_UNREADABLE,
				       "%s: %zu bytes at 0x%llx go past the end of the file",
				       dbg->path, len,
				       (unsigned long long)vaddr);
		return SD_OK;
	}
	return sd_fail(err, SD_ERR_NODATA,
		       "%s: no PT_LOAD segment holds address 0x%llx", dbg->path,
		       (unsigned long long)vaddr);
}
