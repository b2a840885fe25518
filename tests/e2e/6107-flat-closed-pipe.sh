#!/bin/sh
# -F into a pipe whose reader goes away (`| head -c 100000`): SIGPIPE is
# ignored while the stream is open, so the write fails with EPIPE and
# sievedump stops with a clear message and exit 1 (not killed by SIGPIPE,
# no hang), for kdump-compressed and ELF streams.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e "mem=64M;seed=3" "$TMP/core" || fail "sdgen"
for fmt in "-c" "-E"; do
	rm -f "$TMP/rc"
	{ timeout 60 "$SIEVEDUMP" -F $fmt -d 31 "$TMP/core" 2>"$TMP/err"
	  echo $? >"$TMP/rc"; } | head -c 100000 >"$TMP/head"
	rc=$(cat "$TMP/rc")
	[ "$rc" = 1 ] && pass "-F $fmt | head: exit 1" || fail "-F $fmt | head: exit $rc"
	expect_grep "$TMP/err" "Can't write the dump file(STDOUT). Broken pipe: the reader of the flattened stream went away" &&
		pass "-F $fmt | head: the reason is given"
	[ "$(stat -c %s "$TMP/head")" -eq 100000 ] && pass "-F $fmt | head: the reader got its bytes" ||
		fail "-F $fmt | head: reader got $(stat -c %s "$TMP/head") bytes"
done
# control: the whole stream through a pipe that stays open
{ timeout 60 "$SIEVEDUMP" -F -c -d 31 "$TMP/core" 2>/dev/null; echo $? >"$TMP/rc"; } | cat >/dev/null
[ "$(cat "$TMP/rc")" = 0 ] && pass "control: a reader that stays gives exit 0" ||
	fail "control: exit $(cat "$TMP/rc")"
finish
