# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks on a crashed kernel's dump with drgn, shared by the e2e tests
3003 (dumps of a saved vmcore) and 3101 (a dump made in the capture
kernel)."""
import re

from drgn.helpers.linux.percpu import per_cpu


def crashed_thread(prog):
    """drgn's crashed_thread() of @prog as (tid, comm)."""
    th = prog.crashed_thread()
    return (th.tid, th.object.comm.string_().decode())


def crashing_task(prog, console, fail, reference=None):
    """The task the console's panic line names (CPU, PID, comm) must be
    the current task of panic_cpu in @prog and its crashed_thread.
    drgn 0.0.22 names swapper/0 as the crashed thread of an arm64 crash
    that panicked on CPU 1, in the raw vmcore as in its dumps; with
    @reference (a callable giving the source vmcore's Program) a
    crashed_thread equal to the source's is accepted: the dump kept the
    notes as they were.
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
    got2 = crashed_thread(prog)
    if got == want and got2 != want[1:] and reference is not None and \
            got2 == crashed_thread(reference()):
        got2 = want[1:]
    if got != want or got2 != want[1:]:
        fail("crashing task: console says cpu %d pid %d %s; dump says "
             "panic_cpu %d current %d %s, crashed_thread %d %s"
             % (want + got + got2))
        return None
    return got
