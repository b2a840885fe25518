tests/fuzz/out/obj/src/sink_null.o: src/sink_null.c config.h \
  include/sievedump/kdump_format.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/sink.h
