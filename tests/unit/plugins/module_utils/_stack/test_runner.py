# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack module's run with a recorded router session: check mode, errors, masking."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.runner import run_stack_module

SECRET = 'pa55word-in-env'


class Exit(Exception):
    def __init__(self, result, failed):
        super(Exit, self).__init__(result.get('msg'))
        self.result = result
        self.failed = failed


class FakeModule(object):
    def __init__(self, params, check_mode=False, diff=False):
        self.params = dict({'hostname': 'r1.example', 'owner': 'default', 'prune': True, 'network': None, 'config': None},
                           **params)
        self.check_mode = check_mode
        self._diff = diff
        self.no_log_values = set()
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def exit_json(self, **result):
        raise Exit(result, failed=False)

    def fail_json(self, **result):
        raise Exit(result, failed=True)


class FakeSession(object):
    """Answers prints from a factory-default 7.24 router and records every write."""

    host, port, identity, version = 'r1.example', 8728, 'r1', RouterOSVersion.parse('7.24')

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


def run(module, session):
    with pytest.raises(Exit) as caught:
        run_stack_module(module, connect=lambda params: session)
    assert session.closed or caught.value.failed
    return caught.value


def test_check_mode_plans_everything_and_writes_nothing():
    session = FakeSession()
    module = FakeModule(SPEC, check_mode=True, diff=True)
    outcome = run(module, session)
    assert not outcome.failed and outcome.result['changed'] is True
    assert session.writes == []
    assert outcome.result['summary'] == {'created': 4, 'changed': 0, 'removed': 0, 'unchanged': 0}
    assert 'pull /container web' in outcome.result['actions']
    assert SECRET in module.no_log_values, 'AnsibleModule masks these in every output'
    assert SECRET not in repr(outcome.result['diff'])
    assert outcome.result['router']['version'] == '7.24'


def test_bad_input_fails_naming_host_and_field_without_connecting():
    def connect(params):
        raise AssertionError('must not connect')
    module = FakeModule({'containers': [{'name': 'web', 'image': 'nginx', 'ports': ['80']}]})
    with pytest.raises(Exit) as caught:
        run_stack_module(module, connect=connect)
    assert caught.value.failed
    assert caught.value.result['msg'].startswith('host r1.example, field containers[web].ports[0]: ')


def test_unknown_container_option_fails_before_connecting():
    module = FakeModule({'containers': [{'name': 'web', 'image': 'nginx', 'colour': 'blue'}]})
    with pytest.raises(Exit) as caught:
        run_stack_module(module, connect=lambda params: pytest.fail('must not connect'))
    assert 'containers[web].colour' in caught.value.result['msg']


def test_a_refused_write_says_what_was_done_and_what_was_not():
    session = FakeSession(fail_on=('/ip/address', 'add'))
    outcome = run(FakeModule(SPEC), session)
    assert outcome.failed
    result = outcome.result
    assert result['msg'].startswith('router r1.example:8728: network containers (add /ip/address')
    assert 'already have such address' in result['msg']
    assert result['applied'] == ['add /interface/bridge containers']
    assert 'container web' in result['not_applied'] and result['changed'] is True
    assert 'actions' not in result, 'a failure reports how far it got, not the whole plan again'
    assert session.writes[0][:2] == ('/system/script', 'add') and session.lease_released
