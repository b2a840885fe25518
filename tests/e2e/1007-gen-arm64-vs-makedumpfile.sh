#!/bin/sh
# sievedump against Debian 12's arm64 makedumpfile 1.7.2 (run by
# qemu-aarch64-static, tests/lib/arm64_oracle.sh) on generated arm64
# machines (sdgen arch=arm64: 4 KiB pages, VA_BITS 48, 6.1 layout; 1.7.2
# is a correct oracle for 6.1 and refuses 4 KiB pages with 52 bits):
#  - makedumpfile's report equals the generator's truth;
#  - kdump files at levels 0 1 7 16 31, -c -d 31, -l at 0 and 31, the -E
#    ELF files at 0 and 31 and a -F -l stream are byte-identical;
#  - --dump-dmesg (--dmesg-format 1.7.2) gives makedumpfile's log, except
#    that bytes >= 0x80 are \xNN where the x86_64 sievedump writes \xffffffNN: char is
#    unsigned on arm64, so the arm64 binary prints them unextended (the
#    x86_64 one sign-extends; doc/compat-dmesg.md);
#  - with the VMCOREINFO as a -i file (sdgen --vmcoreinfo: image symbols
#    without the KASLR offset) both dump the KASLR machine as from its
#    note: KERNELOFFSET moves every symbol of the file on arm64.
# The second machine has RAM in two ranges, the first ending inside a page,
# no KASLR and clustered free memory.  Skips (77) without qemu-user-static
# or the arm64 packages; the first run unpacks them (cached afterwards).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/arm64_oracle.sh"
arm64_oracle

same() {	# same NAME OPTIONS...: kdump or ELF output of both, compared
	name=$1; shift
	rm -f "$TMP/m" "$TMP/s"
	mdf_arm64 "$@" "$TMP/core" "$TMP/m" >"$TMP/m.log" 2>&1 ||
		{ fail "$name: makedumpfile $*: $(tail -n 1 "$TMP/m.log")"; return; }
	# shellcheck disable=SC2086
	"$SIEVEDUMP" $SD_ZLIB_STOCK "$@" "$TMP/core" "$TMP/s" >"$TMP/s.log" 2>&1 ||
		{ fail "$name: sievedump $*: $(tail -n 1 "$TMP/s.log")"; return; }
	if cmp -s "$TMP/m" "$TMP/s"; then
		pass "$name $*: identical"
	else
		fail "$name $*: differs from makedumpfile's"
	fi
}

report() {	# report NAME LEVEL: makedumpfile -d LEVEL as the truth and ours
	"$SDGEN" -e "$spec" --report "$2" | sed 1d >"$TMP/truth"
	rm -f "$TMP/m" "$TMP/s"
	mdf_arm64 -d "$2" --message-level 16 "$TMP/core" "$TMP/m" \
		>"$TMP/m.log" 2>&1 || { fail "$1: makedumpfile -d $2"; return; }
	sed -n '/^Original pages/,/^Total pages/p' "$TMP/m.log" >"$TMP/got"
	if cmp -s "$TMP/truth" "$TMP/got"; then
		pass "$1: makedumpfile -d $2 reports the truth"
	else
		fail "$1: makedumpfile -d $2 differs from the truth"
		diff "$TMP/truth" "$TMP/got" >&2
	fi
	"$SIEVEDUMP" -d "$2" "$TMP/core" "$TMP/s" >"$TMP/s.log" 2>&1 ||
		fail "$1: sievedump -d $2"
	cmp -s "$TMP/m" "$TMP/s" && pass "$1 -d $2: identical" ||
		fail "$1 -d $2: differs from makedumpfile's"
}

# the oracle's -c is slow under qemu (zlib emulated): small machines
a="arch=arm64;flavour=6.1;va=48;mem=64M;seed=1;cpus=4"
b="arch=arm64;flavour=6.1;ram=0x40000000-0x41ff0c00,0x48000000-0x4a000000;seed=2;kaslr=no;pattern=clustered"
for spec in "$a" "$b"; do
	"$SDGEN" --vmcoreinfo "$TMP/vmci" -e "$spec" "$TMP/core" ||
		{ fail "sdgen $spec"; continue; }
	name=${spec%%;seed=*}
	name="machine ${name#arch=arm64;flavour=6.1;}"
	if [ "$spec" = "$b" ]; then
		report "$name" 31
		same "$name" -l -d 1
		continue
	fi
	for level in 0 1 7 16 31; do
		report "$name" "$level"
	done
	same "$name" -c -d 31
	rm -f "$TMP/i" "$TMP/s"
	"$SIEVEDUMP" -l -d 31 "$TMP/core" "$TMP/s" >/dev/null 2>&1
	"$SIEVEDUMP" -i "$TMP/vmci" -l -d 31 "$TMP/core" "$TMP/i" >"$TMP/i.log" 2>&1 &&
		cmp -s "$TMP/i" "$TMP/s" && pass "$name -i FILE (KASLR): = the dump from the note" ||
		{ fail "$name -i FILE (KASLR)"; tail -3 "$TMP/i.log" >&2; }
	grep -q '^KERNELOFFSET=[1-9a-f]' "$TMP/vmci" ||
		fail "$name: no KASLR offset: the -i check cannot see the rule"
	same "$name" -i "$TMP/vmci" -l -d 31
	same "$name" -l -d 0
	same "$name" -l -d 31
	same "$name" -E -d 0
	same "$name" -E -d 31
	mdf_arm64 -F -l -d 31 "$TMP/core" >"$TMP/m.F" 2>"$TMP/m.log"
	"$SIEVEDUMP" -F -l -d 31 "$TMP/core" >"$TMP/s.F" 2>"$TMP/s.log"
	cmp -s "$TMP/m.F" "$TMP/s.F" && pass "$name -F -l -d 31: identical" ||
		fail "$name -F -l -d 31: stream differs"
	rm -f "$TMP/m.txt" "$TMP/s.txt"
	mdf_arm64 --dump-dmesg "$TMP/core" "$TMP/m.txt" >"$TMP/m.log" 2>&1 ||
		fail "$name: makedumpfile --dump-dmesg"
	"$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/s.txt" \
		>"$TMP/s.log" 2>&1 || fail "$name: sievedump --dump-dmesg"
	grep -q 'Booting Linux on physical CPU' "$TMP/m.txt" ||
		fail "$name: makedumpfile's log lacks the arm64 boot line"
	sed 's/\\xffffff\([0-9a-f][0-9a-f]\)/\\x\1/g' "$TMP/s.txt" >"$TMP/s.unext"
	cmp -s "$TMP/m.txt" "$TMP/s.unext" &&
		pass "$name --dump-dmesg: makedumpfile's log ($(wc -l <"$TMP/m.txt") lines)" ||
		fail "$name --dump-dmesg: the log differs"
done
finish
