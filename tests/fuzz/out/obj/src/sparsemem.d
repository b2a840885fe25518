tests/fuzz/out/obj/src/sparsemem.o: src/sparsemem.c config.h \
  include/sievedump/compiler.h include/sievedump/cursor.h \
  include/sievedump/status.h include/sievedump/memmap.h \
  include/sievedump/alloc.h include/sievedump/vmcoreinfo.h \
  include/sievedump/vtop.h include/sievedump/source.h
