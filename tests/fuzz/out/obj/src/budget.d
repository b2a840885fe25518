tests/fuzz/out/obj/src/budget.o: src/budget.c config.h \
  include/sievedump/plan.h include/sievedump/options.h \
  include/sievedump/status.h include/sievedump/compiler.h
