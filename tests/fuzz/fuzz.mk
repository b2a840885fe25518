# Builds the libFuzzer targets with clang (GNU make; run by `make fuzz`,
# which passes srcdir, builddir, LIB_SOURCES, LIB_CFLAGS, LIBDEPS, FUZZ_CC).
# The library is compiled again from the same sources with coverage and
# ASan+UBSan into $(OUT)/libsievedump-fuzz.a; the gcc build is untouched.
OUT = $(builddir)/tests/fuzz/out
TARGETS = vmcoreinfo read-elf read-kdump flat dmesg classify debuginfo
SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
CFLAGS_FUZZ = -std=gnu11 -g -O1 -fno-omit-frame-pointer $(SAN) \
	-I$(srcdir)/include -I$(builddir) -include $(builddir)/config.h $(LIB_CFLAGS)
DEFS = -DFUZZ_VMCI_612='"$(abspath $(srcdir))/tests/data/vmcoreinfo/debian-6.12.txt"'
# (headers listed among the sources, src/write_kdump.h, are not objects)
LIB_OBJS = $(patsubst %.c,$(OUT)/obj/%.o,$(filter %.c,$(LIB_SOURCES)))
BINS = $(addprefix $(OUT)/fuzz-,$(TARGETS))

all: $(BINS)

$(OUT)/obj/%.o: $(srcdir)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS_FUZZ) -fsanitize=fuzzer-no-link -MMD -c $< -o $@

$(OUT)/libsievedump-fuzz.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(OUT)/fuzz-%: $(srcdir)/tests/fuzz/fuzz-%.c $(srcdir)/tests/fuzz/fuzz.h \
		$(OUT)/libsievedump-fuzz.a
	$(FUZZ_CC) $(CFLAGS_FUZZ) -fsanitize=fuzzer $(DEFS) $< \
		$(OUT)/libsievedump-fuzz.a $(LIBDEPS) -o $@

-include $(LIB_OBJS:.o=.d)
.PHONY: all
