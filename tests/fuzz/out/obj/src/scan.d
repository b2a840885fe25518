tests/fuzz/out/obj/src/scan.o: src/scan.c config.h \
  include/sievedump/scan.h include/sievedump/classify.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/vmcoreinfo.h include/sievedump/memmap.h \
  include/sievedump/alloc.h include/sievedump/vtop.h \
  include/sievedump/source.h include/sievedump/pageset.h
