tests/fuzz/out/obj/src/log.o: src/log.c config.h include/sievedump/log.h \
  include/sievedump/compiler.h include/sievedump/status.h \
  include/sievedump/options.h
