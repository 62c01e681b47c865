# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Publishing a container's ports: like docker's ``-p``, only traffic addressed to the router
itself, from the LAN unless the internet side is asked for; rules from earlier versions are
updated in place; the router's own service ports are refused; hand-made rules stay first."""

from __future__ import annotations

from stack_helpers import api, deploy, fleet_fixture, ours, refused, router_fixture, rows, run_module

fleet = fleet_fixture()
router = router_fixture()

WEB = [{'name': 'web', 'image': 'nginx:latest', 'ports': ['8081:80', '10.9.9.9:8082:80']}]


def _dstnat(fleet, router):
    return [row for row in rows(fleet, router, '/ip/firewall/nat') if row.get('chain') == 'dstnat']


def test_published_port_matches_only_the_routers_own_addresses_on_the_lan(fleet, router):
    deploy(fleet, router, WEB)
    rules = dict((row['dst-port'], row) for row in ours(_dstnat(fleet, router)))
    assert rules['8081'].get('dst-address-type') == 'local', rules['8081']
    assert rules['8081'].get('in-interface-list') == 'LAN', rules['8081']
    assert not rules['8081'].get('dst-address'), rules['8081']
    assert rules['8082'].get('dst-address') == '10.9.9.9', rules['8082']
    assert rules['8082'].get('in-interface-list') == 'LAN', rules['8082']
    assert not rules['8082'].get('dst-address-type'), rules['8082']


def test_internet_side_only_when_asked(fleet, router):
    deploy(fleet, router, WEB, network={'name': 'containers', 'subnet': '172.17.0.0/24', 'publish_on': 'WAN'})
    for rule in ours(_dstnat(fleet, router)):
        assert rule.get('in-interface-list') == 'WAN', rule


def test_rule_written_without_destination_match_is_updated_in_place(fleet, router):
    deploy(fleet, router, WEB)
    before = dict((row['dst-port'], row['.id']) for row in ours(_dstnat(fleet, router)))
    connection = api(fleet, router)
    try:
        # What earlier versions of the collection wrote: no destination match at all.
        tuple(connection.path('ip', 'firewall', 'nat')('unset', **{'numbers': before['8081'], 'value-name': 'dst-address-type'}))
    finally:
        connection.close()
    assert not [row for row in _dstnat(fleet, router) if row['.id'] == before['8081']][0].get('dst-address-type')
    deploy(fleet, router, WEB)
    after = ours(_dstnat(fleet, router))
    assert sorted((row['dst-port'], row['.id']) for row in after) == sorted(before.items())
    assert [row.get('dst-address-type') for row in after if row['dst-port'] == '8081'] == ['local']


def test_port_forward_module_has_the_same_default_as_the_stack(fleet, router):
    result = run_module(fleet, router, 'port_forward', name='svc', to_address='172.17.0.9', rules=['8090:80'])
    assert not result.get('failed'), result.get('msg')
    rule = [row for row in _dstnat(fleet, router) if row.get('dst-port') == '8090']
    assert len(rule) == 1, rule
    assert rule[0].get('in-interface-list') == 'LAN' and rule[0].get('dst-address-type') == 'local', rule[0]
