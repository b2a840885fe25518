#!/bin/sh
# Options that do not go together and wrong numbers of file names: an
# optional specific line, then "Commandline parameter is invalid." and the
# "Try ..." line on stdout, "<name> Failed.", exit 1 (makedumpfile 1.7.2).
. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

. "${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/options.sh"

# conflict "FIRST LINE" ARGS...: refused, with FIRST LINE before the usual two
# ("" for none).  File names need not exist: nothing is opened.
conflict() {
	first=$1; shift
	[ -n "$first" ] && first="$first\n"
	run_as sievedump "$@"
	expect_out 1 "$first$INVALID$FAILED" "" && pass "[$*] refused"
}

conflict "" ""
conflict "" vmcore
conflict "" vmcore dump extra
conflict "" -c -E vmcore dump
conflict "" -l -E vmcore dump
conflict "" -i vmcoreinfo -x vmlinux vmcore dump
conflict "" -i vmcoreinfo --xen-syms xen-syms vmcore dump
conflict "" --config filter.conf vmcore dump
conflict "--num-threads cannot used with --split." --num-threads 2 --split vmcore d1 d2
conflict "--num-threads cannot used with ELF format." --num-threads=2 -E vmcore dump
conflict "" --partial-dmesg vmcore dump
conflict "--dry-run cannot be used with --dump-dmesg." --dry-run --dump-dmesg vmcore log
conflict "--dry-run cannot be used with --reassemble." --dry-run --reassemble d1 d2 dump
conflict "--dry-run cannot be used with -g." --dry-run -g vmcoreinfo -x vmlinux
conflict "Options for splitting dumpfile cannot be used with Elf format." -E --split vmcore d1 d2
conflict "" --split vmcore d1
conflict "" -R
conflict "" -R dump extra
conflict "" -R -c dump
conflict "" -R -d 1 dump
conflict "" -g vmcoreinfo
conflict "" -g vmcoreinfo -x vmlinux extra
conflict "" -g vmcoreinfo -x vmlinux -c
conflict "" --reassemble -d 31 d1 d2 dump
conflict "" --reassemble --split d1 d2 dump
conflict "" --mem-usage
conflict "" --dump-dmesg vmcore
conflict "" --vtop 0xffffffff81000000 vmcore
conflict "" --diskset=disk1 vmcore dump

# With -F the text goes to stderr.
for args in "-F -c -E vmcore" "-F --split vmcore d1 d2" "-F vmcore dump"; do
	# shellcheck disable=SC2086
	run_as sievedump $args
	expect_out 1 "" "$INVALID$FAILED" && pass "[$args] refused on stderr"
done

run_as makedumpfile -c -E vmcore dump
expect_out 1 "Commandline parameter is invalid.\nTry \`makedumpfile --help' for more information.\n\nmakedumpfile Failed.\n" "" &&
	pass "run as makedumpfile: named so"

for args in "" "vmcore" "vmcore dump extra" "-c -E vmcore dump" \
	"-i vi -x vmlinux vmcore dump" "-i vi --xen-syms xs vmcore dump" \
	"-F --split vmcore d1 d2" "-F vmcore dump" "--config f vmcore dump" \
	"--num-threads 2 --split vmcore d1 d2" "--num-threads 2 -E vmcore dump" \
	"--partial-dmesg vmcore dump" \
	"--dry-run --dump-dmesg vmcore log" "--dry-run --reassemble d1 d2 dump" \
	"--dry-run -g vi -x vmlinux" "-E --split vmcore d1 d2" \
	"--split vmcore d1" "-R" "-R dump extra" "-R -c dump" "-R -d 1 dump" \
	"-R -F dump" "-R -x vmlinux dump" "-g vi" "-g vi -x vmlinux extra" \
	"-g vi -x vmlinux -d 1" "-g vi -x vmlinux -E" "-g vi -x vmlinux -F" \
	"-g vi -x vmlinux -X" "-g vi -x vmlinux -R" "-g vi -i vi2 -x vmlinux" \
	"--reassemble -c d1 d2 dump" "--reassemble --split d1 d2 dump" \
	"--reassemble -F d1 d2 dump" "--mem-usage" "--mem-usage a b c" \
	"--dump-dmesg vmcore" "--vtop 0x1000 vmcore" "--diskset=d vmcore dump" \
	"--diskset=d --split dump" "-F -c -E vmcore" \
	"--message-level 1 -c -E vmcore dump"; do
	# shellcheck disable=SC2086
	same_as_mdf $args
done
finish
