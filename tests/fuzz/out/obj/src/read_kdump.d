tests/fuzz/out/obj/src/read_kdump.o: src/read_kdump.c config.h \
  include/sievedump/compiler.h include/sievedump/compress.h \
  include/sievedump/alloc.h include/sievedump/status.h \
  include/sievedump/options.h include/sievedump/cursor.h \
  include/sievedump/kdump_format.h include/sievedump/source.h
