#!/bin/sh
# -v: "<name>: version ..." then one "<feature><TAB>enabled|disabled" line
# per optional feature and a blank line, as makedumpfile 1.7.2 prints it,
# and ours: "zlib engine<TAB>NAME", the library -c writes with;
# on stdout, or stderr with -F; exit 0 whatever else is on the command line,
# unless an option before the end is invalid.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

# check_version FILE NAME: the -v text in FILE is well formed.
check_version() {
	head -n 1 "$1" | grep -q "^$2: version [0-9]" ||
		{ fail "-v first line: $(head -n 1 "$1")"; return 1; }
	for f in lzo snappy zstd; do
		grep -q "^$f	\(enabled\|disabled\)\$" "$1" ||
			{ fail "-v lacks a '$f<TAB>enabled|disabled' line"; return 1; }
	done
	grep -q '^zlib engine	\(zlib\|libdeflate\|isal\)$' "$1" ||
		{ fail "-v lacks a 'zlib engine<TAB>NAME' line"; return 1; }
	sed -n '2,$p' "$1" | sed '$d' | grep -v '^[a-z0-9_ -]*	\(enabled\|disabled\)$' |
		grep -v '^zlib engine	' |
		grep -q . && { fail "-v has an unexpected line"; return 1; }
	[ -z "$(tail -n 1 "$1")" ] || { fail "-v does not end with a blank line"; return 1; }
	return 0
}

for args in "-v" "-v a b c" "-D -v" "--check-params -v" "-c -E -v"; do
	# shellcheck disable=SC2086
	run_as sievedump $args
	if [ "$RC" -eq 0 ] && [ ! -s "$TMP/err" ] &&
	   check_version "$TMP/out" sievedump; then
		pass "[$args] version on stdout, exit 0"
	else
		fail "[$args] exit $RC or bad -v output"
	fi
done

run_as makedumpfile -v
check_version "$TMP/out" makedumpfile && pass "run as makedumpfile: named so"

run_as sievedump -F -v
if [ "$RC" -eq 0 ] && [ ! -s "$TMP/out" ] && check_version "$TMP/err" sievedump
then
	pass "-F -v: on stderr"
else
	fail "-F -v: exit $RC, version should be on stderr only"
fi

run_as sievedump --message-level 1 -v
expect_out 0 "" "" && pass "--message-level 1 -v prints nothing"

run_as sievedump -v -d 40
expect_out 1 "Dump_level(40) is invalid.\n$FAILED" "" &&
	pass "-v -d 40: the invalid level wins"

same_as_mdf --message-level 1 -v
same_as_mdf -v -d 40
same_as_mdf -v --bogus
finish
