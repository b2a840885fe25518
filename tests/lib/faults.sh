# Helpers of the fault tests (tests/e2e/61xx-*.sh), sourced after e2e.sh.
# fuse_mount DIR [sdgen-fuse options] SPEC: serve SPEC as DIR/vmcore.
# fuse_umount DIR.  check_dump ARGS: tests/lib/faults-check.py (libkdumpfile).
need_fuse() {
	[ -x "$SDGEN_FUSE" ] || skip "sdgen-fuse not built (libfuse3-dev missing)"
	[ -c /dev/fuse ] || skip "/dev/fuse is not available"
	command -v fusermount3 >/dev/null 2>&1 || skip "fusermount3 is not installed"
}
need_kdumpfile() {
	/usr/bin/python3 -c 'import kdumpfile' 2>/dev/null ||
		skip "python3-libkdumpfile is not installed"
}
FUSE_MOUNTS=""
fuse_mount() {
	dir=$1; shift
	mkdir -p "$dir"
	"$SDGEN_FUSE" "$@" "$dir" || return 1
	FUSE_MOUNTS="$FUSE_MOUNTS $dir"
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		[ -e "$dir/vmcore" ] && return 0
		sleep 0.1
	done
	return 1
}
fuse_umount() { fusermount3 -u "$1" 2>/dev/null; }
fuse_cleanup() {
	for m in $FUSE_MOUNTS; do fusermount3 -u "$m" 2>/dev/null; done
	rm -rf "$TMP"
}
trap 'fuse_cleanup' EXIT
check_dump() { /usr/bin/python3 "$SRCDIR/tests/lib/faults-check.py" "$@"; }
# header_status FILE: the kdump main header's status word
header_status() { od -An -tu4 -j424 -N4 "$1" | tr -d ' '; }
# elf_flags FILE: e_flags of an ELF file
elf_flags() { od -An -tu4 -j48 -N4 "$1" | tr -d ' '; }
# wait_copying ERRFILE PID: until the copy step shows in ERRFILE (10 s max)
wait_copying() {
	for _ in $(seq 1 100); do
		grep -q "Copying data" "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
