#!/bin/sh
# Options of sievedump's own (--plan[=json], --mem-budget, --backend,
# --zlib-engine: an engine not built is refused by --check-params too;
# --dmesg-format 1.7.5|1.7.2) and the
# range checks we add to makedumpfile's lenient ones (-b, --cyclic-buffer,
# --splitblock-size): same message style, exit 1, no "Try" line.
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

refused() {
	msg=$1; shift
	run_as sievedump "$@"
	expect_out 1 "$msg\n$FAILED" "" && pass "[$*] refused"
}

refused "Backend(tree) is invalid." --backend tree vmcore dump
refused "Backend() is invalid." --backend= vmcore dump
refused "Memory budget(0) is invalid." --mem-budget 0 vmcore dump
refused "Memory budget(64MB) is invalid." --mem-budget=64MB vmcore dump
refused "Plan format(xml) is invalid." --plan=xml vmcore
refused "Zlib engine(gzip) is invalid." --zlib-engine gzip -c vmcore dump
run_as sievedump --check-params --zlib-engine gzip -c vmcore dump
expect_out 1 "Zlib engine(gzip) is invalid.\n" "" &&
	pass "--check-params refuses an unknown engine"
for e in libdeflate isal; do
	"$SIEVEDUMP" -v | grep -q "^$e	enabled" && continue
	msg="Zlib engine($e) is not built in (configure --with-$e)."
	refused "$msg" --zlib-engine $e -c vmcore dump
	run_as sievedump --check-params --zlib-engine $e -c vmcore dump
	expect_out 1 "$msg\n" "" && pass "--check-params refuses $e, not built"
done
refused "Dmesg format(1.7.9) is invalid." --dmesg-format 1.7.9 --dump-dmesg vmcore log
refused "Dmesg format() is invalid." --dmesg-format= --dump-dmesg vmcore log
run_as sievedump --check-params --dmesg-format new --dump-dmesg vmcore log
expect_out 1 "Dmesg format(new) is invalid.\n" "" &&
	pass "--check-params refuses an unknown dmesg format"
refused "Block order(99) is invalid." -b 99 vmcore dump
refused "Block order(-1) is invalid." -b -1 vmcore dump
refused "Cyclic buffer size(-1) is invalid." --cyclic-buffer -1 vmcore dump
refused "Splitblock size(-4) is invalid." --splitblock-size=-4 vmcore dump

run_as sievedump --plan
expect_out 1 "$INVALID$FAILED" "" && pass "--plan needs VMCORE"
run_as sievedump --plan vmcore dump extra
expect_out 1 "$INVALID$FAILED" "" && pass "--plan: at most VMCORE DUMPFILE"
run_as sievedump --plan -c -E vmcore
expect_out 1 "$INVALID$FAILED" "" && pass "--plan keeps the dump's rules"
for other in "-R" "--dump-dmesg" "--mem-usage" "--reassemble"; do
	run_as sievedump --plan "$other" vmcore dump
	expect_out 1 "--plan cannot be used with $other.\n$INVALID$FAILED" "" &&
		pass "--plan $other refused"
done
run_as sievedump --plan -g vi -x vmlinux
expect_out 1 "--plan cannot be used with -g.\n$INVALID$FAILED" "" &&
	pass "--plan -g refused"
run_as sievedump --backend
expect_out 1 "$INVALID$FAILED" "sievedump: option '--backend' requires an argument\n" &&
	pass "--backend needs a value"

for args in "--plan vmcore" "--plan=json vmcore" "--plan=text vmcore dump" \
	"--plan -c -d 31 --mem-budget 64M vmcore dump" "--plan -F -c vmcore" \
	"--plan --split vmcore d1 d2" "--backend plain -c vmcore dump" \
	"--backend extent vmcore dump" \
	"--backend auto vmcore dump" "--mem-budget 100M vmcore dump" \
	"--mem-budget=1g -F vmcore" "-b 0 vmcore dump" \
	"--splitblock-size 0 --split vmcore d1 d2" "--cyclic-buffer 0 vmcore dump" \
	"--zlib-engine zlib -c vmcore dump" "--zlib-engine=auto -F -c vmcore" \
	"--dmesg-format 1.7.2 --dump-dmesg vmcore log" \
	"--dmesg-format=1.7.5 --dump-dmesg --partial-dmesg vmcore log" \
	"-F --dump-dmesg --dmesg-format 1.7.2 vmcore"
do
	# shellcheck disable=SC2086
	run_as sievedump --check-params $args
	expect_out 0 "" "" && pass "[$args] accepted"
done
# those that need an optional part: accepted when it is built, refused
# naming it when not
built() { "$SIEVEDUMP" -v | grep -q "^$1[[:space:]]*enabled"; }
for pair in "backend roaring|--backend=roaring vmcore dump" \
	"lzo|--zlib-engine zlib -l vmcore dump"; do
	part=${pair%%|*} args=${pair#*|}
	# shellcheck disable=SC2086
	run_as sievedump --check-params $args
	if built "$part"; then
		expect_out 0 "" "" && pass "[$args] accepted ($part built)"
	else
		[ "$RC" -ne 0 ] && grep -q "built without" "$TMP/err" &&
			pass "[$args] refused: $part not built" ||
			fail "[$args] without $part: rc $RC"
	fi
done
finish
