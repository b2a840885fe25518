tests/fuzz/out/obj/backends/bmp_plain.o: backends/bmp_plain.c config.h \
  include/sievedump/pageset.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h
