tests/fuzz/out/obj/backends/pageset.o: backends/pageset.c config.h \
  include/sievedump/pageset.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h
