#!/bin/sh
# --plan knows -e (doc/options.md, "--plan"): on a mostly free machine it
# hints at -e, and its predicted sizes with and without -e are within 25% of
# the real -l -d 31 dumps; on a mostly used machine there is no hint; JSON
# has the new keys; -e under a budget peaks within it and near the plan;
# --cyclic-buffer does not cut -e into cycles.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

TOL=25	# percent

"$SDGEN" -e "flavour=6.1;paging=4;mem=1G;seed=5;mix=kernel:1 cache:1 anon:1 free:97;run_mean=8192" \
	"$TMP/free" >/dev/null 2>&1 || fail "sdgen mostly free"
"$SDGEN" -e "flavour=6.1;paging=4;mem=512M;seed=3" "$TMP/used" >/dev/null 2>&1 ||
	fail "sdgen mostly used"

json_key() {	# json_key KEY ARGS...: one key of --plan=json
	key=$1; shift
	"$SIEVEDUMP" --plan=json "$@" 2>/dev/null |
		python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$key"
}

# within TOL percent: name predicted real [unit]
near() {
	u=${4:-bytes}
	if [ $(($2 * 100)) -le $(($3 * (100 + TOL))) ] &&
	   [ $(($2 * 100)) -ge $(($3 * (100 - TOL))) ]; then
		pass "$1: predicted $2 $u, real $3 (within $TOL%)"
	else
		fail "$1: predicted $2 $u, real $3 (not within $TOL%)"
	fi
}

real_size() {	# real_size ARGS...: size of the dump made with ARGS
	rm -f "$TMP/out"
	"$SIEVEDUMP" "$@" "$TMP/out" >/dev/null 2>&1 || { echo 0; return; }
	stat -c %s "$TMP/out"
}

# mostly free: the hint (its struct pages are most of an uncompressed dump)
"$SIEVEDUMP" --plan -d 31 "$TMP/free" >"$TMP/plan" 2>/dev/null || fail "--plan"
grep -q "^hint: *-e would leave out ~[0-9]* MiB of struct pages of free memory ([0-9]*% of the dump)" "$TMP/plan" &&
	pass "mostly free: the hint" || fail "mostly free: no hint: $(cat "$TMP/plan")"
"$SIEVEDUMP" --plan -e -l -d 31 "$TMP/free" >"$TMP/plan_e" 2>/dev/null || fail "--plan -e"
grep -q "^without -e: *[0-9.]* MiB predicted" "$TMP/plan_e" &&
	pass "-e: the size without -e is said" || fail "-e: no 'without -e' line"
grep -q "^hint:" "$TMP/plan_e" && fail "-e given: a hint for -e"
grep -q "^output: *[0-9.]* MiB predicted with lzo" "$TMP/plan_e" &&
	pass "-e: the output line as before" || fail "-e: output line changed"

for args in "-l -d 31" "-e -l -d 31" "-d 31" "-e -d 31"; do
	near "mostly free [$args]" "$(json_key output_bytes $args "$TMP/free")" \
		"$(real_size $args "$TMP/free")"
done
with=$(json_key output_bytes_with_e -l -d 31 "$TMP/free")
without=$(json_key output_bytes_without_e -e -l -d 31 "$TMP/free")
near "without -e, asked with -e" "$without" "$(real_size -l -d 31 "$TMP/free")"
near "with -e, asked without" "$with" "$(real_size -e -l -d 31 "$TMP/free")"

# mostly used: no hint
"$SIEVEDUMP" --plan -d 31 "$TMP/used" >"$TMP/plan" 2>/dev/null || fail "--plan used"
grep -q "^hint:" "$TMP/plan" && fail "mostly used: a hint: $(grep hint "$TMP/plan")" ||
	pass "mostly used: no hint"
near "mostly used [-l -d 31]" "$(json_key output_bytes -l -d 31 "$TMP/used")" \
	"$(real_size -l -d 31 "$TMP/used")"

# JSON: valid, with the new keys
"$SIEVEDUMP" --plan=json -e -l -d 31 "$TMP/free" >"$TMP/json" 2>/dev/null || fail "--plan=json"
python3 -m json.tool "$TMP/json" >/dev/null && pass "JSON parses" || fail "JSON does not parse"
for k in exclude_vmemmap vmemmap_pages vmemmap_saved_bytes output_bytes_without_e \
	output_bytes_with_e vmemmap_list_bytes exclude_vmemmap_refused output_bytes; do
	grep -q "\"$k\": " "$TMP/json" && pass "JSON key $k" || fail "JSON has no $k"
done
pages=$(json_key vmemmap_pages -e -d 31 "$TMP/free")
rm -f "$TMP/out"
n=$("$SIEVEDUMP" -e -d 31 "$TMP/free" "$TMP/out" 2>&1 | sed -n 's/.*Excluded \([0-9]*\) unused vmemmap pages.*/\1/p')
near "vmemmap pages" "$pages" "${n:-0}" pages

# -e under a budget: within it (no mmap window), and near the prediction
if [ -x /usr/bin/time ] && [ -z "${VALGRIND:-}" ]; then
	want=$(($(json_key peak_bytes -e -l -d 31 --non-mmap --mem-budget 8M "$TMP/free") / 1024))
	rm -f "$TMP/out"
	/usr/bin/time -f "%M" -o "$TMP/rss" "$SIEVEDUMP" -e -l -d 31 --non-mmap \
		--mem-budget 8M "$TMP/free" "$TMP/out" >/dev/null 2>&1 || fail "-e in 8M"
	rss=$(tail -1 "$TMP/rss")
	[ "$rss" -le $((8 * 1024)) ] && pass "-e in 8M: peak $rss KiB" ||
		fail "-e in 8M: peak $rss KiB above the budget"
	[ $((rss * 100)) -le $((want * 115)) ] && [ $((rss * 100)) -ge $((want * 85)) ] &&
		pass "-e: peak $rss KiB within 15% of the predicted $want KiB" ||
		fail "-e: peak $rss KiB vs predicted $want KiB"
fi

# --cyclic-buffer does not cut -e into cycles (makedumpfile's -e keeps its
# bitmaps in the work dir's file): the plan is one cycle and the run
# leaves out the same pages as without it (a plan that needs cycles is
# refused for -e: test-plan, "-e cycles")
"$SIEVEDUMP" --plan -e -d 31 --cyclic-buffer 1 "$TMP/free" >"$TMP/plan" 2>/dev/null
grep -q "^choice: .* 1 cycle of" "$TMP/plan" && ! grep -q "DOES NOT FIT" "$TMP/plan" &&
	pass "--plan -e --cyclic-buffer 1: one cycle" ||
	fail "--plan -e --cyclic-buffer 1: $(cat "$TMP/plan")"
rm -f "$TMP/c1" "$TMP/c0"
"$SIEVEDUMP" -e -d 31 --cyclic-buffer 1 "$TMP/free" "$TMP/c1" >/dev/null 2>&1 &&
"$SIEVEDUMP" -e -d 31 "$TMP/free" "$TMP/c0" >/dev/null 2>&1 &&
	cmp "$TMP/c1" "$TMP/c0" >&2 &&
	pass "-e --cyclic-buffer 1 writes the dump -e writes without it" ||
	fail "-e --cyclic-buffer 1 differs or failed"
# a budget that allows only cycles: -e refused, in the text and the JSON
"$SDGEN" -e "flavour=6.1;paging=4;mem=1300M;seed=8;pattern=alternating" \
	"$TMP/alt" >/dev/null 2>&1 || fail "sdgen alternating"
"$SIEVEDUMP" --plan=json -e -l -d 31 --backend extent --mem-budget 7M \
	"$TMP/alt" 2>/dev/null | grep -q '"exclude_vmemmap_refused": "-e needs' &&
	pass "--plan=json: -e refused when the budget allows only cycles" ||
	fail "--plan=json: no -e refusal in cycles"
finish
