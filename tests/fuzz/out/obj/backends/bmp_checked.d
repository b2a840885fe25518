tests/fuzz/out/obj/backends/bmp_checked.o: backends/bmp_checked.c \
  config.h include/sievedump/pageset.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h
