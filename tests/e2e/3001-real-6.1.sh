#!/bin/sh
# A real Debian 6.1 kernel crashed under QEMU: sievedump's report equals
# makedumpfile 1.7.2's (a correct oracle for 6.1) at every dump level.
# Both run with --dry-run: the report is the same, no dump is written.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
have_makedumpfile || skip "makedumpfile is not installed"
real_core 6.1

level=0
while [ "$level" -le 31 ]; do
	rm -f "$TMP/m.dump"
	makedumpfile --dry-run -d "$level" --message-level 16 "$CORE" "$TMP/m.dump" 2>&1 |
		sed -n '/^Original pages/,/^Total pages/p' >"$TMP/want"
	"$SIEVEDUMP" --dry-run -d "$level" --message-level 16 "$CORE" \
		"$TMP/s.dump" >"$TMP/out" 2>&1 || fail "sievedump -d $level"
	sed -n '/^Original pages/,/^Total pages/p' "$TMP/out" >"$TMP/got"
	[ -s "$TMP/want" ] || fail "makedumpfile printed no report at -d $level"
	cmp -s "$TMP/want" "$TMP/got" ||
		{ fail "-d $level differs from makedumpfile"; diff "$TMP/want" "$TMP/got" >&2; }
	level=$((level + 1))
done
pass "Debian 6.1 vmcore: levels 0-31 equal makedumpfile 1.7.2"
finish
