# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks on a crashed kernel's dump with drgn, shared by the e2e tests
3003 (dumps of a saved vmcore) and 3101 (a dump made in the capture
kernel)."""
import re

from drgn.helpers.linux.percpu import per_cpu


def crashing_task(prog, console, fail):
    """The task the console's panic line names (CPU, PID, comm) must be
    the current task of panic_cpu in @prog and its crashed_thread.
    Returns (cpu, pid, comm) when it is, else None (after fail())."""
    text = open(console, errors="replace").read()
    m = re.search(r"Kernel panic - not syncing: sysrq triggered crash\s*\n"
                  r".*?CPU: (\d+) (?:UID: \d+ )?PID: (\d+) Comm: (\S+)",
                  text)
    if not m:
        fail("no panic line in %s" % console)
        return None
    want = (int(m.group(1)), int(m.group(2)), m.group(3))
    panic_cpu = prog["panic_cpu"].counter.value_()
    curr = per_cpu(prog["runqueues"], panic_cpu).curr
    got = (panic_cpu, curr.pid.value_(), curr.comm.string_().decode())
    th = prog.crashed_thread()
    got2 = (th.tid, th.object.comm.string_().decode())
    if got != want or got2 != want[1:]:
        fail("crashing task: console says cpu %d pid %d %s; dump says "
             "panic_cpu %d current %d %s, crashed_thread %d %s"
             % (want + got + got2))
        return None
    return got
