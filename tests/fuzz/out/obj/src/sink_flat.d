tests/fuzz/out/obj/src/sink_flat.o: src/sink_flat.c config.h \
  include/sievedump/kdump_format.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/sink.h
