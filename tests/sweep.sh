#!/bin/sh
# Randomized differential sweep:
#   tests/sweep.sh [-n ITERATIONS] [-a ARM64] [-s SEED] [-k] [-v]
#
# Each iteration draws a synthetic machine (kernel flavour 6.1 or 6.12,
# 4- or 5-level paging, size, fragmentation pattern and run length, class
# mix, KASLR, and sometimes explicit RAM ranges with holes) and a dump
# (level 0-31, compressor, format: file, -F stream, ELF, --split; thread
# count; sometimes a memory budget small enough to force cycles).  Then:
#   - 6.1 machines: the output is byte-identical to Debian's makedumpfile
#     1.7.2 (files; -F streams after -R when the budget cut records); -c
#     then uses stock zlib (--zlib-engine zlib), 6.12 machines the default
#     engine;
#   - every machine: sievedump's page counts equal the generator's truth,
#     and the dump rebuilt or read back is the same whatever the budget
#     and thread count (the same dump made with no budget and one thread).
# After the N x86_64 iterations come ARM64 more (default N / 6, rounded
# up) on arm64 machines (sdgen arch=arm64: 4, 16 or 64 KiB pages, the VA
# sizes of each, 6.1 or 6.12 layout, 52-bit kernels at 48 bits, 96-160 MiB
# from 1 GiB or fragmented RAM there); their oracle is the arm64
# makedumpfile 1.7.2 under qemu-aarch64-static (tests/lib/arm64_oracle.sh)
# when its root is already cached, for 6.1 machines (1.7.2 refuses 4 KiB
# pages with 52 bits, which only 6.12 has).
# A failing iteration prints its spec and command line, and with -k keeps
# its files.  Exit status: 0 when every iteration passed.
#
# Run from a build tree (uses ./sievedump and tests/gen/sdgen);
# tests/e2e/1006-sweep.sh runs a few iterations under `make check`.
set -u
N=20 SEED=$$ KEEP=0 VERBOSE=0 A=
while getopts n:a:s:kv o; do
	case $o in
	n) N=$OPTARG ;;
	a) A=$OPTARG ;;
	s) SEED=$OPTARG ;;
	k) KEEP=1 ;;
	v) VERBOSE=1 ;;
	*) exit 2 ;;
	esac
done
SD=${SIEVEDUMP:-./sievedump}
GEN=${SDGEN:-./tests/gen/sdgen}
MDF=$(command -v makedumpfile || true)
HAVE_LZO=0
"$SD" -v 2>/dev/null | grep -q '^lzo.*enabled' && HAVE_LZO=1
: "${A:=$(( (N + 5) / 6 ))}"
TMP=$(mktemp -d /tmp/sdsweep.XXXXXX)
[ "$KEEP" = 1 ] || trap 'rm -rf "$TMP"' EXIT
echo "sweep: $N + $A arm64 iterations, seed $SEED, files in $TMP"
# the arm64 oracle, only when tests/lib/arm64_oracle.sh has cached it
ROOT64=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/arm64-mdf/root
MDF64=
if [ -f "$ROOT64/.done" ] && command -v qemu-aarch64-static >/dev/null; then
	MDF64=$TMP/mdf-arm64
	printf '#!/bin/sh\nexec qemu-aarch64-static -L "%s" "%s/usr/bin/makedumpfile" "$@"\n' \
		"$ROOT64" "$ROOT64" >"$MDF64"
	chmod +x "$MDF64"
fi

# r N: R = a number in [0, N) from the sweep's own seeded generator (no
# subshells: they would lose its state); p WORD...: P = one of the words
STATE=$SEED
r() {
	STATE=$(( (STATE * 1103515245 + 12345) % 2147483648 ))
	R=$(( (STATE / 65536) % $1 ))
}
p() {
	r $#
	shift "$R"
	P=$1
}

machine() {	# spec = a random machine (';'-separated); oracle = its makedumpfile
	[ "$i" -le "$N" ] || { machine_arm64; return; }
	p 6.1 6.1 6.12; spec="flavour=$P"
	oracle=
	[ "$P" = 6.1 ] && oracle=$MDF
	p 4 5; r 100000; spec="$spec;paging=$P;seed=$R"
	p yes no; r 8; spec="$spec;kaslr=$P;cpus=$((R + 1))"
	p realistic realistic alternating clustered; spec="$spec;pattern=$P"
	p 1 4 16 64 256 1024; spec="$spec;run_mean=$P"
	r 3
	if [ "$R" = 0 ]; then
		# fragmented RAM: ranges with holes, not aligned to sections
		r 15; a=$(( (R + 1) * 0x100000 ))
		r 64; b=$(( a + (R + 128) * 0x100000 )); r 512; b=$(( b + R * 0x1000 ))
		r 300; c=$(( b + (R + 1) * 0x1000 ))
		r 80; d=$(( c + (R + 16) * 0x100000 ))
		# the first range may end inside a page (0x9fc00, as on PCs)
		p 0x9f000 0x9fc00
		spec=$(printf '%s;ram=0x1000-%s,0x%x-0x%x,0x%x-0x%x' \
			"$spec" "$P" "$a" "$b" "$c" "$d")
	else
		p 96M 128M 160M 256M; spec="$spec;mem=$P"
	fi
	r 2
	[ "$R" = 0 ] || return 0
	mix=
	for w in kernel:30 zero:20 slab:10 cache:30 cache_private:8 shmem:8 \
		anon:30 anon_thp:10 file_thp:5 hugetlb:6 free_zero:10 \
		hwpoison:2 offline:3; do
		r "${w#*:}"; mix="$mix ${w%:*}:$R"
	done
	r 40; spec="$spec;mix=free:$((R + 1))$mix"
}

machine_arm64() {	# an arm64 machine: page size, VA size, layout, RAM
	p 4096 4096 16384 65536; ps=$P
	case $ps in
	4096) p 39 48 48 52 ;;
	16384) p 47 48 52 ;;
	*) p 42 48 52 ;;
	esac
	va=$P
	p 6.1 6.1 6.12; fl=$P
	[ "$va" = 52 ] && [ "$ps" != 65536 ] && fl=6.12
	r 100000; spec="arch=arm64;flavour=$fl;pagesize=$ps;va=$va;seed=$R"
	if [ "$va" = 52 ] && [ "$ps" != 65536 ]; then
		p 52 48; spec="$spec;va_actual=$P"
	fi
	p yes no; r 4; spec="$spec;kaslr=$P;cpus=$((R + 1))"
	p realistic alternating clustered; spec="$spec;pattern=$P"
	p 4 64 1024; spec="$spec;run_mean=$P"
	r 2
	if [ "$R" = 0 ]; then
		# two ranges from 1 GiB; the first may end inside a page
		r 48; b=$(( 0x44000000 + R * 0x100000 )); p 0 0xc00; b=$((b + P))
		r 64; c=$(( 0x48000000 + R * 0x100000 ))
		spec=$(printf '%s;ram=0x40000000-0x%x,0x%x-0x%x' "$spec" "$b" "$c" \
			$((c + 0x2000000)))
	else
		p 96M 128M 160M; spec="$spec;mem=$P"
	fi
	oracle=
	[ "$fl" = 6.1 ] && oracle=$MDF64
}

fails=0 crashed=0 compared=0
bad() {
	echo "FAIL [$i] $*"
	echo "  spec: $spec"
	echo "  dump: $sdz $opts"
	fails=$((fails + 1))
}

# the dump file(s) of a run, as one byte stream (kdump file, ELF or split)
dump_of() {	# dump_of PREFIX -> prints file names
	case $form in
	split) echo "$1.1 $1.2 $1.3" ;;
	*) echo "$1" ;;
	esac
}

run_sd() {	# run_sd PREFIX EXTRA...: sievedump with $opts, output PREFIX
	p=$1; shift
	rm -f "$p" "$p".*
	case $form in
	file | elf) "$SD" $sdz $opts "$@" "$TMP/core" "$p" ;;
	flat) "$SD" -F $sdz $opts "$@" "$TMP/core" >"$p.F" &&
		"$SD" -R "$p" <"$p.F" ;;
	split) "$SD" --split $sdz $opts "$@" "$TMP/core" "$p.1" "$p.2" "$p.3" ;;
	esac >"$p.log" 2>&1
}

run_mdf() {
	p=$1
	rm -f "$p" "$p".*
	case $form in
	file | elf) "$oracle" $opts "$TMP/core" "$p" ;;
	flat) "$oracle" -F $opts "$TMP/core" >"$p.F" && "$oracle" -R "$p" <"$p.F" ;;
	split) "$oracle" --split $opts "$TMP/core" "$p.1" "$p.2" "$p.3" ;;
	esac >"$p.log" 2>&1
}

same_files() {	# same_files A B: every file of the two runs is identical
	for x in $(dump_of "$1"); do
		y=$2${x#"$1"}
		cmp -s "$x" "$y" || return 1
	done
	[ "$form" != flat ] || cmp -s "$1.F" "$2.F" || [ -n "$budget" ]
}

i=0
while [ "$i" -lt $((N + A)) ]; do
	i=$((i + 1))
	opts=
	machine
	"$GEN" -e "$spec" "$TMP/core" >"$TMP/gen.log" 2>&1 ||
		{ bad "sdgen failed: $(tail -1 "$TMP/gen.log")"; continue; }
	r 32; level=$R
	p file file flat elf split; form=$P
	p none -c -l; comp=$P
	[ "$comp" = none ] && comp=
	[ "$comp" = -l ] && [ "$HAVE_LZO" = 0 ] && comp=-c
	[ "$form" = elf ] && comp=
	opts="-d $level $comp"
	# -c as makedumpfile writes it where makedumpfile is the oracle
	sdz=
	[ "$comp" = -c ] && [ -n "$oracle" ] && sdz="--zlib-engine zlib"
	[ "$form" = elf ] && opts="-E $opts"
	budget=
	r 3
	if [ "$R" = 0 ] && [ "$form" != split ]; then
		p 1M 2M 4M 8M; budget=$P
	fi
	p 0 1 2 4; threads=$P
	[ "$form" = file ] || [ "$form" = flat ] || threads=0

	# the reference: no budget, one thread
	run_sd "$TMP/ref" --num-threads 0 ||
		{ bad "sievedump failed: $(tail -2 "$TMP/ref.log")"; continue; }
	# page counts against the generator's truth
	"$GEN" -e "$spec" --report "$level" | sed 1d >"$TMP/truth"
	"$SD" --dry-run -d "$level" --message-level 16 "$TMP/core" \
		"$TMP/dry" >"$TMP/dry.log" 2>&1
	sed -n '/^Original pages/,/^Total pages/p' "$TMP/dry.log" >"$TMP/got"
	cmp -s "$TMP/truth" "$TMP/got" || bad "page counts differ from truth"
	# the same dump under a budget and with threads
	extra="--num-threads $threads"
	[ -n "$budget" ] && extra="$extra --mem-budget $budget"
	if run_sd "$TMP/var" $extra; then
		same_files "$TMP/ref" "$TMP/var" ||
			bad "differs with $extra from the reference"
	elif ! grep -q "cannot dump within the memory budget" "$TMP/var.log"; then
		bad "sievedump $extra failed: $(tail -2 "$TMP/var.log")"
	fi
	# 6.1: makedumpfile 1.7.2 (x86_64 or arm64) is the oracle
	if [ -n "$oracle" ]; then
		run_mdf "$TMP/mdf"
		rc=$?
		budget=
		if [ "$rc" = 0 ]; then
			compared=$((compared + 1))
			same_files "$TMP/ref" "$TMP/mdf" ||
				bad "differs from makedumpfile"
		elif [ "$rc" -ge 128 ]; then	# the oracle crashed
			echo "NOTE [$i] makedumpfile died of signal $((rc - 128)), not compared: $spec | $form $opts"
			crashed=$((crashed + 1))
		else
			bad "makedumpfile failed: $(tail -1 "$TMP/mdf.log")"
		fi
	fi
	[ "$VERBOSE" = 1 ] && echo "[$i] $spec | $form $opts $extra" || printf '.'
done
echo
[ "$crashed" = 0 ] || echo "makedumpfile crashed on $crashed machine(s)"
[ -n "$MDF64" ] || [ "$A" = 0 ] ||
	echo "arm64 machines without an oracle (tests/lib/arm64_oracle.sh has not cached one)"
echo "$((N + A - fails)) passed, $fails failed (seed $SEED; $compared compared with makedumpfile)"
[ "$fails" = 0 ]
