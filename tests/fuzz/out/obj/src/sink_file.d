tests/fuzz/out/obj/src/sink_file.o: src/sink_file.c config.h \
  include/sievedump/sink.h include/sievedump/status.h \
  include/sievedump/compiler.h
