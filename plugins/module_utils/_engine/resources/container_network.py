# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The network containers sit in: a bridge, the router's address on it, the srcnat masquerade for
the subnet, and input rules so containers can reach router services (DNS...) that the default
firewall would drop. Rules are keyed ``<network>:masquerade`` and ``<network>:input/udp/53``.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    BRIDGE, FIREWALL_FILTER, FIREWALL_NAT, IP_ADDRESS)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_name, check_state, parse
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, owner_for, quote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import (
    Plan, plan_add, plan_move, plan_remove, plan_update)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource

try:
    import netaddr
except ImportError:  # pragma: no cover - normalize reports the missing library on first use
    netaddr = None

# What a container usually needs from its router, by the names users know.
ROUTER_SERVICES = {
    'dns': (('udp', '53'), ('tcp', '53')),
    'ntp': (('udp', '123'),),
    'http': (('tcp', '80'),),
    'https': (('tcp', '443'),),
    'ssh': (('tcp', '22'),),
    'winbox': (('tcp', '8291'),),
    'api': (('tcp', '8728'),),
    'api-ssl': (('tcp', '8729'),),
    'snmp': (('udp', '161'),),
    'syslog': (('udp', '514'),),
}


def parse_service(value, where):
    """`dns`, or `tcp/8080`, `udp/5000-5010`: a list of (protocol, ports)."""
    text = str(value).strip().lower()
    if text in ROUTER_SERVICES:
        return list(ROUTER_SERVICES[text])
    protocol, sep, ports = text.partition('/')
    if not sep or protocol not in ('tcp', 'udp'):
        raise SpecError('%r is neither a known service (%s) nor protocol/port such as tcp/8080'
                        % (value, ', '.join(sorted(ROUTER_SERVICES))), field=where)
    return [(protocol, parse(normalize.normalize_port_range, ports, where))]


def validate_network(params, field_prefix=''):
    name = check_name(params.get('name'), field_prefix + 'name')
    network = parse(normalize.parse_subnet, params.get('subnet') or '', field_prefix + 'subnet')
    subnet = str(network)
    gateway = params.get('gateway') or network.network + 1
    gateway = str(parse(lambda value: normalize.host_address(value, network, 'gateway'), gateway, field_prefix + 'gateway'))
    services = []
    seen = set()
    for index, item in enumerate(params.get('router_services') or []):
        for protocol, ports in parse_service(item, '%srouter_services[%d]' % (field_prefix, index)):
            if (protocol, ports) not in seen:
                seen.add((protocol, ports))
                services.append((protocol, ports))
    return {
        'name': name,
        'subnet': subnet,
        'gateway': gateway,
        'address': '%s/%d' % (gateway, network.prefixlen),
        'masquerade': params.get('masquerade', True) is not False,
        'router_services': services,
        'comment': params.get('comment') or '',
    }


class ContainerNetwork(Resource):
    name = 'container_network'
    types = (BRIDGE, IP_ADDRESS, FIREWALL_NAT, FIREWALL_FILTER)

    def validate(self, params, owner=None):
        spec = validate_network(params)
        spec['state'] = check_state(params)
        spec['owner'] = owner_for(self.name, spec['name'], owner)
        return spec

    def _key(self, spec, suffix):
        return '%s:%s' % (quote(spec['name']), suffix)

    def _mine(self, spec, object_type, state, key=None):
        rows = [row for row in state.rows(object_type) if row.owned_by(spec['owner'])]
        if key is not None:
            rows = [row for row in rows if row.marker.key == key]
        else:
            prefix = self._key(spec, '')
            rows = [row for row in rows if (row.marker.key or '').startswith(prefix)]
        return rows

    def _check_overlap(self, spec, state):
        """Another interface with an address in this subnet would make routing ambiguous."""
        network = netaddr.IPNetwork(spec['subnet'])
        for row in state.rows(IP_ADDRESS):
            address = row.get('address') or ''
            if row.get('interface') == spec['name'] or not address or row.dynamic:
                continue
            try:
                other = netaddr.IPNetwork(address)
            except (netaddr.AddrFormatError, ValueError):
                continue
            if other.version == 4 and (other.ip in network or network.ip in other.cidr):
                raise SpecError('%s overlaps %s on interface %s' % (spec['subnet'], address, row.get('interface')),
                                field='subnet', host=state.host)

    def plan(self, spec, state):
        plan = Plan(state.host)
        if spec['state'] == 'absent':
            return self._plan_absent(spec, state, plan)
        self._check_overlap(spec, state)
        marker = Marker(spec['owner'], self._key(spec, 'bridge'))
        bridge = state.first(BRIDGE, name=spec['name'])
        if bridge is None:
            plan.append(plan_add(state, BRIDGE, {'name': spec['name']}, spec['name'], marker=marker,
                                 user_comment=spec['comment']))

        address_key = self._key(spec, 'address')
        mine = self._mine(spec, IP_ADDRESS, state, address_key)
        wanted = {'address': spec['address'], 'interface': spec['name']}
        if mine:
            plan.append(plan_update(state, IP_ADDRESS, mine[0], wanted, spec['address'], marker=Marker(spec['owner'], address_key)))
        elif not state.find(IP_ADDRESS, **wanted):
            plan.append(plan_add(state, IP_ADDRESS, wanted, '%s on %s' % (spec['address'], spec['name']),
                                 marker=Marker(spec['owner'], address_key), user_comment=spec['comment']))

        masquerade_key = self._key(spec, 'masquerade')
        mine = self._mine(spec, FIREWALL_NAT, state, masquerade_key)
        existing = self._equivalent_masquerade(spec, state) if not mine else None
        if spec['masquerade'] and existing is not None:
            # Someone's rule already masquerades this subnet: a second one would only shadow it.
            plan.warnings.append('container_network %s: %s is already masqueraded by rule %s (%s); using it, adding none'
                                 % (spec['name'], spec['subnet'], existing.id,
                                    existing.marker.owner if existing.marker is not None else existing.user_comment or 'no comment'))
        elif spec['masquerade']:
            wanted = {'chain': 'srcnat', 'action': 'masquerade', 'src_address': spec['subnet']}
            label = 'masquerade %s' % spec['subnet']
            if mine:
                plan.append(plan_update(state, FIREWALL_NAT, mine[0], wanted, label, marker=Marker(spec['owner'], masquerade_key)))
            else:
                plan.append(plan_add(state, FIREWALL_NAT, wanted, label, marker=Marker(spec['owner'], masquerade_key),
                                     user_comment=spec['comment']))
        for row in (mine[1:] if spec['masquerade'] else mine):
            plan.append(plan_remove(FIREWALL_NAT, row, 'masquerade %s' % row.get('src_address')))

        self._plan_input_rules(spec, state, plan)
        return plan

    def _equivalent_masquerade(self, spec, state):
        """An enabled srcnat masquerade of exactly this subnet that is not ours, or None."""
        for row in state.find(FIREWALL_NAT, chain='srcnat', action='masquerade'):
            if row.disabled or row.dynamic or row.owned_by(spec['owner']):
                continue
            if row.get('src_address') == spec['subnet'] and not row.get('out_interface') and not row.get('out_interface_list'):
                return row
        return None

    def _first_drop(self, state):
        for row in state.rows(FIREWALL_FILTER):
            if not row.dynamic and row.get('chain') == 'input' and row.get('action') in ('drop', 'reject'):
                return row
        return None

    def _plan_input_rules(self, spec, state, plan):
        mine = dict((row.marker.key, row) for row in self._mine(spec, FIREWALL_FILTER, state)
                    if row.marker.key.startswith(self._key(spec, 'input/')))
        drop = self._first_drop(state)
        order = dict((id(row), index) for index, row in enumerate(state.rows(FIREWALL_FILTER)))
        wanted_keys = set()
        for protocol, ports in spec['router_services']:
            key = self._key(spec, 'input/%s/%s' % (protocol, ports))
            wanted_keys.add(key)
            marker = Marker(spec['owner'], key)
            label = 'input %s/%s from %s' % (protocol, ports, spec['subnet'])
            wanted = {'chain': 'input', 'action': 'accept', 'protocol': protocol, 'dst_port': ports,
                      'src_address': spec['subnet']}
            row = mine.get(key)
            if row is None:
                change = plan_add(state, FIREWALL_FILTER, wanted, label, marker=marker, user_comment=spec['comment'])
                if drop is not None:
                    change.attrs['place-before'] = drop.id
                plan.append(change)
                continue
            plan.append(plan_update(state, FIREWALL_FILTER, row, wanted, label, marker=marker))
            if drop is not None and order.get(id(row), -1) > order.get(id(drop), -1):
                plan.append(plan_move(FIREWALL_FILTER, row, drop.id, label))
        for key, row in mine.items():
            if key not in wanted_keys:
                plan.append(plan_remove(FIREWALL_FILTER, row, 'input %s/%s' % (row.get('protocol'), row.get('dst_port'))))

    def _plan_absent(self, spec, state, plan):
        for object_type in (FIREWALL_FILTER, FIREWALL_NAT, IP_ADDRESS):
            for row in self._mine(spec, object_type, state):
                plan.append(plan_remove(object_type, row, row.marker.key))
        bridge = state.first(BRIDGE, name=spec['name'])
        if bridge is not None:
            if bridge.owned_by(spec['owner']):
                plan.append(plan_remove(BRIDGE, bridge, spec['name']))
            else:
                plan.warnings.append('container_network %s: kept bridge %s, which this module did not create'
                                     % (spec['name'], spec['name']))
        return plan

    def report(self, spec, state):
        bridge = state.first(BRIDGE, name=spec['name'])
        masquerade = self._mine(spec, FIREWALL_NAT, state, self._key(spec, 'masquerade'))
        rules = self._mine(spec, FIREWALL_FILTER, state)
        return {
            'name': spec['name'],
            'exists': bridge is not None,
            'subnet': spec['subnet'],
            'gateway': spec['gateway'],
            'addresses': [row.get('address') for row in state.find(IP_ADDRESS, interface=spec['name'])],
            'masquerade': bool(masquerade),
            'router_services': ['%s/%s' % (row.get('protocol'), row.get('dst_port')) for row in rules],
            'managed': bridge is not None and bridge.owned_by(spec['owner']),
        }
