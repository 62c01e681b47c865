# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run real ``ansible-playbook`` against a simulated fleet and read back what happened.

    run = run_playbook(fleet, PLAYBOOK_YAML, check=True, diff=True)
    run.rc, run.stats['r1']['changed'], run.result('r1', 'Deploy'), run.diffs('r1'), run.stdout

Built on the fleet runner the demo and the benchmarks use too (tools/fleet_runner.py); here
every task's result comes back through the json_results callback.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / 'tools'))

# fleet_runner puts the simulator (routeros_sim) on sys.path as well.
import fleet_runner  # noqa: E402  pylint: disable=wrong-import-position

COLLECTIONS_PATH = Path(fleet_runner.link_collection())
COLLECTION_LINK = COLLECTIONS_PATH / 'ansible_collections' / 'routeros_fleet' / 'containers'
CALLBACK_DIR = Path(__file__).resolve().parent / 'callback_plugins'

# Tests that run a module in this process import it from the symlink tree.
if str(COLLECTIONS_PATH) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_PATH))


class PlaybookRun(fleet_runner.PlaybookRun):
    """What one ``ansible-playbook`` run did: exit code, recap, every task result, output."""

    def __init__(self, run, data):
        super(PlaybookRun, self).__init__(run.rc, run.stdout, run.stderr, run.command)
        self.tasks = data.get('tasks', [])
        self.stats = data.get('stats', {})

    def __repr__(self):
        return 'PlaybookRun(rc=%r, stats=%r)' % (self.rc, self.stats)

    def results(self, task=None, host=None):
        """Task records (``task``, ``host``, ``status``, ``result``), filtered by task name and host."""
        return [record for record in self.tasks
                if (task is None or record['task'] == task) and (host is None or record['host'] == host)]

    def result(self, host, task):
        """The result dict of one task on one host (the last one, for tasks that ran in a loop)."""
        matches = self.results(task, host)
        if not matches:
            raise KeyError('no result for task %r on host %r; tasks run: %s' % (
                task, host, sorted(set(record['task'] for record in self.tasks))))
        return matches[-1]['result']

    def diffs(self, host=None, task=None):
        """Every diff section the tasks returned (``--diff``), as a flat list."""
        sections = []
        for record in self.results(task, host):
            diff = record['result'].get('diff')
            if isinstance(diff, dict):
                sections.append(diff)
            elif isinstance(diff, list):
                sections.extend(diff)
        return sections

    def changed_hosts(self):
        return sorted(host for host, counts in self.stats.items() if counts.get('changed'))

    def failed_hosts(self):
        return sorted(host for host, counts in self.stats.items() if counts.get('failures') or counts.get('unreachable'))

    def assert_ok(self):
        if self.rc != 0:
            raise AssertionError('ansible-playbook failed (rc=%s)\n--- stdout ---\n%s\n--- stderr ---\n%s' % (
                self.rc, self.stdout[-8000:], self.stderr[-4000:]))
        return self


def run_playbook(fleet, playbook, check=False, diff=False, extra_vars=None, limit=None, inventory=None,
                 env=None, verbosity=0, timeout=600):
    """Run ``ansible-playbook`` on ``fleet``'s inventory and return a PlaybookRun.

    ``playbook`` is YAML text (a list of plays) or a path to a playbook file. ``fleet`` is a
    started ``SimulatedFleet`` (or None with ``inventory`` given). ``env`` adds environment
    variables; ``inventory`` replaces the fleet's inventory file.
    """
    with tempfile.TemporaryDirectory(prefix='routeros_playbook_') as workdir:
        if isinstance(playbook, Path) or (isinstance(playbook, str) and '\n' not in playbook and os.path.exists(playbook)):
            playbook_path = str(playbook)
        else:
            playbook_path = os.path.join(workdir, 'playbook.yml')
            with open(playbook_path, 'w') as handle:
                handle.write(playbook if isinstance(playbook, str) else yaml.safe_dump(playbook))
        results_path = os.path.join(workdir, 'results.json')
        # Isolated: the caller's environment must not steer the run (e.g. a ROUTEROS_PASSWORD of the developer's).
        runner = fleet_runner.PlaybookRunner([inventory or fleet.inventory], isolated=True, env=dict({
            'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
            'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
            'ANSIBLE_CALLBACK_PLUGINS': str(CALLBACK_DIR),
            'ANSIBLE_CALLBACKS_ENABLED': 'json_results',
            'ROUTEROS_FLEET_RESULTS': results_path,
            'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'ansible-tmp'),
            'ANSIBLE_HOST_KEY_CHECKING': 'false',
            'ANSIBLE_DEPRECATION_WARNINGS': 'false',
            'PYTHONPATH': '',
        }, **(env or {})))
        run = runner.run(playbook_path, cwd=workdir, timeout=timeout, check=check, diff=diff, limit=limit,
                         extra_vars=[extra_vars] if extra_vars else [], verbosity=verbosity)
        data = {}
        if os.path.exists(results_path):
            with open(results_path) as handle:
                data = json.load(handle)
        return PlaybookRun(run, data)


def write_inventory(path, hosts, group='routers', group_vars=None):
    """Write a YAML inventory: ``hosts`` maps host name -> host variables."""
    inventory = {'all': {'children': {group: {'hosts': hosts, 'vars': dict(group_vars or {})}}}}
    with open(str(path), 'w') as handle:
        yaml.safe_dump(inventory, handle, default_flow_style=False)
    return str(path)


def each_router(routers, check):
    """Run ``check(router, version)`` for every router of ``routers`` (name -> version); one
    failure names every failing version, so a version-specific bug shows its whole extent."""
    failures = []
    for router in sorted(routers):
        try:
            check(router, routers[router])
        except AssertionError as error:
            failures.append('%s: %s' % (routers[router], str(error).splitlines()[0] if str(error) else repr(error)))
    assert not failures, '\n'.join(failures)
