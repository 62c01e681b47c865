# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Container addresses are chosen among the free ones: hand-made and other owners' addresses
on the subnet are never given out, a pinned clash is refused before any write, and a subnet
someone already masquerades gets no second rule."""

from __future__ import annotations

from stack_helpers import api, deploy, fleet_fixture, ours, refused, router_fixture, rows

fleet = fleet_fixture()
router = router_fixture()

PIHOLE = [{'name': 'pihole', 'image': 'pihole/pihole:latest'}]


def _address(fleet, router, veth):
    return [row['address'] for row in rows(fleet, router, '/interface/veth') if row['name'] == veth][0]


def _by_hand(fleet, router, *path, **attrs):
    connection = api(fleet, router)
    try:
        connection.path(*path).add(**attrs)
    finally:
        connection.close()


def test_derived_address_skips_an_address_a_hand_made_veth_holds(fleet, router):
    deploy(fleet, router, PIHOLE)
    derived = _address(fleet, router, 'veth-pihole')
    fleet.control.reset(router)
    _by_hand(fleet, router, 'interface', 'veth', name='veth1', address=derived, gateway='172.17.0.1')
    deploy(fleet, router, PIHOLE)
    assert _address(fleet, router, 'veth-pihole') != derived
    assert _address(fleet, router, 'veth1') == derived


def test_pinned_address_held_on_the_subnet_is_refused(fleet, router):
    _by_hand(fleet, router, 'interface', 'veth', name='veth-nas', address='172.17.0.50/24', gateway='172.17.0.1')
    message = refused(fleet, router, [{'name': 'web', 'image': 'nginx:latest', 'address': '172.17.0.50'}])
    assert '172.17.0.50' in message and 'veth-nas' in message and 'containers[web].address' in message, message


def test_a_subnet_already_masqueraded_gets_no_second_rule(fleet, router):
    _by_hand(fleet, router, 'ip', 'firewall', 'nat', chain='srcnat', action='masquerade',
             **{'src-address': '172.17.0.0/24', 'comment': 'containers out'})
    result = deploy(fleet, router, PIHOLE)
    masquerades = [row for row in rows(fleet, router, '/ip/firewall/nat')
                   if row.get('action') == 'masquerade' and row.get('src-address') == '172.17.0.0/24']
    assert len(masquerades) == 1 and not ours(masquerades), masquerades
    assert 'already masqueraded by rule' in str(result.get('warnings')), result.get('warnings')
