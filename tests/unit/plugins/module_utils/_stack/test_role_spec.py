# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The deploy role validates the same spec the stack module accepts: the two must not drift."""

from __future__ import annotations

import os

import yaml

from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.options import CONTAINER_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import (
    CONFIG_KEYS, MANAGED_CONTAINER_OPTIONS, NETWORK_KEYS, STACK_CONTAINER_KEYS,
)

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', '..', 'roles', 'deploy')


def _load(*parts):
    with open(os.path.join(ROLE, *parts)) as handle:
        return yaml.safe_load(handle)


def test_every_container_option_and_stack_key_is_in_the_role_spec():
    options = _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
    container_keys = set(options['routeros_containers']['options'])
    expected = (set(CONTAINER_ARGUMENT_SPEC) - set(MANAGED_CONTAINER_OPTIONS)) | set(STACK_CONTAINER_KEYS)
    assert container_keys == expected
    assert set(options['routeros_containers_network']['options']) == set(NETWORK_KEYS)
    assert set(options['routeros_containers_config']['options']) == set(CONFIG_KEYS)
    assert options['routeros_containers_config']['options']['password']['no_log'] is True


def test_container_option_types_match_the_container_module():
    options = _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']['routeros_containers']['options']
    for key, spec in CONTAINER_ARGUMENT_SPEC.items():
        if key in options and key not in STACK_CONTAINER_KEYS:
            assert options[key]['type'] == spec['type'], key


def test_defaults_repeat_the_argument_spec_defaults():
    options = _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']
    defaults = _load('defaults', 'main.yml')
    assert set(defaults) == set(name for name, spec in options.items() if not spec.get('required'))
    for name, spec in options.items():
        if not spec.get('required'):
            assert defaults[name] == spec['default'], name


def test_the_container_list_has_no_default():
    # Undefined must fail the run, not plan the removal of every container.
    assert _load('meta', 'argument_specs.yml')['argument_specs']['main']['options']['routeros_containers']['required'] is True
    assert 'routeros_containers' not in _load('defaults', 'main.yml')
