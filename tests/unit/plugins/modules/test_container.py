# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container and container_info module fronts: results, check mode, failures."""

from __future__ import annotations

import json

from ansible_collections.routeros_fleet.containers.plugins.modules import container, container_info
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.modules import run_main
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession

PULL_SECONDS = 30      # longer than any shipped image takes to download and extract


def Session(version='7.20.8'):
    return SimulatorSession(version, host='r1')


def run(module, session, check_mode=False, diff=False, **params):
    outcome = run_main(module, dict(dict(hostname='r1', password='secret'), **params), session, check_mode=check_mode, diff=diff)
    return outcome, outcome.connects


def test_create_reports_actions_timings_and_the_container():
    session = Session()
    outcome, dummy = run(container, session, name='web', image='nginx', env={'TOKEN': 'abc'}, secret_env=['TOKEN'])
    assert not outcome.failed, outcome.result
    result = outcome.result
    assert result['changed'] and result['steps'] == ['pull', 'start']
    assert result['actions'] == ['add /container/envs web/TOKEN', 'pull /container web', 'start /container web']
    assert set(result['timings']) == {'pull', 'start'}
    assert session.router.running_config('web')['env']['TOKEN'] == 'abc'
    assert session.closed
    assert result['container']['name'] == 'web' and result['container']['status'] == 'running'
    assert 'abc' not in json.dumps(result)


def test_check_mode_sends_no_write():
    session = Session()
    outcome, dummy = run(container, session, check_mode=True, diff=True, name='web', image='nginx')
    assert outcome.result['changed'] and outcome.result['steps'] == ['pull', 'start']
    assert session.writes == []
    assert 'remote-image=nginx ' in outcome.result['diff'][0]['after']


def test_bad_input_fails_before_connecting():
    outcome, connected = run(container, Session(), name='web', image='nginx', stop_time='soon')
    assert outcome.failed and outcome.result['msg'].startswith('host r1, field stop_time:')
    assert connected == []


def test_option_the_version_lacks_fails_before_any_write():
    session = Session('7.20.8')
    outcome, dummy = run(container, session, name='web', image='nginx', memory_max='1G')
    assert outcome.failed
    assert outcome.result['msg'] == 'host r1, field memory_max: needs RouterOS 7.23 or later; this router runs 7.20.8'
    assert session.writes == []


def test_failed_pull_reports_reason_and_log():
    session = Session()
    session.router.inject_fault('fail_next_pull', reason='registry down')
    outcome, dummy = run(container, session, name='web', image='nginx')
    assert outcome.failed
    assert 'registry down' in outcome.result['msg']
    assert outcome.result['reason'] == 'container web: registry down'
    assert outcome.result['log_lines'] == ['container web: registry down']
    assert outcome.result['steps'] == ['pull', 'start']
    assert session.menus['/container'] == []          # the half-made container was removed


def test_info_masks_secrets_and_describes_the_router():
    session = Session()
    session.seed('/container/envs', {'list': 'web', 'key': 'DB_PASSWORD', 'value': 'p'}, {'list': 'web', 'key': 'TZ', 'value': 'UTC'},
                 {'list': 'web', 'key': 'MINE', 'value': 'm'})
    session.seed('/interface/veth', {'name': 'veth1', 'address': '172.17.0.2/24', 'gateway': '172.17.0.1'})
    [item_id] = session.seed('/container', {'name': 'web', 'remote-image': 'nginx', 'envlists': 'web', 'interface': 'veth1',
                                            'comment': '[rfc:container=web]'})
    session.advance(PULL_SECONDS)
    session.router.execute('/container', 'start', {'.id': item_id})
    session.advance(PULL_SECONDS)
    outcome, dummy = run(container_info, session, secret_env=['MINE'])
    assert not outcome.failed
    result = outcome.result
    assert result['router']['version'] == '7.20.8' and result['router']['containers_allowed']
    described = result['containers'][0]
    assert described['name'] == 'web' and described['status'] == 'running'
    assert described['options']['state'] == 'started' and described['options']['image'] == 'library/nginx:latest'
    assert described['env'] == {'web': {'DB_PASSWORD': '********', 'TZ': 'UTC', 'MINE': '********'}}
    assert described['options']['interface'] == ['veth1'] and described['options']['envlist'] == ['web']
