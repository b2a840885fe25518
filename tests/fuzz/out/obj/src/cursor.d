tests/fuzz/out/obj/src/cursor.o: src/cursor.c config.h \
  include/sievedump/cursor.h include/sievedump/status.h \
  include/sievedump/compiler.h
