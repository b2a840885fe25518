tests/fuzz/out/obj/src/compress.o: src/compress.c config.h \
  include/sievedump/compress.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/options.h
