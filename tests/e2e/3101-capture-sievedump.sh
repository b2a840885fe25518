#!/bin/sh
# sievedump inside a real capture kernel: Debian 6.1 and 6.12 under QEMU
# (1 GiB guest, crashkernel=256M), crashed with sysrq-c; in the kexec'd
# capture kernel tests/qemu/dump-sievedump.sh runs
#     /bin/sievedump -F -l -d 31 /proc/vmcore
# onto the dump disk and then copies the raw /proc/vmcore of the same crash
# to the same disk at 256 MiB.  On the host:
#  (a) `sievedump -R` of the captured stream equals, byte for byte, what the
#      host's `sievedump -l -d 31` makes from the raw vmcore;
#  (b) drgn opens the rebuilt dump with the kernel's debug vmlinux: the
#      crashing task is the one console.log's panic line names, and the
#      printk log equals the raw vmcore's and ends with the sysrq crash
#      (needs python3-drgn and fetch-kernel.sh --dbg; skipped with a note
#      if they are missing);
#  (c) the capture-kernel run exited 0 and printed "Completed"; also the
#      first kernel's `--plan /proc/kcore` worked and printed a
#      "crashkernel:" line;
#  (d) in the first kernel, `--mem-usage /proc/kcore` of sievedump (run
#      before and after) and of Debian's makedumpfile agree
#      (tests/lib/mem_usage_cmp.py; on 6.12 the totals only).
# Runs are cached in ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/runs/KVER-sd
# and redone when the sievedump binary or the guest scripts change (QEMU
# without KVM: about 85 s of CPU each).  `make check` runs 6.1, `make
# check-long` 6.1 and 6.12.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

QD="$SRCDIR/tests/qemu"
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
PY=${DRGN_PYTHON:-/usr/bin/python3}

command -v qemu-system-x86_64 >/dev/null 2>&1 || skip "qemu-system-x86 is not installed"
[ -x /bin/busybox ] || skip "busybox-static is not installed"
command -v kexec >/dev/null 2>&1 || skip "kexec-tools is not installed"
command -v apt-get >/dev/null 2>&1 || skip "no apt-get to download Debian kernels"

# the run depends on the binary and on the guest scripts
# Debian's makedumpfile goes into the image too, for (d)
MDF=$(command -v makedumpfile.distrib || command -v makedumpfile || true)
MDF_ADD=${MDF:+--add $MDF:/bin/makedumpfile}
sdsum=$(cat "$SIEVEDUMP" "$QD/dump-sievedump.sh" "$QD/init.sh" ${MDF:+"$MDF"} |
	sha256sum | cut -d' ' -f1)

# capture_run KVER: make (or reuse) $RUN with dump, raw.vmcore, capture/
capture_run() {
	RUN="$CACHE/runs/$1-sd"
	if [ -s "$RUN/raw.vmcore" ] && [ -s "$RUN/dump" ] &&
		[ "$(cat "$RUN/sievedump.sha256" 2>/dev/null)" = "$sdsum" ]; then
		echo "reusing $RUN (same sievedump binary and guest scripts)"
		return 0
	fi
	rm -f "$RUN/sievedump.sha256" "$RUN/raw.vmcore"
	echo "booting Debian $1 under QEMU: sievedump in the capture kernel"
	t0=$(date +%s)
	if ! "$QD/run-crash.sh" "$1" "$RUN" --keep-disk --timeout 600 \
		--dump-script "$QD/dump-sievedump.sh" $MDF_ADD \
		--add "$SIEVEDUMP:/bin/sievedump" >"$TMP/qemu.log" 2>&1; then
		tail -20 "$TMP/qemu.log" >&2
		if grep -qiE "apt-get|download|Unable to locate|no package" "$TMP/qemu.log"; then
			skip "Debian $1 kernel package could not be downloaded"
		fi
		for f in sievedump-result.txt sievedump-stderr.txt; do
			[ -f "$RUN/capture/$f" ] && sed "s/^/  capture $f: /" "$RUN/capture/$f" >&2
		done
		fail "$1: QEMU run failed"
		return 1
	fi
	echo "  QEMU run: $(($(date +%s) - t0)) s"
	res="$RUN/capture/sievedump-result.txt"
	size=$(sed -n 's/^vmcore_size=//p' "$RUN/result.txt")
	bytes=$(sed -n 's/^dump_bytes=//p' "$RUN/result.txt")
	off=$(sed -n 's/^raw_offset_mib=//p' "$res")
	rrc=$(sed -n 's/^raw_rc=//p' "$res")
	[ "$rrc" = 0 ] && [ -n "$off" ] && [ -n "$size" ] ||
		{ fail "$1: no raw copy of /proc/vmcore (raw_rc=$rrc)"; return 1; }
	[ "$bytes" -le $((off << 20)) ] ||
		{ fail "$1: the stream ($bytes bytes) overlaps the raw copy at $off MiB"; return 1; }
	dd if="$RUN/disk.raw" of="$RUN/raw.vmcore" bs=1M skip="$off" \
		iflag=count_bytes count="$size" conv=sparse 2>/dev/null
	truncate -s "$size" "$RUN/raw.vmcore"
	rm -f "$RUN/disk.raw" "$RUN/info.raw"
	[ "$("$QD/vmcoreinfo.py" --size "$RUN/raw.vmcore")" = "$size" ] ||
		{ fail "$1: raw vmcore size does not match its headers"; return 1; }
	head -c 1048576 "$RUN/raw.vmcore" | cmp -s - "$RUN/capture/vmcore-head.bin" ||
		{ fail "$1: raw copy differs from the saved first MiB of /proc/vmcore"; return 1; }
	echo "$sdsum" >"$RUN/sievedump.sha256"
}

cat >"$TMP/drgn_check.py" <<'EOF'
# drgn_check.py RAW REBUILT VMLINUX CONSOLE: drgn reads the rebuilt dump
import os, sys
sys.path.insert(0, os.environ["QD"])
from drgn import Program
from drgn.helpers.linux.printk import get_printk_records
from drgn_checks import crashing_task

raw, dump, vmlinux, console = sys.argv[1:5]
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


try:
    d = load(dump)
except ValueError as e:   # drgn built without libkdumpfile
    print("drgn cannot open a kdump-compressed file: %s" % e)
    sys.exit(77)
src = load(raw)

got = crashing_task(d, console, fail)
if got:
    print("ok: crashing task: cpu %d pid %d comm %s" % got)

recs = get_printk_records(d)
tail = [r.text.decode(errors="replace") for r in recs[-80:]]
crash = [i for i, t in enumerate(tail) if "sysrq: Trigger a crash" in t]
if not crash:
    fail("printk log lacks 'sysrq: Trigger a crash' near the end; last: %r"
         % tail[-3:])
elif not any("Kernel panic - not syncing: sysrq triggered crash" in t
             for t in tail[crash[-1]:]):
    fail("no panic record after the sysrq record")
elif [(r.timestamp, r.text) for r in recs] != \
        [(r.timestamp, r.text) for r in get_printk_records(src)]:
    fail("printk records differ between the dump and the raw vmcore")
else:
    print("ok: printk: %d records, equal to the raw vmcore's; the last "
          "ones are the sysrq crash: %r, then the panic and its trace (%d "
          "records)" % (len(recs), tail[crash[-1]].strip(),
                        len(tail) - crash[-1] - 1))
sys.exit(1 if bad else 0)
EOF

drgn_ok=1
if [ ! -x "$PY" ] || ! "$PY" -c 'import drgn, drgn.helpers.linux.printk' 2>/dev/null; then
	drgn_ok=0
	echo "note: (b) skipped: drgn is not importable by $PY (apt-get install python3-drgn)"
fi

for kv in $(long_run && echo 6.1 6.12 || echo 6.1); do
	capture_run "$kv" || continue
	res="$RUN/capture/sievedump-result.txt"
	get() { sed -n "s/^$1=//p" "$res"; }

	# (c) the capture-kernel run
	if [ "$(get sd_rc)" = 0 ] && grep -q "Completed" "$RUN/capture/sievedump-stderr.txt"; then
		pass "$kv: sievedump in the capture kernel exited 0 and printed Completed ($(get sd_seconds) s, peak RSS $(get sd_maxrss_kb) kB, VmHWM $(get sd_vmhwm_kb) kB, planned $(($(get plan_peak_bytes | grep . || echo 0) / 1024)) kB; MemAvailable $(get mem_available_kb) kB)"
	else
		fail "$kv: sievedump in the capture kernel: sd_rc=$(get sd_rc)"
		tail -5 "$RUN/capture/sievedump-stderr.txt" >&2
	fi
	if grep -q '^crashkernel:' "$RUN/first/plan-kcore.txt" 2>/dev/null; then
		pass "$kv: first kernel: $(grep '^crashkernel:' "$RUN/first/plan-kcore.txt" | cut -c1-60)..."
	else
		fail "$kv: first kernel: sievedump --plan /proc/kcore printed no crashkernel: line"
		cat "$RUN/first/plan-kcore.txt" >&2
	fi

	# (d) --mem-usage /proc/kcore in the first kernel against makedumpfile
	if [ -z "$MDF" ]; then
		echo "note: (d) skipped: makedumpfile is not installed on the host"
	else
		mu="$RUN/first/mem-usage"
		opt=; [ "$kv" = 6.1 ] || opt=--totals-only
		if python3 "$SRCDIR/tests/lib/mem_usage_cmp.py" "$mu-sd1.txt" \
			"$mu-mdf.txt" "$mu-sd2.txt" $opt >"$TMP/mu" 2>&1; then
			pass "$kv: first kernel: --mem-usage /proc/kcore agrees with makedumpfile ${opt:+(totals: 1.7.2 has no $kv page rules)}"
		else
			fail "$kv: first kernel: --mem-usage /proc/kcore differs from makedumpfile"
			cat "$RUN/first/mem-usage.rc" "$mu-sd1.txt" "$mu-mdf.txt" >&2
		fi
		sed 's/^/  /' "$TMP/mu"
	fi

	# (a) rebuilt stream == host dump of the raw vmcore
	"$SIEVEDUMP" -R "$TMP/rebuilt" <"$RUN/dump" >"$TMP/r.log" 2>&1 ||
		{ fail "$kv: sievedump -R failed"; cat "$TMP/r.log" >&2; continue; }
	"$SIEVEDUMP" -l -d 31 "$RUN/raw.vmcore" "$TMP/host" >"$TMP/h.log" 2>&1 ||
		{ fail "$kv: host sievedump -l -d 31 failed"; cat "$TMP/h.log" >&2; continue; }
	if cmp "$TMP/rebuilt" "$TMP/host" >"$TMP/cmp" 2>&1; then
		pass "$kv: the -R rebuilt capture stream equals the host's dump of the raw vmcore ($(stat -c %s "$TMP/host") bytes)"
	else
		fail "$kv: rebuilt stream differs from the host's dump: $(cat "$TMP/cmp")"
	fi

	# (b) drgn
	if [ $drgn_ok = 1 ]; then
		rel=$(sed -n 's/^OSRELEASE=//p' "$RUN/vmcoreinfo.txt")
		bid=$(sed -n 's/^BUILD-ID=//p' "$RUN/vmcoreinfo.txt")
		if ! kdir=$("$QD/fetch-kernel.sh" --dbg "$rel" 2>"$TMP/fetch.log"); then
			tail -3 "$TMP/fetch.log" >&2
			echo "note: $kv: (b) skipped: debug vmlinux of $rel cannot be fetched"
		else
			vbid=$(readelf -n "$kdir/vmlinux" 2>/dev/null |
				sed -n 's/^ *Build ID: *//p' | head -n 1)
			if [ -n "$bid" ] && [ "$vbid" != "$bid" ]; then
				fail "$kv: $kdir/vmlinux build id $vbid, vmcore $bid"
			else
				QD="$QD" "$PY" "$TMP/drgn_check.py" "$RUN/raw.vmcore" "$TMP/rebuilt" \
					"$kdir/vmlinux" "$RUN/console.log" >"$TMP/chk" 2>&1
				rc=$?
				sed "s/^/  $kv: /" "$TMP/chk"
				if [ $rc = 77 ]; then
					echo "note: $kv: (b) skipped: drgn cannot read kdump files"
				elif [ $rc != 0 ]; then
					fail "$kv: drgn could not read the rebuilt dump as expected"
				fi
			fi
		fi
	fi
	rm -f "$TMP/rebuilt" "$TMP/host"
done
finish
