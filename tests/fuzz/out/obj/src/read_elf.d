tests/fuzz/out/obj/src/read_elf.o: src/read_elf.c config.h \
  include/sievedump/compiler.h include/sievedump/cursor.h \
  include/sievedump/status.h include/sievedump/source.h \
  include/sievedump/alloc.h
