#!/bin/sh
# An existing DUMPFILE without -f fails before any work, like makedumpfile
# ("Can't open the dump file (X). File exists"), and is left untouched; -f
# overwrites it.  The same holds for -R.  New files get mode 0600.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;paging=5;mem=64M;seed=54' "$TMP/core" || fail "sdgen"

echo precious >"$TMP/dump"
if expect_rc 1 "$SIEVEDUMP" -c -d 31 "$TMP/core" "$TMP/dump"; then
	expect_grep "$TMP/err" "Can't open the dump file ($TMP/dump). File exists" &&
		pass "existing file refused"
fi
[ "$(cat "$TMP/dump")" = precious ] && pass "existing file untouched" ||
	fail "existing file was modified"
if have_makedumpfile; then
	makedumpfile -c -d 31 "$TMP/core" "$TMP/dump" >/dev/null 2>"$TMP/merr"
	grep -q "Can't open the dump file ($TMP/dump). File exists" "$TMP/merr" &&
		pass "makedumpfile says the same" || fail "makedumpfile message changed"
fi

if expect_rc 0 "$SIEVEDUMP" -f -c -d 31 "$TMP/core" "$TMP/dump"; then
	head -c 8 "$TMP/dump" | grep -q 'KDUMP' && pass "-f overwrites" ||
		fail "-f did not write a kdump file"
fi
rm -f "$TMP/new"
"$SIEVEDUMP" -d 31 "$TMP/core" "$TMP/new" >/dev/null 2>&1 || fail "new file"
[ "$(stat -c %a "$TMP/new")" = 600 ] && pass "mode 0600" ||
	fail "mode $(stat -c %a "$TMP/new")"

# -R
"$SIEVEDUMP" -F -d 31 "$TMP/core" >"$TMP/stream" 2>/dev/null || fail "-F"
echo precious >"$TMP/re"
if expect_rc 1 "$SIEVEDUMP" -R "$TMP/re" <"$TMP/stream"; then
	expect_grep "$TMP/err" "Can't open the dump file ($TMP/re). File exists" &&
		pass "-R refuses an existing file"
fi
"$SIEVEDUMP" -f -R "$TMP/re" <"$TMP/stream" >/dev/null 2>&1 &&
	cmp -s "$TMP/re" "$TMP/new" && pass "-R -f overwrites" ||
	fail "-R -f"

# A directory that cannot be written: a clear error naming the file
mkdir "$TMP/ro" && chmod 500 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
	expect_rc 1 "$SIEVEDUMP" -d 31 "$TMP/core" "$TMP/ro/x" &&
		expect_grep "$TMP/err" "Can't open the dump file($TMP/ro/x)" &&
		pass "unwritable directory"
fi
finish
