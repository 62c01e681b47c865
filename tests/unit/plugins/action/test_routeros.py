# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugin: which connection options it takes from host variables, and the run in the
worker process (tests/system runs it for real)."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import connection_options_from_host
from ansible_collections.routeros_fleet.containers.plugins.modules import envlist, port_forward, stack
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.modules import run_task
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession


def fill(task_args, task_vars, environ=None):
    return connection_options_from_host(task_args, task_vars, lambda value: value, environ=environ or {})


def test_every_option_from_its_host_variable():
    task_vars = {'inventory_hostname': 'r1', 'ansible_host': '10.0.0.1', 'routeros_port': 8729, 'routeros_username': 'ops',
                 'routeros_password': 'pw', 'routeros_tls': True, 'routeros_validate_certs': False,
                 'routeros_validate_cert_hostname': True, 'routeros_ca_path': '/ca.pem', 'routeros_timeout': 3}
    assert fill({}, task_vars) == {'hostname': '10.0.0.1', 'port': 8729, 'username': 'ops', 'password': 'pw', 'tls': True,
                                   'validate_certs': False, 'validate_cert_hostname': True, 'ca_path': '/ca.pem', 'timeout': 3}


def test_task_arguments_are_never_overridden():
    task_vars = {'inventory_hostname': 'r1', 'ansible_host': '10.0.0.1', 'routeros_password': 'host-pw', 'routeros_tls': True}
    assert fill({'hostname': 'h', 'password': 'task-pw', 'tls': False}, task_vars) == {}


def test_hostname_order():
    assert fill({}, {'inventory_hostname': 'r1', 'ansible_host': 'a', 'routeros_hostname': 'b'})['hostname'] == 'b'
    assert fill({}, {'inventory_hostname': 'r1', 'ansible_host': 'a'})['hostname'] == 'a'
    assert fill({}, {'inventory_hostname': 'r1'})['hostname'] == 'r1'
    # ROUTEROS_HOSTNAME beats only the inventory name, which every host has.
    assert 'hostname' not in fill({}, {'inventory_hostname': 'r1'}, environ={'ROUTEROS_HOSTNAME': 'env-host'})
    assert fill({}, {'inventory_hostname': 'r1', 'ansible_host': 'a'}, environ={'ROUTEROS_HOSTNAME': 'e'})['hostname'] == 'a'


def test_unset_and_empty_variables_leave_the_option_to_the_environment():
    assert fill({}, {'inventory_hostname': 'r1', 'routeros_password': None, 'routeros_port': ''}) == {'hostname': 'r1'}


def test_values_are_templated():
    filled = connection_options_from_host({}, {'inventory_hostname': 'r1', 'routeros_password': '{{ secret }}'},
                                          lambda value: 's3cret' if value == '{{ secret }}' else value, environ={})
    assert filled['password'] == 's3cret'


# The run in the worker process: arguments validated as the module would, secrets masked in all of it.

SECRET_ENV = 'env-secret-Ut1'
API_PASSWORD = 'api-secret-Ut2'


def run_envlist(args, session=None, check_mode=False, diff=False, inventory_hostname='r1'):
    session = session if session is not None else SimulatorSession('7.20.8', host='192.0.2.1')
    args = dict({'hostname': '192.0.2.1', 'password': API_PASSWORD}, **args)
    outcome = run_task(envlist, args, session, check_mode=check_mode, diff=diff, inventory_hostname=inventory_hostname)
    return outcome.result, session


ENVLIST = {'name': 'web', 'env': {'TOKEN': SECRET_ENV, 'TZ': 'UTC'}, 'secret_keys': ['TOKEN']}


def test_check_mode_and_diff_come_from_the_task_and_nothing_is_written():
    result, session = run_envlist(ENVLIST, check_mode=True, diff=True)
    assert result['changed'] is True and session.writes == []
    assert result['actions'] == ['add /container/envs web/TOKEN', 'add /container/envs web/TZ']
    assert result['diff'] and SECRET_ENV not in repr(result)


def test_secrets_are_masked_everywhere_invocation_included():
    result, session = run_envlist(ENVLIST)
    assert result['changed'] is True and len(session.writes) == 2
    args = result['invocation']['module_args']
    assert args['env']['TZ'] == 'UTC' and args['env']['TOKEN'] != SECRET_ENV and args['password'] != API_PASSWORD
    assert SECRET_ENV not in repr(result) and API_PASSWORD not in repr(result)


def test_argument_errors_are_the_modules_own_and_mask_secrets():
    result, session = run_envlist(dict(ENVLIST, colour='blue'))
    assert result['failed'] and result['msg'].startswith('Unsupported parameters for (envlist) module: colour.')
    assert session.calls == []
    assert SECRET_ENV not in repr(result) and API_PASSWORD not in repr(result)
    result, dummy = run_envlist(dict(ENVLIST, purge='perhaps'))
    assert result['failed'] and 'purge' in result['msg'] and "'perhaps'" in result['msg']


def test_a_bad_value_names_the_inventory_host_and_the_field_without_connecting():
    result, session = run_envlist({'name': 'web', 'env': {'9X': 'a'}})
    assert result['failed'] and result['msg'].startswith('host r1, field env.9X:')
    assert session.calls == []


def test_a_bad_stack_entry_names_the_inventory_host_and_the_entry_before_argument_validation():
    session = SimulatorSession('7.20.8', host='192.0.2.1')
    args = {'hostname': '192.0.2.1', 'password': API_PASSWORD,
            'containers': [{'name': 'web', 'image': 'nginx', 'start_on_boot': 'maybe'}]}
    result = run_task(stack, args, session, inventory_hostname='r1').result
    assert result['failed'] and result['msg'].startswith('host r1, field containers[web].start_on_boot:'), result['msg']
    assert session.calls == [] and API_PASSWORD not in repr(result)


def test_router_errors_name_the_inventory_host_and_the_address():
    session = SimulatorSession('7.20.8', host='192.0.2.1')
    session.router.inject_fault('trap_next', menu='/container/envs', verb='add', message='failure: out of memory')
    result, dummy = run_envlist(ENVLIST, session=session)
    assert result['failed'] and result['msg'].startswith('router r1 (192.0.2.1:8728): add /container/envs web/TOKEN failed')
    assert result['failed_change'] == 'add /container/envs web/TOKEN' and result['changed'] is False
    assert result['not_applied'] == ['add /container/envs web/TZ']


def test_connection_options_fall_back_to_the_environment(monkeypatch):
    monkeypatch.setenv('ROUTEROS_PASSWORD', API_PASSWORD)
    monkeypatch.setenv('ROUTEROS_HOSTNAME', '192.0.2.9')
    outcome = run_task(envlist, ENVLIST, SimulatorSession('7.20.8'))
    assert not outcome.failed, outcome.result
    [params] = outcome.connects
    assert params['password'] == API_PASSWORD and params['hostname'] == '192.0.2.9'
    assert API_PASSWORD not in repr(outcome.result), 'a password from the environment is a no_log value too'


def test_an_unexpected_exception_is_a_failed_result_with_secrets_masked():
    def connect(params):
        raise ValueError('cannot use %s' % params['password'])

    result = run_task(envlist, dict(ENVLIST, hostname='h', password=API_PASSWORD), connect=connect).result
    assert result['failed'] and 'internal error: ValueError' in result['msg']
    assert API_PASSWORD not in repr(result)


def test_warnings_are_passed_as_modules_pass_them():
    session = SimulatorSession('7.20.8', host='192.0.2.1')
    session.seed('/ip/firewall/nat', {'chain': 'dstnat', 'protocol': 'tcp', 'dst-port': '8080', 'action': 'dst-nat',
                                      'to-addresses': '10.0.0.5', 'comment': 'by hand'})
    result = run_task(port_forward, {'hostname': '192.0.2.1', 'name': 'web', 'to_address': '172.17.0.2', 'rules': ['8080:80']},
                      session, inventory_hostname='r1').result
    assert not result.get('failed'), result
    assert any('8080' in warning for warning in result.get('warnings', [])), result
