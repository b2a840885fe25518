#!/bin/sh
# Run one libFuzzer target for a while:  tests/fuzz/run.sh TARGET [SECONDS]
# New inputs go to tests/fuzz/out/corpus-TARGET (scratch, not committed),
# crashes to tests/fuzz/out/TARGET-crash-*; copy a crash that matters into
# tests/fuzz/corpus/TARGET/ under a telling name so `make check` replays it.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
t=${1:?usage: run.sh TARGET [SECONDS]}
secs=${2:-150}
out=$top/tests/fuzz/out
bin=$out/fuzz-$t
[ -x "$bin" ] || { echo "run 'make fuzz' first ($bin missing)" >&2; exit 1; }
mkdir -p "$out/corpus-$t"
exec "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-max_len=65536 -print_final_stats=1 -artifact_prefix="$out/$t-" \
	"$out/corpus-$t" "$top/tests/fuzz/corpus/$t"
