# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which objects with the names a stack wants are its own: conflicts, adoption, list names."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_ENVS, FIREWALL_NAT, VETH
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.ownership import (
    check_claims, container_of_list, list_name, plan_adoption,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import parse_stack

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.module_utils._stack.test_planner import default_rows, state_of

PIHOLE = {'name': 'pihole', 'image': 'pihole/pihole:latest', 'env': {'TZ': 'UTC'}}


def _stack(**params):
    params.setdefault('containers', [PIHOLE])
    return parse_stack(params)


def _state(version='7.24', **extra):
    rows = default_rows()
    for object_type, items in extra.items():
        rows[{'veth': VETH, 'envs': CONTAINER_ENVS, 'container': CONTAINER, 'nat': FIREWALL_NAT}[object_type]] = items
    return state_of(rows, version)


def test_unmarked_veth_with_our_name_is_a_conflict_naming_how_to_adopt():
    state = _state(veth=[{'.id': '*9', 'name': 'veth-pihole', 'address': '172.17.0.9/24'}])
    with pytest.raises(SpecError, match=r'veth veth-pihole .*adopt: \[pihole\]'):
        check_claims(_stack(), state, {'pihole': 'pihole'})
    plan = check_claims(_stack(adopt=['pihole']), state, {'pihole': 'pihole'})
    assert [change.attrs for change in plan] == [{'comment': '[rfc:stack=default]'}]


def test_another_owners_container_is_a_conflict_on_7_19_and_invisible_before():
    row = {'.id': '*9', 'name': 'pihole', 'comment': '[rfc:stack=teamb#pihole]'}
    with pytest.raises(SpecError, match='belongs to stack=teamb'):
        check_claims(_stack(), _state(container=[row]), {'pihole': 'pihole'})
    # Before 7.19 the name is a UUID: only the marker identifies a container.
    assert not check_claims(_stack(), _state('7.16.2', container=[dict(row, name='1b2c')]), {'pihole': 'pihole'})


def test_our_own_objects_are_no_conflict():
    state = _state(veth=[{'.id': '*9', 'name': 'veth-pihole', 'comment': '[rfc:stack=default]'}],
                   envs=[{'.id': '*A', 'list': 'pihole', 'key': 'TZ', 'value': 'UTC', 'comment': '[rfc:stack=default]'}])
    assert not check_claims(_stack(), state, {'pihole': 'pihole'})


def test_previous_owner_is_adopted_keeping_keys():
    state = _state(nat=[{'.id': '*9', 'chain': 'dstnat', 'action': 'dst-nat', 'comment': 'web [rfc:stack=teama#pihole:tcp/80]'}])
    plan = plan_adoption(_stack(owner='web', adopt_owners=['teama']), state)
    assert [change.attrs for change in plan] == [{'comment': 'web [rfc:stack=web#pihole:tcp/80]'}]
    assert not plan_adoption(_stack(owner='web'), state)


def test_list_names_are_owner_qualified_for_new_lists_and_stable_for_existing_ones():
    assert list_name(_stack(), 'pihole', _state()) == 'pihole'
    assert list_name(_stack(owner='teamb'), 'pihole', _state()) == 'pihole@teamb'
    existing = _state(envs=[{'.id': '*A', 'list': 'pihole', 'key': 'TZ', 'value': 'UTC', 'comment': '[rfc:stack=teamb]'}])
    assert list_name(_stack(owner='teamb'), 'pihole', existing) == 'pihole'
    adopted = _state(envs=[{'.id': '*A', 'list': 'pihole@teama', 'key': 'TZ', 'value': 'UTC', 'comment': '[rfc:stack=web]'}])
    assert list_name(_stack(owner='web'), 'pihole', adopted) == 'pihole@teama'
    assert container_of_list('pihole@teama') == 'pihole'
