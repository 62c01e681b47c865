# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The deploy role's variables: an undefined spec fails instead of removing everything, an
exclude of a container the group no longer has warns, a host override's null drops a group
env key, bad variables are refused by deploy.yml's stack task itself. Real ansible-playbook
runs of the role against the simulated fleet."""

from __future__ import annotations

import pytest

from helpers import REPO_ROOT, run_playbook
from stack_helpers import VERSIONS, env_rows, fleet_fixture, ours

fleet = fleet_fixture()

DEPLOY_PLAYBOOK = REPO_ROOT / 'playbooks' / 'deploy.yml'
STACK_TASK = 'routeros_fleet.containers.deploy : Converge the container stack'
WEB = {'name': 'web', 'image': 'nginx:latest', 'env': {'MODE': 'prod', 'DEBUG': '1'}, 'ports': ['8081:80']}


def _play(host_vars=None):
    tasks = [{'name': 'Deploy', 'ansible.builtin.include_role': {'name': 'routeros_fleet.containers.deploy'}}]
    play = {'hosts': 'routers', 'gather_facts': False, 'tasks': tasks}
    if host_vars:
        # Host variables for one router, the way host_vars/<router>.yml would give them.
        play['pre_tasks'] = [{'name': 'Host vars', 'ansible.builtin.set_fact': host_vars, 'when': "inventory_hostname == 'r1'"}]
    return [play]


@pytest.fixture
def routers(fleet):
    names = ['r%d' % (index + 1) for index in range(len(VERSIONS))]
    for name in names:
        fleet.control.reset(name)
    return names


def test_undefined_spec_fails_and_an_explicit_empty_list_removes_everything(fleet, routers):
    run_playbook(fleet, _play(), extra_vars={'routeros_containers': [WEB]}).assert_ok()
    for name in routers:
        fleet.control.reset_counters(name)

    run = run_playbook(fleet, _play())
    assert run.rc != 0, run.stdout[-3000:]
    assert 'routeros_containers' in run.output, run.output[-3000:]
    for name in routers:
        assert fleet.control.counters(name)['writes'] == {}, name
        assert len(ours(fleet.control.config(name)['/container'])) == 1, name

    run_playbook(fleet, _play(), extra_vars={'routeros_containers': []}).assert_ok()
    for name in routers:
        assert ours(fleet.control.config(name)['/container']) == [], name


def test_exclude_of_a_missing_container_warns_and_null_override_drops_a_group_env_key(fleet, routers):
    host_vars = {'routeros_containers_exclude': ['gone'], 'routeros_containers_overrides': {'web': {'env': {'DEBUG': None}}}}
    run = run_playbook(fleet, _play(host_vars), extra_vars={'routeros_containers': [WEB]}).assert_ok()
    assert 'gone' in run.output and 'WARNING' in run.output, run.output[-3000:]
    assert [row[1] for row in env_rows(fleet, 'r1')] == ['MODE']
    for name in routers[1:]:
        assert [row[1] for row in env_rows(fleet, name)] == ['DEBUG', 'MODE'], name


def test_deploy_playbook_refuses_bad_role_variables_naming_host_and_variable_before_any_write(fleet, routers):
    # deploy.yml turns Ansible's own role validation off; the stack task checks the same spec.
    secret = 'role-secret-Sx3'
    for name in routers:
        fleet.control.reset_counters(name)
    bad = dict(WEB, env={'TOKEN': secret}, secret_env=['TOKEN'], bogus=1)
    run = run_playbook(fleet, str(DEPLOY_PLAYBOOK), extra_vars={
        'routeros_containers': [bad], 'routeros_containers_prune': 'maybe',
        'routeros_containers_config': {'password': secret, 'tmpdirr': 'usb1/tmp'}})
    assert run.rc != 0, run.output[-3000:]
    assert 'Validating arguments against arg spec' not in run.output
    for name in routers:
        message = run.result(name, STACK_TASK)['msg']
        assert message.startswith("host %s: the deploy role's variables are not valid: " % name), message
        for variable in ("'routeros_containers_prune'", 'routeros_containers.bogus', 'routeros_containers_config.tmpdirr'):
            assert variable in message, message
        assert fleet.control.counters(name)['writes'] == {}, name
    assert secret not in run.output


def test_deploy_playbook_fails_on_an_undefined_spec_before_any_write(fleet, routers):
    for name in routers:
        fleet.control.reset_counters(name)
    run = run_playbook(fleet, str(DEPLOY_PLAYBOOK))
    assert run.rc != 0, run.output[-3000:]
    for name in routers:
        assert "'routeros_containers' is undefined" in run.result(name, STACK_TASK)['msg']
        assert fleet.control.counters(name)['writes'] == {}, name
