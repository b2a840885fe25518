#!/bin/sh
# sievedump on generated arm64 machines (sdgen arch=arm64, doc/testing.md):
# its page counts equal the generator's ground truth at every dump level
# 0-31, and libkdumpfile reads a -d 31 dump (and a -c -d 1 one) as an
# aarch64 dump that keeps the truth's pfns (and zero pages as zero-page
# descriptors, as makedumpfile does), every page equal to the vmcore's.
# Machines: 4 KiB pages with 48 bits (6.1 layout, 4 levels), 52 bits with
# LPA2 (6.12, 5 levels), the same 52-bit kernel running with 48 bits (top
# level folded, PHYS_OFFSET lowered), 39 bits (3 levels; RAM in two
# ranges, the first ending inside a page), 16 KiB pages with 47 and 48
# bits, 64 KiB pages with 42 bits (2 levels) and 52 bits (6.12; two
# 512 MiB sections, each partly RAM).  The machines marked "long:" run
# under `make check-long` only; `make check` keeps one of each page size,
# both layouts, 3 to 5 levels, RAM ending inside a page and the
# fragmented one.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/truth.sh"
need_kdumpfile

for m in "flavour=6.1;va=48;mem=96M" \
	"flavour=6.12;va=52;mem=96M" \
	"long:flavour=6.12;va=52;va_actual=48;mem=96M" \
	"flavour=6.1;va=39;ram=0x40000000-0x43ff0c00,0x48000000-0x4a800000" \
	"flavour=6.1;pagesize=16384;va=47;mem=96M" \
	"long:flavour=6.12;pagesize=16384;va=48;mem=96M;kaslr=no" \
	"long:flavour=6.1;pagesize=65536;va=42;mem=128M" \
	"flavour=6.12;pagesize=65536;va=52;ram=0x40000000-0x48000000,0x60000000-0x64000000;pattern=clustered"; do
	case $m in long:*) long_run || continue; m=${m#long:} ;; esac
	spec="arch=arm64;$m;seed=$(printf %s "$m" | cksum | cut -c1-5)"
	"$SDGEN" -e "$spec" "$TMP/core" || { fail "sdgen $spec"; continue; }
	levels_vs_truth "$spec"
	for opts in "-d 31" "-c -d 1"; do
		level=${opts##* }
		rm -f "$TMP/dump"
		# shellcheck disable=SC2086
		"$SIEVEDUMP" $opts "$TMP/core" "$TMP/dump" >"$TMP/out" 2>&1 ||
			{ fail "sievedump $opts on $spec"; continue; }
		"$SDGEN" -e "$spec" --kept "$level" "$TMP/kept"
		if PYTHONPATH="$SRCDIR/tests/lib" "$PY" \
			"$SRCDIR/tests/lib/arm64_kept.py" "$TMP/dump" "$TMP/core" \
			"$TMP/kept" >"$TMP/py" 2>&1; then
			pass "$spec $opts: libkdumpfile: $(tail -n 1 "$TMP/py")"
		else
			fail "$spec $opts: libkdumpfile: $(tail -n 1 "$TMP/py")"
			head -n 5 "$TMP/py" >&2
		fi
	done
done
finish
