#!/bin/sh
# sievedump's page classification equals the generator's ground truth at
# every dump level 0-31, for 6.1 and 6.12 kernels and 4/5-level paging.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/truth.sh"

for flavour in 6.1 6.12; do
	for paging in 4 5; do
		spec="flavour=$flavour;paging=$paging;mem=96M;seed=1$paging"
		"$SDGEN" -e "$spec" "$TMP/core" || fail "sdgen $spec"
		levels_vs_truth "$spec"
	done
done
finish
