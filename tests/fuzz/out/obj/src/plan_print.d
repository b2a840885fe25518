tests/fuzz/out/obj/src/plan_print.o: src/plan_print.c config.h \
  include/sievedump/features.h include/sievedump/options.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/plan.h
