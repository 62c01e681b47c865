# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The RouterOS menus the resource modules manage, as data.

Each ``(since, ros_name)`` step below is taken from the real ``/console/inspect`` trees of
7.15.3 .. 7.24 (tests/unit checks every name against them). Only what the modules read or
write is listed: a field the tables leave out is never printed, compared or sent.
``read_only`` fields are printed state (``dynamic``), never sent.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import Field, ObjectType
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion


def _comment():
    return Field('comment', 'comment', default='')


def _disabled(since='7.15'):
    return Field('disabled', ((since, 'disabled'),), kind='bool', default=False)


def _dynamic():
    return Field('dynamic', 'dynamic', kind='bool', default=False, read_only=True)


CONTAINER_ENVS = ObjectType('envs', '/container/envs', (
    Field('list', (('7.15', 'name'), ('7.20', 'list')), doc='the env list a container refers to'),
    Field('key', 'key'),
    Field('value', 'value'),
    _disabled('7.21'),
    _comment(),
), identity=('list', 'key'))

# Before 7.21 each mount was an item of its own with a unique `name`, listed one by one in the
# container's `mounts=`; the `list` field then carries that name (see capability
# mounts.shared_list_name and resources/mountlist.py for how a list is spread over names).
CONTAINER_MOUNTS = ObjectType('mounts', '/container/mounts', (
    Field('list', (('7.15', 'name'), ('7.21', 'list'))),
    Field('src', 'src', kind='path'),
    Field('dst', 'dst', kind='path'),
    Field('read_only', (('7.20', 'read-only'), ('7.23', None)), kind='bool', default=False),
    Field('mode', (('7.23', 'mode'),), default='rw', doc='rw or ro; replaces read-only'),
    _disabled('7.21'),
    _comment(),
), identity=('list', 'dst'))

CONTAINER_CONFIG = ObjectType('config', '/container/config', (
    Field('registry_url', 'registry-url', default=''),
    # 7.20+ print no registry-url until one is set, only the registry they fall back to.
    Field('assumed_registry_url', 'assumed-registry-url', default='', read_only=True),
    Field('username', 'username', default=''),
    Field('password', 'password', default='', secret=True),
    Field('tmpdir', 'tmpdir', kind='path', default=''),
    Field('layer_dir', 'layer-dir', kind='path', default=''),
    Field('memory_high', (('7.15', 'ram-high'), ('7.20', 'memory-high')), kind='size', default=0),
    Field('memory_max', (('7.23', 'memory-max'),), kind='size', default=0),
    Field('swap_max', (('7.24', 'swap-max'),), kind='size', default=0),
), identity=())

VETH = ObjectType('veth', '/interface/veth', (
    Field('name', 'name'),
    Field('address', 'address', kind='addresses', default=[]),
    Field('gateway', 'gateway', kind='address', default=''),
    Field('gateway6', 'gateway6', kind='address', default=''),
    Field('dhcp', (('7.20', 'dhcp'),), kind='bool', default=False),
    Field('mac_address', (('7.20', 'mac-address'),)),
    Field('container_mac_address', (('7.21', 'container-mac-address'),)),
    _disabled(),
    _comment(),
), identity=('name',))

BRIDGE = ObjectType('bridge', '/interface/bridge', (
    Field('name', 'name'),
    _disabled(),
    _comment(),
), identity=('name',))

BRIDGE_PORT = ObjectType('bridge_port', '/interface/bridge/port', (
    Field('interface', 'interface'),
    Field('bridge', 'bridge'),
    _disabled(),
    _dynamic(),
    _comment(),
), identity=('interface',))

INTERFACE_LIST = ObjectType('interface_list', '/interface/list', (
    Field('name', 'name'),
    Field('include', 'include', kind='set', default=[]),
    Field('exclude', 'exclude', kind='set', default=[]),
    _comment(),
), identity=('name',))

INTERFACE_LIST_MEMBER = ObjectType('interface_list_member', '/interface/list/member', (
    Field('list', 'list'),
    Field('interface', 'interface'),
    _disabled(),
    _dynamic(),
    _comment(),
), identity=('list', 'interface'))

IP_ADDRESS = ObjectType('ip_address', '/ip/address', (
    Field('address', 'address', kind='address'),
    Field('interface', 'interface'),
    Field('network', 'network', kind='address'),
    _disabled(),
    _dynamic(),
    _comment(),
), identity=('address', 'interface'))

_FIREWALL_COMMON = (
    Field('chain', 'chain'),
    Field('action', 'action', default='accept'),
    Field('protocol', 'protocol', default=''),
    Field('src_address', 'src-address', kind='address', default=''),
    Field('dst_address', 'dst-address', kind='address', default=''),
    Field('dst_address_type', 'dst-address-type', default=''),
    Field('dst_port', 'dst-port', kind='ports', default=''),
    Field('in_interface', 'in-interface', default=''),
    Field('in_interface_list', 'in-interface-list', default=''),
    Field('out_interface', 'out-interface', default=''),
    Field('out_interface_list', 'out-interface-list', default=''),
    _disabled(),
    _dynamic(),
    _comment(),
)

FIREWALL_NAT = ObjectType('nat', '/ip/firewall/nat', _FIREWALL_COMMON + (
    Field('to_addresses', 'to-addresses', kind='address', default=''),
    Field('to_ports', 'to-ports', kind='ports', default=''),
), ordered=True)

FIREWALL_FILTER = ObjectType('filter', '/ip/firewall/filter', _FIREWALL_COMMON + (
    Field('connection_state', 'connection-state', kind='set', default=[]),
), ordered=True)

# The router's own services (api, winbox, ssh, www, ...): their ports are not ours to publish.
IP_SERVICE = ObjectType('ip_service', '/ip/service', (
    Field('name', 'name', read_only=True),
    Field('port', 'port', kind='int'),
    _disabled(),
), identity=('name',))

ALL_TYPES = (CONTAINER_ENVS, CONTAINER_MOUNTS, CONTAINER_CONFIG, VETH, BRIDGE, BRIDGE_PORT, INTERFACE_LIST,
             INTERFACE_LIST_MEMBER, IP_ADDRESS, FIREWALL_NAT, FIREWALL_FILTER)

# Behaviour that changed without a property appearing or going: what a value may be, not
# which property carries it. Same idea as the field steps: the first version that can.
CAPABILITIES = {
    'veth.several_addresses': '7.20',
    'veth.ipv6_address': '7.20',
    # From 7.21 the mounts of one list share the list name; before, each mount's name is unique.
    'mounts.shared_list_name': '7.21',
    # A container refers to several env lists / veths (`envlists`, `interface` a list).
    'container.several_envlists': '7.20',
    'container.several_interfaces': '7.20',
    # Container output has a menu of its own (/log is read before).
    'container.log_menu': '7.20',
}


def supports(capability, version):
    return RouterOSVersion.parse(version) >= RouterOSVersion.parse(CAPABILITIES[capability])


def capability_version(capability):
    return CAPABILITIES[capability]
