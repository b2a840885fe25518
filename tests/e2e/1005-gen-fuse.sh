#!/bin/sh
# The FUSE front end serves the same bytes as the sparse file, and machines
# of any size up to 16 TiB: sievedump plans a 16 TiB 5-level machine from it.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
[ -x "$SDGEN_FUSE" ] || skip "sdgen-fuse not built (libfuse3-dev missing)"
[ -c /dev/fuse ] || skip "/dev/fuse is not available"
command -v fusermount3 >/dev/null 2>&1 || skip "fusermount3 is not installed"

mnt=$TMP/mnt
mkdir -p "$mnt"
mount_spec() {
	"$SDGEN_FUSE" -e "$1" "$mnt" || return 1
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -e "$mnt/vmcore" ] && return 0
		sleep 0.2
	done
	return 1
}
umount_it() { fusermount3 -u "$mnt" 2>/dev/null; sleep 0.2; }
trap 'umount_it; rm -rf "$TMP"' EXIT

spec="flavour=6.12;paging=5;mem=384M;seed=21"
"$SDGEN" -e "$spec" "$TMP/file" || fail "sdgen"
if mount_spec "$spec"; then
	cmp -s "$TMP/file" "$mnt/vmcore" && pass "FUSE bytes equal the sparse file" ||
		fail "FUSE and sparse file differ"
	umount_it
else
	skip "cannot mount FUSE here"
fi

spec="flavour=6.1;paging=5;mem=16T;seed=5"
mount_spec "$spec" || fail "mount 16 TiB"
want=$("$SDGEN" -e "$spec" --info | sed -n 's/^file_size //p')
got=$(stat -c %s "$mnt/vmcore")
[ -n "$want" ] && [ "$got" = "$want" ] && pass "16 TiB machine: vmcore of $got bytes" ||
	fail "size $got, wanted $want"
"$SIEVEDUMP" --plan=json -d 31 --mem-budget 64M "$mnt/vmcore" >"$TMP/plan" 2>"$TMP/err" ||
	{ fail "--plan on 16 TiB"; cat "$TMP/err" >&2; }
grep -q '"max_pfn": 4295229538' "$TMP/plan" && pass "16 TiB: max pfn seen" ||
	{ fail "16 TiB: unexpected max pfn"; head -3 "$TMP/plan" >&2; }
grep -q '"fits": true' "$TMP/plan" && pass "16 TiB in 64 MiB: planned" ||
	fail "16 TiB in 64 MiB: no plan fits"
umount_it
finish
