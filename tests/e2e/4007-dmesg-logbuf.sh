#!/bin/sh
# The 3.5 - 5.9 structured log_buf (doc/compat-dmesg.md): a synthetic 6.1 vmcore whose
# VMCOREINFO is rewritten to describe a log_buf of struct printk_log records
# instead of the printk ring (SYMBOL(prb) removed), written kernel-style with
# a wrap marker.  The log, the --partial-dmesg log (clear_idx) and the
# partial logs of a cycle ("Cycle when parsing dmesg detected.") and of an
# index outside the buffer ("Index outside log_buf detected.") are
# makedumpfile 1.7.2's bytes, with exit 1 for the corrupt ones.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

"$SDGEN" -e 'flavour=6.1;mem=128M;seed=13' "$TMP/orig" || fail "sdgen"

# logbuf CORRUPTION: a fresh copy $TMP/core with a log_buf of 4096 bytes;
# CORRUPTION is python run on the record positions (pos[i], L = length).
logbuf() {
	cp "$TMP/orig" "$TMP/core"
	python3 - "$TMP/core" "$1" "$SRCDIR/tests/lib" <<'PY' || fail "logbuf: $1"
import sys, struct
sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[3])
from vmcore_patch import Core
c = Core(sys.argv[1]); g = c.prb()
var = c.sym('printk_rb_static')
buf = c.u64(g['rb'] + c.num('OFFSET(printk_ringbuffer.text_data_ring)') +
            c.num('OFFSET(prb_data_ring.data)'))
keep = [l for l in c.vi.splitlines() if not any(k in l for k in
        ('prb', 'printk', 'latched_seq', 'clear_seq', 'atomic_long_t', 'dev_printk_info'))]
keep += ['SYMBOL(log_buf)=%x' % var, 'SYMBOL(log_buf_len)=%x' % (var + 8),
         'SYMBOL(log_first_idx)=%x' % (var + 12), 'SYMBOL(clear_idx)=%x' % (var + 16),
         'SYMBOL(log_next_idx)=%x' % (var + 20), 'SIZE(printk_log)=16',
         'OFFSET(printk_log.ts_nsec)=0', 'OFFSET(printk_log.len)=8',
         'OFFSET(printk_log.text_len)=10']
c.set_vmcoreinfo('\n'.join(keep) + '\n')
N = 4096; img = bytearray(N)
texts = ['first record before the wrap', 'second: tab\there, UTF-8 \xc2\xb0C',
         'third\nwith a second line', 'fourth', 'fifth ' + 'x' * 40,
         'sixth after clear', 'seventh', 'eighth (after the wrap)',
         'ninth', 'tenth', 'eleventh', 'twelfth and last']
pos = []; p = 3700
for k, t in enumerate(texts):
    b = t.encode('latin-1'); L = (16 + len(b) + 7) & ~7
    if p + L + 16 > N:          # log_store: a zero header marks the wrap
        img[p:p + 16] = bytes(16); p = 0
    struct.pack_into('<QHH', img, p, 1000000 * (k + 1) + 123456, L, len(b))
    img[p + 16:p + 16 + len(b)] = b; pos.append(p); p += L
first, clear, nxt = pos[0], pos[5], p
exec(sys.argv[2])
c.wr(buf, bytes(img))
c.w64(var, buf); c.w32(var + 8, N); c.w32(var + 12, first)
c.w32(var + 16, clear); c.w32(var + 20, nxt)
PY
}

# compare WANT_RC LABEL [OPTIONS]: sievedump and makedumpfile on $TMP/core
compare() {
	want=$1 label=$2
	shift 2
	rm -f "$TMP/s" "$TMP/m"
	expect_rc "$want" "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$@" "$TMP/core" "$TMP/s" || return
	[ -s "$TMP/s" ] || fail "$label: empty log"
	if have_makedumpfile; then
		timeout 60 makedumpfile --dump-dmesg "$@" "$TMP/core" "$TMP/m" \
			>"$TMP/mout" 2>&1
		rc=$?
		[ "$rc" -eq "$want" ] || fail "$label: makedumpfile exit $rc"
		cmp "$TMP/s" "$TMP/m" >&2 && pass "$label: same as makedumpfile 1.7.2" ||
			fail "$label: differs from makedumpfile"
	else
		pass "$label"
	fi
}

logbuf 'pass'
compare 0 "log_buf with a wrap marker"
grep -q 'twelfth and last' "$TMP/s" || fail "log_buf: last record missing"
compare 0 "--partial-dmesg from clear_idx" --partial-dmesg
head -n 1 "$TMP/s" | grep -q 'sixth after clear' || fail "partial: wrong first record"

# record 8 becomes a wrap marker and record 0 (at offset 0) is made as long
# as the distance to record 7: ... 0 -> 7 -> 8 (marker: 0) -> 7 -> 8 ...
logbuf 'struct.pack_into("<H", img, pos[8] + 8, 0); struct.pack_into("<H", img, 8, pos[7])'
compare 1 "cycle: records up to one lap"
expect_grep "$TMP/err" "Cycle when parsing dmesg detected."
expect_grep "$TMP/err" "The printk log_buf is most likely corrupted."

logbuf 'struct.pack_into("<H", img, pos[3] + 8, 4000)'
compare 1 "index outside log_buf: records before it"
expect_grep "$TMP/err" "Index outside log_buf detected."
grep -q 'fourth' "$TMP/s" && ! grep -q 'fifth' "$TMP/s" ||
	fail "outside: not cut after the bad record"

# log_first_idx itself outside (makedumpfile would read out of bounds)
logbuf "first = 5000"
rm -f "$TMP/s"
expect_rc 1 "$SIEVEDUMP" --dmesg-format 1.7.2 --dump-dmesg "$TMP/core" "$TMP/s" &&
	expect_grep "$TMP/err" "Index outside log_buf detected." &&
	pass "log_first_idx outside the buffer refused"
finish
