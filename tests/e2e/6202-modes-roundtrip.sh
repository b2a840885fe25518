#!/bin/sh
# Every output mode once on one small vmcore, checked against each other:
# -F then -R, --split then --reassemble, a refilter of a -d 1 dump and
# --num-threads 2 all give the same file as the direct kdump dump;
# --dump-dmesg reads the same log from the vmcore, the kdump dump and the
# ELF (-E) dump; an allocation failure in the middle of a run exits 1 with
# its message.  Few runs, so that CI's valgrind run (VALGRIND, see
# tests/lib/e2e.sh) can afford it: there any leak or invalid access fails it.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.12;paging=4;mem=64M;seed=62' "$TMP/core" || fail "sdgen"
L=	# the fast compressor when built
"$SIEVEDUMP" -v 2>&1 | grep -q '^lzo.*enabled' && L=-l

sd() {	# LABEL ARGS...: must exit 0
	label=$1; shift
	"$SIEVEDUMP" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null && return 0
	fail "$label: exit $?"
	tr '\r' '\n' <"$TMP/err" | grep -v '%\]' | head -10 >&2
	return 1
}
same() {	# LABEL FILE: equals the direct dump
	if cmp "$TMP/direct" "$2" >&2; then
		pass "$1: same file as the direct dump"
	else
		fail "$1: differs from the direct dump"
	fi
}

sd "direct" $L -d 31 "$TMP/core" "$TMP/direct"
[ -s "$TMP/direct" ] || fail "direct: no dump"

if "$SIEVEDUMP" -F $L -d 31 "$TMP/core" >"$TMP/flat" 2>"$TMP/err" &&
   "$SIEVEDUMP" -R "$TMP/rebuilt" <"$TMP/flat" >"$TMP/out" 2>&1; then
	same "-F | -R" "$TMP/rebuilt"
else
	fail "-F | -R"
fi

sd "--split" --split $L -d 31 "$TMP/core" "$TMP/p1" "$TMP/p2" &&
	sd "--reassemble" --reassemble "$TMP/p1" "$TMP/p2" "$TMP/joined" &&
	same "--split, --reassemble" "$TMP/joined"

sd "-d 1" $L -d 1 "$TMP/core" "$TMP/d1" &&
	sd "refilter" $L -d 31 "$TMP/d1" "$TMP/refiltered" &&
	same "refilter -d 1 -> -d 31" "$TMP/refiltered"

sd "threads" $L -d 31 --num-threads 2 "$TMP/core" "$TMP/threads" &&
	same "--num-threads 2" "$TMP/threads"

sd "-E" -E -d 31 "$TMP/core" "$TMP/elf"
sd "dmesg of the vmcore" --dump-dmesg "$TMP/core" "$TMP/log.core"
[ -s "$TMP/log.core" ] || fail "empty dmesg"
for f in direct elf; do
	sd "dmesg of $f" --dump-dmesg "$TMP/$f" "$TMP/log.$f" &&
	if cmp "$TMP/log.core" "$TMP/log.$f" >&2; then
		pass "--dump-dmesg of the $f dump: same log as the vmcore's"
	else
		fail "--dump-dmesg of the $f dump differs"
	fi
done

# an allocation failure half-way (see 6201 for every one in turn)
for mode in "$L -d 31" "-E -d 31"; do
	rm -f "$TMP/x"
	SIEVEDUMP_TEST_FAIL_ALLOC=0 "$SIEVEDUMP" $mode "$TMP/core" "$TMP/x" \
		>/dev/null 2>"$TMP/err"
	k=$(sed -n 's/^sievedump: test: \([0-9]*\) accounted allocations$/\1/p' \
		"$TMP/err")
	[ -n "$k" ] || { fail "[$mode]: no allocation count"; continue; }
	rm -f "$TMP/x"
	SIEVEDUMP_TEST_FAIL_ALLOC=$(( (k + 1) / 2 )) "$SIEVEDUMP" $mode \
		"$TMP/core" "$TMP/x" >/dev/null 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -aq 'sievedump: .*injected failure' "$TMP/err"; then
		pass "[$mode]: allocation $(( (k + 1) / 2 )) of $k fails: exit 1 with the message"
	else
		fail "[$mode]: allocation $(( (k + 1) / 2 )) of $k fails: exit $rc"
	fi
done
finish
