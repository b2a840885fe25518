tests/fuzz/out/obj/src/vtop_x86_64.o: src/vtop_x86_64.c config.h \
  include/sievedump/compiler.h include/sievedump/cursor.h \
  include/sievedump/status.h include/sievedump/vtop.h \
  include/sievedump/source.h include/sievedump/alloc.h \
  include/sievedump/vmcoreinfo.h
