#!/bin/sh
# Allocation failure at every accounted allocation in turn (issue #7).
# SIEVEDUMP_TEST_FAIL_ALLOC=N makes the Nth charge to the budget accountant
# fail (src/alloc.c); with N=0 nothing fails and sievedump prints
# "test: K accounted allocations" at exit.  For each mode the test counts K,
# then runs N = 1 .. K (every N for the small cases, a sample for the slow
# ones) and wants each run to exit 1 with "sievedump: ...injected failure"
# and "sievedump Failed.", or to exit 0 with exactly the normal output (an
# optional allocation that degrades), and never a crash or a sanitizer
# report.  Under --enable-asan/--enable-ubsan a leak on any error path, a
# double free or undefined behaviour fails the test.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

# sanitizer reports get their own exit codes (not 1) and are grepped too
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:exitcode=87"
export ASAN_OPTIONS UBSAN_OPTIONS

W=$TMP/w
mkdir "$W" || exit 99
"$SIEVEDUMP" -v >"$TMP/features" 2>&1
L=	# the fast compressor when built (the modes differ in compressor only)
grep -q '^lzo.*enabled' "$TMP/features" && L=-l
"$SDGEN" -e 'flavour=6.1;paging=4;mem=64M;seed=41' "$W/core" || fail "sdgen"
"$SIEVEDUMP" $L -d 1 "$W/core" "$W/k1" >/dev/null 2>&1 || fail "kdump input"
"$SIEVEDUMP" --split $L -d 31 "$W/core" "$W/s1" "$W/s2" >/dev/null 2>&1 ||
	fail "split input"
"$SIEVEDUMP" -F $L -d 31 "$W/core" >"$W/flat" 2>/dev/null || fail "flat input"

STDIN=/dev/null
OUTS=		# files a mode writes (under $W); "stdout" for -F
run_n() {	# N ARGS...: one run in $W, output in $TMP/out and $TMP/err
	n=$1; shift
	for f in $OUTS; do rm -f "$W/$f"; done
	(cd "$W" && SIEVEDUMP_TEST_FAIL_ALLOC=$n "$SIEVEDUMP" "$@" \
		>"$TMP/out" 2>"$TMP/err" <"$STDIN")
}

sanitizer_report() {
	grep -aqE 'Sanitizer|runtime error:' "$TMP/err"
}

same_as_ref() {
	for f in $OUTS; do
		if [ "$f" = stdout ]; then
			cmp -s "$TMP/out" "$TMP/ref.stdout" || return 1
		else
			cmp -s "$W/$f" "$TMP/ref.$f" || return 1
		fi
	done
	return 0
}

# check_n LABEL N ARGS...: the Nth allocation fails
check_n() {
	label=$1 n=$2; shift 2
	run_n "$n" "$@"
	rc=$?
	if sanitizer_report; then
		fail "$label N=$n: sanitizer report (exit $rc)"
		grep -aE -A12 'Sanitizer|runtime error:' "$TMP/err" | head -30 >&2
		return 1
	fi
	if [ "$rc" -eq 0 ] && same_as_ref; then
		DEGRADED=$((DEGRADED + 1))
		return 0
	fi
	if [ "$rc" -ne 1 ]; then
		fail "$label N=$n: exit $rc, wanted 1 (or 0 with the normal output)"
		tr '\r' '\n' <"$TMP/err" | grep -av '%\]' | head -10 >&2
		return 1
	fi
	# (after a progress line, like makedumpfile: no newline before it)
	if ! grep -aq "sievedump: .*injected failure" "$TMP/err"; then
		fail "$label N=$n: exit 1 without the allocation error"
		tr '\r' '\n' <"$TMP/err" | grep -av '%\]' | head -10 >&2
		return 1
	fi
	if ! cat "$TMP/out" "$TMP/err" | grep -aq '^sievedump Failed\.'; then
		fail "$label N=$n: no 'sievedump Failed.'"
		return 1
	fi
	return 0
}

# sweep LABEL MAXRUNS ARGS...: count K, then N = 1 .. K (at most MAXRUNS
# of them, evenly spread, always the first and the last)
sweep() {
	label=$1 max=$2; shift 2
	run_n 0 "$@"
	rc=$?
	k=$(sed -n 's/^sievedump: test: \([0-9]*\) accounted allocations$/\1/p' \
		"$TMP/err")
	if [ "$rc" -ne 0 ] || [ -z "$k" ] || [ "$k" -lt 1 ]; then
		fail "$label: normal run exit $rc, count '${k}'"
		tr '\r' '\n' <"$TMP/err" | grep -av '%\]' | head -10 >&2
		return
	fi
	if sanitizer_report; then
		fail "$label: sanitizer report without injection"
		return
	fi
	for f in $OUTS; do
		if [ "$f" = stdout ]; then
			cp "$TMP/out" "$TMP/ref.stdout"
		else
			cp "$W/$f" "$TMP/ref.$f" || fail "$label: no $f"
		fi
	done
	step=$(( (k + max - 1) / max ))
	runs=0 bad=0 DEGRADED=0
	n=1
	while [ "$n" -le "$k" ]; do
		check_n "$label" "$n" "$@" || bad=$((bad + 1))
		runs=$((runs + 1))
		if [ "$n" -lt "$k" ] && [ $((n + step)) -gt "$k" ]; then
			n=$k
		else
			n=$((n + step))
		fi
	done
	# one past the count: nothing fails, the run must succeed again
	run_n $((k + 1)) "$@" || { fail "$label: N=$((k + 1)) failed"; bad=$((bad + 1)); }
	[ "$bad" -eq 0 ] &&
		pass "$label: $k accounted allocations; $runs runs, each failing one: exit 1 with the message ($DEGRADED degraded to the normal output)"
}

OUTS=out
sweep "kdump $L -d 31" 100 $L -d 31 core out
# -d 0,31 -L: level 0 does not fit, the sink restarts at level 31
lim=$(( $(stat -c %s "$TMP/ref.out") + 4096 ))
sweep "kdump -d 0,31 -L (retry)" 10 $L -d 0,31 -L $lim core out
sweep "kdump -c -d 31" 8 -c -d 31 core out
sweep "ELF -E -d 31" 100 -E -d 31 core out
sweep "kdump -d 31 --cyclic-buffer 1 (cycles)" 12 $L -d 31 --cyclic-buffer 1 core out
sweep "kdump --num-threads 2" 10 $L -d 31 --num-threads 2 core out
sweep "kdump --backend extent" 10 $L -d 31 --backend extent core out
if grep -q '^backend roaring.*enabled' "$TMP/features"; then
	sweep "kdump --backend roaring" 15 $L -d 31 --backend roaring core out
fi
sweep "refilter kdump -d 1 -> -d 31" 100 $L -d 31 k1 out
sweep "--dump-dmesg" 100 --dump-dmesg core out
OUTS=stdout
sweep "-F (flattened to stdout)" 10 -F $L -d 31 core
OUTS="p1 p2"
sweep "--split" 12 --split $L -d 31 core p1 p2
OUTS=out
sweep "--reassemble" 100 --reassemble s1 s2 out
STDIN=$W/flat
sweep "-R (rebuild from flattened)" 100 -R out
finish
