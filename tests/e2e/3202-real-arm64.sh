#!/bin/sh
# sievedump on real arm64 vmcores: Debian 12's 6.1 (4 KiB pages, VA_BITS 48,
# 4 levels) and 6.12 (4 KiB pages, VA_BITS 52 with LPA2 on QEMU's -cpu max:
# 5 levels, 52-bit physical addresses) kernels crashed under
# qemu-system-aarch64 (runs/arm64-6.1, runs/arm64-6.12; see 3201).
#  6.1, against Debian's arm64 makedumpfile 1.7.2 (tests/lib/arm64_oracle.sh):
#  - the page report is the same at every dump level 0-31;
#  - the dump is byte-identical at levels 0, 1, 7, 16, 31, uncompressed,
#    -l, -c (--zlib-engine zlib) and -E; --split into two parts too;
#  - --dump-dmesg (--dmesg-format 1.7.2) gives the same log;
#  - makedumpfile's refilter (-d 31 -l) of sievedump's -d 1 -l dump is
#    sievedump's own refilter of it.
#  6.12 (makedumpfile 1.7.2 refuses it), also on a CPU without LPA2
#  (-cpu max,lpa2=off: the 52-bit kernel runs with 48 bits and 4 levels):
#  free pages as /proc/zoneinfo counted them before the crash (3002's
#  rule), the log holds the crash.
#  Both: drgn with the arm64 debug vmlinux and libkdumpfile read -l and -c
#  -d 31 dumps (tests/qemu/dump_check.py); -F | -R gives the file; -e is
#  refused with a reason and writes nothing.
# Boots QEMU when a run is missing, so only with SIEVEDUMP_LONG=1.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
. "$SRCDIR/tests/lib/arm64_oracle.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "boots arm64 QEMU guests: set SIEVEDUMP_LONG=1"
need_kdumpfile
"$PY" -c 'import drgn' 2>/dev/null || skip "python3-drgn is not installed"
arm64_oracle

report() {	# report OUT: the page report lines of a run's output
	sed -n '/^Original pages/,/^Total pages/p' "$1"
}

oracle_61() {
	lv=0 bad=0
	while [ "$lv" -le 31 ]; do
		rm -f "$TMP/m" "$TMP/s"
		mdf_arm64 -d "$lv" --message-level 16 "$CORE" "$TMP/m" >"$TMP/mo" 2>&1
		"$SIEVEDUMP" --dry-run -d "$lv" --message-level 16 "$CORE" "$TMP/s" \
			>"$TMP/so" 2>&1 || fail "-d $lv"
		report "$TMP/mo" >"$TMP/want"
		report "$TMP/so" >"$TMP/got"
		[ -s "$TMP/want" ] && cmp -s "$TMP/want" "$TMP/got" ||
			{ bad=$((bad + 1)); diff "$TMP/want" "$TMP/got" >&2; }
		lv=$((lv + 1))
	done
	[ $bad = 0 ] && pass "6.1: page reports of levels 0-31 = makedumpfile's" ||
		fail "6.1: $bad of 32 page reports differ"
	for lv in 0 1 7 16 31; do
		for z in none -l -c -E; do
			o=; s=
			case $z in
			none) ;;
			-c) o=-c; s="-c --zlib-engine zlib" ;;
			*) o=$z; s=$z ;;
			esac
			rm -f "$TMP/m" "$TMP/s"
			# shellcheck disable=SC2086 # option lists
			mdf_arm64 $o -d "$lv" "$CORE" "$TMP/m" >/dev/null 2>&1 &&
			"$SIEVEDUMP" $s -d "$lv" "$CORE" "$TMP/s" >/dev/null 2>&1 &&
			cmp "$TMP/m" "$TMP/s" >&2 ||
				fail "6.1: $z -d $lv differs from makedumpfile's"
		done
	done
	pass "6.1: levels 0 1 7 16 31 x (none -l -c -E) compared"
	rm -f "$TMP"/m[12] "$TMP"/s[12]
	mdf_arm64 -l -d 31 --split "$CORE" "$TMP/m1" "$TMP/m2" >/dev/null 2>&1 &&
	"$SIEVEDUMP" -l -d 31 --split "$CORE" "$TMP/s1" "$TMP/s2" >/dev/null 2>&1 &&
	cmp "$TMP/m1" "$TMP/s1" >&2 && cmp "$TMP/m2" "$TMP/s2" >&2 &&
		pass "6.1: --split parts = makedumpfile's" ||
		fail "6.1: --split parts differ"
	mdf_arm64 --dump-dmesg "$CORE" "$TMP/m.log" >/dev/null 2>&1
	"$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$CORE" "$TMP/s.log" \
		>/dev/null 2>&1
	[ -s "$TMP/m.log" ] && cmp "$TMP/m.log" "$TMP/s.log" >&2 &&
		pass "6.1: --dump-dmesg = makedumpfile's" ||
		fail "6.1: --dump-dmesg differs"
	rm -f "$TMP/d1" "$TMP/m31" "$TMP/s31"
	"$SIEVEDUMP" -l -d 1 "$CORE" "$TMP/d1" >/dev/null 2>&1 &&
	mdf_arm64 -l -d 31 "$TMP/d1" "$TMP/m31" >/dev/null 2>&1 &&
	"$SIEVEDUMP" -l -d 31 "$TMP/d1" "$TMP/s31" >/dev/null 2>&1 &&
	cmp "$TMP/m31" "$TMP/s31" >&2 &&
		pass "6.1: makedumpfile's refilter of our -d 1 dump = ours" ||
		fail "6.1: refilter differs from makedumpfile's"
}

zoneinfo_612() {
	"$SIEVEDUMP" --dry-run -d 31 --message-level 16 "$CORE" "$TMP/d" \
		>"$TMP/out" 2>&1 || fail "$name: -d 31"
	free=$(printf '%d' "$(sed -n 's/.*Free pages *: 0x\([0-9a-f]*\).*/0x\1/p' "$TMP/out")")
	zfree=$(awk '/^ *pages free/ {s += $3} END {print s}' "$RUN/zoneinfo.txt")
	pcp=$(awk '/^ *count:/ {s += $2} END {print s}' "$RUN/zoneinfo.txt")
	slack=$((pcp + zfree / 50)) diff=$((free - zfree))
	[ "$diff" -lt 0 ] && diff=$((-diff))
	[ "$free" -gt 0 ] && [ "$diff" -le "$slack" ] &&
		pass "$name: free pages $free vs zoneinfo $zfree (slack $slack)" ||
		fail "$name: free pages $free vs zoneinfo $zfree (slack $slack)"
	rm -f "$TMP/s.log"
	"$SIEVEDUMP" --dump-dmesg "$CORE" "$TMP/s.log" >/dev/null 2>&1 &&
	grep -q 'sysrq: Trigger a crash' "$TMP/s.log" &&
		pass "$name: --dump-dmesg holds the sysrq crash" ||
		fail "$name: --dump-dmesg lacks the crash"
}

for name in 6.1 6.12 6.12-va48; do
	kv=${name%-va48}
	if [ "$name" = 6.12-va48 ]; then
		real_core arm64-6.12 arm64-6.12-va48 "" "max,pauth-impdef=on,lpa2=off"
	else
		real_core "arm64-$kv"
	fi
	real_vmlinux || continue
	if [ "$name" = 6.1 ]; then oracle_61; else zoneinfo_612; fi
	for c in l c; do
		rm -f "$TMP/d$c"
		"$SIEVEDUMP" -$c -d 31 "$CORE" "$TMP/d$c" >/dev/null 2>&1 ||
			fail "$name: -$c -d 31"
		real_dump_check "arm64 $name -$c -d 31" "$TMP/d$c"
	done
	rm -f "$TMP/R"
	"$SIEVEDUMP" -F -l -d 31 "$CORE" 2>/dev/null |
		"$SIEVEDUMP" -R "$TMP/R" >/dev/null 2>&1 && cmp "$TMP/R" "$TMP/dl" >&2 &&
		pass "$name: -F | -R = the file" || fail "$name: -F | -R differs"
	rm -f "$TMP/e"
	"$SIEVEDUMP" -e --work-dir "$TMP" -l -d 31 "$CORE" "$TMP/e" \
		>"$TMP/eo" 2>&1
	rc=$?
	[ $rc != 0 ] && [ ! -e "$TMP/e" ] && grep -q 'not supported on arm64' "$TMP/eo" &&
		pass "$name: -e refused: $(grep -m1 'not supported' "$TMP/eo")" ||
		fail "$name: -e: exit $rc, $(tail -n 1 "$TMP/eo")"
	rm -f "$TMP/dl" "$TMP/dc"
done
finish
