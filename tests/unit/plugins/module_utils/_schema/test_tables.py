# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The tables against ROUTEROS.md section 1 and the real /console/inspect trees."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import tables
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion

# tests/unit/plugins/module_utils/_schema -> tests/simulator: vendored by tools/vendor_inspect.py.
INSPECT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, os.pardir, os.pardir,
                            'simulator', 'routeros_sim', 'data', 'inspect_trees.json')
VERSIONS = ('7.15.3', '7.16.2', '7.17.1', '7.18.2', '7.19.6', '7.20.8', '7.21.5', '7.22.3', '7.23.3', '7.24')


def ros(object_type, field, version):
    return object_type.field(field).ros_name(version)


# (object type, field, {version: expected RouterOS name}) from ROUTEROS.md section 1.
EXPECTED = [
    (tables.CONTAINER_ENVS, 'list', {'7.15.3': 'name', '7.19.6': 'name', '7.20.8': 'list', '7.24': 'list'}),
    (tables.CONTAINER_ENVS, 'disabled', {'7.20.8': None, '7.21.5': 'disabled'}),
    (tables.CONTAINER_MOUNTS, 'list', {'7.20.8': 'name', '7.21.5': 'list'}),
    (tables.CONTAINER_MOUNTS, 'read_only', {'7.19.6': None, '7.20.8': 'read-only', '7.22.3': 'read-only', '7.23.3': None}),
    (tables.CONTAINER_MOUNTS, 'mode', {'7.22.3': None, '7.23.3': 'mode', '7.24': 'mode'}),
    (tables.CONTAINER_MOUNTS, 'disabled', {'7.20.8': None, '7.21.5': 'disabled'}),
    (tables.CONTAINER_CONFIG, 'memory_high', {'7.15.3': 'ram-high', '7.19.6': 'ram-high', '7.20.8': 'memory-high'}),
    (tables.CONTAINER_CONFIG, 'memory_max', {'7.22.3': None, '7.23.3': 'memory-max'}),
    (tables.CONTAINER_CONFIG, 'swap_max', {'7.23.3': None, '7.24': 'swap-max'}),
    (tables.VETH, 'dhcp', {'7.19.6': None, '7.20.8': 'dhcp'}),
    (tables.VETH, 'mac_address', {'7.19.6': None, '7.20.8': 'mac-address'}),
    (tables.VETH, 'container_mac_address', {'7.20.8': None, '7.21.5': 'container-mac-address'}),
    (tables.VETH, 'gateway6', {'7.15.3': 'gateway6', '7.24': 'gateway6'}),
]


@pytest.mark.parametrize('object_type, field, expected', EXPECTED, ids=lambda item: getattr(item, 'name', None))
def test_documented_renames(object_type, field, expected):
    for version, name in expected.items():
        assert ros(object_type, field, version) == name, (object_type.name, field, version)


@pytest.mark.parametrize('object_type', tables.ALL_TYPES, ids=lambda item: item.name)
@pytest.mark.parametrize('version', VERSIONS)
def test_every_table_resolves_on_every_version(object_type, version):
    resolved = object_type.resolve(version)
    assert resolved.menu == object_type.menu
    for identity in object_type.identity:
        assert resolved.has(identity), (object_type.name, identity, version)
    proplist = resolved.proplist()
    assert proplist[0] == '.id' and len(set(proplist)) == len(proplist)


def test_missing_field_is_a_spec_error_naming_version_and_host():
    resolved = tables.CONTAINER_CONFIG.resolve('7.20.8')
    with pytest.raises(SpecError) as info:
        resolved.require('memory_max', host='r1')
    assert 'needs RouterOS 7.23' in str(info.value) and 'r1' in str(info.value) and 'memory_max' in str(info.value)
    with pytest.raises(SpecError, match='removed in 7.23'):
        tables.CONTAINER_MOUNTS.resolve('7.24').require('read_only', host='r1')


def test_capabilities():
    assert not tables.supports('veth.several_addresses', '7.19.6')
    assert tables.supports('veth.several_addresses', '7.20')
    assert not tables.supports('mounts.shared_list_name', '7.20.8')
    assert tables.supports('mounts.shared_list_name', '7.21.5')


# --- against the real command trees -----------------------------------------------------------

def _load_inspect():
    """{version: {menu: {verb: [arguments]}}}: the trees vendored for the simulator's conformance tests."""
    with open(INSPECT_FILE) as handle:
        return json.load(handle)['versions']


INSPECT = _load_inspect()


def menu_arguments(menus, path):
    """Every argument `add` or `set` of ``path`` takes in one inspect tree."""
    assert path in menus, path
    arguments = set()
    for verb in ('add', 'set'):
        arguments.update(menus[path].get(verb, ()))
    return arguments


def test_inspect_covers_the_documented_versions():
    assert set(VERSIONS) <= set(INSPECT)


@pytest.mark.parametrize('object_type', tables.ALL_TYPES, ids=lambda item: item.name)
def test_every_name_exists_in_that_versions_inspect(object_type):
    """Each RouterOS name a table uses on a version is an argument of that menu on that version,
    and a name the table has moved away from is gone there (renames happen on the right release)."""
    for version in sorted(INSPECT, key=RouterOSVersion.parse):
        arguments = menu_arguments(INSPECT[version], object_type.menu)
        resolved = object_type.resolve(version)
        used_now = set()
        for field in object_type.fields:
            if field.read_only:
                continue
            name = field.ros_name(version)
            if name is not None:
                used_now.add(name)
                assert name in arguments, '%s %s: %s not in inspect' % (version, object_type.menu, name)
        for field in object_type.fields:
            for dummy, other in field.ros:
                if other and other not in used_now and not field.read_only:
                    assert other not in arguments or other in resolved.ros_names.values(), (
                        '%s %s: %s still exists but the table dropped it' % (version, object_type.menu, other))
