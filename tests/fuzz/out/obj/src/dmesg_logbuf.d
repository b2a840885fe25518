tests/fuzz/out/obj/src/dmesg_logbuf.o: src/dmesg_logbuf.c config.h \
  include/sievedump/cursor.h include/sievedump/status.h \
  include/sievedump/compiler.h include/sievedump/dmesg.h \
  include/sievedump/alloc.h
