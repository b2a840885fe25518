#!/bin/sh
# --check-params: a valid command line exits 0 silently without opening
# anything; an invalid one prints its message but no "Failed" line.
# kdump-tools runs "makedumpfile --check-params $MAKEDUMP_ARGS" at start.
# Options sievedump has not built are refused: 0009-check-params-refusals.sh.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

VALID="
-c -d 31 vmcore dump
-l -d 1,31 vmcore dump
-z -d 31 vmcore dump
-p -d 31 vmcore dump
-E -d 31 vmcore dump
-F -c -d 31 vmcore
-F -E vmcore
-R dump
-R -d 0 dump
--split -c vmcore d1 d2 d3
--reassemble d1 d2 dump
--dump-dmesg vmcore log
--dump-dmesg --partial-dmesg vmcore log
--mem-usage /proc/kcore
-f --mem-usage vmcore
-F --dump-dmesg vmcore
-c --num-threads 4 vmcore dump
--num-threads=0 --split vmcore d1 d2
-c -L 100M -d 1,31 vmcore dump
-c --splitblock-size 4096 --split vmcore d1 d2
-c -b 6 --non-mmap -f vmcore dump
-c --cyclic-buffer 1024 --work-dir /tmp vmcore dump
-c --dry-run --show-stats vmcore dump
-c -D --message-level 31 vmcore dump
-c -i vmcoreinfo vmcore dump
-c --vtop 0xffffffff81000000 vmcore dump
-d 31 vmcore -c dump
-c vmcore -- -dump
"
INVALID_CP="
vmcore
-c -E vmcore dump
--split vmcore d1
-R
--mem-usage
--mem-usage vmcore dump
-F --mem-usage vmcore
"

NL='
'
IFS=$NL
for args in $VALID; do
	IFS=' '
	# shellcheck disable=SC2086
	run_as sievedump --check-params $args
	expect_out 0 "" "" && pass "[--check-params $args] valid"
	# shellcheck disable=SC2086
	same_as_mdf --check-params $args
done
IFS=' '

run_as sievedump -c --check-params -E vmcore dump
expect_out 1 "$INVALID" "" && pass "invalid: message, no Failed line"
# makedumpfile refuses -e without --work-dir; sievedump needs no work dir
run_as sievedump --check-params -e vmcore dump
expect_out 0 "" "" && pass "-e without --work-dir is valid"
IFS=$NL
for args in $INVALID_CP; do
	IFS=' '
	# shellcheck disable=SC2086
	same_as_mdf --check-params $args
done
IFS=' '
finish
