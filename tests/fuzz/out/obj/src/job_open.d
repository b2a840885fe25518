tests/fuzz/out/obj/src/job_open.o: src/job_open.c config.h \
  include/sievedump/job.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/classify.h include/sievedump/vmcoreinfo.h \
  include/sievedump/log.h include/sievedump/memmap.h \
  include/sievedump/vtop.h include/sievedump/source.h \
  include/sievedump/options.h include/sievedump/pageset.h \
  include/sievedump/scan.h include/sievedump/kdump_format.h
