# Sourced by every end-to-end test script (tests/e2e/*.sh).
# Environment (set by Makefile.am AM_TESTS_ENVIRONMENT, or by hand):
#   SIEVEDUMP   path of the built sievedump binary
#   SDGEN       path of the synthetic vmcore generator (tests/gen/sdgen)
#   SRCDIR      top of the source tree
# Exit codes follow automake: 0 pass, 77 skip, 99 hard error, other = fail.
set -u
: "${SIEVEDUMP:?SIEVEDUMP is not set}"
: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/sdtest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
FAILS=0

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
expect_grep() {
	if ! grep -qF -- "$2" "$1"; then
		fail "$1 lacks '$2'"
		sed 's/^/  got: /' "$1" | head -20 >&2
		return 1
	fi
	return 0
}

have_makedumpfile() { command -v makedumpfile >/dev/null 2>&1; }

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS check(s) failed" >&2
		exit 1
	fi
	exit 0
}
