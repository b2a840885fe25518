#!/bin/sh
# Real Debian 6.1 and 6.12 crash dumps, checked against drgn and the
# kernels' debug vmlinux (an oracle independent of sievedump and of
# makedumpfile; see doc/testing-drgn.md):
#  - at levels 31, 1, 8, 16 and 2|4 the 2nd bitmap of sievedump's -c output
#    keeps exactly the pfns tests/qemu/drgn_classify.py expects, and the
#    buddy free lists agree with the PageBuddy marks, and drgn's own
#    helpers agree with the bulk struct page decoder on every pfn;
#  - drgn opens the -d 31 -c output: init_uts_ns, the crashing task (the
#    panic CPU's current task, as console.log names it) and the printk log
#    (ending in "sysrq: Trigger a crash") equal the source vmcore's;
#  - every 500th kept pfn of each output (every one at -d 31) reads back
#    equal to the vmcore, excluded pfns are not readable, and the zero
#    pages of the vmcore are exactly the dump's shared-zero-page entries.
# Needs python3-drgn for /usr/bin/python3 and the -dbg kernel packages
# (tests/qemu/fetch-kernel.sh --dbg, about 1 GB each, cached).  `make
# check` checks 6.12, for which drgn is the only oracle; `make check-long`
# 6.1 too (makedumpfile is 6.1's oracle in 3001 and 2104).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"

PY=${DRGN_PYTHON:-/usr/bin/python3}
QD="$SRCDIR/tests/qemu"
LEVELS="31 1 8 16 2|4"
LEVEL_LIST="31,1,8,16,2|4"

[ -x "$PY" ] || skip "$PY does not exist (python3-drgn needs Debian's python3)"
"$PY" -c 'import drgn, drgn.helpers.linux.printk' 2>/dev/null ||
	skip "drgn is not importable by $PY (apt-get install python3-drgn)"

cat >"$TMP/check_dump.py" <<'EOF'
# check_dump.py VMCORE VMLINUX CONSOLE DUMP31 [DUMP...]: drgn reads the dumps
import os, re, struct, sys
sys.path.insert(0, os.environ["QD"])
from drgn import FaultError, Program
from drgn.helpers.linux.printk import get_printk_records
import kdump_bitmap
from drgn_checks import crashing_task

vmcore, vmlinux, console, dumps = sys.argv[1], sys.argv[2], sys.argv[3], \
    sys.argv[4:]
bad = 0


def fail(msg):
    global bad
    bad += 1
    print("FAIL: " + msg)


def load(path):
    p = Program()
    p.set_core_dump(path)
    p.load_debug_info([vmlinux])
    return p


src = load(vmcore)
try:
    d31 = load(dumps[0])
except ValueError as e:   # drgn built without libkdumpfile
    print("drgn cannot open a kdump-compressed file: %s" % e)
    sys.exit(77)

# init_uts_ns
u_src, u_dump = src["init_uts_ns"].name, d31["init_uts_ns"].name
fields = ("sysname", "release", "version", "machine")
vals = [u_dump.member_(f).string_().decode() for f in fields]
if [u_src.member_(f).string_().decode() for f in fields] != vals or \
        vals[0] != "Linux":
    fail("init_uts_ns differs: %s" % vals)
else:
    print("ok: init_uts_ns %s %s" % (vals[1], vals[3]))

# the crashing task: console.log's panic line names CPU, PID and comm
got = crashing_task(d31, console, fail)
if got:
    print("ok: crashing task: cpu %d pid %d comm %s (panic_cpu, "
          "runqueues.curr and crashed_thread agree)" % got)

# printk
r_dump = get_printk_records(d31)
r_src = get_printk_records(src)
tail = [r.text.decode(errors="replace") for r in r_dump[-80:]]
if not any("sysrq: Trigger a crash" in t for t in tail):
    fail("printk log of the dump lacks 'sysrq: Trigger a crash' near the "
         "end; last: %r" % tail[-3:])
elif [(r.timestamp, r.text) for r in r_dump] != \
        [(r.timestamp, r.text) for r in r_src]:
    fail("printk records differ between the dump (%d) and the vmcore (%d)"
         % (len(r_dump), len(r_src)))
else:
    print("ok: printk: %d records, equal to the vmcore's, crash record "
          "among the last 80" % len(r_dump))

def zero_descriptors(path, level):
    """Descriptors of the dump that point at the shared zero page."""
    with open(path, "rb") as f:
        h = f.read(464)
        bs, sub, bb = struct.unpack_from("<iiI", h, 428)
        _, _, bm2 = kdump_bitmap.read_bitmaps(path)
        ndump = sum(bin(b).count("1") for b in bm2)
        desc = (1 + sub + bb) * bs
        data_start = desc + 24 * ndump
        f.seek(desc)
        tab = f.read(24 * ndump)
    if not level & 1:
        return 0, ndump
    n = 0
    for off, size, flags, _pf in struct.iter_unpack("<qIIQ", tab):
        if off == data_start:
            if size != 4096 or flags != 0:
                fail("%s: bad zero-page descriptor" % path)
            n += 1
    return n, ndump


# page contents: every 500th kept pfn (all of them at -d 31); excluded pfns
# must fault; zero pages of the vmcore are the dump's zero-page descriptors
ZERO = bytes(4096)
for path in dumps:
    level = int(re.search(r"-(\d+)\.dump$", path).group(1))
    prog = d31 if path == dumps[0] else load(path)
    max_mapnr, kept = kdump_bitmap.kept_set(path)
    kept_pfns = [p for p in range(max_mapnr) if kept[p]]
    checked = zero = 0
    for pfn in kept_pfns[::1 if path == dumps[0] else 500]:
        a = prog.read(pfn << 12, 4096, True)
        b = src.read(pfn << 12, 4096, True)
        checked += 1
        zero += a == bytes(4096)
        if a != b:
            fail("%s: pfn %#x differs from the vmcore" % (path, pfn))
            break
    # a few pfns the vmcore has (1st bitmap) but the dump excluded: drgn
    # must not read them
    _, bm1, _ = kdump_bitmap.read_bitmaps(path)
    excl = [p for p in range(max_mapnr)
            if bm1[p >> 3] >> (p & 7) & 1 and not kept[p]]
    faulted = tried = 0
    for pfn in excl[::max(1, len(excl) // 20)][:20]:
        tried += 1
        try:
            prog.read(pfn << 12, 8, True)
        except FaultError:
            faulted += 1
    if level & 1:
        nz = sum(1 for p in kept_pfns if src.read(p << 12, 4096, True) == ZERO)
        dz, _ = zero_descriptors(path, level)
        if nz != dz:
            fail("%s: the vmcore has %d zero pages among the kept pfns, the "
                 "dump %d zero-page descriptors" % (path, nz, dz))
        else:
            print("ok: %s: %d zero pages, all on the shared zero page"
                  % (os.path.basename(path), nz))
    if faulted != tried:
        fail("%s: %d of %d excluded pfns were readable"
             % (path, tried - faulted, tried))
    print("ok: %s: %d of %d kept pfns equal the vmcore (%d zero); %d "
          "excluded pfns fault" % (os.path.basename(path), checked,
                                   len(kept_pfns), zero, faulted))
sys.exit(1 if bad else 0)
EOF

for kv in $(long_run && echo 6.1 6.12 || echo 6.12); do
	real_core "$kv"
	real_vmlinux || continue

	files=
	for l in $LEVELS; do
		# shellcheck disable=SC2004 # "2|4" must be expanded, then evaluated
		n=$(($l))
		out="$TMP/$kv-$n.dump"
		"$SIEVEDUMP" -d "$n" -c "$CORE" "$out" >"$TMP/sd.log" 2>&1 ||
			{ fail "sievedump -d $n -c on $kv"; tail -5 "$TMP/sd.log" >&2; }
		files="$files${files:+,}$out"
	done

	if "$PY" "$QD/drgn_classify.py" --kernel-checks --self-check 1 --compare "$files" \
		"$CORE" "$VMLINUX" "$LEVEL_LIST" >"$TMP/cmp" 2>"$TMP/cmp.err"; then
		sed -n "s/^level \([0-9]*\): OK, .* keeps the same \([0-9]*\) pfns/ok: $kv -d \1: sievedump keeps the \2 pfns drgn expects/p" "$TMP/cmp"
	else
		fail "$kv: sievedump's kept pfns differ from drgn's (or drgn failed)"
		grep -v '^# level .* counts' "$TMP/cmp" >&2
		cat "$TMP/cmp.err" >&2
	fi
	grep -E '^# (kernel check|self-check|features|level [0-9]+ counts)' "$TMP/cmp" |
		sed "s/^# /  $kv: /"

	set -f
	IFS=,
	# shellcheck disable=SC2086
	QD="$QD" "$PY" "$TMP/check_dump.py" "$CORE" "$VMLINUX" \
		"$RUN/console.log" $files >"$TMP/chk" 2>&1
	rc=$?
	unset IFS
	set +f
	sed "s/^/  $kv: /" "$TMP/chk"
	[ "$rc" -eq 77 ] && [ "$FAILS" -eq 0 ] && skip "drgn cannot read kdump-compressed files here"
	[ "$rc" -eq 0 ] || fail "$kv: drgn could not read sievedump's output as expected"
	rm -f "$TMP"/*.dump
done
finish
