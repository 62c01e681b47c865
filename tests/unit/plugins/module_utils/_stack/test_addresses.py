# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import netaddr

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.addresses import allocate, host_slots

SUBNET = netaddr.IPNetwork('172.17.0.0/24')
GATEWAY = netaddr.IPAddress('172.17.0.1')

names = st.lists(st.from_regex(r'[a-z][a-z0-9-]{0,10}', fullmatch=True), unique=True, min_size=1, max_size=40)


def test_slots_skip_network_broadcast_and_gateway():
    slots = host_slots(SUBNET, GATEWAY)
    assert len(slots) == 253
    assert int(SUBNET.network) not in slots
    assert int(SUBNET.broadcast) not in slots
    assert int(GATEWAY) not in slots


def test_same_name_same_address_whatever_the_order():
    first = allocate(['a', 'b', 'c'], SUBNET, GATEWAY)
    second = allocate(['c', 'a', 'b'], SUBNET, GATEWAY)
    assert first == second
    assert len(set(first.values())) == 3


@settings(max_examples=60, deadline=None)
@given(names, st.data())
def test_adding_and_removing_never_moves_a_deployed_container(before, data):
    deployed = allocate(before, SUBNET, GATEWAY)
    removed = data.draw(st.lists(st.sampled_from(before), unique=True, max_size=len(before)))
    added = data.draw(st.lists(st.from_regex(r'[a-z][a-z0-9-]{0,10}', fullmatch=True), unique=True, max_size=10))
    after = [name for name in before if name not in removed] + [name for name in added if name not in before]
    existing = dict((name, str(address)) for name, address in deployed.items())
    again = allocate(after, SUBNET, GATEWAY, existing=existing)
    for name in after:
        if name in deployed:
            assert again[name] == deployed[name]
    assert len(set(again.values())) == len(after)
    assert all(address in SUBNET and address != GATEWAY for address in again.values())


def test_requested_address_wins_and_others_avoid_it():
    preferred = allocate(['web'], SUBNET, GATEWAY)['web']
    result = allocate(['web', 'db'], SUBNET, GATEWAY, requested={'db': preferred})
    assert result['db'] == preferred
    assert result['web'] != preferred


def test_existing_address_outside_subnet_or_on_gateway_is_reallocated():
    result = allocate(['web', 'db'], SUBNET, GATEWAY, existing={'web': '10.0.0.5', 'db': '172.17.0.1'})
    assert result['web'] in SUBNET and result['db'] in SUBNET
    assert GATEWAY not in result.values()


def test_existing_address_taken_by_a_requested_one_moves():
    result = allocate(['web', 'db'], SUBNET, GATEWAY, requested={'db': netaddr.IPAddress('172.17.0.9')},
                      existing={'web': '172.17.0.9'})
    assert result['db'] == netaddr.IPAddress('172.17.0.9')
    assert result['web'] != result['db']


def test_two_containers_requesting_one_address_is_an_error():
    address = netaddr.IPAddress('172.17.0.9')
    with pytest.raises(SpecError, match='requested by both a and b'):
        allocate(['a', 'b'], SUBNET, GATEWAY, requested={'a': address, 'b': address})


def test_full_subnet_is_an_error_naming_the_subnet():
    small = netaddr.IPNetwork('10.9.0.0/30')
    with pytest.raises(SpecError) as caught:
        allocate(['a', 'b'], small, netaddr.IPAddress('10.9.0.1'))
    assert 'network.subnet' in str(caught.value)


def test_fills_a_small_subnet_completely():
    small = netaddr.IPNetwork('10.9.0.0/29')
    result = allocate(['a', 'b', 'c', 'd', 'e'], small, netaddr.IPAddress('10.9.0.1'))
    assert sorted(str(address) for address in result.values()) == ['10.9.0.%d' % n for n in range(2, 7)]


def test_reserved_addresses_are_never_derived_and_a_pinned_one_is_refused():
    subnet = netaddr.IPNetwork('172.17.0.0/29')
    gateway = netaddr.IPAddress('172.17.0.1')
    free = allocate(['pihole'], subnet, gateway)
    taken = str(free['pihole'])
    again = allocate(['pihole'], subnet, gateway, reserved={taken: 'veth veth1 (made by hand)'})
    assert str(again['pihole']) != taken
    with pytest.raises(SpecError, match='veth veth1'):
        allocate(['pihole'], subnet, gateway, requested={'pihole': netaddr.IPAddress(taken)},
                 reserved={taken: 'veth veth1 (made by hand)'})
