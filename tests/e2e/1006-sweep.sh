#!/bin/sh
# A short run of the randomized differential sweep (tests/sweep.sh): random
# machines (flavour, paging depth, fragmentation, RAM holes, class mix) and
# dumps (level, compressor, format, threads, budget) against makedumpfile
# 1.7.2 (6.1), the generator's truth and sievedump's own one-thread,
# no-budget dump.  Fixed seeds, so a failure reproduces with
# tests/sweep.sh -s SEED -n N -k.  `make check` runs seed 11, `make
# check-long` seeds 11 and 12.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

for seed in $(long_run && echo 11 12 || echo 11); do
	if sh "$SRCDIR/tests/sweep.sh" -n 6 -s "$seed" >"$TMP/sweep" 2>&1; then
		pass "seed $seed: $(tail -1 "$TMP/sweep")"
	else
		fail "seed $seed: $(tail -1 "$TMP/sweep")"
		grep -A3 '^FAIL' "$TMP/sweep" >&2
	fi
done
finish
