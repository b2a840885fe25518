tests/fuzz/out/obj/src/classify.o: src/classify.c config.h \
  include/sievedump/classify.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/vmcoreinfo.h
