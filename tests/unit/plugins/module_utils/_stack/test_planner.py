# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Planning a whole stack against a router state built from printed rows: order, pruning, ownership."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    BRIDGE, BRIDGE_PORT, CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_FILTER, FIREWALL_NAT,
    INTERFACE_LIST, IP_ADDRESS, VETH,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.planner import object_types, plan_stack
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import parse_stack

SECRET = 's3cret-value'

SPEC = {
    'containers': [
        {'name': 'pihole', 'image': 'pihole/pihole:latest', 'env': {'TZ': 'UTC', 'WEBPASSWORD': SECRET},
         'secret_env': ['WEBPASSWORD'], 'mounts': ['usb1/pihole:/etc/pihole'], 'ports': ['53:53/udp', '8080:80']},
        {'name': 'web', 'image': 'nginx:latest', 'ports': ['8081:80']},
    ],
}


def default_rows():
    """A factory-default router: LAN bridge and address, interface lists, the default firewall."""
    return {
        BRIDGE: [{'.id': '*1', 'name': 'bridge', 'comment': 'defconf'}],
        BRIDGE_PORT: [{'.id': '*2', 'interface': 'ether2', 'bridge': 'bridge', 'comment': 'defconf'}],
        INTERFACE_LIST: [{'.id': '*3', 'name': 'WAN'}, {'.id': '*4', 'name': 'LAN'}],
        IP_ADDRESS: [{'.id': '*5', 'address': '192.168.88.1/24', 'interface': 'bridge', 'network': '192.168.88.0',
                      'comment': 'defconf'}],
        FIREWALL_FILTER: [{'.id': '*6', 'chain': 'input', 'action': 'accept', 'connection-state': 'established,related',
                           'comment': 'defconf: accept established'},
                          {'.id': '*7', 'chain': 'input', 'action': 'drop', 'in-interface-list': '!LAN',
                           'comment': 'defconf: drop all not coming from LAN'}],
        FIREWALL_NAT: [{'.id': '*8', 'chain': 'srcnat', 'action': 'masquerade', 'out-interface-list': 'WAN',
                        'comment': 'defconf: masquerade'}],
        VETH: [], CONTAINER_ENVS: [], CONTAINER_MOUNTS: [], CONTAINER: [],
        CONTAINER_CONFIG: [{'registry-url': 'https://registry-1.docker.io', 'tmpdir': ''}],
    }


def state_of(rows, version='7.24'):
    types = dict((object_type.name, object_type) for object_type in object_types())
    for object_type in rows:
        types.pop(object_type.name, None)
    all_rows = dict(rows)
    for object_type in types.values():
        all_rows[object_type] = []
    return RouterState.from_rows('r1', version, all_rows)


def ids_touched(stack_plan):
    return set(change.item_id for item in stack_plan.objects for change in item.plan.changes
               if isinstance(change.item_id, str))


def test_empty_router_builds_bottom_up():
    plan = plan_stack(parse_stack(SPEC), state_of(default_rows()))
    assert [(item.kind, item.name, item.status) for item in plan.objects] == [
        ('network', 'containers', 'created'),
        ('veth', 'veth-pihole', 'created'), ('container', 'pihole', 'created'), ('port_forward', 'pihole', 'created'),
        ('veth', 'veth-web', 'created'), ('container', 'web', 'created'), ('port_forward', 'web', 'created'),
    ]
    assert plan.summary() == {'created': 7, 'changed': 0, 'removed': 0, 'unchanged': 0}
    actions = plan.actions()
    assert actions.index('add /interface/bridge containers') < actions.index('add /interface/veth veth-pihole')
    assert actions.index('add /container/envs pihole/TZ') < actions.index('pull /container pihole')
    assert actions.index('pull /container pihole') < actions.index('add /ip/firewall/nat pihole udp/53')
    # Nothing that exists is touched: only adds.
    assert ids_touched(plan) == set()


def test_secrets_are_masked_in_the_diff():
    plan = plan_stack(parse_stack(SPEC), state_of(default_rows()))
    text = repr(plan.diff())
    assert SECRET not in text and '********' in text
    assert SECRET not in repr(plan.actions())


def test_port_forwards_are_scoped_to_the_lan_and_point_at_the_container():
    plan = plan_stack(parse_stack(SPEC), state_of(default_rows()))
    forward = [item for item in plan.objects if item.kind == 'port_forward' and item.name == 'web'][0]
    attrs = forward.plan.changes[0].attrs
    assert attrs['in-interface-list'] == 'LAN'
    assert attrs['to-addresses'] == plan.addresses['web']
    assert (attrs['dst-port'], attrs['to-ports'], attrs['protocol']) == ('8081', '80', 'tcp')


def _deployed_rows(addresses):
    """The default router plus our objects for pihole, web and an older container `old`."""
    rows = default_rows()
    owner = '[rfc:stack=default]'
    rows[BRIDGE].append({'.id': '*10', 'name': 'containers', 'comment': '[rfc:stack=default#containers:bridge]'})
    rows[VETH] += [
        {'.id': '*11', 'name': 'veth-old', 'address': '172.17.0.99/24', 'gateway': '172.17.0.1', 'comment': owner},
        {'.id': '*12', 'name': 'veth-web', 'address': '%s/24' % addresses['web'], 'gateway': '172.17.0.1', 'comment': owner},
        # Made by hand, and by another stack: never ours to remove.
        {'.id': '*13', 'name': 'veth-hand', 'address': '172.17.0.250/24', 'gateway': '172.17.0.1', 'comment': 'mine'},
        {'.id': '*14', 'name': 'veth-other', 'address': '172.17.0.251/24', 'gateway': '172.17.0.1',
         'comment': '[rfc:stack=other]'},
    ]
    rows[BRIDGE_PORT] += [{'.id': '*15', 'interface': 'veth-old', 'bridge': 'containers', 'comment': owner}]
    rows[CONTAINER_ENVS] += [
        {'.id': '*16', 'list': 'old', 'key': 'A', 'value': '1', 'comment': owner},
        {'.id': '*17', 'list': 'handmade', 'key': 'B', 'value': '2'},
        {'.id': '*18', 'list': 'old', 'key': 'KEEP', 'value': 'by hand'},
    ]
    rows[CONTAINER] += [
        {'.id': '*19', 'name': 'old', 'tag': 'docker.io/library/alpine:latest', 'interface': 'veth-old', 'envlists': 'old',
         'running': 'true', 'comment': '[rfc:stack=default#old]'},
        {'.id': '*1A', 'name': 'hand', 'tag': 'docker.io/library/alpine:latest', 'interface': 'veth-hand',
         'running': 'true', 'comment': 'my box'},
        {'.id': '*1B', 'name': 'theirs', 'tag': 'docker.io/library/alpine:latest', 'interface': 'veth-other',
         'stopped': 'true', 'comment': '[rfc:stack=other#theirs]'},
    ]
    rows[FIREWALL_NAT] += [
        {'.id': '*1C', 'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '2222',
         'to-addresses': '172.17.0.99', 'to-ports': '22', 'in-interface-list': 'LAN',
         'comment': '[rfc:stack=default#old:tcp/2222]'},
        {'.id': '*1D', 'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '2223',
         'to-addresses': '192.168.88.10', 'to-ports': '22', 'comment': 'ssh to the NAS'},
        {'.id': '*1E', 'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '2224',
         'to-addresses': '172.17.0.251', 'to-ports': '22', 'comment': '[rfc:stack=other#theirs:tcp/2224]'},
    ]
    return rows


def test_prune_removes_only_this_stacks_leftovers_top_down():
    spec = parse_stack(SPEC)
    addresses = plan_stack(spec, state_of(default_rows())).addresses
    plan = plan_stack(spec, state_of(_deployed_rows(addresses)))
    removed = [(item.kind, item.name) for item in plan.objects if item.status == 'removed']
    assert removed == [('port_forward', 'old'), ('container', 'old'), ('veth', 'veth-old')]
    # The container itself goes through its lifecycle steps (stop, remove), checked below.
    assert ids_touched(plan) >= {'*11', '*15', '*16', '*1C'}
    assert not ids_touched(plan) & {'*13', '*14', '*17', '*18', '*1A', '*1B', '*1D', '*1E', '*1', '*2', '*5', '*6', '*7', '*8'}
    kinds = [item.status for item in plan.objects if item.plan]
    assert kinds.index('removed') < kinds.index('created'), 'removals come before creations'
    container = [item for item in plan.objects if item.kind == 'container' and item.name == 'old'][0]
    assert container.plan.actions()[:2] == ['stop /container old', 'remove /container old']
    assert any('KEEP' in warning for warning in plan.warnings)


def test_without_prune_nothing_is_removed():
    spec = parse_stack(dict(SPEC, prune=False))
    addresses = plan_stack(spec, state_of(default_rows())).addresses
    plan = plan_stack(spec, state_of(_deployed_rows(addresses)))
    assert plan.summary()['removed'] == 0
    assert not ids_touched(plan) & {'*11', '*15', '*16', '*19', '*1C'}


def test_a_deployed_container_keeps_its_address():
    rows = default_rows()
    rows[VETH].append({'.id': '*20', 'name': 'veth-web', 'address': '172.17.0.77/24', 'gateway': '172.17.0.1',
                       'comment': '[rfc:stack=default]'})
    plan = plan_stack(parse_stack(SPEC), state_of(rows))
    assert plan.addresses['web'] == '172.17.0.77'
    veth = [item for item in plan.objects if item.kind == 'veth' and item.name == 'veth-web'][0]
    assert all(change.action != 'set' or 'address' not in change.after for change in veth.plan.changes)


def test_an_option_the_version_lacks_names_host_and_field():
    spec = copy.deepcopy(SPEC)
    spec['containers'][1]['memory_max'] = '256M'
    with pytest.raises(SpecError) as caught:
        plan_stack(parse_stack(spec), state_of(default_rows(), version='7.20.8'))
    assert 'host r1' in str(caught.value) and 'containers[web].memory_max' in str(caught.value)


def test_publishing_on_a_missing_interface_list_fails_before_any_write():
    spec = dict(SPEC, network={'publish_on': 'DMZ'})
    with pytest.raises(SpecError) as caught:
        plan_stack(parse_stack(spec), state_of(default_rows()))
    assert 'host r1' in str(caught.value) and 'containers[pihole].ports' in str(caught.value) and 'DMZ' in str(caught.value)


def test_diff_has_one_section_per_object_written_as_routeros_commands():
    spec = parse_stack(SPEC)
    addresses = plan_stack(spec, state_of(default_rows())).addresses
    plan = plan_stack(spec, state_of(_deployed_rows(addresses)))
    sections = plan.diff()
    headers = [section['before_header'] for section in sections]
    assert len(headers) == len(set(headers)) == len([item for item in plan.objects if item.plan])
    assert all(section['after_header'] == section['before_header'] for section in sections)
    removed = [section for section in sections if section['before_header'] == 'r1: port_forward old'][0]
    assert removed['after'] == '/ip/firewall/nat remove [find comment~"rfc:stack=default#old:tcp/2222]"]\n'
    veth = [section for section in sections if section['before_header'] == 'r1: veth veth-old'][0]
    assert veth['after'] == '/interface/bridge/port remove [find interface=veth-old]\n/interface/veth remove [find name=veth-old]\n'
    old = [section for section in sections if section['before_header'] == 'r1: container old'][0]
    assert old['after'] == ('/container stop [find name=old]\n/container remove [find name=old]\n'
                            '/container/envs remove [find list=old key=A]\n')
    assert plan.diff('r1.example')[0]['before_header'].startswith('r1.example: ')
