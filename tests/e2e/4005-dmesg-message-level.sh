#!/bin/sh
# --message-level 8 (debug) with --dump-dmesg prints makedumpfile 1.7.2's
# VMCOREINFO listing ("VMCOREINFO   :", "  KEY=value" lines with
# "page_size    : N" after PAGESIZE, a blank line), which scripts read for
# OSRELEASE= and CRASHTIME=: on standard output, or standard error with -F.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.12;mem=128M;seed=5' "$TMP/core" || fail "sdgen"
expect_rc 0 "$SIEVEDUMP" --dump-dmesg --message-level 31 "$TMP/core" "$TMP/s"
sed -n '/^VMCOREINFO   :$/,/^$/p' "$TMP/out" >"$TMP/got"
expect_grep "$TMP/got" "  OSRELEASE=6.12"
expect_grep "$TMP/got" "  CRASHTIME="
expect_grep "$TMP/got" "page_size    : 4096"
"$SIEVEDUMP" -F --dump-dmesg --message-level 8 "$TMP/core" >"$TMP/log" 2>"$TMP/err" ||
	fail "-F --message-level 8"
grep -q '^  OSRELEASE=6\.12' "$TMP/err" && grep -q '^  CRASHTIME=[0-9]' "$TMP/err" &&
	pass "-F: OSRELEASE= and CRASHTIME= on standard error" ||
	fail "-F: no OSRELEASE=/CRASHTIME= on standard error"
grep -q 'VMCOREINFO' "$TMP/log" && fail "-F: debug text mixed into the log"
expect_rc 0 "$SIEVEDUMP" -F --dump-dmesg "$TMP/core"
grep -q OSRELEASE "$TMP/err" && fail "default level prints the debug listing"
if have_makedumpfile; then
	makedumpfile --dump-dmesg --message-level 31 "$TMP/core" "$TMP/m" 2>/dev/null |
		sed -n '/^VMCOREINFO   :$/,/^$/p' >"$TMP/want"
	cmp "$TMP/want" "$TMP/got" >&2 &&
		pass "VMCOREINFO debug listing equals makedumpfile 1.7.2's" ||
		fail "VMCOREINFO debug listing differs from makedumpfile"
fi
finish
