# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Diffs of removals and of secret changes: RouterOS commands, and never a secret value.

A row being removed comes from the router, which cannot say whether its value was once
secret: the spec that said so may be gone (a dropped key, a retired container, a
``state: absent`` task without ``env``). Real playbooks at ``-vvv --diff`` on 7.16.2 and 7.24;
each secret is first checked to be on the routers, so that its absence from the output means
it was hidden, not that it was never there.
"""

from __future__ import annotations

import pytest

from faults_helpers import NETWORK, SECRET_ENV, ansible_output, run_playbook, start_fleet

ROUTERS = {'r1': '7.16.2', 'r2': '7.24'}
WEB = {'name': 'web', 'image': 'nginx:latest', 'env': {'MODE': 'prod', 'API_TOKEN': SECRET_ENV},
       'secret_env': ['API_TOKEN']}


@pytest.fixture(scope='module')
def fleet():
    simulated = start_fleet(routers=len(ROUTERS), versions=tuple(ROUTERS[name] for name in sorted(ROUTERS)))
    yield simulated
    simulated.stop()


def play(tasks):
    return [{'name': 'removal diffs', 'hosts': 'routers', 'gather_facts': False, 'tasks': tasks}]


def deploy(containers_spec):
    return {'name': 'Deploy', 'ansible.builtin.include_role': {'name': 'routeros_fleet.containers.deploy'},
            'vars': {'routeros_containers': containers_spec, 'routeros_containers_network': NETWORK}}


def env_values(fleet, router):
    return [row.get('value') for row in fleet.control.config(router)['/container/envs']]


def assert_secret_on_routers(fleet):
    for router in ROUTERS:
        assert SECRET_ENV in env_values(fleet, router), router


def assert_hidden(run, secret=SECRET_ENV):
    everything = ansible_output(run)
    assert secret not in everything, everything[max(0, everything.find(secret) - 400):everything.find(secret) + 100]


def diff_text(run, router):
    return ''.join(section['before_header'] + '\n' + section['before'] + section['after'] for section in run.diffs(router))


def test_stack_removal_previews_show_commands_and_no_secret(fleet):
    for router in ROUTERS:
        fleet.control.reset(router)
    run_playbook(fleet, play([deploy([WEB])])).assert_ok()
    assert_secret_on_routers(fleet)

    # The secret key dropped from the spec: its row is removed, the preview must not print its value.
    dropped = dict(WEB, env={'MODE': 'prod'}, secret_env=[])
    run = run_playbook(fleet, play([deploy([dropped])]), check=True, diff=True, verbosity=3)
    run.assert_ok()
    assert_hidden(run)
    for router in ROUTERS:
        text = diff_text(run, router)
        assert 'remove [find ' in text and 'key=API_TOKEN]' in text, text
        assert '%s: container web' % router in text or ': container web' in text, text

    # The whole container retired.
    run = run_playbook(fleet, play([deploy([])]), check=True, diff=True, verbosity=3)
    run.assert_ok()
    assert_hidden(run)
    for router in ROUTERS:
        text = diff_text(run, router)
        assert '/container remove [find ' in text and 'key=API_TOKEN]' in text, text
    assert_secret_on_routers(fleet)   # check mode changed nothing


def test_secret_rotation_shows_one_masked_line(fleet):
    for router in ROUTERS:
        fleet.control.reset(router)
    run_playbook(fleet, play([deploy([WEB])])).assert_ok()
    rotated = SECRET_ENV + '-rotated'
    run = run_playbook(fleet, play([deploy([dict(WEB, env={'MODE': 'prod', 'API_TOKEN': rotated})])]),
                       check=True, diff=True)
    run.assert_ok()
    assert_hidden(run)
    assert_hidden(run, rotated)
    for router in ROUTERS:
        lines = [line for line in diff_text(run, router).splitlines() if 'key=API_TOKEN' in line]
        assert lines and all('value=********' in line for line in lines), diff_text(run, router)
        assert '+/container/envs set [find ' in run.stdout


def test_container_absent_with_diff_shows_no_secret(fleet):
    for router in ROUTERS:
        fleet.control.reset(router)
    solo = {'name': 'solo', 'image': 'alpine:latest', 'env': {'SOLO_TOKEN': SECRET_ENV}, 'secret_env': ['SOLO_TOKEN'],
            'state': 'present'}
    run_playbook(fleet, play([{'name': 'Create', 'routeros_fleet.containers.container': solo}])).assert_ok()
    assert_secret_on_routers(fleet)

    # Removing needs no env: the task that retires a container rarely repeats it.
    run = run_playbook(fleet, play([{'name': 'Remove', 'routeros_fleet.containers.container':
                                     {'name': 'solo', 'state': 'absent'}}]), diff=True, verbosity=3)
    run.assert_ok()
    assert_hidden(run)
    for router in ROUTERS:
        text = diff_text(run, router)
        assert '/container/envs remove [find ' in text and 'key=SOLO_TOKEN]' in text, text
        config = fleet.control.config(router)
        assert SECRET_ENV not in env_values(fleet, router), router
        assert not [row for row in config['/container'] if 'solo' in (row.get('comment') or '') + (row.get('name') or '')]
