# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack module run as the action plugin runs it, on a simulated router: check mode, errors,
masking."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.lease import lease_name
from ansible_collections.routeros_fleet.containers.plugins.modules import stack
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.modules import run_task
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession

SECRET = 'pa55word-in-env'


def factory_router():
    """A 7.24 router with RouterOS's factory configuration, reached at 127.0.0.1."""
    return SimulatorSession('7.24', host='127.0.0.1')


SPEC = {'containers': [{'name': 'web', 'image': 'nginx:latest', 'env': {'TOKEN': SECRET}, 'secret_env': ['TOKEN'],
                        'ports': ['8081:80']}]}


def run_stack(params, session=None, check_mode=False, diff=False):
    args = dict({'hostname': '127.0.0.1', 'password': 'routerpw'}, **params)
    outcome = run_task(stack, args, session, check_mode=check_mode, diff=diff, inventory_hostname='r1.example')
    assert session is None or session.closed or outcome.failed
    return outcome


def test_check_mode_plans_everything_and_writes_nothing():
    session = factory_router()
    outcome = run_stack(SPEC, session, check_mode=True, diff=True)
    assert not outcome.failed and outcome.result['changed'] is True
    assert session.writes == []
    assert outcome.result['summary'] == {'created': 4, 'changed': 0, 'removed': 0, 'unchanged': 0}
    assert outcome.result['msg'] == 'r1.example (RouterOS 7.24): would create 4, would change 0, would remove 0, unchanged 0'
    assert 'pull /container web' in outcome.result['actions']
    assert SECRET not in repr(outcome.result), 'the secret env value is masked everywhere, invocation included'
    assert 'routerpw' not in repr(outcome.result)
    assert outcome.result['invocation']['module_args']['containers'][0]['env']['TOKEN'] != SECRET
    assert outcome.result['router']['version'] == '7.24'
    assert all(section['before_header'].startswith('r1.example: ') for section in outcome.result['diff'])


def test_bad_input_fails_naming_host_and_field_without_connecting():
    outcome = run_stack({'containers': [{'name': 'web', 'image': 'nginx', 'ports': ['80']}]})
    assert outcome.failed
    assert outcome.result['msg'].startswith('host r1.example, field containers[web].ports[0]: ')


def test_unknown_container_option_fails_before_connecting():
    outcome = run_stack({'containers': [{'name': 'web', 'image': 'nginx', 'colour': 'blue'}]})
    assert outcome.failed and 'containers[web].colour' in outcome.result['msg']


def test_argument_errors_are_the_modules_own_and_mask_secrets():
    outcome = run_stack({'prune': 'perhaps', 'containers': [{'name': 'web', 'image': 'nginx', 'env': {'TOKEN': SECRET},
                                                             'secret_env': ['TOKEN']}]})
    assert outcome.failed and 'prune' in outcome.result['msg']
    assert SECRET not in repr(outcome.result) and 'routerpw' not in repr(outcome.result)


def test_a_refused_write_says_what_was_done_and_what_was_not():
    session = factory_router()
    session.trap_next('/ip/address', 'add', 'failure: already have such address')
    outcome = run_stack(SPEC, session)
    assert outcome.failed
    result = outcome.result
    assert result['msg'].startswith('router r1.example (127.0.0.1:8728): network containers (add /ip/address')
    assert 'already have such address' in result['msg']
    assert result['failed_change'].startswith('network containers')
    assert result['applied'] == ['add /interface/bridge containers']
    assert 'container web' in result['not_applied'] and result['changed'] is True
    assert 'actions' not in result, 'a failure reports how far it got, not the whole plan again'
    assert session.writes[0][:2] == ('add', '/system/script'), 'the run lease is taken before the first change'
    assert session.closed and [row for row in session.rows('/system/script') if row['name'] == lease_name('stack=default')] == [], \
        'and given back when the session closes'
