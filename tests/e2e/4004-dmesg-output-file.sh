#!/bin/sh
# The log file is opened like a dump file (doc/compat-dmesg.md): an existing file is
# refused without -f ("File exists", exit 1, file untouched), -f overwrites,
# the mode is 0600, and -L cuts the file (or -F's standard output) at the
# limit with "Can't write the log file(X). Size limit(N) reached." and exit
# 1, the same bytes as makedumpfile 1.7.2.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;mem=64M;seed=3' "$TMP/core" || fail "sdgen"
echo keep >"$TMP/exists"
expect_rc 1 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/exists" &&
	expect_grep "$TMP/err" "Can't open the dump file ($TMP/exists). File exists"
[ "$(cat "$TMP/exists")" = keep ] || fail "existing file was changed"
expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg -f "$TMP/core" "$TMP/exists" &&
	pass "-f overwrites"
grep -q 'Linux version' "$TMP/exists" || fail "-f: no log written"
[ "$(stat -c %a "$TMP/exists")" = 644 ] || [ "$(stat -c %a "$TMP/exists")" = 600 ] ||
	fail "-f: unexpected mode"
expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/full" &&
	[ "$(stat -c %a "$TMP/full")" = 600 ] || fail "new log file not mode 0600"
size=$(stat -c %s "$TMP/full")

for limit in 1 100 1000 $((size - 1)) $size; do
	rm -f "$TMP/s" "$TMP/m"
	want=1
	[ "$limit" -ge "$size" ] && want=0
	expect_rc $want "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg -L $limit "$TMP/core" "$TMP/s" || continue
	if [ $want -eq 1 ]; then
		expect_grep "$TMP/out" "Can't write the log file($TMP/s). Size limit($limit) reached."
		expect_grep "$TMP/out" "sievedump Failed."
	fi
	"$SIEVEDUMP" -F --dmesg-format 1.7.2 --dump-dmesg -L $limit "$TMP/core" >"$TMP/fs" 2>"$TMP/ferr"
	[ $? -eq $want ] || fail "-F -L $limit: exit code"
	cmp -s "$TMP/fs" "$TMP/s" || fail "-F -L $limit: stdout differs from the file"
	[ $want -eq 0 ] || expect_grep "$TMP/ferr" "Can't write the log file(STDOUT). Size limit($limit) reached."
	if have_makedumpfile; then
		makedumpfile --dump-dmesg -L $limit "$TMP/core" "$TMP/m" >/dev/null 2>&1
		[ $? -eq $want ] || fail "makedumpfile -L $limit: exit code"
		cmp "$TMP/s" "$TMP/m" >&2 && pass "-L $limit: same file as makedumpfile 1.7.2" ||
			fail "-L $limit: differs from makedumpfile"
	else
		[ "$(stat -c %s "$TMP/s")" -le "$limit" ] && pass "-L $limit" || fail "-L $limit: too big"
	fi
done
# -F on a full device: the stream sink's error, exit 1
if [ -w /dev/full ]; then
	"$SIEVEDUMP" -F --dump-dmesg "$TMP/core" >/dev/full 2>"$TMP/ferr"
	[ $? -eq 1 ] && grep -q "Can't write the log file(STDOUT). No space left on device" "$TMP/ferr" &&
		pass "-F to a full device: exit 1 with the device's error" ||
		fail "-F to a full device: $(tr '\n' ' ' <"$TMP/ferr")"
fi
finish
