tests/fuzz/out/obj/src/status.o: src/status.c config.h \
  include/sievedump/status.h include/sievedump/compiler.h
