#!/bin/sh
# Values checked while options are read: -d (0-31, comma list), -L (size,
# not 0), --message-level (0-31).  The message is printed at the message
# level in force when the bad option is read; there is no "Try" line.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

# refused "MESSAGE" ARGS...: exit 1 with MESSAGE then "Failed" on stdout.
refused() {
	msg=$1; shift
	run_as sievedump "$@"
	expect_out 1 "$msg\n$FAILED" "" && pass "[$*] refused"
}

refused "Dump_level(32) is invalid." -d 32 vmcore dump
refused "Dump_level(40) is invalid." -d 3,40 vmcore dump
refused "Dump_level(-1) is invalid." -d -1 vmcore dump
refused "Dump_level(99) is invalid." -d99 vmcore dump
refused "Limit size(0) is invalid." -L 0 vmcore dump
refused "Limit size(10x) is invalid." -L 10x vmcore dump
refused "Limit size(1MB) is invalid." -L 1MB vmcore dump
refused "Message_level(32) is invalid." --message-level 32 vmcore dump
refused "Message_level(-1) is invalid." --message-level=-1 vmcore dump
# -F (read before the error) moves the text to stderr.
run_as sievedump -F --message-level 99 vmcore
expect_out 1 "" "Message_level(99) is invalid.\n$FAILED" &&
	pass "-F --message-level 99: on stderr"
# A level without bit 2, read before the error, silences the message.
run_as sievedump --message-level 1 -d 40 vmcore dump
expect_out 1 "" "" && pass "--message-level 1 -d 40: silent, exit 1"
run_as sievedump --message-level 1 --message-level 50 vmcore dump
expect_out 1 "Message_level(50) is invalid.\n$FAILED" "" &&
	pass "an invalid level falls back to 7"
run_as sievedump --check-params -d 40 vmcore dump
expect_out 1 "Dump_level(40) is invalid.\n" "" &&
	pass "--check-params: no Failed line"
# Valid values pass (checked with --check-params: nothing is opened).
for args in "-d 31" "-d 0,1,31" "-d ,1,,3," "-L 1" "-L 100M" "-L 2g" \
	"-L 1T" "-L 0x10k" "--message-level 0" "--message-level=31" \
	"--message-level 16 -D --show-stats"; do
	# shellcheck disable=SC2086
	run_as sievedump --check-params $args vmcore dump
	expect_out 0 "" "" && pass "[$args] accepted"
done

for args in "-d 32 a b" "-d 3,40 a b" "-d -1 a b" "-d99 a b" \
	"-L 0 a b" "-L 10x a b" "-L 1MB a b" "-L k a b" "-L - a b" \
	"--message-level 32" "--message-level=-1" "-F --message-level 99 a" \
	"--message-level 1 -d 40 a b" "--message-level 0 -L 0 a b" \
	"--message-level 1 --message-level 50 a b" "--check-params -d 40 a b" \
	"--check-params --message-level 40 a b" "-D --show-stats -d 33 a b" \
	"--check-params -d 31 a b" "--check-params -L 100M a b" \
	"--check-params --message-level 0 a b" "--message-level 4 -F -d 40 a"; do
	# shellcheck disable=SC2086
	same_as_mdf $args
done
finish
