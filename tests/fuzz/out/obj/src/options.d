tests/fuzz/out/obj/src/options.o: src/options.c config.h \
  include/sievedump/options.h include/sievedump/status.h \
  include/sievedump/compiler.h
