#!/bin/sh
# --check-params refuses what the run refuses: every option sievedump
# accepts on the command line but has not built (marked .unbuilt in
# src/option_table.c, refused by job.c sd_job_check_built) exits 1 under
# --check-params with the run's message and no "Failed" line.  Fedora's
# mkdumprd runs "makedumpfile --check-params" on the configured options
# before a crash; a 0 there would let the dump fail in the capture kernel
# instead.  makedumpfile 1.7 accepts these (it has them built), so here
# sievedump differs from it on purpose; the test only notes makedumpfile's
# exit code.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

# One line per refused option (the run's own file names and values).
REFUSED="
--eppic macros.c -c vmcore dump
-X -c vmcore dump
--xen-syms xen-syms -c vmcore dump
--xen-vmcoreinfo vmcoreinfo -c vmcore dump
--xen_phys_start 0x1000000 -c vmcore dump
-g vmcoreinfo --xen-syms xen-syms
-d 31 --diskset=disk1 --diskset=disk2 dump
--split -c --eppic macros.c vmcore d1 d2
"
# An engine or backend this build lacks is refused the same way.
v=$("$SIEVEDUMP" -v)
for c in lzo:-l snappy:-p zstd:-z; do
	printf '%s\n' "$v" | grep -q "^${c%%:*}	disabled" &&
		REFUSED="$REFUSED${c#*:} vmcore dump
"
done
# -x and -g without libdw (1009 checks them with it)
printf '%s\n' "$v" | grep -q '^libdw	disabled' &&
	REFUSED="$REFUSED-c -x vmlinux vmcore dump
-g vmcoreinfo -x vmlinux
"
printf '%s\n' "$v" | grep -q '^backend roaring	disabled' &&
	REFUSED="$REFUSED--backend roaring -c vmcore dump
"

NL='
'
n=0
IFS=$NL
for args in $REFUSED; do
	IFS=' '
	n=$((n + 1))
	# the run (it refuses before opening anything: no vmcore needed)
	# shellcheck disable=SC2086
	run_as sievedump $args
	rrc=$RC
	cp "$TMP/out" "$TMP/run_out"
	# with -F the blank and Failed lines go to stderr: not --check-params'
	grep -v -x -e '' -e 'sievedump Failed.' "$TMP/err" >"$TMP/run_err"
	# shellcheck disable=SC2086
	run_as sievedump --check-params $args
	if [ "$rrc" -ne 1 ] || ! grep -q 'is not implemented yet\|was built without' "$TMP/run_err"; then
		fail "[$args] the run does not refuse it (exit $rrc)"
		sed 's/^/  run stderr: /' "$TMP/run_err" >&2
	elif [ "$RC" -ne "$rrc" ]; then
		fail "[--check-params $args] exit $RC, the run's is $rrc"
	elif ! cmp -s "$TMP/err" "$TMP/run_err"; then
		fail "[--check-params $args] message differs from the run's"
		diff "$TMP/run_err" "$TMP/err" | sed 's/^/  /' >&2
	elif [ -s "$TMP/out" ]; then
		fail "[--check-params $args] printed on stdout (a Failed line?)"
		sed 's/^/  stdout: /' "$TMP/out" >&2
	else
		pass "[--check-params $args] refused like the run: $(cat "$TMP/err")"
	fi
	# the same under the makedumpfile name (the way kdump tools call it)
	# shellcheck disable=SC2086
	run_as makedumpfile --check-params $args
	grep -q '^makedumpfile: ' "$TMP/err" && [ "$RC" -eq 1 ] ||
		fail "[--check-params $args] as makedumpfile: exit $RC, $(cat "$TMP/err")"
	if [ -n "$MDF" ]; then
		# shellcheck disable=SC2086
		run_in ref makedumpfile --check-params $args >/dev/null 2>&1
		echo "note: makedumpfile --check-params $args: exit $?"
	fi
	IFS=$NL
done
IFS=' '
[ "$n" -ge 8 ] || fail "only $n refused lines were checked"

# Valid lines still pass silently (0006 checks many more).
run_as sievedump --check-params -c -d 31 vmcore dump
expect_out 0 "" "" && pass "a valid line: exit 0, silent"
finish
