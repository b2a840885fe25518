#!/bin/sh
# Fragmentation patterns and memory layouts: alternating pages (worst case),
# clustered runs, holes and RAM above 4 GiB, compared with the ground truth.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

check() {
	spec=$1 level=$2
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; return; }
	"$SDGEN" -e "$spec" --report "$level" | sed 1d >"$TMP/truth"
	"$SIEVEDUMP" --dry-run -d "$level" --message-level 16 "$TMP/core" \
		"$TMP/dump" >"$TMP/out" 2>&1 || fail "sievedump on $spec"
	sed -n '/^Original pages/,/^Total pages/p' "$TMP/out" >"$TMP/got"
	if cmp -s "$TMP/truth" "$TMP/got"; then
		pass "$spec -d $level"
	else
		fail "$spec -d $level"
		diff "$TMP/truth" "$TMP/got" >&2
	fi
}

high="ram=0x1000-0x9f000,0x100000-0x5000000,0x100000000-0x102000000,0x180000000-0x181000000"
for flavour in 6.1 6.12; do
	check "flavour=$flavour;mem=64M;pattern=alternating" 31
	check "flavour=$flavour;mem=64M;pattern=alternating" 17
	check "flavour=$flavour;mem=96M;pattern=clustered;seed=9" 31
	check "flavour=$flavour;paging=5;$high;seed=4" 31
	check "flavour=$flavour;$high;seed=5;kaslr=no" 11
	check "flavour=$flavour;mem=64M;mix=hugetlb:5 anon_thp:5 free:5 kernel:1" 31
	check "flavour=$flavour;mem=64M;mix=free:10 free_zero:10 kernel:1" 1
done
finish
