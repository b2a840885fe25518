#!/bin/sh
# -h / --help: help text on stdout (stderr with -F), exit 0; help wins
# over other options but not over an invalid one.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

for args in "-h" "--help" "-h -c -E" "-v -h" "--check-params -h" "--he"; do
	# shellcheck disable=SC2086
	run_as sievedump $args
	if [ "$RC" -eq 0 ] && [ ! -s "$TMP/err" ] && grep -q '^Usage:' "$TMP/out"
	then
		pass "[$args] help on stdout, exit 0"
	else
		fail "[$args] exit $RC, or no Usage: on stdout, or stderr not empty"
	fi
done

# That every option of the table (src/option_table.c) is in the help and
# the man page is tests/unit/test-options' check; here the program's text.
run_as sievedump -h
grep -q '# sievedump ' "$TMP/out" || fail "help synopsis lacks the name"
awk 'length > 80 { bad = 1 } END { exit bad }' "$TMP/out" ||
	fail "help has lines over 80 columns"

run_as makedumpfile --help
grep -q '# makedumpfile ' "$TMP/out" ||
	fail "run as makedumpfile, the help should name makedumpfile"

run_as sievedump -F -h
if [ "$RC" -eq 0 ] && [ ! -s "$TMP/out" ] && grep -q '^Usage:' "$TMP/err"; then
	pass "-F -h: help on stderr"
else
	fail "-F -h: exit $RC, help should be on stderr only"
fi

run_as sievedump --message-level 0 -h
expect_out 0 "" "" && pass "--message-level 0 -h prints nothing"

run_as sievedump -h -y
expect_out 1 "$INVALID$FAILED" "sievedump: invalid option -- 'y'\n" &&
	pass "-h -y: the invalid option wins"

# Exit codes and the absence of output agree with makedumpfile.
same_as_mdf --message-level 0 -h
same_as_mdf -h -y
same_as_mdf --help=1
finish
