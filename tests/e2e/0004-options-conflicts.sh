#!/bin/sh
# Options that do not go together and wrong numbers of file names: an
# optional specific line, then "Commandline parameter is invalid." and the
# "Try ..." line on stdout, "<name> Failed.", exit 1 (makedumpfile 1.7.2).
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

# conflict "FIRST LINE" ARGS...: refused, with FIRST LINE before the usual two
# ("" for none).  File names need not exist: nothing is opened.
conflict() {
	first=$1; shift
	[ -n "$first" ] && first="$first\n"
	run_as sievedump "$@"
	expect_out 1 "$first$INVALID$FAILED" "" && pass "[$*] refused"
}

conflict "" ""
conflict "" vmcore
conflict "" vmcore dump extra
conflict "" -c -E vmcore dump
conflict "" -l -E vmcore dump
conflict "" -i vmcoreinfo -x vmlinux vmcore dump
conflict "" -i vmcoreinfo --xen-syms xen-syms vmcore dump
conflict "" --config filter.conf vmcore dump
conflict "--num-threads cannot used with --split." --num-threads 2 --split vmcore d1 d2
conflict "--num-threads cannot used with ELF format." --num-threads=2 -E vmcore dump
conflict "" --partial-dmesg vmcore dump
conflict "-e requires --work-dir" -e vmcore dump
conflict "--dry-run cannot be used with --dump-dmesg." --dry-run --dump-dmesg vmcore log
conflict "--dry-run cannot be used with --reassemble." --dry-run --reassemble d1 d2 dump
conflict "--dry-run cannot be used with -g." --dry-run -g vmcoreinfo -x vmlinux
conflict "Options for splitting dumpfile cannot be used with Elf format." -E --split vmcore d1 d2
conflict "" --split vmcore d1
conflict "" -R
conflict "" -R dump extra
conflict "" -R -c dump
conflict "" -R -d 1 dump
conflict "" -g vmcoreinfo
conflict "" -g vmcoreinfo -x vmlinux extra
conflict "" -g vmcoreinfo -x vmlinux -c
conflict "" --reassemble -d 31 d1 d2 dump
conflict "" --reassemble --split d1 d2 dump
conflict "" --mem-usage
conflict "" --dump-dmesg vmcore
conflict "" --vtop 0xffffffff81000000 vmcore
conflict "" --diskset=disk1 vmcore dump

# With -F the text goes to stderr.
for args in "-F -c -E vmcore" "-F --split vmcore d1 d2" "-F vmcore dump"; do
	# shellcheck disable=SC2086
	run_as sievedump $args
	expect_out 1 "" "$INVALID$FAILED" && pass "[$args] refused on stderr"
done

run_as makedumpfile -c -E vmcore dump
expect_out 1 "Commandline parameter is invalid.\nTry \`makedumpfile --help' for more information.\n\nmakedumpfile Failed.\n" "" &&
	pass "run as makedumpfile: named so"

for args in "" "vmcore" "vmcore dump extra" "-c -E vmcore dump" \
	"-i vi -x vmlinux vmcore dump" "-i vi --xen-syms xs vmcore dump" \
	"-F --split vmcore d1 d2" "-F vmcore dump" "--config f vmcore dump" \
	"--num-threads 2 --split vmcore d1 d2" "--num-threads 2 -E vmcore dump" \
	"--partial-dmesg vmcore dump" "-e vmcore dump" \
	"--dry-run --dump-dmesg vmcore log" "--dry-run --reassemble d1 d2 dump" \
	"--dry-run -g vi -x vmlinux" "-E --split vmcore d1 d2" \
	"--split vmcore d1" "-R" "-R dump extra" "-R -c dump" "-R -d 1 dump" \
	"-R -F dump" "-R -x vmlinux dump" "-g vi" "-g vi -x vmlinux extra" \
	"-g vi -x vmlinux -d 1" "-g vi -x vmlinux -E" "-g vi -x vmlinux -F" \
	"-g vi -x vmlinux -X" "-g vi -x vmlinux -R" "-g vi -i vi2 -x vmlinux" \
	"--reassemble -c d1 d2 dump" "--reassemble --split d1 d2 dump" \
	"--reassemble -F d1 d2 dump" "--mem-usage" "--mem-usage a b c" \
	"--dump-dmesg vmcore" "--vtop 0x1000 vmcore" "--diskset=d vmcore dump" \
	"--diskset=d --split dump" "-F -c -E vmcore" \
	"--message-level 1 -c -E vmcore dump" "--show-stats -e vmcore dump"; do
	# shellcheck disable=SC2086
	same_as_mdf $args
done
finish
