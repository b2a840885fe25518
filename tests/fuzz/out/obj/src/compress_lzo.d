tests/fuzz/out/obj/src/compress_lzo.o: src/compress_lzo.c config.h \
  include/sievedump/compress.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/options.h include/sievedump/kdump_format.h
