# Sourced by e2e tests after tests/lib/e2e.sh: the analysis against the
# generator's ground truth.
#   levels_vs_truth SPEC   for $TMP/core made from SPEC: sievedump's report
#                          (--dry-run --message-level 16) at every dump
#                          level 0-31 equals `sdgen --report LEVEL`; each
#                          level that differs fails (the first with its
#                          diff); passes "SPEC: levels 0-31" when none does
levels_vs_truth() {
	_spec=$1 _level=0 _bad=0
	rm -f "$TMP/dump"
	while [ "$_level" -le 31 ]; do
		"$SDGEN" -e "$_spec" --report "$_level" | sed 1d >"$TMP/truth"
		"$SIEVEDUMP" --dry-run -d "$_level" --message-level 16 \
			"$TMP/core" "$TMP/dump" >"$TMP/out" 2>&1 ||
			fail "sievedump -d $_level on $_spec"
		sed -n '/^Original pages/,/^Total pages/p' "$TMP/out" >"$TMP/got"
		cmp -s "$TMP/truth" "$TMP/got" || {
			_bad=$((_bad + 1))
			fail "$_spec level $_level: counts differ from the truth"
			[ "$_bad" -gt 1 ] || diff "$TMP/truth" "$TMP/got" >&2
		}
		_level=$((_level + 1))
	done
	[ "$_bad" = 0 ] && pass "$_spec: levels 0-31 as the truth"
}
