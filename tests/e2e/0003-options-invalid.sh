#!/bin/sh
# Unknown options, missing or unexpected option arguments, ambiguous
# abbreviations: getopt's complaint on stderr, makedumpfile's two lines on
# stdout (stderr with -F), then "<name> Failed.", exit 1.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

# bad ARGS STDERR: refused with this getopt complaint.
bad() {
	err=$1; shift
	run_as sievedump "$@"
	expect_out 1 "$INVALID$FAILED" "sievedump: $err\n" && pass "[$*] refused"
}

bad "invalid option -- 'y'" -y
bad "invalid option -- 'y'" -cy vmcore dumpfile
bad "option requires an argument -- 'd'" vmcore dumpfile -d
bad "option requires an argument -- 'x'" -x
bad "unrecognized option '--bogus'" --bogus
bad "unrecognized option '--bogus=3'" --bogus=3 vmcore dumpfile
bad "unrecognized option '--compress'" --compress vmcore dumpfile
bad "unrecognized option '--non-cyclic'" --non-cyclic vmcore dumpfile
bad "option '--vtop' requires an argument" --vtop
bad "option '--num-threads' requires an argument" vmcore dumpfile --num-threads
bad "option '--split' doesn't allow an argument" --split=2 a b c
bad "option '--help' doesn't allow an argument" --help=1
bad "option '--s' is ambiguous; possibilities: '--split' '--splitblock-size' '--show-stats'" --s a b

# With -F (given before the error) the common messages go to stderr too.
run_as sievedump -F -y
expect_out 1 "" "sievedump: invalid option -- 'y'\n$INVALID$FAILED" &&
	pass "-F -y: everything on stderr"
# --message-level 0 silences all but getopt's own complaint.
run_as sievedump --message-level 0 -y
expect_out 1 "" "sievedump: invalid option -- 'y'\n" &&
	pass "--message-level 0 -y: only getopt's complaint"
# --check-params: no "Failed" line.
run_as sievedump --check-params -y
expect_out 1 "$INVALID" "sievedump: invalid option -- 'y'\n" &&
	pass "--check-params -y: no Failed line"

for args in "-y" "-cy a b" "a b -d" "-x" "--bogus" "--bogus=3 a b" \
	"--compress a b" "--non-cyclic a b" "--vtop" "a b --num-threads" \
	"--split=2 a b c" "--help=1" "--s a b" "--s=3" "--x" "-F -y" \
	"--message-level 0 -y" "--check-params -y" "-? a b" "-yc" \
	"--reassemble=1 a b" "-F --bogus a"; do
	# shellcheck disable=SC2086
	same_as_mdf $args
done
# makedumpfile's list for --d, and then ours (doc/options.md)
run_as sievedump --d
expect_out 1 "$INVALID$FAILED" "sievedump: option '--d' is ambiguous; possibilities: '--dump-dmesg' '--diskset' '--dry-run' '--dmesg-format'\n" &&
	pass "--d: ambiguous, makedumpfile's candidates then --dmesg-format"
finish
