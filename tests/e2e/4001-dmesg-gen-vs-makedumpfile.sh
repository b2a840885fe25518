#!/bin/sh
# --dump-dmesg on synthetic 6.1 and 6.12 vmcores (lockless printk ring with
# ids crossing DESC_ID_MASK, a wrapped data block, a data-less record, bytes
# >= 0x80, tasks and CPUs as callers).  With --dmesg-format 1.7.2 the log,
# the --partial-dmesg log (latched clear_seq) and the -F log on standard
# output are byte-identical to makedumpfile 1.7.2's.  The default (1.7.5+)
# log has no binary oracle here: it must equal the 1.7.2 log with each
# record's caller-id column inserted from the ring by tests/lib/dmesg_caller.py
# (which also checks the time stamps record by record); without
# OFFSET(printk_info.caller_id) in VMCOREINFO it is the 1.7.2 log.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

old="--dmesg-format 1.7.2"
caller_rule() { # CORE LOG-1.7.2 LOG-default NAME
	python3 "$SRCDIR/tests/lib/dmesg_caller.py" "$1" "$2" >"$TMP/want" ||
		{ fail "$4: dmesg_caller.py"; return; }
	cmp "$TMP/want" "$3" >&2 &&
		pass "$4: = 1.7.2's with the caller-id column from the ring" ||
		fail "$4: the caller-id column differs"
}

for flavour in 6.1 6.12; do
	core="$TMP/core-$flavour"
	"$SDGEN" -e "flavour=$flavour;mem=128M;seed=7" "$core" || fail "sdgen $flavour"
	# shellcheck disable=SC2086
	expect_rc 0 "$SIEVEDUMP" $old --dump-dmesg "$core" "$TMP/s-$flavour" &&
		expect_grep "$TMP/out" "The dmesg log is saved to $TMP/s-$flavour." &&
		expect_grep "$TMP/out" "sievedump Completed."
	grep -qF 'sdgen: bytes \x01\x7f, UTF-8 \xffffffc2\xffffffb0C,' "$TMP/s-$flavour" ||
		fail "$flavour: escapes not as makedumpfile 1.7.2 prints them"
	tail -n 4 "$TMP/s-$flavour" | head -n 1 | grep -q '\] Call Trace:$' ||
		fail "$flavour: the log does not end with the call trace"
	[ "$(stat -c %a "$TMP/s-$flavour")" = 600 ] || fail "$flavour: mode not 0600"
	# shellcheck disable=SC2086
	expect_rc 0 "$SIEVEDUMP" $old --dump-dmesg --partial-dmesg "$core" "$TMP/p-$flavour"
	[ "$(wc -l <"$TMP/p-$flavour")" -lt "$(wc -l <"$TMP/s-$flavour")" ] ||
		fail "$flavour: --partial-dmesg printed the whole log"
	head -n 1 "$TMP/p-$flavour" | grep -q 'Freeing unused kernel image' ||
		fail "$flavour: --partial-dmesg does not start after clear_seq"
	# shellcheck disable=SC2086
	"$SIEVEDUMP" -F $old --dump-dmesg "$core" >"$TMP/f-$flavour" 2>"$TMP/err" ||
		fail "$flavour: -F exit $?"
	cmp -s "$TMP/f-$flavour" "$TMP/s-$flavour" || fail "$flavour: -F log differs"
	expect_grep "$TMP/err" "The dmesg log is saved to STDOUT."

	# the default: makedumpfile 1.7.5+'s format
	expect_rc 0 "$SIEVEDUMP" --dump-dmesg "$core" "$TMP/n-$flavour" &&
		caller_rule "$core" "$TMP/s-$flavour" "$TMP/n-$flavour" "$flavour"
	expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.5 --dump-dmesg --partial-dmesg \
		"$core" "$TMP/np-$flavour" &&
		caller_rule "$core" "$TMP/p-$flavour" "$TMP/np-$flavour" "$flavour --partial-dmesg"
	grep -q '^\[ *[0-9]*\.[0-9]*\] \[ *C[0-7]\] ' "$TMP/n-$flavour" &&
		grep -q '^\[ *[0-9]*\.[0-9]*\] \[T[0-9]\{7\}\] ' "$TMP/n-$flavour" ||
		fail "$flavour: no CPU caller or no 7-digit pid in the log"
	# the rule's check can fail: one column changed must be caught
	sed '5s/\] \[ *[TC][0-9]*\] /] [     T99] /' "$TMP/n-$flavour" >"$TMP/bad"
	python3 "$SRCDIR/tests/lib/dmesg_caller.py" "$core" "$TMP/s-$flavour" |
		cmp -s - "$TMP/bad" && fail "$flavour: a wrong caller id passes the check" ||
		pass "$flavour: a wrong caller id is caught"
	"$SDGEN" -e "flavour=$flavour;mem=128M;seed=7;corrupt=vmci_drop:OFFSET(printk_info.caller_id)" \
		"$TMP/nocid" >/dev/null 2>&1 || fail "sdgen without caller_id"
	expect_rc 0 "$SIEVEDUMP" -f --dump-dmesg "$TMP/nocid" "$TMP/nocid.log" &&
		cmp "$TMP/nocid.log" "$TMP/s-$flavour" >&2 &&
		pass "$flavour: no OFFSET(printk_info.caller_id): 1.7.2's bytes" ||
		fail "$flavour: without the caller_id offset the log differs from 1.7.2's"

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
