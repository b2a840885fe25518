# Included by Makefile.am.  Unit tests are C programs; e2e tests are shell
# scripts under tests/e2e.  Both follow automake's exit codes (77 = skip).
UNIT_TESTS = tests/unit/test-options tests/unit/test-log tests/unit/test-pageset \
	tests/unit/test-compress tests/unit/test-plan tests/unit/test-cursor \
	tests/unit/test-vmcoreinfo tests/unit/test-read-elf tests/unit/test-vtop \
	tests/unit/test-dmesg tests/unit/test-classify tests/unit/test-pipeline \
	tests/unit/test-scan-corrupt tests/unit/test-signals tests/unit/test-crashkernel \
	tests/unit/test-vtop-arm64 tests/unit/test-split-ranges tests/unit/test-registry \
	tests/unit/test-debuginfo tests/unit/test-erase-config tests/unit/test-erase-apply \
	tests/unit/test-cycle-driver
tests_unit_test_split_ranges_SOURCES = tests/unit/test-split-ranges.c
tests_unit_test_split_ranges_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_cycle_driver_SOURCES = tests/unit/test-cycle-driver.c
tests_unit_test_cycle_driver_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_registry_SOURCES = tests/unit/test-registry.c
tests_unit_test_registry_LDADD = libsievedump.a $(LIBDEPS)
# The fake vmlinux of the debug-info tests (tests/data/debuginfo/fake-vmlinux.c):
# kernel types and variables with DWARF, linked so that it has addresses.
FAKE_VMLINUX_SRC = $(abs_top_srcdir)/tests/data/debuginfo/fake-vmlinux.c
tests/unit/fake-vmlinux: $(top_srcdir)/tests/data/debuginfo/fake-vmlinux.c
	$(AM_V_GEN)$(CC) -g -O0 -fno-eliminate-unused-debug-types -c \
		$(FAKE_VMLINUX_SRC) -o $@.o && \
	$(CC) -nostdlib -static -no-pie -Wl,-e,0 -o $@ $@.o && rm -f $@.o
check_DATA = tests/unit/fake-vmlinux
CLEANFILES = tests/unit/fake-vmlinux tests/unit/fake-vmlinux.o
tests_unit_test_debuginfo_SOURCES = tests/unit/test-debuginfo.c
tests_unit_test_debuginfo_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFAKE_VMLINUX='"$(abs_top_builddir)/tests/unit/fake-vmlinux"' \
	-DFAKE_VMLINUX_SRC='"$(FAKE_VMLINUX_SRC)"'
tests_unit_test_debuginfo_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_erase_config_SOURCES = tests/unit/test-erase-config.c
tests_unit_test_erase_config_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_erase_apply_SOURCES = tests/unit/test-erase-apply.c tests/unit/test-erase-resolve.c
tests_unit_test_erase_apply_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_vtop_arm64_SOURCES = tests/unit/test-vtop-arm64.c
tests_unit_test_vtop_arm64_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_scan_corrupt_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_signals_LDADD = libsievedump.a
tests_unit_test_cursor_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_vmcoreinfo_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_read_elf_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_vtop_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_classify_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_dmesg_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_compress_SOURCES = tests/unit/test-compress.c
tests_unit_test_compress_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_pipeline_SOURCES = tests/unit/test-pipeline.c
tests_unit_test_pipeline_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_crashkernel_SOURCES = tests/unit/test-crashkernel.c
tests_unit_test_crashkernel_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_plan_SOURCES = tests/unit/test-plan.c
tests_unit_test_plan_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_pageset_SOURCES = tests/unit/test-pageset.c
tests_unit_test_pageset_LDADD = libsievedump.a $(LIBDEPS)
tests_unit_test_options_SOURCES = tests/unit/test-options.c \
	tests/unit/test-options-table.c tests/unit/test-options.h
tests_unit_test_options_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSD_TEST_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_options_LDADD = libsievedump.a $(LIBDEPS)
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

# Fuzzing (tests/fuzz, doc/testing.md "Fuzzing").  `make check` replays
# every corpus (seeds and the crash inputs once found) through each
# target's LLVMFuzzerTestOneInput with the replay driver, built by the
# normal compiler against libsievedump.a.  `make fuzz` builds the libFuzzer
# binaries with clang into tests/fuzz/out (tests/fuzz/run.sh runs one).
FUZZ_REPLAY = tests/fuzz/replay-vmcoreinfo tests/fuzz/replay-read-elf \
	tests/fuzz/replay-read-kdump tests/fuzz/replay-flat tests/fuzz/replay-dmesg tests/fuzz/replay-classify \
	tests/fuzz/replay-debuginfo
FUZZ_CORPUS_DIR = $(abs_top_srcdir)/tests/fuzz/corpus
FUZZ_CPPFLAGS = $(AM_CPPFLAGS) \
	-DFUZZ_VMCI_612='"$(abs_top_srcdir)/tests/data/vmcoreinfo/debian-6.12.txt"'
tests_fuzz_replay_vmcoreinfo_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-vmcoreinfo.c
tests_fuzz_replay_vmcoreinfo_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/vmcoreinfo"'
tests_fuzz_replay_vmcoreinfo_LDADD = libsievedump.a $(LIBDEPS)
tests_fuzz_replay_read_elf_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-read-elf.c
tests_fuzz_replay_read_elf_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/read-elf"'
tests_fuzz_replay_read_elf_LDADD = libsievedump.a $(LIBDEPS)
tests_fuzz_replay_read_kdump_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-read-kdump.c
tests_fuzz_replay_read_kdump_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/read-kdump"'
tests_fuzz_replay_read_kdump_LDADD = libsievedump.a $(LIBDEPS)
tests_fuzz_replay_flat_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-flat.c
tests_fuzz_replay_flat_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/flat"'
tests_fuzz_replay_flat_LDADD = libsievedump.a $(LIBDEPS)
tests_fuzz_replay_dmesg_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-dmesg.c
tests_fuzz_replay_dmesg_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/dmesg"'
tests_fuzz_replay_dmesg_LDADD = libsievedump.a $(LIBDEPS)
tests_fuzz_replay_classify_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-classify.c
tests_fuzz_replay_classify_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/classify"'
tests_fuzz_replay_classify_LDADD = libsievedump.a $(LIBDEPS)
tests_fuzz_replay_debuginfo_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz-debuginfo.c
tests_fuzz_replay_debuginfo_CPPFLAGS = $(FUZZ_CPPFLAGS) -DFUZZ_CORPUS='"$(FUZZ_CORPUS_DIR)/debuginfo"'
tests_fuzz_replay_debuginfo_LDADD = libsievedump.a $(LIBDEPS)
check_PROGRAMS += $(FUZZ_REPLAY)
TESTS += $(FUZZ_REPLAY)
noinst_HEADERS += tests/fuzz/fuzz.h tests/unit/classify-fixtures.h tests/lib/tap.h \
	tests/lib/fake_vmemmap.h
EXTRA_DIST += tests/fuzz/fuzz.mk tests/fuzz/run.sh tests/fuzz/make-seeds.sh \
	tests/fuzz/corpus

FUZZ_CC = clang
FUZZ_TARGETS = vmcoreinfo read-elf read-kdump flat dmesg classify debuginfo
fuzz: tests/fuzz/fuzz.mk
	$(MAKE) -f $(srcdir)/tests/fuzz/fuzz.mk srcdir=$(srcdir) \
		builddir=$(builddir) FUZZ_CC='$(FUZZ_CC)' \
		TARGETS='$(FUZZ_TARGETS)' \
		LIB_SOURCES='$(libsievedump_a_SOURCES)' \
		LIB_CFLAGS='$(PTHREAD_CFLAGS) $(LIBELF_CFLAGS) $(ZLIB_CFLAGS) $(LZO_CFLAGS) $(SNAPPY_CFLAGS) $(ZSTD_CFLAGS) $(ROARING_CFLAGS) $(LIBDW_CFLAGS)' \
		LIBDEPS='$(LIBDEPS)'
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/out
.PHONY: fuzz clean-fuzz

# The long tests, run here with SIEVEDUMP_LONG=1: QEMU guests of many
# minutes, the budget grid on large machines, packages (these skip in
# `make check`), and the tests that run a reduced matrix in `make check`
# and their whole one here (`long_run` in tests/lib/e2e.sh; doc/testing.md,
# "What runs where").  `make check` stays within about 5 minutes on 2 cores.
LONG_TESTS = tests/e2e/5004-budget-grid-long.sh \
	tests/e2e/3103-debian-kdump-crashkernel.sh \
	tests/e2e/3004-real-exclude-vmemmap.sh tests/e2e/3104-debian-kdump-deb.sh \
	tests/e2e/3101-capture-sievedump.sh tests/e2e/3102-capture-crashkernel-plan.sh \
	tests/e2e/3005-real-debuginfo.sh tests/e2e/3007-real-debuginfo-6.12.sh \
	tests/e2e/7001-package-deb.sh tests/e2e/7002-package-rpm.sh \
	tests/e2e/3201-real-arm64-oracle.sh tests/e2e/3202-real-arm64.sh \
	tests/e2e/3203-arm64-build.sh tests/e2e/3204-real-arm64-debuginfo.sh \
	tests/e2e/7004-initramfs-cost.sh \
	tests/e2e/2001-kdump-vs-makedumpfile.sh tests/e2e/2101-elf-vs-makedumpfile.sh \
	tests/e2e/2105-split-vs-makedumpfile.sh tests/e2e/2201-refilter-vs-makedumpfile.sh \
	tests/e2e/2301-vmemmap-vs-makedumpfile.sh tests/e2e/2302-vmemmap-5level-truth.sh \
	tests/e2e/1006-sweep.sh tests/e2e/1008-gen-arm64-truth.sh \
	tests/e2e/3003-real-drgn.sh tests/e2e/5001-budget-cycles.sh \
	tests/e2e/5003-budget-grid.sh \
	tests/e2e/3006-real-erase.sh
check-long:
	SIEVEDUMP_LONG=1 $(MAKE) $(AM_MAKEFLAGS) check TESTS="$(LONG_TESTS)"
.PHONY: check-long
