# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The unit tests' simulated session answers like the real RouterSession would."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError, RouterTrap

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession


def test_describes_the_router_without_recording_anything():
    session = SimulatorSession('7.16.2', arch='x86_64')
    assert str(session.version) == '7.16.2' and session.architecture == 'x86_64' and session.identity == 'MikroTik'
    assert session.calls == [] and session.round_trips == 0


def test_values_go_out_as_words_and_none_unsets():
    session = SimulatorSession('7.20.8')
    item_id = session.add('/interface/veth', {'name': 'v1', 'address': ['172.17.0.2/24', 'fd00::2/64'], 'comment': 'x'})
    session.set('/interface/veth', item_id, {'comment': None, 'disabled': True})
    row = session.print('/interface/veth', proplist=('name', 'address', 'comment', 'disabled'))[0]
    assert row == {'name': 'v1', 'address': '172.17.0.2/24,fd00::2/64', 'disabled': 'true'}
    assert session.writes == [('add', '/interface/veth', {'name': 'v1', 'address': ['172.17.0.2/24', 'fd00::2/64'], 'comment': 'x'}),
                              ('set', '/interface/veth', item_id, {'comment': None, 'disabled': True})]


def test_queries_filter_like_the_wire():
    session = SimulatorSession('7.20.8')
    assert [row['interface'] for row in session.print('/interface/bridge/port', query={'interface': 'ether3'})] == ['ether3']
    assert session.print('/interface/bridge/port', query=['?interface=ether3', '?interface=ether4', '?#|'], proplist='interface') == [
        {'interface': 'ether3'}, {'interface': 'ether4'}]
    with pytest.raises(RouterTrap) as info:
        session.print('/interface/bridge/port', query=['?#|'])
    assert info.value.category == 1


def test_refusals_are_router_traps_naming_menu_and_verb():
    session = SimulatorSession('7.20.8', host='r9', port=8729)
    with pytest.raises(RouterTrap) as info:
        session.add('/interface/bridge', {'name': 'bridge'})
    trap = info.value
    assert (trap.menu, trap.verb, trap.message) == ('/interface/bridge', 'add', 'failure: already have interface with such name')
    assert str(trap) == 'router r9:8729: /interface/bridge add: failure: already have interface with such name'
    with pytest.raises(RouterTrap, match='unknown parameter envlist'):
        session.add('/container', {'remote-image': 'nginx', 'envlist': 'x'})


def test_print_many_is_one_round_trip_and_raises_the_first_trap_after_every_answer():
    session = SimulatorSession('7.20.8')
    assert len(session.print_many([('/interface/bridge', None), ('/ip/address', ('address',))])) == 2
    assert session.round_trips == 1 and session.print_rounds == 1
    with pytest.raises(RouterTrap) as info:
        session.print_many([('/interface/bridge', None), ('/no/such', None), ('/ip/address', None)])
    assert info.value.menu == '/no/such' and info.value.message == 'no such command or directory (no)'
    assert [call[1] for call in session.calls[2:]] == ['/interface/bridge', '/no/such', '/ip/address']


def test_trap_next_fires_once():
    session = SimulatorSession('7.20.8')
    session.trap_next('/interface/bridge', 'add', 'failure: injected')
    with pytest.raises(RouterTrap, match='failure: injected'):
        session.add('/interface/bridge', {'name': 'a'})
    assert session.add('/interface/bridge', {'name': 'a'})


def test_commands_answer_ret_and_simulated_time_moves_containers():
    session = SimulatorSession('7.20.8')
    item_id = session.add('/container', {'remote-image': 'alpine', 'name': 'a'})
    assert session.container_states() == {item_id: 'extracting'}
    session.time.sleep(5)
    assert session.time.monotonic() == 5 and session.container_states() == {item_id: 'stopped'}
    session.command('/container', 'start', {'.id': item_id})
    session.advance(2)
    assert session.container_states() == {item_id: 'running'}
    assert session.verbs() == ['add', 'start']


def test_container_support_check_is_the_real_one():
    session = SimulatorSession('7.20.8')
    session.check_container_support()
    assert session.container_support_checked
    session = SimulatorSession('7.20.8')
    session.router.inject_fault('device_mode', container=False)
    with pytest.raises(RouterError, match='device-mode does not allow containers'):
        session.check_container_support()
    assert not session.container_support_checked
