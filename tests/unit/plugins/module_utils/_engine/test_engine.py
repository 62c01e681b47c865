# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""State reading, plan helpers, apply (check mode, traps mid-plan, id references), diffs."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import ApplyError, apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import mask
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import (
    Change, Plan, plan_add, plan_remove, plan_update)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    BRIDGE, CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_NAT, VETH)

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession


def test_state_reads_every_menu_in_one_round_trip_with_proplist():
    session = SimulatorSession('7.20.8')
    session.seed('/container/envs', {'list': 'a', 'key': 'K', 'value': 'v'})
    session.seed('/interface/veth', {'name': 'veth1', 'address': '172.17.0.2/24'})
    assert 'running' in session.menus['/interface/veth'][0]
    state = RouterState.read(session, [CONTAINER_ENVS, VETH, CONTAINER_ENVS])
    assert session.print_rounds == 1
    assert [call[1] for call in session.calls] == ['/container/envs', '/interface/veth']
    row = state.rows(CONTAINER_ENVS)[0]
    assert row.values['list'] == 'a' and 'running' not in state.first(VETH, name='veth1').raw
    assert state.first(VETH, name='veth1').values['address'] == ['172.17.0.2/24']


def test_state_maps_names_per_version_and_fills_defaults():
    state = RouterState.from_rows('r1', '7.16.2', {CONTAINER_MOUNTS: [{'.id': '*1', 'name': 'm', 'src': 'usb1/x', 'dst': 'data'}]})
    row = state.rows(CONTAINER_MOUNTS)[0]
    assert row.values['list'] == 'm' and row.values['src'] == '/usb1/x' and row.values['dst'] == '/data'
    assert 'read_only' not in row.values  # 7.16 has no read-only at all
    state = RouterState.from_rows('r1', '7.23.3', {CONTAINER_MOUNTS: [{'.id': '*1', 'list': 'm', 'src': '/x', 'dst': '/y'}]})
    assert state.rows(CONTAINER_MOUNTS)[0].values['mode'] == 'rw'


def test_state_parses_markers():
    state = RouterState.from_rows('r1', '7.20.8', {BRIDGE: [{'.id': '*1', 'name': 'b', 'comment': 'mine [rfc:stack=x]'}]})
    row = state.rows(BRIDGE)[0]
    assert row.marker == Marker('stack=x') and row.user_comment == 'mine' and row.owned_by('stack=x')


def test_state_unknown_type_says_which():
    state = RouterState.from_rows('r1', '7.20.8', {})
    with pytest.raises(KeyError, match='object_types'):
        state.rows(BRIDGE)


def test_plan_update_compares_only_given_fields_and_keeps_unmarked_comments():
    state = RouterState.from_rows('r1', '7.20.8', {VETH: [
        {'.id': '*1', 'name': 'v', 'address': '172.17.0.2/24', 'gateway': '172.17.0.1', 'comment': 'by hand'}]})
    row = state.rows(VETH)[0]
    assert plan_update(state, VETH, row, {'address': ['172.17.0.2/24']}, 'v', marker=Marker('veth=v')) is None
    change = plan_update(state, VETH, row, {'gateway': '172.17.0.254'}, 'v', marker=Marker('veth=v'))
    assert change.attrs == {'gateway': '172.17.0.254'}
    assert change.before == {'gateway': '172.17.0.1'} and change.after == {'gateway': '172.17.0.254'}


def test_plan_refuses_field_missing_on_version():
    state = RouterState.from_rows('r9', '7.19.6', {VETH: []})
    with pytest.raises(SpecError, match='needs RouterOS 7.20') as info:
        plan_add(state, VETH, {'name': 'v', 'dhcp': True}, 'v')
    assert 'r9' in str(info.value)


def test_check_mode_sends_nothing():
    session = SimulatorSession('7.20.8')
    session.seed('/interface/bridge', {'name': 'b'})
    state = RouterState.read(session, [BRIDGE])
    plan = Plan('r1', [plan_add(state, BRIDGE, {'name': 'c'}, 'c', marker=Marker('x=y')),
                       plan_remove(BRIDGE, state.rows(BRIDGE)[0], 'b')])
    assert apply_plan(session, plan, check_mode=True) == []
    assert session.writes == []


def test_trap_mid_plan_says_what_was_applied():
    session = SimulatorSession('7.20.8')
    state = RouterState.read(session, [BRIDGE])
    plan = Plan('r1', [plan_add(state, BRIDGE, {'name': name}, name) for name in ('a', 'b', 'c')])
    first = plan.changes[0]
    calls = []

    def add(menu, attrs, original=session.add):
        calls.append(attrs['name'])
        if attrs['name'] == 'b':
            session.trap_next(menu, 'add', 'failure: already have such entry')
        return original(menu, attrs)
    session.add = add
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan)
    error = info.value
    assert error.applied == ['add /interface/bridge a']
    assert error.failed == 'add /interface/bridge b'
    assert error.not_applied == ['add /interface/bridge c']
    assert str(error).startswith('router 192.0.2.1:8728: add /interface/bridge b failed: /interface/bridge add: failure')
    assert first.result_id is not None and calls == ['a', 'b']


def test_ids_of_earlier_adds_are_used_later():
    session = SimulatorSession('7.20.8')
    session.clear('/ip/firewall/nat')
    add = Change('add', FIREWALL_NAT, label='first', attrs={'chain': 'dstnat'})
    second = Change('add', FIREWALL_NAT, label='second', attrs={'chain': 'dstnat', 'place-before': add})
    start = Change('command', FIREWALL_NAT, item_id=add, verb='disable')
    apply_plan(session, Plan('r1', [add, second, start]))
    assert session.calls[1][2]['place-before'] == add.result_id
    assert session.calls[2] == ('command', '/ip/firewall/nat', 'disable', {'numbers': add.result_id})
    assert [row['.id'] for row in session.menus['/ip/firewall/nat']] == [second.result_id, add.result_id]


def test_assume_lets_the_next_plan_see_pending_adds_and_learns_ids():
    session = SimulatorSession('7.20.8')
    state = RouterState.read(session, [BRIDGE])
    plan = Plan('r1', [plan_add(state, BRIDGE, {'name': 'containers'}, 'containers')])
    state.assume(plan)
    row = state.first(BRIDGE, name='containers')
    assert row.id is plan.changes[0]
    apply_plan(session, plan, state=state)
    assert row.id == plan.changes[0].result_id


def test_singleton_set_uses_the_set_command():
    session = SimulatorSession('7.20.8')
    change = Change('set', CONTAINER_CONFIG, item_id=None, attrs={'registry-url': 'https://ghcr.io'})
    apply_plan(session, Plan('r1', [change]))
    assert session.writes == [('command', '/container/config', 'set', {'registry-url': 'https://ghcr.io'})]


def test_mask_leaves_empty_secrets_visible():
    assert mask({'password': '', 'username': 'u'}, (), CONTAINER_CONFIG) == {'password': '', 'username': 'u'}
