tests/fuzz/out/obj/src/dmesg_prb.o: src/dmesg_prb.c config.h \
  include/sievedump/cursor.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/dmesg.h \
  include/sievedump/alloc.h
