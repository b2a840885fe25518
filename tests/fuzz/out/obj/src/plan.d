tests/fuzz/out/obj/src/plan.o: src/plan.c config.h \
  include/sievedump/compress.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/options.h include/sievedump/features.h \
  include/sievedump/pageset.h include/sievedump/plan.h
