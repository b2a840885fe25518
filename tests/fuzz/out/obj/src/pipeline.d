tests/fuzz/out/obj/src/pipeline.o: src/pipeline.c config.h \
  include/sievedump/pipeline.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/compress.h include/sievedump/options.h
