tests/fuzz/out/obj/src/alloc.o: src/alloc.c config.h \
  include/sievedump/alloc.h include/sievedump/status.h \
  include/sievedump/compiler.h
