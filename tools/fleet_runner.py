# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run ansible-playbook on a fleet of simulated routers: the one runner of the system tests,
`make demo` and `make bench`.

    fleet = SimulatedFleet(routers=3, versions=['7.16.2', '7.20.8', '7.24']).start()
    runner = PlaybookRunner([fleet.inventory])
    run = runner.run('playbooks/deploy.yml', check=True, diff=True)
    run.rc, run.stdout, run.recap['r1']['changed']

The collection comes from its symlink tree (collection_link.py), so playbooks run the
working copy. ``runner.command()`` and ``runner.env`` are there for callers that start the
process themselves (the benchmarks measure it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
SIMULATOR_PATH = os.path.join(REPO, 'tests', 'simulator')
VENV_BIN = os.path.join(REPO, '.venv', 'bin')
for _path in (TOOLS, SIMULATOR_PATH):
    if _path not in sys.path:
        sys.path.insert(0, _path)

# pylint: disable=wrong-import-position
from collection_link import COLLECTIONS_PATH, link_collection  # noqa: E402
# SimulatedFleet is imported for the callers of this module, which start fleets with it.
from routeros_sim.control_client import SimulatedFleet  # noqa: E402,F401  pylint: disable=unused-import

RECAP_RE = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)
ANSI_RE = re.compile(r'\x1b\[[0-9;]*m')


def ansible_executable(name='ansible-playbook'):
    """The interpreter's own first: `make core-matrix` runs the system tests from other venvs
    (the oldest and the newest ansible-core), whose ansible-playbook must be the one used."""
    for directory in (os.path.dirname(sys.executable), VENV_BIN):
        candidate = os.path.join(directory, name)
        if os.path.exists(candidate):
            return candidate
    return os.path.join(os.path.dirname(sys.executable), name)


def parse_recap(output):
    """The PLAY RECAP of an ansible-playbook output: ``{host: {ok, changed, unreachable, failed}}``."""
    return dict((match.group(1), {'ok': int(match.group(2)), 'changed': int(match.group(3)),
                                  'unreachable': int(match.group(4)), 'failed': int(match.group(5))})
                for match in RECAP_RE.finditer(ANSI_RE.sub('', output)))


class PlaybookRun(object):
    """What one run did: ``rc``, ``stdout``, ``stderr`` (empty when merged or streamed), ``recap``."""

    def __init__(self, rc, stdout, stderr, command):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr
        self.command = command
        self.recap = parse_recap(stdout)

    @property
    def output(self):
        """stdout and stderr together, for asserting that something never shows anywhere."""
        return self.stdout + '\n' + self.stderr

    def __repr__(self):
        return 'PlaybookRun(rc=%r, recap=%r)' % (self.rc, self.recap)


class PlaybookRunner(object):
    """ansible-playbook with one set of inventories, one environment and fixed options.

    ``inventories``: inventory sources (a fleet's ``inventory`` first). ``collections_path``:
    where the collection's symlink tree is made (default build/collections). ``forks``: ``-f``.
    ``env``: variables on top of the base environment. ``isolated``: start from an environment
    without the caller's ``ANSIBLE_*`` and ``ROUTEROS_*`` variables, so that nothing of the
    developer's steers the run. ``color``: leave colour to ansible (else none).
    """

    def __init__(self, inventories, collections_path=COLLECTIONS_PATH, forks=None, env=None, isolated=False, color=False):
        self.inventories = [str(inventory) for inventory in inventories]
        self.forks = forks
        base = dict(os.environ)
        if isolated:
            base = dict((name, value) for name, value in base.items() if not name.startswith(('ANSIBLE_', 'ROUTEROS_')))
        base.update(ANSIBLE_COLLECTIONS_PATH=link_collection(str(collections_path)), ANSIBLE_RETRY_FILES_ENABLED='False')
        if not color:
            base.update(ANSIBLE_NOCOLOR='1', ANSIBLE_FORCE_COLOR='0')
        base.update(env or {})
        self.env = base

    def command(self, playbook, check=False, diff=False, limit=None, extra_vars=(), verbosity=0, extra_args=()):
        """The command line. ``extra_vars``: each a dict (sent as JSON) or a string such as ``@file``."""
        command = [ansible_executable('ansible-playbook')]
        for inventory in self.inventories:
            command += ['-i', inventory]
        if self.forks:
            command += ['-f', str(self.forks)]
        command.append(str(playbook))
        for value in ([extra_vars] if isinstance(extra_vars, (dict, str)) else extra_vars):
            command += ['-e', value if isinstance(value, str) else json.dumps(value)]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if limit:
            command += ['--limit', limit]
        if verbosity:
            command.append('-' + 'v' * verbosity)
        return command + list(extra_args)

    def run(self, playbook, cwd=None, timeout=600, stream=False, env=None, **options):
        """Run once and wait. ``stream``: echo the output as it comes (stderr merged into stdout).
        ``options``: those of ``command()``."""
        command = self.command(playbook, **options)
        run_env = dict(self.env, **(env or {}))
        if not stream:
            process = subprocess.run(command, cwd=cwd, env=run_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, timeout=timeout, check=False)
            return PlaybookRun(process.returncode, process.stdout.decode('utf-8', 'replace'),
                               process.stderr.decode('utf-8', 'replace'), command)
        process = subprocess.Popen(command, cwd=cwd, env=run_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        lines = []
        for line in process.stdout:
            lines.append(line)
            sys.stdout.write(line)
        sys.stdout.flush()
        return PlaybookRun(process.wait(), ''.join(lines), '', command)
