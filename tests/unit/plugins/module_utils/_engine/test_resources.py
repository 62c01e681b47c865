# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Planning of every resource: add, set, remove, purge, unmarked neighbours, bad input, versions."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_config import ContainerConfig
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_network import ContainerNetwork
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import EnvList
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import (
    MountList, item_names, rows_of_list)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.port_forward import PortForward
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.veth import Veth
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import converge, plan_for, report
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession


def default_router(version='7.20.8'):
    """A router with RouterOS's factory configuration (bridge, WAN/LAN lists, defconf firewall)."""
    return SimulatorSession(version)


def router_with(version, menu, *rows):
    session = SimulatorSession(version)
    session.seed(menu, *rows)
    return session


def idempotent(resource, params, session, **kwargs):
    """Apply, then check that a second plan is empty and writes nothing."""
    first = converge(resource, params, session, **kwargs)
    writes = len(session.writes)
    second = converge(resource, params, session, **kwargs)
    assert not second, second.actions()
    assert len(session.writes) == writes
    return first


# --- envlist -----------------------------------------------------------------------------------

ENV = {'name': 'pihole', 'env': {'TZ': 'UTC', 'WEBPASSWORD': 's3cret'}, 'secret_keys': ['WEBPASSWORD']}


@pytest.mark.parametrize('version, list_property', [('7.16.2', 'name'), ('7.20.8', 'list'), ('7.24', 'list')])
def test_envlist_create_then_unchanged(version, list_property):
    session = SimulatorSession(version)
    plan = idempotent(EnvList(), ENV, session)
    assert plan.actions() == ['add /container/envs pihole/TZ', 'add /container/envs pihole/WEBPASSWORD']
    rows = session.menus['/container/envs']
    assert [(row[list_property], row['key'], row['value'], row['comment']) for row in rows] == [
        ('pihole', 'TZ', 'UTC', '[rfc:envlist=pihole]'), ('pihole', 'WEBPASSWORD', 's3cret', '[rfc:envlist=pihole]')]


def test_envlist_change_and_purge_leave_unmarked_neighbours():
    session = router_with('7.20.8', '/container/envs',
                          {'list': 'pihole', 'key': 'HAND', 'value': 'made by hand'},
                          {'list': 'other', 'key': 'TZ', 'value': 'x', 'comment': '[rfc:envlist=other]'})
    converge(EnvList(), dict(ENV, env={'TZ': 'UTC', 'OLD': '1', 'WEBPASSWORD': 'a'}), session)
    plan = converge(EnvList(), dict(ENV, env={'TZ': 'Europe/Vienna', 'WEBPASSWORD': 'b'}, purge=True), session)
    assert plan.actions() == ['set /container/envs pihole/TZ', 'set /container/envs pihole/WEBPASSWORD',
                              'remove /container/envs pihole/OLD']
    assert any('HAND' in warning for warning in plan.warnings)
    keys = sorted((row['list'], row['key'], row['value']) for row in session.menus['/container/envs'])
    assert keys == [('other', 'TZ', 'x'), ('pihole', 'HAND', 'made by hand'), ('pihole', 'TZ', 'Europe/Vienna'),
                    ('pihole', 'WEBPASSWORD', 'b')]


def test_envlist_absent_removes_ours_and_named_keys_only():
    session = router_with('7.21.5', '/container/envs', {'list': 'pihole', 'key': 'HAND', 'value': 'x'},
                          {'list': 'pihole', 'key': 'NAMED', 'value': 'x'})
    converge(EnvList(), ENV, session)
    converge(EnvList(), {'name': 'pihole', 'env': {'NAMED': ''}, 'state': 'absent'}, session)
    assert [row['key'] for row in session.menus['/container/envs']] == ['HAND']


def test_envlist_unmarked_row_is_set_but_not_claimed():
    session = router_with('7.20.8', '/container/envs', {'list': 'pihole', 'key': 'TZ', 'value': 'x', 'comment': 'mine'})
    converge(EnvList(), {'name': 'pihole', 'env': {'TZ': 'UTC'}}, session)
    assert session.menus['/container/envs'][0]['comment'] == 'mine'
    assert session.menus['/container/envs'][0]['value'] == 'UTC'


def test_envlist_secret_never_in_report_or_diff():
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections
    session = SimulatorSession('7.20.8')
    spec, state, plan = plan_for(EnvList(), ENV, session)
    assert 's3cret' not in repr(diff_sections(plan)) and 's3cret' not in repr(plan.actions())
    converge(EnvList(), ENV, session)
    assert report(EnvList(), ENV, session)['env'] == {'TZ': 'UTC', 'WEBPASSWORD': '********'}


@pytest.mark.parametrize('params, field, message', [
    ({'name': '', 'env': {}}, 'name', 'empty'),
    ({'name': 'a,b', 'env': {}}, 'name', ','),
    ({'name': 'p', 'env': {'1BAD': 'x'}}, 'env.1BAD', 'not a valid environment variable name'),
    ({'name': 'p', 'env': {'FLAG': True}}, 'env.FLAG', 'quote it'),
    ({'name': 'p', 'env': {'X': None}}, 'env.X', 'empty'),
    ({'name': 'p', 'state': 'gone'}, 'state', 'present, absent'),
])
def test_envlist_bad_input(params, field, message):
    with pytest.raises(SpecError) as info:
        EnvList().validate(params)
    assert info.value.field == field and message in str(info.value)


# --- mountlist ---------------------------------------------------------------------------------

MOUNTS = {'name': 'pihole', 'mounts': [{'src': 'usb1/etc', 'dst': '/etc/pihole'},
                                       {'src': 'usb1/dnsmasq', 'dst': '/etc/dnsmasq.d', 'read_only': True}]}


@pytest.mark.parametrize('version, expected', [
    ('7.20.8', {'name': 'pihole:/etc/dnsmasq.d', 'read-only': 'true'}),
    ('7.21.5', {'list': 'pihole', 'read-only': 'true'}),
    ('7.23.3', {'list': 'pihole', 'mode': 'ro'}),
])
def test_mountlist_per_version(version, expected):
    session = SimulatorSession(version)
    idempotent(MountList(), MOUNTS, session)
    row = session.menus['/container/mounts'][1]
    for key, value in expected.items():
        assert row[key] == value
    assert row['dst'] == '/etc/dnsmasq.d' and row['src'] == '/usb1/dnsmasq'


def test_mountlist_item_names_before_and_after_721():
    session = SimulatorSession('7.20.8')
    converge(MountList(), MOUNTS, session)
    state = RouterState.read(session, MountList().object_types())
    assert item_names(state, 'pihole') == ['pihole:/etc/pihole', 'pihole:/etc/dnsmasq.d']
    assert len(rows_of_list(state, 'pihole')) == 2
    session = SimulatorSession('7.22.3')
    converge(MountList(), MOUNTS, session)
    assert item_names(RouterState.read(session, MountList().object_types()), 'pihole') == ['pihole']


def test_mountlist_paths_with_leading_slash_compare_equal():
    """7.22+ stores src/dst with a leading `/`; a spec without one must not change anything."""
    session = router_with('7.22.3', '/container/mounts',
                          {'list': 'pihole', 'src': 'usb1/etc', 'dst': 'etc/pihole', 'read-only': 'no', 'comment': '[rfc:mountlist=pihole]'})
    assert (session.menus['/container/mounts'][0]['src'], session.menus['/container/mounts'][0]['dst']) == ('/usb1/etc', '/etc/pihole')
    plan = converge(MountList(), {'name': 'pihole', 'mounts': [{'src': 'usb1/etc/', 'dst': 'etc/pihole'}]}, session)
    assert not plan


def test_mountlist_read_only_needs_720():
    with pytest.raises(SpecError, match='7.20 or later') as info:
        plan_for(MountList(), MOUNTS, SimulatorSession('7.19.6'))
    assert info.value.field == 'mounts[1].read_only' and info.value.host == '192.0.2.1'


def test_mountlist_purge_keeps_unmarked():
    session = router_with('7.21.5', '/container/mounts', {'list': 'pihole', 'src': '/x', 'dst': '/hand'})
    converge(MountList(), MOUNTS, session)
    plan = converge(MountList(), dict(MOUNTS, mounts=MOUNTS['mounts'][:1], purge=True), session)
    assert plan.actions() == ['remove /container/mounts pihole:/etc/dnsmasq.d']
    assert sorted(row['dst'] for row in session.menus['/container/mounts']) == ['/etc/pihole', '/hand']


@pytest.mark.parametrize('mounts, field', [
    ([{'src': 'a'}], 'mounts[0].dst'),
    ([{'dst': 'a'}], 'mounts[0].src'),
    ([{'src': 'a', 'dst': '/x'}, {'src': 'b', 'dst': 'x/'}], 'mounts[1].dst'),
    ([{'src': 'a', 'dst': 'b', 'mode': 'ro'}], 'mounts[0]'),
])
def test_mountlist_bad_input(mounts, field):
    with pytest.raises(SpecError) as info:
        MountList().validate({'name': 'p', 'mounts': mounts})
    assert info.value.field == field


# --- veth --------------------------------------------------------------------------------------

VETH = {'name': 'veth-pihole', 'addresses': ['172.17.0.2/24'], 'gateway': '172.17.0.1'}


def test_veth_create_change_and_bridge_port():
    session = default_router()
    idempotent(Veth(), dict(VETH, bridge='bridge'), session)
    assert session.menus['/interface/veth'][0]['address'] == '172.17.0.2/24'
    assert session.menus['/interface/bridge/port'][-1]['interface'] == 'veth-pihole'
    plan = converge(Veth(), dict(VETH, addresses=['172.17.0.3/24']), session)
    assert plan.actions() == ['set /interface/veth veth-pihole']
    assert session.writes[-1][3] == {'address': '172.17.0.3/24'}


def test_veth_several_and_ipv6_addresses_need_720():
    params = dict(VETH, addresses=['172.17.0.2/24', 'fd00::2/64'], gateway6='fd00::1')
    with pytest.raises(SpecError, match='7.20 or later'):
        plan_for(Veth(), params, default_router('7.19.6'))
    session = default_router('7.20.8')
    idempotent(Veth(), params, session)
    assert session.menus['/interface/veth'][0]['address'] == '172.17.0.2/24,fd00::2/64'


def test_veth_missing_bridge_is_refused_before_any_write():
    session = default_router()
    with pytest.raises(SpecError, match='bridge nope does not exist'):
        converge(Veth(), dict(VETH, bridge='nope'), session)
    assert session.writes == []


@pytest.mark.parametrize('params, field, message', [
    (dict(VETH, name='veth-much-too-long'), 'name', '15'),
    (dict(VETH, name='veth/1'), 'name', '/'),
    (dict(VETH, addresses=['172.17.0.2']), 'addresses[0]', 'prefix length'),
    (dict(VETH, addresses=['172.17.0.300/24']), 'addresses[0]', 'not an IP'),
    (dict(VETH, gateway='10.0.0.1'), 'gateway', 'not inside'),
    (dict(VETH, gateway='fd00::1'), 'gateway', 'IPv4'),
])
def test_veth_bad_input(params, field, message):
    with pytest.raises(SpecError) as info:
        Veth().validate(params)
    assert info.value.field == field and message in str(info.value)


def test_veth_absent_removes_port_then_veth():
    session = default_router()
    converge(Veth(), dict(VETH, bridge='bridge'), session)
    plan = converge(Veth(), {'name': 'veth-pihole', 'state': 'absent'}, session)
    assert [change.action for change in plan] == ['remove', 'remove']
    assert session.menus['/interface/veth'] == []
    assert [row['interface'] for row in session.menus['/interface/bridge/port']] == ['ether2', 'ether3', 'ether4', 'ether5']


# --- port_forward --------------------------------------------------------------------------------

FORWARD = {'name': 'pihole', 'to_address': '172.17.0.2', 'rules': ['8080:80', '53/udp']}


def test_port_forward_scoped_to_the_routers_addresses_on_lan_and_placed_before_unmanaged_rules():
    session = default_router()
    session.seed('/ip/firewall/nat', {'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '22', 'to-addresses': '192.168.88.2'})
    idempotent(PortForward(), FORWARD, session)
    rows = session.menus['/ip/firewall/nat']
    assert [row.get('dst-port') for row in rows] == [None, '8080', '53', '22']
    assert rows[1]['in-interface-list'] == 'LAN' and rows[1]['to-ports'] == '80'
    assert rows[1]['dst-address-type'] == 'local'
    assert rows[1]['comment'] == '[rfc:port_forward=pihole#pihole:tcp/8080]'


def test_port_forward_changes_in_place_and_removes_dropped_rules():
    session = default_router()
    converge(PortForward(), FORWARD, session)
    ids = [row['.id'] for row in session.menus['/ip/firewall/nat'][1:]]
    plan = converge(PortForward(), dict(FORWARD, to_address='172.17.0.9', rules=['8080:80']), session)
    assert plan.actions() == ['set /ip/firewall/nat pihole tcp/8080', 'remove /ip/firewall/nat pihole pihole:udp/53']
    assert session.menus['/ip/firewall/nat'][1]['.id'] == ids[0]
    assert session.menus['/ip/firewall/nat'][1]['to-addresses'] == '172.17.0.9'


def test_port_forward_switching_scope_unsets_the_old_one():
    session = default_router()
    converge(PortForward(), FORWARD, session)
    converge(PortForward(), dict(FORWARD, dst_address='203.0.113.10'), session)
    assert session.writes[-1][3]['dst-address-type'] is None
    assert session.menus['/ip/firewall/nat'][1]['dst-address'] == '203.0.113.10'
    assert 'dst-address-type' not in session.menus['/ip/firewall/nat'][1]


def test_port_forward_any_destination_only_when_asked():
    session = default_router()
    converge(PortForward(), dict(FORWARD, dst_address_type='any', in_interface_list='WAN'), session)
    rule = session.menus['/ip/firewall/nat'][1]
    assert 'dst-address-type' not in rule and rule['in-interface-list'] == 'WAN'


def test_port_forward_two_services_on_one_port_are_refused():
    session = default_router()
    converge(PortForward(), FORWARD, session)
    writes = len(session.writes)
    with pytest.raises(SpecError, match='tcp/8080 is already published by .rfc:port_forward=pihole'):
        converge(PortForward(), {'name': 'web', 'to_address': '172.17.0.3', 'rules': ['8080:8080', '9000']}, session)
    assert len(session.writes) == writes


def test_port_forward_unmanaged_rule_on_same_port_is_a_warning_and_stays_first():
    session = default_router()
    [unmanaged] = session.seed('/ip/firewall/nat', {'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '8000-8100',
                                                    'to-addresses': '192.168.88.2'})
    spec, state, plan = plan_for(PortForward(), FORWARD, session)
    assert any('also forwarded by NAT rule %s' % unmanaged in warning and 'stays first' in warning for warning in plan.warnings)
    converge(PortForward(), FORWARD, session)
    assert [row['.id'] for row in session.menus['/ip/firewall/nat'] if row.get('chain') == 'dstnat'][0] == unmanaged


def test_port_forward_moves_drifted_rules_back_above_unmanaged():
    session = default_router()
    converge(PortForward(), FORWARD, session)
    [drifted] = session.seed('/ip/firewall/nat', {'chain': 'dstnat', 'action': 'accept'},
                             place_before=session.menus['/ip/firewall/nat'][1]['.id'])
    plan = converge(PortForward(), FORWARD, session)
    assert [change.action for change in plan] == ['move', 'move']
    assert [row['.id'] for row in session.menus['/ip/firewall/nat']][-1] == drifted
    assert not converge(PortForward(), FORWARD, session)


def test_port_forward_anchor_and_missing_list():
    session = default_router()
    with pytest.raises(SpecError, match='no NAT rule has the comment'):
        plan_for(PortForward(), dict(FORWARD, place_before='nope'), session)
    with pytest.raises(SpecError, match='interface list INTERNET does not exist') as info:
        plan_for(PortForward(), dict(FORWARD, in_interface_list='INTERNET'), session)
    assert info.value.host == '192.0.2.1'
    converge(PortForward(), dict(FORWARD, place_before='defconf: masquerade'), session)
    assert session.menus['/ip/firewall/nat'][-1]['comment'] == 'defconf: masquerade'


@pytest.mark.parametrize('params, field', [
    (dict(FORWARD, rules=['8080:80', '8080/tcp']), 'rules[1]'),
    (dict(FORWARD, rules=['8000-8100:80', '8050']), 'rules[1]'),
    (dict(FORWARD, rules=[{'port': 80, 'proto': 'tcp'}]), 'rules[0]'),
    (dict(FORWARD, rules=['99999']), 'rules[0]'),
    (dict(FORWARD, rules=[]), 'rules'),
    (dict(FORWARD, to_address='fd00::2'), 'to_address'),
    (dict(FORWARD, to_address=None), 'to_address'),
])
def test_port_forward_bad_input(params, field):
    with pytest.raises(SpecError) as info:
        PortForward().validate(params)
    assert info.value.field == field


# --- container_network ---------------------------------------------------------------------------

NETWORK = {'name': 'containers', 'subnet': '172.17.0.0/24', 'router_services': ['dns']}


def test_network_create_and_unchanged():
    session = default_router()
    plan = idempotent(ContainerNetwork(), NETWORK, session)
    assert len(plan) == 5
    filters = session.menus['/ip/firewall/filter']
    # Behind the dynamic fasttrack counter rule and defconf's accept established, before its first drop.
    assert [(row['action'], row.get('dst-port')) for row in filters[:5]] == [
        ('passthrough', None), ('accept', None), ('accept', '53'), ('accept', '53'), ('drop', None)]
    assert len(filters) == 14
    assert session.menus['/ip/address'][-1]['address'] == '172.17.0.1/24'
    assert session.menus['/ip/firewall/nat'][-1]['src-address'] == '172.17.0.0/24'


def test_network_services_follow_the_list_and_absent_keeps_foreign_objects():
    session = default_router()
    defconf_filters, defconf_nat = session.menus['/ip/firewall/filter'], session.menus['/ip/firewall/nat']
    assert (len(defconf_filters), len(defconf_nat)) == (12, 1)
    converge(ContainerNetwork(), NETWORK, session)
    plan = converge(ContainerNetwork(), dict(NETWORK, router_services=['ntp'], masquerade=False), session)
    assert sorted(change.action for change in plan) == ['add', 'remove', 'remove', 'remove']
    converge(ContainerNetwork(), dict(NETWORK, state='absent'), session)
    assert [row['name'] for row in session.menus['/interface/bridge']] == ['bridge']
    assert session.menus['/ip/firewall/filter'] == defconf_filters and session.menus['/ip/firewall/nat'] == defconf_nat
    assert len(session.menus['/ip/address']) == 1


def test_network_on_existing_bridge_never_removes_it():
    session = default_router()
    session.clear('/ip/address')
    converge(ContainerNetwork(), dict(NETWORK, name='bridge'), session)
    plan = converge(ContainerNetwork(), dict(NETWORK, name='bridge', state='absent'), session)
    assert any('kept bridge bridge' in warning for warning in plan.warnings)
    assert [row['name'] for row in session.menus['/interface/bridge']] == ['bridge']


def test_network_overlap_is_refused():
    with pytest.raises(SpecError, match='overlaps 192.168.88.1/24 on interface bridge'):
        plan_for(ContainerNetwork(), dict(NETWORK, subnet='192.168.88.0/25'), default_router())


@pytest.mark.parametrize('params, field, message', [
    (dict(NETWORK, subnet='172.17.0.1/24'), 'subnet', 'host bits'),
    (dict(NETWORK, subnet='fd00::/64'), 'subnet', 'IPv4'),
    (dict(NETWORK, subnet='172.17.0.0/31'), 'subnet', 'no room'),
    (dict(NETWORK, gateway='172.18.0.1'), 'gateway', 'not inside'),
    (dict(NETWORK, gateway='172.17.0.255'), 'gateway', 'broadcast'),
    (dict(NETWORK, router_services=['gopher']), 'router_services[0]', 'known service'),
])
def test_network_bad_input(params, field, message):
    with pytest.raises(SpecError) as info:
        ContainerNetwork().validate(params)
    assert info.value.field == field and message in str(info.value)


# --- container_config ----------------------------------------------------------------------------

def test_config_per_version_names():
    session = default_router('7.19.6')
    idempotent(ContainerConfig(), {'memory_high': '512M', 'tmpdir': 'usb1/tmp'}, session)
    assert session.menus['/container/config'][0]['ram-high'] == '536870912'
    session = default_router('7.20.8')
    idempotent(ContainerConfig(), {'memory_high': '512MiB'}, session)
    assert session.menus['/container/config'][0]['memory-high'] == '536870912'
    with pytest.raises(SpecError, match='7.23'):
        plan_for(ContainerConfig(), {'memory_max': '1G'}, default_router('7.22.3'))
    idempotent(ContainerConfig(), {'swap_max': '1G', 'memory_max': 'unlimited'}, default_router('7.24'))


def test_config_password_is_sent_with_a_new_user_only_unless_always():
    session = default_router()
    params = {'registry_url': 'https://ghcr.io', 'registry_username': 'robot', 'registry_password': 'tok'}
    converge(ContainerConfig(), params, session)
    assert session.writes[-1][3]['password'] == 'tok'
    assert not converge(ContainerConfig(), params, session)
    assert converge(ContainerConfig(), dict(params, update_password='always'), session)


def test_config_bad_input():
    with pytest.raises(SpecError) as info:
        ContainerConfig().validate({'registry_url': 'ghcr.io'})
    assert info.value.field == 'registry_url'
    with pytest.raises(SpecError) as info:
        ContainerConfig().validate({'memory_high': 'lots'})
    assert info.value.field == 'memory_high'


# --- one state, several resources (what the stack does) ------------------------------------------

def test_resources_planned_on_one_state_see_each_other():
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
    session = default_router()
    resources = [(ContainerNetwork(), NETWORK), (Veth(), dict(VETH, bridge='containers'))]
    types = [object_type for resource, dummy in resources for object_type in resource.object_types()]
    state = RouterState.read(session, types)
    plans = []
    for resource, params in resources:
        plan = resource.plan(resource.validate(params, owner='stack=default'), state)
        state.assume(plan)
        plans.append(plan)
    for plan in plans:
        apply_plan(session, plan, state=state)
    assert session.print_rounds == 1
    # Exactly these properties were sent; the router prints its defaults beside them.
    sent = {'interface': 'veth-pihole', 'bridge': 'containers', 'comment': '[rfc:stack=default]'}
    assert session.writes[-1] == ('add', '/interface/bridge/port', sent)
    port = session.menus['/interface/bridge/port'][-1]
    assert (port['interface'], port['bridge'], port['comment']) == ('veth-pihole', 'containers', '[rfc:stack=default]')
