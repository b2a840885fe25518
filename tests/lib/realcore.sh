# Sourced by the real-kernel e2e tests: make sure a crashed Debian kernel's
# vmcore exists in the cache (booting QEMU once if needed) and set $CORE
# and $RUN; real_vmlinux sets $VMLINUX to the debug vmlinux of that very
# kernel (same build id), fetching it once.
#   real_core 6.1|6.12 [NAME [APPEND]]  (NAME: the run's name in the cache,
#   APPEND: more kernel parameters, e.g. no5lvl)
#   real_core arm64-6.1|arm64-6.12 [NAME [APPEND [CPU]]]  the arm64 kernels
#   (run-crash.sh --arch arm64; CPU: QEMU's -cpu, e.g. max,lpa2=off)
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
real_core() {
	run="$CACHE/runs/${2:-$1}"
	CORE="$run/vmcore"
	RUN="$run"
	if [ ! -s "$CORE" ] || [ ! -s "$run/zoneinfo.txt" ]; then
		rc_kv=$1 rc_arch=''
		case $1 in
		arm64-*)
			rc_kv=${1#arm64-} rc_arch="--arch arm64"
			for c in qemu-system-aarch64 qemu-aarch64-static \
				aarch64-linux-gnu-gcc; do
				command -v $c >/dev/null 2>&1 || skip "no $c (qemu-system-arm, qemu-user-static, gcc-aarch64-linux-gnu)"
			done
			dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64 ||
				skip "arm64 is not a dpkg architecture (dpkg --add-architecture arm64)"
			;;
		*)
			command -v qemu-system-x86_64 >/dev/null 2>&1 ||
				skip "qemu-system-x86 is not installed"
			[ -x /bin/busybox ] || skip "busybox-static is not installed"
			;;
		esac
		echo "booting Debian $1 under QEMU to make $CORE"
		# shellcheck disable=SC2086 # rc_arch: an option or nothing
		if ! "$SRCDIR/tests/qemu/run-crash.sh" "$rc_kv" "$run" $rc_arch \
			${3:+--append "$3"} ${4:+--cpu "$4"} >"$TMP/qemu.log" 2>&1; then
			tail -20 "$TMP/qemu.log" >&2
			if grep -qiE "apt-get|download|Unable to locate" "$TMP/qemu.log"; then
				skip "Debian $1 kernel package could not be downloaded"
			fi
			fail "QEMU run for $1 failed"
			finish
		fi
	fi
}
real_vmlinux() {
	rel=$(sed -n 's/^OSRELEASE=//p' "$RUN/vmcoreinfo.txt")
	bid=$(sed -n 's/^BUILD-ID=//p' "$RUN/vmcoreinfo.txt")
	[ -n "$rel" ] || { fail "$RUN/vmcoreinfo.txt has no OSRELEASE"; return 1; }
	if ! kdir=$("$SRCDIR/tests/qemu/fetch-kernel.sh" --dbg "$rel" \
		2>"$TMP/fetch.log"); then
		tail -3 "$TMP/fetch.log" >&2
		skip "debug vmlinux of $rel cannot be fetched (linux-image-$rel-dbg)"
	fi
	VMLINUX="$kdir/vmlinux"
	[ -s "$VMLINUX" ] || skip "no $VMLINUX"
	if [ -n "$bid" ] && command -v readelf >/dev/null 2>&1; then
		vbid=$(readelf -n "$VMLINUX" | sed -n 's/^ *Build ID: *//p' | head -n 1)
		[ "$vbid" = "$bid" ] ||
			{ fail "$VMLINUX build id $vbid, vmcore $bid"; return 1; }
	fi
	return 0
}
# real_dump_check LABEL DUMP: drgn with $VMLINUX reads DUMP of $CORE
# (tests/qemu/dump_check.py: the crashing task of $RUN/console.log, tasks,
# printk, slab caches, the struct page of every kept pfn) and libkdumpfile
# reads every kept page equal to $CORE's; passes or fails the test.
real_dump_check() {
	if /usr/bin/python3 "$SRCDIR/tests/qemu/dump_check.py" "$2" "$VMLINUX" \
		"$RUN/console.log" "$CORE" >"$TMP/chk" 2>&1; then
		pass "$1: $(tail -n 1 "$TMP/chk")"
	else
		fail "$1: $(tail -n 1 "$TMP/chk")"
		tail -n 8 "$TMP/chk" >&2
	fi
}
# strip_note CORE COPY: COPY is CORE whose VMCOREINFO note lost every
# SYMBOL/SIZE/OFFSET/LENGTH line (the note keeps its size: what -x must
# then give; tests/lib/vmcore_patch.py)
strip_note() {
	cp "$1" "$2" || return 1
	PYTHONPATH=$SRCDIR/tests/lib python3 - "$2" <<'PY'
import sys
from vmcore_patch import Core
c = Core(sys.argv[1])
keep = [l for l in c.vi.splitlines()
        if not l.startswith(('SYMBOL(', 'SIZE(', 'OFFSET(', 'LENGTH('))]
assert any(l.startswith('OSRELEASE=') for l in keep)
c.set_vmcoreinfo('\n'.join(keep) + '\n')
PY
}
# same_but_note FULL-CORE STRIPPED-CORE FULL-DUMP STRIPPED-DUMP: the dumps
# are equal once the stripped note text the second carries is put back
# to the full one (exit 0), else exit 1 with the reason on stdout
same_but_note() {
	PYTHONPATH=$SRCDIR/tests/lib python3 - "$@" <<'PY'
import sys
from vmcore_patch import Core
full_core, strip_core, full_dump, strip_dump = sys.argv[1:]
def region(p):
    c = Core(p, 'rb'); c.f.seek(c.vi_off); return c.f.read(c.vi_size)
a, b = region(full_core), region(strip_core)
d1, d2 = open(full_dump, 'rb').read(), open(strip_dump, 'rb').read()
o = d1.find(a)
if o < 0 or len(a) != len(b):
    sys.exit(print('the note text is not in the dump') or 1)
if d2[o:o + len(b)] != b:
    sys.exit(print('the stripped note is not where the full one is') or 1)
sys.exit(0 if d2[:o] + a + d2[o + len(b):] == d1 else
         print('bytes differ beyond the note') or 1)
PY
}
