# Helpers of the fault tests (tests/e2e/61xx-*.sh), sourced after e2e.sh.
# fuse_mount DIR [sdgen-fuse options] SPEC: serve SPEC as DIR/vmcore.
# fuse_umount DIR.  check_dump ARGS: tests/lib/faults-check.py (libkdumpfile;
# need_kdumpfile is in e2e.sh).
need_fuse() {
	[ -x "$SDGEN_FUSE" ] || skip "sdgen-fuse not built (libfuse3-dev missing)"
	[ -c /dev/fuse ] || skip "/dev/fuse is not available"
	command -v fusermount3 >/dev/null 2>&1 || skip "fusermount3 is not installed"
}
# fault_machine SPEC: FUSE and libkdumpfile are needed; SPEC is generated
# into $TMP/core, its kept pfns at -d 31 into $TMP/kept; $spec is SPEC.
fault_machine() {
	need_fuse
	need_kdumpfile
	spec=$1
	"$SDGEN" -e "$spec" --kept 31 "$TMP/kept" "$TMP/core" || fail "sdgen"
}
# low_kept_runs SED: of the kept runs ("start end", decimal) of at least 4
# pages below the kernel image (page tables and mem_map stay readable for
# the analysis when their pages are spoiled), those `sed -n SED` picks
low_kept_runs() {
	while read -r s e; do
		[ $((s)) -ge $((0x100)) ] && [ $((e)) -le $((0x1a00)) ] &&
			[ $((e - s)) -ge 4 ] && echo $((s)) $((e))
	done <"$TMP/kept" | sed -n "$1"
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
# wait_copying ERRFILE PID [PATTERN]: until the copy step (or PATTERN)
# shows in ERRFILE (10 s max)
wait_copying() {
	for _ in $(seq 1 100); do
		grep -q "${3:-Copying data}" "$1" 2>/dev/null && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
# run_bg OUT ERR CMD...: CMD in the background with SIGINT at its default
# (a non-interactive shell starts background commands with SIGINT ignored,
# and sievedump keeps an ignored signal ignored); sets BG_PID
run_bg() {
	o=$1 e=$2; shift 2
	: >"$o"; : >"$e"	# no stale "Copying data" for wait_copying
	/usr/bin/python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@" >"$o" 2>"$e" </dev/null &
	BG_PID=$!
}
# stop_mid_copy SIG ERR [PATTERN [DELAY]]: once the copy (or PATTERN) shows
# in ERR, wait DELAY (0.5) seconds, send SIG to BG_PID and wait; BG_RC gets
# the exit code (or "early" if the dump ended first)
stop_mid_copy() {
	if wait_copying "$2" "$BG_PID" "${3:-}"; then
		sleep "${4:-0.5}"
		kill -s "$1" "$BG_PID"
		wait "$BG_PID"
		BG_RC=$?
	else
		wait "$BG_PID"
		BG_RC=early
	fi
}
