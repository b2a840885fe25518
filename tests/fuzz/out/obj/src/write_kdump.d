tests/fuzz/out/obj/src/write_kdump.o: src/write_kdump.c config.h \
  include/sievedump/compress.h include/sievedump/alloc.h \
  include/sievedump/status.h include/sievedump/compiler.h \
  include/sievedump/options.h include/sievedump/features.h \
  include/sievedump/job.h include/sievedump/classify.h \
  include/sievedump/vmcoreinfo.h include/sievedump/log.h \
  include/sievedump/memmap.h include/sievedump/vtop.h \
  include/sievedump/source.h include/sievedump/pageset.h \
  include/sievedump/scan.h include/sievedump/kdump_format.h \
  include/sievedump/pipeline.h include/sievedump/write.h \
  include/sievedump/sink.h
