# Sourced by the option/message e2e tests (tests/e2e/00NN-options-*.sh)
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
