#!/bin/sh
# -v: "<name>: version ..." then one "<feature><TAB>enabled|disabled" line
# per optional feature and a blank line, as makedumpfile 1.7.2 prints it;
# on stdout, or stderr with -F; exit 0 whatever else is on the command line,
# unless an option before the end is invalid.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

# --- option/message test helpers (same block in each 00NN-options-*.sh) ---
set -f	# option lists below are split on spaces, never globbed
# The program runs under a chosen argv[0] through a symlink on PATH, so that
# messages naming the program are predictable: run_as NAME ARGS... (NAME is
# sievedump or makedumpfile) leaves $TMP/out, $TMP/err and the exit code $RC.
MDF=$(command -v makedumpfile 2>/dev/null || true)
[ -z "$MDF" ] && [ -x /usr/sbin/makedumpfile ] && MDF=/usr/sbin/makedumpfile
if [ -n "$MDF" ] && ! "$MDF" -v 2>/dev/null | grep -q 'version 1\.7\.'; then
	MDF=	# only makedumpfile 1.7.x is a reference for these texts
fi
mkdir -p "$TMP/w" "$TMP/as-sievedump" "$TMP/as-makedumpfile" "$TMP/ref"
ln -s "$SIEVEDUMP" "$TMP/as-sievedump/sievedump"
ln -s "$SIEVEDUMP" "$TMP/as-makedumpfile/makedumpfile"
[ -n "$MDF" ] && ln -s "$MDF" "$TMP/ref/makedumpfile"
run_in() {
	dir=$1; name=$2; shift 2
	(PATH="$TMP/$dir:$PATH"; export PATH; cd "$TMP/w" && exec "$name" "$@") \
		</dev/null
}
run_as() {
	name=$1; shift
	run_in "as-$name" "$name" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}
# same_as_mdf ARGS...: stdout, stderr and exit code equal makedumpfile's
# when both run as "makedumpfile" (no-op without makedumpfile 1.7).
same_as_mdf() {
	[ -n "$MDF" ] || return 0
	run_in ref makedumpfile "$@" >"$TMP/mout" 2>"$TMP/merr"
	mrc=$?
	run_as makedumpfile "$@"
	if [ "$RC" -ne "$mrc" ] || ! cmp -s "$TMP/out" "$TMP/mout" ||
	   ! cmp -s "$TMP/err" "$TMP/merr"; then
		fail "[$*] differs from makedumpfile (exit $RC vs $mrc)"
		diff "$TMP/mout" "$TMP/out" | sed 's/^/  stdout: /' >&2
		diff "$TMP/merr" "$TMP/err" | sed 's/^/  stderr: /' >&2
		return 1
	fi
	pass "[$*] same as makedumpfile (exit $RC)"
}
# expect_out RC STDOUT STDERR: the last run_as gave exactly these
# (STDOUT and STDERR go through printf %b, so \n is a newline).
expect_out() {
	printf '%b' "$2" >"$TMP/want_out"
	printf '%b' "$3" >"$TMP/want_err"
	if [ "$RC" -ne "$1" ] || ! cmp -s "$TMP/out" "$TMP/want_out" ||
	   ! cmp -s "$TMP/err" "$TMP/want_err"; then
		fail "exit $RC (wanted $1) or output differs"
		diff "$TMP/want_out" "$TMP/out" | sed 's/^/  stdout: /' >&2
		diff "$TMP/want_err" "$TMP/err" | sed 's/^/  stderr: /' >&2
		return 1
	fi
	return 0
}
INVALID="Commandline parameter is invalid.\nTry \`sievedump --help' for more information.\n"
FAILED="\nsievedump Failed.\n"
# --- end of helpers ---

# check_version FILE NAME: the -v text in FILE is well formed.
check_version() {
	head -n 1 "$1" | grep -q "^$2: version [0-9]" ||
		{ fail "-v first line: $(head -n 1 "$1")"; return 1; }
	for f in lzo snappy zstd; do
		grep -q "^$f	\(enabled\|disabled\)\$" "$1" ||
			{ fail "-v lacks a '$f<TAB>enabled|disabled' line"; return 1; }
	done
	sed -n '2,$p' "$1" | sed '$d' | grep -v '^[a-z0-9_ -]*	\(enabled\|disabled\)$' |
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
