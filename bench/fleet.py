"""Simulated fleets for the benchmarks: started on free loopback ports, always stopped.

Every fleet started here is stopped when its ``with`` block ends, on an exception, on Ctrl-C
and on SIGTERM/SIGHUP (turned into SystemExit by ``stop_on_signals()``, so the blocks unwind).
"""

import os
import signal
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests', 'simulator'))

from routeros_sim.control_client import SimulatedFleet  # noqa: E402  pylint: disable=wrong-import-position

SHIPPED_CATALOG = os.path.join(REPO, 'tests', 'simulator', 'routeros_sim', 'model', 'catalog.yaml')
CLOCK_TICKS = os.sysconf('SC_CLK_TCK')
PAGE_SIZE = os.sysconf('SC_PAGE_SIZE')


def stop_on_signals():
    """SIGTERM and SIGHUP unwind like Ctrl-C does, so every fleet's ``with`` block stops it."""
    def leave(signum, _frame):
        raise SystemExit(128 + signum)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, leave)


def instant_pull_catalog(path):
    """A copy of the shipped image catalog whose pulls take no time; returns ``path``."""
    with open(SHIPPED_CATALOG, encoding='utf-8') as handle:
        catalog = yaml.safe_load(handle)
    for image in catalog['images']:
        image['pull_seconds'] = 0
    with open(path, 'w', encoding='utf-8') as handle:
        yaml.safe_dump(catalog, handle, sort_keys=False)
    return path


class BenchFleet(SimulatedFleet):
    """A SimulatedFleet that also reports the simulator process's own CPU time and memory."""

    def __init__(self, routers, versions, **options):
        options.setdefault('start_timeout', 120.0)
        super().__init__(routers=routers, versions=versions, **options)

    @property
    def names(self):
        return [router['name'] for router in self.routers]

    def cpu_seconds(self):
        """user+sys of the simulator process so far."""
        with open('/proc/%d/stat' % self.process.pid, 'rb') as handle:
            stat = handle.read()
        fields = stat[stat.rfind(b')') + 2:].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def rss_mb(self):
        """Resident memory of the simulator process (VmRSS) and its peak (VmHWM), in MiB."""
        values = {}
        with open('/proc/%d/status' % self.process.pid, encoding='ascii') as handle:
            for line in handle:
                key, rest = line.split(':', 1)
                if key in ('VmRSS', 'VmHWM'):
                    values[key] = int(rest.split()[0]) / 1024.0
        return values.get('VmRSS'), values.get('VmHWM')

    def reset_all(self):
        """Factory configuration and zero counters on every router."""
        for name in self.names:
            self.control.reset(name)
            self.control.reset_counters(name)

    def reset_counters(self):
        for name in self.names:
            self.control.reset_counters(name)

    def set_latency(self, ms):
        for name in self.names:
            if ms:
                self.control.fault(name, 'latency', ms=ms)
            else:
                self.control.fault(name, 'clear')

    def counters(self):
        return {name: self.control.counters(name) for name in self.names}
