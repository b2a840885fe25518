#!/bin/sh
# Command lines at the edges (doc/options.md):
# - --mem-budget -1 is refused like 16E (no wrap to 16 EiB);
# - an output path naming the input is refused and the input kept;
#   --split with one path twice is refused and leaves no file;
# - -R with no flattened stream on stdin leaves no file;
# - --plan=json prints JSON alone on stdout, messages on stderr;
# - a refusal at the budget floor names what is needed in KiB, also when
#   the budget is below what the program alone takes;
# - a closed message pipe (| head) does not kill the dump: it completes,
#   exit 0, and is the same dump as with messages kept.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

"$SDGEN" -e 'mem=256M;flavour=6.1;seed=5' "$TMP/core" || fail "sdgen"

expect_rc 1 "$SIEVEDUMP" -l -d 31 --mem-budget -1 "$TMP/core" "$TMP/d" &&
	cat "$TMP/out" "$TMP/err" >"$TMP/all" &&
	expect_grep "$TMP/all" "Memory budget(-1) is invalid." &&
	pass "--mem-budget -1 refused"
expect_rc 1 "$SIEVEDUMP" -l -d 31 --mem-budget 16E "$TMP/core" "$TMP/d" &&
	pass "--mem-budget 16E refused"

cp "$TMP/core" "$TMP/copy" || fail "cp"
expect_rc 1 "$SIEVEDUMP" -f -l -d 31 "$TMP/copy" "$TMP/copy" &&
	expect_grep "$TMP/err" "are the same file; refusing to write over it" &&
	pass "-f with the input as output refused"
cmp -s "$TMP/core" "$TMP/copy" && pass "the input is intact" ||
	fail "the input was changed"
expect_rc 1 "$SIEVEDUMP" -l -d 31 --split "$TMP/core" "$TMP/p" "$TMP/p" &&
	pass "--split with one path twice refused"
[ -e "$TMP/p" ] && fail "--split OUT OUT left a file"

expect_rc 1 "$SIEVEDUMP" -R "$TMP/r" &&
	pass "-R without a stream: exit 1"
[ -e "$TMP/r" ] && fail "-R without a stream left a file"

"$SIEVEDUMP" --plan=json -l -d 31 --message-level 31 "$TMP/core" \
	>"$TMP/plan.json" 2>"$TMP/plan.err"
"$PY" -m json.tool "$TMP/plan.json" >/dev/null &&
	pass "--plan=json: stdout is JSON alone" ||
	fail "--plan=json: stdout is not JSON: $(tail -n 2 "$TMP/plan.json")"

expect_rc 1 "$SIEVEDUMP" -l -d 31 --mem-budget 4200K "$TMP/core" "$TMP/d" &&
	expect_grep "$TMP/err" "KiB writer buffers), more than the 4200 KiB budget" &&
	pass "refusal at the floor names the fixed costs in KiB"
expect_rc 1 "$SIEVEDUMP" -l -d 31 --mem-budget 1M "$TMP/core" "$TMP/d" &&
	expect_grep "$TMP/err" "KiB, more than the 1024 KiB budget" &&
	pass "a budget below the program's own size is refused, saying so"

"$SIEVEDUMP" -c -d 1 "$TMP/core" "$TMP/ref" >/dev/null 2>&1 || fail "reference"
{ "$SIEVEDUMP" -c -d 1 --message-level 31 "$TMP/core" "$TMP/piped" 2>&1
  echo "rc=$?" >"$TMP/rc"; } | head -c 10 >/dev/null
[ "$(cat "$TMP/rc")" = rc=0 ] && pass "closed message pipe: exit 0" ||
	fail "closed message pipe: $(cat "$TMP/rc")"
cmp -s "$TMP/ref" "$TMP/piped" && pass "closed message pipe: the same dump" ||
	fail "closed message pipe: the dump differs"
finish
