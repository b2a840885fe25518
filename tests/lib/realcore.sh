# Sourced by the real-kernel e2e tests: make sure a crashed Debian kernel's
# vmcore exists in the cache (booting QEMU once if needed) and set $CORE
# and $RUN; real_vmlinux sets $VMLINUX to the debug vmlinux of that very
# kernel (same build id), fetching it once.
#   real_core 6.1|6.12 [NAME [APPEND]]  (NAME: the run's name in the cache,
#   APPEND: more kernel parameters, e.g. no5lvl)
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
real_core() {
	run="$CACHE/runs/${2:-$1}"
	CORE="$run/vmcore"
	RUN="$run"
	if [ ! -s "$CORE" ] || [ ! -s "$run/zoneinfo.txt" ]; then
		command -v qemu-system-x86_64 >/dev/null 2>&1 ||
			skip "qemu-system-x86 is not installed"
		[ -x /bin/busybox ] || skip "busybox-static is not installed"
		echo "booting Debian $1 under QEMU to make $CORE"
		if ! "$SRCDIR/tests/qemu/run-crash.sh" "$1" "$run" \
			${3:+--append "$3"} >"$TMP/qemu.log" 2>&1; then
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
