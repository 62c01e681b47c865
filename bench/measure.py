"""Running one command and measuring what it cost: wall time, CPU time and memory of its process tree.

CPU time is user+sys of the whole tree: ``getrusage(RUSAGE_CHILDREN)`` taken before and after
the command (ansible-playbook waits for its workers and module processes, so their time is
folded into it when it exits). The same figure also comes from ``wait4()`` of the one child,
which is what memory needs: ``ru_maxrss`` of RUSAGE_CHILDREN is a high-water mark over every
child this process ever waited for, while ``wait4()`` gives the value of this tree alone.
``ru_maxrss`` is the peak RSS of the single largest process in the tree, not of the tree.
The tree's memory is sampled from /proc instead, as the sum of PSS (proportional set size:
a page shared by k processes counts 1/k in each), so the copy-on-write pages that forked
workers share with ansible-playbook are counted once, not once per worker as summed RSS would.
"""

import os
import resource
import signal
import subprocess
import threading
import time

SAMPLE_INTERVAL = 0.25


class Measurement(dict):
    """wall_s, cpu_s (user+sys), user_s, sys_s, max_process_rss_mb, peak_tree_pss_mb, returncode, loadavg."""


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime, usage.ru_stime


def _parents():
    """pid -> parent pid of every process now running."""
    parents = {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % name, 'rb') as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(b')') + 2:].split()
        parents[int(name)] = int(fields[1])
    return parents


def tree_pids(root):
    parents = _parents()
    children = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def process_pss_bytes(pid):
    """PSS of one process, 0 when it is gone (or is a zombie)."""
    try:
        with open('/proc/%d/smaps_rollup' % pid, 'rb') as handle:
            for line in handle:
                if line.startswith(b'Pss:'):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process tree until stopped; keeps the peak."""

    def __init__(self, root, interval=SAMPLE_INTERVAL):
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            total = sum(process_pss_bytes(pid) for pid in tree_pids(self.root))
            self.peak = max(self.peak, total)
            self.done.wait(self.interval)

    def stop(self):
        self.done.set()
        self.join()


def run_measured(command, env=None, cwd=None, timeout=900, log_path=None):
    """Run ``command`` to the end; a Measurement. Its output goes to ``log_path`` (or is dropped).

    On timeout or Ctrl-C the whole process tree is killed before the exception goes on.
    """
    output = open(log_path, 'wb') if log_path else subprocess.DEVNULL  # pylint: disable=consider-using-with
    loadavg = os.getloadavg()[0]
    user0, sys0 = _children_cpu()
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=output,  # pylint: disable=consider-using-with
                               stderr=subprocess.STDOUT, start_new_session=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    try:
        status, usage = _wait4(process, timeout)
    except BaseException:
        _kill_and_reap(process)
        raise
    finally:
        sampler.stop()
        if log_path:
            output.close()
    wall = time.monotonic() - started
    user1, sys1 = _children_cpu()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measurement(
        wall_s=wall,
        cpu_s=(user1 - user0) + (sys1 - sys0),
        user_s=user1 - user0,
        sys_s=sys1 - sys0,
        wait4_cpu_s=usage.ru_utime + usage.ru_stime,
        max_process_rss_mb=usage.ru_maxrss / 1024.0,
        peak_tree_pss_mb=sampler.peak / 2.0 ** 20,
        returncode=process.returncode,
        loadavg_before=loadavg,
        loadavg_after=os.getloadavg()[0],
    )


def _wait4(process, timeout):
    """Blocking wait4() (exact wall time); a timer kills the tree when it takes too long."""
    expired = threading.Event()

    def expire():
        expired.set()
        _kill_tree(process)

    timer = threading.Timer(timeout, expire)
    timer.start()
    try:
        _pid, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    if expired.is_set():
        raise subprocess.TimeoutExpired(process.args, timeout)
    return status, usage


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def _kill_tree(process):
    """SIGKILL the command and every descendant, the command first so that it forks no more.

    Ansible's workers run in sessions of their own: killing the process group alone would
    leave them, and their module processes, running as orphans.
    """
    for pid in tree_pids(process.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _signal_group(process, signal.SIGKILL)


def _kill_and_reap(process):
    _kill_tree(process)
    try:
        os.waitpid(process.pid, 0)
    except ChildProcessError:
        pass
