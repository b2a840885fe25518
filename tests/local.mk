# Included by Makefile.am.  Unit tests are C programs; e2e tests are shell
# scripts under tests/e2e.  Both follow automake's exit codes (77 = skip).
UNIT_TESTS = tests/unit/test-options tests/unit/test-log tests/unit/test-pageset \
	tests/unit/test-compress tests/unit/test-plan tests/unit/test-cursor \
	tests/unit/test-vmcoreinfo tests/unit/test-read-elf tests/unit/test-vtop \
	tests/unit/test-dmesg tests/unit/test-classify
tests_unit_test_cursor_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_vmcoreinfo_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_read_elf_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_vtop_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_classify_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_dmesg_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_compress_SOURCES = tests/unit/test-compress.c
tests_unit_test_compress_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_plan_SOURCES = tests/unit/test-plan.c
tests_unit_test_plan_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_pageset_SOURCES = tests/unit/test-pageset.c
tests_unit_test_pageset_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_options_SOURCES = tests/unit/test-options.c
tests_unit_test_options_LDADD = libsievedump.a
tests_unit_test_log_SOURCES = tests/unit/test-log.c
tests_unit_test_log_LDADD = libsievedump.a
check_PROGRAMS += $(UNIT_TESTS)

include $(top_srcdir)/tests/e2e.mk
TESTS = $(UNIT_TESTS) $(E2E_TESTS)
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	SIEVEDUMP=$(abs_top_builddir)/sievedump; export SIEVEDUMP; \
	SDGEN=$(abs_top_builddir)/tests/gen/sdgen; export SDGEN; \
	SDGEN_FUSE=$(abs_top_builddir)/tests/gen/sdgen-fuse; export SDGEN_FUSE; \
	SRCDIR=$(abs_top_srcdir); export SRCDIR;
EXTRA_DIST += $(E2E_TESTS)
