# Sourced by e2e tests after tests/lib/e2e.sh: Debian 12's arm64
# makedumpfile 1.7.2 as an oracle, run on this host by qemu-aarch64-static.
#   arm64_oracle    make sure the arm64 root exists (made once, cached in
#                   $CACHE/arm64-mdf/root: makedumpfile:arm64 and its
#                   libraries, unpacked by tests/qemu/debroot.sh) and that
#                   its makedumpfile runs (-v says 1.7.2); skips (77)
#                   without qemu-user-static, apt or the packages
#   mdf_arm64 ARGS  run that makedumpfile with ARGS
MDF_ARM64_ROOT=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/arm64-mdf/root
arm64_oracle() {
	command -v qemu-aarch64-static >/dev/null 2>&1 ||
		skip "qemu-user-static is not installed"
	if [ ! -f "$MDF_ARM64_ROOT/.done" ]; then
		command -v apt-get >/dev/null 2>&1 || skip "no apt-get"
		dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64 ||
			skip "arm64 is not a dpkg architecture (dpkg --add-architecture arm64)"
		"$SRCDIR/tests/qemu/debroot.sh" arm64 "$MDF_ARM64_ROOT" makedumpfile \
			>"$TMP/debroot.log" 2>&1 || {
			tail -5 "$TMP/debroot.log" >&2
			skip "makedumpfile:arm64 could not be unpacked"
		}
	fi
	mdf_arm64 -v >"$TMP/mdf-v" 2>&1 && grep -q 'version 1\.7\.2' "$TMP/mdf-v" ||
		{ cat "$TMP/mdf-v" >&2; fail "arm64 makedumpfile -v"; finish; }
}
mdf_arm64() {	# (the package's makedumpfile is /usr/bin, not /usr/sbin)
	qemu-aarch64-static -L "$MDF_ARM64_ROOT" \
		"$MDF_ARM64_ROOT/usr/bin/makedumpfile" "$@"
}
