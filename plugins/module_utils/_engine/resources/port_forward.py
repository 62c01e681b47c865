# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The dstnat rules that publish one service's ports.

NAT rules have no name, so each rule we make carries ``[rfc:<owner>#<service>:<proto>/<port>]``
and is found again by that key: a changed rule is set in place, never added beside the old one.
What a rule matches is docker's ``-p``: traffic addressed to the router itself
(``dst-address-type=local``, or ``dst-address=<host_ip>`` when one address is given) arriving
on one interface list, ``LAN`` unless the user names another (``WAN`` for the internet side).
A dstnat rule without a destination match would capture every LAN client's traffic to that
port on any address of the internet (ROUTEROS.md, "NAT"). Rules written by earlier versions
without the destination match carry the same marker key and are set in place.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.ports import parse_ports, ranges_overlap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import FIREWALL_NAT, INTERFACE_LIST, IP_SERVICE
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_name, check_state, parse
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, owner_for, quote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import (
    Plan, plan_add, plan_move, plan_remove, plan_update)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource

DEFAULT_INTERFACE_LIST = 'LAN'
# The router's own addresses, whatever they are (a WAN address from DHCP changes).
LOCAL_DESTINATION = 'local'
# dst_address_type value that drops the destination match: every destination (the old rules).
ANY_DESTINATION = 'any'
PLACE_BEFORE_UNMANAGED = 'unmanaged'
PLACE_AT_END = 'end'
_SCOPE_FIELDS = ('in_interface_list', 'dst_address', 'dst_address_type')


def validate_rules(rules, field='rules'):
    """The rules as Ports (_schema/ports.py): ``8080:80/udp``, ``{port, to_port, protocol}``, or
    Ports the stack already parsed; two rules that share a public port are an error."""
    return parse_ports(list(rules or []), field, compose=False)


class PortForward(Resource):
    name = 'port_forward'
    types = (FIREWALL_NAT, INTERFACE_LIST, IP_SERVICE)

    def validate(self, params, owner=None):
        name = check_name(params.get('name'), 'name')
        state = check_state(params)
        to_address = None
        if params.get('to_address'):
            to_address = parse(normalize.normalize_ip, params['to_address'], 'to_address')
            if normalize.ip_version(to_address) != 4:
                raise SpecError('/ip/firewall/nat forwards IPv4 only; %s is IPv6' % to_address, field='to_address')
        elif state == 'present':
            raise SpecError('to_address (the container address) is required with state=present', field='to_address')
        dst_address = None
        if params.get('dst_address'):
            dst_address = parse(normalize.normalize_ip, params['dst_address'], 'dst_address')
        in_interface_list = params.get('in_interface_list')
        if in_interface_list is None:
            in_interface_list = DEFAULT_INTERFACE_LIST
        in_interface_list = check_name(in_interface_list, 'in_interface_list')
        dst_address_type = params.get('dst_address_type')
        if dst_address_type is None:
            dst_address_type = '' if dst_address else LOCAL_DESTINATION
        elif dst_address_type == ANY_DESTINATION:
            dst_address_type = ''
        else:
            dst_address_type = check_name(dst_address_type, 'dst_address_type')
        if dst_address and dst_address_type:
            raise SpecError('give dst_address or dst_address_type, not both', field='dst_address_type')
        rules = validate_rules(params.get('rules'))
        if state == 'present' and not rules:
            raise SpecError('at least one rule is needed with state=present (state=absent removes the service)', field='rules')
        return {
            'name': name,
            'to_address': to_address,
            'rules': rules,
            'in_interface_list': in_interface_list or '',
            'dst_address': dst_address or '',
            'dst_address_type': dst_address_type,
            'place_before': params.get('place_before') or PLACE_BEFORE_UNMANAGED,
            'comment': params.get('comment') or '',
            'allow_service_ports': bool(params.get('allow_service_ports')),
            'state': state,
            'owner': owner_for(self.name, name, owner),
        }

    # --- planning -----------------------------------------------------------------------------

    def _key_prefix(self, spec):
        return quote(spec['name']) + ':'

    def _ours(self, spec, row):
        return row.owned_by(spec['owner']) and (row.marker.key or '').startswith(self._key_prefix(spec))

    def _check_conflicts(self, spec, state, plan):
        """Another owner's rule on our port is refused; a hand-made one is warned about and returned:
        it stays in front of ours (the user made it on purpose, and it matched first before)."""
        overlapping = []
        for row in state.find(FIREWALL_NAT, chain='dstnat'):
            if row.dynamic or self._ours(spec, row) or row.get('action') not in ('dst-nat', 'netmap'):
                continue
            if row.get('dst_port') in (None, '') or row.get('protocol') in (None, ''):
                continue
            scope_overlaps = all(not row.get(key) or not spec[key] or row.get(key) == spec[key] for key in _SCOPE_FIELDS)
            if not scope_overlaps:
                continue
            for mapping in spec['rules']:
                if row.get('protocol') != mapping.protocol:
                    continue
                if not any(ranges_overlap(part, mapping.published) for part in row.get('dst_port').split(',')):
                    continue
                claim = '%s/%s' % (mapping.protocol, mapping.published)
                if row.marker is not None:
                    raise SpecError('%s is already published by %s (rule %s, %s); two services cannot share a public port'
                                    % (claim, row.marker.text(), row.id, row.get('to_addresses')),
                                    field='rules', host=state.host)
                plan.warnings.append('router %s: port_forward %s: %s is also forwarded by NAT rule %s (%s, to %s%s), which '
                                     'this collection did not create; that rule stays first and takes the traffic it '
                                     'matches, ours is placed after it'
                                     % (state.host, spec['name'], claim, row.id,
                                        'comment "%s"' % row.user_comment if row.user_comment else 'no comment',
                                        row.get('to_addresses') or '?', ':%s' % row.get('to_ports') if row.get('to_ports') else ''))
                if row not in overlapping:
                    overlapping.append(row)
        return overlapping

    def _check_service_ports(self, spec, state):
        """A dstnat rule on a port the router itself serves takes that service away (winbox, the API
        Ansible is using, WebFig): refused before any write unless the user says so."""
        if spec['allow_service_ports'] or not state.has_type(IP_SERVICE):
            return
        for service in state.rows(IP_SERVICE):
            port = service.get('port')
            if service.disabled or port in (None, ''):
                continue
            for mapping in spec['rules']:
                if mapping.protocol == 'tcp' and ranges_overlap(str(port), mapping.published):
                    raise SpecError('tcp/%s is the port of the router\'s own %s service: publishing it would send %s '
                                    'connections to the router into the container. Publish another port, move or '
                                    'disable the service, or set allow_service_ports to do it anyway'
                                    % (mapping.published, service.get('name'), service.get('name')),
                                    field='rules', host=state.host)

    def _anchor(self, spec, state, after=()):
        """Where new rules go: the id to place them before, or None for the end of the chain;
        never before a rule of ``after`` (hand-made rules on our ports stay first)."""
        rows = [row for row in state.rows(FIREWALL_NAT) if not row.dynamic]
        last = max([index for index, row in enumerate(rows) if any(row is other for other in after)] or [-1])
        rows = rows[last + 1:]
        if spec['place_before'] == PLACE_AT_END:
            return None
        if spec['place_before'] == PLACE_BEFORE_UNMANAGED:
            for row in rows:
                if row.get('chain') == 'dstnat' and row.marker is None:
                    return row
            return None
        for row in rows:
            if spec['place_before'] in (row.user_comment, row.get('comment')):
                return row
        raise SpecError('no NAT rule has the comment %r to place the rules before' % spec['place_before'],
                        field='place_before', host=state.host)

    def plan(self, spec, state):
        plan = Plan(state.host)
        ours = [row for row in state.rows(FIREWALL_NAT) if self._ours(spec, row)]
        if spec['state'] == 'absent':
            for row in ours:
                plan.append(plan_remove(FIREWALL_NAT, row, '%s %s' % (spec['name'], row.marker.key)))
            return plan

        if spec['in_interface_list'] and state.first(INTERFACE_LIST, name=spec['in_interface_list']) is None:
            raise SpecError('interface list %s does not exist on this router; create it, or scope the rules with '
                            'dst_address' % spec['in_interface_list'], field='in_interface_list', host=state.host)
        self._check_service_ports(spec, state)
        overlapping = self._check_conflicts(spec, state, plan)
        anchor = self._anchor(spec, state, after=overlapping)
        order = dict((id(row), index) for index, row in enumerate(state.rows(FIREWALL_NAT)))
        last_overlap = max([order[id(row)] for row in overlapping] or [-1])
        by_key = {}
        for row in ours:
            by_key.setdefault(row.marker.key, row)

        wanted_keys = set()
        for mapping in spec['rules']:
            key = self._key_prefix(spec) + quote(mapping.rule_key)
            wanted_keys.add(key)
            marker = Marker(spec['owner'], key)
            label = '%s %s' % (spec['name'], mapping.rule_key)
            wanted = {
                'chain': 'dstnat', 'action': 'dst-nat', 'protocol': mapping.protocol, 'dst_port': mapping.published,
                'to_addresses': spec['to_address'], 'to_ports': mapping.target,
                'in_interface_list': spec['in_interface_list'], 'dst_address': spec['dst_address'],
                'dst_address_type': spec['dst_address_type'],
            }
            row = by_key.get(key)
            if row is None:
                change = plan_add(state, FIREWALL_NAT, dict((k, v) for k, v in wanted.items() if v != ''), label,
                                  marker=marker, user_comment=spec['comment'])
                if anchor is not None:
                    change.attrs['place-before'] = anchor.id
                plan.append(change)
                continue
            change = plan_update(state, FIREWALL_NAT, row, wanted, label, marker=marker, user_comment=spec['comment'] or None)
            if change is not None:
                # An empty scope field is unset, not set to an empty string RouterOS would refuse.
                for ros_name, value in list(change.attrs.items()):
                    if value == '':
                        change.attrs[ros_name] = None
            plan.append(change)
            if (spec['place_before'] == PLACE_BEFORE_UNMANAGED and anchor is not None
                    and order.get(id(row), -1) > order.get(id(anchor), -1)) or order.get(id(row), -1) < last_overlap:
                plan.append(plan_move(FIREWALL_NAT, row, anchor.id if anchor is not None else None, label))

        for row in ours:
            if row.marker.key not in wanted_keys or by_key[row.marker.key] is not row:
                plan.append(plan_remove(FIREWALL_NAT, row, '%s %s' % (spec['name'], row.marker.key)))
        return plan

    def report(self, spec, state):
        rules = []
        for row in state.rows(FIREWALL_NAT):
            if not self._ours(spec, row):
                continue
            rules.append({
                'id': row.id,
                'protocol': row.get('protocol'),
                'port': row.get('dst_port'),
                'to_address': row.get('to_addresses'),
                'to_port': row.get('to_ports'),
                'in_interface_list': row.get('in_interface_list') or None,
                'dst_address': row.get('dst_address') or None,
                'dst_address_type': row.get('dst_address_type') or None,
                'disabled': row.disabled,
            })
        return {'name': spec['name'], 'exists': bool(rules), 'rules': rules}
