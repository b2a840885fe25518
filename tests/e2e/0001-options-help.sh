#!/bin/sh
# -h / --help: help text on stdout (stderr with -F), exit 0, every option
# listed; help wins over other options but not over an invalid one.
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

run_as sievedump -h
for opt in -c -l -p -z -E -F -R -d -x -i -g -L -b -e -f -D -X -v \
	--split --reassemble --splitblock-size --num-threads --cyclic-buffer \
	--work-dir --non-mmap --config --eppic --dump-dmesg --partial-dmesg \
	--mem-usage --vtop --message-level --xen-syms --xen-vmcoreinfo \
	--xen_phys_start --diskset --check-params --dry-run --show-stats \
	--help --plan --mem-budget --backend; do
	grep -q -e "$opt\\b" "$TMP/out" || fail "help does not mention $opt"
done
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
