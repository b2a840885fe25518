tests/fuzz/out/obj/src/compress_zlib.o: src/compress_zlib.c config.h \
  include/sievedump/compress.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/options.h include/sievedump/kdump_format.h
