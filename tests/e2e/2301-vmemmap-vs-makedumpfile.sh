#!/bin/sh
# -e on 4-level machines: byte-identical to Debian's makedumpfile 1.7.2
# "-e --work-dir" where 1.7.2 is right, i.e. at levels whose excluded
# pages are free or offline (-d 16, 17; doc/exclude-vmemmap.md says why
# -d 31 differs): kdump with every compression, -F, -E, --split and
# refiltering; machines with free memory in large aligned runs.  The
# vmemmap pages left out must be more than zero, the header carries 0x10,
# and without --work-dir the dump is the same.  `make check` runs the
# 512 MiB machine; the 1 GiB and 2 GiB ones run under `make check-long`.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
have_makedumpfile || skip "makedumpfile is not installed"

# same LABEL OUT-S OUT-M ARGS...: both tools, files compared
same() {
	label=$1; s=$2; m=$3; shift 3
	rm -f "$s" "$m"
	"$SIEVEDUMP" $SD_ZLIB_STOCK "$@" "$s" >"$TMP/s.out" 2>&1 ||
		{ fail "$label: sievedump failed"; tail -3 "$TMP/s.out" >&2; return 1; }
	makedumpfile "$@" "$m" >"$TMP/m.out" 2>&1 ||
		{ fail "$label: makedumpfile failed"; tail -3 "$TMP/m.out" >&2; return 1; }
	cmp "$s" "$m" >&2 && pass "$label: = makedumpfile" ||
		fail "$label: differs from makedumpfile"
}

# the "Excluded N unused vmemmap pages" count must be the same and not 0
count_same() {
	a=$(grep -a 'unused vmemmap pages' "$TMP/s.out")
	b=$(grep -a 'unused vmemmap pages' "$TMP/m.out")
	[ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != "Excluded 0 unused vmemmap pages" ] &&
		pass "$1: $a" || fail "$1: count [$a] vs makedumpfile [$b]"
}

status_has_0x10() {
	/usr/bin/python3 -c "import struct,sys; f=open(sys.argv[1],'rb'); f.seek(424); sys.exit(0 if struct.unpack('<I', f.read(4))[0] & 0x10 else 1)" "$1"
}

# checksum of the 2nd bitmap of a kdump file
bitmap2() {
	/usr/bin/python3 -c "
import hashlib, struct, sys
f = open(sys.argv[1], 'rb'); h = f.read(464)
bs, sub, blocks = struct.unpack_from('<iiI', h, 428)
n = blocks * bs // 2
f.seek((1 + sub) * bs + n); print(hashlib.sha1(f.read(n)).hexdigest())" "$1"
}

W="--work-dir $TMP"
for spec in "mem=512M;seed=7;pattern=clustered" \
	"mem=1G;seed=3;mix=kernel:20 cache:10 anon:10 free:60;run_mean=512" \
	"mem=2G;seed=3"; do
	case $spec in mem=512M*) ;; *) long_run || continue ;; esac
	spec="flavour=6.1;paging=4;$spec"
	"$SDGEN" -e "$spec" "$TMP/core" >/dev/null 2>&1 || { fail "sdgen $spec"; continue; }
	same "[$spec] -d 16" "$TMP/s" "$TMP/m" -e $W -d 16 "$TMP/core" &&
		count_same "[$spec] -d 16"
	status_has_0x10 "$TMP/s" && pass "[$spec] status 0x10" || fail "[$spec] no status 0x10"
	# no work dir: sievedump does not need one, and writes the same
	rm -f "$TMP/s2"
	"$SIEVEDUMP" -e -d 16 "$TMP/core" "$TMP/s2" >/dev/null 2>&1 &&
		cmp "$TMP/s" "$TMP/s2" >&2 && pass "[$spec] -e without --work-dir" ||
		fail "[$spec] -e without --work-dir differs"
	# without -e the dump is larger: the test can see a missing -e
	rm -f "$TMP/s3"
	"$SIEVEDUMP" --work-dir "$TMP" -d 16 "$TMP/core" "$TMP/s3" >/dev/null 2>&1
	[ "$(stat -c %s "$TMP/s3")" -gt "$(stat -c %s "$TMP/s")" ] &&
		pass "[$spec] -e makes the dump smaller" || fail "[$spec] -e saved nothing"
	same "[$spec] -c -d 17" "$TMP/s" "$TMP/m" -c -e $W -d 17 "$TMP/core"
	if "$SIEVEDUMP" -v | grep -q '^lzo.*enabled'; then
		same "[$spec] -l -d 16" "$TMP/s" "$TMP/m" -l -e $W -d 16 "$TMP/core"
	fi
	same "[$spec] -E -d 16" "$TMP/s" "$TMP/m" -E -e $W -d 16 "$TMP/core"
	# --cyclic-buffer does not matter to -e (makedumpfile's work dir)
	same "[$spec] --cyclic-buffer 1" "$TMP/s" "$TMP/m" -e $W --cyclic-buffer 1 \
		-d 16 "$TMP/core"
	rm -f "$TMP/s.F" "$TMP/m.F"
	"$SIEVEDUMP" -F $SD_ZLIB_STOCK -c -e $W -d 16 "$TMP/core" >"$TMP/s.F" 2>/dev/null
	makedumpfile -F -c -e $W -d 16 "$TMP/core" >"$TMP/m.F" 2>/dev/null
	cmp "$TMP/s.F" "$TMP/m.F" >&2 && pass "[$spec] -F" || fail "[$spec] -F differs"
	rm -f "$TMP"/s.[12] "$TMP"/m.[12]
	if "$SIEVEDUMP" $SD_ZLIB_STOCK -c -e $W -d 16 --split "$TMP/core" "$TMP/s.1" "$TMP/s.2" >/dev/null 2>&1 &&
	   makedumpfile -c -e $W -d 16 --split "$TMP/core" "$TMP/m.1" "$TMP/m.2" >/dev/null 2>&1 &&
	   cmp "$TMP/s.1" "$TMP/m.1" >&2 && cmp "$TMP/s.2" "$TMP/m.2" >&2; then
		pass "[$spec] --split"
	else
		fail "[$spec] --split differs"
	fi
	# refiltering a dump made without -e, with -e: the 2nd bitmap of a
	# direct -e -d 17 (1.7.2 clears wrong pfns when it refilters with -e:
	# doc/exclude-vmemmap.md), and a -e dump refiltered keeps 0x10
	rm -f "$TMP/in" "$TMP/s" "$TMP/d" "$TMP/r"
	"$SIEVEDUMP" -d 1 "$TMP/core" "$TMP/in" >/dev/null 2>&1 || fail "-d 1"
	"$SIEVEDUMP" -e -d 16 "$TMP/in" "$TMP/s" >/dev/null 2>&1 || fail "refilter -e"
	"$SIEVEDUMP" -e -d 17 "$TMP/core" "$TMP/d" >/dev/null 2>"$TMP/e17" || { fail "-e -d 17"; tail -3 "$TMP/e17" >&2; }
	[ "$(bitmap2 "$TMP/s")" = "$(bitmap2 "$TMP/d")" ] &&
		pass "[$spec] refiltered with -e = direct -e" ||
		fail "[$spec] refiltered with -e differs from direct -e"
	"$SIEVEDUMP" -d 31 "$TMP/d" "$TMP/r" >/dev/null 2>&1 || fail "refilter of -e dump"
	status_has_0x10 "$TMP/r" && pass "[$spec] refiltered -e dump keeps 0x10" ||
		fail "[$spec] refiltered -e dump lost 0x10"
done
finish
