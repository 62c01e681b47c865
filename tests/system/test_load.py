# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A 100-router fleet deployed with 20 forks.

Every host must converge, and the simulator's counters must show no retry: one login per
router per run, and exactly the writes a lone deploy of the same version makes (a repeated
command under load would show up as one more). Pulls run 200 times faster than real so the
test stays in the CI budget; the order of events is unchanged.
"""

from __future__ import annotations

import pytest

from faults_helpers import NETWORK, assert_ok, containers, run_playbook, run_stack, running, start_fleet, summary

ROUTER_COUNT = 100
FORKS = 20
# Mount lists on versions before 7.21 are covered by test_deploy.py; this test is about load.
VERSIONS = ('7.16.2', '7.20.8', '7.22.3', '7.24')
SPEC = containers(app={'mounts': []})


@pytest.fixture(scope='module')
def big_fleet():
    simulated = start_fleet(routers=ROUTER_COUNT, versions=VERSIONS, time_scale=200, start_timeout=120)
    yield simulated
    simulated.stop()


def names(fleet):
    return [router['name'] for router in fleet.routers]


def reference_writes(fleet):
    """What a lone, undisturbed deploy writes on each version: run on one router of each, then undone."""
    reference = {}
    for router in fleet.routers:
        if router['version'] in reference:
            continue
        fleet.control.reset_counters(router['name'])
        assert_ok(run_stack(fleet, router['name'], SPEC))
        reference[router['version']] = fleet.control.counters(router['name'])['writes']
        fleet.control.reset(router['name'])
    return reference


PLAYBOOK = [{'name': 'Deploy a hundred routers', 'hosts': 'routers', 'gather_facts': False, 'tasks': [
    {'name': 'Deploy', 'ansible.builtin.include_role': {'name': 'routeros_fleet.containers.deploy'},
     'vars': {'routeros_containers': SPEC, 'routeros_containers_network': NETWORK}}]}]
FORKS_ENV = {'ANSIBLE_FORKS': str(FORKS)}


def test_a_hundred_routers_with_twenty_forks_converge_without_retries(big_fleet):
    fleet = big_fleet
    assert len(fleet.routers) == ROUTER_COUNT
    reference = reference_writes(fleet)
    for name in names(fleet):
        fleet.control.reset_counters(name)

    run = run_playbook(fleet, PLAYBOOK, env=FORKS_ENV, timeout=900)
    counts = summary(run)
    failed = dict((host, count) for host, count in counts.items() if count['failed'] or count['unreachable'])
    assert run.rc == 0 and not failed and len(counts) == ROUTER_COUNT, (failed, run.stdout[-4000:])
    for router in fleet.routers:
        name = router['name']
        assert counts[name]['changed'] >= 1, name
        counters = fleet.control.counters(name)
        assert counters['logins'] == 1, (name, counters)
        assert counters['writes'] == reference[router['version']], (name, router['version'], counters['writes'])
        for container in ('web', 'app'):
            assert running(fleet, name, container) is not None, (name, container)

    # Converged: a second look at every router (in this process: a second 100-host playbook would double
    # the test's time) plans nothing, and reads each menu exactly once.
    for name in names(fleet):
        fleet.control.reset_counters(name)
        again = assert_ok(run_stack(fleet, name, SPEC))
        assert again['changed'] is False, (name, again['actions'])
        counters = fleet.control.counters(name)
        assert counters['logins'] == 1 and counters['writes'] == {}, (name, counters)
        assert set(counters['commands'].values()) == {1}, (name, counters['commands'])
