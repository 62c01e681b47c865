# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Container mounts against the simulator on both sides of 7.21.

Before 7.21 a container's ``mounts=`` names mount items (``L:<dst>``), from 7.21 its
``mountlists=`` names lists. The module's ``mounts`` (its own list) and ``mountlist`` (a list
made by the mountlist module) must reach the running process on every version, a second run
must write nothing, and container_info must report list names that feed back unchanged.
One fleet, every version in one play, to keep the suite light.
"""

from __future__ import annotations

import pytest

# tests/system/conftest.py puts the harness and the simulator on sys.path.
import helpers  # pylint: disable=import-error
from routeros_sim.control_client import SimulatedFleet  # pylint: disable=import-error

VERSIONS = ('7.16.2', '7.20.8', '7.21.5', '7.24')
ROUTERS = dict(('r%d' % (index + 1), version) for index, version in enumerate(VERSIONS))

SHARED_LIST = {'routeros_fleet.containers.mountlist': {
    'name': 'data', 'mounts': [{'src': 'usb1/data/x', 'dst': '/x'}, {'src': 'usb1/data/y', 'dst': '/y'}]}}
OWN = {'name': 'own', 'image': 'nginx', 'mounts': ['usb1/own/a:/a', 'usb1/own/b:/b']}
SHARED = {'name': 'shared', 'image': 'nginx', 'mountlist': ['data']}

EXPECTED = {
    'own': [('/usb1/own/a', '/a'), ('/usb1/own/b', '/b')],
    'shared': [('/usb1/data/x', '/x'), ('/usb1/data/y', '/y')],
}


@pytest.fixture(scope='module')
def fleet():
    simulated = SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS), time_scale=50).start()
    yield simulated
    simulated.stop()


def play(fleet, tasks):
    """Run ``tasks`` on every router at once; ``{router: [result of each task]}``."""
    named = [dict(task, name='task%d' % index, register='result%d' % index, ignore_errors=True)
             for index, task in enumerate(tasks)]
    run = helpers.run_playbook(fleet, [{'hosts': 'routers', 'gather_facts': False, 'tasks': named}],
                               env={'ANSIBLE_FORKS': str(len(ROUTERS))})
    results = {}
    for router in ROUTERS:
        results[router] = []
        for index in range(len(tasks)):
            records = run.results('task%d' % index, router)
            assert records, 'task%d did not run on %s:\n%s' % (index, router, run.output[-4000:])
            results[router].append(dict(records[-1]['result'], failed=records[-1]['status'] in ('failed', 'ignored')))
    return results


def ok(result):
    assert not result.get('failed'), result.get('msg', result)
    return result


def container(params):
    return {'routeros_fleet.containers.container': params}


def fed_back(name):
    """The container task whose arguments are container_info's options for ``name`` (task 2)."""
    options = '{{ result2.containers | selectattr("name", "equalto", "%s") | map(attribute="options") | first }}' % name
    return {'routeros_fleet.containers.container': None, 'args': options}


def test_mounts_reach_the_process_and_a_second_run_writes_nothing(fleet):
    first = play(fleet, [SHARED_LIST, container(OWN), container(SHARED)])

    def created(router, version):
        made_list, own, shared = first[router]
        ok(made_list)
        for name, result in (('own', own), ('shared', shared)):
            assert ok(result)['steps'] == ['pull', 'start'], (name, result['steps'])
            process = fleet.control.running(router, result['container']['id'])
            assert process is not None, '%s is not running' % name
            mounted = sorted((mount['src'], mount['dst']) for mount in process['mounts'])
            assert mounted == EXPECTED[name], (name, mounted)
    helpers.each_router(ROUTERS, created)

    for router in ROUTERS:
        fleet.control.reset_counters(router)
    second = play(fleet, [
        container(OWN), container(SHARED),
        {'routeros_fleet.containers.container_info': {'name': ['own', 'shared']}},
        fed_back('own'), fed_back('shared'),
    ])

    def unchanged(router, version):
        own, shared, info, own_fed_back, shared_fed_back = second[router]
        for result in (own, shared, own_fed_back, shared_fed_back):
            assert not ok(result)['changed'], result.get('actions')
        described = dict((item['name'], item) for item in ok(info)['containers'])
        assert described['own']['options']['mountlist'] == ['own'], described['own']['options']
        assert described['shared']['options']['mountlist'] == ['data'], described['shared']['options']
        assert sorted(mount['dst'] for mount in described['own']['mounts']) == ['/a', '/b']
        assert set(mount['list'] for mount in described['shared']['mounts']) == {'data'}
        assert fleet.control.counters(router)['writes'] == {}
    helpers.each_router(ROUTERS, unchanged)
