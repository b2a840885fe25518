#!/bin/bash
# Benchmark sievedump against makedumpfile on one vmcore, in one run.
#
#   bench/run.sh [-n RUNS] [-t THREADS] [-s] VMCORE [NAME]
#
# For each compressor (-c -l -z, none; -p alone, Debian's makedumpfile has
# no snappy) and dump level (31, 1), the two programs run alternately RUNS
# times (default 3); medians of wall time, CPU time, peak RSS and output
# size are printed with their ratios (sievedump / makedumpfile), and each
# wall time as a fraction of the run's limit: the time to read the kept
# bytes, or the time THREADS threads of the compressor need at their
# single-core speed on this machine, whichever is larger.  Also -F to a
# pipe.  makedumpfile gets --num-threads THREADS too, or with -s runs
# serially (its fastest mode on small machines).  Output: a markdown table
# on stdout.
set -u
cd "$(dirname "$0")/.."
RUNS=3 THREADS= SERIAL=0
while getopts n:t:s o; do
	case $o in
	n) RUNS=$OPTARG ;;
	t) THREADS=$OPTARG ;;
	s) SERIAL=1 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
CORE=${1:?usage: bench/run.sh [-n RUNS] [-t THREADS] [-s] VMCORE [NAME]}
NAME=${2:-$(basename "$CORE")}
SD=./sievedump
MDF=$(command -v makedumpfile || true)
TMP=$(mktemp -d /tmp/sdbench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
[ -x "$SD" ] && [ -x bench/compspeed ] || { echo "build first: make -j2 && make -j2 bench/compspeed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
THREADS=${THREADS:-$(nproc)}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# one timed run: PROG FLAGS... -> "wall cpu maxrss_kb bytes"
timed() {
	out=$TMP/out.dump
	rm -f "$out"
	/usr/bin/time -f "%e %U %S %M" -o "$TMP/t" "$@" "$CORE" "$out" \
		>/dev/null 2>&1 || { echo "fail"; return; }
	read -r e u s m <"$TMP/t"
	echo "$e $(echo "$u + $s" | bc) $m $(stat -c %s "$out")"
}

timed_pipe() {
	/usr/bin/time -f "%e %U %S %M" -o "$TMP/t" sh -c \
		"\"\$@\" -F \"$CORE\" | wc -c >$TMP/n" sh "$@" >/dev/null 2>&1 ||
		{ echo "fail"; return; }
	read -r e u s m <"$TMP/t"
	echo "$e $(echo "$u + $s" | bc) $m $(cat "$TMP/n")"
}

col() { awk -v c="$1" '{print $c}' "$2" | median; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

mdf_has() {	# does Debian's makedumpfile support this flag?
	case $1 in
	-p) "$MDF" -v 2>&1 | grep -q "snappy.enabled" ;;
	-z) "$MDF" -v 2>&1 | grep -q "zstd.enabled" ;;
	*) true ;;
	esac
}

# the limit: read the kept bytes, or compress them on THREADS cores
limit_of() {	# FLAG LEVEL -> seconds
	flag=$1 level=$2
	"$SD" --dry-run -d "$level" --message-level 16 "$CORE" "$TMP/x" >"$TMP/rep" 2>&1
	kept=$(printf '%d' "$(sed -n 's/.*Remaining pages  : \(0x[0-9a-f]*\).*/\1/p' "$TMP/rep")")
	zero=$(printf '%d' "$(sed -n 's/.*Pages filled with zero  : \(0x[0-9a-f]*\).*/\1/p' "$TMP/rep")")
	# "Remaining pages" already leaves out the zero pages: all of them
	# are read, the remaining ones compressed
	bytes=$(((kept + zero) * 4096))
	read_s=$(awk -v b="$bytes" -v r="$READ_MBS" 'BEGIN {printf "%.3f", b / (r * 1e6)}')
	case $flag in
	-c) name=zlib ;; -l) name=lzo ;; -p) name=snappy ;; -z) name=zstd ;; *) name= ;;
	esac
	comp_s=0
	if [ -n "$name" ]; then
		mbs=$(awk -v n="$name" '$1 == n {print $2}' "$TMP/speeds")
		comp_s=$(awk -v b="$((kept * 4096))" -v r="$mbs" -v t="$THREADS" \
			'BEGIN {printf "%.3f", b / (r * 1e6 * t)}')
	fi
	awk -v a="$read_s" -v b="$comp_s" 'BEGIN {print (a > b) ? a : b}'
}

cat "$CORE" >/dev/null		# warm the page cache: both read the same
READ_MBS=$(dd if="$CORE" of=/dev/null bs=4M 2>&1 | sed -n 's/.*copied, \([0-9.]*\) s.*/\1/p' |
	awk -v sz="$(stat -c %s "$CORE")" '{printf "%.0f", sz / $1 / 1e6}')
bench/compspeed "$CORE" 64 >"$TMP/speeds"

mdmode="makedumpfile --num-threads $THREADS"
[ "$THREADS" -gt 1 ] && [ "$SERIAL" = 0 ] || mdmode="makedumpfile serial"
echo "## $NAME ($(stat -c %s "$CORE") bytes), sievedump $THREADS thread(s) vs $mdmode, $RUNS runs, medians"
echo
echo "read: ${READ_MBS} MB/s; single-core compressors (MB/s, ratio): $(tr '\n' ';' <"$TMP/speeds")"
echo
echo "| options | sd wall s | mdf wall s | wall ratio | sd cpu s | mdf cpu s | sd RSS MiB | mdf RSS MiB | RSS ratio | sd MiB out | mdf MiB out | size ratio | limit s | sd/limit |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for flag in -c -l -z "" -p; do
	for level in 31 1; do
		sdflags="$flag -d $level --num-threads $THREADS"
		mdflags="$flag -d $level"
		[ "$THREADS" -gt 1 ] && [ "$SERIAL" = 0 ] &&
			mdflags="$mdflags --num-threads $THREADS"
		: >"$TMP/sd" ; : >"$TMP/mdf"
		for _ in $(seq "$RUNS"); do
			timed "$SD" $sdflags >>"$TMP/sd"
			if [ -n "$MDF" ] && mdf_has "$flag"; then
				timed "$MDF" $mdflags >>"$TMP/mdf"
			fi
		done
		grep -q fail "$TMP/sd" && { echo "| $sdflags | sievedump failed |"; continue; }
		lim=$(limit_of "$flag" "$level")
		sw=$(col 1 "$TMP/sd") sc=$(col 2 "$TMP/sd") sm=$(col 3 "$TMP/sd") ss=$(col 4 "$TMP/sd")
		if [ -s "$TMP/mdf" ] && ! grep -q fail "$TMP/mdf"; then
			mw=$(col 1 "$TMP/mdf") mc=$(col 2 "$TMP/mdf") mm=$(col 3 "$TMP/mdf") ms=$(col 4 "$TMP/mdf")
		else
			mw=- mc=- mm=0 ms=0
		fi
		printf '| %s | %s | %s | %s | %s | %s | %.1f | %.1f | %s | %.1f | %.1f | %s | %s | %s |\n' \
			"${flag:-none} -d $level" "$sw" "$mw" "$(ratio "$sw" "$mw")" "$sc" "$mc" \
			"$(echo "$sm / 1024" | bc -l)" "$(echo "$mm / 1024" | bc -l)" "$(ratio "$sm" "$mm")" \
			"$(echo "$ss / 1048576" | bc -l)" "$(echo "$ms / 1048576" | bc -l)" "$(ratio "$ss" "$ms")" \
			"$lim" "$(ratio "$sw" "$lim")"
	done
done
# -F to a pipe
: >"$TMP/sd" ; : >"$TMP/mdf"
for _ in $(seq "$RUNS"); do
	timed_pipe "$SD" -l -d 31 >>"$TMP/sd"
	[ -n "$MDF" ] && timed_pipe "$MDF" -l -d 31 >>"$TMP/mdf"
done
sw=$(col 1 "$TMP/sd") mw=$(col 1 "$TMP/mdf")
echo "| -F -l -d 31 (pipe) | $sw | $mw | $(ratio "$sw" "$mw") | | | | | | $(echo "$(col 4 "$TMP/sd") / 1048576" | bc -l | cut -c1-6) | $(echo "$(col 4 "$TMP/mdf") / 1048576" | bc -l | cut -c1-6) | | | |"
