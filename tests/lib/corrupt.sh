# Helpers of the corrupt-kernel tests (tests/e2e/60xx-corrupt-*.sh), sourced
# after tests/lib/e2e.sh.  Each case builds a synthetic vmcore with sdgen's
# "corrupt=" knobs (tests/gen/gen_corrupt.c) and runs sievedump under a
# timeout, so a hang fails the test instead of hanging CI.
PY=/usr/bin/python3
HAVE_KDUMPFILE=no
[ -x "$PY" ] && "$PY" -c 'import kdumpfile' 2>/dev/null && HAVE_KDUMPFILE=yes
LIMIT=60

# gen SPEC: the vmcore of SPEC in $TMP/core (fails the test on error)
gen() {
	rm -f "$TMP/core"
	"$SDGEN" -e "$1" "$TMP/core" >/dev/null || { fail "sdgen $1"; return 1; }
}

# sd_run LEVEL: sievedump $SD_OPTS -d LEVEL $TMP/core $TMP/dump, output in
# $TMP/log: standard output, then standard error (apart: a buffered stdout
# line would be cut by the progress lines on stderr)
sd_run() {
	rm -f "$TMP/dump"
	timeout "$LIMIT" "$SIEVEDUMP" ${SD_OPTS:-} -d "$1" --message-level 31 "$TMP/core" \
		"$TMP/dump" >"$TMP/log" 2>"$TMP/log.err" </dev/null
	set -- $?
	cat "$TMP/log.err" >>"$TMP/log"
	return "$1"
}

# run_expect SPEC LEVEL RC: generate SPEC, dump it at LEVEL, want exit RC
run_expect() {
	gen "$1" || return 1
	sd_run "$2"
	rc=$?
	[ "$rc" -eq "$3" ] && return 0
	fail "$1 -d $2: exit $rc, wanted $3"
	sed 's/^/  /' "$TMP/log" | grep -v '\[' | tail -5 >&2
	return 1
}

# expect_written SPEC LEVEL PATTERN...: exit 0, each PATTERN in the output,
# the report equal to sdgen's truth, and (libkdumpfile) the dump's pfns and
# bytes equal to the truth and the vmcore.
expect_written() {
	spec=$1; level=$2; shift 2
	run_expect "$spec" "$level" 0 || return 1
	for p in "$@"; do
		expect_grep "$TMP/log" "$p" || return 1
	done
	"$SDGEN" -e "$spec" --report "$level" | sed 1d >"$TMP/truth"
	sed -n '/^Original pages/,/^Total pages/p' "$TMP/log" >"$TMP/got"
	if ! cmp -s "$TMP/truth" "$TMP/got"; then
		fail "$spec -d $level: report differs from the truth"
		diff "$TMP/truth" "$TMP/got" >&2
		return 1
	fi
	if [ "$HAVE_KDUMPFILE" = yes ]; then
		# zero pages stay in the kdump 2nd bitmap
		"$SDGEN" -e "$spec" --kept $((level & ~1)) "$TMP/kept" >/dev/null ||
			{ fail "sdgen --kept"; return 1; }
		if ! "$PY" "$SRCDIR/tests/lib/corrupt_check.py" "$TMP/dump" \
			"$TMP/core" "$TMP/kept" >"$TMP/py" 2>&1; then
			fail "$spec -d $level: dump differs from the truth"
			sed 's/^/  /' "$TMP/py" | tail -6 >&2
			return 1
		fi
	fi
	pass "$spec -d $level: written, report and pages equal the truth"
}

# expect_failed SPEC LEVEL PATTERN...: exit 1, "sievedump Failed.", each
# PATTERN, and no dump file left behind.
expect_failed() {
	spec=$1; level=$2; shift 2
	run_expect "$spec" "$level" 1 || return 1
	expect_grep "$TMP/log" "sievedump Failed." || return 1
	for p in "$@"; do
		expect_grep "$TMP/log" "$p" || return 1
	done
	[ -e "$TMP/dump" ] && { fail "$spec: a dump file was left behind"; return 1; }
	pass "$spec -d $level: exit 1, $(grep '^sievedump: ' "$TMP/log" | head -1)"
}

# mdf_rc WANT LEVEL: makedumpfile 1.7.2's exit status on $TMP/core, when
# it is installed (the oracle for cases where both tools must fail)
mdf_rc() {
	have_makedumpfile || return 0
	rm -f "$TMP/mdump"
	timeout "$LIMIT" makedumpfile -d "$2" "$TMP/core" "$TMP/mdump" \
		>"$TMP/mlog" 2>&1 </dev/null
	rc=$?
	[ "$rc" -eq "$1" ] || fail "makedumpfile -d $2: exit $rc, wanted $1"
}
