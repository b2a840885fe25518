# SPDX-License-Identifier: GPL-2.0-or-later
"""capture_check.py DUMP VMLINUX CONSOLE: drgn reads a dump made by
bench/capture.sh.  The crashing task the console names must be the dump's
(tests/qemu/drgn_checks.py), the printk log must end with the sysrq crash
and the panic, and the task list must walk.  The last line printed is
"ok: ..." or "FAIL: ..." (exit 0 or 1)."""
import os
import sys

sys.path.insert(0, os.environ["QD"])
from drgn import Program  # noqa: E402
from drgn.helpers.linux.pid import for_each_task  # noqa: E402
from drgn.helpers.linux.printk import get_printk_records  # noqa: E402
from drgn_checks import crashing_task  # noqa: E402

dump, vmlinux, console = sys.argv[1:4]
bad = []
prog = Program()
prog.set_core_dump(dump)
prog.load_debug_info([vmlinux])
got = crashing_task(prog, console, bad.append)
texts = [r.text.decode(errors="replace")
         for r in get_printk_records(prog)[-80:]]
if not any("sysrq triggered crash" in t for t in texts):
    bad.append("the printk log does not end with the sysrq crash")
tasks = sum(1 for _ in for_each_task(prog))
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
print("ok: pid %d %s crashed, %d tasks, printk ends with the panic"
      % (got[1], got[2], tasks))
