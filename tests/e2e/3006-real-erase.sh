#!/bin/sh
# --config erase filters on the real Debian 6.1 vmcore with its debug
# vmlinux (doc/erase-filters.md), against makedumpfile 1.7.2 with the same
# filter file and -x:
#  - a plain symbol with a size, a member of a member, a char array member,
#    nullify (f1); an array of char *, a struct list 'via' next, two
#    list_head lists 'within' (modules, the task list), size SYMBOL (f2);
#    makedumpfile's lookup rules: a member inside a named member, a
#    function pointer's return type, a 2-D array's first dimension (f4);
#  - -c -d 31, -l -d 1, -E -d 31, --split -d 31, -F -l -d 31, and
#    refiltering a dump that has erase information (with and without a new
#    --config): every output byte-identical to makedumpfile's;
#  - drgn with the vmlinux reads the erased data back as 'X' (or NULL for
#    nullify) from the -c, -E and -l dumps (every module, task, file system
#    type and zone name, the printk buffer), and the erase information
#    names every command;
#  - --reassemble of the --split parts equals makedumpfile's.
# makedumpfile reads the whole DWARF of the vmlinux on each run (about a
# minute), so this runs only with SIEVEDUMP_LONG=1 (make check-long).
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/realcore.sh"
[ "${SIEVEDUMP_LONG:-0}" = 1 ] || skip "makedumpfile -x takes minutes: set SIEVEDUMP_LONG=1"
have_makedumpfile || skip "makedumpfile is not installed"
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c 'import drgn, kdumpfile' 2>/dev/null ||
	skip "drgn or libkdumpfile is not importable by $PY"
real_core 6.1
real_vmlinux || finish

cat >"$TMP/f1.conf" <<'CONF'
# plain symbols and members
erase linux_banner size 32
erase init_uts_ns.name.nodename
[vmlinux]
erase init_task.comm
erase init_task.stack nullify
CONF
cat >"$TMP/f2.conf" <<'CONF'
for z in zone_names
	erase z
endfor
for fs in file_systems via next
	erase fs.name
endfor
for m in modules within module:list
	erase m.name
endfor
for t in init_task.tasks within task_struct:tasks
	erase t.comm size 8
endfor
erase log_buf size log_buf_len
CONF
cat "$TMP/f1.conf" "$TMP/f2.conf" >"$TMP/f3.conf"
# makedumpfile's own lookup rules: a member found inside a named member
# (uts_namespace.name.nodename), a function pointer's return type (mount
# returns a struct dentry *: its size is erased at the function; kill_sb
# returns void: no size, no member), a two-dimensional array's first
# dimension only (crc32table_le[4][256]), an opaque struct (sched_class)
cat >"$TMP/f4.conf" <<'CONF'
erase init_uts_ns.nodename
for fs in file_systems via next
	erase fs.mount
	erase fs.kill_sb
endfor
erase crc32table_le
erase init_task.sched_class
CONF

# same LABEL CONF ARGS...: both programs, outputs $TMP/m.* and $TMP/s.*
same() {
	label=$1 conf=$2
	shift 2
	rm -f "$TMP"/m.* "$TMP"/s.*
	makedumpfile --config "$conf" -x "$VMLINUX" "$@" >"$TMP/mlog" 2>&1 ||
		{ fail "$label: makedumpfile failed"; tail -3 "$TMP/mlog" >&2; return 1; }
	eval "set -- $(echo "$*" | sed "s|$TMP/m\.|$TMP/s.|g")"
	"$SIEVEDUMP" --zlib-engine zlib --config "$conf" -x "$VMLINUX" "$@" \
		>"$TMP/slog" 2>&1 ||
		{ fail "$label: sievedump failed"; tail -3 "$TMP/slog" >&2; return 1; }
	for m in "$TMP"/m.*; do
		s=$TMP/s.${m##*/m.}
		cmp -s "$m" "$s" || { fail "$label: ${s##*/} differs from makedumpfile's"; return 1; }
	done
	pass "$label: byte-identical to makedumpfile 1.7.2"
}

same "f1 -c -d 31" "$TMP/f1.conf" -c -d 31 "$CORE" "$TMP/m.c"
cp "$TMP/s.c" "$TMP/f1c.dump" 2>/dev/null
same "f2 -l -d 1" "$TMP/f2.conf" -l -d 1 "$CORE" "$TMP/m.l"
cp "$TMP/m.l" "$TMP/f2l.dump" 2>/dev/null
same "f4 -l -d 31" "$TMP/f4.conf" -l -d 31 "$CORE" "$TMP/m.l4" &&
	for line in "erase init_uts_ns.nodename size 65" \
		"erase fs.mount size [0-9]+" "erase crc32table_le size [0-9]+"; do
		strings -n 8 "$TMP/s.l4" | grep -qxE "$line" ||
			fail "f4: no \"$line\" in the erase information"
	done
same "f3 -E -d 31" "$TMP/f3.conf" -E -d 31 "$CORE" "$TMP/m.e"
cp "$TMP/s.e" "$TMP/f3e.dump" 2>/dev/null
same "f3 --split -d 31" "$TMP/f3.conf" --split -d 31 "$CORE" "$TMP/m.1" "$TMP/m.2"
makedumpfile --reassemble "$TMP/m.1" "$TMP/m.2" "$TMP/m.ra" >"$TMP/mlog" 2>&1 ||
	fail "--reassemble: makedumpfile failed"
"$SIEVEDUMP" --reassemble "$TMP/s.1" "$TMP/s.2" "$TMP/s.ra" >"$TMP/slog" 2>&1 ||
	fail "--reassemble: sievedump failed"
cmp -s "$TMP/m.ra" "$TMP/s.ra" &&
	pass "--reassemble of the parts: the same file, the parts' erase information joined" ||
	fail "--reassemble of the parts differs from makedumpfile's"

# -F: the flattened streams
makedumpfile -F --config "$TMP/f1.conf" -x "$VMLINUX" -l -d 31 "$CORE" \
	>"$TMP/m.flat" 2>"$TMP/mlog" || fail "-F: makedumpfile failed"
"$SIEVEDUMP" -F --config "$TMP/f1.conf" -x "$VMLINUX" -l -d 31 "$CORE" \
	>"$TMP/s.flat" 2>"$TMP/slog" || fail "-F: sievedump failed"
cmp -s "$TMP/m.flat" "$TMP/s.flat" && pass "f1 -F -l -d 31: the same stream" ||
	fail "f1 -F -l -d 31: the streams differ"

# refiltering a dump with erase information: it is kept, new lines follow
same "refilter f2 dump with f1" "$TMP/f1.conf" -l -d 31 "$TMP/f2l.dump" "$TMP/m.r"
rm -f "$TMP/m.r0" "$TMP/s.r0"
makedumpfile -l -d 31 "$TMP/f2l.dump" "$TMP/m.r0" >"$TMP/mlog" 2>&1
"$SIEVEDUMP" -l -d 31 "$TMP/f2l.dump" "$TMP/s.r0" >"$TMP/slog" 2>&1 ||
	fail "refilter without --config: sievedump failed"
cmp -s "$TMP/m.r0" "$TMP/s.r0" &&
	pass "refilter without --config: the input's erase information copied" ||
	fail "refilter without --config: differs from makedumpfile's"

cat >"$TMP/check.py" <<'PYEOF'
# check.py VMLINUX KIND DUMP: the erased data reads as erased
import struct, sys
from drgn import Program
from drgn.helpers.linux.list import list_for_each_entry

vmlinux, kind, dump = sys.argv[1:4]
p = Program()
p.set_core_dump(dump)
p.load_debug_info([vmlinux])
bad = 0


def check(what, data, want):
    global bad
    if data != want:
        bad += 1
        print("FAIL: %s: %r" % (what, data[:40]))


def x(n):
    return b"X" * n


n = 0
if kind == "f1":
    check("linux_banner", p.read(p["linux_banner"].address_, 32), x(32))
    check("nodename", bytes(p["init_uts_ns"].name.nodename.to_bytes_()), x(65))
    check("init_task.comm", bytes(p["init_task"].comm.to_bytes_()), x(16))
    check("init_task.stack", p["init_task"].stack.value_(), 0)
    n = 4
else:
    for m in list_for_each_entry("struct module", p["modules"].address_of_(),
                                 "list"):
        check("module name", bytes(m.name.to_bytes_()), x(56))
        n += 1
    for t in list_for_each_entry("struct task_struct",
                                 p["init_task"].tasks.address_of_(), "tasks"):
        check("task comm", bytes(t.comm.to_bytes_())[:8], x(8))
        n += 1
    fs = p["file_systems"]
    while fs.value_():
        check("fs name", p.read(fs.name.value_(), 3), x(3))
        fs = fs.next
        n += 1
    for i in range(len(p["zone_names"])):
        check("zone name", p.read(p["zone_names"][i].value_(), 3), x(3))
        n += 1
    length = p["log_buf_len"].value_()
    check("log_buf", p.read(p["log_buf"].value_(), length), x(length))
print("%d of %d checks failed" % (bad, n + 1))
sys.exit(1 if bad else 0)
PYEOF
# (f3's loops are not read from the -E file: there the kernel image's
# physical pages are in two PT_LOADs, and makedumpfile erases only the
# first copy, the kernel-text one; drgn reads module memory through the
# direct map's: doc/erase-filters.md.)
for spec in "f1 $TMP/f1c.dump" "f1 $TMP/f3e.dump" "f2 $TMP/f2l.dump"; do
	# shellcheck disable=SC2086 # two words
	set -- $spec
	if "$PY" "$TMP/check.py" "$VMLINUX" "$1" "$2" >"$TMP/chk" 2>&1; then
		pass "$1: drgn reads the erased data as erased ($(tail -n 1 "$TMP/chk"))"
	else
		fail "$1: $(tail -n 1 "$TMP/chk")"
		grep FAIL "$TMP/chk" | head -5 >&2
	fi
done
"$PY" - "$TMP/f1c.dump" >"$TMP/ei" <<'PYEOF' || fail "the erase information cannot be read"
import struct, sys
f = open(sys.argv[1], "rb")
f.seek(4096 + 64)
off, size = struct.unpack("<qQ", f.read(16))
f.seek(off)
sys.stdout.write(f.read(size).decode())
PYEOF
for line in "erase linux_banner size 32" "erase init_uts_ns.name.nodename size 65" \
	"erase init_task.comm size 16" "erase init_task.stack nullify"; do
	grep -qx "$line" "$TMP/ei" || fail "f1: no \"$line\" in the erase information"
done
pass "f1: the erase information names every command"
finish
