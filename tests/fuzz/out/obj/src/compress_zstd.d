tests/fuzz/out/obj/src/compress_zstd.o: src/compress_zstd.c config.h \
  include/sievedump/compress.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/options.h include/sievedump/kdump_format.h
