#!/bin/sh
# tests/budget-grid.sh [-s STEPS] VMCORE REF_DIR -- DUMP-OPTIONS...
#
# The memory promise near the floor: from the smallest budget --plan says
# fits (the refusal point) to twice it, in STEPS budgets plus two below the
# floor, each budget is planned with --plan=json and dumped with the same
# options.  For every budget:
#   - the plan's "fits" and the run's outcome agree (a refusal says why);
#   - a run that succeeds peaks at or below the budget (/usr/bin/time %M)
#     and its dump equals the one made without a budget (REF_DIR/ref);
#   - the predicted peak is within 10% of the measured one.
# With --dry-run among the options nothing is written and no dump is
# compared (machines whose dump would not fit on the disk).
# Prints one table row per budget ("budget_kib fits rc peak_kib
# predicted_kib error_pct") and a last line "grid: N checks, N failed".
# Exit 0 when every check held.  Needs SIEVEDUMP, /usr/bin/time.
set -u
steps=8
[ "${1:-}" = "-s" ] && { steps=$2; shift 2; }
core=$1 dir=$2
shift 2
[ "${1:-}" = "--" ] && shift
: "${SIEVEDUMP:?SIEVEDUMP is not set}"
checks=0 failed=0

check() {	# check OK-EXIT-STATUS MESSAGE
	checks=$((checks + 1))
	[ "$1" -eq 0 ] && return 0
	failed=$((failed + 1))
	echo "  FAIL: $2"
}

json_field() {	# json_field NAME FILE: a number or true/false
	sed -n "s/.*\"$1\": \([a-z0-9]*\).*/\1/p" "$2" | head -n 1
}

dry=no
case " $* " in *" --dry-run "*) dry=yes ;; esac
rm -f "$dir/ref"
if [ $dry = no ]; then
	"$SIEVEDUMP" "$@" "$core" "$dir/ref" >/dev/null 2>&1 ||
		{ echo "grid: the reference dump failed"; exit 1; }
fi
"$SIEVEDUMP" --plan=json --mem-budget 64K "$@" "$core" >"$dir/plan" 2>/dev/null
floor=$(json_field budget_bytes "$dir/plan")
[ -n "$floor" ] || { echo "grid: no plan"; exit 1; }
floor_k=$(( (floor + 1023) / 1024 ))

budgets="$((floor_k - 256)) $((floor_k - 1))"
i=0
while [ $i -le "$steps" ]; do
	budgets="$budgets $((floor_k + floor_k * i / steps))"
	i=$((i + 1))
done

echo "budget_kib fits rc peak_kib predicted_kib error_pct  ($*)"
for b in $budgets; do
	"$SIEVEDUMP" --plan=json --mem-budget "${b}K" "$@" "$core" \
		>"$dir/plan" 2>/dev/null
	fits=$(json_field fits "$dir/plan")
	pred=$(( $(json_field peak_bytes "$dir/plan") / 1024 ))
	rm -f "$dir/out"
	/usr/bin/time -f %M -o "$dir/rss" "$SIEVEDUMP" --mem-budget "${b}K" \
		"$@" "$core" "$dir/out" >"$dir/log" 2>&1
	rc=$?
	peak=$(tail -n 1 "$dir/rss")
	err=$(( (pred - peak) * 100 / (peak ? peak : 1) ))
	echo "$b $fits $rc $peak $pred $err"
	if [ "$fits" = true ]; then
		check "$rc" "${b}K: the plan fits, the run failed: $(grep -m1 sievedump: "$dir/log")"
		[ "$rc" -eq 0 ] || continue
		[ "$peak" -le "$b" ]
		check $? "${b}K: peak RSS ${peak} KiB over the budget"
		if [ $dry = no ]; then
			cmp -s "$dir/out" "$dir/ref"
			check $? "${b}K: the dump differs from the one without a budget"
		fi
		[ "$err" -le 10 ] && [ "$err" -ge -10 ]
		check $? "${b}K: predicted ${pred} KiB, measured ${peak} KiB"
	else
		[ "$rc" -ne 0 ]
		check $? "${b}K: the plan does not fit, the run succeeded"
		grep -q "cannot dump within the memory budget" "$dir/log"
		check $? "${b}K: the refusal does not say why"
	fi
done
echo "grid: $checks checks, $failed failed"
[ "$failed" -eq 0 ]
