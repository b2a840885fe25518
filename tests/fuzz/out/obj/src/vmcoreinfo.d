tests/fuzz/out/obj/src/vmcoreinfo.o: src/vmcoreinfo.c config.h \
  include/sievedump/compiler.h include/sievedump/vmcoreinfo.h \
  include/sievedump/status.h
