tests/fuzz/out/obj/src/reassemble.o: src/reassemble.c config.h \
  include/sievedump/alloc.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/kdump_format.h \
  include/sievedump/log.h include/sievedump/sink.h \
  include/sievedump/write.h include/sievedump/classify.h \
  include/sievedump/vmcoreinfo.h
