# Sourced by every end-to-end test script (tests/e2e/*.sh).
# Environment (set by Makefile.am AM_TESTS_ENVIRONMENT, or by hand):
#   SIEVEDUMP   path of the built sievedump binary
#   SDGEN       path of the synthetic vmcore generator (default: the
#               build tree's tests/gen/sdgen next to $SIEVEDUMP); SDGEN_FUSE
#               likewise
#   SRCDIR      top of the source tree
#   VALGRIND    optional: a valgrind command ("valgrind --leak-check=full");
#               sievedump then runs under it (CI's valgrind run), and a
#               valgrind error fails the test at finish
# Exit codes follow automake: 0 pass, 77 skip, 99 hard error, other = fail.
set -u
: "${SIEVEDUMP:?SIEVEDUMP is not set}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
# run alone from a build tree: the generator sits beside the binary
: "${SDGEN:=$(dirname "$SIEVEDUMP")/tests/gen/sdgen}"
: "${SDGEN_FUSE:=$(dirname "$SIEVEDUMP")/tests/gen/sdgen-fuse}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sdtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILS=0

# Under $VALGRIND, $SIEVEDUMP becomes a wrapper: valgrind's log goes to a
# file (so that stderr stays what the test expects), and a run with errors
# leaves a mark that finish turns into a failure, whatever the exit status.
if [ -n "${VALGRIND:-}" ]; then
	VG=$TMP/.valgrind
	mkdir "$VG" || exit 99
	cat >"$VG/sievedump" <<EOF
#!/bin/sh
$VALGRIND -q --error-exitcode=97 --log-file="$VG/log.%p" "$SIEVEDUMP" "\$@"
rc=\$?
[ \$rc -eq 97 ] && touch "$VG/errors"
exit \$rc
EOF
	chmod +x "$VG/sievedump" || exit 99
	SIEVEDUMP=$VG/sievedump
fi

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# expect_rc WANT CMD...: run CMD, capture stdout/stderr in $TMP/out $TMP/err
expect_rc() {
	want=$1; shift
	"$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$* -> exit $rc, wanted $want"
		sed 's/^/  stderr: /' "$TMP/err" | head -20 >&2
		return 1
	fi
	return 0
}

# expect_grep FILE PATTERN: fixed-string match
# need_kdumpfile: skip unless Debian's python3 has libkdumpfile; sets $PY
need_kdumpfile() {
	PY=/usr/bin/python3
	[ -x "$PY" ] && "$PY" -c 'import kdumpfile' 2>/dev/null ||
		skip "python3-libkdumpfile is not installed"
}

expect_grep() {
	if ! grep -qF -- "$2" "$1"; then
		fail "$1 lacks '$2'"
		sed 's/^/  got: /' "$1" | head -20 >&2
		return 1
	fi
	return 0
}

# sievedump's -c with stock zlib: makedumpfile's bytes (the default engine
# writes other valid zlib streams); for tests that compare -c bytes with it
SD_ZLIB_STOCK="--zlib-engine zlib"

# long_run: true under `make check-long` (SIEVEDUMP_LONG=1).  The big
# differential tests run their whole matrix there (both page-table depths,
# the larger machines) and a representative part in `make check`.
long_run() { [ "${SIEVEDUMP_LONG:-0}" = 1 ]; }

have_makedumpfile() { command -v makedumpfile >/dev/null 2>&1; }

valgrind_check() {
	[ -e "${VG:-/nonexistent}/errors" ] || return 0
	fail "valgrind found errors in sievedump"
	for f in "$VG"/log.*; do
		[ -s "$f" ] && head -40 "$f" >&2
	done
}

finish() {
	valgrind_check
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed" >&2
		exit 1
	fi
	exit 0
}
