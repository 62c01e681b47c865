# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Two runs of deploy.yml on the same routers at once (an AWX schedule meeting a manual run).

The second run must not plan against a router the first is changing: it waits for the first
run's lease, then finds the router converged. Judged by what the routers hold, sampled
through the control API while both runs are going: the container (or its staged copy during
the switch) is there at every sample, it is replaced exactly once, and the end state is the
spec, on 7.16.2 (containers found by marker) and 7.24 (by name).
"""

from __future__ import annotations

import threading

from faults_helpers import NETWORK, REPO, run_playbook, start_fleet

ROUTERS = {'r1': '7.16.2', 'r2': '7.24'}
DEPLOY = REPO + '/playbooks/deploy.yml'


def spec(image):
    return {'routeros_containers': [{'name': 'web', 'image': image, 'env': {'MODE': 'prod'}, 'ports': ['8081:80']}],
            'routeros_containers_network': NETWORK}


def web_rows(config):
    """The stack's container web and its staged copy, whichever way this version identifies them."""
    return [row for row in config.get('/container', [])
            if row.get('name') in ('web', 'web.next') or '[rfc:stack=default#web' in (row.get('comment') or '')]


class Watcher(threading.Thread):
    """Samples every router's containers until stopped; ``missing`` lists the samples without web."""

    def __init__(self, fleet):
        super().__init__(daemon=True)
        self.fleet = fleet
        self.done = threading.Event()
        self.samples = 0
        self.missing = []

    def run(self):
        while not self.done.is_set():
            for router in ROUTERS:
                if not web_rows(self.fleet.control.config(router)):
                    self.missing.append(router)
            self.samples += 1


def test_two_runs_at_once_replace_the_container_once_and_never_leave_it_missing():
    fleet = start_fleet(routers=len(ROUTERS), versions=tuple(ROUTERS[name] for name in sorted(ROUTERS)))
    try:
        run_playbook(fleet, DEPLOY, extra_vars=spec('nginx:latest')).assert_ok()
        for router in ROUTERS:
            fleet.control.reset_counters(router)

        runs = {}
        watcher = Watcher(fleet)
        watcher.start()
        threads = [threading.Thread(target=lambda key=key: runs.__setitem__(
            key, run_playbook(fleet, DEPLOY, extra_vars=spec('nginx:1.27-alpine')))) for key in ('scheduled', 'manual')]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        watcher.done.set()
        watcher.join()

        for key, run in runs.items():
            assert run.rc == 0, '%s run failed:\n%s' % (key, run.stdout[-4000:])
        assert watcher.samples > 0 and watcher.missing == [], watcher.missing[:10]
        for router in ROUTERS:
            writes = fleet.control.counters(router)['writes']
            # One replacement: the staged copy added once, the old container removed once.
            assert writes.get('/container add') == 1 and writes.get('/container remove') == 1, (router, writes)
            # The lease was taken (and given back) by whichever run had something to change.
            assert writes.get('/system/script add', 0) >= 1 and writes.get('/system/script remove', 0) >= 1, (router, writes)
            config = fleet.control.config(router)
            [web] = web_rows(config)
            assert 'nginx:1.27-alpine' in (web.get('tag') or web.get('remote-image') or ''), web
            assert fleet.control.running(router, web['name']) is not None, router
            assert not [row for row in config.get('/system/script', []) if row.get('name', '').startswith('rfc-lease-')]
        again = run_playbook(fleet, DEPLOY, extra_vars=spec('nginx:1.27-alpine'))
        again.assert_ok()
        assert again.changed_hosts() == []
    finally:
        fleet.stop()
