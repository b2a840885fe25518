#!/bin/sh
# Example --dump-script: filter in the capture kernel with a real dumper,
# flattened (-F) to stdout, as makedumpfile does over ssh.  Use with
#   run-crash.sh 6.1 OUTDIR --dump-script dump-makedumpfile.sh \
#       --add /usr/bin/makedumpfile:/bin/makedumpfile
# then rebuild on the host:  makedumpfile -R OUT.dump < OUTDIR/dump
# The same shape works for /bin/sievedump.
exec makedumpfile -F -l -d 31 --message-level 7 "$VMCORE"
