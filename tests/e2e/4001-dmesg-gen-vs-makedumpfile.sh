#!/bin/sh
# --dump-dmesg on synthetic 6.1 and 6.12 vmcores (lockless printk ring with
# ids crossing DESC_ID_MASK, a wrapped data block, a data-less record, bytes
# >= 0x80): the log, the --partial-dmesg log (latched clear_seq) and the -F
# log on standard output are byte-identical to makedumpfile 1.7.2's.
. "$SRCDIR/tests/lib/e2e.sh"

for flavour in 6.1 6.12; do
	core="$TMP/core-$flavour"
	"$SDGEN" -e "flavour=$flavour;mem=128M;seed=7" "$core" || fail "sdgen $flavour"
	expect_rc 0 "$SIEVEDUMP" --dump-dmesg "$core" "$TMP/s-$flavour" &&
		expect_grep "$TMP/out" "The dmesg log is saved to $TMP/s-$flavour." &&
		expect_grep "$TMP/out" "sievedump Completed."
	grep -qF 'sdgen: bytes \x01\x7f, UTF-8 \xffffffc2\xffffffb0C,' "$TMP/s-$flavour" ||
		fail "$flavour: escapes not as makedumpfile 1.7.2 prints them"
	tail -n 4 "$TMP/s-$flavour" | head -n 1 | grep -q '\] Call Trace:$' ||
		fail "$flavour: the log does not end with the call trace"
	[ "$(stat -c %a "$TMP/s-$flavour")" = 600 ] || fail "$flavour: mode not 0600"
	expect_rc 0 "$SIEVEDUMP" --dump-dmesg --partial-dmesg "$core" "$TMP/p-$flavour"
	[ "$(wc -l <"$TMP/p-$flavour")" -lt "$(wc -l <"$TMP/s-$flavour")" ] ||
		fail "$flavour: --partial-dmesg printed the whole log"
	head -n 1 "$TMP/p-$flavour" | grep -q 'Freeing unused kernel image' ||
		fail "$flavour: --partial-dmesg does not start after clear_seq"
	"$SIEVEDUMP" -F --dump-dmesg "$core" >"$TMP/f-$flavour" 2>"$TMP/err" ||
		fail "$flavour: -F exit $?"
	cmp -s "$TMP/f-$flavour" "$TMP/s-$flavour" || fail "$flavour: -F log differs"
	expect_grep "$TMP/err" "The dmesg log is saved to STDOUT."
	if have_makedumpfile; then
		makedumpfile --dump-dmesg "$core" "$TMP/m-$flavour" >/dev/null 2>&1 ||
			fail "makedumpfile $flavour"
		makedumpfile --dump-dmesg --partial-dmesg "$core" "$TMP/mp-$flavour" \
			>/dev/null 2>&1 || fail "makedumpfile --partial-dmesg $flavour"
		cmp "$TMP/s-$flavour" "$TMP/m-$flavour" >&2 &&
			pass "$flavour: log equals makedumpfile 1.7.2's" ||
			fail "$flavour: log differs from makedumpfile"
		cmp "$TMP/p-$flavour" "$TMP/mp-$flavour" >&2 &&
			pass "$flavour: --partial-dmesg equals makedumpfile 1.7.2's" ||
			fail "$flavour: --partial-dmesg differs from makedumpfile"
	fi
done
finish
