# Sourced by the real-kernel e2e tests: make sure a crashed Debian kernel's
# vmcore exists in the cache (booting QEMU once if needed) and set $CORE.
#   real_core 6.1|6.12
CACHE=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}
real_core() {
	run="$CACHE/runs/$1"
	CORE="$run/vmcore"
	RUN="$run"
	if [ ! -s "$CORE" ] || [ ! -s "$run/zoneinfo.txt" ]; then
		command -v qemu-system-x86_64 >/dev/null 2>&1 ||
			skip "qemu-system-x86 is not installed"
		[ -x /bin/busybox ] || skip "busybox-static is not installed"
		echo "booting Debian $1 under QEMU to make $CORE"
		if ! "$SRCDIR/tests/qemu/run-crash.sh" "$1" "$run" \
			>"$TMP/qemu.log" 2>&1; then
			tail -20 "$TMP/qemu.log" >&2
			if grep -qiE "apt-get|download|Unable to locate" "$TMP/qemu.log"; then
				skip "Debian $1 kernel package could not be downloaded"
			fi
			fail "QEMU run for $1 failed"
			finish
		fi
	fi
}
