# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The resource module fronts end to end on an in-process simulated router: arguments, check mode, diff,
results, failures and secrets in what Ansible would print."""

from __future__ import annotations

import json

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.modules import (
    container_config, container_network, envlist, mountlist, port_forward, veth)

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.modules import run_main
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession

CONNECTION = {'hostname': 'r1.example', 'password': 'routerpw'}


@pytest.fixture
def router():
    return SimulatorSession('7.20.8')


def run(module, args, session, check_mode=False, diff=False, connect=None):
    return run_main(module, dict(CONNECTION, **args), session, connect=connect, check_mode=check_mode, diff=diff)


ENV_ARGS = {'name': 'pihole', 'env': {'TZ': 'UTC', 'WEBPASSWORD': 'hunter2'}, 'secret_keys': ['WEBPASSWORD']}


def test_check_mode_plans_without_writing_and_hides_secrets(router):
    outcome = run(envlist, ENV_ARGS, router, check_mode=True, diff=True)
    assert not outcome.failed and outcome.result['changed']
    assert outcome.result['actions'] == ['add /container/envs pihole/TZ', 'add /container/envs pihole/WEBPASSWORD']
    assert router.writes == [] and router.closed
    assert 'hunter2' not in json.dumps(outcome.result)
    assert 'key=WEBPASSWORD value=********' in outcome.result['diff'][1]['after']


def test_apply_then_unchanged_returns_router_view(router):
    first = run(envlist, ENV_ARGS, router)
    assert first.result['changed'] and first.result['envlist']['env'] == {'TZ': 'UTC', 'WEBPASSWORD': '********'}
    writes = len(router.writes)
    second = run(envlist, ENV_ARGS, router)
    assert not second.result['changed'] and second.result['actions'] == []
    assert len(router.writes) == writes


def test_bad_input_fails_naming_field_and_host_without_connecting():
    outcome = run(envlist, {'name': 'pihole', 'env': {'9X': 'y'}}, session=None)   # connecting would fail the test
    assert outcome.failed and outcome.connects == []
    assert outcome.result['msg'].startswith('host r1.example, field env.9X:')


def test_version_error_names_host_and_writes_nothing(router):
    outcome = run(container_config, {'memory_max': '1G'}, router)
    # Run as a module file there is no inventory name: the router is named by its hostname option.
    assert outcome.failed and 'host r1.example' in outcome.result['msg'] and 'needs RouterOS 7.23' in outcome.result['msg']
    assert router.writes == []


def test_trap_mid_plan_reports_applied_and_not_applied(router):
    assert not run(container_network, {'name': 'containers', 'subnet': '172.17.0.0/24'}, router).failed
    router.trap_next('/interface/bridge/port', 'add', 'failure: interface already in bridge')
    outcome = run(veth, {'name': 'veth1', 'addresses': ['172.17.0.2/24'], 'bridge': 'containers'}, router)
    assert outcome.failed
    assert outcome.result['applied'] == ['add /interface/veth veth1']
    # Under a key of our own: Ansible owns `failed` (its boolean) and would overwrite it.
    assert outcome.result['failed_change'] == 'add /interface/bridge/port veth1 in containers'
    assert outcome.result['not_applied'] == []
    assert 'interface already in bridge' in outcome.result['msg']


def test_router_errors_are_one_line():
    def refuse(params):
        raise RouterError('r1.example', 8728, 'connection refused')
    outcome = run(mountlist, {'name': 'm', 'mounts': [{'src': 'a', 'dst': 'b'}]}, session=None, connect=refuse)
    assert outcome.failed and outcome.result['msg'] == 'router r1.example:8728: connection refused'


def test_every_module_runs(router):
    outcomes = [
        run(container_config, {'registry_url': 'https://registry-1.docker.io', 'registry_password': 'tok',
                               'registry_username': 'me'}, router),
        run(container_network, {'name': 'containers', 'subnet': '172.17.0.0/24', 'router_services': ['dns']}, router),
        run(veth, {'name': 'veth1', 'addresses': ['172.17.0.2/24'], 'gateway': '172.17.0.1', 'bridge': 'containers'}, router),
        run(mountlist, {'name': 'm', 'mounts': [{'src': 'usb1/a', 'dst': '/a', 'read_only': True}]}, router),
        run(port_forward, {'name': 'web', 'to_address': '172.17.0.2', 'rules': ['8080:80', {'port': 53, 'protocol': 'udp'}]}, router),
    ]
    for outcome in outcomes:
        assert not outcome.failed, outcome.result
        assert outcome.result['changed']
    assert 'tok' not in json.dumps(outcomes[0].result)
    assert outcomes[4].result['port_forward']['rules'][0]['port'] == '8080'
    assert router.container_support_checked
