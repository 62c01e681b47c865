# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run real ``ansible-playbook`` against a simulated fleet and read back what happened.

    run = run_playbook(fleet, PLAYBOOK_YAML, check=True, diff=True)
    run.rc, run.stats['r1']['changed'], run.result('r1', 'Deploy'), run.diffs('r1'), run.stdout

The collection is found through a symlink tree build/collections/ansible_collections/
routeros_fleet/containers -> the repository, so playbooks run the working copy as it is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = REPO_ROOT / '.venv' / 'bin'
COLLECTIONS_PATH = REPO_ROOT / 'build' / 'collections'
COLLECTION_LINK = COLLECTIONS_PATH / 'ansible_collections' / 'routeros_fleet' / 'containers'
SIMULATOR_ROOT = REPO_ROOT / 'tests' / 'simulator'
CALLBACK_DIR = Path(__file__).resolve().parent / 'callback_plugins'

if str(SIMULATOR_ROOT) not in sys.path:
    sys.path.insert(0, str(SIMULATOR_ROOT))
if str(COLLECTIONS_PATH) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_PATH))


def ensure_collection_link():
    """The symlink tree ansible finds the collection through (``make collections-link`` makes the same)."""
    COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
    if not COLLECTION_LINK.is_symlink() or COLLECTION_LINK.resolve() != REPO_ROOT:
        tmp_link = COLLECTION_LINK.with_name('.containers.%d' % os.getpid())
        if tmp_link.is_symlink():
            tmp_link.unlink()
        tmp_link.symlink_to(REPO_ROOT)
        os.replace(tmp_link, COLLECTION_LINK)  # atomic, so parallel test runs never see it missing
    return COLLECTION_LINK


ensure_collection_link()


def ansible_executable(name):
    # The interpreter running the tests first: `make core-matrix` runs them from other venvs
    # (the oldest and the newest ansible-core), whose ansible-playbook must be the one used.
    for candidate in (Path(sys.executable).parent / name, VENV_BIN / name):
        if candidate.exists():
            return str(candidate)
    return os.path.join(os.path.dirname(sys.executable), name)


class PlaybookRun(object):
    """What one ``ansible-playbook`` run did: exit code, recap, every task result, output."""

    def __init__(self, rc, stdout, stderr, data, command):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.command = command
        self.tasks = data.get('tasks', [])
        self.stats = data.get('stats', {})

    def __repr__(self):
        return 'PlaybookRun(rc=%r, stats=%r)' % (self.rc, self.stats)

    @property
    def output(self):
        """stdout and stderr together, for asserting that something never shows anywhere."""
        return self.stdout + '\n' + self.stderr

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
    ensure_collection_link()
    with tempfile.TemporaryDirectory(prefix='routeros_playbook_') as workdir:
        if isinstance(playbook, Path) or (isinstance(playbook, str) and '\n' not in playbook and os.path.exists(playbook)):
            playbook_path = str(playbook)
        else:
            playbook_path = os.path.join(workdir, 'playbook.yml')
            with open(playbook_path, 'w') as handle:
                handle.write(playbook if isinstance(playbook, str) else yaml.safe_dump(playbook))
        results_path = os.path.join(workdir, 'results.json')
        command = [ansible_executable('ansible-playbook'), '-i', str(inventory or fleet.inventory), playbook_path]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if limit:
            command += ['--limit', limit]
        if extra_vars:
            command += ['--extra-vars', json.dumps(extra_vars)]
        if verbosity:
            command.append('-' + 'v' * verbosity)
        run_env = dict(os.environ)
        for name in list(run_env):
            # The caller's environment must not steer the run (e.g. a ROUTEROS_PASSWORD of the developer's).
            if name.startswith('ROUTEROS_') or name.startswith('ANSIBLE_'):
                del run_env[name]
        run_env.update({
            'ANSIBLE_COLLECTIONS_PATH': str(COLLECTIONS_PATH),
            'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
            'ANSIBLE_STDOUT_CALLBACK': 'ansible.builtin.default',
            'ANSIBLE_CALLBACK_PLUGINS': str(CALLBACK_DIR),
            'ANSIBLE_CALLBACKS_ENABLED': 'json_results',
            'ROUTEROS_FLEET_RESULTS': results_path,
            'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'ansible-tmp'),
            'ANSIBLE_HOST_KEY_CHECKING': 'false',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_DEPRECATION_WARNINGS': 'false',
            'PYTHONPATH': '',
        })
        run_env.update(env or {})
        process = subprocess.run(command, cwd=workdir, env=run_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, timeout=timeout, check=False)
        data = {}
        if os.path.exists(results_path):
            with open(results_path) as handle:
                data = json.load(handle)
        return PlaybookRun(process.returncode, process.stdout.decode('utf-8', 'replace'),
                           process.stderr.decode('utf-8', 'replace'), data, command)


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
