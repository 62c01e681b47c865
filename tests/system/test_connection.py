# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection layer and the action plugin against the simulator, over real TCP and TLS."""

from __future__ import annotations

import socket

import pytest
import yaml

from helpers import run_playbook, write_inventory
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import LoginRejected, RouterError
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.module_utils._api.tls_certs import CertificateAuthority


def params_for(fleet, router, **overrides):
    params = {'hostname': router['host'], 'port': router['port'], 'username': fleet.user, 'password': fleet.password, 'timeout': 5}
    params.update(overrides)
    return params


def closed_port():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


# module_utils directly -----------------------------------------------------------------------------------------


def test_plain_api_reads_what_each_router_is(fleet):
    for router in fleet.routers:
        with connect(params_for(fleet, router)) as session:
            assert str(session.version) == router['version']
            assert session.architecture == router['arch']
            assert session.identity
            assert session.free_hdd_space > 0
            assert session.round_trips == 2
            session.check_container_support()
    counters = fleet.control.counters('r1')
    assert counters['logins'] == 1
    assert counters['writes'] == {}


def test_container_support_explains_device_mode(fleet):
    fleet.control.fault('r2', 'device_mode', container=False)
    try:
        with connect(params_for(fleet, fleet.router('r2'))) as session:
            with pytest.raises(RouterError, match='device-mode does not allow containers: .*physical access'):
                session.check_container_support()
    finally:
        fleet.control.fault('r2', 'clear')


def test_wrong_password_is_rejected_clearly(fleet):
    router = fleet.router('r1')
    with pytest.raises(LoginRejected) as caught:
        connect(params_for(fleet, router, password='not-the-password-4711'))
    message = str(caught.value)
    assert message.startswith("router 127.0.0.1:%d: login rejected for user '%s': " % (router['port'], fleet.user))
    assert 'not-the-password-4711' not in message


def test_refused_port_fails_clearly():
    port = closed_port()
    with pytest.raises(RouterError) as caught:
        connect({'hostname': '127.0.0.1', 'port': port, 'timeout': 3})
    assert str(caught.value) == 'router 127.0.0.1:%d: connection refused (is the API service enabled on this port?)' % port


def test_connection_dropped_mid_session(fleet):
    router = fleet.router('r3')
    with connect(params_for(fleet, router)) as session:
        fleet.control.fault('r3', 'drop_after', sentences=0)
        try:
            with pytest.raises(RouterError) as caught:
                session.print('/container')
        finally:
            fleet.control.fault('r3', 'clear')
    assert str(caught.value) == 'router 127.0.0.1:%d: connection dropped by the router' % router['port']


def test_trap_from_the_simulator_names_menu_and_verb(fleet):
    with connect(params_for(fleet, fleet.router('r1'))) as session:
        fleet.control.fault('r1', 'trap_next', menu='/container/envs', verb='add', message='failure: injected')
        with pytest.raises(RouterError) as caught:
            session.add('/container/envs', {'name': 'x', 'key': 'A', 'value': '1'})
    assert str(caught.value).endswith(': /container/envs add: failure: injected')


def write_pki(directory, common_name, names):
    directory.mkdir()
    return CertificateAuthority(common_name).write(directory, names=names)


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    directory = tmp_path_factory.mktemp('pki')
    return {
        'good': write_pki(directory / 'good', 'routeros_fleet test CA', ('localhost', '127.0.0.1')),
        'other': write_pki(directory / 'other', 'an unrelated CA', ('localhost', '127.0.0.1')),
        'foreign_name': write_pki(directory / 'foreign', 'a third CA', ('router.example.net',)),
    }


def tls_fleet(fleet_factory, paths):
    return fleet_factory(versions=['7.22.3'], tls=True, extra_args=['--cert', paths['cert'], '--key', paths['key']])


def tls_params(fleet, **overrides):
    router = fleet.routers[0]
    return params_for(fleet, router, port=router['tls_port'], tls=True, **overrides)


def test_tls_with_our_ca_and_hostname_check(fleet_factory, pki):
    fleet = tls_fleet(fleet_factory, pki['good'])
    # The name is checked by default; an IP address counts when the certificate lists it.
    with connect(tls_params(fleet, ca_path=pki['good']['ca'])) as session:
        assert str(session.version) == '7.22.3'
    with connect(tls_params(fleet, hostname='localhost', ca_path=pki['good']['ca'], validate_cert_hostname=True)) as session:
        assert session.identity


def test_tls_with_the_wrong_ca_fails_clearly(fleet_factory, pki):
    fleet = tls_fleet(fleet_factory, pki['good'])
    with pytest.raises(RouterError) as caught:
        connect(tls_params(fleet, ca_path=pki['other']['ca']))
    assert str(caught.value) == ('router 127.0.0.1:%d: TLS certificate verification failed: unable to get local issuer certificate'
                                 % fleet.routers[0]['tls_port'])
    # validate_certs=false is the documented way out, and then any certificate does.
    with connect(tls_params(fleet, validate_certs=False)) as session:
        assert session.identity


def test_tls_with_the_wrong_hostname_fails_clearly(fleet_factory, pki):
    fleet = tls_fleet(fleet_factory, pki['foreign_name'])
    ca = pki['foreign_name']['ca']
    port = fleet.routers[0]['tls_port']
    # The right CA, a certificate made for another name: refused by default, by address or by name.
    for hostname in ('127.0.0.1', 'localhost'):
        with pytest.raises(RouterError) as caught:
            connect(tls_params(fleet, hostname=hostname, ca_path=ca))
        message = str(caught.value)
        assert message.startswith('router %s:%d: TLS certificate verification failed: ' % (hostname, port)), message
        assert message.endswith("mismatch, certificate is not valid for '%s'" % hostname), message
    # The documented opt-out for certificates made without the router's name.
    with connect(tls_params(fleet, ca_path=ca, validate_cert_hostname=False)) as session:
        assert session.identity


def test_plain_client_on_the_tls_port_fails_clearly(fleet_factory, pki):
    fleet = tls_fleet(fleet_factory, pki['good'])
    router = fleet.routers[0]
    with pytest.raises(RouterError) as caught:
        connect(params_for(fleet, router, port=router['tls_port'], timeout=2))
    assert str(caught.value).startswith('router 127.0.0.1:%d: ' % router['tls_port'])


# through ansible-playbook and the action plugin ----------------------------------------------------------------------

def info_play(**task_args):
    """A play running container_info on every router, with the given task arguments."""
    return yaml.safe_dump([{
        'name': 'Read the routers',
        'hosts': 'routers',
        'gather_facts': False,
        'tasks': [{'name': 'Container info', 'routeros_fleet.containers.container_info': task_args}],
    }], sort_keys=False)


def host_vars(router, **overrides):
    variables = {
        # Neither ssh nor the host's interpreter may be used: the action plugin runs the module locally.
        'ansible_connection': 'ssh',
        'ansible_python_interpreter': '/nonexistent/python',
        'ansible_host': router['host'],
        'routeros_port': router['port'],
        'routeros_username': 'admin',
    }
    variables.update(overrides)
    return dict((key, value) for key, value in variables.items() if value is not None)


def test_playbook_takes_connection_from_host_variables_and_runs_on_the_controller(fleet, tmp_path):
    # A templated host variable (as with vault or lookups) is rendered before use.
    hosts = dict((router['name'], host_vars(router, routeros_password='{{ api_secret }}')) for router in fleet.routers)
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts, group_vars={'api_secret': fleet.password})
    run = run_playbook(None, info_play(), inventory=inventory, verbosity=3).assert_ok()
    for router in fleet.routers:
        result = run.result(router['name'], 'Container info')
        assert result['router']['version'] == router['version']
        assert result['changed'] is False
    # -vvv shows module invocations; the password must not be in them.
    assert fleet.password not in run.output


def test_task_argument_beats_host_variable_beats_environment(fleet, tmp_path):
    router = fleet.router('r1')
    hosts = {'r1': host_vars(router, routeros_port=closed_port(), routeros_password='wrong-host-var-pass')}
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts)

    # The host variable password is wrong; the environment's right one must not win over it.
    run = run_playbook(None, info_play(port=router['port']), inventory=inventory, env={'ROUTEROS_PASSWORD': fleet.password})
    assert run.rc != 0
    message = run.result('r1', 'Container info')['msg']
    assert "login rejected for user 'admin'" in message
    assert 'wrong-host-var-pass' not in run.output

    # The task's password beats the host variable; the task's port beat the (closed) host variable port.
    run = run_playbook(None, info_play(port=router['port'], password=fleet.password), inventory=inventory)
    run.assert_ok()


def test_environment_fills_what_host_variables_leave_out(fleet, tmp_path):
    router = fleet.router('r2')
    hosts = {'r2': host_vars(router, routeros_username=None)}
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts)
    run = run_playbook(None, info_play(), inventory=inventory,
                       env={'ROUTEROS_PASSWORD': fleet.password, 'ROUTEROS_USERNAME': fleet.user})
    run.assert_ok()
    assert run.result('r2', 'Container info')['router']['version'] == router['version']
    assert fleet.password not in run.output


def test_hostname_order_routeros_hostname_then_ansible_host_then_inventory_hostname(fleet, tmp_path):
    router = fleet.router('r3')
    hosts = {
        # routeros_hostname wins over a bogus ansible_host
        'via-routeros-hostname': host_vars(router, ansible_host='no-such-router.invalid', routeros_hostname=router['host'],
                                           routeros_password=fleet.password),
        # no address variable at all: the inventory name is the address
        router['host']: host_vars(router, ansible_host=None, routeros_password=fleet.password),
    }
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts)
    run = run_playbook(None, info_play(), inventory=inventory)
    run.assert_ok()
    assert sorted(run.stats) == sorted(hosts)


def test_unreachable_router_fails_its_host_only_with_one_clear_line(fleet, tmp_path):
    router = fleet.router('r1')
    dead_port = closed_port()
    hosts = {'alive': host_vars(router, routeros_password=fleet.password),
             'dead': host_vars(router, routeros_port=dead_port, routeros_password=fleet.password)}
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts)
    run = run_playbook(None, info_play(), inventory=inventory)
    assert run.rc != 0
    assert run.failed_hosts() == ['dead']
    # The inventory name first, then the address it was reached at.
    assert run.result('dead', 'Container info')['msg'] == (
        'router dead (127.0.0.1:%d): connection refused (is the API service enabled on this port?)' % dead_port)


def test_plain_api_towards_another_machine_warns_once_per_run(fleet, tmp_path):
    router = fleet.router('r1')
    # 192.0.2.1 (TEST-NET-1, RFC 5737) stands for a router elsewhere; whether it answers does not matter.
    far = host_vars(router, ansible_host='192.0.2.1', routeros_port=closed_port(), routeros_password=fleet.password,
                    routeros_timeout=1)
    hosts = {'far1': far, 'far2': dict(far), 'near': host_vars(router, routeros_password=fleet.password)}
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts)
    run = run_playbook(None, info_play(), inventory=inventory)
    assert run.failed_hosts() == ['far1', 'far2']
    warning = 'travel in clear text'
    for name in ('far1', 'far2'):
        assert [text for text in run.result(name, 'Container info').get('warnings', []) if warning in text], name
    assert not run.result('near', 'Container info').get('warnings')
    shown = (run.stdout + run.stderr).replace('\n', ' ')
    assert shown.count(warning) == 1, shown
    assert 'routeros_tls: true' in shown and 'subject-alt-name' in shown


def test_plain_api_on_this_machine_does_not_warn(fleet, tmp_path):
    hosts = dict((router['name'], host_vars(router, routeros_password=fleet.password)) for router in fleet.routers[:1])
    hosts['by-name'] = host_vars(fleet.routers[0], ansible_host='localhost', routeros_password=fleet.password)
    inventory = write_inventory(tmp_path / 'inventory.yml', hosts)
    run = run_playbook(None, info_play(), inventory=inventory).assert_ok()
    assert 'clear text' not in run.stdout + run.stderr
