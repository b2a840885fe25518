tests/fuzz/out/obj/backends/bmp_roaring.o: backends/bmp_roaring.c \
  config.h include/sievedump/pageset.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h
