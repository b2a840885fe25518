#!/bin/sh
# --mem-usage VMCORE (doc/options.md, "--mem-usage"):
# - the counts equal the generator's truth at dump level 31 (6.1 and 6.12,
#   4- and 5-level paging) when no crashkernel range lies in RAM;
# - the output is byte-identical to Debian's makedumpfile 1.7.2 on 6.1
#   vmcores with crashkernel ranges cut out of RAM in the middle, at the top,
#   as a whole PT_LOAD and outside RAM (makedumpfile reads them from
#   /proc/iomem: a private mount namespace gives it ours; sievedump reads
#   $SIEVEDUMP_TEST_IOMEM); 1.7.2 is no oracle for 6.12 page classes
#   (doc/compat.md), so 6.12 is compared with the truth only;
# - --cyclic-buffer (our cycle size here) changes nothing;
# - refusals: no crashkernel, a kernel before 4.11 without -f, inputs that
#   are no ELF core; stdout and exit code as makedumpfile's.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

IOMEM=$TMP/iomem

iomem() {	# iomem RANGE...: System RAM of the 256M machines, crash ranges
	{
		printf '00001000-0009efff : System RAM\n'
		printf '00100000-10061fff : System RAM\n'
		for r in "$@"; do
			printf '  %s : Crash kernel\n' "$r"
		done
	} >"$IOMEM"
}

sd() {	# sd ARGS...: sievedump with $IOMEM as /proc/iomem
	SIEVEDUMP_TEST_IOMEM=$IOMEM "$SIEVEDUMP" "$@"
}

# makedumpfile with $IOMEM bind-mounted over /proc/iomem (root only).
# 1.7.2 warns about kernels after 6.0.1 (here: the host's): sievedump never
# prints that warning (doc/compat-dmesg.md), so it is dropped.
mdf() {
	unshare -m sh -c 'mount --bind "$0" /proc/iomem && exec "$@"' \
		"$IOMEM" makedumpfile "$@" >"$TMP/m.raw" 2>"$TMP/m.err"
	mrc=$?
	grep -v -e '^The kernel version is not supported\.$' \
		-e '^The makedumpfile operation may be incomplete\.$' \
		"$TMP/m.raw" | sed 's/^makedumpfile Failed/sievedump Failed/'
	return $mrc
}

CAN_MDF=no
if have_makedumpfile && [ "$(id -u)" = 0 ] &&
   unshare -m sh -c 'mount --bind /dev/null /proc/iomem' 2>/dev/null; then
	CAN_MDF=yes
fi

# The truth's level-31 report as makedumpfile's table.
truth_table() {	# truth_table SPEC
	"$SDGEN" -e "$1" --report 31 | awk '
		function v(s,   n, i) {
			sub(/.*: 0x/, "", s); n = 0
			for (i = 1; i <= length(s); i++)
				n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return n
		}
		/^Original pages/ { orig = v($0) }
		/filled with zero/ { z = v($0) }
		/Non-private cache/ { c = v($0) }
		/Private cache/ { p = v($0) }
		/User process/ { u = v($0) }
		/Free pages/ { f = v($0) }
		/Remaining pages/ { k = v($0) }
		END {
			print ""
			print "TYPE\t\tPAGES\t\t\tEXCLUDABLE\tDESCRIPTION"
			print "----------------------------------------------------------------------"
			printf "ZERO\t\t%-16d\tyes\t\tPages filled with zero\n", z
			printf "NON_PRI_CACHE\t%-16d\tyes\t\tCache pages without private flag\n", c
			printf "PRI_CACHE\t%-16d\tyes\t\tCache pages with private flag\n", p
			printf "USER\t\t%-16d\tyes\t\tUser process pages\n", u
			printf "FREE\t\t%-16d\tyes\t\tFree pages\n", f
			printf "KERN_DATA\t%-16d\tno\t\tDumpable kernel data \n", k
			print ""
			printf "page size:\t\t%-16d\n", 4096
			printf "Total pages on system:\t%-16d\n", orig
			printf "Total size on system:\t%-16d Byte\n", orig * 4096
			print ""
		}'
}

for flavour in 6.1 6.12; do
	for paging in 4 5; do
		spec="flavour=$flavour;paging=$paging;mem=256M;seed=7"
		"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
		# a range above RAM cuts nothing: the truth's numbers
		iomem 20000000-2fffffff
		truth_table "$spec" >"$TMP/truth"
		for cb in "" "--cyclic-buffer 1"; do
			# shellcheck disable=SC2086
			sd --mem-usage $cb "$TMP/core" >"$TMP/s" 2>"$TMP/s.err" ||
				fail "$spec $cb: exit $?"
			cmp -s "$TMP/s" "$TMP/truth" && pass "$spec $cb: truth" ||
				{ fail "$spec $cb: differs from the truth"; diff "$TMP/s" "$TMP/truth" >&2; }
			[ -s "$TMP/s.err" ] && fail "$spec $cb: stderr not empty"
		done
		[ "$flavour" = 6.1 ] && [ "$CAN_MDF" = yes ] || continue
		for ranges in 20000000-2fffffff 08000000-08ffffff \
			10000000-10061fff 00001000-0009efff \
			"00001000-00001fff 08000000-08ffffff"; do
			# shellcheck disable=SC2086
			iomem $ranges
			mdf --mem-usage "$TMP/core" >"$TMP/m"
			mrc=$?
			sd --mem-usage --cyclic-buffer 2 "$TMP/core" >"$TMP/s" 2>/dev/null
			src=$?
			if [ $src -eq $mrc ] && cmp -s "$TMP/s" "$TMP/m"; then
				pass "$spec crash $ranges: = makedumpfile"
			else
				fail "$spec crash $ranges: exit $src/$mrc"; diff "$TMP/s" "$TMP/m" >&2
			fi
		done
	done
done

# cutting the crashkernel range out: the total falls by its pages
spec="flavour=6.1;paging=4;mem=256M;seed=7"
"$SDGEN" -e "$spec" "$TMP/core" || fail "sdgen $spec"
iomem 08000000-08ffffff
total=$(sd --mem-usage "$TMP/core" | sed -n 's/^Total pages on system:\t*\([0-9]*\).*/\1/p')
[ "$total" = $((69632 - 4096)) ] && pass "16 MiB crashkernel: 4096 pages fewer" ||
	fail "total with a 16 MiB crashkernel: $total"

# --check-params accepts what the run accepts, silently
expect_rc 0 sd --check-params --mem-usage "$TMP/core" &&
	[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && pass "--check-params --mem-usage"

# --mem-budget: a few MiB are enough
expect_rc 0 sd --mem-usage --mem-budget 8M "$TMP/core" && pass "--mem-budget 8M"

# the memory does not grow with the machine: 8 GiB (FUSE) in a 6 MiB budget
if [ -x "${SDGEN_FUSE:-}" ] && mkdir "$TMP/mnt" &&
   "$SDGEN_FUSE" -e "flavour=6.1;paging=4;mem=8G;seed=5" "$TMP/mnt" 2>/dev/null; then
	sleep 0.5
	printf '00100000-ffffffff : System RAM\n  08000000-08ffffff : Crash kernel\n' >"$IOMEM"
	SIEVEDUMP_TEST_IOMEM=$IOMEM "$SIEVEDUMP" --mem-usage --mem-budget 6M \
		"$TMP/mnt/vmcore" >"$TMP/s" 2>&1 &&
		grep -q '^Total pages on system:.2097152 ' "$TMP/s" &&
		pass "8 GiB machine in a 6 MiB budget" ||
		{ fail "8 GiB machine in 6 MiB"; cat "$TMP/s" >&2; }
	fusermount3 -u "$TMP/mnt" 2>/dev/null
fi

# refusals: stdout and exit code as makedumpfile's, stderr says why
refuse() {	# refuse LABEL STDERR-TEXT ARGS...
	label=$1; why=$2; shift 2
	sd "$@" >"$TMP/s" 2>"$TMP/s.err"
	src=$?
	[ $src -eq 1 ] || fail "$label: exit $src"
	grep -qF -- "$why" "$TMP/s.err" || { fail "$label: stderr"; cat "$TMP/s.err" >&2; }
	if [ "$CAN_MDF" = yes ]; then
		mdf "$@" >"$TMP/m"
		mrc=$?
		[ $mrc -eq 1 ] && cmp -s "$TMP/s" "$TMP/m" ||
			{ fail "$label: not as makedumpfile (exit $mrc)"; diff "$TMP/s" "$TMP/m" >&2; return; }
	fi
	pass "$label"
}
printf 'not a core\n' >"$TMP/text"
head -c 16384 /dev/zero >"$TMP/zeros"
printf 'abc' >"$TMP/short"
"$SIEVEDUMP" -d 31 "$TMP/core" "$TMP/kdump" >/dev/null 2>&1 || fail "kdump file"
iomem 08000000-08ffffff
refuse "text file" "$TMP/text" --mem-usage "$TMP/text"
refuse "zeros" "$TMP/zeros" --mem-usage "$TMP/zeros"
refuse "short file" "$TMP/short" --mem-usage "$TMP/short"
refuse "missing file" "$TMP/none" --mem-usage "$TMP/none"
refuse "directory" "$TMP" --mem-usage "$TMP"
refuse "kdump-compressed" "not a kdump-compressed file" --mem-usage "$TMP/kdump"
iomem
refuse "no crashkernel" "No memory is reserved for crashkernel!" \
	--mem-usage "$TMP/core"

# before 4.11 /proc/kcore has no physical addresses: -f is needed
iomem 08000000-08ffffff
if setarch x86_64 --uname-2.6 true 2>/dev/null; then
	SIEVEDUMP_TEST_IOMEM=$IOMEM setarch x86_64 --uname-2.6 "$SIEVEDUMP" \
		--mem-usage "$TMP/core" >"$TMP/s" 2>"$TMP/s.err"
	src=$?
	printf 'mem-usage not supported for this kernel.\nYou can try with -f if your kernel%ss kcore has valid p_paddr\n\nsievedump Failed.\n' "'" >"$TMP/want"
	[ $src -eq 1 ] && cmp -s "$TMP/s" "$TMP/want" && [ ! -s "$TMP/s.err" ] &&
		pass "kernel 2.6 refused" || { fail "kernel 2.6: exit $src"; cat "$TMP/s" "$TMP/s.err" >&2; }
	SIEVEDUMP_TEST_IOMEM=$IOMEM setarch x86_64 --uname-2.6 "$SIEVEDUMP" \
		-f --mem-usage "$TMP/core" >"$TMP/s" 2>&1 &&
		grep -q '^KERN_DATA' "$TMP/s" && pass "kernel 2.6 with -f" ||
		fail "kernel 2.6 with -f"
fi
finish
