#!/bin/sh
# --check-params: a valid command line exits 0 silently without opening
# anything; an invalid one prints its message but no "Failed" line.
# kdump-tools runs "makedumpfile --check-params $MAKEDUMP_ARGS" at start.
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
-F --dump-dmesg vmcore
--mem-usage /proc/kcore
-c --num-threads 4 vmcore dump
--num-threads=0 --split vmcore d1 d2
-c -L 100M -d 1,31 vmcore dump
-c --cyclic-buffer 1024 --work-dir /tmp -e vmcore dump
-c --splitblock-size 4096 --split vmcore d1 d2
-c -b 6 --non-mmap -f vmcore dump
-c --dry-run --show-stats vmcore dump
-c -D --message-level 31 vmcore dump
-c -i vmcoreinfo vmcore dump
-c -x vmlinux vmcore dump
-c --vtop 0xffffffff81000000 vmcore dump
-g vmcoreinfo -x vmlinux
-d 31 vmcore -c dump
-c vmcore -- -dump
"
INVALID_CP="
vmcore
-c -E vmcore dump
--split vmcore d1
-R
-e vmcore dump
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
run_as sievedump --check-params -e vmcore dump
expect_out 1 "-e requires --work-dir\n$INVALID" "" &&
	pass "invalid with a specific line"
IFS=$NL
for args in $INVALID_CP; do
	IFS=' '
	# shellcheck disable=SC2086
	same_as_mdf --check-params $args
done
IFS=' '
finish
