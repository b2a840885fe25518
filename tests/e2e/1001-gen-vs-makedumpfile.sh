#!/bin/sh
# The generator is faithful: Debian's makedumpfile 1.7.2 (a correct oracle
# for 6.1 kernels) reports exactly the ground-truth counts of 6.1-flavour
# synthetic vmcores, for both paging depths and the dump levels' bits.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

# paging 4 and 5; then a PC-like first RAM range ending inside a page
# (0x9fc00) on a machine in makedumpfile's one-cycle mode, which counts it
for paging in 4 5 partial; do
	spec="flavour=6.1;paging=$paging;mem=160M;seed=$paging"
	[ "$paging" = partial ] &&
		spec="flavour=6.1;ram=0x1000-0x9fc00,0x100000-0xa000000;seed=7"
	"$SDGEN" -e "$spec" "$TMP/core" || fail "sdgen $spec"
	for level in 0 1 2 4 6 8 16 19 31; do
		"$SDGEN" -e "$spec" --report "$level" | sed 1d >"$TMP/truth"
		rm -f "$TMP/dump"
		makedumpfile -d "$level" --message-level 16 "$TMP/core" \
			"$TMP/dump" >"$TMP/mdf" 2>&1 ||
			fail "makedumpfile -d $level on $spec"
		sed -n '/^Original pages/,/^Total pages/p' "$TMP/mdf" >"$TMP/got"
		if cmp -s "$TMP/truth" "$TMP/got"; then
			pass "paging $paging level $level"
		else
			fail "paging $paging level $level: makedumpfile differs from truth"
			diff "$TMP/truth" "$TMP/got" >&2
		fi
	done
done
finish
