# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The /container field table against the real /console/inspect trees of every version."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion

# tests/unit/plugins/module_utils/_module_container -> tests/simulator: vendored by tools/vendor_inspect.py.
INSPECT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, os.pardir, os.pardir,
                            'simulator', 'routeros_sim', 'data', 'inspect_trees.json')
with open(INSPECT_FILE) as _handle:
    INSPECT = json.load(_handle)['versions']
INSPECT_FILES = sorted(INSPECT, key=RouterOSVersion.parse)   # release names: 7.15.3 ... 7.24


def _arguments(version):
    menu = INSPECT[version]['/container']
    return dict((verb, set(menu[verb])) for verb in ('add', 'set'))


def _version(version):
    return RouterOSVersion.parse(version)


def test_vendored_trees_cover_ten_releases():
    assert len(INSPECT_FILES) == 10 and INSPECT_FILES[0] == '7.15.3' and INSPECT_FILES[-1] == '7.24'


@pytest.mark.parametrize('path', INSPECT_FILES, ids=str)
def test_every_writable_field_exists_in_that_version(path):
    version = _version(path)
    arguments = _arguments(path)
    resolved = CONTAINER.resolve(version)
    for field in CONTAINER.fields:
        if field.read_only or not resolved.has(field.name):
            continue
        ros_name = resolved.ros_name(field.name)
        assert ros_name in arguments['add'], '%s: %s (%s) is no add argument' % (version, field.name, ros_name)
        assert ros_name in arguments['set'], '%s: %s (%s) is no set argument' % (version, field.name, ros_name)


@pytest.mark.parametrize('path', INSPECT_FILES, ids=str)
def test_no_argument_of_that_version_is_claimed_by_a_missing_step(path):
    """The other direction: an argument the version has must not be mapped as absent there."""
    version = _version(path)
    arguments = _arguments(path)['set']
    resolved = CONTAINER.resolve(version)
    for field in CONTAINER.fields:
        if field.read_only:
            continue
        names = set(name for dummy, name in field.ros if name)
        for name in names & arguments:
            if name == 'name' and version < '7.19':
                continue  # printed before 7.19, but a read-only UUID: deliberately not settable
            assert resolved.has(field.name), '%s has %s, the table says %s is absent' % (version, name, field.name)


def test_renames_follow_routeros_md():
    assert CONTAINER.resolve('7.19.6').ros_name('envlist') == 'envlist'
    assert CONTAINER.resolve('7.20.8').ros_name('envlist') == 'envlists'
    assert CONTAINER.resolve('7.20.8').ros_name('mountlist') == 'mounts'
    assert CONTAINER.resolve('7.21.5').ros_name('mountlist') == 'mountlists'
    assert not CONTAINER.resolve('7.18.2').has('name')
    assert CONTAINER.resolve('7.19.6').has('name')
    assert CONTAINER.resolve('7.22.3').has('auto_restart_interval')
    assert not CONTAINER.resolve('7.23.3').has('auto_restart_interval')
    assert CONTAINER.resolve('7.23.3').has('restart_policy')


def test_state_properties_are_printed_on_every_version():
    for version in ('7.15', '7.18.2', '7.20.8', '7.24'):
        proplist = CONTAINER.resolve(version).proplist()
        for name in ('status', 'tag', 'repo', 'running', 'stopped', '.about', 'comment'):
            assert name in proplist, (version, name)
    assert 'name' in CONTAINER.resolve('7.16.2').proplist()
