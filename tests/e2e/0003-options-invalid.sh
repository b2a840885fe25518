#!/bin/sh
# Unknown options, missing or unexpected option arguments, ambiguous
# abbreviations: getopt's complaint on stderr, makedumpfile's two lines on
# stdout (stderr with -F), then "<name> Failed.", exit 1.
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
	"--message-level 0 -y" "--check-params -y" "-? a b" "-yc" "--d" \
	"--reassemble=1 a b" "-F --bogus a"; do
	# shellcheck disable=SC2086
	same_as_mdf $args
done
finish
