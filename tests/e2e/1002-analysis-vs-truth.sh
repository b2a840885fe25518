#!/bin/sh
# sievedump's page classification equals the generator's ground truth at
# every dump level 0-31, for 6.1 and 6.12 kernels and 4/5-level paging.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

for flavour in 6.1 6.12; do
	for paging in 4 5; do
		spec="flavour=$flavour;paging=$paging;mem=96M;seed=1$paging"
		"$SDGEN" -e "$spec" "$TMP/core" || fail "sdgen $spec"
		level=0
		while [ "$level" -le 31 ]; do
			"$SDGEN" -e "$spec" --report "$level" | sed 1d >"$TMP/truth"
			"$SIEVEDUMP" --dry-run -d "$level" --message-level 16 \
				"$TMP/core" "$TMP/dump" >"$TMP/out" 2>&1 ||
				fail "sievedump -d $level on $spec"
			sed -n '/^Original pages/,/^Total pages/p' "$TMP/out" >"$TMP/got"
			cmp -s "$TMP/truth" "$TMP/got" ||
				{ fail "$spec level $level"; diff "$TMP/truth" "$TMP/got" >&2; }
			level=$((level + 1))
		done
		pass "$spec: levels 0-31"
	done
done
finish
