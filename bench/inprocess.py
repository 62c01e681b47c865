"""The stack module run inside this process: its own time, without Ansible's worker, fork and import costs.

Used where Ansible's per-task overhead would drown what is measured: how much injected latency
adds to one router's no-op run (bench/run.py, api section), and the profile
(bench/profile_module.py).
"""

import contextlib
import importlib
import io
import json
import os
import sys
import time

from workloads import REPO

sys.path.insert(0, os.path.join(REPO, 'tools'))

from collection_link import link_collection  # noqa: E402  pylint: disable=wrong-import-position

MODULE = 'ansible_collections.routeros_fleet.containers.plugins.modules.stack'


class StackModule:
    """Imports the stack module once (``import_seconds``); ``run()`` calls its main() with arguments."""

    def __init__(self, workdir):
        path = link_collection(os.path.join(workdir, 'inprocess'))
        if path not in sys.path:
            sys.path.insert(0, path)
        started = time.perf_counter()
        self.module = importlib.import_module(MODULE)
        self.import_seconds = time.perf_counter() - started

    @staticmethod
    def arguments(router, username, password, spec):
        return {'hostname': router['host'], 'port': router['port'], 'username': username, 'password': password,
                'network': spec['routeros_containers_network'], 'containers': spec['routeros_containers']}

    def run(self, arguments):
        """(seconds, result) of one run of the module with ``arguments``."""
        from ansible.module_utils.testing import patch_module_args  # pylint: disable=import-outside-toplevel
        output = io.StringIO()
        started = time.perf_counter()
        with patch_module_args(arguments), contextlib.redirect_stdout(output):
            try:
                self.module.main()
            except SystemExit:
                pass
        seconds = time.perf_counter() - started
        return seconds, json.loads(output.getvalue())

    def fastest(self, arguments, times):
        """The shortest of ``times`` runs (the least disturbed by other load) and its result."""
        best = None
        for _attempt in range(times):
            seconds, result = self.run(arguments)
            if result.get('failed'):
                raise RuntimeError('stack module failed: %s' % result.get('msg'))
            if best is None or seconds < best[0]:
                best = (seconds, result)
        return best
