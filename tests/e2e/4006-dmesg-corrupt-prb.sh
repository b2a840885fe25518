#!/bin/sh
# A corrupt 5.10+ printk ring (doc/compat-dmesg.md) in a synthetic 6.1 vmcore, patched
# in place: skipped and truncated records give makedumpfile 1.7.2's bytes;
# a head/tail id range wider than the ring (makedumpfile would step through
# up to 2^62 ids) ends at once with the records in id order and a warning;
# unreadable rings and impossible sizes fail with the vmcore and the virtual
# address named, and no log file is left behind.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

"$SDGEN" -e 'flavour=6.1;mem=128M;seed=11' "$TMP/orig" || fail "sdgen"

# patch EXPR: apply python to a fresh copy $TMP/core (c = Core, g = prb info,
# rec(i) = (desc, info) addresses of the i-th record after tail_id)
patch() {
	cp "$TMP/orig" "$TMP/core"
	python3 - "$TMP/core" "$1" "$SRCDIR/tests/lib" <<'PY' || fail "patch: $1"
import sys
sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[3])
from vmcore_patch import Core
c = Core(sys.argv[1]); g = c.prb(); M = (1 << 62) - 1
tail = c.u64(g['tail'])
def rec(i):
    slot = ((tail + i) & M) % g['count']
    return g['descs'] + slot * g['dsz'], g['infos'] + slot * g['isz']
exec(sys.argv[2])
PY
}

same_as_makedumpfile() {
	rm -f "$TMP/s" "$TMP/m"
	expect_rc 0 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/s" || return
	[ -n "${2:-}" ] && { grep -q "$2" "$TMP/s" && fail "$1: '$2' still printed"; }
	if have_makedumpfile; then
		makedumpfile --dump-dmesg "$TMP/core" "$TMP/m" >/dev/null 2>&1 ||
			fail "$1: makedumpfile failed"
		cmp "$TMP/s" "$TMP/m" >&2 && pass "$1: same as makedumpfile 1.7.2" ||
			fail "$1: differs from makedumpfile"
	else
		pass "$1"
	fi
}

patch 'd, i = rec(3); c.w64(d, (tail + 3) & M)'	# state reserved
same_as_makedumpfile "reserved descriptor skipped" "XSAVE feature"
patch 'd, i = rec(4); c.w64(d, (3 << 62) | ((tail + 4) & M))'	# reusable
same_as_makedumpfile "reusable descriptor skipped" "Memory: "
patch 'd, i = rec(5); c.w64(d, (2 << 62) | ((tail + 5 + g["count"]) & M))'
same_as_makedumpfile "descriptor of another lap skipped" "synthetic machine"
patch 'd, i = rec(2); c.w16(i + c.num("OFFSET(printk_info.text_len)"), 60000)'
same_as_makedumpfile "text_len cut to the data block"
patch 'd, i = rec(1); b = c.u64(d + 8); n = c.u64(d + 16); c.w64(d + 8, n); c.w64(d + 16, b)'
same_as_makedumpfile "swapped block positions"
patch 'd, i = rec(0); c.w64(d + 8, 3); c.w64(d + 16, 3)'
same_as_makedumpfile "data-less descriptor skipped" "Linux version"

# head - tail far beyond the ring: bounded, same records, a warning
cp "$TMP/orig" "$TMP/core"
"$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/want" >/dev/null 2>&1 || fail "clean run"
patch 'c.w64(g["head"], (c.u64(g["head"]) + (1 << 40)) & M)'
rm -f "$TMP/s"
if timeout 60 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/s" >"$TMP/out" 2>"$TMP/err"; then
	cmp -s "$TMP/s" "$TMP/want" && pass "huge id range: bounded, all records in id order" ||
		fail "huge id range: different records"
	expect_grep "$TMP/err" "most likely corrupted"
else
	fail "huge id range: exit $? (timeout is 124)"
fi

# unreadable descriptor array: error names the vmcore and the address
patch 'c.w64(g["dr"] + c.num("OFFSET(prb_desc_ring.descs)"), 0xffffffffff000000)'
rm -f "$TMP/s"
expect_rc 1 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/s" &&
	expect_grep "$TMP/err" "$TMP/core: reading prb.desc_ring.descs" &&
	expect_grep "$TMP/err" "at virtual 0xffffffffff000000"
[ -e "$TMP/s" ] && fail "unreadable ring: a log file was created"

patch 'c.w32(g["dr"] + c.num("OFFSET(prb_desc_ring.count_bits)"), 40)'
expect_rc 1 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/s" &&
	expect_grep "$TMP/err" "count_bits 40" &&
	expect_grep "$TMP/err" "the printk ring buffer is corrupted" &&
	pass "impossible count_bits refused"
finish
