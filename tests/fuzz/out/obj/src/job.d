tests/fuzz/out/obj/src/job.o: src/job.c config.h \
  include/sievedump/dmesg.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/features.h include/sievedump/options.h \
  include/sievedump/job.h include/sievedump/classify.h \
  include/sievedump/vmcoreinfo.h include/sievedump/log.h \
  include/sievedump/memmap.h include/sievedump/vtop.h \
  include/sievedump/source.h include/sievedump/pageset.h \
  include/sievedump/scan.h include/sievedump/kdump_format.h \
  include/sievedump/sink.h include/sievedump/write.h
