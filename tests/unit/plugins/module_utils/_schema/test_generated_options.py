# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The static copies of the container option table (module documentation, the deploy role's
argument_specs.yml) are what tools/generate_options.py writes from it, and agree with the
argument specs the modules really use."""

from __future__ import annotations

import importlib.util
import os
import re

import yaml

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import container as table
from ansible_collections.routeros_fleet.containers.plugins.modules import container as container_module
from ansible_collections.routeros_fleet.containers.plugins.modules import stack as stack_module

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, os.pardir, os.pardir, os.pardir)


def _generator():
    spec = importlib.util.spec_from_file_location('generate_options', os.path.join(REPO, 'tools', 'generate_options.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _documentation(module):
    return yaml.safe_load(module.DOCUMENTATION)['options']


def _documented_spec(options, suboptions_key='suboptions'):
    """An argument spec as the documentation states it (what validate-modules compares)."""
    spec = {}
    for name, entry in options.items():
        spec[name] = dict((key, entry[key]) for key in ('type', 'elements', 'choices', 'default', 'required') if key in entry)
        if suboptions_key in entry:
            spec[name]['options'] = _documented_spec(entry[suboptions_key], suboptions_key)
    return spec


def _without_no_log(spec):
    return dict((name, dict((key, value if key != 'options' else _without_no_log(value)) for key, value in entry.items()
                            if key != 'no_log' and not (key == 'required' and value is False)))
                for name, entry in spec.items())


def test_no_generated_block_is_stale():
    assert _generator().stale_files() == [], 'run: .venv/bin/python tools/generate_options.py'


def test_container_module_documents_its_argument_spec():
    documented = _documentation(container_module)
    options = dict((name, documented[name]) for name in table.argument_spec(table.CONTAINER_MODULE))
    assert _documented_spec(options) == _without_no_log(table.argument_spec(table.CONTAINER_MODULE))


def test_stack_entries_are_documented_and_validated_alike():
    containers = stack_module.ARGUMENT_SPEC['containers']
    assert containers['options'] == table.argument_spec(table.STACK)
    documented = _documentation(stack_module)['containers']['suboptions']
    assert _documented_spec(documented) == _without_no_log(containers['options'])


def test_role_entries_are_the_stack_entries():
    with open(os.path.join(REPO, 'roles', 'deploy', 'meta', 'argument_specs.yml')) as handle:
        role = yaml.safe_load(handle)['argument_specs']['main']['options']['routeros_containers']['options']
    assert _documented_spec(role, 'options') == _without_no_log(table.argument_spec(table.STACK))


def test_a_stack_entry_never_takes_what_the_stack_sets_itself():
    assert not set(table.argument_spec(table.STACK)) & {'interface', 'envlist', 'mountlist'}
    assert 'absent' not in table.argument_spec(table.STACK)['state']['choices']


def test_references_in_generated_text_point_at_options_of_that_page():
    stack_options = set(table.argument_spec(table.STACK))
    text = yaml.safe_dump(_documentation(stack_module)['containers']['suboptions'])
    for reference in re.findall(r'O\(([^)=]+)', text):
        name = reference.split('.', 1)[-1] if reference.startswith('containers[].') else reference
        assert name in stack_options or name in stack_module.ARGUMENT_SPEC, reference
