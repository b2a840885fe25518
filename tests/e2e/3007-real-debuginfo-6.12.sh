#!/bin/sh
# -x and -g on the real Debian 6.12 crashes, x86_64 and arm64
# (tests/lib/realcore.sh), with their debug vmlinux files.  makedumpfile
# 1.7.2 dumps no 6.12 kernel, so the dumps are checked against sievedump's
# own dumps of the full note (upstream's rules, tests 3002 and 3202):
#  - -g: byte-identical to makedumpfile 1.7.2's -g on the same vmlinux
#    (x86_64); on both, every key the text shares with the kernel's own
#    note has the note's value (SYMBOLs moved by KERNELOFFSET; not
#    SYMBOL(mem_section), a pointer in the image and the array in the
#    note, nor LENGTH(node_data), makedumpfile's array-type marker);
#  - a copy whose note lost every SYMBOL/SIZE/OFFSET/LENGTH line is
#    refused without -x; with -x its -l -d 31, -E -d 31, -c -d 31 (stock
#    zlib) and -l -d 1 dumps are the full note's dumps but for the note
#    text they carry, and its --dump-dmesg is the full note's log.
# Only with SIEVEDUMP_LONG=1 (the arm64 crash boots under TCG).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
long_run || skip "real 6.12 crashes and their debug vmlinux: set SIEVEDUMP_LONG=1"
"$SIEVEDUMP" -v | grep -q '^libdw	enabled' || skip "built without libdw"
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

# keys_agree NOTE-TEXT GEN-TEXT
keys_agree() {
	python3 - "$@" <<'EOF'
import sys
def kv(p):
    d = {}
    for l in open(p):
        k, eq, v = l.rstrip('\n').partition('=')
        if eq:
            d[k] = v
    return d
note, gen = kv(sys.argv[1]), kv(sys.argv[2])
off = int(note.get('KERNELOFFSET', '0'), 16)
n, bad = 0, []
for k, v in gen.items():
    if k not in note or k in ('SYMBOL(mem_section)', 'LENGTH(node_data)'):
        continue
    n += 1
    if k.startswith('SYMBOL('):
        good = (int(v, 16) + off) % 2**64 == int(note[k], 16)
    else:
        good = v == note[k]
    if not good:
        bad.append('%s: note %s, -g %s' % (k, note[k], v))
print('%d shared keys' % n, *bad, sep='; ')
sys.exit(1 if bad or n < 40 else 0)
EOF
}

one_kernel() {	# LABEL REAL-CORE-NAME
	label=$1
	real_core "$2"
	real_vmlinux || return
	"$SIEVEDUMP" -g "$TMP/s.vmci" -x "$VMLINUX" >"$TMP/out" 2>&1 ||
		{ fail "$label: -g: $(tail -n 3 "$TMP/out")"; return; }
	if keys_agree "$RUN/vmcoreinfo.txt" "$TMP/s.vmci" >"$TMP/keys"; then
		pass "$label: -g agrees with the kernel's note: $(cat "$TMP/keys")"
	else
		fail "$label: -g differs from the kernel's note: $(cat "$TMP/keys")"
	fi
	if [ "$label" = x86_64 ] && have_makedumpfile; then
		makedumpfile -g "$TMP/m.vmci" -x "$VMLINUX" >/dev/null 2>&1 ||
			fail "$label: makedumpfile -g"
		cmp -s "$TMP/m.vmci" "$TMP/s.vmci" &&
			pass "$label: -g byte-identical to makedumpfile 1.7.2's" ||
			fail "$label: -g differs from makedumpfile 1.7.2's"
	fi
	strip_note "$CORE" "$TMP/stripped" || { fail "$label: strip the note"; return; }
	"$SIEVEDUMP" -l -d 31 "$TMP/stripped" "$TMP/x.dump" >/dev/null 2>&1 &&
		fail "$label: the stripped copy dumps without -x: the test would prove nothing"
	for args in "-l -d 31" "-E -d 31" "-c -d 31 --zlib-engine zlib" "-l -d 1"; do
		rm -f "$TMP/f.dump" "$TMP/x.dump"
		# shellcheck disable=SC2086 # args: several options
		"$SIEVEDUMP" $args "$CORE" "$TMP/f.dump" >"$TMP/out" 2>&1 ||
			{ fail "$label: $args: $(tail -n 3 "$TMP/out")"; continue; }
		# shellcheck disable=SC2086
		"$SIEVEDUMP" $args -x "$VMLINUX" "$TMP/stripped" "$TMP/x.dump" \
			>"$TMP/out" 2>&1 ||
			{ fail "$label: stripped: $args -x: $(tail -n 3 "$TMP/out")"; continue; }
		if same_but_note "$CORE" "$TMP/stripped" "$TMP/f.dump" \
			"$TMP/x.dump" >"$TMP/sub" 2>&1; then
			pass "$label: stripped note: $args -x: the full note's dump but for the note ($(wc -c <"$TMP/x.dump") bytes)"
		else
			fail "$label: stripped note: $args -x differs from the full note's dump: $(cat "$TMP/sub")"
		fi
	done
	rm -f "$TMP/full.log" "$TMP/x.log"
	"$SIEVEDUMP" --dump-dmesg "$CORE" "$TMP/full.log" >/dev/null 2>&1 ||
		fail "$label: --dump-dmesg of the full note"
	if "$SIEVEDUMP" --dump-dmesg -x "$VMLINUX" "$TMP/stripped" \
		"$TMP/x.log" >/dev/null 2>&1 && [ -s "$TMP/x.log" ] &&
	   cmp -s "$TMP/full.log" "$TMP/x.log"; then
		pass "$label: --dump-dmesg -x on the stripped note: the full note's log ($(wc -l <"$TMP/x.log") lines)"
	else
		fail "$label: --dump-dmesg -x on the stripped note differs from the full note's"
	fi
	rm -f "$TMP/stripped" "$TMP"/*.dump
}

one_kernel x86_64 6.12
one_kernel arm64 arm64-6.12
finish
