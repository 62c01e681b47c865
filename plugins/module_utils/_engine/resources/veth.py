# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A container's veth interface, and its port on a bridge."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    BRIDGE, BRIDGE_PORT, VETH, capability_version, supports)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import (
    check_gateway, check_interface_name, check_name, check_state, parse)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, owner_for
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Plan, plan_add, plan_remove, plan_update
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource


def _veth_address(value, field):
    text = str(value).strip()
    if '/' not in text:
        raise SpecError('%r needs a prefix length, e.g. %s/24' % (text, text), field=field)
    return parse(normalize.normalize_interface_address, text, field)


def _gateway(value, version, field):
    if value in (None, ''):
        return None
    address = parse(normalize.normalize_ip, value, field)
    if normalize.ip_version(address) != version:
        raise SpecError('%s is not an IPv%d address' % (address, version), field=field)
    return address


def validate_veth(params, field_prefix=''):
    """The veth part of a spec; shared with the stack, which names the field by its service."""
    name = check_interface_name(params.get('name'), field_prefix + 'name')
    addresses = None
    if params.get('addresses') is not None:
        addresses = [_veth_address(item, '%saddresses[%d]' % (field_prefix, index))
                     for index, item in enumerate(normalize.split_list(params.get('addresses')))]
        addresses = normalize.normalize_address_list(addresses)
    gateway = _gateway(params.get('gateway'), 4, field_prefix + 'gateway')
    gateway6 = _gateway(params.get('gateway6'), 6, field_prefix + 'gateway6')
    if addresses:
        check_gateway(gateway, addresses, field_prefix + 'gateway')
        check_gateway(gateway6, addresses, field_prefix + 'gateway6')
    bridge = params.get('bridge')
    if bridge is not None:
        bridge = check_name(bridge, field_prefix + 'bridge')
    return {
        'name': name,
        'addresses': addresses,
        'gateway': gateway,
        'gateway6': gateway6,
        'bridge': bridge,
        'comment': params.get('comment'),
    }


class Veth(Resource):
    name = 'veth'
    types = (VETH, BRIDGE, BRIDGE_PORT)

    def validate(self, params, owner=None):
        spec = validate_veth(params)
        spec['state'] = check_state(params)
        spec['owner'] = owner_for(self.name, spec['name'], owner)
        return spec

    def _check_version(self, spec, state):
        addresses = spec['addresses'] or []
        if len(addresses) > 1 and not supports('veth.several_addresses', state.version):
            raise SpecError('several addresses on one veth need RouterOS %s or later; this router runs %s'
                            % (capability_version('veth.several_addresses'), state.version), field='addresses', host=state.host)
        if any(normalize.ip_version(address) == 6 for address in addresses) and not supports('veth.ipv6_address', state.version):
            raise SpecError('IPv6 addresses on a veth need RouterOS %s or later; this router runs %s'
                            % (capability_version('veth.ipv6_address'), state.version), field='addresses', host=state.host)

    def plan(self, spec, state):
        plan = Plan(state.host)
        name = spec['name']
        marker = Marker(spec['owner'])
        veth = state.first(VETH, name=name)
        port = state.first(BRIDGE_PORT, interface=name)

        if spec['state'] == 'absent':
            if port is not None and not port.dynamic:
                plan.append(plan_remove(BRIDGE_PORT, port, '%s in %s' % (name, port.get('bridge'))))
            if veth is not None:
                plan.append(plan_remove(VETH, veth, name))
            return plan

        self._check_version(spec, state)
        wanted = {}
        if spec['addresses'] is not None:
            wanted['address'] = spec['addresses']
        for key in ('gateway', 'gateway6'):
            if spec[key] is not None:
                wanted[key] = spec[key]
        if veth is None:
            wanted['name'] = name
            plan.append(plan_add(state, VETH, wanted, name, marker=marker, user_comment=spec['comment'] or ''))
        else:
            plan.append(plan_update(state, VETH, veth, wanted, name, marker=marker, user_comment=spec['comment']))

        if spec['bridge'] is not None:
            if state.first(BRIDGE, name=spec['bridge']) is None:
                raise SpecError('bridge %s does not exist on this router; create it first (container_network does)'
                                % spec['bridge'], field='bridge', host=state.host)
            label = '%s in %s' % (name, spec['bridge'])
            if port is None:
                plan.append(plan_add(state, BRIDGE_PORT, {'interface': name, 'bridge': spec['bridge']}, label, marker=marker))
            else:
                plan.append(plan_update(state, BRIDGE_PORT, port, {'bridge': spec['bridge']}, label, marker=marker))
        return plan

    def report(self, spec, state):
        veth = state.first(VETH, name=spec['name'])
        if veth is None:
            return {'name': spec['name'], 'exists': False}
        port = state.first(BRIDGE_PORT, interface=spec['name'])
        return {
            'name': spec['name'],
            'exists': True,
            'id': veth.id,
            'addresses': veth.get('address') or [],
            'gateway': veth.get('gateway') or None,
            'gateway6': veth.get('gateway6') or None,
            'bridge': port.get('bridge') if port is not None else None,
            'comment': veth.user_comment,
            'managed': veth.owned_by(spec['owner']),
        }
