# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""`make demo`: deploy a container stack to three simulated routers, prove it idempotent, preview an edit.

1. start a simulated fleet (RouterOS 7.16.2, 7.20.8 and 7.24) on free loopback ports;
2. run playbooks/deploy.yml: every router converges (changed);
3. run it again: nothing changes on any router (checked, not just shown);
4. run it with the spec edit in playbooks/inventory/demo-edit.yml and --check --diff: the
   preview of what the edit would do, with no write reaching any router (checked through the
   simulator's counters);
5. say where to look, and stop the simulator.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tests', 'simulator'))

from routeros_sim.control_client import SimulatedFleet  # noqa: E402  pylint: disable=wrong-import-position

VERSIONS = ['7.16.2', '7.20.8', '7.24']
# Image pulls take 4-14 s on the simulated clock; ten times faster keeps the demo well under two minutes.
TIME_SCALE = 10
PLAYBOOK = os.path.join(REPO, 'playbooks', 'deploy.yml')
DEMO_INVENTORY = os.path.join(REPO, 'playbooks', 'inventory', 'demo.yml')
SPEC_EDIT = os.path.join(REPO, 'playbooks', 'inventory', 'demo-edit.yml')
COLLECTIONS = os.path.join(REPO, 'build', 'collections')
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
RECAP_RE = re.compile(r'^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)


class DemoFailed(Exception):
    pass


def banner(text):
    print('\n\033[1m== %s ==\033[0m' % text, flush=True)


def collections_path():
    """The collection as `routeros_fleet.containers`, through a symlink tree in build/ (as `make demo` makes it)."""
    link = os.path.join(COLLECTIONS, 'ansible_collections', 'routeros_fleet', 'containers')
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO, link)
    return COLLECTIONS


def run_playbook(fleet, *extra):
    """Run deploy.yml on the fleet, echoing its output; returns the recap per host."""
    command = [ANSIBLE_PLAYBOOK, '-i', fleet.inventory, '-i', DEMO_INVENTORY, PLAYBOOK] + list(extra)
    print('$ ansible-playbook -i <simulator inventory> -i playbooks/inventory/demo.yml playbooks/deploy.yml %s'
          % ' '.join(extra), flush=True)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path(), ANSIBLE_RETRY_FILES_ENABLED='False',
               ANSIBLE_FORCE_COLOR=os.environ.get('ANSIBLE_FORCE_COLOR', '1' if sys.stdout.isatty() else '0'))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)
    lines = []
    for line in process.stdout:
        lines.append(line)
        sys.stdout.write(line)
    sys.stdout.flush()
    if process.wait() != 0:
        raise DemoFailed('ansible-playbook failed (exit code %d)' % process.returncode)
    plain = re.sub(r'\x1b\[[0-9;]*m', '', ''.join(lines))
    recap = dict((match.group(1), int(match.group(3))) for match in RECAP_RE.finditer(plain))
    if sorted(recap) != sorted(router['name'] for router in fleet.routers):
        raise DemoFailed('the play recap does not name every router: %s' % sorted(recap))
    return recap


def main():
    started = time.monotonic()
    banner('Starting a simulated fleet: RouterOS %s' % ', '.join(VERSIONS))
    fleet = SimulatedFleet(routers=len(VERSIONS), versions=VERSIONS, time_scale=TIME_SCALE).start()
    try:
        for router in fleet.routers:
            print('  %(name)s  RouterOS %(version)-7s  API on %(host)s:%(port)s' % router)

        banner('1. Deploy the stack (playbooks/inventory/group_vars/routers/containers.yml)')
        run_playbook(fleet)

        banner('2. Deploy again: nothing may change')
        for router in fleet.routers:
            fleet.control.reset_counters(router['name'])
        recap = run_playbook(fleet)
        changed = dict((host, count) for host, count in recap.items() if count)
        writes = dict((router['name'], fleet.control.counters(router['name'])['writes']) for router in fleet.routers)
        if changed or any(writes.values()):
            raise DemoFailed('the second run was not idempotent: changed=%s writes=%s' % (changed, writes))
        print('OK: changed=0 on every router, and no write reached any of them.')

        banner('3. Preview a spec edit (playbooks/inventory/demo-edit.yml) with --check --diff')
        run_playbook(fleet, '-e', '@' + os.path.relpath(SPEC_EDIT, REPO), '--check', '--diff')
        writes = dict((router['name'], fleet.control.counters(router['name'])['writes']) for router in fleet.routers)
        if any(writes.values()):
            raise DemoFailed('check mode wrote to a router: %s' % writes)
        print('OK: the preview sent no write to any router.')

        banner('Where to look')
        print('  playbooks/deploy.yml                        the job (serial, max_fail_percentage, AWX-ready)')
        print('  playbooks/inventory/group_vars/routers/     the fleet spec; host_vars/r2.yml overrides one router')
        print('  playbooks/inventory/demo-edit.yml           the edit previewed above; apply it without --check')
        print('  roles/deploy/README.md                      every key of the spec')
        print('  make sim                                    a fleet to try it yourself (inventory in build/)')
        print('\nDemo finished in %.0f s.' % (time.monotonic() - started))
    finally:
        fleet.stop()
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except DemoFailed as error:
        print('\nDEMO FAILED: %s' % error, file=sys.stderr)
        sys.exit(1)
