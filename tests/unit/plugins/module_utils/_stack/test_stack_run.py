# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack module run as the action plugin runs it, with a recorded router session: check mode,
errors, masking."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion
from ansible_collections.routeros_fleet.containers.plugins.action.routeros import run_front
from ansible_collections.routeros_fleet.containers.plugins.modules import stack

SECRET = 'pa55word-in-env'


class FakeSession(object):
    """Answers prints from a factory-default 7.24 router and records every write."""

    host, port, identity, version = '127.0.0.1', 8728, 'r1', RouterOSVersion.parse('7.24')

    def __init__(self, fail_on=None):
        self.writes = []
        self.fail_on = fail_on
        self.closed = False

    def check_container_support(self):
        return None

    def print(self, menu, proplist=None, query=None):
        return []   # /system/script: no other run holds the lease

    def on_close(self, callback):
        self.on_close_callbacks = getattr(self, 'on_close_callbacks', []) + [callback]

    def print_many(self, requests):
        rows = {'/interface/list': [{'.id': '*1', 'name': 'LAN'}, {'.id': '*2', 'name': 'WAN'}],
                '/container/config': [{'registry-url': 'https://registry-1.docker.io'}]}
        return [rows.get(menu, []) for menu, _proplist in requests]

    def _write(self, menu, verb, attrs):
        if self.fail_on == (menu, verb):
            raise RouterTrap(self.host, self.port, menu, verb, 'failure: already have such address')
        self.writes.append((menu, verb, attrs))
        return '*%X' % (100 + len(self.writes))

    def add(self, menu, attrs):
        return self._write(menu, 'add', attrs)

    def set(self, menu, item_id, attrs):
        return self._write(menu, 'set', attrs)

    def remove(self, menu, item_id):
        return self._write(menu, 'remove', {})

    def command(self, menu, verb, attrs):
        return self._write(menu, verb, attrs)

    def close(self):
        self.lease_released = bool(getattr(self, 'on_close_callbacks', []))
        self.closed = True


SPEC = {'containers': [{'name': 'web', 'image': 'nginx:latest', 'env': {'TOKEN': SECRET}, 'secret_env': ['TOKEN'],
                        'ports': ['8081:80']}]}


class Outcome(object):
    def __init__(self, result):
        self.result = result
        self.failed = bool(result.get('failed'))


def run_stack(params, session=None, check_mode=False, diff=False):
    args = dict({'hostname': '127.0.0.1', 'password': 'routerpw'}, **params)
    connect = (lambda params: session) if session is not None else (lambda params: pytest.fail('must not connect'))
    outcome = Outcome(run_front(stack, args, check_mode=check_mode, diff=diff, inventory_hostname='r1.example', connect=connect))
    assert session is None or session.closed or outcome.failed
    return outcome


def test_check_mode_plans_everything_and_writes_nothing():
    session = FakeSession()
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
    session = FakeSession(fail_on=('/ip/address', 'add'))
    outcome = run_stack(SPEC, session)
    assert outcome.failed
    result = outcome.result
    assert result['msg'].startswith('router r1.example (127.0.0.1:8728): network containers (add /ip/address')
    assert 'already have such address' in result['msg']
    assert result['failed_change'].startswith('network containers')
    assert result['applied'] == ['add /interface/bridge containers']
    assert 'container web' in result['not_applied'] and result['changed'] is True
    assert 'actions' not in result, 'a failure reports how far it got, not the whole plan again'
    assert session.writes[0][:2] == ('/system/script', 'add') and session.lease_released
