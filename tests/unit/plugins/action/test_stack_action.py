# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack task of the deploy role checks the role's variables against the role's argument spec."""

from __future__ import annotations

import os
import re

import yaml

from ansible_collections.routeros_fleet.containers.plugins.action import stack as stack_action
from ansible_collections.routeros_fleet.containers.plugins.modules import stack

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'deploy')
SECRET_ENV = 'env-secret-Rv1'
REGISTRY_PASSWORD = 'registry-secret-Rv2'

ROLE_ARGS = {
    'owner': 'default', 'network': {'name': 'containers', 'subnet': '172.17.0.0/24'}, 'config': {}, 'prune': True,
    'adopt': [], 'adopt_owners': [],
    'containers': [{'name': 'web', 'image': 'nginx:latest', 'env': {'TOKEN': SECRET_ENV}, 'secret_env': ['TOKEN'],
                    'ports': ['8080:80'], 'start_on_boot': True}],
}


def refusal(**changes):
    return stack_action.role_refusal(stack.job(), dict(ROLE_ARGS, **changes), 'r1')


def test_the_role_spec_is_read_once_when_the_plugin_is_loaded():
    assert stack_action.ROLE_SPEC == stack_action.load_role_spec()
    assert 'routeros_containers' in stack_action.ROLE_SPEC


def test_a_missing_spec_file_or_entry_point_leaves_the_plugin_loadable(tmp_path):
    assert stack_action.load_role_spec(str(tmp_path / 'absent.yml')) is None
    other = tmp_path / 'argument_specs.yml'
    other.write_text('argument_specs:\n  other:\n    options: {}\n')
    assert stack_action.load_role_spec(str(other)) is None


def test_valid_role_variables_pass():
    assert refusal() is None
    assert refusal(compose={'text': 'services: {}'}) is None


def test_a_wrong_type_names_the_host_and_the_role_variable():
    result = refusal(prune='maybe')
    assert result['failed'] is True
    assert result['msg'].startswith("host r1: the deploy role's variables are not valid: ")
    assert "'routeros_containers_prune'" in result['msg']
    assert result['argument_errors'] == [result['msg'].split(': ', 2)[2]]


def test_unknown_keys_and_bad_container_options_name_the_variable():
    assert 'routeros_containers_network.foo' in refusal(network={'foo': 1})['msg']
    bad = dict(ROLE_ARGS['containers'][0], start_on_boot='perhaps', bogus=1)
    message = refusal(containers=[bad])['msg']
    assert 'routeros_containers.bogus' in message and "'start_on_boot'" in message and 'routeros_containers' in message
    assert 'missing required arguments: name' in refusal(containers=[{'image': 'nginx'}])['msg']


def test_secrets_never_reach_the_refusal():
    config = {'password': REGISTRY_PASSWORD, 'tmpdirr': REGISTRY_PASSWORD}
    container = dict(ROLE_ARGS['containers'][0], start_on_boot=SECRET_ENV)
    text = repr(refusal(config=config, containers=[container]))
    assert 'routeros_containers_config.tmpdirr' in text
    assert REGISTRY_PASSWORD not in text and SECRET_ENV not in text


class _Role(object):
    def __init__(self, name):
        self.name = name

    def get_name(self, include_role_fqcn=True):
        return self.name


class _Task(object):
    def __init__(self, role):
        self._role = role


def _refusal_of_task(role):
    action = stack_action.ActionModule.__new__(stack_action.ActionModule)
    action._task = _Task(role)
    return action.refusal(stack, dict(ROLE_ARGS, prune='maybe'), 'r1')


def test_only_the_deploy_roles_task_checks_role_variables():
    assert _refusal_of_task(_Role('routeros_fleet.containers.deploy'))['failed'] is True
    assert _refusal_of_task(_Role('someone.else.deploy')) is None
    assert _refusal_of_task(None) is None


def test_the_role_passes_each_variable_in_the_stack_option_the_plugin_expects():
    with open(os.path.join(ROLE, 'tasks', 'main.yml')) as handle:
        tasks = yaml.safe_load(handle)
    stack_tasks = [task for task in tasks if 'routeros_fleet.containers.stack' in task]
    assert len(stack_tasks) == 1
    arguments = stack_tasks[0]['routeros_fleet.containers.stack']
    expected = dict(stack_action.ROLE_VARIABLES)
    assert set(arguments) == set(expected)
    for option, template in arguments.items():
        assert re.match(r'\{\{\s*%s\b' % expected[option], template.strip()), (option, template)
    assert set(expected.values()) <= set(stack_action.ROLE_SPEC)
