# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Secrets never leave the controller's memory.

The API password, the registry password and secret env values are grepped for in every
byte Ansible writes: stdout and stderr at ``-vvv`` with ``--diff``, the log file, and the
files of the tree and junit callbacks, on a first deploy, on a change, in check mode and on a
failing run. Each secret is also checked to reach the router, so that a test passing because
the secret was never used at all is impossible.
"""

from __future__ import annotations

import os

import pytest

from faults_helpers import CONTAINERS, NETWORK, REGISTRY_SECRET, SECRET_ENV, ansible_output, containers, run_playbook, start_fleet

API_PASSWORD = 'api-secret-Wx7'
SECRETS = (API_PASSWORD, REGISTRY_SECRET, SECRET_ENV)
ROUTERS = ('r1', 'r2')


@pytest.fixture(scope='module')
def fleet():
    simulated = start_fleet(routers=len(ROUTERS), versions=('7.22.3', '7.24'), password=API_PASSWORD)
    yield simulated
    simulated.stop()


def role_task(containers_spec, config=None):
    return {'name': 'Deploy', 'ansible.builtin.include_role': {'name': 'routeros_fleet.containers.deploy'},
            'vars': {'routeros_containers': containers_spec, 'routeros_containers_network': NETWORK,
                     'routeros_containers_config': config or {}}}


def module_task(module, env_value):
    """A single-resource module given a secret env value from a variable (in real life: a vault)."""
    env = {'SOLO_TOKEN': '{{ solo_token }}', 'PLAIN': 'visible'}
    if module == 'container':
        args = {'name': 'solo', 'image': 'alpine:latest', 'env': env, 'secret_env': ['SOLO_TOKEN'], 'state': 'present'}
    else:
        args = {'name': 'solo', 'env': env, 'secret_keys': ['SOLO_TOKEN']}
    return {'name': 'The %s module' % module, 'routeros_fleet.containers.%s' % module: args, 'vars': {'solo_token': env_value}}


def run_and_collect(fleet, tmp_path, tasks, check=False):
    """Run a playbook at -vvv --diff with every output channel on; (run, every byte Ansible wrote, as text)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    tree, junit, log = tmp_path / 'tree', tmp_path / 'junit', tmp_path / 'ansible.log'
    env = {'ANSIBLE_CALLBACKS_ENABLED': 'json_results,ansible.builtin.tree,ansible.builtin.junit',
           'ANSIBLE_CALLBACK_TREE_DIR': str(tree), 'JUNIT_OUTPUT_DIR': str(junit), 'ANSIBLE_LOG_PATH': str(log)}
    playbook = [{'name': 'secrets stay masked', 'hosts': 'routers', 'gather_facts': False, 'tasks': tasks}]
    run = run_playbook(fleet, playbook, check=check, diff=True, verbosity=3, env=env)
    files = [str(log)]
    for directory in (tree, junit):
        for root, _dirs, names in os.walk(str(directory)):
            files.extend(os.path.join(root, name) for name in names)
    assert len(files) >= 2 + len(ROUTERS), files   # the log, a junit report, one tree file per host
    assert run.tasks, 'the json_results callback recorded nothing'
    everything = ansible_output(run)
    for path in files:
        with open(path, 'rb') as handle:
            everything += '\n' + handle.read().decode('utf-8', 'replace')
    return run, everything


def assert_no_secret(everything):
    for secret in SECRETS:
        assert secret not in everything, 'secret %r leaked: ...%s...' % (
            secret, everything[max(0, everything.find(secret) - 300):everything.find(secret) + 100])


def assert_secrets_reached_the_routers(fleet):
    for router in ROUTERS:
        config = fleet.control.config(router)
        assert [row for row in config['/container/envs'] if row.get('value') == SECRET_ENV], router
        assert fleet.control.counters(router)['logins'] >= 1
    # Whether the registry password reaches the router: test_faults.py::test_registry_credentials_of_the_stack_reach_the_router.


def test_no_secret_in_any_output_of_a_deploy_a_change_and_a_check(fleet, tmp_path):
    for router in ROUTERS:
        fleet.control.reset(router)
    config = {'registry_url': 'https://registry-1.docker.io', 'username': 'fleet', 'password': REGISTRY_SECRET}
    tasks = [role_task(CONTAINERS, config)]

    run, everything = run_and_collect(fleet, tmp_path / 'first', tasks)
    run.assert_ok()
    assert '********' in run.stdout  # the diff showed the secret env key, masked
    assert_no_secret(everything)
    assert_secrets_reached_the_routers(fleet)

    # A change of the secret value itself: the diff must say it changed without showing either value.
    new_secret = SECRET_ENV + '-rotated'
    changed = containers(web={'env': {'MODE': 'prod', 'API_TOKEN': new_secret}})
    tasks = [role_task(changed, config)]
    run, everything = run_and_collect(fleet, tmp_path / 'check', tasks, check=True)
    run.assert_ok()
    assert_no_secret(everything)
    assert new_secret not in everything
    assert run.changed_hosts() == sorted(ROUTERS), run.stats

    run, everything = run_and_collect(fleet, tmp_path / 'change', tasks)
    run.assert_ok()
    assert_no_secret(everything)
    assert new_secret not in everything
    for router in ROUTERS:
        values = [row.get('value') for row in fleet.control.config(router)['/container/envs']]
        assert new_secret in values, router


def test_no_secret_in_the_output_of_a_failing_run(fleet, tmp_path):
    for router in ROUTERS:
        fleet.control.reset(router)
    private = [{'name': 'agent', 'image': 'ghcr.io/acme/telemetry-agent:2.3', 'env': {'API_TOKEN': SECRET_ENV},
                'secret_env': ['API_TOKEN']}]
    config = {'username': 'acme-bot', 'password': REGISTRY_SECRET}
    run, everything = run_and_collect(fleet, tmp_path, [role_task(private, config)])
    assert run.rc != 0
    assert 'unauthorized' in run.stdout, run.stdout[-3000:]
    assert run.failed_hosts() == sorted(ROUTERS), run.stats
    assert_no_secret(everything)


@pytest.mark.parametrize('module', ['container', 'envlist'])
def test_single_resource_modules_keep_secret_env_values_out_of_every_output(fleet, tmp_path, module):
    for router in ROUTERS:
        fleet.control.reset(router)
    run, everything = run_and_collect(fleet, tmp_path, [module_task(module, SECRET_ENV)])
    run.assert_ok()
    for router in ROUTERS:
        assert [row for row in fleet.control.config(router)['/container/envs'] if row.get('value') == SECRET_ENV], router
    assert 'visible' in everything   # the plain value is shown: the output was not simply empty
    assert_no_secret(everything)
