#!/bin/sh
# -D prints what makedumpfile 1.7.2 prints with -D (doc/debug-output.md):
# on generated vmcores (4- and 5-level paging, 6.1 and 6.12 flavours) the
# PT_LOAD table, the VMCOREINFO listing and the lines on phys_base,
# max_mapnr, the cyclic buffer, page_offset, nodes, the memory type, the
# mem_map table, mmap and the erase info equal makedumpfile's; refiltering
# a kdump-compressed input, the header lines and the VMCOREINFO listing do.
# The dump is the same with and without -D; with -F the lines go to
# standard error; --message-level and --check-params as makedumpfile.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

# facts FILE: makedumpfile's -D lines we print alike, in their order
facts() {
	sed -n '/^ *phys_start /,/^Linux kdump$/p; /^VMCOREINFO   :$/,/^$/p' "$1"
	grep -E '^(phys_base    :|max_mapnr    :|There is enough|Buffer size for|page_offset  :|num of NODEs :|Memory type  :| +mem_map +pfn_start|mem_map\[|mmap\(\)|The kernel doesn.t support mmap|Writing erase info|offset_eraseinfo:|erase info size:)' "$1"
}

# headers FILE [mdf]: the kdump header lines; makedumpfile prints the
# size_* fields in decimal after "0x" (converted to hex here), we in hex
headers() {
	sed -n '/^diskdump main header$/,/^VMCOREINFO   :$/p' "$1" |
		grep -v '^  signature' |
		if [ "${2:-}" = mdf ]; then
			awk '/^  size_/ { sub(/^0x/, "", $3); printf "  %s : 0x%x\n", $1, $3; next } { print }'
		else
			awk '/^  size_/ { printf "  %s : %s\n", $1, $3; next } { print }'
		fi
}

same() {	# same LABEL WANT GOT
	if [ -s "$2" ] && cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff "$2" "$3" | head -10 >&2
	fi
}

# makedumpfile 1.7.2 is the oracle of the dump for 6.1 only: on 6.12 its
# dump (so where its erase info starts) differs
for spec in "flavour=6.1;paging=4" "flavour=6.12;paging=5" "flavour=6.1;paging=5"; do
	"$SDGEN" -e "$spec;mem=64M;seed=21" "$TMP/core" || { fail "sdgen $spec"; continue; }
	case $spec in *6.12*) oracle=false ;; *) oracle=true ;; esac
	rm -f "$TMP/s" "$TMP/m" "$TMP/n"
	"$SIEVEDUMP" -D -d 31 "$TMP/core" "$TMP/s" >"$TMP/s.out" 2>/dev/null ||
		fail "$spec: sievedump -D"
	makedumpfile -D -d 31 "$TMP/core" "$TMP/m" >"$TMP/m.out" 2>/dev/null ||
		fail "$spec: makedumpfile -D"
	"$SIEVEDUMP" -d 31 "$TMP/core" "$TMP/n" >/dev/null 2>&1 || fail "$spec: sievedump"
	if $oracle; then
		facts "$TMP/m.out" >"$TMP/mf"
		facts "$TMP/s.out" >"$TMP/sf"
	else
		facts "$TMP/m.out" | grep -v '^offset_eraseinfo' >"$TMP/mf"
		facts "$TMP/s.out" | grep -v '^offset_eraseinfo' >"$TMP/sf"
	fi
	same "$spec: ELF input: -D facts equal makedumpfile's" "$TMP/mf" "$TMP/sf"
	grep -q '^mem_map\[   0\]' "$TMP/sf" && grep -q '^  OSRELEASE=' "$TMP/sf" &&
		grep -q '^LOAD\[ 0\]' "$TMP/sf" || fail "$spec: facts missing"
	cmp -s "$TMP/s" "$TMP/n" && { ! $oracle || cmp -s "$TMP/s" "$TMP/m"; } &&
		pass "$spec: the dump is the same with -D and without (6.1: and makedumpfile's)" ||
		fail "$spec: -D changed the dump"
	grep -q "^command line: $SIEVEDUMP -D -d 31 $TMP/core $TMP/s $" "$TMP/s.out" &&
		grep -q '^sievedump: version ' "$TMP/s.out" &&
		grep -q '^plan: ' "$TMP/s.out" && grep -q '^one pass: ' "$TMP/s.out" &&
		pass "$spec: version, command line, plan lines" ||
		fail "$spec: version, command line or plan lines missing"

	# refiltering the kdump-compressed dump
	rm -f "$TMP/rs" "$TMP/rm" "$TMP/rn"
	"$SIEVEDUMP" -D -d 31 "$TMP/n" "$TMP/rs" >"$TMP/rs.out" 2>/dev/null ||
		fail "$spec: refilter -D"
	makedumpfile -D -d 31 "$TMP/n" "$TMP/rm" >"$TMP/rm.out" 2>/dev/null ||
		fail "$spec: makedumpfile refilter -D"
	"$SIEVEDUMP" -d 31 "$TMP/n" "$TMP/rn" >/dev/null 2>&1 || fail "$spec: refilter"
	headers "$TMP/rm.out" mdf >"$TMP/mh"
	headers "$TMP/rs.out" >"$TMP/sh"
	same "$spec: kdump input: header lines equal makedumpfile's" "$TMP/mh" "$TMP/sh"
	facts "$TMP/rm.out" | grep -v '^offset_eraseinfo' >"$TMP/mf"
	facts "$TMP/rs.out" | grep -v '^offset_eraseinfo' >"$TMP/sf"
	same "$spec: kdump input: -D facts equal makedumpfile's" "$TMP/mf" "$TMP/sf"
	cmp -s "$TMP/rs" "$TMP/rn" && pass "$spec: refiltered dump the same with -D" ||
		fail "$spec: -D changed the refiltered dump"
done

# -F: the stream on standard output, the debug lines on standard error
"$SIEVEDUMP" -F -D -d 31 "$TMP/core" >"$TMP/f1" 2>"$TMP/f1.err" || fail "-F -D"
"$SIEVEDUMP" -F -d 31 "$TMP/core" >"$TMP/f2" 2>/dev/null || fail "-F"
cmp -s "$TMP/f1" "$TMP/f2" && grep -q '^VMCOREINFO   :$' "$TMP/f1.err" &&
	pass "-F -D: same stream, debug lines on standard error" ||
	fail "-F -D: stream differs or no debug lines on standard error"

# --message-level: -D adds bit 8 whatever the level; --check-params none
lines() { "$@" >"$TMP/l.out" 2>/dev/null; grep -c -E '^(command line:|VMCOREINFO   :|mem_map\[)' "$TMP/l.out"; }
for args in "--message-level 0 -D" "--message-level 8" "--message-level 23" \
	    "--check-params -D"; do
	rm -f "$TMP/x" "$TMP/y"
	# shellcheck disable=SC2086
	s=$(lines "$SIEVEDUMP" $args -d 31 "$TMP/core" "$TMP/x")
	# shellcheck disable=SC2086
	m=$(lines makedumpfile $args -d 31 "$TMP/core" "$TMP/y")
	[ "$s" = "$m" ] && pass "$args: $s debug lines as makedumpfile" ||
		fail "$args: $s debug lines, makedumpfile $m"
done
finish
