#!/bin/sh
# Default dump hook, run by /init in the capture kernel.  Whatever it writes
# to stdout lands on the dump disk (/dev/vda) from offset 0; its exit status
# and the byte count are recorded.  $VMCORE and $DISK are set.  Replace it
# with mkinitramfs.sh --dump-script FILE, e.g. to run
#     exec /bin/sievedump -F -l -d 31 "$VMCORE"
exec dd if="$VMCORE" bs=1M 2>/dev/null
