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
import sys
import time

from fleet_runner import REPO, PlaybookRunner, SimulatedFleet

VERSIONS = ['7.16.2', '7.20.8', '7.24']
# Image pulls take 4-14 s on the simulated clock; ten times faster keeps the demo well under two minutes.
TIME_SCALE = 10
PLAYBOOK = os.path.join(REPO, 'playbooks', 'deploy.yml')
DEMO_INVENTORY = os.path.join(REPO, 'playbooks', 'inventory', 'demo.yml')
SPEC_EDIT = os.path.join(REPO, 'playbooks', 'inventory', 'demo-edit.yml')


class DemoFailed(Exception):
    pass


def banner(text):
    print('\n\033[1m== %s ==\033[0m' % text, flush=True)


def run_playbook(fleet, *extra):
    """Run deploy.yml on the fleet, echoing its output; returns the changed count per host."""
    print('$ ansible-playbook -i <simulator inventory> -i playbooks/inventory/demo.yml playbooks/deploy.yml %s'
          % ' '.join(extra), flush=True)
    runner = PlaybookRunner([fleet.inventory, DEMO_INVENTORY], color=True,
                            env={'ANSIBLE_FORCE_COLOR': os.environ.get('ANSIBLE_FORCE_COLOR', '1' if sys.stdout.isatty() else '0')})
    played = runner.run(PLAYBOOK, cwd=REPO, stream=True, extra_args=extra)
    if played.rc != 0:
        raise DemoFailed('ansible-playbook failed (exit code %d)' % played.rc)
    if sorted(played.recap) != sorted(router['name'] for router in fleet.routers):
        raise DemoFailed('the play recap does not name every router: %s' % sorted(played.recap))
    return dict((host, counts['changed']) for host, counts in played.recap.items())


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
