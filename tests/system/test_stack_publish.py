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


def _set_service(fleet, router, name, **attrs):
    connection = api(fleet, router)
    try:
        services = connection.path('ip', 'service')
        item = [row['.id'] for row in services if row['name'] == name][0]
        services.update(**dict(attrs, **{'.id': item}))
    finally:
        connection.close()


def test_the_routers_own_service_ports_are_refused(fleet, router):
    for published, service in (('8291', 'winbox'), ('22', 'ssh'), ('80', 'www'), ('8728', 'api')):
        spec = [{'name': 'web', 'image': 'nginx:latest', 'ports': ['%s:80' % published]}]
        message = refused(fleet, router, spec)
        assert 'tcp/%s' % published in message and service in message and 'allow_service_ports' in message, message
    assert not ours(_dstnat(fleet, router))


def test_a_disabled_service_port_or_allow_service_ports_publishes(fleet, router):
    _set_service(fleet, router, 'www', disabled='true')
    deploy(fleet, router, [{'name': 'web', 'image': 'nginx:latest', 'ports': ['80:80']}])
    deploy(fleet, router, [{'name': 'web', 'image': 'nginx:latest', 'ports': ['80:80', '2222:22']}])
    deploy(fleet, router, [{'name': 'web', 'image': 'nginx:latest', 'ports': ['80:80', '22:22']}],
           network={'name': 'containers', 'subnet': '172.17.0.0/24', 'allow_service_ports': True})
    assert sorted(row['dst-port'] for row in ours(_dstnat(fleet, router))) == ['22', '80']


def test_port_forward_module_refuses_a_service_port_too(fleet, router):
    result = run_module(fleet, router, 'port_forward', name='svc', to_address='172.17.0.9', rules=['8291:80'])
    assert result.get('failed') and 'winbox' in result['msg'], result
    assert fleet.control.counters(router)['writes'] == {}


def test_hand_made_rule_on_our_port_stays_first_and_the_warning_names_router_and_rule(fleet, router):
    connection = api(fleet, router)
    try:
        nat = connection.path('ip', 'firewall', 'nat')
        hand = nat.add(chain='dstnat', action='dst-nat', protocol='tcp', **{'dst-port': '8081', 'to-addresses': '192.168.88.10',
                                                                            'to-ports': '80', 'comment': 'nas web'})
    finally:
        connection.close()
    result = deploy(fleet, router, WEB)
    warnings = str(result.get('warnings'))
    assert fleet.router(router)['host'] in warnings and hand in warnings and 'nas web' in warnings, warnings

    def order():
        return [row['.id'] for row in _dstnat(fleet, router) if row.get('dst-port') == '8081']

    ids = order()
    assert ids[0] == hand and len(ids) == 2, ids
    # A rule of ours placed in front of it (as earlier versions did) is moved behind it.
    connection = api(fleet, router)
    try:
        tuple(connection.path('ip', 'firewall', 'nat')('move', numbers=ids[1], destination=hand))
    finally:
        connection.close()
    assert order() == [ids[1], hand]
    deploy(fleet, router, WEB)
    assert order() == ids
