tests/fuzz/out/obj/src/rebuild_flat.o: src/rebuild_flat.c config.h \
  include/sievedump/kdump_format.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/log.h \
  include/sievedump/sink.h
