# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which connection options the action plugin takes from host variables (tests/system runs it for real)."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import connection_options_from_host


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
