#!/bin/sh
# Options of sievedump's own (--plan[=json], --mem-budget, --backend) and the
# range checks we add to makedumpfile's lenient ones (-b, --cyclic-buffer,
# --splitblock-size): same message style, exit 1, no "Try" line.
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

refused() {
	msg=$1; shift
	run_as sievedump "$@"
	expect_out 1 "$msg\n$FAILED" "" && pass "[$*] refused"
}

refused "Backend(tree) is invalid." --backend tree vmcore dump
refused "Backend() is invalid." --backend= vmcore dump
refused "Memory budget(0) is invalid." --mem-budget 0 vmcore dump
refused "Memory budget(64MB) is invalid." --mem-budget=64MB vmcore dump
refused "Plan format(xml) is invalid." --plan=xml vmcore
refused "Block order(99) is invalid." -b 99 vmcore dump
refused "Block order(-1) is invalid." -b -1 vmcore dump
refused "Cyclic buffer size(-1) is invalid." --cyclic-buffer -1 vmcore dump
refused "Splitblock size(-4) is invalid." --splitblock-size=-4 vmcore dump

run_as sievedump --plan
expect_out 1 "$INVALID$FAILED" "" && pass "--plan needs VMCORE"
run_as sievedump --plan vmcore dump extra
expect_out 1 "$INVALID$FAILED" "" && pass "--plan: at most VMCORE DUMPFILE"
run_as sievedump --plan -c -E vmcore
expect_out 1 "$INVALID$FAILED" "" && pass "--plan keeps the dump's rules"
for other in "-R" "--dump-dmesg" "--mem-usage" "--reassemble"; do
	run_as sievedump --plan "$other" vmcore dump
	expect_out 1 "--plan cannot be used with $other.\n$INVALID$FAILED" "" &&
		pass "--plan $other refused"
done
run_as sievedump --plan -g vi -x vmlinux
expect_out 1 "--plan cannot be used with -g.\n$INVALID$FAILED" "" &&
	pass "--plan -g refused"
run_as sievedump --backend
expect_out 1 "$INVALID$FAILED" "sievedump: option '--backend' requires an argument\n" &&
	pass "--backend needs a value"

for args in "--plan vmcore" "--plan=json vmcore" "--plan=text vmcore dump" \
	"--plan -c -d 31 --mem-budget 64M vmcore dump" "--plan -F -c vmcore" \
	"--plan --split vmcore d1 d2" "--backend plain -c vmcore dump" \
	"--backend=roaring vmcore dump" "--backend extent vmcore dump" \
	"--backend auto vmcore dump" "--mem-budget 100M vmcore dump" \
	"--mem-budget=1g -F vmcore" "-b 0 vmcore dump" \
	"--splitblock-size 0 --split vmcore d1 d2" "--cyclic-buffer 0 vmcore dump"
do
	# shellcheck disable=SC2086
	run_as sievedump --check-params $args
	expect_out 0 "" "" && pass "[$args] accepted"
done
finish
