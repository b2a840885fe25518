#!/bin/bash
# Scaling runs on machines served by FUSE: for each size, pattern and budget,
# plan, dump, and compare the run with the plan and with makedumpfile.
#
#   bench/scale.sh [-m] [-c COMP] [-b "32M 64M"] [-p "realistic sparse"] SIZE...
#
# SIZE is a RAM size as sdgen takes it (64G, 1T, 16T).  Patterns:
#   realistic  97% free in buddy blocks, 1% each kernel, anon and cache in
#              runs of about 64 pages (the kept set: those kernel pages and
#              the mem_map itself, 1/64 of memory)
#   sparse     the worst fragmentation whose data this machine can still
#              read in minutes: kept kernel pages are single pages (0.2% of
#              memory) between single free, anon and cache pages, so the
#              kept set has as many runs as pages
# Each dump is `-F COMP -d 31` into cksum (no disk holds a 16 TiB machine's
# output), with `--mem-budget B`; peak RSS from /usr/bin/time, the planner's
# prediction from --plan=json, cycles and struct pages read from sievedump's
# debug summary, and bytes read from the vmcore (total and inside the
# mem_map) by the bench/readcount.so shim.  With -m, makedumpfile 1.7.2
# dumps the same machine once per pattern (--non-mmap, so that every byte it
# reads passes the shim; its default cyclic buffer) and the streams are
# compared.  The page cache is dropped before each run when we may.
# Output: one markdown row per run on stdout.
set -u
cd "$(dirname "$0")/.."
MDF_TOO=0 COMP=-l BUDGETS="32M 64M" PATTERNS="realistic sparse"
while getopts mc:b:p: o; do
	case $o in
	m) MDF_TOO=1 ;;
	c) COMP=$OPTARG ;;
	b) BUDGETS=$OPTARG ;;
	p) PATTERNS=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { echo "usage: bench/scale.sh [-m] [-c COMP] [-b BUDGETS] [-p PATTERNS] SIZE..." >&2; exit 2; }
SD=${SIEVEDUMP:-$PWD/sievedump} FUSE=$PWD/tests/gen/sdgen-fuse GEN=$PWD/tests/gen/sdgen
for p in "$SD" "$FUSE" "$GEN" /usr/bin/time; do
	[ -x "$p" ] || { echo "missing $p (make -j2 && make -j2 check TESTS=)" >&2; exit 1; }
done
TMP=$(mktemp -d /tmp/sdscale.XXXXXX)
MNT=$TMP/mnt
mkdir -p "$MNT"
gcc -O2 -shared -fPIC -o "$TMP/readcount.so" bench/readcount.c -ldl || exit 1
trap 'fusermount3 -u "$MNT" 2>/dev/null; rm -rf "$TMP"' EXIT

spec_of() {	# SIZE PATTERN
	case $2 in
	realistic) echo "mem=$1;paging=5;seed=31;mix=free:97 kernel:1 anon:1 cache:1" ;;
	sparse) echo "mem=$1;paging=5;seed=31;run_mean=1;mix=free:97.8 kernel:0.2 anon:1 cache:1" ;;
	*) echo "unknown pattern $2" >&2; exit 2 ;;
	esac
}

# file offset of physical address $1 in the ELF vmcore $2
phys_to_off() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import struct, sys
pa, f = int(sys.argv[1], 0), open(sys.argv[2], 'rb')
h = f.read(64)
phoff, phentsize, phnum = struct.unpack_from('<Q', h, 32)[0], *struct.unpack_from('<HH', h, 54)
f.seek(phoff)
for i in range(phnum):
    t, fl, off, va, p, fsz, msz, al = struct.unpack('<IIQQQQQQ', f.read(phentsize)[:56])
    if t == 1 and p <= pa < p + fsz:
        print(off + pa - p); break
EOF
}

drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true; }

# PROG ARGS... -> "wall cpu rss_kib total_read memmap_read cksum" (+ $TMP/log)
measure() {
	drop_caches
	READCOUNT_FILE=$MNT/vmcore READCOUNT_RANGE=$MM_OFF:$MM_LEN \
	READCOUNT_OUT=$TMP/rc LD_PRELOAD=$TMP/readcount.so \
	/usr/bin/time -f "%e %U %S %M" -o "$TMP/t" "$@" "$MNT/vmcore" \
		2>"$TMP/log" | cksum >"$TMP/sum"
	read -r e u s m <"$TMP/t"
	echo "$e $(echo "$u + $s" | bc) $m $(awk '/^total/ {print $2}' "$TMP/rc") $(awk '/^range/ {print $2}' "$TMP/rc") $(cut -d' ' -f1,2 --output-delimiter=: "$TMP/sum")"
}

json() { sed -n "s/.*\"$1\": \"\{0,1\}\([^,\"]*\)\"\{0,1\}.*/\1/p" "$TMP/plan" | head -1; }

echo "| size | pattern | budget | backend | cycles plan/run | mem_map passes sd | peak RSS MiB | plan MiB | RSS/plan | budget peak MiB | sd wall s | mdf wall s | mdf RSS MiB | mdf mem_map passes | same stream |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for size in "$@"; do
	for pat in $PATTERNS; do
		spec=$(spec_of "$size" "$pat")
		"$FUSE" -e "$spec" "$MNT" || { echo "mount failed: $spec" >&2; exit 1; }
		for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$MNT/vmcore" ] && break; sleep 0.3; done
		info=$("$GEN" -e "$spec" --info)
		MM_LEN=$(echo "$info" | awk '/^memmap_size/ {print $2}')
		MM_OFF=$(phys_to_off "$(echo "$info" | awk '/^memmap_phys/ {print $2}')" "$MNT/vmcore")
		mdf="- - - -" mdf_sum=
		if [ "$MDF_TOO" = 1 ]; then
			r=($(measure makedumpfile --non-mmap -F $COMP -d 31))
			mdf_sum=${r[5]}
			mdf="${r[0]} $(echo "scale=1; ${r[2]} / 1024" | bc) $(echo "scale=2; ${r[4]} / $MM_LEN" | bc) x"
			echo "makedumpfile $size $pat: ${r[*]}" >&2
		fi
		for b in $BUDGETS; do
			"$SD" --plan=json $COMP -d 31 --mem-budget "$b" "$MNT/vmcore" >"$TMP/plan" 2>/dev/null
			r=($(measure "$SD" --message-level 15 -F $COMP -d 31 --mem-budget "$b"))
			sum=$(sed -n 's/.*sievedump: \([0-9]*\) cycle.*/\1/p' "$TMP/log")
			bpeak=$(sed -n 's/.*budget peak \([0-9.]*\) MiB.*/\1/p' "$TMP/log")
			pk=$(json peak_bytes)
			m=($mdf)
			same=-
			[ -n "$mdf_sum" ] && { [ "$mdf_sum" = "${r[5]}" ] && same=yes || same=NO; }
			echo "| $size | $pat | $b | $(json backend) | $(json cycles)/$sum | $(echo "scale=2; ${r[4]} / $MM_LEN" | bc) | $(echo "scale=1; ${r[2]} / 1024" | bc) | $(echo "scale=1; $pk / 1048576" | bc) | $(echo "scale=2; ${r[2]} * 1024 / $pk" | bc) | $bpeak | ${r[0]} | ${m[0]} | ${m[1]} | ${m[2]} | $same |"
			grep -i "outgrew\|error\|fail" "$TMP/log" | tr '\r' '\n' | grep -iv "^Copying" | head -3 >&2
		done
		fusermount3 -u "$MNT"
		sleep 0.5
	done
done
