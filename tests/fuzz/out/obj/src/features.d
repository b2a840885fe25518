tests/fuzz/out/obj/src/features.o: src/features.c config.h \
  include/sievedump/features.h include/sievedump/options.h \
  include/sievedump/status.h include/sievedump/compiler.h
