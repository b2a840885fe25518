tests/fuzz/out/obj/backends/bmp_extent.o: backends/bmp_extent.c config.h \
  include/sievedump/pageset.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h
