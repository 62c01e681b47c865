# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack module on its own: two stacks with different owners share routers without pruning each other."""

from __future__ import annotations

import json
import sys

import pytest

from helpers import fleet_runner

VERSIONS = ('7.16.2', '7.24')

DNS = {'owner': 'dns', 'network': {'name': 'ctr-dns', 'subnet': '172.18.0.0/24'},
       'containers': [{'name': 'unbound', 'image': 'mvance/unbound:latest', 'ports': ['5353:53/udp']}]}
WEB = {'owner': 'web', 'network': {'name': 'ctr-web', 'subnet': '172.19.0.0/24'},
       'containers': [{'name': 'whoami', 'image': 'traefik/whoami:latest', 'ports': ['8000:80'],
                       'env': {'WHOAMI_NAME': 'edge'}}]}


@pytest.fixture(scope='module')
def fleet():
    simulated = fleet_runner.SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS), time_scale=200).start()
    yield simulated
    simulated.stop()


@pytest.fixture
def run_stacks(fleet, tmp_path):
    runner = fleet_runner.PlaybookRunner([fleet.inventory])

    def run(*stacks, check=False):
        tasks = [{'routeros_fleet.containers.stack': stack, 'register': 'stack%d' % index} for index, stack in enumerate(stacks)]
        names = ', '.join('stack%d' % index for index in range(len(stacks)))
        tasks.append({'ansible.builtin.copy': {'content': '{{ {inventory_hostname: [%s]} | to_json }}' % names,
                                               'dest': str(tmp_path) + '/{{ inventory_hostname }}.json'},
                      'delegate_to': 'localhost', 'check_mode': False,
                      'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}})
        playbook = tmp_path / 'play.yml'
        playbook.write_text(json.dumps([{'hosts': 'routers', 'gather_facts': False, 'tasks': tasks}]))
        played = runner.run(playbook, check=check)
        assert played.rc == 0, played.stdout[-5000:] + played.stderr[-2000:]
        return dict((router['name'], json.loads((tmp_path / ('%s.json' % router['name'])).read_text())[router['name']])
                    for router in fleet.routers)

    return run


def _marked(config, owner):
    return sorted((menu, row.get('.id')) for menu, rows in config.items() for row in rows
                  if '[rfc:stack=%s' % owner in row.get('comment', ''))


def test_two_owners_never_prune_each_other(fleet, run_stacks):
    run_stacks(DNS, WEB)
    before = dict((router['name'], fleet.control.config(router['name'])) for router in fleet.routers)
    for name, config in before.items():
        assert _marked(config, 'dns') and _marked(config, 'web'), name

    # The dns stack empties itself: all of its objects go, none of the web stack's.
    emptied = dict(DNS, containers=[])
    results = run_stacks(emptied)
    for router in fleet.routers:
        name = router['name']
        after = fleet.control.config(name)
        assert _marked(after, 'web') == _marked(before[name], 'web'), name
        leftovers = [entry for entry in _marked(after, 'dns') if entry[0] not in ('/interface/bridge', '/ip/address', '/ip/firewall/nat')]
        assert leftovers == [], (name, leftovers)
        summary = results[name][0]['summary']
        assert summary['removed'] == 3 and summary['created'] == 0, (name, results[name][0]['objects'])


def test_check_mode_on_an_empty_router_predicts_and_writes_nothing(fleet, run_stacks):
    for router in fleet.routers:
        fleet.control.reset(router['name'])
        fleet.control.reset_counters(router['name'])
    predicted = run_stacks(WEB, check=True)
    for router in fleet.routers:
        assert fleet.control.counters(router['name'])['writes'] == {}, router['name']
    done = run_stacks(WEB)
    for router in fleet.routers:
        name = router['name']
        assert predicted[name][0]['actions'] == done[name][0]['actions'], name
        assert done[name][0]['summary']['created'] == 4, (name, done[name][0]['objects'])
